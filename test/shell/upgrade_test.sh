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
# apart), and a fingerprint of what the jobs produced.
row_counts() {
  q "$1" "SELECT string_agg(c.oid::regclass::text || '=' ||
            (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %s', c.oid::regclass), false, true, '')))[1]::text,
            ' ' ORDER BY c.oid::regclass::text)
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname IN ('hrlake', 'hrlake_stage') AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            AND c.relname NOT LIKE '\_%'"
}

grep -v '^#' "$HRLAKE_REPO/sql/RELEASES" | while read -r version commit; do
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
  job=$(q "$cron_db" "SELECT cron.schedule_in_database('hrlake-upgrade-stream', '* * * * *', 'CALL hrlake.run_stream()', '$db')")
  counts_before=$(row_counts $db)
  reports_before=$(fingerprint $db)

  $SUDO make -s -C "$HRLAKE_REPO" install >/dev/null
  updated_at=$(q $db "SELECT now()")
  q $db "ALTER EXTENSION hrlake UPDATE" >/dev/null
  expect_eq "$version: updated to $current" "$(q $db "SELECT extversion FROM pg_extension WHERE extname = 'hrlake'")" "$current"
  expect_eq "$version: the update path is known" \
    "$(q $db "SELECT path FROM pg_extension_update_paths('hrlake') WHERE source = '$version' AND target = '$current'")" \
    "$version--$current"
  # Tables the update adds come on top.
  counts_after=" $(row_counts $db) "
  for table_count in $counts_before; do
    [[ "$counts_after" == *" $table_count "* ]] || fail "$version: rows lost or added in ${table_count%%=*}: $counts_after"
  done
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
  views=$(q $db "SELECT string_agg(format('(SELECT count(*) FROM %s)', c.oid::regclass), ' + ')
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'hrlake' AND c.relkind = 'v'")
  q $db "SELECT $views" >/dev/null || fail "$version: a view fails after the update"
  echo "ok - $TEST_NAME: $version: every view reads after the update"
  for _ in $(seq 1 75); do
    runs=$(q $db "SELECT count(*) FROM hrlake.job_run WHERE job = 'stream' AND status = 'succeeded' AND started_at > '$updated_at'")
    [ "$runs" != 0 ] && break
    sleep 1
  done
  expect_eq "$version: pg_cron runs the stream job after the update" "$([ "$runs" != 0 ] && echo yes)" "yes"
  q "$cron_db" "SELECT cron.unschedule($job)" >/dev/null
  job=""
  psql -X -q -d postgres -c "DROP DATABASE $db WITH (FORCE)" -c "DROP DATABASE hrlake_t_fresh WITH (FORCE)"
done
