#!/bin/bash
# Issue 20's study: fresh vs fixed training episodes, one run at a time (niced, --jobs 2), then the
# paired tables.  Usage: bench/fresh-episodes/run.sh OUT_DIR   (from the repository root, after
# `swift build -c release --product l2l`; PYTHON defaults to .venv/bin/python)
set -u
OUT=${1:?output directory}
B=${L2L_BIN:-.build/release/l2l}
mkdir -p "$OUT"
run() {
  local name=$1; shift
  local t0=$(date +%s)
  nice -n 10 "$B" run "$@" -o "$OUT/$name.h5" --jobs 2 --quiet --overwrite > "$OUT/$name.log" 2>&1
  echo "$name rc=$? wall=$(( $(date +%s) - t0 )) s load=$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/times.txt"
}
run ml-fresh experiments/morris-lecar-wm.yaml --scale fresh
run ml-fixed experiments/morris-lecar-wm.yaml --scale fresh --set optimizee.morris_lecar.episode_draws=fixed
run cf-renomad-fresh experiments/celegans-foraging.yaml --scale fresh
run cf-ga-fresh experiments/celegans-foraging-ga.yaml --scale fresh
run cf-renomad-fixed experiments/celegans-foraging.yaml --scale fresh --set optimizee.connectome.episode_draws=fixed
run cf-ga-fixed experiments/celegans-foraging-ga.yaml --scale fresh --set optimizee.connectome.episode_draws=fixed
run cf-ga30-fresh experiments/celegans-foraging-ga.yaml --scale fresh --set inner.iterations=30
"${PYTHON:-.venv/bin/python}" bench/fresh-episodes/analyze.py "$OUT" "$B"
