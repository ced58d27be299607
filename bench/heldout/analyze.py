"""Issue 20 item 3: the tables of bench/heldout/run.sh — each study's tuned set against the spec's own
settings on the same held-out tasks, and the Go/No-Go arms on the same 32 held-out seeds, with 95 %
t-intervals, the paired t-test and the Wilcoxon signed-rank test (`l2l stats`).

    python bench/heldout/analyze.py RUNS_DIR [L2L_BINARY] [--json PER_TASK.json]

For enkf-digits, es-digits and morris-lecar-wm the two arms are two files (`STUDY-own.h5`,
`STUDY-tuned.h5`) whose held-out phase ran the spec's settings (own) or the published tuned set given
with --set (tuned) as its `/test` baseline: the per-task values are `test/baseline_metric_*`.
For the Go/No-Go pair the values are trials to relearn (= −fitness) of `/test` (tuned) and of the
`/test` baseline (the spec's own constants).
"""
import json
import os
import subprocess
import sys

import h5py
import numpy as np

args = [a for a in sys.argv[1:] if not a.startswith("--json")]
runs = args[0]
binary = args[1] if len(args) > 1 else os.path.join(os.path.dirname(__file__), "../../.build/release/l2l")
out_json = sys.argv[sys.argv.index("--json") + 1] if "--json" in sys.argv else None
if out_json in args:
    args.remove(out_json)

STUDIES = [("enkf-digits", "test_accuracy", 3), ("es-digits", "test_accuracy", 3), ("morris-lecar-wm", "test_mse", 4)]


def stats(a, b=None):
    cmd = [binary, "stats", "--json", ",".join(repr(float(v)) for v in a)]
    if b is not None:
        cmd.append(",".join(repr(float(v)) for v in b))
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def interval(s, digits):
    return f"{s['mean']:.{digits}f} [{s['t_low']:.{digits}f}, {s['t_high']:.{digits}f}]"


def row(label, a, b, digits):
    s = stats(a, b)
    lower = int(np.sum(np.asarray(a) < np.asarray(b)))
    higher = int(np.sum(np.asarray(a) > np.asarray(b)))
    print(f"| {label} | {interval(s['a'], digits)} | {interval(s['b'], digits)} | {interval(s['difference'], digits)} | "
          f"{s['paired_t']['p_value']:.2g} | {s['wilcoxon']['p_value']:.2g} | {s['a']['count']} | {lower} / {higher} |")


per_task = {}
print("| comparison, per held-out task | A: mean [95 % t] | B | A − B [95 % t] | paired t p | Wilcoxon p | n | A < B / A > B |")
print("|---|---|---|---|---|---|---|---|")
for study, metric, digits in STUDIES:
    arms = {}
    for arm in ("tuned", "own"):
        path = os.path.join(runs, f"{study}-{arm}.h5")
        if not os.path.exists(path):
            break
        with h5py.File(path, "r") as f:
            arms[arm] = (np.asarray(f["test/task_seed"]), np.asarray(f[f"test/baseline_metric_{metric}"])[:, 0])
    if len(arms) < 2:
        print(f"| {study} | (missing) |")
        continue
    assert (arms["tuned"][0] == arms["own"][0]).all(), f"{study}: the arms' held-out tasks differ"
    per_task[study] = {"task_seed": arms["own"][0].tolist(), "metric": metric,
                       "tuned": arms["tuned"][1].tolist(), "own": arms["own"][1].tolist()}
    row(f"{study} {metric}: tuned (A) vs spec's own (B)", arms["tuned"][1], arms["own"][1], digits)

if "enkf-digits" in per_task and "es-digits" in per_task:   # the same digit tasks (seeds, splits, initial weights)
    es, enkf = per_task["es-digits"], per_task["enkf-digits"]
    if es["task_seed"] == enkf["task_seed"]:
        for arm in ("own", "tuned"):
            row(f"test_accuracy: OpenAI-ES (A) vs EnKF (B), {arm}", es[arm], enkf[arm], 3)

gonogo = {}
for study in ("gonogo-neuromod", "gonogo-dopamine-only"):
    path = os.path.join(runs, f"{study}-full.h5")
    if os.path.exists(path):
        with h5py.File(path, "r") as f:
            gonogo[study] = {"task_seed": np.asarray(f["test/task_seed"]).tolist(),
                             "tuned": (-np.asarray(f["test/final_fitness"])[:, 0]).tolist(),
                             "own": (-np.asarray(f["test/baseline_final_fitness"])[:, 0]).tolist()}
if len(gonogo) == 2:
    na, da = gonogo["gonogo-neuromod"], gonogo["gonogo-dopamine-only"]
    assert na["task_seed"] == da["task_seed"]
    row("trials to relearn: DA + NA (A) vs DA only (B), spec's own", na["own"], da["own"], 1)
    row("trials to relearn: DA + NA (A) vs DA only (B), tuned", na["tuned"], da["tuned"], 1)
    row("trials to relearn: DA + NA tuned (A) vs own (B)", na["tuned"], na["own"], 1)
    row("trials to relearn: DA only tuned (A) vs own (B)", da["tuned"], da["own"], 1)
    for name, d in gonogo.items():
        for arm in ("tuned", "own"):
            v = np.asarray(d[arm])
            print(f"{name} {arm}: median {np.median(v):g}, never relearn {int(np.sum(v >= 200))} of {len(v)}")
    per_task.update(gonogo)
if out_json:
    with open(out_json, "w") as f:
        json.dump(per_task, f, indent=1)
