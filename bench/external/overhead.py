"""Overhead of the external-program optimizee against the built-in function optimizee.

Runs the release `l2l run` on the same spec twice, once with `optimizee.function` (sphere) and
once with `optimizee.external` (bench/external/sphere_worker.py computing the same sphere), at
two batch sizes, pinned to one core (`taskset -c 0`, `--jobs 1`), recording off. From the
extra wall time per run it fits  extra = batches · per_batch + candidates · per_candidate.
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
    - {{path: inner.elite_fraction, kind: uniform, low: 0.1, high: 0.5}}
inner: {{optimizer: cem, iterations: {iterations}, population: {population}}}
optimizee:
{optimizee}
tasks:
  train: {{count: 2}}
  test: {{count: 2}}
record: {{candidates: false, state: false}}
"""


def optimizee(kind, dimension):
    if kind == "function":
        return f"  function: {{name: sphere, dimension: {dimension}, lower: -5, upper: 5}}"
    worker = ROOT / "bench/external/sphere_worker.py"
    return (f"  external:\n    command: [{sys.executable}, {worker}]\n"
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
    # (population, iterations): the same number of candidates, in few big or many small batches.
    configurations = [(4, 500), (100, 20)]
    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        for population, iterations in configurations:
            result = {}
            for kind in ("function", "external"):
                text = SPEC.format(iterations=iterations, population=population, optimizee=optimizee(kind, args.dimension))
                samples = [timed_run(args.bin, text, workdir) for _ in range(args.repeats)]
                result[kind] = statistics.median(s[1]["elapsed_seconds"] for s in samples)
                evaluations = samples[0][1]["evaluations"]
            # 2 train runs × 2 individuals + 2 test + 2 baseline runs = 8 inner runs.
            runs = 8
            batches = runs * iterations
            rows.append({"population": population, "iterations": iterations, "batches": batches,
                         "candidates": evaluations, "builtin_s": result["function"], "external_s": result["external"],
                         "extra_s": result["external"] - result["function"]})
    (p1, p2) = rows
    # extra = batches·b + candidates·c, two equations.
    det = p1["batches"] * p2["candidates"] - p2["batches"] * p1["candidates"]
    per_batch = (p1["extra_s"] * p2["candidates"] - p2["extra_s"] * p1["candidates"]) / det
    per_candidate = (p1["batches"] * p2["extra_s"] - p2["batches"] * p1["extra_s"]) / det
    for row in rows:
        print(f"population {row['population']:4d} × {row['iterations']:4d} iterations: {row['candidates']} evaluations in "
              f"{row['batches']} batches; built-in {row['builtin_s']:.3f} s, external {row['external_s']:.3f} s, "
              f"extra {1e6 * row['extra_s'] / row['batches']:.1f} µs per batch = {1e6 * row['extra_s'] / row['candidates']:.2f} µs per candidate")
    print(f"fit (D = {args.dimension}): {1e6 * per_batch:.1f} µs per batch + {1e6 * per_candidate:.2f} µs per candidate "
          f"(Python helper and a pure-Python sphere included)")


if __name__ == "__main__":
    main()
