#!/usr/bin/env bash
# Installs the Debian 12 packages l2l builds and tests with (idempotent).
set -euo pipefail
packages=(libhdf5-dev hdf5-tools pkg-config libopenblas-dev liblapacke-dev python3-venv)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
