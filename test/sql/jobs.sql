-- Jobs: run ledger, skip and force, all-or-nothing steps, retries of
-- transient errors in a new transaction, failures that fail the CALL after
-- they are recorded, periods healed by run_due(), no-op stream runs folded.
\i test/sql/include/fresh_hrlake.sql
\pset null '<null>'
CREATE VIEW t.runs AS
SELECT run_id, job, period, status, forced, attempt, runs, step_counts, error FROM hrlake.job_run ORDER BY run_id;
-- Faults are injected the way the SPEC's steps are defined: as rows. A
-- step's statement is swapped for one whose first calls fail.
CREATE SEQUENCE t.calls;
CREATE FUNCTION t.fail_first(n integer, state text) RETURNS jsonb LANGUAGE plpgsql AS $$
BEGIN
  IF nextval('t.calls') <= n THEN
    RAISE EXCEPTION 'injected fault (call %)', currval('t.calls') USING ERRCODE = state;
  END IF;
  RETURN '"ok"';
END
$$;
CREATE TABLE t.saved_steps AS SELECT * FROM hrlake._job_step;
CREATE FUNCTION t.swap_step(p_job text, p_step text, n integer, state text) RETURNS void LANGUAGE sql AS $$
  SELECT setval('t.calls', 1, false);
  UPDATE hrlake._job_step SET statement = format('SELECT t.fail_first(%s, %L)', n, state)
  WHERE job = p_job AND step = p_step;
$$;
CREATE FUNCTION t.restore_steps() RETURNS void LANGUAGE sql AS $$
  UPDATE hrlake._job_step s SET statement = o.statement FROM t.saved_steps o
  WHERE o.job = s.job AND o.step = s.step;
$$;
SET client_min_messages = warning;

-- Nothing staged: a run that succeeds with zero counts; the second call
-- for the same day is skipped, recorded as such, and says so; force runs it
-- again.
CALL hrlake.run_daily('2026-11-24');
SET client_min_messages = notice;
CALL hrlake.run_daily('2026-11-24');
SET client_min_messages = warning;
CALL hrlake.run_daily('2026-11-24', force => true);
SELECT run_id, job, period, status, forced, attempt, error FROM t.runs;

-- A failing step rolls back every step of the run: the employee rows that
-- an earlier step ingested are not there, and they are still staged. The
-- failure is recorded first, then the CALL fails with the step's error.
INSERT INTO hrlake_stage.employee (emp_id, age, name) VALUES ('1', '30', 'Ann'), ('2', '40', 'Ben');
SELECT t.swap_step('daily', 'ingest leave', 1, 'XX001');
CALL hrlake.run_daily('2026-11-25');
SELECT run_id, status, attempt, step_counts, error FROM t.runs WHERE period = '2026-11-25';
-- Analysts see the step and the SQLSTATE, never the message (it may quote
-- input); admins read it in job_run.
SET ROLE hrlake_analyst;
SELECT job, last_status, last_error FROM hrlake.v_job_health WHERE job = 'daily';
RESET ROLE;
SELECT count(*) AS employees_after_failure FROM hrlake.employee;
SELECT count(*) AS still_staged FROM hrlake_stage.employee;
SELECT count(*) AS batches FROM hrlake.batch;

-- Transient errors run all the steps again in a new transaction: two
-- deadlocks, then success (the second attempt at the period).
SELECT t.swap_step('daily', 'ingest leave', 2, '40P01');
SET client_min_messages = notice;
\set VERBOSITY terse
CALL hrlake.run_daily('2026-11-25');
\set VERBOSITY default
SET client_min_messages = warning;
SELECT run_id, status, attempt, error FROM t.runs WHERE period = '2026-11-25';
SELECT count(*) AS employees_after_retry FROM hrlake.employee;

-- ... under REPEATABLE READ too: each try has a snapshot of its own.
SET default_transaction_isolation = 'repeatable read';
SELECT t.swap_step('daily', 'report leave_8pct', 1, '40001');
CALL hrlake.run_daily('2026-11-27');
RESET default_transaction_isolation;
SELECT status, error FROM t.runs WHERE period = '2026-11-27';

-- ... but not forever: a lock timeout that persists fails the run (and the
-- CALL, so pg_cron sees it).
SELECT t.swap_step('daily', 'ingest employee', 100, '55P03');
CALL hrlake.run_daily('2026-11-26');
SELECT status, attempt, error, next_attempt_at > now() AS retry_scheduled FROM hrlake.job_run
WHERE period = '2026-11-26';
SELECT t.restore_steps();

-- The failed day can simply be run again.
CALL hrlake.run_daily('2026-11-26');
SELECT period, status, attempt FROM t.runs WHERE period = '2026-11-26';

-- A run left 'running' by a session that died is marked interrupted by the
-- next one.
INSERT INTO hrlake.job_run (job, period) VALUES ('monthly', '2026-11-01');
CALL hrlake.run_monthly('2026-11-02');
SELECT job, period, status, attempt, error FROM t.runs WHERE job = 'monthly';

-- The monthly period is the month; stream runs are never skipped, and
-- stream runs that change nothing fold into one row.
CALL hrlake.run_monthly('2026-11-20');
CALL hrlake.run_stream();
CALL hrlake.run_stream();
CALL hrlake.run_stream();
SELECT job, count(*) FILTER (WHERE status = 'succeeded') AS succeeded_rows, sum(runs) AS runs
FROM hrlake.job_run GROUP BY job ORDER BY job;
INSERT INTO hrlake.message (sender, receiver, message) VALUES ('1', '2', 'hello');
CALL hrlake.run_stream();
CALL hrlake.run_stream();
SELECT job, count(*) FILTER (WHERE status = 'succeeded') AS succeeded_rows, sum(runs) AS runs
FROM hrlake.job_run WHERE job = 'stream' GROUP BY job;

-- Healing, at a fixed time (run_due(now) and _due_periods(now) take it):
-- from the job's first run on, a period that failed, was interrupted or
-- was missed is run again once its delay has passed; after
-- hrlake.job_max_attempts it waits for a person.
DELETE FROM hrlake.job_run;
SET hrlake.job_retry_delay = 0;
SET hrlake.job_max_attempts = 2;
SELECT t.swap_step('daily', 'report leave_8pct', 100, 'XX002');
CALL hrlake.run_daily('2026-12-20');   -- the first daily run there is, fails
SELECT job, period, attempts, gave_up FROM hrlake._due_periods('2026-12-22 06:00 UTC');
CALL hrlake.run_due('2026-12-22 06:00 UTC');   -- the 20th again, and fails again
SELECT job, period, attempts, gave_up FROM hrlake._due_periods('2026-12-22 06:00 UTC');
SELECT t.restore_steps();
CALL hrlake.run_due('2026-12-22 06:00 UTC');   -- the 20th gave up; the 21st was missed
SELECT period, status, attempt FROM t.runs ORDER BY run_id;
CALL hrlake.run_daily('2026-12-20');           -- a person acts
SELECT job, period, attempts, gave_up FROM hrlake._due_periods('2026-12-22 08:00 UTC');
CALL hrlake.run_due('2026-12-22 08:00 UTC');   -- the 22nd is due at 07:00
SELECT period, status, attempt FROM t.runs ORDER BY run_id;
SELECT count(*) AS due FROM hrlake._due_periods('2026-12-22 08:00 UTC');
RESET hrlake.job_max_attempts;
RESET hrlake.job_retry_delay;

-- Wrong calls.
\set VERBOSITY terse
CALL hrlake.run_daily(NULL);
BEGIN;
CALL hrlake.run_daily('2026-12-01');
ROLLBACK;
\set VERBOSITY default

SELECT job, last_status, last_succeeded_period IS NOT NULL AS ever_succeeded FROM hrlake.v_job_health;
-- Every job prints one line when it succeeds (its time in the DETAIL,
-- hidden here): the daily, the monthly and the stream job. The monthly
-- job's notice export is skipped, and recorded so, when no notice
-- directory is set.
DELETE FROM hrlake.job_run;
SET client_min_messages = notice;
\set VERBOSITY terse
CALL hrlake.run_daily('2027-01-04');
CALL hrlake.run_monthly('2027-01-04');
CALL hrlake.run_stream();
\set VERBOSITY default
SET client_min_messages = warning;
SELECT job, status, step_counts -> 'export notices' AS export FROM hrlake.job_run WHERE job = 'monthly';

-- Retention: the daily job deletes runs that succeeded or were skipped
-- longer ago than hrlake.job_run_retention, failed and interrupted ones
-- after twice that; never a running one, nor what run_due() still looks
-- at (the periods it may run again, and each job's latest run before
-- them). Each run here is named in its error column.
DELETE FROM hrlake.job_run;
SET hrlake.job_run_retention = '2d';
INSERT INTO hrlake.job_run (job, period, status, started_at, finished_at, error)
SELECT job, hrlake.utc_today() - period_age, status, now() - age, CASE WHEN status <> 'running' THEN now() - age END, name
FROM (VALUES
  ('stream', 3, 'succeeded', interval '3 days', 'stream ok 3 days ago: goes'),
  ('stream', 1, 'succeeded', interval '1 day', 'stream ok 1 day ago: stays'),
  ('stream', 3, 'skipped', interval '3 days', 'stream skip 3 days ago: goes'),
  ('stream', 3, 'failed', interval '3 days', 'stream failure 3 days ago: stays'),
  ('stream', 5, 'interrupted', interval '5 days', 'stream interruption 5 days ago: goes'),
  ('stream', 9, 'running', interval '9 days', 'stream running since 9 days: stays'),
  ('daily', 30, 'succeeded', interval '30 days', 'daily ok 30 days ago: goes'),
  ('daily', 20, 'succeeded', interval '20 days', 'daily ok 20 days ago, the last before the heal window: stays'),
  ('daily', 3, 'succeeded', interval '3 days', 'daily ok 3 days ago, in the heal window: stays'),
  ('monthly', 400, 'failed', interval '400 days', 'monthly failure 400 days ago: goes'),
  ('monthly', 200, 'succeeded', interval '200 days', 'monthly ok 200 days ago, the last before the window: stays'))
  AS r(job, period_age, status, age, name);
CALL hrlake.run_daily('2027-01-05');
SELECT step_counts -> 'prune job_run' AS pruned FROM hrlake.job_run WHERE period = '2027-01-05';
SELECT error AS kept FROM hrlake.job_run WHERE period <> '2027-01-05' ORDER BY run_id;
RESET hrlake.job_run_retention;

DROP SCHEMA t CASCADE;
