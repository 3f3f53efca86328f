-- SELECT * works on every view, for each role of hrlake that may read it
-- (SPEC §2.10: an analyst reads every BI view). A function a view calls
-- runs with the reader's rights, so a view can work for its owner and fail
-- for a reader; the views are read here as login roles granted one hrlake
-- role each, on rows that make every view return some (so the functions in
-- their select lists run). A new view needs rows here too. test/clients
-- reads the same views through JDBC, ODBC and SQLAlchemy over TCP.
BEGIN;
SELECT plan(6);
SET LOCAL client_min_messages = warning;

-- Rows for every view, written as the superuser.
INSERT INTO hrlake.employee (emp_id, age, name, batch_id, line_no) VALUES ('e1', 30, 'Ann', 0, 1);
-- The largest salary hrlake accepts (15 + 6 digits) and one that rounds
-- half away from zero.
INSERT INTO hrlake.employee_timeframe (emp_id, designation, start_date, salary, batch_id, line_no)
VALUES ('e1', 'A', '2024-01-01', 999999999999999.999999, 0, 1), ('e2', 'B', '2024-01-01', 100.005, 0, 2);
INSERT INTO hrlake.employee_strike (emp_id, no_of_strikes) VALUES ('e1', 1), ('e2', 0);
INSERT INTO hrlake.active_by_designation (designation, no_of_active_emp, as_of) VALUES ('A', 1, '2024-06-03');
INSERT INTO hrlake.leave_8pct (emp_id, upcoming_leaves, working_days, as_of) VALUES ('e1', 20, 150, '2024-06-03');
INSERT INTO hrlake.report_run (report, as_of, rows) VALUES ('active_by_designation', '2024-06-03', 1),
  ('leave_8pct', '2024-06-03', 1);
INSERT INTO hrlake.leave_80pct_notice (emp_id, period, year, availed, quota, usage_pct, report)
VALUES ('e1', '2024-05-01', 2024, 9, 10, 90, 'notice');
INSERT INTO hrlake.leave_days (emp_id, year, days) VALUES ('e1', 2024, hrlake._year_days(ARRAY[date '2024-07-01']));
WITH m AS (INSERT INTO hrlake.message (sender, receiver, message) VALUES ('e1', 'e2', 'hello CAFE')
           RETURNING msg_id, sent_at)
INSERT INTO hrlake.flagged_message (msg_id, sender, receiver, matched_words, strikes, sent_at)
SELECT msg_id, 'e1', 'e2', '{CAFE}', 1, sent_at FROM m;
INSERT INTO hrlake.message_month (emp_id, month, sent, flagged_sent) VALUES ('e1', '2024-06-01', 1, 1);
INSERT INTO hrlake.cooldown_event (emp_id, period, strikes_before, strikes_after) VALUES ('e2', '2024-06-01', 1, 0);
WITH b AS (INSERT INTO hrlake.batch (source, origin) VALUES ('employee', 'copy') RETURNING batch_id)
INSERT INTO hrlake.rejected_row (batch_id, source, line_no, raw, reason, stage)
SELECT batch_id, 'employee', 2, 'e3,abc,Bob', 'age "abc" is not an integer', 'ingest' FROM b;
INSERT INTO hrlake.job_run (job, period, status, finished_at) VALUES ('daily', '2024-06-03', 'succeeded', now());
-- hrlake.v_progress shows the sessions running a job: this one, at a step
-- of the daily job (the slot clears when the transaction ends).
SELECT hrlake._progress_job('daily', 1, 10, 1, 8);

-- The views a role may read whose SELECT * fails or returns no row, as
-- "view: why", read as `reader`.
CREATE FUNCTION pg_temp.views_failing_for(reader name, role name) RETURNS text[]
LANGUAGE plpgsql AS $$
DECLARE
  v regclass;
  r record;
  n bigint;
  failing text[] := '{}';
BEGIN
  FOR v IN SELECT c.oid FROM pg_class c
           WHERE c.relnamespace = 'hrlake'::regnamespace AND c.relkind = 'v'
             AND has_table_privilege(role, c.oid, 'SELECT') ORDER BY c.relname LOOP
    BEGIN
      EXECUTE format('SET LOCAL ROLE %I', reader);
      -- Every row and column fetched (a count(*) over the view would let
      -- the planner drop the columns, and the calls in them).
      n := 0;
      FOR r IN EXECUTE format('SELECT * FROM %s', v) LOOP
        n := n + 1;
      END LOOP;
      RESET ROLE;
      IF n = 0 THEN
        failing := failing || (v::text || ': no row (give it rows in this test)');
      END IF;
    EXCEPTION WHEN OTHERS THEN
      failing := failing || (v::text || ': ' || SQLERRM);
    END;
  END LOOP;
  RESET ROLE;
  RETURN failing;
END
$$;

CREATE ROLE hrlake_tap_loader LOGIN IN ROLE hrlake_loader;
CREATE ROLE hrlake_tap_analyst LOGIN IN ROLE hrlake_analyst;
CREATE ROLE hrlake_tap_admin LOGIN IN ROLE hrlake_admin;
-- Another role's session shows in v_progress (as in pg_stat_activity) only
-- to members of pg_read_all_stats: the readers here are, monitoring is.
GRANT pg_read_all_stats TO hrlake_tap_loader, hrlake_tap_admin;
SELECT is(pg_temp.views_failing_for('hrlake_tap_analyst', 'hrlake_analyst'), '{}',
          'an analyst reads every view granted to hrlake_analyst with SELECT *');
SELECT is(pg_temp.views_failing_for('hrlake_tap_loader', 'hrlake_loader'), '{}',
          'a loader reads every view granted to hrlake_loader with SELECT *');
SELECT is(pg_temp.views_failing_for('hrlake_tap_admin', 'hrlake_admin'), '{}',
          'an admin reads every view with SELECT *');

-- Money in views is numeric with 2 decimals, so every BI driver shows a
-- scale of 2 (test/clients checks the drivers), rounded half away from
-- zero, and the largest salary fits.
SELECT is(ARRAY(SELECT c.oid::regclass::text || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                WHERE c.relnamespace = 'hrlake'::regnamespace AND c.relkind = 'v'
                  AND a.attname ~ 'salary|strike_[0-9]'
                  AND NOT (a.atttypid = 'numeric'::regtype AND a.atttypmod > 0 AND ((a.atttypmod - 4) & 65535) = 2)
                ORDER BY 1),
          '{}'::text[], 'money columns of the views are numeric with scale 2');
SELECT is((SELECT (base_salary, strike_1, current_salary)::text FROM hrlake.v_salary_levels WHERE emp_id = 'e2'),
          '(100.01,90.00,100.01)', 'salaries show rounded half away from zero to cents');
SELECT is((SELECT (base_salary, strike_1, current_salary)::text FROM hrlake.v_salary_levels WHERE emp_id = 'e1'),
          '(1000000000000000.00,900000000000000.00,900000000000000.00)',
          'the largest salary (15 digits, 6 decimals) rounds to cents without overflow');

SELECT * FROM finish();
ROLLBACK;
