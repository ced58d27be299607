"""The outer loop's trade-off (issue 22): held-out result against inner evaluations and wall time
for (a) the spec's GA, (b) TPE and (c) TPE with successive halving, on existing studies at their
smoke scale, over several outer seeds (`seed`; the tasks stay the same).

    swift build -c release --product l2l
    .venv/bin/python bench/outer-loop/tradeoff.py --studies enkf-digits --seeds 1 2 3 4 5 --jobs 2
    .venv/bin/python bench/outer-loop/tradeoff.py --studies morris-lecar-wm --seeds 1 2 3 4 5 --jobs 2 \
        --set inner.iterations=30 --set tasks.train.count=1       # shrunk to fit the shared machine
    .venv/bin/python bench/outer-loop/tradeoff.py --summarize bench/outer-loop/*-rows.jsonl   # the recorded rows

The TPE specs are the study's file with the GA's own keys removed, `optimizer: tpe` with the same
population and `startup_trials` = population (the first generation is random), and for (c)
`early_stopping: {rule: successive_halving, min_iterations: ⌊inner.iterations / 9⌋, reduction_factor: 3}`.
Each run is `nice`d; the derived specs are written next to the study's file for the run's duration
(relative data paths resolve from there). Prints one row per run and a summary per study and configuration: the held-out
metric (mean over the test tasks of the tuned hyperparameters) with a 95% t-interval over seeds, the
paired difference to the GA, inner evaluations of the outer loop and wall time.
"""
import argparse, json, math, os, re, subprocess, sys, time

import h5py
import numpy as np

STUDIES = {
    # study file, held-out metric (a /test/metric_<name>), +1 if higher is better
    "enkf-digits": ("experiments/enkf-digits.yaml", "test_accuracy", +1),
    "morris-lecar-wm": ("experiments/morris-lecar-wm.yaml", "test_mse", -1),
}
GA_KEYS = ("tournament_size", "crossover_probability", "mutation_probability", "mutation_scale", "elites")
T95 = {2: 12.706, 3: 4.303, 4: 3.182, 5: 2.776, 6: 2.571, 7: 2.447, 8: 2.365, 9: 2.306, 10: 2.262}


def variant(text, config, inner_iterations=None):
    """The study's spec text for `config` (ga: unchanged); `inner_iterations` overrides the file's (as `--set` does)."""
    if config == "ga":
        return text
    lines, out, in_outer = text.splitlines(), [], False
    inner_iterations = inner_iterations or int(re.search(r"^inner:\n(?:  .*\n)*?  iterations: (\d+)", text, re.M).group(1))
    for line in lines:
        if re.match(r"^\S", line):
            in_outer = line.startswith("outer:")
        if in_outer and any(re.match(rf"^  {k}:", line) for k in GA_KEYS):
            continue
        if in_outer and re.match(r"^  optimizer: ga\b", line):
            population = int(re.search(r"^outer:\n(?:  .*\n)*?  population: (\d+)", text, re.M).group(1))
            out.append("  optimizer: tpe")
            out.append(f"  startup_trials: {population}")
            if config == "tpe-sh":
                out.append(f"  early_stopping: {{rule: successive_halving, min_iterations: {inner_iterations // 9}, reduction_factor: 3}}")
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def run(binary, spec_path, output, seed, jobs, overrides):
    start = time.monotonic()
    sets = [arg for override in overrides for arg in ("--set", override)]
    subprocess.run(["nice", "-n", "10", binary, "run", spec_path, "-o", output, "--jobs", str(jobs), "--overwrite",
                    "--set", f"seed={seed}"] + sets, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - start
    with h5py.File(output, "r") as f:
        evaluations = stopped = 0
        for name, run in f["runs"].items():
            evaluations += int(run.attrs["evaluations"])
            stopped += run.attrs.get("status", b"completed") in (b"stopped", "stopped")
        return wall, evaluations, stopped, f["test"]


def interval(values):
    values = np.asarray(values, dtype=float)
    n = len(values)
    half = T95.get(n, 1.96) * values.std(ddof=1) / math.sqrt(n) if n > 1 else float("nan")
    return values.mean(), half


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=".build/release/l2l")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--studies", nargs="+", default=list(STUDIES))
    parser.add_argument("--configs", nargs="+", default=["ga", "tpe", "tpe-sh"])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", default="/tmp/l2l-tradeoff")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="a spec override for every run (`l2l run --set`), e.g. inner.iterations=30 to shrink a study")
    parser.add_argument("--summarize", nargs="+", metavar="LOG",
                        help="only print the summary of the JSON rows in these logs of earlier runs")
    args = parser.parse_args()
    if args.summarize:
        rows = [json.loads(line) for path in args.summarize for line in open(path) if line.startswith("{")]
        studies = sorted({r["study"] for r in rows})
        summarize(rows, studies, [c for c in args.configs if any(r["config"] == c for r in rows)])
        return
    os.makedirs(args.out, exist_ok=True)
    rows = []
    for study in args.studies:
        path, metric, sign = STUDIES[study]
        text = open(path).read()
        for seed in args.seeds:
            for config in args.configs:  # interleaved: a change of machine load hits every configuration
                spec_path = os.path.join(os.path.dirname(os.path.abspath(path)), f".tradeoff-{study}-{config}.yaml")
                with open(spec_path, "w") as handle:
                    iterations = [int(o.split("=", 1)[1]) for o in args.set if o.startswith("inner.iterations=")]
                    handle.write(variant(text, config, iterations[-1] if iterations else None))
                output = os.path.join(args.out, f"{study}-{config}-s{seed}.h5")
                try:
                    wall, evaluations, stopped, _ = run(args.binary, spec_path, output, seed, args.jobs, args.set)
                finally:
                    os.remove(spec_path)
                with h5py.File(output, "r") as f:
                    held_out = float(np.mean(f["test"][f"metric_{metric}"][()]))
                row = dict(study=study, config=config, seed=seed, held_out=held_out, evaluations=evaluations,
                           stopped_runs=stopped, wall_s=round(wall, 2), load=os.getloadavg()[0])
                rows.append(row)
                print(json.dumps(row), flush=True)
    with open(os.path.join(args.out, f"rows-{'-'.join(args.studies)}.json"), "w") as handle:
        json.dump(rows, handle, indent=1)
    summarize(rows, args.studies, args.configs)


def summarize(rows, studies, configs):
    print("\nstudy | config | held-out (mean ± 95% CI) | vs GA, paired (± CI) | inner evaluations | ratio to GA | wall s")
    for study in studies:
        _, metric, sign = STUDIES[study]
        ga = {r["seed"]: r for r in rows if r["study"] == study and r["config"] == "ga"}
        for config in configs:
            mine = [r for r in rows if r["study"] == study and r["config"] == config]
            m, h = interval([r["held_out"] for r in mine])
            d, dh = interval([sign * (r["held_out"] - ga[r["seed"]]["held_out"]) for r in mine]) if ga else (float("nan"),) * 2
            e = np.mean([r["evaluations"] for r in mine])
            ratio = np.mean([ga[r["seed"]]["evaluations"] for r in mine]) / e if ga else float("nan")
            w, wh = interval([r["wall_s"] for r in mine])
            print(f"{study} | {config} | {metric} {m:.4f} ± {h:.4f} | {d:+.4f} ± {dh:.4f} (better > 0) | {e:.0f} | {ratio:.2f}× fewer | {w:.1f} ± {wh:.1f}")


if __name__ == "__main__":
    main()
