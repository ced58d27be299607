"""Overhead of the external-program optimizee against the built-in function optimizee.

Runs the release `l2l run` on the same spec (OpenAI-ES on a 10-D sphere, recording off) with
`optimizee.function` and with `optimizee.external`, at two batch sizes, pinned to one core
(`taskset -c 0`, `--jobs 1`). Two workers:
  - `null`: bench/external/null_worker.c (answers fitness 0 without parsing a number): what l2l
    itself spends per batch and per candidate (encoding, the pipe, reading replies);
  - `python`: bench/external/sphere_worker.py through python/l2l_external.py: what a user's Python
    model pays in all (the helper's JSON and the pure-Python sphere included).
From the extra wall time of three batch sizes it solves
  extra = startup + batches · per_batch + candidates · per_candidate
(startup: starting the one worker and its hello).
Median of --repeats runs per configuration. Usage:

    python3 bench/external/overhead.py [--bin .build/release/l2l] [--dimension 10] [--repeats 5]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SPEC = """name: overhead
seed: 1
outer:
  optimizer: ga
  iterations: 1
  population: 2
  search_space:
    - {{path: inner.sigma, kind: uniform, low: 0.05, high: 0.2}}
inner: {{optimizer: openai_es, iterations: {iterations}, population: {population}}}
optimizee:
{optimizee}
tasks:
  train: {{count: 2}}
  test: {{count: 2}}
record: {{candidates: false, state: false}}
"""


def optimizee(kind, dimension, null_worker):
    if kind == "function":
        return f"  function: {{name: sphere, dimension: {dimension}, lower: -5, upper: 5}}"
    command = [null_worker] if kind == "null" else [sys.executable, str(ROOT / "bench/external/sphere_worker.py")]
    return (f"  external:\n    command: [{', '.join(command)}]\n"
            f"    dimension: {dimension}\n    lower: -5\n    upper: 5")


def timed_run(binary, spec_text, workdir):
    spec = Path(workdir) / "spec.yaml"
    spec.write_text(spec_text)
    out = Path(workdir) / "out.h5"
    timings = Path(workdir) / "timings.json"
    if out.exists():
        out.unlink()
    start = time.perf_counter()
    subprocess.run(["taskset", "-c", "0", binary, "run", str(spec), "-o", str(out), "--jobs", "1", "--quiet",
                    "--timings", str(timings)], check=True, capture_output=True)
    wall = time.perf_counter() - start
    return wall, json.loads(timings.read_text())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=str(ROOT / ".build/release/l2l"))
    parser.add_argument("--dimension", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    # (population, iterations): the same number of candidates, in many small or few big batches.
    configurations = [(4, 500), (100, 20), (20, 200)]
    runs = 8  # 2 train tasks × 2 individuals + 2 test + 2 baseline inner runs
    with tempfile.TemporaryDirectory() as workdir:
        null_worker = str(Path(workdir) / "null_worker")
        subprocess.run(["cc", "-O2", "-o", null_worker, str(ROOT / "bench/external/null_worker.c")], check=True)
        times = {}
        for population, iterations in configurations:
            for kind in ("function", "null", "python"):
                text = SPEC.format(iterations=iterations, population=population,
                                   optimizee=optimizee(kind, args.dimension, null_worker))
                times[(kind, population)] = statistics.median(
                    timed_run(args.bin, text, workdir)[1]["elapsed_seconds"] for _ in range(args.repeats))
    print(f"l2l {args.bin}, D = {args.dimension}, OpenAI-ES, --jobs 1 pinned to core 0, median of {args.repeats}")
    for kind in ("null", "python"):
        rows = []
        for population, iterations in configurations:
            batches, candidates = runs * iterations, runs * iterations * population
            extra = times[(kind, population)] - times[("function", population)]
            rows.append((batches, candidates, extra))
            print(f"  {kind:6s} worker, population {population:3d} × {iterations:3d} iterations: built-in "
                  f"{times[('function', population)]:.3f} s, external {times[(kind, population)]:.3f} s, "
                  f"extra {1e6 * extra / batches:.1f} µs per batch of {population}")
        startup, per_batch, per_candidate = solve([[1, b, c] for b, c, _ in rows], [e for _, _, e in rows])
        print(f"  {kind:6s} worker fit: {1e3 * startup:.1f} ms startup + {1e6 * per_batch:.1f} µs per batch "
              f"+ {1e6 * per_candidate:.2f} µs per candidate")


def solve(a, b):
    """x with a·x = b for a small square system (Gaussian elimination with partial pivoting)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(col + 1, n):
            factor = m[r][col] / m[col][col]
            m[r] = [x - factor * y for x, y in zip(m[r], m[col])]
    x = [0.0] * n
    for r in reversed(range(n)):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


if __name__ == "__main__":
    main()
