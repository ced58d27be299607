#!/usr/bin/env python3
"""The NumPy/SciPy connectome reference (../shared/peers/connectome_reference.py) in float32.

For comparing l2l's single-precision time loop (`l2l bench connectome --precision single`) with the
reference at the same precision: the reference's own network is built as it builds it (float64
equilibria and thresholds), then its matrices, vectors and constants are cast to float32 and its own
`integrate` runs the fixed-step loop. Prints one JSON object with `steps_per_s` (as the reference)
and the final voltages of AVAL, AVAR, AVBL, AVBR.

    /tmp/peers-venv/bin/python bench/connectome/reference_float32.py --duration 300 --data-dir data/connectome
"""
import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

import numpy as np

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "peers" / "connectome_reference.py"


def load_reference(path):
    spec = importlib.util.spec_from_file_location("connectome_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reference", type=Path, default=REFERENCE)
    ap.add_argument("--method", choices=["euler", "rk4"], default="rk4")
    ap.add_argument("--dt", type=float, default=0.1, help="fixed step, ms")
    ap.add_argument("--duration", type=float, default=1000.0, help="simulated time, ms")
    ap.add_argument("--data-dir", type=Path, required=True)
    args = ap.parse_args()
    ref = load_reference(args.reference)
    names, index, n_gap, n_syn, inh = ref.load_connectome(args.data_dir, "kunert26")
    current = np.zeros(len(names))
    current[[index["PLML"], index["PLMR"]]] = 2000.0
    net = ref.GradedNetwork(n_gap, n_syn, inh, current, ref.PARAMETER_SETS["kunert2014"])
    f32 = np.float32
    net.p = {k: f32(v) for k, v in net.p.items()}
    for name in ("gap_total", "v_th", "input_fa"):
        setattr(net, name, getattr(net, name).astype(f32))
    for name in ("sp_gap", "sp_syn", "sp_syn_e"):
        setattr(net, name, getattr(net, name).astype(f32))
    v, s = net.v_rest.astype(f32), np.full(len(names), net.s_eq, dtype=f32)
    steps = round(args.duration / args.dt)
    t1 = time.perf_counter()
    v, s = ref.integrate(net, v, s, f32(args.dt / 1000.0), steps, args.method)
    wall = time.perf_counter() - t1
    if v.dtype != f32:
        sys.exit(f"the loop left float32 (V is {v.dtype})")
    print(json.dumps({"precision": "single", "method": args.method, "dt_ms": args.dt, "duration_ms": args.duration,
                      "steps": steps, "wall_s": round(wall, 6), "steps_per_s": round(steps / wall, 1),
                      "v_final_mv": {n: float(v[index[n]]) for n in ref.REPORTED},
                      "numpy": np.__version__}))


if __name__ == "__main__":
    main()
