#!/usr/bin/env bash
# Wall time and results of two connectome studies at --scale measured in double and in single
# precision (optimizee.connectome.precision), interleaved, --jobs 1, pinned to one core:
#   bench/connectome/precision_studies.sh L2L OUT_DIR [REPEATS] [CORE]
# Prints one line per run (study, precision, repetition, wall s, load); the result files stay in
# OUT_DIR for comparing held-out metrics (docs/performance.md, issue 18 round 7).
set -euo pipefail
l2l=$1 out=$2 repeats=${3:-2} core=${4:-0}
mkdir -p "$out"
for rep in $(seq 1 "$repeats"); do
  for spec in celegans-foraging celegans-chemotaxis; do
    for p in double single; do
      file=$out/$spec-$p-$rep.h5
      rm -f "$file"
      start=$(date +%s.%N)
      taskset -c "$core" "$l2l" run "experiments/$spec.yaml" --scale measured -o "$file" --quiet --jobs 1 \
        --set "optimizee.connectome.precision=$p" > /dev/null
      end=$(date +%s.%N)
      echo "$spec $p rep $rep wall $(python3 -c "print(round($end - $start, 2))") load $(cut -d' ' -f1 /proc/loadavg)"
    done
  done
done
