-- The demo run by scripts/setup.sh on the bundled sample data (data/sample/,
-- :sample), for the demo date 2026-11-24. Nobody loads anything: files are
-- dropped into the database's inbox (:inbox, hrlake.inbox_directory, one
-- folder per source) and a stream of messages is piped in as a broker
-- consumer would; the daily job, the stream job and the monthly job of
-- 2026-12-01 take it from there.
\set QUIET on
\set ON_ERROR_STOP on
\pset footer off
\pset null '-'
SET client_min_messages = warning;
SET datestyle = ISO;
SET timezone = 'UTC';
\setenv DEMO_INBOX :inbox
\setenv DEMO_SAMPLE :sample
\setenv PGDATABASE :DBNAME

\echo
\echo '== 1. Files land in the inbox, one folder per source (no hrlake.load() call) =='
\! cd "$DEMO_SAMPLE" && cp employee_1.csv employee_2.csv "$DEMO_INBOX/employee/" && cp timeframe_1.csv timeframe_2.csv "$DEMO_INBOX/timeframe/"
\! cd "$DEMO_SAMPLE" && cp leave_quota.csv "$DEMO_INBOX/leave_quota/" && cp leave_calendar.csv "$DEMO_INBOX/leave_calendar/" && cp leave_1.csv leave_2.csv "$DEMO_INBOX/leave/"
\! cd "$DEMO_SAMPLE" && cp vocabulary.json "$DEMO_INBOX/vocabulary/" && cp marked_word.json "$DEMO_INBOX/marked_word/" && cp messages.json "$DEMO_INBOX/message/"
SELECT s.source || '/' || f AS "file in the inbox"
FROM unnest(ARRAY['employee', 'timeframe', 'leave_quota', 'leave_calendar', 'leave', 'vocabulary', 'marked_word',
                  'message']) WITH ORDINALITY AS s(source, n),
     LATERAL pg_ls_dir(:'inbox' || '/' || s.source) AS f
ORDER BY s.n, f;

\echo
\echo '== 2. Messages stream in through a pipe, as from a broker (kcat ... | psql -c "\\copy ...") =='
\! cat "$DEMO_SAMPLE/messages_stream.jsonl" | psql -X -q -c "\copy hrlake_stage.message_raw (doc) from stdin with (format csv, quote e'\x01', delimiter e'\x02')"
SELECT count(*) AS "JSON lines waiting in hrlake_stage.message_raw" FROM hrlake_stage.message_raw;

\echo
\echo '== 3. The daily job for 2026-11-24: CALL hrlake.run_daily(...) loads its folders, then ingests and reports =='
CALL hrlake.run_daily('2026-11-24');
\echo '== 4. The stream job: CALL hrlake.run_stream() loads words and messages, ingests the piped lines, flags =='
CALL hrlake.run_stream();
\echo '== 5. The monthly job of 2026-12-01: CALL hrlake.run_monthly(...) =='
CALL hrlake.run_monthly('2026-12-01');
SELECT d AS "moved to", count(*) AS files
FROM (SELECT 'processed/' || s || '/' || day || '/' AS d
      FROM pg_ls_dir(:'inbox' || '/processed') AS s, LATERAL pg_ls_dir(:'inbox' || '/processed/' || s) AS day,
           LATERAL pg_ls_dir(:'inbox' || '/processed/' || s || '/' || day) AS f) x
GROUP BY d ORDER BY d;

\echo
\echo '== Active employees by designation (v_active_by_designation) =='
SELECT designation, no_of_active_emp FROM hrlake.v_active_by_designation ORDER BY designation;

\echo
\echo '== Upcoming leave over 8% of the working days left in 2026 (v_leave_8pct) =='
SELECT emp_id, upcoming_leaves, working_days, as_of FROM hrlake.v_leave_8pct
ORDER BY upcoming_leaves DESC, emp_id LIMIT 10;
SELECT count(*) AS employees_over_8pct FROM hrlake.v_leave_8pct;

\echo
\echo '== Leave quota used over 80%: notices for November 2026 (v_leave_80pct) =='
SELECT emp_id, year, availed, quota, usage_pct FROM hrlake.v_leave_80pct
ORDER BY usage_pct DESC, emp_id LIMIT 10;
\echo 'One notice, as the manager receives it:'
\pset tuples_only on
\pset format unaligned
SELECT report FROM hrlake.v_leave_80pct ORDER BY usage_pct DESC, emp_id LIMIT 1;
\pset format aligned
\pset tuples_only off

\echo
\echo '== Strikes and salary levels, most strikes first (v_salary_levels, for admins) =='
SELECT emp_id, no_of_strikes, base_salary, strike_1, strike_2, strike_3, current_salary
FROM hrlake.v_salary_levels ORDER BY no_of_strikes DESC, emp_id LIMIT 8;
SELECT count(*) FILTER (WHERE no_of_strikes = 10) AS deactivated_at_10_strikes,
       count(*) AS employees_with_strike_history
FROM hrlake.v_employee_strikes;

\echo
\echo '== Every input row accounted for: batches (total = loaded + duplicate + rejected) =='
SELECT batch_id, source,
       coalesce(regexp_replace(path, '^.*/', ''), CASE origin WHEN 'strike' THEN '10th strikes' ELSE 'client copy' END) AS file,
       rows_total AS total, rows_loaded AS loaded, rows_duplicate AS duplicate,
       rows_rejected AS rejected, status
FROM hrlake.batch ORDER BY batch_id;

\echo
\echo '== Rejected rows by reason (hrlake.rejected_row) =='
SELECT source, left(reason, 70) AS reason, count(*) AS rows
FROM hrlake.rejected_row GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2;

\echo
\echo '== Job history (hrlake.job_run, v_job_health) =='
SELECT run_id, job, period, status, round(extract(epoch FROM finished_at - started_at)::numeric, 2) AS seconds,
       (SELECT string_agg(key || '=' || CASE WHEN key = 'inbox' THEN (value->>'loaded') || ' file(s)'
                                             WHEN jsonb_typeof(value) = 'object'
                                             THEN (value->>'rows_loaded') || ' loaded'
                                             ELSE value::text END, ', ' ORDER BY key)
        FROM jsonb_each(step_counts)) AS steps
FROM hrlake.job_run ORDER BY run_id;
