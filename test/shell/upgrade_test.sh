#!/usr/bin/env bash
# ALTER EXTENSION hrlake UPDATE from each released version (sql/RELEASES),
# as a user upgrades: the old release is built from git and installed, a
# database gets the sample data, the jobs and a pg_cron schedule; then the
# current build is installed and the extension updated. Afterwards every
# row is kept, the catalog equals a fresh install's, and the jobs, the cron
# schedule and every view work.
source "$(dirname "$0")/lib.sh"
source "$HRLAKE_REPO/test/upgrade/catalog.sh"
cron_db=$(q postgres "SHOW cron.database_name")
current=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$HRLAKE_REPO/hrlake.control")
work=$(mktemp -d)
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
# Whatever happens, the current build is what stays installed.
cleanup() {
  $SUDO make -s -C "$HRLAKE_REPO" install >/dev/null
  [ -n "${job:-}" ] && q "$cron_db" "SELECT cron.unschedule($job)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

# Rows per table (a partitioned one counted whole, its partitions not
# apart; job_run aside: pg_cron may add a stream run at any minute, so its
# rows are compared up to a run id), and a fingerprint of what the jobs
# produced.
row_counts() {
  q "$1" "SELECT string_agg(c.oid::regclass::text || '=' ||
            (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %s', c.oid::regclass), false, true, '')))[1]::text,
            ' ' ORDER BY c.oid::regclass::text)
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname IN ('hrlake', 'hrlake_stage') AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            AND c.relname NOT LIKE '\_%' AND c.oid <> 'hrlake.job_run'::regclass"
}

# (Not a pipe into the loop: its cron job id must reach the cleanup trap.)
while read -r version commit <&3; do
  say "upgrade from $version (commit ${commit:0:7})"
  git -C "$HRLAKE_REPO" cat-file -e "$commit^{commit}" 2>/dev/null ||
    fail "release $version: commit $commit is not in this clone (a shallow clone? git fetch --unshallow)"
  src="$work/hrlake-$version"
  mkdir -p "$src"
  git -C "$HRLAKE_REPO" archive "$commit" | tar -x -C "$src"
  make -s -C "$src" -j"$(nproc)" >/dev/null 2>&1 || fail "release $version does not build"
  $SUDO make -s -C "$src" install >/dev/null

  db=hrlake_t_upgrade
  psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
  q $db "CREATE EXTENSION hrlake VERSION '$version'" >/dev/null
  load_sample $db
  q $db "CALL hrlake.run_daily('2026-11-24')" >/dev/null
  q $db "CALL hrlake.run_stream()" >/dev/null
  q $db "CALL hrlake.run_monthly('2026-12-01')" >/dev/null
  # A database of another encoding than UTF8, which the release allowed:
  # the update refuses it (sql/api/00_encoding.sql) and changes nothing.
  latin1=hrlake_t_upgrade_latin1
  psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $latin1 WITH (FORCE)" \
    -c "CREATE DATABASE $latin1 TEMPLATE template0 ENCODING 'LATIN1' LOCALE 'C'"
  q $latin1 "CREATE EXTENSION hrlake VERSION '$version'" >/dev/null
  job=$(q "$cron_db" "SELECT cron.schedule_in_database('hrlake-upgrade-stream', '* * * * *', 'CALL hrlake.run_stream()', '$db')")
  wake_pg_cron
  counts_before=$(row_counts $db)
  last_run_before=$(q $db "SELECT max(run_id) FROM hrlake.job_run")
  runs_before=$(q $db "SELECT string_agg(run_id || ':' || status, ' ' ORDER BY run_id) FROM hrlake.job_run")
  reports_before=$(fingerprint $db)

  $SUDO make -s -C "$HRLAKE_REPO" install >/dev/null
  updated_at=$(q $db "SELECT now()")
  q $db "ALTER EXTENSION hrlake UPDATE" >/dev/null
  out=$(psql -X -q -v VERBOSITY=verbose -d $latin1 -c "ALTER EXTENSION hrlake UPDATE" 2>&1 || true)
  [[ "$out" == *"ERROR:  0A000: hrlake needs a UTF8 database"*"HINT:  Create the database with ENCODING 'UTF8'"* ]] ||
    fail "$version: ALTER EXTENSION UPDATE in a LATIN1 database: $out"
  expect_eq "$version: the update refuses a LATIN1 database and leaves it at $version" \
    "$(q $latin1 "SELECT extversion FROM pg_extension WHERE extname = 'hrlake'")" "$version"
  psql -X -q -d postgres -c "DROP DATABASE $latin1 WITH (FORCE)"
  expect_eq "$version: updated to $current" "$(q $db "SELECT extversion FROM pg_extension WHERE extname = 'hrlake'")" "$current"
  expect_eq "$version: the update path is known" \
    "$(q $db "SELECT path FROM pg_extension_update_paths('hrlake') WHERE source = '$version' AND target = '$current'")" \
    "$version--$current"
  # Tables the update adds come on top.
  counts_after=" $(row_counts $db) "
  for table_count in $counts_before; do
    [[ "$counts_after" == *" $table_count "* ]] || fail "$version: rows lost or added in ${table_count%%=*}: $counts_after"
  done
  expect_eq "$version: job runs kept" \
    "$(q $db "SELECT string_agg(run_id || ':' || status, ' ' ORDER BY run_id) FROM hrlake.job_run WHERE run_id <= $last_run_before")" \
    "$runs_before"
  echo "ok - $TEST_NAME: $version: every row kept"
  # The messages moved into their months' partitions, which belong to the
  # data (not the extension) and to the definer (retention may drop them).
  expect_eq "$version: no message left in the default partitions" \
    "$(q $db "SELECT (SELECT count(*) FROM hrlake.message_default) + (SELECT count(*) FROM hrlake.flagged_message_default)")" "0"
  expect_eq "$version: the month partitions are the definer's, not the extension's" \
    "$(q $db "SELECT count(*) FILTER (WHERE c.relowner <> 'hrlake_definer'::regrole
                                        OR EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')) || '/' ||
                     sign(count(*))
              FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
              WHERE i.inhparent IN ('hrlake.message'::regclass, 'hrlake.flagged_message'::regclass)
                AND c.relname ~ '_p[0-9]{4}_[0-9]{2}$'")" "0/1"
  expect_eq "$version: same reports" "$(fingerprint $db)" "$reports_before"

  fresh_db hrlake_t_fresh
  diff <(catalog $db) <(catalog hrlake_t_fresh) > "$work/catalog.diff" ||
    fail "$version: the updated catalog differs from a fresh install's: $(head -40 "$work/catalog.diff")"
  echo "ok - $TEST_NAME: $version: the catalog equals a fresh install's"

  # Jobs, views and the cron schedule, after the update.
  q $db "CALL hrlake.run_daily('2026-11-25')" >/dev/null
  q $db "CALL hrlake.run_monthly('2027-01-01')" >/dev/null
  expect_eq "$version: the jobs run after the update" \
    "$(q $db "SELECT count(*) FROM hrlake.job_run WHERE period IN ('2026-11-25', '2027-01-01') AND status = 'succeeded'")" "2"
  # Every column of every row, as the least role that may read the view (a
  # count(*) would let the planner skip a column's failing function).
  reads=$(q $db "SELECT string_agg(format('SET ROLE %s; SELECT * FROM %s; RESET ROLE;',
                   CASE WHEN has_table_privilege('hrlake_analyst', c.oid, 'SELECT') THEN 'hrlake_analyst'
                        ELSE 'hrlake_admin' END, c.oid::regclass), E'\n')
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'hrlake' AND c.relkind = 'v'")
  printf '%s\n' '\set ON_ERROR_STOP on' '\o /dev/null' "$reads" |
    psql -X -q -d $db >/dev/null 2>"$work/views.err" ||
    fail "$version: a view fails after the update: $(cat "$work/views.err")"
  echo "ok - $TEST_NAME: $version: every view reads after the update"
  for _ in $(seq 1 75); do
    # finished_at: a run that changed nothing is folded into the one
    # before it (runs + 1), which may have started before the update.
    runs=$(q $db "SELECT count(*) FROM hrlake.job_run WHERE job = 'stream' AND status = 'succeeded' AND finished_at > '$updated_at'")
    [ "$runs" != 0 ] && break
    sleep 1
  done
  expect_eq "$version: pg_cron runs the stream job after the update" "$([ "$runs" != 0 ] && echo yes)" "yes"
  q "$cron_db" "SELECT cron.unschedule($job)" >/dev/null
  job=""
  psql -X -q -d postgres -c "DROP DATABASE $db WITH (FORCE)" -c "DROP DATABASE hrlake_t_fresh WITH (FORCE)"
done 3< <(grep -v '^#' "$HRLAKE_REPO/sql/RELEASES")
