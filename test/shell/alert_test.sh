#!/usr/bin/env bash
# A failed job run sends NOTIFY hrlake_alert with a JSON payload, its
# failure record survives, and the CALL fails (so pg_cron records a
# failure); skips are recorded and alerted too.
source "$(dirname "$0")/lib.sh"
fresh_db hrlake_t_alert
# A fault, the way steps are defined: as rows (tests only).
q hrlake_t_alert "UPDATE hrlake._job_step SET statement = \$\$SELECT pg_catalog.to_jsonb(1 / 0)\$\$
                  WHERE job = 'daily' AND step = 'ingest leave'" >/dev/null
out=$(psql -X -d hrlake_t_alert -c "LISTEN hrlake_alert" -c "CALL hrlake.run_daily('2026-11-24')" 2>&1 || true)
echo "$out" | grep -q 'ERROR:  the daily job failed for 2026-11-24 in step ingest leave: division by zero' ||
  fail "the CALL did not fail: $out"
echo "ok - $TEST_NAME: a failed run fails its CALL"
echo "$out" | grep -q 'Asynchronous notification "hrlake_alert" with payload' || fail "no alert: $out"
payload=$(echo "$out" | sed -n 's/.*with payload "\(.*\)" received.*/\1/p')
expect_eq "alert says it failed" "$(q hrlake_t_alert "SELECT '$payload'::jsonb->>'kind'")" "failed"
# Any role may LISTEN: the alert names the step and the SQLSTATE, never the
# message, which may quote input.
expect_eq "alert names the step and SQLSTATE, not the message" \
  "$(q hrlake_t_alert "SELECT p->>'step' || ' ' || (p->>'sqlstate') || ' ' || (p ? 'error')::text FROM (SELECT '$payload'::jsonb AS p) x")" \
  "ingest leave 22012 false"
expect_eq "alert names the job" "$(q hrlake_t_alert "SELECT '$payload'::jsonb->>'job'")" "daily"
expect_eq "alert names the step" "$(q hrlake_t_alert "SELECT '$payload'::jsonb->>'step'")" "ingest leave"
expect_eq "alert carries the SQLSTATE" "$(q hrlake_t_alert "SELECT '$payload'::jsonb->>'sqlstate'")" "22012"
expect_eq "the failure is recorded" "$(q hrlake_t_alert "SELECT status FROM hrlake.job_run")" "failed"
q hrlake_t_alert "UPDATE hrlake._job_step SET statement = \$\$SELECT hrlake._ingest_counts('leave')\$\$
                  WHERE job = 'daily' AND step = 'ingest leave'" >/dev/null
# A success sends nothing.
out=$(psql -X -d hrlake_t_alert -c "LISTEN hrlake_alert" -c "CALL hrlake.run_daily('2026-11-24')" 2>&1)
echo "$out" | grep -q 'Asynchronous notification' && fail "alert on success: $out"
echo "ok - $TEST_NAME: no alert on success"
echo "$out" | grep -q 'NOTICE:  hrlake daily job for 2026-11-24 succeeded: ingest employee' ||
  fail "no summary line: $out"
echo "ok - $TEST_NAME: a successful run prints a one-line summary"
# A skip is recorded and alerted.
out=$(psql -X -d hrlake_t_alert -c "LISTEN hrlake_alert" -c "CALL hrlake.run_daily('2026-11-24')" 2>&1)
payload=$(echo "$out" | sed -n 's/.*with payload "\(.*\)" received.*/\1/p')
expect_eq "a skip is alerted" "$(q hrlake_t_alert "SELECT '$payload'::jsonb->>'kind'")" "skipped"
expect_eq "and recorded" "$(q hrlake_t_alert "SELECT status FROM hrlake.job_run ORDER BY run_id DESC LIMIT 1")" "skipped"
# Two overlapping calls: the second skips and says so.
psql -X -d hrlake_t_alert -c "SELECT pg_advisory_lock(hashtext('hrlake.job'), hashtext('daily'))" -c "SELECT pg_sleep(3)" >/dev/null &
sleep 1
out=$(psql -X -d hrlake_t_alert -c "CALL hrlake.run_daily('2026-11-25')" 2>&1)
wait
echo "$out" | grep -q "already running in another session; skipped" || fail "overlap not skipped: $out"
expect_eq "the overlap is recorded" "$(q hrlake_t_alert "SELECT status FROM hrlake.job_run ORDER BY run_id DESC LIMIT 1")" "skipped"
psql -X -q -d postgres -c "DROP DATABASE hrlake_t_alert WITH (FORCE)"
