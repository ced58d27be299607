"""Issue 20's study tables: per held-out task metrics of `l2l run ... --scale fresh` result files,
compared with `l2l stats` (mean, 95 % t-interval, bootstrap interval, paired t-test, Wilcoxon).

    python bench/fresh-episodes/analyze.py RUNS_DIR [L2L_BINARY]

RUNS_DIR holds the files bench/fresh-episodes/run.sh writes. Every comparison is paired by held-out
task (the same task seeds, the same held-out layouts or trials in every file). The numbers are those
of the spec's own hyperparameters (`test/baseline_metric_*`: the same settings in every arm); the
tuned set (`test/metric_*`, the best of 2 outer individuals) is printed as a second replicate.
"""
import json
import os
import subprocess
import sys

import h5py
import numpy as np

runs = sys.argv[1]
binary = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "../../.build/release/l2l")


def column(name, metric, baseline=True):
    path = os.path.join(runs, name + ".h5")
    if not os.path.exists(path):
        return None
    with h5py.File(path, "r") as f:
        key = ("baseline_metric_" if baseline else "metric_") + metric
        if "test" not in f or key not in f["test"]:
            return None  # a run still being written
        return np.asarray(f["test"][key])[:, 0]


def stats(a, b=None):
    args = [binary, "stats", "--json", ",".join(repr(float(v)) for v in a)]
    if b is not None:
        args.append(",".join(repr(float(v)) for v in b))
    return json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)


def arm(s):
    return f"{s['mean']:.3f} [{s['t_low']:.3f}, {s['t_high']:.3f}]"


def compare(label, a, b):
    if a is None or b is None:
        print(f"| {label} | (missing file) |")
        return
    s = stats(a, b)
    print(f"| {label} | {arm(s['a'])} | {arm(s['b'])} | {arm(s['difference'])} | "
          f"{s['paired_t']['p_value']:.3g} | {s['wilcoxon']['p_value']:.3g} ({s['wilcoxon']['method'].split('_')[1]}) | {s['a']['count']} |")


print("| comparison (per held-out task) | A: mean [95 % t] | B | A − B [95 % t] | paired t p | Wilcoxon p | n |")
print("|---|---|---|---|---|---|---|")
for baseline in (True, False):
    tag = "spec's own" if baseline else "tuned"
    for opt in ("renomad", "ga", "ga30"):
        for draws in ("fresh", "fixed"):
            name = f"cf-{opt}-{draws}"
            compare(f"foraging food eaten, {opt} {draws} ({tag}) vs untrained",
                    column(name, "food_eaten", baseline), column(name, "food_eaten_prior", baseline))
    for opt in ("renomad", "ga", "ga30"):
        compare(f"foraging food eaten, {opt}: fresh vs fixed ({tag})",
                column(f"cf-{opt}-fresh", "food_eaten", baseline), column(f"cf-{opt}-fixed", "food_eaten", baseline))
        compare(f"foraging food eaten on the task seed's training layouts, {opt} {tag}: fresh vs fixed",
                column(f"cf-{opt}-fresh", "train_food_eaten", baseline), column(f"cf-{opt}-fixed", "train_food_eaten", baseline))
    for draws in ("fresh", "fixed"):
        compare(f"foraging food eaten, {draws}: rENOMAD vs GA ({tag})",
                column(f"cf-renomad-{draws}", "food_eaten", baseline), column(f"cf-ga-{draws}", "food_eaten", baseline))
    compare(f"Morris–Lecar held-out test_mse: fresh vs fixed ({tag})",
            column("ml-fresh", "test_mse", baseline), column("ml-fixed", "test_mse", baseline))
    compare(f"Morris–Lecar train_mse (task seed's trials): fresh vs fixed ({tag})",
            column("ml-fresh", "train_mse", baseline), column("ml-fixed", "train_mse", baseline))
