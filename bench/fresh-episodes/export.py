"""Writes the per-held-out-task values of the issue 20 round-4 fresh-episode study (bench/fresh-episodes/run2.sh)
to bench/fresh-episodes/per-task-r4.json, which docs/results.md quotes and the celegans-foraging notebook draws
(the result files themselves are not committed).

    python bench/fresh-episodes/export.py RUNS_DIR [OUT_JSON [L2L_BINARY]]
"""
import json
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from analyze_common import stats  # noqa: E402

runs = sys.argv[1]
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "per-task-r4.json")
binary = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(__file__), "../../.build/release/l2l")
metrics = {"ch": ("final_distance", "final_distance_prior"), "cf": ("food_eaten", "food_eaten_prior")}
study = {"description": "Per held-out task (seeds 1000–1009, 8 held-out episodes each) of `l2l run SPEC --scale fresh` "
                        "(bench/fresh-episodes/run2.sh): trained and untrained, with the spec's own inner settings "
                        "(baseline) and the tuned set (tuned); ch = chemotaxis final distance (lower better), "
                        "cf = foraging food eaten per episode.", "arms": {}}
for name in sorted(os.listdir(runs)):
    if not name.endswith(".h5"):
        continue
    arm = name[:-3]
    trained, untrained = metrics[arm[:2]]
    with h5py.File(os.path.join(runs, name), "r") as f:
        if "test" not in f or "baseline_metric_" + trained not in f["test"]:
            continue  # a run still being written
        t = f["test"]
        entry = {"evaluations_per_run": int(np.asarray(f["runs"]["evaluations"]).max()),
                 "task_seed": [int(s) for s in np.asarray(t["task_seed"])]}
        for tag, prefix in (("baseline", "baseline_metric_"), ("tuned", "metric_")):
            a, b = np.asarray(t[prefix + trained])[:, 0], np.asarray(t[prefix + untrained])[:, 0]
            s = stats(binary, a, b)
            entry[tag] = {"trained": [round(float(v), 6) for v in a], "untrained": [round(float(v), 6) for v in b],
                          "difference": {k: s["difference"][k] for k in ("mean", "t_low", "t_high")},
                          "paired_t_p": s["paired_t"]["p_value"], "wilcoxon_p": s["wilcoxon"]["p_value"]}
        study["arms"][arm] = entry
with open(out, "w") as f:
    json.dump(study, f, indent=1)
print(f"{out}: {len(study['arms'])} arms")
