#!/usr/bin/env python3
"""Run l2l's connectome benchmark beside the NumPy/SciPy reference and print the speed ratio.

The reference is ../../../shared/peers/connectome_reference.py (Kunert et al. 2014 on Varshney et
al. 2011; install its requirements per ../../../shared/peers/README.md and pass that python with
--python). Both sides simulate the same run: 2,000 pA into PLML and PLMR from rest, --duration ms
with a fixed step. Every process is pinned to one core (taskset -c CORE) with OMP_NUM_THREADS=1;
each row is the median of --reps runs. The l2l member 0 has the prior weights, so its final
voltages must equal the reference's (the script prints the largest relative difference).

    swift build -c release
    python3 bench/connectome/compare.py --python /tmp/peers-venv/bin/python --batches 1,64 \
        --l2l ".build/release/l2l bench connectome --json --batch {batch} --method {method} --dt {dt} --duration {duration} --params {params}"

The --l2l command must print one JSON object (ConnectomeBenchmarkResult) on stdout.
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PEER = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "peers", "connectome_reference.py"))
DATA = os.path.normpath(os.path.join(HERE, "..", "..", "data", "connectome"))


def run_json(cmd, core):
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    out = subprocess.run(["taskset", "-c", str(core)] + cmd, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        sys.exit(f"failed ({out.returncode}): {' '.join(cmd)}\n{out.stderr}")
    lines = [l for l in out.stdout.splitlines() if l.strip().startswith("{")]
    return json.loads(lines[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--python", default=sys.executable, help="python of the peers' virtual environment")
    ap.add_argument("--peer-script", default=PEER)
    ap.add_argument("--data-dir", default=DATA)
    ap.add_argument("--l2l", required=True, help="command template with {batch} {method} {dt} {duration} {params}")
    ap.add_argument("--methods", default="rk4,euler")
    ap.add_argument("--batches", default="1,64")
    ap.add_argument("--params", default="kunert2014")
    ap.add_argument("--dt", type=float, default=0.1)
    ap.add_argument("--duration", type=float, default=1000.0)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--core", type=int, default=0)
    args = ap.parse_args()

    print(f"params {args.params}, dt {args.dt} ms, {args.duration:.0f} ms simulated, PLML+PLMR 2000 pA, "
          f"taskset -c {args.core}, OMP_NUM_THREADS=1, median of {args.reps}")
    print("| method | simulator | batch | network steps/s | wall s | ratio to reference | max rel. diff. of V_final |")
    print("|---|---|---|---|---|---|---|")
    for method in [m for m in args.methods.split(",") if m]:
        ref_cmd = [args.python, args.peer_script, "--params", args.params, "--method", method, "--dt", str(args.dt),
                   "--duration", str(args.duration), "--data-dir", args.data_dir]
        refs = [run_json(ref_cmd, args.core) for _ in range(args.reps)]
        ref_rate = statistics.median(r["steps_per_s"] for r in refs)
        ref_v = refs[0]["v_final_mv"]
        print(f"| {method} | reference (NumPy {refs[0]['numpy']}, SciPy {refs[0]['scipy']}) | 1 | {ref_rate:,.0f} | "
              f"{statistics.median(r['wall_s'] for r in refs):.3f} | 1 | |")
        for batch in [int(b) for b in args.batches.split(",") if b]:
            cmd = shlex.split(args.l2l.format(batch=batch, method=method, dt=args.dt, duration=args.duration,
                                              params=args.params))
            runs = [run_json(cmd, args.core) for _ in range(args.reps)]
            rate = statistics.median(r["networkStepsPerS"] for r in runs)
            diff = max(abs(runs[0]["vFinalMv"][n] - v) / max(abs(v), 1.0) for n, v in ref_v.items())
            print(f"| {method} | l2l ({runs[0].get('precision', 'double')}) | {batch} | {rate:,.0f} | {statistics.median(r['wallS'] for r in runs):.3f} | "
                  f"{rate / ref_rate:.1f} | {diff:.1e} |")


if __name__ == "__main__":
    main()
