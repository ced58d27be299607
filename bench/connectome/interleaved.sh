#!/usr/bin/env bash
# Interleaved rounds of the NumPy reference and two l2l builds (default: RK4 at batch 1 and 64,
# dt 0.1 ms, 300 ms), one core pinned; prints network-steps/s, the ratio to the NumPy reference
# of the same round, and the fraction of the in-process limit.
#   bench/connectome/interleaved.sh OLD_L2L NEW_L2L [ROUNDS] [CORE] [PEER_PYTHON]
# Run from the repository root; PEER_PYTHON has the peers' requirements (default .peer-venv/bin/python).
# SPECS="rk4:1 rk4:64 euler:4" adds other method:batch pairs (euler:4 is the foraging study's chunk);
# the ratio to NumPy is printed for RK4 only (the reference runs RK4). A third field picks the
# precision of the time loop (rk4:64:single); an old build without --precision runs only the double specs.
# NUMPY32=1 also times the reference in float32 (bench/connectome/reference_float32.py) and prints the
# single-precision specs' ratio to it.
set -euo pipefail
old=$1 new=$2 rounds=${3:-3} core=${4:-0} py=${5:-.peer-venv/bin/python}
specs=${SPECS:-"rk4:1 rk4:64"}
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
for r in $(seq 1 "$rounds"); do
  np=$(taskset -c "$core" "$py" ../shared/peers/connectome_reference.py --duration 300 --data-dir data/connectome 2>/dev/null | tail -1)
  nps=$(echo "$np" | python3 -c 'import json,sys; print(json.load(sys.stdin)["steps_per_s"])')
  echo "round $r numpy steps/s $nps"
  nps32=0
  if [ -n "${NUMPY32:-}" ]; then
    nps32=$(taskset -c "$core" "$py" bench/connectome/reference_float32.py --duration 300 --data-dir data/connectome | python3 -c 'import json,sys; print(json.load(sys.stdin)["steps_per_s"])')
    echo "round $r numpy float32 steps/s $nps32"
  fi
  for spec in $specs; do
    IFS=: read -r m b p <<< "$spec"
    p=${p:-double}
    for bin in "$old" "$new"; do
      args=(bench connectome --json --method "$m" --batch "$b" --duration 300)
      if [ "$p" != double ]; then
        help=$("$bin" bench connectome --help)   # not piped into grep -q: under pipefail a SIGPIPE would skip the spec
        [[ $help == *--precision* ]] || continue
        args+=(--precision "$p")
      fi
      taskset -c "$core" "$bin" "${args[@]}" | python3 -c "import json,sys; d=json.load(sys.stdin); ratio = ' %.1f x NumPy' % (d['networkStepsPerS'] / $nps) if '$m' == 'rk4' else ''; ratio += ' (%.1f x NumPy float32)' % (d['networkStepsPerS'] / $nps32) if '$m' == 'rk4' and '$p' == 'single' and $nps32 > 0 else ''; print('round $r $m batch $b $p $bin', round(d['networkStepsPerS']), 'network-steps/s' + ratio + ', fraction of limit', round(d['fractionOfLimit'], 3), 'limit GFLOP/s', round(d['limitGFLOPS'], 1))"
    done
  done
  echo "load $(cut -d' ' -f1 /proc/loadavg)"
done
