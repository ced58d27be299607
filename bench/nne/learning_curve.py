"""NNE learning curve of bench/nne/nne-paper-n1000.yaml (issue 20 item 5): held-out accuracy against
generations from the outer grid over `inner.iterations` (independent runs on the same train task), the
per-generation δ of each run (`runs/state_mean_fitness`: the population's mean δ on the generation's
mini-batch), evolution's share in NNE + SignSGD against the 1-generation control, the winner's curse of
the told δ (`rescore_*` metrics), and two extrapolations of accuracy to the paper's 78.8 %.

    python bench/nne/learning_curve.py RESULT.h5 [FIGURE.png]
"""
import sys

import h5py
import numpy as np

path = sys.argv[1]
with h5py.File(path, "r") as f:
    r = f["runs"]
    phase = [p.decode() if isinstance(p, bytes) else p for p in r["phase"][...]]
    g = r["iterations"][...]
    seed = r["task_seed"][...]
    col = {k[len("metric_"):]: r[k][...] for k in r if k.startswith("metric_")}
    mean_delta = r["state_mean_fitness"][...] if "state_mean_fitness" in r else None
    fixed = r["state_fixed_fraction"][...] if "state_fixed_fraction" in r else None
    final = r["final_best_fitness"][...]

print("| phase | task seed | generations | held-out acc. NNE | NNE + SignSGD | validated δ | told δ of the chosen / of the optimizer's incumbent | chosen's told rank | population mean δ, last gen | fixed fraction |")
print("|---|---|---|---|---|---|---|---|---|---|")
order = sorted(range(len(g)), key=lambda i: (phase[i] != "train", seed[i], g[i]))
for i in order:
    last = int(g[i]) - 1
    md = mean_delta[i, last] if mean_delta is not None else float("nan")
    fx = fixed[i, last] if fixed is not None else float("nan")
    told = col.get("rescore_told_fitness", [np.nan] * len(g))[i]
    inc = col.get("rescore_incumbent_told_fitness", [np.nan] * len(g))[i]
    rank = col.get("rescore_rank", [np.nan] * len(g))[i]
    print(f"| {phase[i]} | {seed[i]} | {g[i]} | {col['test_accuracy'][i]:.3f} | {col['test_accuracy_after_signsgd'][i]:.3f} | "
          f"{final[i]:.3f} | {told:.3f} / {inc:.3f} | {rank:.0f} | {md:.3f} | {fx:.3f} |")

# Evolution's share: NNE + SignSGD after G generations minus after 1 generation, same task and SignSGD budget.
for s in sorted(set(seed)):
    idx = [i for i in range(len(g)) if seed[i] == s]
    one = [i for i in idx if g[i] == 1]
    most = max(idx, key=lambda i: g[i])
    if one and g[most] > 1:
        a, b = col["test_accuracy_after_signsgd"][most], col["test_accuracy_after_signsgd"][one[0]]
        print(f"task {s}: NNE + SignSGD after {g[most]} generations {a:.3f} vs 1 generation {b:.3f}: evolution's share {100 * (a - b):+.1f} points")

# Extrapolation from the train task's grid (accuracy against generations): linear in log G and a line
# through the last two points; generations to reach 78.8 % by each (an optimistic and a plain reading).
train = sorted((g[i], col["test_accuracy"][i]) for i in range(len(g)) if phase[i] == "train")
x = np.array([t[0] for t in train], float)
y = np.array([t[1] for t in train], float)
target = 0.788
if len(x) >= 3 and (y[1:] > y[0]).any():
    slope, icpt = np.polyfit(np.log(x), y, 1)
    print(f"fit acc = {icpt:.4f} + {slope:.4f}·ln G: " + (f"78.8 % at G ≈ {np.exp((target - icpt) / slope):.3g}" if slope > 0 else "no gain"))
    s2 = (y[-1] - y[-2]) / (x[-1] - x[-2])
    print(f"last segment: {1000 * s2:.3f} points per 100 generations" +
          (f"; 78.8 % at G ≈ {x[-1] + (target - y[-1]) / s2:.3g}" if s2 > 0 else ""))
adv = sorted((g[i], col["test_advantage"][i]) for i in range(len(g)) if phase[i] == "train")
if len(adv) >= 3:
    ax_, ay_ = np.array([a[0] for a in adv], float), np.array([a[1] for a in adv], float)
    s3, c3 = np.polyfit(ax_, ay_, 1)
    print(f"held-out δ (test_advantage) = {c3:.4f} + {100 * s3:.4f} per 100 generations (linear fit over G = "
          + ", ".join(f"{int(v)}" for v in ax_) + "): " + ", ".join(f"{v:.3f}" for v in ay_))
if mean_delta is not None:
    i = max((i for i in range(len(g)) if phase[i] == "train"), key=lambda i: g[i])
    d = mean_delta[i, : g[i]]
    k = max(1, len(d) // 10)
    print("population mean δ per tenth of the longest train run:", " ".join(f"{v:.3f}" for v in np.nanmean(d[: k * (len(d) // k)].reshape(-1, k), axis=1)))

if len(sys.argv) > 2:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(1, 2, figsize=(10, 3.6))
    ax[0].plot(x, 100 * y, "o-", label="NNE (held-out)")
    ax[0].plot(x, [100 * col["test_accuracy_after_signsgd"][i] for i in order if phase[i] == "train"], "s-", label="NNE + SignSGD")
    ax[0].axhline(78.8, ls="--", c="gray", label="paper NNE 78.8 %")
    ax[0].set_xlabel("generations (N = 1,000)"); ax[0].set_ylabel("accuracy %"); ax[0].legend(fontsize=8)
    if mean_delta is not None:
        for i in range(len(g)):
            if phase[i] == "train" and g[i] > 1:
                ax[1].plot(np.arange(1, g[i] + 1), mean_delta[i, : g[i]], label=f"G = {g[i]}")
        ax[1].set_xlabel("generation"); ax[1].set_ylabel("population mean δ (mini-batch)"); ax[1].legend(fontsize=8)
    fig.tight_layout(); fig.savefig(sys.argv[2], dpi=110)
