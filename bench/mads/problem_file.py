"""Reads a problem file of `l2l bench mads --problem-file` (format: bench/mads/README.md)."""
import json

from test_functions import FUNCTIONS

TAUS = ["1e-1", "1e-3", "1e-5", "1e-7"]


def _vector(value, n, path, key):
    if isinstance(value, (int, float)):
        return [float(value)] * n
    if isinstance(value, list) and len(value) == n and all(isinstance(v, (int, float)) for v in value):
        return [float(v) for v in value]
    raise ValueError(f"{path}: {key}: expected a number or {n} numbers")


def load(path):
    with open(path) as fh:
        doc = json.load(fh)
    out = []
    for k, p in enumerate(doc["problems"]):
        n = p["n"]
        if p["function"] not in FUNCTIONS:
            raise ValueError(f"{path}: problems[{k}].function: unknown {p['function']!r}")
        out.append(dict(
            name=p["name"], function=p["function"], f=FUNCTIONS[p["function"]], n=n,
            x0=_vector(p["x0"], n, path, f"problems[{k}].x0"),
            lower=_vector(p["lower"], n, path, f"problems[{k}].lower"),
            upper=_vector(p["upper"], n, path, f"problems[{k}].upper"),
            f_star=float(p["f_star"]), seeds=p.get("seeds", doc.get("seeds", [1, 2, 3, 4, 5])),
            budget_factors=p.get("budget_factors", doc.get("budget_factors", [100])),
            set=doc.get("set", ""), held_out=bool(p.get("held_out", doc.get("held_out", False)))))
    return out


def run_lines(problem, seed, trace, stop_reason, implementation, seconds, **extra):
    """One JSON-able dict per budget factor from a run at the largest budget: `trace` is f of every
    evaluation in order. A smaller budget's line is the prefix of that run (the runs do not depend on the
    budget until it is reached), flagged `from_prefix`."""
    n, f_star = problem["n"], problem["f_star"]
    f_x0 = problem["f"](problem["x0"])
    largest = max(problem["budget_factors"]) * (n + 1)
    lines = []
    for factor in sorted(problem["budget_factors"]):
        budget = factor * (n + 1)
        prefix = trace[:budget]
        best = min(prefix) if prefix else float("inf")
        first = {}
        for tau in TAUS:
            level = f_star + float(tau) * (f_x0 - f_star)
            first[tau] = next((i + 1 for i, v in enumerate(prefix) if v <= level), None)
        lines.append(dict(
            implementation=implementation, set=problem["set"], held_out=problem["held_out"], problem=problem["name"],
            function=problem["function"], n=n, seed=seed, budget_factor=factor, budget=budget, f_best=best,
            f_x0=f_x0, f_star=f_star, evaluations=len(prefix),
            stop_reason=stop_reason if len(trace) < budget or budget == largest else "evaluation budget used",
            tau_evaluations=first, from_prefix=budget != largest, seconds=seconds, **extra))
    return lines
