#!/usr/bin/env bash
# Creates .venv with the readers users open result files with (h5py, xarray, h5netcdf, pandas).
# With --notebooks, also the Jupyter tooling scripts/notebooks.sh executes notebooks-export/ with
# (matplotlib, nbconvert, nbclient, ipykernel: Tests/python/requirements-notebooks.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
notebooks=0
[[ "${1:-}" == --notebooks ]] && notebooks=1
if ! .venv/bin/python -c "import h5py, xarray, h5netcdf, pandas" >/dev/null 2>&1; then
  python3 -m venv .venv
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -r Tests/python/requirements.txt
fi
if ((notebooks)) && ! .venv/bin/python -c "import matplotlib, nbformat, nbclient, nbconvert, ipykernel" >/dev/null 2>&1; then
  .venv/bin/pip install -q -r Tests/python/requirements-notebooks.txt
fi
