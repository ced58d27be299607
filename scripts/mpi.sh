#!/usr/bin/env bash
# README command 3: the MPI backend. Installs Open MPI, builds l2l with it (L2L_MPI=1, in
# .build-mpi so the default build is untouched), then runs Tests/python/test_mpi.py: an
# `mpirun --oversubscribe -n 3` run against the local pool (h5diff), and jobs killed mid-way
# resumed under MPI and locally. Usage: scripts/mpi.sh [--no-test]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh
packages=(libopenmpi-dev openmpi-bin)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
L2L_MPI=1 swift build -c release --product l2l --build-path .build-mpi
bin="$(L2L_MPI=1 swift build -c release --build-path .build-mpi --show-bin-path)/l2l"
echo "MPI build: $bin"
[ "${1:-}" = "--no-test" ] && exit 0
scripts/python-env.sh
# Compare with the default build's binary when scripts/test.sh built it.
default_bin="$(swift build -c release --show-bin-path 2>/dev/null)/l2l"
[ -x "$default_bin" ] && export L2L_BIN="$default_bin"
L2L_MPI_BIN="$bin" .venv/bin/python -m unittest Tests/python/test_mpi.py -v
