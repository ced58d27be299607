#!/bin/sh
# Trained vs untrained connectome vs random networks on held-out food layouts, for each inner optimizer
# of experiments/celegans-foraging*.yaml (rENOMAD, mENOMAD, GA, OpenAI-ES) and for chemotaxis, at each
# spec's `measured` scale (`l2l run --scale measured`, between the smoke scale and the full scale): one
# outer generation of 2 individuals on 1 train task (the outer loop only picks between two
# hyperparameter sets), then the held-out phase: 2 test tasks (seeds 1000, 1001) × 12 held-out layouts
# each, 4 training layouts per evaluation, 20 inner iterations. Prints one line per spec from
# test/mean_* (the tuned hyperparameters' held-out runs). SPECS overrides the list of experiments.
#   swift build -c release && bench/connectome/foraging_variants.sh [out_dir]
# Results (2026-11-24): bench/connectome/README.md.
set -eu
out=${1:-/tmp/celegans-variants}
mkdir -p "$out"
py=${PYTHON:-python3}
for name in ${SPECS:-celegans-foraging celegans-foraging-menomad celegans-foraging-ga celegans-foraging-es celegans-chemotaxis celegans-chemotaxis-ga}; do
  start=$(date +%s)
  .build/release/l2l run "experiments/$name.yaml" --scale measured -o "$out/$name.h5" --jobs 2 > "$out/$name.log" 2>&1
  "$py" - "$out/$name.h5" "$name" "$(( $(date +%s) - start ))" <<'PY'
import sys, h5py
f = h5py.File(sys.argv[1]); t = f["test"]; a = t.attrs
runs = f["runs"]  # layout v2: one row per inner run; the tuned set's held-out runs have phase "test"
evals = runs["evaluations"][()][runs["phase"].asstr()[()] == "test"]
key = "final_distance" if "mean_final_distance" in a else "food_eaten"
print(f"{sys.argv[2]:28s} {key}: trained {a['mean_' + key]:.3f}  untrained {a['mean_' + key + '_prior']:.3f}  "
      f"random {a['mean_' + key + '_random']:.3f} | test_fitness {a['mean_test_fitness']:.3f} / "
      f"{a['mean_test_fitness_prior']:.3f} / {a['mean_test_fitness_random']:.3f} | "
      f"evaluations per run {int(sum(evals) / len(evals))} | {sys.argv[3]} s")
PY
done
