-- The public SQL surface of SPEC §3 exists.
BEGIN;
SELECT plan(11);

SELECT has_schema('hrlake');
SELECT has_schema('hrlake_stage');

SELECT tables_are('hrlake', ARRAY[
  'employee', 'employee_timeframe', 'leave_quota', 'leave_calendar', 'employee_leave',
  'vocabulary', 'marked_word', 'message', 'flagged_message', 'leave_8pct',
  'leave_80pct_notice', 'active_by_designation', 'batch', 'rejected_row', 'job_run'
] || ARRAY(SELECT tablename::text FROM pg_tables WHERE schemaname = 'hrlake'
           AND tablename NOT IN ('employee', 'employee_timeframe', 'leave_quota', 'leave_calendar',
             'employee_leave', 'vocabulary', 'marked_word', 'message', 'flagged_message',
             'leave_8pct', 'leave_80pct_notice', 'active_by_designation', 'batch',
             'rejected_row', 'job_run')),
  'the SPEC tables exist (internal tables may be added)');

SELECT ok((SELECT count(*) FROM unnest(ARRAY['v_employee_current', 'v_active_by_designation',
  'v_leave_8pct', 'v_leave_80pct', 'v_flagged_messages', 'v_message_activity',
  'v_employee_strikes', 'v_job_health', 'v_data_quality']) v
  WHERE to_regclass('hrlake.' || v) IS NOT NULL) = 9, 'the SPEC views exist');

SELECT tables_are('hrlake_stage', ARRAY['employee', 'timeframe', 'leave_quota',
  'leave_calendar', 'leave', 'vocabulary', 'marked_word', 'message',
  'vocabulary_raw', 'marked_word_raw', 'message_raw']);

-- Staging columns are all text, so COPY never fails on a value.
SELECT is((SELECT count(*) FROM information_schema.columns
           WHERE table_schema = 'hrlake_stage'
             AND column_name NOT IN ('batch_id', 'line_no', 'stage_id')
             AND data_type <> 'text'), 0::bigint, 'staging value columns are text');

SELECT has_function('hrlake', 'load', ARRAY['text', 'text']);
SELECT has_function('hrlake', 'ingest', ARRAY['text']);

SELECT columns_are('hrlake', 'v_employee_current', ARRAY['emp_id', 'name', 'age', 'loaded_at', 'batch_id']);

-- The totals per employee and month are keyed by month first: a stream
-- run's rows (the current month's) stay together in the index however
-- long the history (BENCHMARKS.md, "Message history by month").
SELECT col_is_pk('hrlake', 'message_month', ARRAY['month', 'emp_id']::name[], 'message_month is keyed (month, emp_id)');

-- Every table holding user data is dumped by pg_dump with its rows.
SELECT is(ARRAY(SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 JOIN pg_depend d ON d.objid = c.oid AND d.deptype = 'e'
                 JOIN pg_extension x ON x.oid = d.refobjid AND x.extname = 'hrlake'
                 WHERE c.relkind = 'r' AND n.nspname IN ('hrlake', 'hrlake_stage')
                   AND c.relname NOT LIKE '\_%'  -- definitions the extension script fills
                   AND c.relname <> 'message_key'  -- made again by the restored messages' trigger
                   AND NOT c.oid = ANY (x.extconfig)
                 ORDER BY 1),
          '{}'::text[], 'every extension table is marked for pg_dump');

SELECT * FROM finish();
ROLLBACK;
