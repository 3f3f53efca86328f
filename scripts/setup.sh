#!/usr/bin/env bash
# First command of the README: installs everything, builds and installs
# hrlake, starts the project's PostgreSQL 15 cluster, creates the database
# "hrlake" (kept across runs) with an inbox, and runs the main job on the
# bundled sample data in a fresh database "hrlake_demo" (the files dropped
# into its inbox), printing the results.
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

# An inbox folder per source (README, "Inbox"): the server reads and moves
# files there as its own OS user, so it owns the folders. The working
# database gets one unless a superuser set another.
sources="employee timeframe leave_quota leave_calendar leave vocabulary marked_word message"
make_inbox() {  # make_inbox DIR
  for s in $sources; do as_pg_user mkdir -p "$1/$s"; done
}
if [ -z "$(psql -X -At -d hrlake -c "SELECT hrlake._setting('inbox_directory')")" ]; then
  make_inbox "$HRLAKE_INBOX/hrlake"
  psql -X -q -d postgres -c "ALTER DATABASE hrlake SET hrlake.inbox_directory = '$HRLAKE_INBOX/hrlake'"
fi

say "running the demo on the bundled sample data (database hrlake_demo)"
psql -d postgres -qc "DROP DATABASE IF EXISTS hrlake_demo WITH (FORCE)" -c "CREATE DATABASE hrlake_demo"
psql -d hrlake_demo -qc "CREATE EXTENSION hrlake"
demo_inbox="$HRLAKE_INBOX/demo"
rm -rf "$demo_inbox"
make_inbox "$demo_inbox"
# The demo's files are complete when its jobs run: no settle time to wait.
psql -X -q -d postgres -c "ALTER DATABASE hrlake_demo SET hrlake.inbox_directory = '$demo_inbox'" \
  -c "ALTER DATABASE hrlake_demo SET hrlake.inbox_settle_time = 0"
psql -d hrlake_demo -X -q -v ON_ERROR_STOP=1 -v inbox="$demo_inbox" -v sample="$PWD/data/sample" -f scripts/demo.sql

say "done. Connect with: psql -h $PGHOST -p $PGPORT -U postgres hrlake_demo"
