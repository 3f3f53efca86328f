#!/usr/bin/env bash
# Crash safety: the backend running run_daily is killed mid-run
# (pg_terminate_backend), then the server is stopped with -m immediate
# mid-run. After each, nothing is half-applied, and re-running the job gives
# the same final state as an uninterrupted run.
source "$(dirname "$0")/lib.sh"

# A day with enough work to interrupt: the sample files (loaded, so all but
# the timeframe are stored already), 300,000 more staged timeframe rows and
# 1,000 employees copied into staging by a client.
prepare() {
  fresh_db "$1"
  load_sample "$1"
  q "$1" "INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary)
          SELECT (30000000 + g % 100000)::text, 'X', (1600000000 + (g / 100000) * 8640000)::text, NULL, '1000'
          FROM generate_series(0, 299999) g" >/dev/null
  q "$1" "INSERT INTO hrlake_stage.employee (emp_id, age, name)
          SELECT 'copied' || g, '30', 'Copied ' || g FROM generate_series(1, 1000) g" >/dev/null
  staged_before=$(staged "$1")
}
staged() { q "$1" "SELECT (SELECT count(*) FROM hrlake_stage.timeframe) || '/' || (SELECT count(*) FROM hrlake_stage.employee)"; }

# Waits until the daily run of DB is inside its steps; prints its pid.
running_pid() {
  for _ in $(seq 1 100); do
    pid=$(q postgres "SELECT pid FROM pg_stat_activity WHERE datname = '$1' AND query LIKE 'CALL hrlake.run_daily%' AND state = 'active'")
    status=$(q "$1" "SELECT status FROM hrlake.job_run ORDER BY run_id DESC LIMIT 1" 2>/dev/null || true)
    if [ -n "$pid" ] && [ "$status" = running ]; then echo "$pid"; return; fi
    sleep 0.1
  done
  fail "the run did not start"
}

untouched() {  # nothing of the run is applied: what it writes is empty, all still staged
  expect_eq "$2: nothing half-applied" \
    "$(q "$1" "SELECT (SELECT count(*) FROM hrlake.employee WHERE emp_id LIKE 'copied%')
                    + (SELECT count(*) FROM hrlake.employee_timeframe) + (SELECT count(*) FROM hrlake.leave_8pct)
                    + (SELECT count(*) FROM hrlake.active_by_designation)")" "0"
  expect_eq "$2: every staged row still staged" "$(staged "$1")" "$staged_before"
  expect_eq "$2: the timeframe batches wait for the merge" \
    "$(q "$1" "SELECT string_agg(DISTINCT status, ',') FROM hrlake.batch WHERE source = 'timeframe'")" "staged"
}

# The reference: an uninterrupted run.
prepare hrlake_t_ref
q hrlake_t_ref "CALL hrlake.run_daily('2026-11-24')" >/dev/null
reference=$(fingerprint hrlake_t_ref)

# 1. pg_terminate_backend in the middle of the run.
prepare hrlake_t_kill
psql -X -q -d hrlake_t_kill -c "CALL hrlake.run_daily('2026-11-24')" >/dev/null 2>&1 &
pid=$(running_pid hrlake_t_kill)
q postgres "SELECT pg_terminate_backend($pid)" >/dev/null
wait || true
untouched hrlake_t_kill "after pg_terminate_backend"
q hrlake_t_kill "CALL hrlake.run_daily('2026-11-24')" >/dev/null
expect_eq "after pg_terminate_backend: the dead run is marked interrupted, the re-run succeeded" \
  "$(q hrlake_t_kill "SELECT string_agg(status, ',' ORDER BY run_id) FROM hrlake.job_run")" "interrupted,succeeded"
expect_eq "after pg_terminate_backend: same final state as an uninterrupted run" \
  "$(fingerprint hrlake_t_kill)" "$reference"

# 2. The server stops with -m immediate in the middle of the run.
prepare hrlake_t_crash
psql -X -q -d hrlake_t_crash -c "CALL hrlake.run_daily('2026-11-24')" >/dev/null 2>&1 &
running_pid hrlake_t_crash >/dev/null
as_pg_user "$PG_BINDIR/pg_ctl" -D "$HRLAKE_PGDATA" -m immediate stop >/dev/null
wait || true
"$HRLAKE_REPO/scripts/cluster.sh" start
untouched hrlake_t_crash "after an immediate stop"
q hrlake_t_crash "CALL hrlake.run_daily('2026-11-24')" >/dev/null
expect_eq "after an immediate stop: the dead run is marked interrupted, the re-run succeeded" \
  "$(q hrlake_t_crash "SELECT string_agg(status, ',' ORDER BY run_id) FROM hrlake.job_run")" "interrupted,succeeded"
expect_eq "after an immediate stop: same final state as an uninterrupted run" \
  "$(fingerprint hrlake_t_crash)" "$reference"

for db in hrlake_t_ref hrlake_t_kill hrlake_t_crash; do
  psql -X -q -d postgres -c "DROP DATABASE $db WITH (FORCE)"
done
