#!/usr/bin/env bash
# Builds and installs the extension into the local PostgreSQL 15.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
make -s -j"$(nproc)" check-core-purity all
$SUDO make -s install >/dev/null
