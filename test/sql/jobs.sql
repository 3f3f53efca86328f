-- Jobs: run ledger, skip and force, all-or-nothing steps, retries of
-- transient errors, failure records that survive the failure.
\i test/sql/include/fresh_hrlake.sql
\pset null '<null>'
CREATE VIEW t.runs AS
SELECT run_id, job, period, status, forced, step_counts, error FROM hrlake.job_run ORDER BY run_id;

-- Nothing staged: a run that succeeds with zero counts; the second call
-- for the same day is skipped and says so; force runs it again.
CALL hrlake.run_daily('2026-11-24');
CALL hrlake.run_daily('2026-11-24');
CALL hrlake.run_daily('2026-11-24', force => true);
SELECT run_id, job, period, status, forced FROM t.runs;

-- A failing step rolls back every step of the run: the employee rows that
-- an earlier step ingested are not there, and they are still staged.
SELECT hrlake.load('employee', t.write_text('jobs_emp.csv', E'emp_id,age,name\n1,30,Ann\n2,40,Ben\n')) AS batch;
SET hrlake.inject_fault = 'daily.ingest leave:XX001';
CALL hrlake.run_daily('2026-11-25');
SELECT run_id, status, step_counts, error FROM t.runs WHERE period = '2026-11-25';
SELECT count(*) AS employees_after_failure FROM hrlake.employee;
SELECT count(*) AS still_staged FROM hrlake_stage.employee;
SELECT status FROM hrlake.batch;

-- Transient errors are retried: two deadlocks, then success.
SET hrlake.inject_fault = 'daily.ingest leave:40P01:2';
CALL hrlake.run_daily('2026-11-25');
SELECT run_id, status, error FROM t.runs WHERE period = '2026-11-25';
SELECT count(*) AS employees_after_retry FROM hrlake.employee;

-- A serialization failure is retried the same way.
SET hrlake.inject_fault = 'daily.report leave_8pct:40001:1';
CALL hrlake.run_daily('2026-11-27');
SELECT status, error FROM t.runs WHERE period = '2026-11-27';

-- ... but not forever: a lock timeout that persists fails the run.
SET hrlake.inject_fault = 'daily.ingest employee:55P03';
CALL hrlake.run_daily('2026-11-26');
SELECT status, error FROM t.runs WHERE period = '2026-11-26';
RESET hrlake.inject_fault;

-- The failed day can simply be run again.
CALL hrlake.run_daily('2026-11-26');
SELECT period, status FROM t.runs WHERE period = '2026-11-26';

-- A run left 'running' by a session that died is marked failed by the next.
INSERT INTO hrlake.job_run (job, period) VALUES ('monthly', '2026-11-01');
CALL hrlake.run_monthly('2026-11-02');
SELECT job, period, status, error FROM t.runs WHERE job = 'monthly';

-- The monthly period is the month; stream runs are never skipped.
CALL hrlake.run_monthly('2026-11-20');
CALL hrlake.run_stream();
CALL hrlake.run_stream();
SELECT job, count(*) FILTER (WHERE status = 'succeeded') AS succeeded FROM hrlake.job_run
GROUP BY job ORDER BY job;

-- Wrong calls.
\set VERBOSITY terse
CALL hrlake.run_daily(NULL);
BEGIN;
CALL hrlake.run_daily('2026-12-01');
ROLLBACK;
\set VERBOSITY default

SELECT job, last_status, last_succeeded_period IS NOT NULL AS ever_succeeded FROM hrlake.v_job_health;
DROP SCHEMA t CASCADE;
