#!/usr/bin/env bash
# Installs the Debian 12 packages hrlake needs to build, run and test.
# Fast when they are already there.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config
  postgresql-15 postgresql-server-dev-15 postgresql-15-cron postgresql-15-pgtap
  libtap-parser-sourcehandler-pgtap-perl
  libcsv-dev libhyperscan-dev libsimdjson-dev
  googletest libgtest-dev
  # BI client tests (test/clients/): JDBC, ODBC, SQLAlchemy + pandas
  default-jdk-headless libpostgresql-jdbc-java odbc-postgresql unixodbc-dev
  python3-sqlalchemy python3-psycopg2 python3-pandas
  clang libclang-rt-14-dev llvm  # scripts/fuzz.sh: libFuzzer, llvm-symbolizer
  nlohmann-json3-dev  # test/shell/upgrade_test.sh builds release 0.1.0, which reads JSON with it
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
echo "installing: ${missing[*]}"
$SUDO apt-get update -qq
# The postgresql package would create and start a system cluster on 5432;
# hrlake does not need it, so keep it from being created.
$SUDO mkdir -p /etc/postgresql-common
grep -qs '^create_main_cluster *= *false' /etc/postgresql-common/createcluster.conf ||
  echo 'create_main_cluster = false' | $SUDO tee -a /etc/postgresql-common/createcluster.conf >/dev/null
# Keep our createcluster.conf (written above) when the package ships its own.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" >/dev/null
