#!/bin/bash
# Issue 20: the ENOMAD study's own foraging setting (task: foraging_paper), trained (rENOMAD, GA,
# OpenAI-ES at about equal evaluation budgets; mENOMAD from round 6) against the untrained connectome on 10 held-out tasks.
# One run at a time (niced, --jobs 2), then the paired tables. ONLY="paper-menomad paper-menomad-random"
# runs just those arms (the others' files already in OUT_DIR).
# Usage: bench/paper-foraging/run.sh OUT_DIR   (from the repository root, after
# `swift build -c release --product l2l`; PYTHON defaults to .venv/bin/python)
set -u
source "$(dirname "$0")/../study-runner.sh" "${1:?output directory}"
run paper-renomad experiments/celegans-foraging-paper.yaml --scale study
run paper-menomad experiments/celegans-foraging-paper-menomad.yaml --scale study
run paper-ga experiments/celegans-foraging-paper-ga.yaml --scale study
run paper-es experiments/celegans-foraging-paper-es.yaml --scale study
# Only the random pattern (every layout new; four of the six patterns are the same layout every time).
run paper-renomad-random experiments/celegans-foraging-paper.yaml --scale study --set optimizee.connectome.paper.pattern=random
run paper-menomad-random experiments/celegans-foraging-paper-menomad.yaml --scale study --set optimizee.connectome.paper.pattern=random
run paper-ga-random experiments/celegans-foraging-paper-ga.yaml --scale study --set optimizee.connectome.paper.pattern=random
run paper-es-random experiments/celegans-foraging-paper-es.yaml --scale study --set optimizee.connectome.paper.pattern=random
"${PYTHON:-.venv/bin/python}" bench/paper-foraging/analyze.py "$OUT" "$B"
