"""Issue 20, round 4 tables: chemotaxis (rENOMAD, mENOMAD, GA, OpenAI-ES) and foraging (mENOMAD, OpenAI-ES,
rENOMAD) with fresh training episodes, per held-out task, compared with `l2l stats` (mean, 95 % t-interval,
paired t-test, Wilcoxon signed-rank).

    python bench/fresh-episodes/analyze2.py RUNS_DIR [L2L_BINARY]

RUNS_DIR holds the files bench/fresh-episodes/run2.sh writes. Every comparison is paired by held-out task
(the same task seeds and held-out episodes in every file of one task family). Rows use the spec's own
inner settings (`test/baseline_metric_*`), then the tuned set (`test/metric_*`, best of 2 outer
individuals). Arms named `-e64` are at rENOMAD's budget of 64 evaluations per inner run; the others at
their spec's `--scale fresh` budget (rENOMAD 64, mENOMAD ≈ 33, OpenAI-ES 80, GA 160); `-e160` at the GA's 160.
"""
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from analyze_common import column, compare, header  # noqa: E402

runs = sys.argv[1]
binary = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "../../.build/release/l2l")

ARMS = ["renomad", "menomad", "ga", "es", "menomad-e64", "ga-e64", "es-e64", "renomad-e160", "es-e160"]


def budget(name):
    path = os.path.join(runs, name + ".h5")
    if not os.path.exists(path):
        return "?"
    with h5py.File(path, "r") as f:
        e = np.asarray(f["runs"]["evaluations"])
    return f"{e.min()}–{e.max()}" if e.min() != e.max() else f"{e.min()}"


print("evaluations per inner run:", ", ".join(f"{p}-{a} {budget(f'{p}-{a}')}" for p in ("ch", "cf") for a in ARMS))
header()
for baseline in (True, False):
    tag = "spec's own" if baseline else "tuned"
    for opt in ARMS:
        compare(f"chemotaxis final distance (lower better), {opt} ({tag}) vs untrained",
                column(runs, f"ch-{opt}", "final_distance", baseline),
                column(runs, f"ch-{opt}", "final_distance_prior", baseline), binary)
    for a, b in (("renomad", "ga-e64"), ("renomad", "es-e64"), ("renomad", "menomad-e64"), ("menomad-e64", "ga-e64"),
                 ("menomad-e64", "es-e64"), ("ga-e64", "es-e64"), ("renomad", "ga"), ("ga", "es"),
                 ("renomad-e160", "ga"), ("renomad-e160", "es-e160"), ("ga", "es-e160"), ("renomad-e160", "renomad")):
        compare(f"chemotaxis final distance, {a} vs {b} ({tag})",
                column(runs, f"ch-{a}", "final_distance", baseline),
                column(runs, f"ch-{b}", "final_distance", baseline), binary)
    for opt in ("renomad", "menomad", "es", "menomad-e64", "es-e64"):
        compare(f"foraging food eaten, {opt} ({tag}) vs untrained",
                column(runs, f"cf-{opt}", "food_eaten", baseline),
                column(runs, f"cf-{opt}", "food_eaten_prior", baseline), binary)
    for a, b in (("renomad", "es-e64"), ("renomad", "menomad-e64"), ("menomad-e64", "es-e64"), ("renomad", "es")):
        compare(f"foraging food eaten, {a} vs {b} ({tag})",
                column(runs, f"cf-{a}", "food_eaten", baseline),
                column(runs, f"cf-{b}", "food_eaten", baseline), binary)
