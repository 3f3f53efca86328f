-- The demo run by scripts/setup.sh on the bundled sample data (data/sample/,
-- copied where the server can read it: :inbox). It plays the pipeline for
-- the demo date 2026-11-24: files land, the daily job runs, messages stream
-- in, and the monthly job of 2026-12-01 runs.
\set QUIET on
\set ON_ERROR_STOP on
\pset footer off
\pset null '-'
SET client_min_messages = warning;
SET datestyle = ISO;
SET timezone = 'UTC';

\echo
\echo '== 1. Files land in staging: hrlake.load(source, path) =='
SELECT f.source, f.file, hrlake.load(f.source, :'inbox' || '/' || f.file) AS batch_id
FROM (VALUES ('employee', 'employee_1.csv'), ('employee', 'employee_2.csv'),
             ('timeframe', 'timeframe_1.csv'), ('timeframe', 'timeframe_2.csv'),
             ('leave_quota', 'leave_quota.csv'), ('leave_calendar', 'leave_calendar.csv'),
             ('leave', 'leave_1.csv'), ('leave', 'leave_2.csv'),
             ('vocabulary', 'vocabulary.json'), ('marked_word', 'marked_word.json'),
             ('message', 'messages.json'), ('message', 'messages_stream.jsonl')) AS f(source, file);

\echo
\echo '== 2. The daily job for 2026-11-24: CALL hrlake.run_daily(...) =='
CALL hrlake.run_daily('2026-11-24');
\echo '== 3. Messages stream in: CALL hrlake.run_stream() =='
CALL hrlake.run_stream();
\echo '== 4. The monthly job of 2026-12-01: CALL hrlake.run_monthly(...) =='
CALL hrlake.run_monthly('2026-12-01');

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
SELECT batch_id, source, coalesce(regexp_replace(path, '^.*/', ''), 'client copy') AS file,
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
       (SELECT string_agg(key || '=' || CASE WHEN jsonb_typeof(value) = 'object'
                                             THEN (value->>'rows_loaded') || ' loaded'
                                             ELSE value::text END, ', ' ORDER BY key)
        FROM jsonb_each(step_counts)) AS steps
FROM hrlake.job_run ORDER BY run_id;
