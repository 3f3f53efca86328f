-- Rows crafted to be executed, if hrlake pasted values into SQL anywhere:
-- staged by the loader and ingested for real; the shell checks, as the
-- superuser, that each was stored as sent and nothing ran.
INSERT INTO hrlake_stage.employee (emp_id, age, name) VALUES
  ($$h1'); DELETE FROM hrlake.batch; --$$, '40', $$x' || (SELECT current_user) || '$$),
  ('h2', '41', $$%s %I %L $1 \' "; DROP TABLE hrlake.batch; $q$ $$);
INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary) VALUES
  ('h1', $$A'; UPDATE hrlake.employee_timeframe SET salary = 0; --$$, '1700000000', '', '1000');
INSERT INTO hrlake_stage.message (key, sender, receiver, message, timestamp) VALUES
  ($$k'); DELETE FROM hrlake.flagged_message; --$$, 'h1', $$h2" OR 1=1 --$$, $$'); TRUNCATE hrlake.message; -- %s$$, '1700000000');
\o /dev/null
SELECT * FROM hrlake.ingest('employee');
SELECT * FROM hrlake.ingest('timeframe');
SELECT * FROM hrlake.ingest('message');
\o
SELECT pg_temp.expect('loader: ingests rows crafted to be executed (stored as sent: checked below)',
                      (SELECT string_agg(source || ' ' || rows_loaded || '/' || rows_total, ', ' ORDER BY batch_id)
                       FROM hrlake.batch WHERE batch_id > (SELECT max(batch_id) - 3 FROM hrlake.batch)),
                      'employee 2/2, timeframe 1/1, message 1/1');
