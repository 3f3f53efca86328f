-- The loader stages the rows of crafted.sql and ingests them, for real;
-- stored_as_sent.sql checks, as the superuser, what became of them.
\ir crafted.sql
INSERT INTO hrlake_stage.employee (emp_id, age, name) SELECT * FROM crafted_employee;
INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary) SELECT * FROM crafted_timeframe;
INSERT INTO hrlake_stage.message (key, sender, receiver, message, timestamp) SELECT * FROM crafted_message;
\o /dev/null
SELECT * FROM hrlake.ingest('employee');
SELECT * FROM hrlake.ingest('timeframe');
SELECT * FROM hrlake.ingest('message');
\o
SELECT pg_temp.expect('loader: ingests rows crafted to be executed',
                      (SELECT string_agg(source || ' ' || rows_loaded || '/' || rows_total, ', ' ORDER BY batch_id)
                       FROM hrlake.batch WHERE batch_id > (SELECT max(batch_id) - 3 FROM hrlake.batch)),
                      'employee 2/2, timeframe 1/1, message 1/1');
