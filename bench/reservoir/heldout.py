"""Held-out table of a reservoir-enkf study (issue 20 item 6): the outer GA's individuals (hyperparameters and outer
fitness), then the grid's/GA's best (`test/metric_*`) against the spec's own inner settings (`test/baseline_metric_*`)
on every held-out task, paired by task with `l2l stats` (mean, 95 % t interval, paired t-test, Wilcoxon signed-rank).

    python bench/reservoir/heldout.py RESULT.h5 [--binary L2L] [--json OUT.json]
"""
import argparse
import json
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "fresh-episodes"))
from analyze_common import compare, header  # noqa: E402

METRICS = [("test_accuracy", "held-out test accuracy"), ("test_loss", "held-out cross-entropy")]


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("result")
    ap.add_argument("--binary", default=os.environ.get("L2L_BIN", ".build/release/l2l"))
    ap.add_argument("--json")
    a = ap.parse_args()
    with h5py.File(a.result, "r") as f:
        o, t = f["outer"], f["test"]
        names = [text(n) for n in np.asarray(o["hyperparameter_name"]).ravel()]
        hp, fit = np.asarray(o["hyperparameters"]), np.asarray(o["fitness"])
        print("Outer loop (train tasks; outer fitness = mean best batch −cross-entropy):\n")
        print("| generation | individual | " + " | ".join(names) + " | outer fitness |")
        print("|---|---|" + "---|" * len(names) + "---|")
        for g in range(hp.shape[0]):
            for i in range(hp.shape[1]):
                print(f"| {g} | {i} | " + " | ".join(f"{v:.4g}" for v in hp[g, i]) + f" | {fit[g, i]:.4f} |")
        best = {text(n): float(v) for n, v in zip(np.asarray(t["hyperparameter_name"]).ravel(),
                                                  np.asarray(t["best_hyperparameters"]).ravel())}
        seeds = [int(s) for s in np.asarray(t["task_seed"]).ravel()]
        arms = {"tuned": {}, "baseline": {}}
        for m, _ in METRICS:
            if "metric_" + m in t:
                arms["tuned"][m] = [float(v) for v in np.asarray(t["metric_" + m])[:, 0]]
                arms["baseline"][m] = [float(v) for v in np.asarray(t["baseline_metric_" + m])[:, 0]]
        arms["tuned"]["final_fitness"] = [float(v) for v in np.asarray(t["final_fitness"]).reshape(len(seeds), -1)[:, 0]]
        arms["baseline"]["final_fitness"] = [float(v) for v in np.asarray(t["baseline_final_fitness"]).reshape(len(seeds), -1)[:, 0]]
        elapsed = f["provenance"].attrs.get("elapsed_seconds")
    print(f"\nHeld-out tasks {seeds[0]}–{seeds[-1]} (n = {len(seeds)}): the outer loop's best {best} (A) against the "
          f"spec's own inner settings (B){'' if elapsed is None else f'; run wall time {float(elapsed):.0f} s'}\n")
    header()
    for m, label in METRICS:
        if m in arms["tuned"]:
            compare(label, arms["tuned"][m], arms["baseline"][m], a.binary)
    # the inner fitness is −cross-entropy (negative: `l2l stats` would read a leading '-' as an option)
    compare("final best batch cross-entropy (−inner fitness)", [-v for v in arms["tuned"]["final_fitness"]],
            [-v for v in arms["baseline"]["final_fitness"]], a.binary)
    print("\nper task (A / B accuracy): " + ", ".join(
        f"{s}: {x:.3f}/{y:.3f}" for s, x, y in zip(seeds, arms["tuned"]["test_accuracy"], arms["baseline"]["test_accuracy"])))
    if a.json:
        with open(a.json, "w") as fh:
            json.dump({"file": os.path.basename(a.result), "task_seed": seeds, "best_hyperparameters": best,
                       "outer": {"names": names, "hyperparameters": hp.tolist(), "fitness": fit.tolist()}, **arms}, fh, indent=1)


if __name__ == "__main__":
    main()
