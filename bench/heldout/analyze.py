"""Issue 20 item 3: the tables of bench/heldout/run.sh — each study's tuned set against the spec's own
settings on the same held-out tasks, and the Go/No-Go arms on the same 32 held-out seeds, with 95 %
t-intervals, the paired t-test and the Wilcoxon signed-rank test (`l2l stats`).

    .venv/bin/python bench/heldout/analyze.py RUNS_DIR [--l2l BINARY] [--json PER_TASK.json]

For enkf-digits, es-digits and morris-lecar-wm the two arms are two files (`STUDY-own.h5`,
`STUDY-tuned.h5`) whose held-out phase ran the spec's settings (own) or the published tuned set given
with --set (tuned) as its `/test` baseline: the per-task values are `test/baseline_metric_*`.
For the Go/No-Go pair the values are trials to relearn (= −fitness) of `/test` (tuned) and of the
`/test` baseline (the spec's own constants); a session that never relearns scores the trials left
after the reversal (200 in these specs).
"""
import argparse
import json
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "fresh-episodes"))
from analyze_common import stats as l2l_stats  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("runs")
parser.add_argument("--l2l", default=os.path.join(os.path.dirname(__file__), "../../.build/release/l2l"))
parser.add_argument("--json", default=None, help="write the per-task values here")
args = parser.parse_args()

# (study, metric, digits, lower is better)
STUDIES = [("enkf-digits", "test_accuracy", 3, False), ("es-digits", "test_accuracy", 3, False),
           ("morris-lecar-wm", "test_mse", 4, True), ("morris-lecar-wm", "train_mse", 4, True)]
NEVER_RELEARNS = 200


def stats(a, b=None):
    return l2l_stats(args.l2l, a, b)


def interval(s, digits):
    return f"{s['mean']:.{digits}f} [{s['t_low']:.{digits}f}, {s['t_high']:.{digits}f}]"


def row(label, a, b, digits, lower_is_better):
    s = stats(a, b)
    a, b = np.asarray(a), np.asarray(b)
    better = int(np.sum(a < b if lower_is_better else a > b))
    worse = int(np.sum(a > b if lower_is_better else a < b))
    print(f"| {label} | {interval(s['a'], digits)} | {interval(s['b'], digits)} | {interval(s['difference'], digits)} | "
          f"{s['paired_t']['p_value']:.2g} | {s['wilcoxon']['p_value']:.2g} | {s['a']['count']} | {better} / {worse} |")


per_task = {}
print("| comparison, per held-out task | A: mean [95 % t] | B | A − B [95 % t] | paired t p | Wilcoxon p | n | A better / worse |")
print("|---|---|---|---|---|---|---|---|")
for study, metric, digits, lower in STUDIES:
    arms = {}
    for arm in ("tuned", "own"):
        path = os.path.join(args.runs, f"{study}-{arm}.h5")
        if not os.path.exists(path):
            break
        with h5py.File(path, "r") as f:
            arms[arm] = (np.asarray(f["test/task_seed"]), np.asarray(f[f"test/baseline_metric_{metric}"])[:, 0])
    if len(arms) < 2:
        print(f"| {study} {metric} | (missing) |")
        continue
    assert (arms["tuned"][0] == arms["own"][0]).all(), f"{study}: the arms' held-out tasks differ"
    entry = per_task.setdefault(study, {"task_seed": arms["own"][0].tolist()})
    entry[metric] = {"tuned": arms["tuned"][1].tolist(), "own": arms["own"][1].tolist()}
    row(f"{study} {metric}: tuned (A) vs spec's own (B)", arms["tuned"][1], arms["own"][1], digits, lower)

ml = per_task.get("morris-lecar-wm", {})
if "test_mse" in ml and "train_mse" in ml:   # the generalization gap: held-out trials against the task's own
    for arm in ("own", "tuned"):
        row(f"morris-lecar-wm, {arm}: test_mse (A) vs train_mse (B)", ml["test_mse"][arm], ml["train_mse"][arm], 4, True)

if "enkf-digits" in per_task and "es-digits" in per_task:   # the same digit tasks (seeds, splits, initial weights)
    es, enkf = per_task["es-digits"], per_task["enkf-digits"]
    if es["task_seed"] == enkf["task_seed"]:
        for arm in ("own", "tuned"):
            row(f"test_accuracy: OpenAI-ES (A) vs EnKF (B), {arm}", es["test_accuracy"][arm],
                enkf["test_accuracy"][arm], 3, False)

gonogo = {}
for study in ("gonogo-neuromod", "gonogo-dopamine-only"):
    path = os.path.join(args.runs, f"{study}-full.h5")
    if os.path.exists(path):
        with h5py.File(path, "r") as f:
            names = [n.decode() if isinstance(n, bytes) else str(n) for n in np.asarray(f["test/hyperparameter_name"])]
            gonogo[study] = {"task_seed": np.asarray(f["test/task_seed"]).tolist(),
                             "trials_to_relearn": {
                                 "tuned": (-np.asarray(f["test/final_fitness"])[:, 0]).tolist(),
                                 "own": (-np.asarray(f["test/baseline_final_fitness"])[:, 0]).tolist()},
                             "tuned_hyperparameters": dict(zip(names, np.asarray(f["test/best_hyperparameters"]).tolist()))}
if len(gonogo) == 2:
    na, da = (gonogo[s]["trials_to_relearn"] for s in ("gonogo-neuromod", "gonogo-dopamine-only"))
    assert gonogo["gonogo-neuromod"]["task_seed"] == gonogo["gonogo-dopamine-only"]["task_seed"]
    row("trials to relearn: DA + NA (A) vs DA only (B), spec's own", na["own"], da["own"], 1, True)
    row("trials to relearn: DA + NA (A) vs DA only (B), tuned", na["tuned"], da["tuned"], 1, True)
    row("trials to relearn: DA + NA tuned (A) vs own (B)", na["tuned"], na["own"], 1, True)
    row("trials to relearn: DA only tuned (A) vs own (B)", da["tuned"], da["own"], 1, True)
    for name, d in gonogo.items():
        for arm in ("tuned", "own"):
            v = np.asarray(d["trials_to_relearn"][arm])
            print(f"{name} {arm}: median {np.median(v):g}, never relearn {int(np.sum(v >= NEVER_RELEARNS))} of {len(v)}")
        print(f"{name} tuned hyperparameters: " + ", ".join(f"{k} {v:.4g}" for k, v in d["tuned_hyperparameters"].items()))
    per_task.update(gonogo)
if args.json:
    with open(args.json, "w") as f:
        json.dump(per_task, f, indent=1)
