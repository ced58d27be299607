"""Data profiles (Moré & Wild 2009) from JSON-lines outputs of `l2l bench mads --problem-file` and
nomad_problem_file.py: the number of (problem, seed) runs solved, f <= f* + tau (f(x0) - f*), at each budget
in units of n + 1, per problem set (tuning / held-out) and implementation.

    python3 bench/mads/data_profiles.py l2l=l2l.jsonl nomad=nomad.jsonl [--factors 10,20,50,100,200,500]

Each argument is FILE or LABEL=FILE (the label defaults to the lines' `implementation`). Only the lines of
the largest budget of each run (`from_prefix` false) are read; a run solves at budget b(n+1) when its first
evaluation meeting tau is <= b(n+1). It also checks that every implementation reports the same f(x0).
"""
import argparse
import collections
import json
import sys

TAUS = ["1e-3", "1e-7"]


def read(spec):
    label, _, path = spec.rpartition("=")
    runs = {}
    with open(path) as fh:
        for text in fh:
            if not text.strip():
                continue
            line = json.loads(text)
            if line.get("from_prefix"):
                continue
            runs[(line["problem"], line["seed"])] = line
    if not label:
        label = next(iter(runs.values()))["implementation"] if runs else path
    return label, runs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--factors", default="10,20,50,100,200,500")
    parser.add_argument("--taus", default=",".join(["1e-1", "1e-3", "1e-5", "1e-7"]))
    args = parser.parse_args()
    factors = [int(v) for v in args.factors.split(",")]
    taus = args.taus.split(",")
    results = [read(s) for s in args.files]
    # The runs every implementation has, by set.
    common = set.intersection(*[set(r) for _, r in results])
    for key in sorted(common):
        values = {label: r[key]["f_x0"] for label, r in results}
        if max(values.values()) - min(values.values()) > 1e-9 * max(1.0, abs(max(values.values()))):
            print(f"WARNING: f(x0) differs for {key}: {values}", file=sys.stderr)
    sets = collections.defaultdict(list)
    for key in sorted(common):
        sets[results[0][1][key]["set"]].append(key)
    for name, keys in sets.items():
        problems = sorted({k[0] for k in keys})
        print(f"\n## set {name}: {len(problems)} problems x seeds = {len(keys)} runs")
        print("| tau | implementation | " + " | ".join(f"{f}(n+1)" for f in factors) + " |")
        print("|---|---|" + "---|" * len(factors))
        for tau in taus:
            for label, runs in results:
                cells = []
                for f in factors:
                    solved = sum(1 for k in keys
                                 if runs[k]["tau_evaluations"][tau] is not None
                                 and runs[k]["tau_evaluations"][tau] <= f * (runs[k]["n"] + 1))
                    cells.append(f"{solved}/{len(keys)}")
                print(f"| {tau} | {label} | " + " | ".join(cells) + " |")
        print("\nper problem: runs solved at tau 1e-7 within the largest budget, median f_best")
        print("| problem | " + " | ".join(f"{label} solved | {label} median f_best" for label, _ in results) + " |")
        print("|---|" + "---|---|" * len(results))
        for p in problems:
            cells = []
            for label, runs in results:
                lines = [runs[k] for k in keys if k[0] == p]
                solved = sum(1 for l in lines if l["tau_evaluations"]["1e-7"] is not None)
                best = sorted(float(l["f_best"]) for l in lines)
                cells.append(f"{solved}/{len(lines)} | {best[len(best) // 2]:.3g}")
            print(f"| {p} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
