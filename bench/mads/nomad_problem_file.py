"""NOMAD 4 (PyNomadBBO, defaults) on a problem file of `l2l bench mads --problem-file`; one JSON line per
(problem, seed, budget), the same fields as l2l's.

    /tmp/nomad-venv/bin/python bench/mads/nomad_problem_file.py bench/mads/problems/tuning.json > nomad.jsonl

Each (problem, seed) runs once with MAX_BB_EVAL = the largest budget; smaller budgets are its prefix.
"""
import importlib.metadata
import json
import math
import sys
import time

import PyNomad

from problem_file import load, run_lines

NOMAD_VERSION = importlib.metadata.version("PyNomadBBO")


def run(problem, seed):
    trace = []

    def bb(x):
        f = problem["f"]([x.get_coord(i) for i in range(x.size())])
        trace.append(f if math.isfinite(f) else math.inf)
        x.setBBO(repr(f).encode("UTF-8"))
        return 1

    budget = max(problem["budget_factors"]) * (problem["n"] + 1)
    params = [f"DIMENSION {problem['n']}", "BB_OUTPUT_TYPE OBJ", f"MAX_BB_EVAL {budget}", f"SEED {seed}",
              "DISPLAY_DEGREE 0"]
    # NOMAD re-seeds only when SEED changes: setSeed(0) + reset first makes each run equal a fresh
    # process with that SEED (see nomad_problems.py).
    assert seed != 0
    PyNomad.setSeed(0)
    PyNomad.resetRandomNumberGenerator()
    start = time.perf_counter()
    result = PyNomad.optimize(bb, problem["x0"], problem["lower"], problem["upper"], params)
    return trace, str(result["stop_reason"]), time.perf_counter() - start


def main():
    only = sys.argv[2:]
    for problem in load(sys.argv[1]):
        if only and problem["name"] not in only:
            continue
        for seed in problem["seeds"]:
            trace, stop, seconds = run(problem, seed)
            for line in run_lines(problem, seed, trace, stop, "nomad", seconds, version=NOMAD_VERSION):
                print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
