#!/bin/sh
# Trained vs untrained connectome vs random networks on held-out food layouts, for each inner optimizer
# of experiments/celegans-foraging*.yaml (rENOMAD, mENOMAD, GA, OpenAI-ES) and for chemotaxis, at a
# "measured" scale between the committed smoke scale and the full scale: one outer generation of 2
# individuals on 1 train task (the outer loop only picks between two hyperparameter sets), then the
# held-out phase: 2 test tasks (seeds 1000, 1001) × 12 held-out layouts each, 4 training layouts per
# evaluation, ITERATIONS inner iterations (default 20). Prints one line per spec from test/mean_*
# (the tuned hyperparameters' held-out runs). SPECS overrides the list of experiments.
#   swift build -c release && bench/connectome/foraging_variants.sh [out_dir]
# Results (20 iterations, 2026-11-24): bench/connectome/README.md.
set -eu
out=${1:-/tmp/celegans-variants}
mkdir -p "$out"
py=${PYTHON:-python3}
iterations=${ITERATIONS:-20}
for name in ${SPECS:-celegans-foraging celegans-foraging-menomad celegans-foraging-ga celegans-foraging-es celegans-chemotaxis}; do
  "$py" - "experiments/$name.yaml" "$out/$name.yaml" "$iterations" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
def sub(pattern, repl):
    global s
    s, n = re.subn(pattern, repl, s, count=1, flags=re.M)
    assert n == 1, pattern
sub(r"^(outer:\n(?:  .*\n)*?)  population: \d+", r"\1  population: 2")
sub(r"^(inner:\n(?:  .*\n)*?)  iterations: \d+", r"\1  iterations: " + sys.argv[3])
sub(r"^    episodes: \d+", "    episodes: 4")
sub(r"^    test_episodes: \d+", "    test_episodes: 12")
sub(r"^  train: \{count: \d+", "  train: {count: 1")
sub(r"^  test: \{count: \d+", "  test: {count: 2")
sub(r"^  artifacts: \w+", "  artifacts: false")
open(sys.argv[2], "w").write(s)
PY
  start=$(date +%s)
  .build/release/l2l run "$out/$name.yaml" -o "$out/$name.h5" --jobs 2 > "$out/$name.log" 2>&1
  "$py" - "$out/$name.h5" "$name" "$(( $(date +%s) - start ))" <<'PY'
import sys, h5py
f = h5py.File(sys.argv[1]); t = f["test"]; a = t.attrs
evals = [t["runs"][r].attrs["evaluations"] for r in t["runs"]]
key = "final_distance" if "mean_final_distance" in a else "food_eaten"
print(f"{sys.argv[2]:28s} {key}: trained {a['mean_' + key]:.3f}  untrained {a['mean_' + key + '_prior']:.3f}  "
      f"random {a['mean_' + key + '_random']:.3f} | test_fitness {a['mean_test_fitness']:.3f} / "
      f"{a['mean_test_fitness_prior']:.3f} / {a['mean_test_fitness_random']:.3f} | "
      f"evaluations per run {int(sum(evals) / len(evals))} | {sys.argv[3]} s")
PY
done
