"""Tables of an NNE outer-loop study (issue 20 item 5, round 5): the outer grid on the train tasks and the
held-out comparison of the grid's best (`test/metric_*`) against the spec's own inner settings
(`test/baseline_metric_*`), paired by held-out task with `l2l stats` (95 % t interval, paired t, Wilcoxon).

    python bench/nne/nne_heldout.py RESULT.h5 [--json OUT.json] [--binary L2L]
        [--versus OTHER.h5 ARM_HERE ARM_THERE LABEL]...

`--versus` pairs an arm of this file (`tuned` or `baseline`) with an arm of another file by task seed (both
files must share the spec seed and the test seeds, so the held-out images are the same), e.g. the tuned
ε at 100 generations against the 1-generation control of bench/nne/nne-evolution-share.yaml.
"""
import argparse
import json
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "fresh-episodes"))
from analyze_common import arm, p, stats  # noqa: E402

METRICS = [("test_accuracy", "NNE held-out accuracy"), ("test_advantage", "NNE held-out δ"),
           ("test_accuracy_after_signsgd", "NNE + SignSGD held-out accuracy")]


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def heldout(path):
    """Per held-out task values of both arms: {'task_seed': [...], 'tuned': {metric: [...]}, 'baseline': {...}}."""
    with h5py.File(path, "r") as f:
        t = f["test"]
        out = {"task_seed": [int(s) for s in np.asarray(t["task_seed"])],
               "best_hyperparameters": {text(n): float(v) for n, v in
                                        zip(np.asarray(t["hyperparameter_name"]).ravel(),
                                            np.asarray(t["best_hyperparameters"]).ravel())},
               "tuned": {}, "baseline": {}}
        for m, _ in METRICS + [("rescore_rank", "")]:
            out["tuned"][m] = [float(v) for v in np.asarray(t["metric_" + m])[:, 0]]
            out["baseline"][m] = [float(v) for v in np.asarray(t["baseline_metric_" + m])[:, 0]]
        out["tuned"]["validated_delta"] = [float(v) for v in np.asarray(t["final_fitness"]).reshape(len(out["task_seed"]), -1)[:, 0]]
        out["baseline"]["validated_delta"] = [float(v) for v in np.asarray(t["baseline_final_fitness"]).reshape(len(out["task_seed"]), -1)[:, 0]]
    return out


def last_finite(values):
    v = np.asarray(values, float)
    v = v[np.isfinite(v)]
    return float(v[-1]) if len(v) else float("nan")


def grid(path):
    """The outer grid on the train tasks: per searched value, the mean over train tasks."""
    with h5py.File(path, "r") as f:
        r, o = f["runs"], f["outer"]
        names = [text(n) for n in np.asarray(o["hyperparameter_name"]).ravel()]
        values = np.asarray(o["hyperparameters"])  # generation × individual × hyperparameter
        phase = [text(x) for x in r["phase"][...]]
        rows = {}
        for i, ph in enumerate(phase):
            if ph != "train":
                continue
            key = tuple(float(v) for v in values[int(r["generation"][i]), int(r["individual"][i])])
            rows.setdefault(key, []).append(
                (float(r["final_best_fitness"][i]), float(r["metric_test_accuracy"][i]),
                 float(r["metric_test_accuracy_after_signsgd"][i]),
                 last_finite(r["state_fixed_fraction"][i]) if "state_fixed_fraction" in r else float("nan")))
    return names, rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("result")
    ap.add_argument("--json")
    ap.add_argument("--binary", default=os.path.join(os.path.dirname(__file__), "../../.build/release/l2l"))
    ap.add_argument("--versus", nargs=4, action="append", default=[], metavar=("OTHER", "ARM_HERE", "ARM_THERE", "LABEL"))
    a = ap.parse_args()

    names, rows = grid(a.result)
    print(f"Outer grid on the train tasks ({', '.join(names)}): mean over train tasks\n")
    print("| " + " | ".join(names) + " | validated δ (outer fitness) | train-task held-out acc. NNE | NNE + SignSGD | fixed fraction |")
    print("|" + "---|" * (len(names) + 4))
    for key in sorted(rows):
        v = np.array(rows[key])
        print("| " + " | ".join(f"{k:.4g}" for k in key) + " | " + " | ".join(f"{x:.3f}" for x in v.mean(axis=0)) + " |")

    h = heldout(a.result)
    print(f"\nHeld-out tasks {h['task_seed'][0]}–{h['task_seed'][-1]} (n = {len(h['task_seed'])}): grid's best "
          f"{h['best_hyperparameters']} (A) against the spec's own (B)\n")
    print("| metric | A: mean [95 % t] | B | A − B [95 % t] | paired t p | Wilcoxon p |")
    print("|---|---|---|---|---|---|")
    summary = {}
    for m, label in METRICS + [("validated_delta", "validated δ (re-scored, train mini-batches)")]:
        if len(h["task_seed"]) < 2:  # no interval or test from one task
            print(f"| {label} | {h['tuned'][m][0]:.3f} | {h['baseline'][m][0]:.3f} | {h['tuned'][m][0] - h['baseline'][m][0]:+.3f} | – | – |")
            continue
        s = stats(a.binary, h["tuned"][m], h["baseline"][m])
        summary[m] = {"difference": {k: s["difference"][k] for k in ("mean", "t_low", "t_high")},
                      "paired_t_p": s["paired_t"].get("p_value"), "wilcoxon_p": s["wilcoxon"].get("p_value")}
        print(f"| {label} | {arm(s['a'])} | {arm(s['b'])} | {arm(s['difference'])} | {p(s['paired_t'])} | {p(s['wilcoxon'])} |")
    h["comparison"] = summary

    h["versus"] = []
    for other, here, there, label in a.versus:
        o = heldout(other)
        common = [s for s in h["task_seed"] if s in o["task_seed"]]
        xa = [h[here]["test_accuracy_after_signsgd"][h["task_seed"].index(s)] for s in common]
        xb = [o[there]["test_accuracy_after_signsgd"][o["task_seed"].index(s)] for s in common]
        s = stats(a.binary, xa, xb)
        print(f"\n{label}: NNE + SignSGD held-out accuracy, n = {len(common)}: A {arm(s['a'])}, B {arm(s['b'])}, "
              f"A − B {arm(s['difference'])}, paired t p {p(s['paired_t'])}, Wilcoxon p {p(s['wilcoxon'])}")
        h["versus"].append({"label": label, "other": os.path.basename(other), "arm_here": here, "arm_there": there,
                            "task_seed": common, "a": xa, "b": xb,
                            "difference": {k: s["difference"][k] for k in ("mean", "t_low", "t_high")},
                            "paired_t_p": s["paired_t"].get("p_value"), "wilcoxon_p": s["wilcoxon"].get("p_value")})
    if a.json:
        h["grid"] = {",".join(f"{k:.6g}" for k in key): np.array(v).mean(axis=0).round(6).tolist() for key, v in sorted(rows.items())}
        h["grid_columns"] = ["validated_delta", "test_accuracy", "test_accuracy_after_signsgd", "fixed_fraction"]
        with open(a.json, "w") as f:
            json.dump(h, f, indent=1)


if __name__ == "__main__":
    main()
