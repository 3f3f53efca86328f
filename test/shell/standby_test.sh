#!/usr/bin/env bash
# BI on a hot standby (issue 18): a streaming replica of the project's
# cluster, made with pg_basebackup on this machine, answers the analyst
# views and the read-only reports (leave_8pct_report, leave_80pct_report,
# designations_as_of, timeframe_as_of) as the primary does; every function
# and job that writes refuses there with PostgreSQL's read-only error, and
# the standby goes on serving.
source "$(dirname "$0")/lib.sh"
db=hrlake_t_standby
standby_port=${HRLAKE_STANDBY_PORT:-$((HRLAKE_PGPORT + 100))}
standby_dir="$HRLAKE_RUN_DIR/standby_test"
standby_socket="$standby_dir/socket"

stop_standby() {
  if [ -f "$standby_dir/data/postmaster.pid" ]; then
    as_pg_user "$PG_BINDIR/pg_ctl" -D "$standby_dir/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$standby_dir"
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
}
trap stop_standby EXIT
stop_standby

# The primary: sample data, the jobs, flagged messages, and login roles.
fresh_db $db
load_sample $db
q $db "CALL hrlake.run_daily('2026-11-24')" >/dev/null 2>&1
q $db "CALL hrlake.run_stream()" >/dev/null 2>&1
q $db "CALL hrlake.run_monthly('2026-12-01')" >/dev/null 2>&1
psql -X -q -d postgres -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
SET client_min_messages = warning;
DROP ROLE IF EXISTS hrlake_t_bi, hrlake_t_ops;
CREATE ROLE hrlake_t_bi LOGIN IN ROLE hrlake_analyst;
CREATE ROLE hrlake_t_ops LOGIN IN ROLE hrlake_admin, pg_read_server_files;
SQL

# The standby: a base backup with the replication settings (-R), on a port
# and socket of its own.
as_pg_user mkdir -p "$standby_socket"
as_pg_user "$PG_BINDIR/pg_basebackup" -h "$HRLAKE_SOCKET_DIR" -p "$HRLAKE_PGPORT" -U postgres \
  -D "$standby_dir/data" -R -X stream -c fast >/dev/null
as_pg_user "$PG_BINDIR/pg_ctl" -D "$standby_dir/data" -l "$standby_dir/server.log" -w -t 60 \
  -o "-p $standby_port -k $standby_socket -c listen_addresses=''" start >/dev/null
sq() {  # sq USER SQL: one value, on the standby
  psql -X -q -At -v ON_ERROR_STOP=1 -h "$standby_socket" -p "$standby_port" -U "$1" -d $db -c "$2" ||
    fail "on the standby, as $1: $2"
}
pq() {  # pq USER SQL: the same on the primary
  psql -X -q -At -v ON_ERROR_STOP=1 -U "$1" -d $db -c "$2" || fail "on the primary, as $1: $2"
}
expect_eq "the standby is in recovery" "$(sq postgres "SELECT pg_is_in_recovery()")" "t"

# Something written on the primary after the backup, then waited for: the
# standby has replayed up to the primary's WAL position. Rows staged and
# not ingested yet give the ingests on the standby work to (try to) do.
q $db "INSERT INTO hrlake.message (sender, receiver, message, sent_at)
       SELECT '20000001', '20000002', 'after the backup ' || w.word, '2026-11-30' FROM hrlake.marked_word w LIMIT 1" >/dev/null
q $db "SELECT count(*) FROM hrlake.flag_messages()" >/dev/null
q $db "INSERT INTO hrlake_stage.message (sender, receiver, message, timestamp) VALUES ('20000001', '20000002', 'staged', '1767225600');
       INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, salary) VALUES ('20000001', 'B', '1767225600', '1000')" >/dev/null
q $db "INSERT INTO hrlake.message (sender, receiver, message) VALUES ('20000002', '20000001', 'not flagged yet')" >/dev/null
lsn=$(q postgres "SELECT pg_current_wal_lsn()")
for _ in $(seq 1 300); do
  [ "$(sq postgres "SELECT pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn")" = t ] && break
  sleep 0.2
done
expect_eq "the standby replayed what the primary wrote" \
  "$(sq postgres "SELECT pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn")" "t"

# Every analyst view and read-only report answers on the standby as on the
# primary, for the analyst's login.
# (v_job_health is read by an admin: an analyst cannot read it once jobs
# ran, on the primary either: hrlake._due_periods() reads job_run with the
# caller's rights.)
views=$(q $db "SELECT string_agg(c.relname, ' ' ORDER BY c.relname) FROM pg_class c
               WHERE c.relnamespace = 'hrlake'::regnamespace AND c.relkind = 'v'
                 AND has_table_privilege('hrlake_analyst', c.oid, 'SELECT')")
for v in $views; do
  reader=hrlake_t_bi
  [ "$v" = v_job_health ] && reader=hrlake_t_ops
  query="SELECT count(*) || '/' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM hrlake.$v t"
  expect_eq "analyst view $v on the standby" "$(sq $reader "$query")" "$(pq $reader "$query")"
done
for call in "hrlake.leave_8pct_report('2026-11-24')" "hrlake.leave_80pct_report('2026-12-01')" \
            "hrlake.designations_as_of('2026-11-24')"; do
  query="SELECT count(*) || '/' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM $call t"
  expect_eq "analyst report $call on the standby" "$(sq hrlake_t_bi "$query")" "$(pq hrlake_t_bi "$query")"
done
query="SELECT count(*) || '/' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM hrlake.timeframe_as_of('2026-11-24') t"
expect_eq "admin read hrlake.timeframe_as_of on the standby" "$(sq hrlake_t_ops "$query")" "$(pq hrlake_t_ops "$query")"

# What writes refuses: PostgreSQL's read-only error (SQLSTATE 25006), and
# the standby is still up and serving.
dir=$(sample_inbox)
printf 'emp_id,age,name\n77,30,Standby\n' > "$dir/standby_employee.csv"
[ "$(id -u)" = 0 ] && chown "$HRLAKE_PG_OSUSER" "$dir/standby_employee.csv"
for call in "SELECT * FROM hrlake.flag_messages()" "SELECT hrlake._flag_messages_count()" \
            "SELECT * FROM hrlake.ingest('message')" "SELECT hrlake.load('employee', '$dir/standby_employee.csv')" \
            "SELECT * FROM hrlake.scd2_merge()" "SELECT * FROM hrlake.cooldown('2027-01-01')" \
            "SELECT * FROM hrlake.refresh_leave_8pct('2026-11-25')" "SELECT hrlake._message_partitions('2027-01-01')" \
            "CALL hrlake.run_stream()" "CALL hrlake.run_daily('2026-11-25')" "CALL hrlake.run_monthly('2027-01-01')"; do
  out=$(psql -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -h "$standby_socket" -p "$standby_port" \
          -U hrlake_t_ops -d $db -c "$call" 2>&1 || true)
  case "$out" in
    *"ERROR:  25006: cannot execute"*"in a read-only transaction"*) echo "ok - $TEST_NAME: refused on the standby: $call" ;;
    *) fail "$call on the standby: expected the read-only error (25006), got: $out" ;;
  esac
done
expect_eq "the standby still serves after the refusals" "$(sq hrlake_t_bi "SELECT count(*) > 0 FROM hrlake.v_flagged_messages")" "t"
