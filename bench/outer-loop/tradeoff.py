"""The outer loop's trade-off (issue 22): inner evaluations and wall time an outer loop needs to reach
the GA's final held-out result, for (a) the spec's GA, (b) TPE, (c) TPE with successive halving and
(d) TPE with Hyperband brackets, on existing studies at a stated scale, over several outer seeds
(`seed`; the tasks stay the same).

    swift build -c release --product l2l
    .venv/bin/python bench/outer-loop/tradeoff.py --studies enkf-digits --seeds 1 2 3 4 5 6 --configs ga tpe tpe-sh
    .venv/bin/python bench/outer-loop/tradeoff.py --studies morris-lecar-wm --seeds 1 2 3 4 5 --configs ga tpe-sh \
        --set inner.iterations=30 --set tasks.train.count=1       # shrunk to fit the shared machine
    .venv/bin/python bench/outer-loop/tradeoff.py --summarize bench/outer-loop/enkf-digits-rows.jsonl

The TPE specs are the study's file with the GA's own keys removed, `optimizer: tpe` with the same
population and `startup_trials` = population (the first generation is random), for (c)
`early_stopping: {rule: successive_halving, min_iterations: ⌊inner.iterations / 9⌋, reduction_factor: 3}`
and for (d) the same with `rule: hyperband`. `--generations` gives the TPE arms more outer generations
than the GA (an arm may need more to reach the target, or fewer: the measurement stops at the first).
The derived specs are written to a temporary directory and run from the repository root (relative
data paths resolve from the working directory); each run is `nice`d.

**The measurement.** Target: the GA's final held-out result, the mean over seeds of the held-out metric
(the mean over the test tasks of the tuned set's `metric_<name>`) at the end of the GA's run. For each
arm and seed: the outer incumbent after each generation is `/outer/best_hyperparameters`; its held-out
result is the final one if it is the final incumbent, else that of the same run cut after that
generation (`--set outer.iterations=k`; the outer optimizers' proposals do not depend on the number
of generations, which the script checks: the cut run's tested set must be the incumbent). The cost to
reach the target is the inner evaluations of the outer loop's train runs up to the first generation
whose incumbent reaches it (held-out runs not counted, as they are the same for every arm), and the
wall time of the run cut there (which includes its held-out runs). A seed that never reaches the target
is counted at its whole budget and reported as not reached. Rows (one JSON line per run) go to stdout
and `--out`; the summary gives means with 95% t-intervals over seeds and the ratio of the means.
"""
import argparse, json, math, os, re, subprocess, sys, tempfile, time

import h5py
import numpy as np

STUDIES = {
    # study file, held-out metric (a /test/metric_<name>), +1 if higher is better
    "enkf-digits": ("experiments/enkf-digits.yaml", "test_accuracy", +1),
    "morris-lecar-wm": ("experiments/morris-lecar-wm.yaml", "test_mse", -1),
    "reservoir-enkf": ("experiments/reservoir-enkf.yaml", "test_accuracy", +1),
}
GA_KEYS = ("tournament_size", "crossover_probability", "mutation_probability", "mutation_scale", "elites")
RULES = {"tpe-sh": "successive_halving", "tpe-hb": "hyperband", "tpe-median": "median"}
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
            if config in RULES:
                out.append(f"  early_stopping: {{rule: {RULES[config]}, min_iterations: {inner_iterations // 9}, reduction_factor: 3}}")
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def run(binary, spec_path, output, seed, jobs, overrides):
    """Runs one study; returns its wall time and what the measurement reads from the file."""
    start = time.monotonic()
    sets = [arg for override in overrides for arg in ("--set", override)]
    subprocess.run(["nice", "-n", "10", binary, "run", spec_path, "-o", output, "--jobs", str(jobs), "--overwrite",
                    "--set", f"seed={seed}"] + sets, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - start
    with h5py.File(output, "r") as f:
        phase = f["runs/phase"].asstr()[:]
        train = phase == "train"
        generation = f["runs/generation"][:][train]
        evaluations = f["runs/evaluations"][:][train]
        status = f["runs/status"].asstr()[:][train]
        generations = f["outer/best_hyperparameters"].shape[0]
        return dict(
            wall_s=round(wall, 2),
            evaluations_by_generation=[int(evaluations[generation == g].sum()) for g in range(generations)],
            stopped_runs=int((status == "stopped").sum()),
            incumbents=f["outer/best_hyperparameters"][()].tolist(),
            tested=f["test/best_hyperparameters"][()].tolist(),
            metrics={name[len("metric_"):]: float(np.mean(f["test"][name][()])) for name in f["test"] if name.startswith("metric_")})


def interval(values):
    values = np.asarray(values, dtype=float)
    n = len(values)
    half = T95.get(n, 1.96) * values.std(ddof=1) / math.sqrt(n) if n > 1 else float("nan")
    return values.mean(), half


class Runner:
    def __init__(self, args, study):
        self.args, self.study = args, study
        self.path, self.metric, self.sign = STUDIES[study]
        self.text = open(self.path).read()
        self.directory = tempfile.mkdtemp(prefix="l2l-tradeoff-specs-")

    def __call__(self, config, seed, extra=(), tag=""):
        iterations = [int(o.split("=", 1)[1]) for o in self.args.set if o.startswith("inner.iterations=")]
        spec_path = os.path.join(self.directory, f"{self.study}-{config}.yaml")
        with open(spec_path, "w") as handle:
            handle.write(variant(self.text, config, iterations[-1] if iterations else None))
        output = os.path.join(self.args.out, f"{self.study}-{config}-s{seed}{tag}.h5")
        overrides = list(self.args.set) + list(extra)
        if config != "ga" and self.args.generations and not any(o.startswith("outer.iterations=") for o in extra):
            overrides.append(f"outer.iterations={self.args.generations}")
        try:
            result = run(self.args.binary, spec_path, output, seed, self.args.jobs, overrides)
        finally:
            os.remove(spec_path)
        result["held_out"] = result["metrics"][self.metric]
        return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=".build/release/l2l")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--studies", nargs="+", default=["enkf-digits", "morris-lecar-wm"])
    parser.add_argument("--configs", nargs="+", default=["ga", "tpe", "tpe-sh", "tpe-hb"])
    parser.add_argument("--generations", type=int, help="outer generations of the TPE arms (default: the study's)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", default="/tmp/l2l-tradeoff")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="a spec override for every run (`l2l run --set`), e.g. inner.iterations=30 to shrink a study")
    parser.add_argument("--rows", nargs="*", default=[], metavar="LOG",
                        help="rows of earlier runs of this script (same binary and options): runs found there are not run again")
    parser.add_argument("--summarize", nargs="+", metavar="LOG",
                        help="only print the summary of the JSON rows in these logs of earlier runs")
    args = parser.parse_args()
    if args.summarize:
        rows = [json.loads(line) for path in args.summarize for line in open(path) if line.startswith("{")]
        for study in sorted({r["study"] for r in rows}):
            summarize([r for r in rows if r["study"] == study], study, [c for c in args.configs if any(r["config"] == c for r in rows)])
        return
    os.makedirs(args.out, exist_ok=True)
    earlier = [json.loads(line) for path in args.rows for line in open(path) if line.startswith("{")]
    for study in args.studies:
        runner = Runner(args, study)
        log = open(os.path.join(args.out, f"rows-{study}.jsonl"), "a" if args.rows else "w")
        rows = [r for r in earlier if r["study"] == study and r["kind"] != "target"]

        def emit(row):
            row = dict(study=study, **row, load=round(os.getloadavg()[0], 2))
            rows.append(row)
            print(json.dumps(row), flush=True)
            log.write(json.dumps(row) + "\n")
            log.flush()

        def find(kind, config, seed, generations=None):
            return next((r for r in rows if r["kind"] == kind and r["config"] == config and r["seed"] == seed
                         and r.get("generations") == generations), None)

        # Pass 1: every arm's full run, interleaved (a change of machine load hits every arm).
        for seed in args.seeds:
            for config in args.configs:
                if not find("full", config, seed):
                    result = runner(config, seed)
                    emit(dict(kind="full", config=config, seed=seed, **{k: v for k, v in result.items() if k != "metrics"}))
        target = float(np.mean([find("full", "ga", s)["held_out"] for s in args.seeds]))
        # Pass 2: the generation at which each arm's incumbent first reaches the target. The held-out
        # result of a set depends only on the set and the seed (the held-out runs' coordinates are the
        # same in every arm and cut), so a set tested in any run of the same seed is not run again; a run
        # cut after generation k (`outer.iterations=k`) is made for a set not tested yet, and at the
        # generation that reaches the target, for its wall time.
        for seed in args.seeds:
            for config in args.configs:
                if config == "ga":
                    continue  # the GA's cost is its whole run (it reaches its own final result at the end)
                full = find("full", config, seed)
                generations = len(full["incumbents"])
                for k, incumbent in enumerate(full["incumbents"]):
                    held_out = held_out_of(rows, seed, incumbent)
                    if held_out is None or (k + 1 < generations and runner.sign * (held_out - target) >= 0):
                        cut = find("cut", config, seed, k + 1)
                        if not cut:
                            result = runner(config, seed, extra=[f"outer.iterations={k + 1}"], tag=f"-g{k + 1}")
                            assert np.allclose(result["tested"], incumbent, rtol=1e-12), (config, seed, k, result["tested"], incumbent)
                            assert held_out is None or held_out == result["held_out"], (config, seed, k, held_out, result["held_out"])
                            emit(dict(kind="cut", config=config, seed=seed, generations=k + 1,
                                      **{k2: v for k2, v in result.items() if k2 not in ("metrics", "incumbents")}))
                        held_out = held_out_of(rows, seed, incumbent)
                    if runner.sign * (held_out - target) >= 0:
                        break
        emit(dict(kind="target", config="ga", seed=0, target=target))
        summarize(rows, study, args.configs)


def held_out_of(rows, seed, incumbent):
    """The held-out result of set `incumbent` on `seed`, from any run that tested it, or None."""
    for r in rows:
        if r["kind"] in ("full", "cut") and r["seed"] == seed and np.allclose(r["tested"], incumbent, rtol=1e-12):
            return r["held_out"]
    return None


def reach(rows, study, config, seed, target, sign):
    """(evaluations, wall s, generations, reached) of one arm and seed to the target."""
    full = next(r for r in rows if r["kind"] == "full" and r["config"] == config and r["seed"] == seed)
    cuts = {r["generations"]: r for r in rows if r["kind"] == "cut" and r["config"] == config and r["seed"] == seed}
    per_generation = full["evaluations_by_generation"]
    for k, incumbent in enumerate(full["incumbents"]):
        held_out = held_out_of(rows, seed, incumbent)
        if held_out is None:
            break
        if sign * (held_out - target) >= 0:
            run = full if k + 1 == len(per_generation) else cuts.get(k + 1)
            if run is None:
                break
            return sum(per_generation[:k + 1]), run["wall_s"], k + 1, True
    return sum(per_generation), full["wall_s"], len(per_generation), False


def summarize(rows, study, configs):
    _, metric, sign = STUDIES[study]
    target = next((r["target"] for r in rows if r["kind"] == "target"), None)
    seeds = sorted({r["seed"] for r in rows if r["kind"] == "full" and r["config"] == "ga"})
    if target is None:
        target = float(np.mean([r["held_out"] for r in rows if r["kind"] == "full" and r["config"] == "ga"]))
    print(f"\n{study}: target = the GA's final held-out {metric}, mean over seeds {seeds}: {target:.4f}")
    print("config | final held-out (± 95% CI) | paired vs GA (better > 0) | evaluations, whole run | "
          "evaluations to target (± CI) | fewer than GA (ratio of means; per seed: geometric mean, range) | "
          "wall s to target (± CI) | faster than GA (the same) | seeds reaching | generations to target")
    ga_cost = ga_wall = None
    for config in configs:
        mine = sorted((r for r in rows if r["kind"] == "full" and r["config"] == config), key=lambda r: r["seed"])
        if not mine:
            continue
        ga = {r["seed"]: r for r in rows if r["kind"] == "full" and r["config"] == "ga"}
        m, h = interval([r["held_out"] for r in mine])
        d, dh = interval([sign * (r["held_out"] - ga[r["seed"]]["held_out"]) for r in mine])
        whole = np.mean([sum(r["evaluations_by_generation"]) for r in mine])
        if config == "ga":
            # The GA reaches its own final result at the end of its runs, by definition.
            costs = [(sum(r["evaluations_by_generation"]), r["wall_s"], len(r["evaluations_by_generation"]), True) for r in mine]
        else:
            costs = [reach(rows, study, config, r["seed"], target, sign) for r in mine]
        e, eh = interval([c[0] for c in costs])
        w, wh = interval([c[1] for c in costs])
        if config == "ga":
            ga_cost, ga_wall = e, w
        reached = sum(c[3] for c in costs)
        # Per seed, the GA's cost over this arm's (paired: the same seed's GA run).
        ratios = [(sum(ga[r["seed"]]["evaluations_by_generation"]) / c[0], ga[r["seed"]]["wall_s"] / c[1]) for r, c in zip(mine, costs)]
        per_seed = [f"{np.exp(np.mean(np.log(x))):.2f}, {min(x):.2f}–{max(x):.2f}" for x in zip(*ratios)]
        print(f"{config} | {m:.4f} ± {h:.4f} | {d:+.4f} ± {dh:.4f} | {whole:,.0f} | {e:,.0f} ± {eh:,.0f} | "
              f"{ga_cost / e:.2f}× ({per_seed[0]}) | {w:.1f} ± {wh:.1f} | {ga_wall / w:.2f}× ({per_seed[1]}) | {reached}/{len(costs)} | "
              f"{' '.join(str(c[2]) for c in costs)}")


if __name__ == "__main__":
    main()
