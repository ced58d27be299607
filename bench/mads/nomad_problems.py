"""NOMAD 4 (PyNomadBBO) on the problem set of `l2l bench mads`, and a side-by-side table.

    python bench/mads/nomad_problems.py [--seeds 5]                 # one JSON line per problem (NOMAD)
    python bench/mads/nomad_problems.py --compare [--l2l .build/release/l2l] [-- extra l2l bench mads options]

Same problems, starts, bounds and budget as Sources/L2L/Benchmarks/MADSBenchmark.swift:
Rosenbrock 2-D and 10-D from (-1.2, 1, -1.2, 1, ...) in [-5, 10]^n; Rastrigin 5-D from all 2.5 in
[-5.12, 5.12]^n; extended Powell singular 4-D from (3, -1, 0, 1) in [-4, 5]^n; Ackley 10-D from all 1.5 in
[-32.768, 32.768]^n; MAX_BB_EVAL = 100 (n + 1); seeds 1..N as NOMAD's SEED. Everything else is NOMAD's
default (DIRECTION_TYPE ORTHO N+1 QUAD, speculative, quad-model and NM searches, opportunistic
evaluation, BB_MAX_BLOCK_SIZE 1, anisotropic granular mesh). Evaluations are counted in the blackbox.
"""
import argparse
import importlib.metadata
import json
import math
import statistics
import subprocess
import sys
import time

import PyNomad


from test_functions import ackley, rastrigin, rosenbrock  # noqa: E402  (one Python copy of the functions)
from test_functions import powell_singular as powell  # noqa: E402


def problem(name, f, n, start, lower, upper):
    return dict(name=name, f=f, n=n, start=start, lower=lower, upper=upper, budget=100 * (n + 1))


PROBLEMS = [
    problem("rosenbrock_2", rosenbrock, 2, [-1.2, 1.0], -5.0, 10.0),
    problem("rosenbrock_10", rosenbrock, 10, [-1.2, 1.0] * 5, -5.0, 10.0),
    problem("rastrigin_5", rastrigin, 5, [2.5] * 5, -5.12, 5.12),
    problem("powell_4", powell, 4, [3.0, -1.0, 0.0, 1.0], -4.0, 5.0),
    problem("ackley_10", ackley, 10, [1.5] * 10, -32.768, 32.768),
]


_UNUSED_SEED = 0  # seeds run here are 1..N
NOMAD_VERSION = importlib.metadata.version("PyNomadBBO")


def run_nomad(p, seed):
    count = [0]
    best = [math.inf]

    def bb(x):
        v = [x.get_coord(i) for i in range(x.size())]
        f = p["f"](v)
        count[0] += 1
        best[0] = min(best[0], f)
        x.setBBO(repr(f).encode("UTF-8"))
        return 1

    params = [f"DIMENSION {p['n']}", "BB_OUTPUT_TYPE OBJ", f"MAX_BB_EVAL {p['budget']}", f"SEED {seed}",
              "DISPLAY_DEGREE 0"]
    # NOMAD re-seeds its RNG only when SEED differs from the last seed it saw (algorithms.md §3), so
    # a second run with the same SEED in this process would continue the stream. setSeed(0), reset,
    # then SEED re-seeds: each run equals a fresh process with that SEED (checked on powell_4,
    # seeds 1, 2, 3, 1, 2, 3 in one process against three fresh processes). setSeed(seed) alone
    # does not work (SEED then looks unchanged and every run gets the seed-0 stream), and a large
    # dummy seed (987654321) gave other results and ~20 s per run.
    assert seed != _UNUSED_SEED
    PyNomad.setSeed(_UNUSED_SEED)
    PyNomad.resetRandomNumberGenerator()
    result = PyNomad.optimize(bb, p["start"], [p["lower"]] * p["n"], [p["upper"]] * p["n"], params)
    return min(best[0], result["f_single_best"]), count[0], result["stop_reason"]


def nomad_results(seeds, only=()):
    out = []
    for p in PROBLEMS:
        if only and p["name"] not in only:
            continue
        start = time.perf_counter()
        runs = [run_nomad(p, s) for s in range(1, seeds + 1)]
        best = [r[0] for r in runs]
        evals = [r[1] for r in runs]
        out.append(dict(
            implementation="nomad", nomad_version=NOMAD_VERSION,
            problem=p["name"], dimension=p["n"], budget=p["budget"], start=p["start"], lower=p["lower"],
            upper=p["upper"], seeds=list(range(1, seeds + 1)), best=best, bestMin=min(best),
            bestMedian=statistics.median(best), bestMax=max(best), evaluations=evals,
            evaluationsMedian=statistics.median(evals), stopReasons=[r[2] for r in runs],
            seconds=time.perf_counter() - start))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--problem", action="append", default=[], help="only this problem (repeatable)")
    parser.add_argument("--compare", action="store_true", help="also run `l2l bench mads --json`, print a table")
    parser.add_argument("--l2l", default=".build/release/l2l")
    parser.add_argument("l2l_options", nargs="*", help="extra options for `l2l bench mads` (after --)")
    args = parser.parse_args()

    nomad = nomad_results(args.seeds, args.problem)
    if not args.compare:
        for r in nomad:
            print(json.dumps(r))
        return

    cmd = [args.l2l, "bench", "mads", "--json", "--seeds", str(args.seeds)]
    for name in args.problem:
        cmd += ["--problem", name]
    cmd += args.l2l_options
    ours = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
    by_name = {p["problem"]: p for p in ours["problems"]}

    def fmt(v):
        return f"{v:.3g}" if v != 0 else "0"

    print(f"seeds 1..{args.seeds}; NOMAD (PyNomadBBO {NOMAD_VERSION}); "
          f"l2l options: {' '.join(args.l2l_options) or '(defaults)'}")
    print("| problem | budget | NOMAD best median [min, max] | l2l best median [min, max] | NOMAD evals (median) | l2l evals (median) |")
    print("|---|---|---|---|---|---|")
    for n in nomad:
        o = by_name[n["problem"]]
        print(f"| {n['problem']} | {n['budget']} | {fmt(n['bestMedian'])} [{fmt(n['bestMin'])}, {fmt(n['bestMax'])}] "
              f"| {fmt(o['bestMedian'])} [{fmt(o['bestMin'])}, {fmt(o['bestMax'])}] "
              f"| {n['evaluationsMedian']:.0f} | {o['evaluationsMedian']:.0f} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
