-- Every routine of schema hrlake, called by the playing role (psql
-- variable who) with plausible arguments, each call undone: the ones its
-- role may run work (or stop for a reason of their own, given here), the
-- others are refused. A routine added to hrlake without a line here fails
-- the test: decide who may call it.
--   call     the statement
--   works    what the roles allowed to run it get (LIKE pattern): 'ok' or
--            the routine's own error
CREATE TEMP TABLE call (sig text PRIMARY KEY, call text NOT NULL, works text NOT NULL DEFAULT 'ok');
INSERT INTO call VALUES
  ('hrlake._word_problem(text)', $$SELECT hrlake._word_problem('WORD')$$, 'ok'),
  ('hrlake._word_key(text)', $$SELECT hrlake._word_key('Word')$$, 'ok'),
  ('hrlake.utc_today()', $$SELECT hrlake.utc_today()$$, 'ok'),
  ('hrlake._sources()', $$SELECT hrlake._sources()$$, 'ok'),
  ('hrlake._in_replication_apply()', $$SELECT hrlake._in_replication_apply()$$, 'ok'),
  ('hrlake._check_message_publications()', $$SELECT hrlake._check_message_publications()$$, 'ok'),
  ('hrlake.load(text,text)', $$SELECT hrlake.load('employee', '/nonexistent/hostile.csv')$$,
   :'load_works'),
  ('hrlake._ingest_rows(text)', $$SELECT * FROM hrlake._ingest_rows('employee')$$, 'ok'),
  -- The inbox: none is set in this database.
  ('hrlake._inbox_scan(text[],boolean)', $$SELECT * FROM hrlake._inbox_scan(ARRAY['employee'], true)$$,
   '55000 hrlake.inbox_directory is not set'),
  ('hrlake._inbox_take(text,text)', $$SELECT * FROM hrlake._inbox_take('employee', 'hostile.csv')$$,
   '55000 hrlake.inbox_directory is not set'),
  ('hrlake._inbox_finish()', $$SELECT * FROM hrlake._inbox_finish()$$, 'ok'),
  ('hrlake._inbox_pass(text[],text,date,bigint,jsonb)', $$CALL hrlake._inbox_pass(ARRAY['employee'], NULL, NULL, NULL)$$, 'ok'),
  ('hrlake.load_inbox(text[],jsonb)', $$CALL hrlake.load_inbox()$$,
   '25001 hrlake.load_inbox cannot run inside a transaction block'),
  ('hrlake._job_inbox_sources(text)', $$SELECT hrlake._job_inbox_sources('daily')$$, 'ok'),
  ('hrlake.ingest(text)', $$SELECT * FROM hrlake.ingest('employee')$$, 'ok'),
  ('hrlake._ingest_counts(text)', $$SELECT hrlake._ingest_counts('employee')$$, 'ok'),
  ('hrlake.scd2_merge()', $$SELECT * FROM hrlake.scd2_merge()$$, 'ok'),
  ('hrlake._scd2_merge_count()', $$SELECT hrlake._scd2_merge_count()$$, 'ok'),
  ('hrlake.refresh_active_by_designation(date)', $$SELECT hrlake.refresh_active_by_designation('2026-11-24')$$, 'ok'),
  ('hrlake.timeframe_as_of(date)', $$SELECT * FROM hrlake.timeframe_as_of('2026-11-24')$$, 'ok'),
  ('hrlake.designations_as_of(date)', $$SELECT * FROM hrlake.designations_as_of('2026-11-24')$$, 'ok'),
  ('hrlake._year_days(date[])', $$SELECT hrlake._year_days(ARRAY[date '2026-01-02'])$$, 'ok'),
  ('hrlake.leave_8pct_report(date)', $$SELECT * FROM hrlake.leave_8pct_report('2026-11-24')$$, 'ok'),
  ('hrlake.leave_80pct_report(date)', $$SELECT * FROM hrlake.leave_80pct_report('2026-12-01')$$, 'ok'),
  ('hrlake.refresh_leave_8pct(date)', $$SELECT hrlake.refresh_leave_8pct('2026-11-24')$$, 'ok'),
  ('hrlake.generate_80pct_notices(date)', $$SELECT hrlake.generate_80pct_notices('2026-12-01')$$, 'ok'),
  ('hrlake.export_notices(date)', $$SELECT * FROM hrlake.export_notices('2026-11-01')$$,
   '55000 hrlake.notice_directory is not set'),
  ('hrlake._export_notices_step(date)', $$SELECT hrlake._export_notices_step('2026-12-01')$$, 'ok'),
  ('hrlake._note_staged()', $$SELECT hrlake._note_staged()$$,
   '0A000 trigger functions can only be called as triggers'),
  ('hrlake._position_moves_forward()', $$SELECT hrlake._position_moves_forward()$$,
   '0A000 trigger functions can only be called as triggers'),
  ('hrlake._bump_marked_word_version()', $$SELECT hrlake._bump_marked_word_version()$$,
   '0A000 trigger functions can only be called as triggers'),
  ('hrlake._message_writer_lock()', $$SELECT hrlake._message_writer_lock()$$,
   '0A000 trigger functions can only be called as triggers'),
  ('hrlake._replicated_step_replaces()', $$SELECT hrlake._replicated_step_replaces()$$,
   '0A000 trigger functions can only be called as triggers'),
  ('hrlake._message_key_kept()', $$SELECT hrlake._message_key_kept()$$,
   '0A000 trigger functions can only be called as triggers'),
  -- Messages by month (86_message_partitions.sql).
  ('hrlake._month_partition(text,date)', $$SELECT hrlake._month_partition('message', '2026-12-01')$$, 'ok'),
  ('hrlake._month_start(date)', $$SELECT hrlake._month_start('2026-12-01')$$, 'ok'),
  ('hrlake._message_partitions(date)', $$SELECT hrlake._message_partitions('2026-12-01')$$, 'ok'),
  ('hrlake._apply_message_retention(date)', $$SELECT hrlake._apply_message_retention('2026-12-01')$$, 'ok'),
  -- Runs with its caller's rights: only the tables' owner may move a month.
  ('hrlake._archive_month(text)', $$SELECT hrlake._archive_month('message_default')$$,
   '42501 must be owner of table message_default'),
  ('hrlake._on_drop_extension()', $$SELECT hrlake._on_drop_extension()$$,
   '39P01 hrlake._on_drop_extension() is an event trigger'),
  ('hrlake.cooldown(date)', $$SELECT * FROM hrlake.cooldown('2026-12-01')$$, 'ok'),
  ('hrlake._salary_at_strikes(numeric,integer)', $$SELECT hrlake._salary_at_strikes(1000, 2)$$, 'ok'),
  ('hrlake._strikes_after_cooldown(integer)', $$SELECT hrlake._strikes_after_cooldown(3)$$, 'ok'),
  ('hrlake.flag_messages(integer)', $$SELECT * FROM hrlake.flag_messages(10)$$, 'ok'),
  ('hrlake._flag_messages_count(integer)', $$SELECT hrlake._flag_messages_count(10)$$, 'ok'),
  ('hrlake._job_period(text,date)', $$SELECT hrlake._job_period('monthly', '2026-11-24')$$, 'ok'),
  ('hrlake._in_transaction_block()', $$SELECT hrlake._in_transaction_block()$$, 'ok'),
  ('hrlake._setting(text)', $$SELECT hrlake._setting('job_max_attempts')$$, 'ok'),
  ('hrlake._alert(text,text,date,bigint,jsonb)', $$SELECT hrlake._alert('test', 'daily', '2026-11-24', 0)$$, 'ok'),
  ('hrlake._job_begin(text,date,boolean)', $$SELECT hrlake._job_begin('daily', '2000-01-03', false)$$, 'ok'),
  ('hrlake._job_step_run(text,date)', $$SELECT hrlake._job_step_run('SELECT to_jsonb($1)', '2026-11-24')$$, 'ok'),
  ('hrlake._job_did_nothing(jsonb)', $$SELECT hrlake._job_did_nothing('{}')$$, 'ok'),
  ('hrlake._next_attempt_at(integer)', $$SELECT hrlake._next_attempt_at(1)$$, 'ok'),
  ('hrlake._job_reap(text)', $$SELECT hrlake._job_reap('daily')$$, 'ok'),
  ('hrlake._progress_job(text,bigint,integer,integer,integer)',
   $$SELECT hrlake._progress_job('daily', 0, 10, 1, 8)$$, 'ok'),
  ('hrlake._progress_end()', $$SELECT hrlake._progress_end()$$, 'ok'),
  ('hrlake._progress_name(text,bigint)', $$SELECT hrlake._progress_name('job', 1)$$, 'ok'),
  ('hrlake._job_end(bigint,jsonb,text,text,text,boolean)',
   $$SELECT hrlake._job_end(0, '{}', NULL, NULL, NULL, false)$$, 'ok'),
  ('hrlake._run_job(text,date,boolean)', $$CALL hrlake._run_job('daily', '2026-11-24', false)$$,
   '25001 hrlake.run_daily cannot run inside a transaction block'),
  ('hrlake._job_summary(text,date,jsonb)', $$SELECT hrlake._job_summary('daily', '2026-11-24', '{}')$$, 'ok'),
  ('hrlake.run_daily(date,boolean)', $$CALL hrlake.run_daily('2026-11-24')$$,
   '25001 hrlake.run_daily cannot run inside a transaction block'),
  ('hrlake.run_monthly(date,boolean)', $$CALL hrlake.run_monthly('2026-12-01')$$,
   '25001 hrlake.run_monthly cannot run inside a transaction block'),
  ('hrlake.run_stream()', $$CALL hrlake.run_stream()$$,
   '25001 hrlake.run_stream cannot run inside a transaction block'),
  ('hrlake._cron_jobs()', $$SELECT * FROM hrlake._cron_jobs()$$, 'ok'),
  ('hrlake._cron_problem()', $$SELECT * FROM hrlake._cron_problem()$$, 'ok'),
  ('hrlake.schedule()', $$SELECT * FROM hrlake.schedule()$$, '55000 the pg_cron extension is not installed in this database'),
  ('hrlake.unschedule()', $$SELECT * FROM hrlake.unschedule()$$, '55000 the pg_cron extension is not installed in this database'),
  ('hrlake.cron_status()', $$SELECT * FROM hrlake.cron_status()$$,
   '55000 pg_cron is not installed in this database'),
  ('hrlake._due_periods(timestamp with time zone)', $$SELECT * FROM hrlake._due_periods()$$, 'ok'),
  ('hrlake._heal_from(text,timestamp with time zone)', $$SELECT hrlake._heal_from('daily', now())$$, 'ok'),
  ('hrlake._prune_job_runs(timestamp with time zone)', $$SELECT hrlake._prune_job_runs()$$, 'ok'),
  ('hrlake.run_due(timestamp with time zone)', $$CALL hrlake.run_due()$$,
   '25001 hrlake.run_due cannot run inside a transaction block');

SELECT pg_temp.none(:'who' || ': every routine of hrlake has a call in calls.sql',
                    ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p
                          WHERE p.pronamespace = 'hrlake'::regnamespace
                            AND p.oid::regprocedure::text NOT IN (SELECT sig FROM call) ORDER BY 1));

-- Called for real; the outcome expected: its own result where the role
-- holds EXECUTE (checked exactly by privileges.sql), refused where not.
SELECT pg_temp.expect(format('%s: %s %s', :'who', CASE WHEN may THEN 'may call' ELSE 'may not call' END, c.sig),
                      pg_temp.try(c.call),
                      CASE WHEN NOT has_schema_privilege('hrlake', 'USAGE') THEN '42501 permission denied for schema hrlake'
                           WHEN may THEN c.works
                           ELSE format('42501 permission denied for %s %s',
                                       CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, p.proname) END)
FROM call c JOIN pg_proc p ON p.oid::regprocedure::text = c.sig,
     LATERAL (SELECT has_function_privilege(p.oid, 'EXECUTE') AS may) m
ORDER BY c.sig;
