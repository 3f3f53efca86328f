#!/usr/bin/env bash
# Runs the benchmarks on data they generate, in a database of their own
# (hrlake_bench) on the project's cluster, and prints each figure beside a
# baseline measured in the same run. Usage: bench/run.sh [intake|scd2|leave|messages]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/build.sh
scripts/cluster.sh start
export PGDATABASE=hrlake_bench
# Generated data is kept between runs (each benchmark checks it is whole).
psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'hrlake_bench'" | grep -q 1 ||
  psql -d postgres -qc "CREATE DATABASE hrlake_bench"

what="${1:-all}"
for b in intake scd2 leave messages stream_overhead; do
  if [ "$what" = all ] || [ "$what" = "$b" ]; then
    "bench/$b.sh"
  fi
done
