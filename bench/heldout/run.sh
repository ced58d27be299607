#!/usr/bin/env bash
# Held-out re-evaluation with intervals (issue 20 item 3): each study's published tuned set against
# the spec's own settings on the same 10 held-out tasks (seeds 1000–1009), paired by task.
# The outer loop is cut to one generation of 2 individuals on 1 train task: only the held-out
# phase's *baseline* arm (the spec's settings, or the tuned set given with --set) is used.
#   bench/heldout/run.sh DIR     (L2L_BIN: the binary; ONLY="NAME …" runs a subset; prints the tables at the end:
#   .venv/bin/python bench/heldout/analyze.py DIR [--l2l BINARY] [--json PER_TASK.json])
# Run from the repository root. Tuned sets: docs/results.md §2 and §4 (full-scale runs of earlier rounds).
set -euo pipefail
source "$(dirname "$0")/../study-runner.sh" "${1:?output directory}"
cut=(--scale full --set outer.iterations=1 --set outer.population=2 --set tasks.train.count=1
     --set tasks.test.count=10 --set tasks.test.first_seed=1000)
run enkf-digits-own experiments/enkf-digits.yaml "${cut[@]}"
run enkf-digits-tuned experiments/enkf-digits.yaml "${cut[@]}" --set inner.gamma=0.163 --set inner.ensemble_size=199
run es-digits-own experiments/es-digits.yaml "${cut[@]}"
run es-digits-tuned experiments/es-digits.yaml "${cut[@]}" --set inner.sigma=0.00075 --set inner.learning_rate=0.00095
run morris-lecar-wm-own experiments/morris-lecar-wm.yaml "${cut[@]}"
run morris-lecar-wm-tuned experiments/morris-lecar-wm.yaml "${cut[@]}" --set inner.sigma=0.0116 --set inner.learning_rate=0.0215
# Go/No-Go: the full-scale runs themselves (11–15 s each): tuned and spec's own on 32 held-out seeds.
run gonogo-neuromod-full experiments/gonogo-neuromod.yaml --scale full
run gonogo-dopamine-only-full experiments/gonogo-dopamine-only.yaml --scale full
"${PYTHON:-.venv/bin/python}" bench/heldout/analyze.py "$OUT" --l2l "$B"
