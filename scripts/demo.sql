-- The demo run by scripts/setup.sh on the bundled sample data
-- (data/sample/, copied to a directory the server can read: :inbox).
\set QUIET on
\pset footer off
\pset null '-'
SET client_min_messages = warning;

\echo
\echo '== 1. Land the files in staging (hrlake.load) =='
SELECT f.source, f.file, hrlake.load(f.source, :'inbox' || '/' || f.file) AS batch_id
FROM (VALUES ('employee', 'employee_1.csv'), ('employee', 'employee_2.csv'),
             ('timeframe', 'timeframe_1.csv'), ('timeframe', 'timeframe_2.csv'),
             ('leave_quota', 'leave_quota.csv'), ('leave_calendar', 'leave_calendar.csv'),
             ('leave', 'leave_1.csv'), ('leave', 'leave_2.csv'),
             ('vocabulary', 'vocabulary.json'), ('marked_word', 'marked_word.json'),
             ('message', 'messages.json'), ('message', 'messages_stream.jsonl')) AS f(source, file)
ORDER BY batch_id;

\echo
\echo '== 2. Clean employees into silver (hrlake.ingest) =='
SELECT * FROM hrlake.ingest('employee');
SELECT count(*) AS employees, count(DISTINCT name) AS distinct_names
FROM hrlake.v_employee_current;

\echo
\echo '== Batches: every row accounted for (total = loaded + duplicate + rejected) =='
SELECT batch_id, source, status, rows_total, rows_loaded, rows_duplicate, rows_rejected,
       rows_staged AS waiting
FROM hrlake.batch ORDER BY batch_id;

\echo
\echo '== Rejected rows by source and reason =='
SELECT source, stage, left(reason, 60) AS reason, count(*) AS rows
FROM hrlake.rejected_row GROUP BY 1, 2, 3 ORDER BY 1, 4 DESC, 3;
