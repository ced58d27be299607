#!/bin/bash
# Issue 20: the ENOMAD study's own foraging setting (task: foraging_paper), trained (rENOMAD, GA,
# OpenAI-ES at about equal evaluation budgets; mENOMAD from round 6) against the untrained connectome on 10 held-out tasks.
# One run at a time (niced, --jobs 2), then the paired tables. ONLY="menomad menomad-random" runs just
# those arms (the others' files already in OUT_DIR).
# Usage: bench/paper-foraging/run.sh OUT_DIR   (from the repository root, after
# `swift build -c release --product l2l`; PYTHON defaults to .venv/bin/python)
set -u
OUT=${1:?output directory}
B=${L2L_BIN:-.build/release/l2l}
mkdir -p "$OUT"
run() {
  local name=$1; shift
  if [ -n "${ONLY:-}" ] && [[ " $ONLY " != *" ${name#paper-} "* ]]; then return; fi
  local t0=$(date +%s)
  nice -n 10 "$B" run "$@" -o "$OUT/$name.h5" --jobs 2 --quiet --overwrite > "$OUT/$name.log" 2>&1
  echo "$name rc=$? wall=$(( $(date +%s) - t0 )) s load=$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/times.txt"
}
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
