#!/bin/bash
# Issue 20, round 4: the winner's-curse fix on the fresh-episode study. The equal-budget GA (chemotaxis) and
# OpenAI-ES (foraging) arms of run2.sh again with `inner.rescore_top: 5`, `rescore_draws: 4` (the 5 best
# points re-scored on 4 × 2 validation episodes; 20 extra evaluations per inner run). Re-scoring does not
# change the optimizer's trajectory, so the pair (with − without) isolates which point is reported.
# Usage: bench/fresh-episodes/run-rescore.sh OUT_DIR   (the directory of run2.sh, whose -e64 files it pairs with)
set -u
source "$(dirname "$0")/../study-runner.sh" "${1:?output directory}"
R="--set inner.rescore_top=5 --set inner.rescore_draws=4"
run ch-ga-e64-rs experiments/celegans-chemotaxis-ga.yaml --scale fresh --set inner.iterations=4 $R
run cf-es-e64-rs experiments/celegans-foraging-es.yaml --scale fresh --set inner.iterations=8 $R
"${PYTHON:-.venv/bin/python}" - "$OUT" "$B" <<'PY'
import os, sys
sys.path.insert(0, "bench/fresh-episodes")
from analyze_common import column, compare, header
runs, binary = sys.argv[1], sys.argv[2]
header()
for baseline in (True, False):
    tag = "spec's own" if baseline else "tuned"
    for fam, arm, metric in (("ch", "ga-e64", "final_distance"), ("cf", "es-e64", "food_eaten")):
        a = column(runs, f"{fam}-{arm}-rs", metric, baseline)
        compare(f"{fam} {arm} rescored ({tag}) vs untrained", a, column(runs, f"{fam}-{arm}-rs", metric + "_prior", baseline), binary)
        compare(f"{fam} {arm}: rescored vs not ({tag})", a, column(runs, f"{fam}-{arm}", metric, baseline), binary)
PY
