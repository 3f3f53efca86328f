#!/usr/bin/env bash
# A failed job run sends NOTIFY hrlake_alert with a JSON payload, and its
# failure record survives.
source "$(dirname "$0")/lib.sh"
fresh_db hrlake_t_alert
out=$(psql -X -d hrlake_t_alert -c "LISTEN hrlake_alert" \
  -c "SET hrlake.inject_fault = 'daily.ingest leave:XX002'" \
  -c "CALL hrlake.run_daily('2026-11-24')" 2>&1)
echo "$out" | grep -q 'Asynchronous notification "hrlake_alert" with payload' || fail "no alert: $out"
payload=$(echo "$out" | sed -n 's/.*with payload "\(.*\)" received.*/\1/p')
expect_eq "alert names the job" "$(q hrlake_t_alert "SELECT '$payload'::jsonb->>'job'")" "daily"
expect_eq "alert names the step" "$(q hrlake_t_alert "SELECT '$payload'::jsonb->>'step'")" "ingest leave"
expect_eq "alert carries the SQLSTATE" "$(q hrlake_t_alert "SELECT '$payload'::jsonb->>'sqlstate'")" "XX002"
expect_eq "the failure is recorded" "$(q hrlake_t_alert "SELECT status FROM hrlake.job_run")" "failed"
# A success sends nothing.
out=$(psql -X -d hrlake_t_alert -c "LISTEN hrlake_alert" -c "CALL hrlake.run_daily('2026-11-24')" 2>&1)
echo "$out" | grep -q 'Asynchronous notification' && fail "alert on success: $out"
echo "ok - $TEST_NAME: no alert on success"
# Two overlapping calls: the second skips and says so.
psql -X -d hrlake_t_alert -c "SELECT pg_advisory_lock(hashtext('hrlake.job'), hashtext('daily'))" -c "SELECT pg_sleep(3)" >/dev/null &
sleep 1
out=$(psql -X -d hrlake_t_alert -c "CALL hrlake.run_daily('2026-11-25')" 2>&1)
wait
echo "$out" | grep -q "already running in another session; skipped" || fail "overlap not skipped: $out"
expect_eq "the overlap is recorded" "$(q hrlake_t_alert "SELECT status FROM hrlake.job_run ORDER BY run_id DESC LIMIT 1")" "skipped"
psql -X -q -d postgres -c "DROP DATABASE hrlake_t_alert WITH (FORCE)"
