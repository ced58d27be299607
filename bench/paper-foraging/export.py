"""Writes the per-held-out-task values of bench/paper-foraging/run.sh's result files (every `paper-*.h5` in
RUNS_DIR) to a JSON file, so later studies can pair with them by task without the result files (which are not
committed): food eaten and reward per held-out episode of the trained worm, the untrained connectome (prior) and
random weights, for the spec's own inner settings (baseline) and the outer loop's best (tuned).

    python bench/paper-foraging/export.py RUNS_DIR OUT_JSON
"""
import json
import os
import sys

import h5py
import numpy as np

runs, out = sys.argv[1], sys.argv[2]
METRICS = ["food_eaten", "food_eaten_prior", "food_eaten_random", "test_fitness", "test_fitness_prior", "test_fitness_random"]
study = {"description": "Per held-out task (seeds 1000–1009, 12 held-out layouts each) of "
                        "`l2l run experiments/celegans-foraging-paper*.yaml --scale study` (bench/paper-foraging/run.sh): "
                        "food eaten and reward (test_fitness) per 250-step episode; _prior = the untrained connectome, "
                        "_random = random weights in the bounds, on the same layouts.", "arms": {}}
for name in sorted(os.listdir(runs)):
    if not (name.startswith("paper-") and name.endswith(".h5")):
        continue
    with h5py.File(os.path.join(runs, name), "r") as f:
        if "test" not in f:
            continue
        t = f["test"]
        entry = {"task_seed": [int(s) for s in np.asarray(t["task_seed"])],
                 "evaluations_per_run": [int(v) for v in np.asarray(f["runs"]["evaluations"])]}
        for tag, prefix in (("baseline", "baseline_metric_"), ("tuned", "metric_")):
            entry[tag] = {m: [round(float(v), 6) for v in np.asarray(t[prefix + m])[:, 0]] for m in METRICS if prefix + m in t}
        study["arms"][name[:-3]] = entry
with open(out, "w") as f:
    json.dump(study, f, indent=1)
print(f"{out}: {len(study['arms'])} arms")
