#!/usr/bin/env bash
# hrlake.schedule() creates the pg_cron jobs once, unschedule() removes
# them, and pg_cron really runs hrlake's jobs (SPEC §2.9), in scratch
# databases, all scheduled in the same minute:
#   - a stream run succeeds;
#   - a daily run that fails is recorded, then fails its CALL, so pg_cron
#     records it failed; run_due() tries the period again with a growing
#     delay, a bounded number of times;
#   - a daily run killed while a step waits for a lock (held here) is found
#     interrupted and run again by the heal entry, CALL hrlake.run_due().
# Each wait polls what pg_cron and hrlake recorded, for at most 90 s (cron
# fires at the top of a minute); the whole takes about two minutes. With
# background workers, pg_cron 1.4 records no run's end while another of
# its runs goes on (citusdata/pg_cron#200, fixed in 1.5): the killed run's
# case comes first.
source "$(dirname "$0")/lib.sh"
cron_db=$(q postgres "SHOW cron.database_name")

# schedule()/unschedule() in the pg_cron database, unless the user has
# scheduled hrlake there already (then their jobs are left alone).
had=$(q "$cron_db" "SELECT count(*) FROM cron.job WHERE jobname LIKE 'hrlake-%'")
if [ "$had" = 0 ]; then
  q "$cron_db" "SELECT count(*) FROM hrlake.schedule()" >/dev/null
  q "$cron_db" "SELECT count(*) FROM hrlake.schedule()" >/dev/null
  expect_eq "schedule() twice makes four jobs" \
    "$(q "$cron_db" "SELECT string_agg(jobname || ' ' || schedule || ' ' || command, '; ' ORDER BY jobname) FROM cron.job WHERE jobname LIKE 'hrlake-%'")" \
    "hrlake-daily 0 7 * * * CALL hrlake.run_daily(); hrlake-heal 2-59/5 * * * * CALL hrlake.run_due(); hrlake-monthly 0 7 1 * * CALL hrlake.run_monthly(); hrlake-stream * * * * * CALL hrlake.run_stream()"
  expect_eq "unschedule() removes them" "$(q "$cron_db" "SELECT count(*) FROM hrlake.unschedule()")" "4"
  expect_eq "none left" "$(q "$cron_db" "SELECT count(*) FROM cron.job WHERE jobname LIKE 'hrlake-%'")" "0"
else
  echo "ok - $TEST_NAME: # skip schedule() checks: hrlake jobs already scheduled in $cron_db"
fi

# Elsewhere, schedule() explains what to do.
fresh_db hrlake_t_cron
out=$(psql -X -d hrlake_t_cron -c "SELECT * FROM hrlake.schedule()" 2>&1 || true)
echo "$out" | grep -q "pg_cron runs in database \"$cron_db\"" || fail "no clear error: $out"
echo "$out" | grep -q "cron.schedule_in_database('hrlake-stream@hrlake_t_cron'" || fail "no hint: $out"
echo "ok - $TEST_NAME: schedule() outside the pg_cron database explains what to run"

# The scratch databases. A daily period that run_due() considers at any
# time of day: yesterday (UTC).
period=$(q postgres "SELECT ((now() AT TIME ZONE 'UTC')::date - 1)::text")
q hrlake_t_cron "INSERT INTO hrlake.message (sender, receiver, message) VALUES ('1', '2', 'hello')" >/dev/null
fresh_db hrlake_t_cron_fail
q hrlake_t_cron_fail "UPDATE hrlake._job_step SET statement = \$\$SELECT pg_catalog.to_jsonb(1 / 0)\$\$
                      WHERE job = 'daily' AND step = 'report leave_8pct'" >/dev/null
q hrlake_t_cron_fail "ALTER DATABASE hrlake_t_cron_fail SET hrlake.job_retry_delay = 60" >/dev/null
q hrlake_t_cron_fail "ALTER DATABASE hrlake_t_cron_fail SET hrlake.job_max_attempts = 3" >/dev/null
fresh_db hrlake_t_cron_kill
q hrlake_t_cron_kill "ALTER DATABASE hrlake_t_cron_kill SET hrlake.job_retry_delay = 0" >/dev/null
# The killed run's first step will wait for the employee ingest lock.
holder_start hrlake_t_cron_kill
holder_send "SELECT pg_advisory_lock(hashtext('hrlake.ingest'), hashtext('employee'));"
wait_until hrlake_t_cron_kill "SELECT EXISTS (SELECT FROM pg_locks l JOIN pg_stat_activity a USING (pid)
                                             WHERE a.application_name = 'hrlake_test_holder'
                                               AND l.locktype = 'advisory' AND l.granted)" "the lock to be held"

schedule() {  # schedule NAME DB COMMAND: the cron job's id
  q "$cron_db" "SELECT cron.schedule_in_database('$1', '* * * * *', \$\$$3\$\$, '$2')"
}
unschedule() { q "$cron_db" "SELECT cron.unschedule(jobid) FROM cron.job WHERE jobname = '$1'" >/dev/null; }
cleanup() {
  for j in hrlake-test-stream hrlake-test-fail hrlake-test-kill hrlake-test-heal; do unschedule $j || true; done
  holder_stop
}
trap cleanup EXIT
export WAIT_SECONDS=90
stream_job=$(schedule hrlake-test-stream hrlake_t_cron "CALL hrlake.run_stream()")
fail_job=$(schedule hrlake-test-fail hrlake_t_cron_fail "CALL hrlake.run_daily('$period')")
kill_job=$(schedule hrlake-test-kill hrlake_t_cron_kill "CALL hrlake.run_daily('$period')")
wake_pg_cron
cron_status() {  # cron_status JOBID: the statuses pg_cron recorded
  q "$cron_db" "SELECT coalesce(string_agg(status, ',' ORDER BY runid), '') FROM cron.job_run_details WHERE jobid = $1"
}

# The stream run.
wait_until hrlake_t_cron "SELECT EXISTS (SELECT FROM hrlake.job_run WHERE job = 'stream' AND status = 'succeeded')" \
  "pg_cron to run the stream job"
unschedule hrlake-test-stream
echo "ok - $TEST_NAME: pg_cron ran the stream job"
expect_eq "the cron run is healthy" "$(q hrlake_t_cron "SELECT last_status || ' ' || missed_run FROM hrlake.v_job_health WHERE job = 'stream'")" "succeeded false"

# The killed run: pg_cron's session dies while the step waits for the lock.
wait_until hrlake_t_cron_kill "SELECT EXISTS (SELECT FROM hrlake.v_progress WHERE job = 'daily' AND wait_event_type = 'Lock')" \
  "the cron run to wait for the lock"
pid=$(q hrlake_t_cron_kill "SELECT pid FROM hrlake.v_progress WHERE job = 'daily'")
q hrlake_t_cron_kill "SELECT pg_terminate_backend($pid)" >/dev/null
wait_until hrlake_t_cron_kill "SELECT NOT EXISTS (SELECT FROM pg_stat_activity WHERE pid = $pid)" "the cron session to end"
unschedule hrlake-test-kill
expect_eq "the killed run is left running" "$(q hrlake_t_cron_kill "SELECT status FROM hrlake.job_run")" "running"

# The failing run: recorded first, then pg_cron sees the CALL fail.
wait_until "$cron_db" "SELECT EXISTS (SELECT FROM cron.job_run_details WHERE jobid = $fail_job AND status IN ('failed', 'succeeded'))" \
  "pg_cron to run the failing job"
unschedule hrlake-test-fail
expect_eq "pg_cron records the failed CALL" "$(cron_status $fail_job)" "failed"
expect_eq "with hrlake's message" \
  "$(q "$cron_db" "SELECT split_part(return_message, E'\n', 1) FROM cron.job_run_details WHERE jobid = $fail_job")" \
  "ERROR: the daily job failed for $period in step report leave_8pct: division by zero"
expect_eq "hrlake recorded the failure, with its next attempt a minute on" \
  "$(q hrlake_t_cron_fail "SELECT status || ' ' || attempt || ' ' || round(extract(epoch FROM next_attempt_at - finished_at))
                           FROM hrlake.job_run WHERE period = '$period'")" "failed 1 60"
wait_until "$cron_db" "SELECT EXISTS (SELECT FROM cron.job_run_details WHERE jobid = $kill_job AND status <> 'running')" \
  "pg_cron to record the killed run"
expect_eq "pg_cron records the killed run failed" \
  "$(q "$cron_db" "SELECT status || ': ' || split_part(return_message, E'\n', 1) FROM cron.job_run_details WHERE jobid = $kill_job")" \
  'failed: FATAL: terminating background worker "pg_cron" due to administrator command'
holder_send "SELECT pg_advisory_unlock_all();"

# The heal entry finds it interrupted and runs the period again.
heal_job=$(schedule hrlake-test-heal hrlake_t_cron_kill "CALL hrlake.run_due()")
wait_until hrlake_t_cron_kill "SELECT EXISTS (SELECT FROM hrlake.job_run WHERE status = 'succeeded' AND period = '$period')" \
  "the heal entry to run the period again"
unschedule hrlake-test-heal
expect_eq "interrupted, then run again by the heal entry" \
  "$(q hrlake_t_cron_kill "SELECT string_agg(period || ' ' || attempt || ' ' || status, ', ' ORDER BY run_id) FROM hrlake.job_run
                           WHERE period = '$period'")" \
  "$period 1 interrupted, $period 2 succeeded"
expect_eq "the interruption says why" \
  "$(q hrlake_t_cron_kill "SELECT error FROM hrlake.job_run WHERE status = 'interrupted'")" \
  "interrupted: the session running it ended before it finished"
expect_eq "pg_cron ran the heal entry" "$(cron_status $heal_job)" "succeeded"

# The failed period is tried again once its delay has passed (60 s, then
# 120 s), three attempts in all; run_due() is given the time it is.
attempts() {
  q hrlake_t_cron_fail "SELECT string_agg(attempt || ' ' || status || ' ' || coalesce(round(extract(epoch FROM next_attempt_at - finished_at))::text, 'gave up'), ', ' ORDER BY run_id)
                        FROM hrlake.job_run WHERE period = '$period' AND status <> 'skipped'"
}
due() {  # due SECONDS: run_due() as if it were SECONDS after the last attempt's next time
  psql -X -q -d hrlake_t_cron_fail >/dev/null 2>&1 <<SQL || true
SET client_min_messages = warning;
SELECT (max(next_attempt_at) + interval '$1 seconds')::text AS at FROM hrlake.job_run WHERE period = '$period' \gset
CALL hrlake.run_due(:'at');
SQL
}
due -5
expect_eq "not before its delay" "$(attempts)" "1 failed 60"
due 1
expect_eq "the second attempt, then twice the delay" "$(attempts)" "1 failed 60, 2 failed 120"
due 1
expect_eq "the third and last" "$(attempts)" "1 failed 60, 2 failed 120, 3 failed gave up"
psql -X -q -d hrlake_t_cron_fail -c "SET client_min_messages = warning" \
  -c "CALL hrlake.run_due(now() + interval '10 minutes')" >/dev/null 2>&1 || true
expect_eq "then it waits for a person" "$(attempts)" "1 failed 60, 2 failed 120, 3 failed gave up"

trap - EXIT
holder_stop
psql -X -q -d postgres -c "DROP DATABASE hrlake_t_cron WITH (FORCE)" -c "DROP DATABASE hrlake_t_cron_fail WITH (FORCE)" \
  -c "DROP DATABASE hrlake_t_cron_kill WITH (FORCE)"
