#!/usr/bin/env python3
"""LIF cost from 1k to 100k neurons: l2l against NEST, interleaved, events/s at each size.

The network is the benchmark network of models.md §1.3 at other sizes: 4/5 excitatory, every
neuron keeps its in-degrees (80 E + 20 I), so the rate stays at ~30 Hz (24 mV) and the work per
simulated second grows in proportion to the size. NEST runs ../../../shared/peers/lif_benchmark.py's
own `run_nest` with the module's sizes set to each N (the peer script itself fixes N = 1,000);
l2l runs `l2l bench lif --neurons N`. Every process is pinned (taskset -c CORE, one thread).
Sizes above 10,000 neurons simulate --duration × 10,000 / N ms, rounded (100 ms at 100k), which keeps a
round short; events/s does not depend on it.

    python3 bench/lif/sweep.py --python .peer-venv/bin/python --l2l .build/release/l2l \\
        --sizes 1000,3000,10000,30000,100000 --rounds 2

Prints one JSON line per run and, at the end, a table of medians (stdout).
"""
import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PEER = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "peers", "lif_benchmark.py"))


def nest_child(args):
    """Runs inside the peers' python: NEST on the size-N network, one JSON line."""
    spec = importlib.util.spec_from_file_location("lif_benchmark", args.peer_script)
    peer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(peer)
    n = args.neurons
    peer.NE, peer.NI, peer.N = n * 4 // 5, n - n * 4 // 5, n
    import numpy as np
    net = peer.build_network(args.seed)
    with peer.stdout_to_stderr():
        counts, wall, version = peer.run_nest(net, args.drive, 100.0, args.duration)
    out_degree = np.bincount(net[0], minlength=n)
    spikes = int(counts.sum())
    events = int(counts @ out_degree)
    print(json.dumps({"simulator": "nest", "version": version, "neurons": n, "synapses": int(net[0].size),
                      "duration_ms": args.duration, "spikes": spikes,
                      "mean_rate_hz": spikes / n / (args.duration / 1000), "wall_s": wall,
                      "spikes_per_s": spikes / wall, "synaptic_events": events,
                      "synaptic_events_per_s": events / wall}))


def run_json(cmd, core):
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    out = subprocess.run(["taskset", "-c", str(core)] + cmd, capture_output=True, text=True, env=env, check=True)
    return json.loads([l for l in out.stdout.splitlines() if l.strip().startswith("{")][-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--python", default=sys.executable, help="python of the peers' virtual environment (NEST)")
    ap.add_argument("--peer-script", default=PEER)
    ap.add_argument("--l2l", default=".build/release/l2l")
    ap.add_argument("--sizes", default="1000,3000,10000,30000,100000")
    ap.add_argument("--duration", type=float, default=1000.0, help="simulated ms up to 10,000 neurons")
    ap.add_argument("--drive", type=float, default=24.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--core", type=int, default=1)
    ap.add_argument("--nest-child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--neurons", type=int, default=1000, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.nest_child:
        return nest_child(args)

    results = {}
    for r in range(args.rounds):
        for n in [int(s) for s in args.sizes.split(",") if s]:
            # Whole milliseconds (NEST wants a multiple of its resolution).
            duration = args.duration if n <= 10_000 else float(round(args.duration * 10_000 / n))
            nest = run_json([args.python, os.path.abspath(__file__), "--nest-child", "--peer-script", args.peer_script,
                             "--neurons", str(n), "--duration", str(duration), "--drive", str(args.drive),
                             "--seed", str(args.seed)], args.core)
            l2l = run_json([args.l2l, "bench", "lif", "--json", "--neurons", str(n), "--duration", str(duration),
                            "--drive", str(args.drive), "--seed", str(args.seed)], args.core)
            load = os.getloadavg()[0]
            print(json.dumps({"round": r, "neurons": n, "load": load, "nest": nest, "l2l": l2l}), flush=True)
            results.setdefault(n, []).append((nest, l2l, load))

    print(f"\ndrive {args.drive} mV, seed {args.seed}, taskset -c {args.core}, medians of {args.rounds} interleaved rounds")
    print("| neurons | ms simulated | NEST spikes/s | NEST events/s | l2l spikes/s | l2l events/s | l2l ÷ NEST | l2l fraction of its limit | load |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n, runs in results.items():
        med = lambda f: statistics.median(f(x) for x in runs)
        ratio = med(lambda x: x[1]["synapticEventsPerS"] / x[0]["synaptic_events_per_s"])
        print(f"| {n:,} | {runs[0][1]['durationMs']:.0f} | {med(lambda x: x[0]['spikes_per_s']):.3g} "
              f"| {med(lambda x: x[0]['synaptic_events_per_s']):.3g} | {med(lambda x: x[1]['spikesPerS']):.3g} "
              f"| {med(lambda x: x[1]['synapticEventsPerS']):.3g} | {ratio:.1f}× "
              f"| {med(lambda x: x[1]['fractionOfLimit']):.2f} | {med(lambda x: x[2]):.1f} |")


if __name__ == "__main__":
    main()
