#!/usr/bin/env bash
# README command 1: install system packages, build in release, run the quickstart, summarize it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh
swift build -c release
bin="$(swift build -c release --show-bin-path)/l2l"
"$bin" validate experiments/quickstart.yaml
"$bin" run experiments/quickstart.yaml -o results/quickstart.h5 --overwrite --jobs "$(nproc)"
"$bin" inspect results/quickstart.h5
