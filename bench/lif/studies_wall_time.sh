#!/usr/bin/env bash
# Wall time of smoke-scale studies with two l2l binaries, interleaved, one core pinned, --jobs 1,
# and whether their result files agree (h5diff, provenance attributes aside).
#   bench/lif/studies_wall_time.sh OLD_L2L NEW_L2L [ROUNDS] [CORE] [STUDY ...]
# Default studies: enkf-digits celegans-foraging nne-mnist reservoir-enkf. Run from the repository root.
set -euo pipefail
old=$1 new=$2 rounds=${3:-2} core=${4:-1}
shift $(( $# < 4 ? $# : 4 ))
studies=("$@")
[ ${#studies[@]} -eq 0 ] && studies=(enkf-digits celegans-foraging nne-mnist reservoir-enkf)
out=$(mktemp -d /tmp/l2l-studies.XXXXXX)
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
for r in $(seq 1 "$rounds"); do
  for s in "${studies[@]}"; do
    for which in old new; do
      bin=$old; [ "$which" = new ] && bin=$new
      t0=$(date +%s.%N)
      taskset -c "$core" "$bin" run "experiments/$s.yaml" --jobs 1 --quiet --overwrite -o "$out/$s-$which-$r.h5" >/dev/null
      t1=$(date +%s.%N)
      printf '%s round %d %s %.2f s load %s\n' "$s" "$r" "$which" "$(echo "$t1 - $t0" | bc)" "$(cut -d' ' -f1 /proc/loadavg)"
    done
  done
done
for s in "${studies[@]}"; do
  # Datasets and attributes other than the provenance group's must be identical.
  if h5diff -q --exclude-path /provenance "$out/$s-old-1.h5" "$out/$s-new-1.h5" >/dev/null 2>&1; then
    echo "$s: result files identical (outside /provenance)"
  else
    echo "$s: result files DIFFER: h5diff --exclude-path /provenance $out/$s-old-1.h5 $out/$s-new-1.h5"
  fi
done
