#!/usr/bin/env bash
# Held-out re-evaluation with intervals (issue 20 item 3): each study's published tuned set against
# the spec's own settings on the same 10 held-out tasks (seeds 1000–1009), paired by task.
# The outer loop is cut to one generation of 2 individuals on 1 train task: only the held-out
# phase's *baseline* arm (the spec's settings, or the tuned set given with --set) is used.
#   bench/heldout/run.sh DIR [L2L_BINARY]      then   .venv/bin/python bench/heldout/analyze.py DIR [L2L_BINARY]
# Run from the repository root. Tuned sets: docs/results.md §2 and §4 (full-scale runs of earlier rounds).
set -euo pipefail
dir=$1 l2l=${2:-.build/release/l2l}
mkdir -p "$dir"
cut=(--scale full --set outer.iterations=1 --set outer.population=2 --set tasks.train.count=1
     --set tasks.test.count=10 --set tasks.test.first_seed=1000 --jobs 2 --overwrite)
arm() {   # study arm [--set …]
  local study=$1 arm=$2; shift 2
  local start=$SECONDS
  "$l2l" run "experiments/$study.yaml" "${cut[@]}" "$@" -o "$dir/$study-$arm.h5" > "$dir/$study-$arm.log" 2>&1
  echo "$study $arm $((SECONDS - start)) s"
}
arm enkf-digits own
arm enkf-digits tuned --set inner.gamma=0.163 --set inner.ensemble_size=199
arm es-digits own
arm es-digits tuned --set inner.sigma=0.00075 --set inner.learning_rate=0.00095
arm morris-lecar-wm own
arm morris-lecar-wm tuned --set inner.sigma=0.0116 --set inner.learning_rate=0.0215
# Go/No-Go: the full-scale runs themselves (15 s each): tuned and spec's own on 32 held-out seeds.
for study in gonogo-neuromod gonogo-dopamine-only; do
  start=$SECONDS
  "$l2l" run "experiments/$study.yaml" --scale full --jobs 2 --overwrite -o "$dir/$study-full.h5" > "$dir/$study-full.log" 2>&1
  echo "$study full $((SECONDS - start)) s"
done
