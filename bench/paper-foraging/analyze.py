"""Issue 20's paper-setting tables: per held-out task metrics of bench/paper-foraging/run.sh's result
files, compared with `l2l stats` (mean, 95 % t-interval, paired t-test, Wilcoxon signed-rank).

    python bench/paper-foraging/analyze.py RUNS_DIR [L2L_BINARY]

Every comparison is paired by held-out task (task seeds 1000-1009: each task trains from scratch and
is scored on its own held-out layouts; the untrained connectome is scored on the same layouts).
Numbers are the spec's own inner settings (`test/baseline_metric_*`); the tuned ones (`test/metric_*`,
best of the outer individuals) are printed as a second replicate. Evaluations per inner run are
read from `test/baseline_evaluations` where recorded.
"""
import itertools
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "fresh-episodes"))
from analyze_common import stats as l2l_stats  # noqa: E402

runs = sys.argv[1]
binary = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "../../.build/release/l2l")
ARMS = [("renomad", "rENOMAD"), ("menomad", "mENOMAD"), ("ga", "GA"), ("es", "OpenAI-ES")]


def column(name, metric, baseline=True):
    path = os.path.join(runs, f"paper-{name}.h5")
    if not os.path.exists(path):
        return None
    with h5py.File(path, "r") as f:
        key = ("baseline_metric_" if baseline else "metric_") + metric
        if "test" not in f or key not in f["test"]:
            return None
        return np.asarray(f["test"][key])[:, 0]


def stats(a, b=None):
    return l2l_stats(binary, a, b)


def arm(s, digits=2):
    return f"{s['mean']:.{digits}f} [{s['t_low']:.{digits}f}, {s['t_high']:.{digits}f}]"


def compare(label, a, b, digits=2):
    if a is None or b is None:
        print(f"| {label} | (missing) |")
        return
    s = stats(a, b)
    print(f"| {label} | {arm(s['a'], digits)} | {arm(s['b'], digits)} | {arm(s['difference'], digits)} | "
          f"{s['paired_t']['p_value']:.3g} | {s['wilcoxon']['p_value']:.3g} | {s['a']['count']} |")


print("| comparison (per held-out task) | A: mean [95 % t] | B | A − B [95 % t] | paired t p | Wilcoxon p | n |")
print("|---|---|---|---|---|---|---|")
for baseline in (True, False):
    tag = "spec's own" if baseline else "tuned"
    for metric, digits in (("food_eaten", 2), ("test_fitness", 1)):
        for name, label in ARMS:
            compare(f"{metric}, {label} ({tag}) vs untrained", column(name, metric, baseline),
                    column(name, metric + "_prior", baseline), digits)
        compare(f"{metric}, random weights vs untrained ({tag})", column("ga", metric + "_random", baseline),
                column("ga", metric + "_prior", baseline), digits)
        for (a, la), (b, lb) in itertools.combinations(ARMS, 2):
            compare(f"{metric}: {la} vs {lb} ({tag})", column(a, metric, baseline), column(b, metric, baseline), digits)
    for metric, digits in (("food_eaten", 2), ("test_fitness", 1)):
        for name, label in (("renomad-random", "rENOMAD"), ("menomad-random", "mENOMAD"), ("ga-random", "GA"),
                            ("es-random", "OpenAI-ES")):
            compare(f"{metric}, {label} on the random pattern only ({tag}) vs untrained", column(name, metric, baseline),
                    column(name, metric + "_prior", baseline), digits)
        for other, label in (("menomad-random", "mENOMAD"), ("ga-random", "GA"), ("es-random", "OpenAI-ES")):
            compare(f"{metric}, random pattern only: rENOMAD vs {label} ({tag})", column("renomad-random", metric, baseline),
                    column(other, metric, baseline), digits)
    for name, label in ARMS:
        compare(f"train_food_eaten (task seed's 2 layouts), {label} ({tag}) vs untrained",
                column(name, "train_food_eaten", baseline), column(name, "train_food_eaten_prior", baseline))
