#!/usr/bin/env bash
# Second command of the README: runs every test.
#   1. GoogleTest unit tests of src/core (CMake + CTest), again under ASan
#      and UBSan (build/asan), then fuzzing of its parsers (scripts/fuzz.sh)
#   2. pg_regress tests (test/sql + test/expected) against the project's cluster
#   3. pgTAP tests (test/pgtap/) with pg_prove
#   4. shell tests (test/shell/): alerts, pg_cron, crashes, dump and restore,
#      upgrades from every release
#   5. BI client tests (test/clients/): JDBC, ODBC, SQLAlchemy/pandas as an analyst
# Installs, builds and starts what is missing first, so it works on its own.
# The tests run against the self-test build of the library (scripts/build.sh
# selftest); the build users get is installed again at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

scripts/install-deps.sh
say "building and installing the extension (with its self-tests)"
scripts/build.sh selftest
trap 'scripts/build.sh' EXIT
scripts/cluster.sh start

say "unit tests (GoogleTest)"
cmake -S . -B build/core -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/core -j"$(nproc)" >/dev/null
(cd build/core && ctest --output-on-failure -j"$(nproc)")

say "unit tests under ASan and UBSan"
cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHRLAKE_SANITIZE=ON >/dev/null
cmake --build build/asan -j"$(nproc)" >/dev/null
(cd build/asan && UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j"$(nproc)")

scripts/fuzz.sh

say "regression tests (pg_regress)"
if ! make -s installcheck; then
  [ -f test/regression.diffs ] && cat test/regression.diffs
  exit 1
fi

say "schema, privilege and invariant tests (pgTAP)"
psql -d postgres -qc "DROP DATABASE IF EXISTS hrlake_tap WITH (FORCE)" -c "CREATE DATABASE hrlake_tap"
psql -d hrlake_tap -qc "CREATE EXTENSION pgtap" -c "CREATE EXTENSION hrlake"
pg_prove -d hrlake_tap --failures test/pgtap/*.sql

say "job, alert, cron, crash and dump tests (several sessions, a restart)"
scripts/ensure-db.sh
for t in test/shell/*_test.sh; do
  "$t"
done
echo "shell: $(ls test/shell/*_test.sh | wc -l) passed, 0 failed"
test/clients/run.sh
