#!/usr/bin/env bash
# First command of the README: installs everything, builds and installs
# hrlake, starts the project's PostgreSQL 15 cluster, creates the database
# "hrlake" (kept across runs) and runs the main job on the bundled sample
# data in a fresh database "hrlake_demo", printing the results.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

say "installing dependencies (Debian packages)"
scripts/install-deps.sh
say "building and installing the extension"
scripts/build.sh
scripts/cluster.sh start

# The working database: created once, never dropped by these scripts.
scripts/ensure-db.sh

say "running the demo on the bundled sample data (database hrlake_demo)"
psql -d postgres -qc "DROP DATABASE IF EXISTS hrlake_demo WITH (FORCE)" -c "CREATE DATABASE hrlake_demo"
psql -d hrlake_demo -qc "CREATE EXTENSION hrlake"
# The server reads files as its own OS user: give it a copy of the sample.
as_pg_user mkdir -p "$HRLAKE_INBOX/sample"
cp data/sample/*.csv data/sample/*.json data/sample/*.jsonl "$HRLAKE_INBOX/sample/" 2>/dev/null || true
[ "$(id -u)" = 0 ] && chown -R "$HRLAKE_PG_OSUSER" "$HRLAKE_INBOX"
psql -d hrlake_demo -X -q -v ON_ERROR_STOP=1 -v inbox="$HRLAKE_INBOX/sample" -f scripts/demo.sql

say "done. Connect with: psql -h $PGHOST -p $PGPORT -U postgres hrlake_demo"
