#!/usr/bin/env python3
"""Run l2l's LIF benchmark beside the peer simulators and print a ratio table.

The peers are ../../../shared/peers/lif_benchmark.py (NEST, Brian2, NumPy builds of the
benchmark network of models.md §1.3); install them per ../../../shared/peers/README.md into
a virtual environment and pass its python with --python. Every process is pinned to one
core (taskset -c CORE) with OMP_NUM_THREADS=1; --reps interleaved rounds run every simulator once;
each row is the median wall time, and the per-round ratios follow the table.

    python3 bench/lif/compare.py --python /tmp/peers-venv/bin/python \
        --peers numpy,nest,brian2-standalone \
        --l2l ".build/release/l2l bench lif --json --drive {drive} --seed {seed}"

The --l2l command must print one JSON object (LIFBenchmarkResult) per run on stdout.
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PEER = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "peers", "lif_benchmark.py"))


def run_json(cmd, core):
    env = dict(os.environ, OMP_NUM_THREADS="1")
    out = subprocess.run(["taskset", "-c", str(core)] + cmd, capture_output=True, text=True, env=env, check=True)
    lines = [l for l in out.stdout.splitlines() if l.strip().startswith("{")]
    return json.loads(lines[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--python", default=sys.executable, help="python of the peers' virtual environment")
    ap.add_argument("--peer-script", default=PEER)
    ap.add_argument("--peers", default="numpy,nest", help="comma list: numpy,nest,brian2-cython,brian2-standalone")
    ap.add_argument("--l2l", default=".build/release/l2l bench lif --json --drive {drive} --seed {seed}",
                    help="command; several, separated by ';;', are timed one after another (e.g. two builds)")
    ap.add_argument("--drive", type=float, default=24.0)
    ap.add_argument("--duration", type=float, default=1000.0,
                    help="timed biological ms for every simulator (longer runs average over a shared machine's scheduling)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--core", type=int, default=0)
    args = ap.parse_args()

    # Interleaved rounds: every simulator once per round, so a change of load hits all of them.
    peers = [p for p in args.peers.split(",") if p]
    l2ls = [shlex.split(t.format(drive=args.drive, seed=args.seed)) + ["--duration", str(args.duration)]
            for t in args.l2l.split(";;") if t.strip()]
    runs = {}
    for _ in range(args.reps):
        for peer in peers:
            runs.setdefault(peer, []).append(run_json(
                [args.python, args.peer_script, "--simulator", peer, "--drive", str(args.drive),
                 "--seed", str(args.seed), "--duration", str(args.duration)], args.core))
        for k, cmd in enumerate(l2ls):
            runs.setdefault(k, []).append(run_json(cmd, args.core))
    rows = []   # (name, rate, wall, events/s)
    for peer in peers:
        r = runs[peer]
        rows.append((f"{peer} {r[0]['version']}", r[0]["mean_rate_hz"], statistics.median(x["wall_s"] for x in r),
                     statistics.median(x["synaptic_events_per_s"] for x in r)))
    for k, cmd in enumerate(l2ls):
        r = runs[k]
        rows.append((f"l2l {k} ({cmd[0]})", r[0]["meanRateHz"], statistics.median(x["wallS"] for x in r),
                     statistics.median(x["synapticEventsPerS"] for x in r)))

    nest = next((w for n, _, w, _ in rows if n.startswith("nest")), None)
    brian = next((w for n, _, w, _ in rows if n.startswith("brian2-standalone")), None)
    print(f"drive {args.drive} mV, seed {args.seed}, {args.duration:.0f} ms biological, taskset -c {args.core}, "
          f"median of {args.reps} interleaved rounds, load {os.getloadavg()[0]:.1f} at the end")
    print(f"| simulator | rate (Hz) | wall s | synaptic events/s | NEST wall / this | Brian2 standalone wall / this |")
    print(f"|---|---|---|---|---|---|")
    for name, rate, wall, ev in rows:
        ratio = f"{nest / wall:.2f}" if nest else "-"
        ratio_b = f"{brian / wall:.2f}" if brian else "-"
        print(f"| {name} | {rate:.2f} | {wall:.4f} | {ev:.3g} | {ratio} | {ratio_b} |")
    for k, cmd in enumerate(l2ls):   # per-round ratios (same round, so the same load)
        for peer in peers:
            per = [p["wall_s"] / m["wallS"] for p, m in zip(runs[peer], runs[k])]
            print(f"l2l {k} vs {peer}, per round: " + ", ".join(f"{x:.2f}×" for x in per))


if __name__ == "__main__":
    main()
