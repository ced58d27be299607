#!/usr/bin/env bash
# Interleaved rounds of the NumPy reference and two l2l builds at batch 1 and 64 (RK4, dt 0.1 ms,
# 300 ms), one core pinned; prints network-steps/s and the fraction of the in-process limit.
#   bench/connectome/interleaved.sh OLD_L2L NEW_L2L [ROUNDS] [CORE] [PEER_PYTHON]
# Run from the repository root; PEER_PYTHON has the peers' requirements (default .peer-venv/bin/python).
set -euo pipefail
old=$1 new=$2 rounds=${3:-3} core=${4:-0} py=${5:-.peer-venv/bin/python}
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
for r in $(seq 1 "$rounds"); do
  np=$(taskset -c "$core" "$py" ../shared/peers/connectome_reference.py --duration 300 --data-dir data/connectome 2>/dev/null | tail -1)
  echo "round $r numpy steps/s $(echo "$np" | python3 -c 'import json,sys; print(json.load(sys.stdin)["steps_per_s"])')"
  for b in 1 64; do
    for bin in "$old" "$new"; do
      taskset -c "$core" "$bin" bench connectome --json --batch "$b" --duration 300 | python3 -c "import json,sys; d=json.load(sys.stdin); print('round $r batch $b $bin', round(d['networkStepsPerS']), 'network-steps/s, fraction of limit', round(d['fractionOfLimit'], 3), 'limit GFLOP/s', round(d['limitGFLOPS'], 1))"
    done
  done
  echo "load $(cut -d' ' -f1 /proc/loadavg)"
done
