#!/usr/bin/env bash
# Builds and installs the extension into the local PostgreSQL 15.
#   scripts/build.sh            the library users get
#   scripts/build.sh selftest   with the entry points the regression tests use
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
SELFTEST=0
[ "${1:-}" = selftest ] && SELFTEST=1
make -s -j"$(nproc)" SELFTEST=$SELFTEST all
$SUDO make -s SELFTEST=$SELFTEST install >/dev/null
