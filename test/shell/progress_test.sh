#!/usr/bin/env bash
# Long operations report progress while they run, where psql users and
# monitoring look (hrlake.v_progress, pg_stat_progress_copy): a job's run
# and step, the operation, its phase and counts. Each case stops the
# operation at a known point (a lock this test holds) and reads it from
# another session; afterwards, and after a cancel, nothing is left.
source "$(dirname "$0")/lib.sh"
db=hrlake_t_progress
fresh_db $db
holder_start $db
trap 'holder_stop' EXIT
holding() { wait_until $db "SELECT EXISTS (SELECT FROM pg_stat_activity WHERE application_name = 'hrlake_test_holder'
                                           AND state = 'idle in transaction')" "the lock to be held"; }
waiting() { wait_until $db "SELECT EXISTS (SELECT FROM hrlake.v_progress WHERE wait_event_type = 'Lock')" \
              "the operation to wait"; }
progress() {  # progress [ROLE]: the view's rows, one line each
  psql -X -q -At -v ON_ERROR_STOP=1 -d $db ${1:+-U "$1"} -c "
    SELECT string_agg(concat_ws(' | ', job, run_id IS NOT NULL, step, step_number || ' of ' || steps, operation,
                                source, phase, rows_done, rows_total, rows_rejected, bytes_done, bytes_total,
                                percent), E'\n')
    FROM hrlake.v_progress"
}

# 1. The daily job's merge, stopped at the third of five employees (one
# employee per chunk; the third's record is locked).
stage() {  # stage DATE DESIGNATION: one row for each of E1..E5
  q $db "INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, salary)
         SELECT 'E' || i, '$2', extract(epoch FROM DATE '$1')::text, '100' FROM generate_series(1, 5) i" >/dev/null
}
stage 2024-01-01 A
q $db "SELECT count(*) FROM hrlake.scd2_merge()" >/dev/null
stage 2024-06-01 B
holder_send "BEGIN; SELECT FROM hrlake.employee_timeframe WHERE emp_id = 'E3' FOR UPDATE;"
holding
psql -X -q -d $db -c "SET client_min_messages = warning" -c "SET hrlake.merge_chunk_employees = 1" \
  -c "CALL hrlake.run_daily('2024-07-01')" &
worker=$!
waiting
expect_eq "the daily job shows its run, step and the merge's count" "$(progress)" \
  "daily | t | ingest timeframe | 2 of 8 | merge timeframe | timeframe | merging employees | 2 | 0 | 0"
expect_eq "pg_stat_progress_copy shows it too, with no COPY command" \
  "$(q $db "SELECT count(*) || ' ' || coalesce(command, '-') || ' ' || tuples_processed FROM pg_stat_progress_copy
            WHERE datname = current_database() GROUP BY command, tuples_processed")" "1 - 2"
holder_send "ROLLBACK;"
wait $worker
expect_eq "the job went on" "$(q $db "SELECT status FROM hrlake.job_run WHERE period = '2024-07-01'")" "succeeded"
expect_eq "and left nothing in the view" "$(q $db "SELECT count(*) FROM hrlake.v_progress")" "0"

# 2. The stream job's flagging, stopped where a 10th strike closes its
# sender's record (the timeframe's ingest lock is held).
q $db "INSERT INTO hrlake.marked_word (word, batch_id) VALUES ('BAD', 0)" >/dev/null
q $db "INSERT INTO hrlake.message (sender, receiver, message, sent_at)
       SELECT 'E5', 'E1', 'a bad word', TIMESTAMPTZ '2024-07-01' + g * interval '1 minute'
       FROM generate_series(1, 12) g" >/dev/null
holder_send "BEGIN; SELECT pg_advisory_xact_lock(hashtext('hrlake.ingest'), hashtext('timeframe'));"
holding
psql -X -q -d $db -c "SET client_min_messages = warning" -c "CALL hrlake.run_stream()" &
worker=$!
waiting
expect_eq "the stream job shows its flagging at the close" "$(progress)" \
  "stream | t | flag messages | 4 of 4 | flag messages | closing records of 10th strikes | 12 | 12 | 0 | 0 | 100.0"
holder_send "ROLLBACK;"
wait $worker
expect_eq "the 10th strike closed the record" \
  "$(q $db "SELECT no_of_strikes || ' ' || (SELECT status FROM hrlake.employee_timeframe WHERE emp_id = 'E5'
                                             ORDER BY start_date DESC LIMIT 1)
            FROM hrlake.employee_strike WHERE emp_id = 'E5'")" "10 INACTIVE"
expect_eq "nothing left in the view" "$(q $db "SELECT count(*) FROM hrlake.v_progress")" "0"

# 3. A load on its own, by a loader, waiting for the source's lock after
# hashing the file: the loader sees its own progress (another role without
# pg_read_all_stats does not); cancelled, it leaves nothing behind.
psql -X -q -d $db -c "DROP ROLE IF EXISTS hrlake_t_progress_loader" -c "DROP ROLE IF EXISTS hrlake_t_progress_admin" \
  -c "CREATE ROLE hrlake_t_progress_loader LOGIN IN ROLE hrlake_loader, pg_read_server_files" \
  -c "CREATE ROLE hrlake_t_progress_admin LOGIN IN ROLE hrlake_admin" 2>/dev/null
file=$HRLAKE_INBOX/progress_employees.csv
as_pg_user sh -c "{ echo emp_id,age,name; seq 1 1000 | sed 's/.*/&,30,Name &/'; } > '$file'"
size=$(stat -c %s "$file")
holder_send "BEGIN; SELECT pg_advisory_xact_lock(hashtext('hrlake.ingest'), hashtext('employee'));"
holding
psql -X -q -U hrlake_t_progress_loader -d $db -c "SELECT hrlake.load('employee', '$file')" >/dev/null 2>&1 &
worker=$!
waiting
expect_eq "the loader sees its load" "$(progress hrlake_t_progress_loader)" \
  "f | load | employee | hashing the file | 0 | 0 | $size | $size | 100.0"
expect_eq "as a COPY FROM a FILE in pg_stat_progress_copy" \
  "$(q $db "SELECT command || ' ' || type || ' ' || bytes_total FROM pg_stat_progress_copy
            WHERE datname = current_database()")" "COPY FROM FILE $size"
expect_eq "another role does not" "$(progress hrlake_t_progress_admin)" ""
q $db "SELECT pg_cancel_backend(pid) FROM hrlake.v_progress" >/dev/null
wait $worker || true
expect_eq "cancelled, it left nothing" "$(q $db "SELECT count(*) FROM hrlake.v_progress")" "0"
holder_send "ROLLBACK;"

holder_stop
trap - EXIT
psql -X -q -d postgres -c "DROP DATABASE $db WITH (FORCE)" -c "DROP ROLE hrlake_t_progress_loader" \
  -c "DROP ROLE hrlake_t_progress_admin"
