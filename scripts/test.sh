#!/usr/bin/env bash
# README command 2: every test. Swift unit and integration tests, then the command-line
# tool end to end: determinism across --jobs (h5diff) and the file read back by h5py/xarray.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh
scripts/python-env.sh
swift build --build-tests
swift test --skip-build 2>&1 | tee .build/swift-test.log
swift build -c release --product l2l
bin="$(swift build -c release --show-bin-path)/l2l"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# The external-optimizee helper (standard library only) on its own.
.venv/bin/python -m unittest discover -s python -p 'test_*.py' 2>&1 | tee "$work/python-helper.log"
# The tool end to end (release build), read back as users do.
.venv/bin/python -m unittest discover -s Tests/python -p 'test_*.py' -v 2>&1 | tee "$work/python.log"
# Every study's notebook (notebooks-export/) executed on the smoke studies' outputs, reading
# them with h5py and xarray only: a layout change that breaks a notebook fails here.
L2L_BIN="$bin" scripts/notebooks.sh --check
# The packages that use l2l as a library (examples/): built against this checkout and run.
scripts/examples.sh
