#!/usr/bin/env bash
# Test accuracies of the lifetime rules beside Tables 1 and 2 of Gorantla et al. (2019), on MNIST 5k:
# the dopaminergic rule (DNN), SignSGD and Adam ("SGD") on a fixed Kaiming-uniform hidden layer of h
# units (Adam also trains it), 200 training and 100 held-out test images per digit.
#
#   bench/nne/paper_tables.sh RULE DIGITS HIDDEN STEPS [L2L]
#   bench/nne/paper_tables.sh dopaminergic 0-9 1000 800      # 800 batches of 50 = 20 epochs
#
# RULE: dopaminergic (ε₀ 0.75, ε₁ 1, the paper's), signsgd (ε′ 1e-3) or adam (η 1e-3); DIGITS: 0-4 or 0-9.
# The spec's own values are scored on a held-out test task (tasks.test, seed 1000); the line
# "held-out test mean fitness: … spec's own X" is the test accuracy. The outer GA (2 × 1 generation)
# only satisfies the runner: its search range is a point around the spec's value.
set -euo pipefail
rule=$1 digits=$2 hidden=$3 steps=$4 l2l=${5:-.build/release/l2l}
case $digits in 0-4) list="[0, 1, 2, 3, 4]" ;; 0-9) list="[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]" ;; *) echo "DIGITS: 0-4 or 0-9" >&2; exit 2 ;; esac
case $rule in
  dopaminergic) keys="  loss_threshold: 0.75
  rate: 1" search="inner.rate" value=1 ;;
  signsgd) keys="  learning_rate: 0.001" search="inner.learning_rate" value=0.001 ;;
  adam) keys="  learning_rate: 0.001" search="inner.learning_rate" value=0.001 ;;
  *) echo "RULE: dopaminergic, signsgd or adam" >&2; exit 2 ;;
esac
spec=$(mktemp /tmp/l2l-table-XXXXXX.yaml)
cat > "$spec" <<YAML
name: table-$rule-$digits-h$hidden
seed: 7
outer:
  optimizer: ga
  iterations: 1
  population: 2
  search_space:
    - {path: $search, kind: log_uniform, low: $(python3 -c "print($value*0.9999)"), high: $(python3 -c "print($value*1.0001)")}
inner:
  optimizer: $rule
  iterations: $steps
$keys
optimizee:
  plastic_classifier:
    dataset: mnist5k
    digits: $list
    hidden: $hidden
    train_per_class: 200
    test_per_class: 100
    batch_size: 50
    network_seed: 5
tasks:
  train: {count: 1, first_seed: 0}
  test: {count: 1, first_seed: 1000}
record: {candidates: false, state: false}
YAML
/usr/bin/time -f "wall %e s" "$l2l" run "$spec" -o "${spec%.yaml}.h5" --jobs 2 2>&1 | grep -E "held-out|wall|inner evaluations"
rm -f "$spec" "${spec%.yaml}.h5"
