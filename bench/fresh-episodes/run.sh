#!/bin/bash
# Issue 20's study: fresh vs fixed training episodes, one run at a time (niced, --jobs 2), then the
# paired tables.  Usage: bench/fresh-episodes/run.sh OUT_DIR   (from the repository root, after
# `swift build -c release --product l2l`; PYTHON defaults to .venv/bin/python)
set -u
source "$(dirname "$0")/../study-runner.sh" "${1:?output directory}"
run ml-fresh experiments/morris-lecar-wm.yaml --scale fresh
run ml-fixed experiments/morris-lecar-wm.yaml --scale fresh --set optimizee.morris_lecar.episode_draws=fixed
run cf-renomad-fresh experiments/celegans-foraging.yaml --scale fresh
run cf-ga-fresh experiments/celegans-foraging-ga.yaml --scale fresh
run cf-renomad-fixed experiments/celegans-foraging.yaml --scale fresh --set optimizee.connectome.episode_draws=fixed
run cf-ga-fixed experiments/celegans-foraging-ga.yaml --scale fresh --set optimizee.connectome.episode_draws=fixed
run cf-ga30-fresh experiments/celegans-foraging-ga.yaml --scale fresh --set inner.iterations=30
"${PYTHON:-.venv/bin/python}" bench/fresh-episodes/analyze.py "$OUT" "$B"
