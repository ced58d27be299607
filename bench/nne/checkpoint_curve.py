"""Held-out learning curve of NNE from one long run per task (issue 20 item 5, round 6).

`record.state: true` keeps, after every generation, the optimizer's incumbent genotype (`runs/best_x`: the best
genotype so far by told δ) and the allele frequencies (`runs/state_allele_frequency`). This script scores both the
incumbent and the consensus genotype (allele 1 where p > ½) of every generation on the task's held-out images with
nne_network.py (a NumPy copy of the network and split), and "NNE + SignSGD" of the incumbent every `--signsgd-every`
generations. Before trusting the copy it checks it against the run's own final report wherever the reported
genotype is the recorded incumbent (re-score rank 0): accuracy and loss must agree to 1e-9.

Then: the curve table, evolution's share in NNE + SignSGD against the 1-generation run on the same task (same
SignSGD budget), and three extrapolations of the held-out accuracy to 70 % and 78.8 % (the paper), each with its
assumption: log-linear in G, a power law of the error toward a ceiling, and a saturating exponential.

    python bench/nne/checkpoint_curve.py RESULT.h5 [--json OUT.json] [--figure OUT.png] [--signsgd-every 25]
    python bench/nne/checkpoint_curve.py OUT.json [--figure OUT.png]      # the table and figure again
"""
import argparse
import json
import os
import re
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import nne_network as nn  # noqa: E402

TARGETS = (0.70, 0.788)


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def spec_of(f, spec_file=None):
    """The optimizee settings the run recorded (`optimizee.genotype_classifier` of the spec text in the file's
    attributes, else of `spec_file`; the first occurrence of each key, so a scale that changes them is not supported)."""
    if "spec" in f.attrs:
        spec = text(f.attrs["spec"])
    elif spec_file:
        with open(spec_file) as fh:
            spec = fh.read()
    else:
        sys.exit("checkpoint_curve.py: the file records no spec; pass --spec")
    block = spec[spec.index("genotype_classifier:"):]

    def num(key, default=None):
        m = re.search(r"\b" + key + r":\s*([0-9.eE+-]+)", block)
        if m is None and default is None:
            sys.exit(f"checkpoint_curve.py: no {key} in the recorded spec")
        return float(m.group(1)) if m else default

    sgd = re.search(r"signsgd_after:\s*{([^}]*)}", block)
    sg = dict(kv.split(":") for kv in sgd.group(1).replace(" ", "").split(",")) if sgd else {}
    return dict(hidden=int(num("hidden")), genes=int(num("genes")), p=num("connection_probability", 0.1),
                beta=num("density", 0.0025), seed=int(num("network_seed", 0)), train=int(num("train_per_class")),
                test=int(num("test_per_class")), lr=float(sg.get("learning_rate", 1e-3)),
                steps=int(sg.get("steps", 300)), batch=int(sg.get("batch_size", 50)))


def fits(g, acc):
    """Extrapolations of accuracy(G) fitted on the second half of the curve (G ≥ G_max / 2)."""
    keep = g >= g.max() / 2
    x, y = g[keep].astype(float), acc[keep]
    out = {}
    b, a = np.polyfit(np.log(x), y, 1)  # acc = a + b ln G
    out["log_linear"] = {"a": a, "b_per_e_fold": b,
                         "G_at": {str(t): (float(np.exp((t - a) / b)) if b > 0 else None) for t in TARGETS},
                         "assumption": "accuracy keeps gaining the same points per e-fold of generations"}
    # error toward 1: 1 − acc = c G^(−k)
    k, c = np.polyfit(np.log(x), np.log(np.clip(1 - y, 1e-6, None)), 1)
    out["power_law_error"] = {"exponent": -k, "c": float(np.exp(c)),
                              "G_at": {str(t): (float(np.exp((np.log(1 - t) - c) / k)) if k < 0 else None) for t in TARGETS},
                              "assumption": "the error 1 − acc falls as a power of G with no floor above 0"}
    # saturating exponential acc = A − B exp(−G/τ): least squares in A, B for each τ on a grid
    best = None
    for tau in np.geomspace(10, 1e6, 400):
        e = np.exp(-x / tau)
        X = np.stack([np.ones_like(e), -e], axis=1)
        coef, res, *_ = np.linalg.lstsq(X, y, rcond=None)
        r = float(np.sum((X @ coef - y) ** 2))
        if best is None or r < best[0]:
            best = (r, tau, coef)
    _, tau, (A, B) = best
    # τ at the grid's top: no curvature in the fitted range, the model is a straight line (A, B meaningless)
    degenerate = tau >= 1e6 * 0.99
    out["saturating"] = {"ceiling_A": float(A), "B": float(B), "tau": float(tau), "degenerate_line": bool(degenerate),
                         "G_at": {str(t): (float(-tau * np.log((A - t) / B)) if A > t and B > 0 else None) for t in TARGETS},
                         "assumption": "accuracy approaches a ceiling A exponentially (time constant τ generations)"}
    last = g >= g.max() - g.max() // 4
    s = np.polyfit(g[last].astype(float), acc[last], 1)[0]
    out["last_quarter_slope_points_per_100"] = float(100 * 100 * s)
    out["fit_range"] = [int(x.min()), int(x.max())]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("result")
    ap.add_argument("--json")
    ap.add_argument("--figure")
    ap.add_argument("--signsgd-every", type=int, default=25)
    ap.add_argument("--spec", help="the spec, for a generation's part file (RESULT.h5.parts/g0000.h5) of a run in progress")
    ap.add_argument("--smooth", type=int, default=25, help="window (generations) of the running mean in the table")
    a = ap.parse_args()
    if a.result.endswith(".json"):  # a curve computed before (--json): table and figure only
        with open(a.result) as fh:
            out = json.load(fh)
        report(out, a.smooth)
        if a.figure:
            figure(out, a.figure)
        return
    with h5py.File(a.result, "r") as f:
        s = spec_of(f, a.spec)
        net = nn.Network(hidden=s["hidden"], genes=s["genes"], p=s["p"], beta=s["beta"], seed=s["seed"],
                         cache=os.path.join(os.path.dirname(os.path.abspath(a.result)),
                                            "nne-net-{hidden}-{genes}-{p}-{beta}-{seed}.npz".format(**s)))
        images, labels = nn.load_mnist5k()
        r = f["runs"] if "runs" in f else f  # a part file holds the runs' datasets at its root
        phase = [text(p) for p in r["phase"][...]]
        iters = r["iterations"][...]
        seeds = r["task_seed"][...]
        met = {k[len("metric_"):]: r[k][...] for k in r if k.startswith("metric_")}
        out = {"file": os.path.basename(a.result), "runs": []}
        for i in range(len(iters)):
            G, seed = int(iters[i]), int(seeds[i])
            tr, te = nn.split(labels, seed, s["train"], s["test"])
            bx = r["best_x"][i, :G]
            freq = r["state_allele_frequency"][i, :G]
            row = {"phase": phase[i], "task_seed": seed, "generations": G,
                   "reported": {k: float(v[i]) for k, v in met.items()},
                   "mean_delta": [float(v) for v in r["state_mean_fitness"][i, :G]],
                   "fixed_fraction": [float(v) for v in r["state_fixed_fraction"][i, :G]]}
            w1, w2 = net.matrices(bx[G - 1])
            last = nn.score(w1, w2, images[te], labels[te])
            if met["rescore_rank"][i] == 0:
                ok = abs(last["accuracy"] - met["test_accuracy"][i]) < 1e-9 and abs(last["loss"] - met["test_loss"][i]) < 1e-9
                row["check"] = {"ours": last, "reported_accuracy": float(met["test_accuracy"][i]),
                                "reported_loss": float(met["test_loss"][i]), "agree": bool(ok)}
                if not ok:
                    sys.exit(f"nne_network.py disagrees with run {i}: {last} vs reported "
                             f"{met['test_accuracy'][i]}, {met['test_loss'][i]}")
            inc, cons, sgd = [], [], []
            prev = None
            for k in range(G):
                x = bx[k]
                if prev is not None and np.array_equal(x, prev):
                    inc.append(inc[-1])
                else:
                    w1, w2 = net.matrices(x)
                    inc.append(nn.score(w1, w2, images[te], labels[te]))
                prev = x
                w1c, w2c = net.matrices((freq[k] > 0.5).astype(float))
                cons.append(nn.score(w1c, w2c, images[te], labels[te]))
                if (k + 1) % a.signsgd_every == 0 or k == 0 or k == G - 1:
                    w1, w2 = net.matrices(x)
                    w2s = nn.signsgd(w1, w2, images[tr], labels[tr], seed, s["lr"], s["steps"], s["batch"])
                    sgd.append((k + 1, nn.score(w1, w2s, images[te], labels[te])["accuracy"]))
            row["incumbent"] = {m: [v[m] for v in inc] for m in ("accuracy", "loss", "advantage")}
            row["consensus"] = {m: [v[m] for v in cons] for m in ("accuracy", "loss", "advantage")}
            row["signsgd"] = {"generation": [g for g, _ in sgd], "accuracy": [v for _, v in sgd]}
            out["runs"].append(row)
    long_runs = [r for r in out["runs"] if r["generations"] > 1]
    for row in long_runs:
        g = np.arange(1, row["generations"] + 1)
        row["fits_incumbent"] = fits(g, np.array(row["incumbent"]["accuracy"]))
        row["fits_consensus"] = fits(g, np.array(row["consensus"]["accuracy"]))
        one = [q for q in out["runs"] if q["generations"] == 1 and q["task_seed"] == row["task_seed"]]
        if one:
            row["share_signsgd_points"] = 100 * (row["reported"]["test_accuracy_after_signsgd"]
                                                 - one[0]["reported"]["test_accuracy_after_signsgd"])
            row["control"] = one[0]["reported"]
    report(out, a.smooth)
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(rounded(out), fh, indent=None)
    if a.figure:
        figure(out, a.figure)


def rounded(v):
    """`v` with every float to 5 significant digits (a smaller JSON)."""
    if isinstance(v, dict):
        return {k: rounded(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [rounded(x) for x in v]
    if isinstance(v, (float, np.floating)):
        return float(f"{float(v):.5g}")
    if isinstance(v, np.integer):
        return int(v)
    return v


def report(out, w):
    for row in out["runs"]:
        rep = row["reported"]
        print(f"\n### {row['phase']} task {row['task_seed']}, {row['generations']} generation(s): reported (re-scored) "
              f"NNE {rep['test_accuracy']:.3f}, NNE + SignSGD {rep['test_accuracy_after_signsgd']:.3f}, "
              f"held-out δ {rep['test_advantage']:.3f}, re-score rank {rep['rescore_rank']:.0f}"
              + (f"; copy check: {row['check']['agree']}" if "check" in row else ""))
        G = row["generations"]
        if G == 1:
            continue
        acc, con = np.array(row["incumbent"]["accuracy"]), np.array(row["consensus"]["accuracy"])
        adv = np.array(row["incumbent"]["advantage"])
        md = np.array(row["mean_delta"])
        sg = dict(zip(row["signsgd"]["generation"], row["signsgd"]["accuracy"]))
        print(f"\n| generation | incumbent acc. (mean of last {w}) | incumbent acc. | incumbent held-out δ | consensus acc. | "
              "NNE + SignSGD acc. | population mean δ (train batch) | fixed fraction |")
        print("|---|---|---|---|---|---|---|---|")
        marks = sorted(set([1, 10, 25, 50, 100] + list(range(200, G + 1, 100 if G <= 1500 else 250)) + [G]))
        for m in [m for m in marks if m <= G]:
            lo = max(0, m - w)
            sgd = sg.get(m, sg.get(max([k for k in sg if k <= m], default=1)))
            print(f"| {m} | {acc[lo:m].mean():.3f} | {acc[m - 1]:.3f} | {adv[m - 1]:.3f} | {con[m - 1]:.3f} | {sgd:.3f} | "
                  f"{md[m - 1]:.3f} | {row['fixed_fraction'][m - 1]:.3f} |")
        for name in ("fits_incumbent", "fits_consensus"):
            fz = row[name]
            print(f"\n{name} (fitted on G = {fz['fit_range'][0]}–{fz['fit_range'][1]}; last-quarter slope "
                  f"{fz['last_quarter_slope_points_per_100']:+.2f} points per 100 generations):")
            for model in ("log_linear", "power_law_error", "saturating"):
                m = fz[model]
                at = ", ".join(f"{float(t) * 100:.1f} % at G ≈ {v:.3g}" if v else f"{float(t) * 100:.1f} % never"
                               for t, v in m["G_at"].items())
                if model == "log_linear":
                    extra = f"{100 * m['b_per_e_fold']:+.2f} points per e-fold"
                elif model == "power_law_error":
                    extra = f"error ∝ G^−{m['exponent']:.3f}"
                elif m.get("degenerate_line"):
                    extra = "no curvature in the fitted range: τ at the grid's top, i.e. a straight line (its G_at is the linear reading)"
                else:
                    extra = f"ceiling {100 * m['ceiling_A']:.1f} %, τ = {m['tau']:.3g}"
                print(f"- {model}: {extra}; {at} ({m['assumption']})")
        if "share_signsgd_points" in row:
            print(f"\nevolution's share in NNE + SignSGD on task {row['task_seed']}: {row['reported']['test_accuracy_after_signsgd']:.3f}"
                  f" after {G} generations vs {row['control']['test_accuracy_after_signsgd']:.3f} after 1: "
                  f"{row['share_signsgd_points']:+.1f} points; NNE alone {row['reported']['test_accuracy']:.3f} vs "
                  f"{row['control']['test_accuracy']:.3f}")


def figure(out, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(1, 2, figsize=(11, 3.8))
    far = np.geomspace(1, 1e5, 200)
    for n, row in enumerate(r for r in out["runs"] if r["generations"] > 1):
        c = f"C{n}"
        g = np.arange(1, row["generations"] + 1)
        lab = f"{row['phase']} task {row['task_seed']}"
        ax[0].plot(g, 100 * np.array(row["consensus"]["accuracy"]), c=c, lw=1.3, label=f"{lab}: consensus genotype (p > ½)")
        ax[0].step(g, 100 * np.array(row["incumbent"]["accuracy"]), c=c, lw=0.6, alpha=0.5, where="post",
                   label=f"{lab}: optimizer's incumbent")
        ax[0].plot(row["signsgd"]["generation"], 100 * np.array(row["signsgd"]["accuracy"]), "s", c=c, ms=2.5,
                   label=f"{lab}: incumbent + SignSGD")
        ax[0].plot([row["generations"]], [100 * row["reported"]["test_accuracy"]], "*", c=c, ms=8,
                   label=f"{lab}: reported (re-scored) incumbent")
        fz = row["fits_consensus"]
        ll, sat = fz["log_linear"], fz["saturating"]
        x = far[far >= fz["fit_range"][0]]
        ax[0].plot(x, 100 * (ll["a"] + ll["b_per_e_fold"] * np.log(x)), "--", c=c, lw=0.7)
        ax[0].plot(x, 100 * (sat["ceiling_A"] - sat["B"] * np.exp(-x / sat["tau"])), ":", c=c, lw=0.9)
        ax[1].plot(g, row["mean_delta"], c=c, lw=0.4, alpha=0.5, label=f"{lab}: population mean δ (train batch)")
        ax[1].plot(g, row["consensus"]["advantage"], c=c, lw=1.3, label=f"{lab}: consensus held-out δ")
    ax[0].axhline(78.8, ls="--", c="k", lw=0.8, label="paper NNE 78.8 %")
    ax[0].axhline(70, ls=":", c="k", lw=0.8, label="goal 70 %")
    ax[0].set(xscale="log", xlabel="generation (N = 1,000, ε = 100); fits: -- log-linear, ··· saturating",
              ylabel="held-out accuracy %", ylim=(0, 100), xlim=(1, 1e5))
    ax[0].legend(fontsize=5, loc="lower right", ncol=1)
    ax[1].set(xscale="log", xlabel="generation", ylabel="δ (advantage over a random guess; max 5.30)")
    ax[1].legend(fontsize=6)
    fig.tight_layout()
    fig.savefig(path, dpi=130)


if __name__ == "__main__":
    main()
