"""EnKF covariance spectra of reservoir runs (issue 20 item 6; the analysis of the reservoir-enkf notebook and of the
thesis): for every run of a result file recorded with `record.state: true` and `record.covariance: low_rank`, the
eigenvalues of the parameter covariance C = A Aᵀ/(J − 1) after each EnKF iteration, from the ensemble anomalies A
(`runs/state_anomalies`, D × J per iteration; NaN columns are members past the run's ensemble). C has rank ≤ J − 1
(the subspace property: the ensemble explores at most J − 1 directions of the D weights). Printed per run and
iteration: trace C (total variance), the largest eigenvalue, the share of the trace in the first 1 and 5 directions,
the participation ratio (Σλ)²/Σλ² (the effective number of directions) and the ensemble's misfit.

    python bench/reservoir/spectra.py RESULT.h5 [--figure OUT.png] [--json OUT.json]
"""
import argparse
import json

import h5py
import numpy as np


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def eigenvalues(a):
    a = a[:, np.isfinite(a).all(axis=0)]
    j = a.shape[1]
    # λ(A Aᵀ) = λ(Aᵀ A): a J × J problem instead of D × D
    ev = np.linalg.eigvalsh(a.T @ a)[::-1] / max(j - 1, 1)
    return np.clip(ev[: max(j - 1, 1)], 0, None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("result")
    ap.add_argument("--figure")
    ap.add_argument("--json")
    a = ap.parse_args()
    out = []
    with h5py.File(a.result, "r") as f:
        r = f["runs"]
        phase = [text(p) for p in r["phase"][...]]
        for k in range(len(phase)):
            n = int(r["iterations"][k])
            spec = [eigenvalues(r["state_anomalies"][k, i]) for i in range(n)]
            misfit = [float(v) for v in r["state_misfit_mean"][k, :n]]
            rows = []
            for i, ev in enumerate(spec):
                tr = float(ev.sum())
                rows.append({"iteration": i + 1, "members": len(ev) + 1, "trace": tr, "largest": float(ev[0]),
                             "top1_share": float(ev[0] / tr), "top5_share": float(ev[:5].sum() / tr),
                             "participation_ratio": float(tr ** 2 / np.sum(ev ** 2)), "misfit": misfit[i]})
            out.append({"phase": phase[k], "task_seed": int(r["task_seed"][k]), "rows": rows,
                        "eigenvalues": [ev.tolist() for ev in spec],
                        "test_accuracy": float(r["metric_test_accuracy"][k]) if "metric_test_accuracy" in r else None})
    for run in out:
        print(f"\n{run['phase']} task {run['task_seed']} (J = {run['rows'][0]['members']}, held-out accuracy "
              f"{run['test_accuracy']:.3f}):\n")
        print("| iteration | trace C | largest λ | share of λ₁ | share of λ₁…λ₅ | participation ratio | misfit |")
        print("|---|---|---|---|---|---|---|")
        for row in run["rows"]:
            if row["iteration"] in (1, 2, 5, 10, 15, 20) or row["iteration"] == len(run["rows"]):
                print(f"| {row['iteration']} | {row['trace']:.4g} | {row['largest']:.4g} | {row['top1_share']:.3f} | "
                      f"{row['top5_share']:.3f} | {row['participation_ratio']:.1f} | {row['misfit']:.4f} |")
    if a.json:
        with open(a.json, "w") as fh:
            json.dump([{k: v for k, v in run.items() if k != "eigenvalues"} for run in out], fh, indent=1)
    if a.figure:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        shown = [run for run in out if run["phase"] in ("test", "baseline")] or out
        fig, axes = plt.subplots(1, len(shown) + 1, figsize=(4.6 * (len(shown) + 1), 3.6))
        cmap = plt.get_cmap("plasma")
        for ax, run in zip(axes, shown):
            m = len(run["eigenvalues"])
            for i, ev in enumerate(run["eigenvalues"]):
                ax.plot(np.arange(1, len(ev) + 1), ev, color=cmap(i / max(m - 1, 1)), lw=1)
            ax.set(yscale="log", xlabel="eigenvalue rank", ylabel="eigenvalue of C",
                   title=f"{run['phase']} task {run['task_seed']}, J = {run['rows'][0]['members']} (colour: iteration)")
            it = [row["iteration"] for row in run["rows"]]
            axes[-1].plot(it, [row["trace"] for row in run["rows"]], label=f"{run['phase']}: trace C")
            axes[-1].plot(it, [row["largest"] for row in run["rows"]], "--", label=f"{run['phase']}: largest λ")
        axes[-1].set(yscale="log", xlabel="EnKF iteration", title="total and leading variance")
        axes[-1].legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(a.figure, dpi=120)


if __name__ == "__main__":
    main()
