#!/usr/bin/env python3
"""Regenerate connectome_reference_cases.json, the fixture of ConnectomeReferenceTests.swift.

For each case it runs the reference script ../shared/peers/connectome_reference.py with the
recorded arguments and stores its JSON line, then re-runs the same case through the script's own
functions (load_connectome, GradedNetwork, integrate / integrate_bdf, imported from the file) to
store the full final V and s vectors and Vth of all 279 neurons, and checks that they reproduce
the script's printed values exactly.

    /tmp/peers-venv/bin/python Tests/L2LNetworksTests/Fixtures/connectome_reference_generate.py \
        --reference ../shared/peers/connectome_reference.py --data-dir data/connectome
"""
import argparse
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = [
    ["--params", "kunert2014", "--method", "rk4", "--dt", "0.1", "--duration", "200"],
    ["--params", "interactome", "--method", "rk4", "--dt", "0.1", "--duration", "200",
     "--stimulate", "AVBL,AVBR", "--current", "500", "--inhibitory", "wang2024-gaba"],
    ["--params", "kunert2014", "--method", "euler", "--dt", "0.1", "--duration", "200",
     "--stimulate", "AVBL,AVBR", "--current", "500"],
    ["--params", "kunert2014", "--method", "bdf", "--duration", "200"],
    ["--params", "kunert2014", "--method", "rk4", "--dt", "0.1", "--duration", "1000"],
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reference", type=Path, required=True)
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=HERE / "connectome_reference_cases.json")
    args = ap.parse_args()
    spec = importlib.util.spec_from_file_location("connectome_reference", args.reference)
    ref = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ref)
    cases = []
    for extra in CASES:
        argv = ["--data-dir", str(args.data_dir)] + extra
        cmd = ["python", "connectome_reference.py"] + extra
        out = subprocess.run([sys.executable, str(args.reference)] + argv, capture_output=True, text=True, check=True)
        printed = json.loads(out.stdout.strip().splitlines()[-1])
        opts = dict(zip(extra[0::2], extra[1::2]))
        stim = [s for s in opts.get("--stimulate", "PLML,PLMR").split(",") if s]
        current_pa = float(opts.get("--current", 2000.0))
        names, index, n_gap, n_syn, inh = ref.load_connectome(args.data_dir, opts.get("--inhibitory", "kunert26"))
        current = ref.np.zeros(len(names))
        current[[index[n] for n in stim]] = current_pa
        net = ref.GradedNetwork(n_gap, n_syn, inh, current, ref.PARAMETER_SETS[opts["--params"]])
        v, s = net.v_rest.copy(), ref.np.full(len(names), net.s_eq)
        t_end = float(opts["--duration"]) / 1000.0
        if opts["--method"] == "bdf":
            v, s, _ = ref.integrate_bdf(net, v, s, t_end)
        else:
            dt = float(opts["--dt"]) / 1000.0
            v, s = ref.integrate(net, v, s, dt, round(t_end / dt), opts["--method"])
        for n in ref.REPORTED:
            assert float(v[index[n]]) == printed["v_final_mv"][n], (extra, n)
            assert float(net.v_th[index[n]]) == printed["v_th_mv"][n], (extra, n)
        assert float(v.mean()) == printed["v_mean_mv"]
        for key in ("wall_s", "steps_per_s", "rhs_evaluations_per_s", "setup_s"):
            printed.pop(key, None)   # timings: not part of the fixture
        cases.append({
            "command": " ".join(cmd), "reference_output": printed,
            "names": names, "v_final_mv": v.tolist(), "s_final": s.tolist(),
            "v_th_mv": net.v_th.tolist(), "v_rest_mv": net.v_rest.tolist(),
        })
    doc = {
        "generator": "Tests/L2LNetworksTests/Fixtures/connectome_reference_generate.py",
        "reference": "../shared/peers/connectome_reference.py (NumPy/SciPy, Kunert et al. 2014 on Varshney 2011)",
        "data": "data/connectome/varshney2011_{neurons,edges}.csv",
        "cases": cases,
    }
    args.out.write_text(json.dumps(doc, indent=None, separators=(",", ":")) + "\n")
    print(f"wrote {args.out} ({len(cases)} cases)", file=sys.stderr)


if __name__ == "__main__":
    main()
