#!/usr/bin/env python3
"""What recording costs: the share of a run's wall time spent writing the result file, and the
cost of committing one generation as the file grows, for two l2l binaries measured in the same
run (e.g. the layout-v1 writer that copied the whole file per generation, and the current one).

    python3 bench/recording/recording_cost.py --binary old=/tmp/l2l-old --binary new=.build/release/l2l \
        [--spec experiments/quickstart.yaml] [--jobs 1 2] [--repeats 3] [--growth-generations 40]

For each binary: `l2l run SPEC --timings T.json` (wall time, recording seconds and the commit time
of each generation), interleaved, medians over --repeats; then a growth run (bench/recording/
growth.yaml at --growth-generations generations) that reports each generation's commit time
against the bytes on disk so far (file + parts). Prints a table and writes --json.
Pin with `taskset -c 0` for one-core numbers.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def disk_bytes(path):
    total = os.path.getsize(path) if os.path.exists(path) else 0
    parts = path + ".parts"
    if os.path.isdir(parts):
        total += sum(os.path.getsize(os.path.join(parts, n)) for n in os.listdir(parts))
    return total


def run(binary, spec, jobs, directory, extra=()):
    out = os.path.join(directory, "r.h5")
    timings = os.path.join(directory, "t.json")
    for leftover in (out, out + ".parts", timings):
        shutil.rmtree(leftover, ignore_errors=True) if os.path.isdir(leftover) else (os.path.exists(leftover) and os.remove(leftover))
    start = time.monotonic()
    subprocess.run([binary, "run", spec, "-o", out, "--quiet", "--jobs", str(jobs), "--timings", timings, *extra],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    wall = time.monotonic() - start
    measured = json.loads(Path(timings).read_text())
    measured["wall_seconds"] = wall
    measured["file_bytes"] = os.path.getsize(out)
    return measured


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", action="append", required=True, help="NAME=PATH of an l2l binary")
    parser.add_argument("--spec", default="experiments/quickstart.yaml")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--growth-generations", type=int, default=0)
    parser.add_argument("--growth-spec", default="bench/recording/growth.yaml",
                        help="the spec of the growth run (bench/recording/many-runs.yaml: 1,000 short runs per generation)")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    binaries = dict(b.split("=", 1) for b in args.binary)
    results = {"spec": args.spec, "runs": {}, "growth": {}}
    with tempfile.TemporaryDirectory() as d:
        for jobs in args.jobs:
            samples = {name: [] for name in binaries}
            for _ in range(args.repeats):
                for name, binary in binaries.items():  # interleaved
                    samples[name].append(run(binary, args.spec, jobs, d))
            for name, runs in samples.items():
                wall = statistics.median(r["elapsed_seconds"] for r in runs)
                recording = statistics.median(r["recording_seconds"] for r in runs)
                # A writer without the overlap waits for all its work: its recorder time is its recording time.
                busy = statistics.median(r.get("recorder_seconds", r["recording_seconds"]) for r in runs)
                # CPU seconds (binaries that report them): what a loaded machine does not stretch.
                cpu = statistics.median(r.get("process_cpu_seconds", float("nan")) for r in runs)
                recording_cpu = statistics.median(
                    r.get("recorder_cpu_seconds", float("nan")) + r.get("packing_cpu_seconds", 0.0) for r in runs)
                results["runs"][f"{name} jobs={jobs}"] = {
                    "elapsed_seconds": wall, "recording_seconds": recording, "recording_share": recording / wall,
                    "recorder_seconds": busy, "process_cpu_seconds": cpu, "recording_cpu_seconds": recording_cpu,
                    "recording_cpu_share": recording_cpu / cpu,
                    "file_bytes": runs[0]["file_bytes"], "evaluations": runs[0]["evaluations"]}
        if args.growth_generations:
            spec = str(ROOT / args.growth_spec)
            for name, binary in binaries.items():
                measured = run(binary, spec, 2, d, ("--set", f"outer.iterations={args.growth_generations}"))
                results["growth"][name] = {"commit_seconds": measured.get("commit_seconds", []),
                                           "commit_cpu_seconds": measured.get("commit_cpu_seconds", []),
                                           "recording_cpu_seconds": measured.get("recorder_cpu_seconds", float("nan"))
                                           + measured.get("packing_cpu_seconds", 0.0),
                                           "file_bytes": measured["file_bytes"],
                                           "elapsed_seconds": measured["elapsed_seconds"],
                                           "recording_seconds": measured["recording_seconds"],
                                           "recorder_seconds": measured.get("recorder_seconds", measured["recording_seconds"]),
                                           "recorded_runs": measured.get("recorded_runs", 0)}
    print("recording s: what the run waited for the file; recorder s: what the recorder worked, overlapped or not;")
    print("CPU: the process's CPU seconds, and the recording's (recorder thread + packing runs for it) with its share")
    print(f"{'run':24s} {'elapsed s':>10s} {'recording s':>12s} {'share':>7s} {'recorder s':>11s} {'CPU s':>7s} "
          f"{'rec. CPU s':>10s} {'CPU share':>9s} {'file MB':>8s}")
    for key, r in results["runs"].items():
        print(f"{key:24s} {r['elapsed_seconds']:10.2f} {r['recording_seconds']:12.2f} {100 * r['recording_share']:6.1f}% "
              f"{r['recorder_seconds']:11.2f} {r['process_cpu_seconds']:7.2f} {r['recording_cpu_seconds']:10.3f} "
              f"{100 * r['recording_cpu_share']:8.1f}% {r['file_bytes'] / 1e6:8.1f}")
    for jobs in args.jobs:
        names = list(binaries)
        base = results["runs"][f"{names[0]} jobs=1"]["elapsed_seconds"] if 1 in args.jobs else None
        for name in names:
            if base and jobs != 1:
                one = results["runs"][f"{name} jobs=1"]["elapsed_seconds"]
                print(f"{name}: --jobs {jobs} speed-up over --jobs 1: {one / results['runs'][f'{name} jobs={jobs}']['elapsed_seconds']:.2f}x")
    for name, g in results["growth"].items():
        c = g["commit_seconds"]
        if c:
            tenth = max(1, len(c) // 10)
            deciles = " ".join(f"{statistics.median(c[i:i + tenth]):.3f}" for i in range(0, len(c), tenth))
            rate = g["recorded_runs"] / g["recorder_seconds"] if g["recorder_seconds"] else 0
            print(f"growth {name}: {len(c)} generations, final file {g['file_bytes'] / 1e6:.0f} MB; commit s first/median/last "
                  f"{c[0]:.3f}/{statistics.median(c):.3f}/{c[-1]:.3f}; median per tenth: {deciles}; "
                  f"{rate:.0f} runs recorded per recorder second")
            cpu = g["commit_cpu_seconds"]
            if cpu:
                deciles = " ".join(f"{statistics.median(cpu[i:i + tenth]):.3f}" for i in range(0, len(cpu), tenth))
                print(f"growth {name}: commit CPU s median per tenth: {deciles}; "
                      f"{g['recorded_runs'] / g['recording_cpu_seconds']:.0f} runs recorded per CPU second of recording")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
