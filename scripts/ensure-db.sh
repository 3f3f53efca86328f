#!/usr/bin/env bash
# Creates the working database "hrlake" with pg_cron and hrlake, once; it is
# never dropped by the project's scripts. While it holds no data yet, the
# extension is recreated so that it matches the build just installed.
set -euo pipefail
source "$(dirname "$0")/env.sh"
if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'hrlake'" | grep -q 1; then
  psql -d postgres -qc "CREATE DATABASE hrlake"
fi
psql -X -q -d hrlake -v ON_ERROR_STOP=1 <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_cron;
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_extension WHERE extname = 'hrlake') THEN
    IF NOT EXISTS (SELECT FROM hrlake.batch) AND NOT EXISTS (SELECT FROM hrlake.message)
       AND NOT EXISTS (SELECT FROM hrlake.job_run)
       AND NOT EXISTS (SELECT FROM cron.job WHERE command LIKE '%hrlake.%') THEN
      DROP EXTENSION hrlake CASCADE;
    END IF;
  END IF;
END
$$;
CREATE EXTENSION IF NOT EXISTS hrlake;
SQL

# pg_cron's scheduler starts with the server and gives up while its
# database does not exist: after creating it, restart to start the scheduler.
for _ in 1 2 3 4 5; do
  running=$(psql -X -At -d postgres -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'pg_cron launcher'")
  [ "$running" != 0 ] && exit 0
  sleep 1
done
"$(dirname "$0")/cluster.sh" restart
