"""Shared helpers of the issue 20 study tables: read per-held-out-task metrics from `l2l run` result files
and compare two arms with `l2l stats --json` (t interval, paired t-test, Wilcoxon signed-rank)."""
import json
import os
import subprocess

import h5py
import numpy as np


def column(runs, name, metric, baseline=True):
    """Per held-out task values of `test/[baseline_]metric_<metric>` in RUNS/NAME.h5 (None if absent)."""
    path = os.path.join(runs, name + ".h5")
    if not os.path.exists(path):
        return None
    with h5py.File(path, "r") as f:
        key = ("baseline_metric_" if baseline else "metric_") + metric
        if "test" not in f or key not in f["test"]:
            return None  # a run still being written
        return np.asarray(f["test"][key])[:, 0]


def stats(binary, a, b=None):
    args = [binary, "stats", "--json", ",".join(repr(float(v)) for v in a)]
    if b is not None:
        args.append(",".join(repr(float(v)) for v in b))
    return json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)


def arm(s):
    return f"{s['mean']:.3f} [{s['t_low']:.3f}, {s['t_high']:.3f}]"


def header():
    print("| comparison (per held-out task) | A: mean [95 % t] | B | A − B [95 % t] | paired t p | Wilcoxon p | n |")
    print("|---|---|---|---|---|---|---|")


def compare(label, a, b, binary):
    if a is None or b is None:
        print(f"| {label} | (missing file) |")
        return
    s = stats(binary, a, b)
    print(f"| {label} | {arm(s['a'])} | {arm(s['b'])} | {arm(s['difference'])} | "
          f"{p(s['paired_t'])} | {p(s['wilcoxon'])} ({str(s['wilcoxon'].get('method', '-')).split('_')[-1]}) | {s['a']['count']} |")


def p(test):
    """A test's p-value, or what `l2l stats` says instead (e.g. every difference 0)."""
    value = test.get("p_value")
    return f"{value:.3g}" if isinstance(value, (int, float)) else str(value)
