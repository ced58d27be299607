#!/bin/bash
# Issue 20, round 4: the arms the first fresh-episode study left out — chemotaxis (rENOMAD, mENOMAD, GA,
# OpenAI-ES) and
# foraging with mENOMAD and OpenAI-ES, all with fresh training episodes at `--scale fresh` (1 outer
# generation × 2 individuals × 1 train task; 64–80 evaluations per inner run; 10 held-out tasks × 8
# episodes), one run at a time (niced, --jobs 2), then the paired tables.
# Usage: bench/fresh-episodes/run2.sh OUT_DIR   (from the repository root, after
# `swift build -c release --product l2l`; PYTHON defaults to .venv/bin/python; ONLY="NAME …" — or ARMS, its
# earlier name — runs only those arms)
set -u
ONLY=${ONLY:-${ARMS:-}}
source "$(dirname "$0")/../study-runner.sh" "${1:?output directory}"
run ch-renomad experiments/celegans-chemotaxis.yaml --scale fresh
run ch-ga experiments/celegans-chemotaxis-ga.yaml --scale fresh
run cf-menomad experiments/celegans-foraging-menomad.yaml --scale fresh
run cf-es experiments/celegans-foraging-es.yaml --scale fresh
# The first study's rENOMAD arm again (deterministic: the same numbers), so ENOMAD − ES pairs by task.
run cf-renomad experiments/celegans-foraging.yaml --scale fresh
run ch-menomad experiments/celegans-chemotaxis-menomad.yaml --scale fresh
run ch-es experiments/celegans-chemotaxis-es.yaml --scale fresh
# Equal budgets: every arm at rENOMAD's 64 evaluations per inner run (GA 4 × 16, ES 8 × 8, mENOMAD 8
# iterations ≈ 60–66: its resets make the count vary).
run ch-ga-e64 experiments/celegans-chemotaxis-ga.yaml --scale fresh --set inner.iterations=4
run ch-menomad-e64 experiments/celegans-chemotaxis-menomad.yaml --scale fresh --set inner.iterations=8
run ch-es-e64 experiments/celegans-chemotaxis-es.yaml --scale fresh --set inner.iterations=8
run cf-menomad-e64 experiments/celegans-foraging-menomad.yaml --scale fresh --set inner.iterations=8
run cf-es-e64 experiments/celegans-foraging-es.yaml --scale fresh --set inner.iterations=8
# Chemotaxis at the GA's 160 evaluations: does ENOMAD catch up with a larger budget?
run ch-renomad-e160 experiments/celegans-chemotaxis.yaml --scale fresh --set inner.iterations=10
run ch-es-e160 experiments/celegans-chemotaxis-es.yaml --scale fresh --set inner.iterations=20
"${PYTHON:-.venv/bin/python}" bench/fresh-episodes/analyze2.py "$OUT" "$B"
