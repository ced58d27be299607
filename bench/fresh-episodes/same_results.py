"""Do two `l2l run` result files of the same spec hold the same results? Compares every floating-point
dataset of /test and /runs/final_best_fitness, /runs/evaluations (e.g. a study re-run on a newer build
against the file of an older one) and prints, per file pair, `identical` or the datasets that differ with
their largest absolute difference. Exit status 1 when any differs.

    python bench/fresh-episodes/same_results.py OLD.h5 NEW.h5 [OLD2.h5 NEW2.h5 ...]
"""
import sys

import h5py
import numpy as np

status = 0
pairs = sys.argv[1:]
for old, new in zip(pairs[::2], pairs[1::2]):
    diffs, compared = [], 0
    with h5py.File(old, "r") as a, h5py.File(new, "r") as b:
        names = [f"test/{k}" for k in a["test"]] + ["runs/final_best_fitness", "runs/evaluations"]
        for name in names:
            if name not in b:
                diffs.append(f"{name} (missing in the new file)")
                continue
            x, y = np.asarray(a[name]), np.asarray(b[name])
            if x.dtype.kind not in "fiu":
                continue
            compared += 1
            if x.shape != y.shape:
                diffs.append(f"{name} (shape {x.shape} vs {y.shape})")
            elif not np.array_equal(x, y, equal_nan=True):
                diffs.append(f"{name} (max |Δ| {np.nanmax(np.abs(x.astype(float) - y.astype(float))):.3g})")
    print(f"{old} vs {new}: " + ("identical" if not diffs else "DIFFER: " + "; ".join(diffs)) + f" ({compared} datasets)")
    status |= bool(diffs)
sys.exit(status)
