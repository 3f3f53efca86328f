#!/usr/bin/env bash
# hrlake.schedule() creates the three pg_cron jobs once, unschedule()
# removes them, and pg_cron really runs a job: a stream job scheduled every
# minute fires (this waits up to 75 seconds).
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

# pg_cron fires a stream run in the scratch database.
q hrlake_t_cron "INSERT INTO hrlake.message (sender, receiver, message) VALUES ('1', '2', 'hello')" >/dev/null
job=$(q "$cron_db" "SELECT cron.schedule_in_database('hrlake-test-stream', '* * * * *', 'CALL hrlake.run_stream()', 'hrlake_t_cron')")
trap 'q "$cron_db" "SELECT cron.unschedule($job)" >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 75); do
  runs=$(q hrlake_t_cron "SELECT count(*) FROM hrlake.job_run WHERE job = 'stream' AND status = 'succeeded'")
  [ "$runs" != 0 ] && break
  sleep 1
done
expect_eq "pg_cron ran the stream job" "$runs" "1"
expect_eq "the cron run is healthy" "$(q hrlake_t_cron "SELECT last_status || ' ' || missed_run FROM hrlake.v_job_health WHERE job = 'stream'")" "succeeded false"
q "$cron_db" "SELECT cron.unschedule($job)" >/dev/null
trap - EXIT
psql -X -q -d postgres -c "DROP DATABASE hrlake_t_cron WITH (FORCE)"
