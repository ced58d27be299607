#!/usr/bin/env bash
# Builds and runs the Swift packages under examples/ that use l2l as a library (docs/extending.md):
# ask-tell-library (CMA-ES and MADS as a plain ask/tell library) and plugin-optimizee (a package
# that registers its own optimizee and runs a spec). Each exits non-zero if its result is wrong.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
(cd examples/ask-tell-library && swift run ask-tell-library)
(cd examples/plugin-optimizee && swift run plugin-optimizee fitzhugh-nagumo.yaml "$work/fitzhugh-nagumo.h5")
.venv/bin/python -c "import h5py, sys; f = h5py.File(sys.argv[1]); assert f['provenance'].attrs['status'] == 'complete'; print('plugin-optimizee result read back by h5py:', list(f['test']))" "$work/fitzhugh-nagumo.h5"
