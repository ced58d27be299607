#!/usr/bin/env bash
# Creates .venv with the readers users open result files with (h5py, xarray, h5netcdf, pandas).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! .venv/bin/python -c "import h5py, xarray, h5netcdf, pandas" >/dev/null 2>&1; then
  python3 -m venv .venv
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -r Tests/python/requirements.txt
fi
