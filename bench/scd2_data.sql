-- Bench data for scd2_merge: :employees employees with :records history
-- records each (a consistent chain, the last one ACTIVE), and an
-- incremental batch of :employees staged rows touching every other
-- employee: per touched employee a promotion after the current record,
-- plus either a late record woven in after the middle history record, a
-- duplicate of the middle record with a higher salary, or a second
-- promotion. bench/scd2.sh sets the two variables (by default 1,000,000
-- and 5: 5M history rows and a 1M-row batch touching 500,000 employees);
-- :records must be at least 2.
\set ON_ERROR_STOP on
-- the middle history record: the late record follows it, the duplicate repeats it
SELECT (:records - 1) / 2 AS mid \gset
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS hrlake CASCADE;
CREATE EXTENSION hrlake;
DROP SCHEMA IF EXISTS bench CASCADE;
CREATE SCHEMA bench;
SELECT setseed(0.42);

ALTER TABLE hrlake.employee_timeframe SET (autovacuum_enabled = false);
INSERT INTO hrlake.employee_timeframe (emp_id, designation, start_date, end_date, salary,
                                       end_date_given, batch_id, line_no)
SELECT (10000000 + e)::text,
       chr(65 + ((e + k) % 6)),
       DATE '2019-01-01' + (k * 365 + e % 200),
       CASE WHEN k < :records - 1 THEN DATE '2019-01-01' + ((k + 1) * 365 + e % 200) END,
       30000 + k * 5000 + e % 1000,
       false, 1, e * :records + k
FROM generate_series(1, :employees) e, generate_series(0, :records - 1) k;
ANALYZE hrlake.employee_timeframe;

-- The batch, as text, the way a file would land in staging.
INSERT INTO hrlake.batch (source, origin, rows_staged) VALUES ('timeframe', 'copy', :employees);
CREATE TABLE bench.batch_rows AS
SELECT (10000000 + e)::text AS emp_id, 'F' AS designation,
       extract(epoch FROM DATE '2019-01-01' + (:records * 365 + e % 200))::bigint::text || '.0' AS start_date,
       NULL::text AS end_date, (60000 + e % 1000)::text AS salary, 1 AS part, e
FROM generate_series(1, :employees, 2) e
UNION ALL
SELECT (10000000 + e)::text,
       CASE e % 10 WHEN 0 THEN 'L' WHEN 1 THEN 'L' ELSE chr(65 + ((e + 2) % 6)) END,
       CASE WHEN e % 10 < 2
            THEN extract(epoch FROM DATE '2019-01-01' + (:mid * 365 + 100 + e % 200))::bigint::text
            WHEN e % 10 < 5
            THEN extract(epoch FROM DATE '2019-01-01' + (:mid * 365 + e % 200))::bigint::text
            ELSE extract(epoch FROM DATE '2019-01-01' + ((:records + 1) * 365 + e % 200))::bigint::text END,
       NULL, (CASE WHEN e % 10 BETWEEN 2 AND 4 THEN 99000 ELSE 70000 END + e % 1000)::text, 2, e
FROM generate_series(1, :employees, 2) e;
INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary, batch_id, line_no)
SELECT emp_id, designation, start_date, end_date, salary,
       (SELECT max(batch_id) FROM hrlake.batch), row_number() OVER (ORDER BY part, e) + 1
FROM bench.batch_rows;
ANALYZE hrlake_stage.timeframe;
CHECKPOINT;
SELECT (SELECT count(*) FROM hrlake.employee_timeframe) AS history_rows,
       (SELECT count(*) FROM hrlake_stage.timeframe) AS staged_rows,
       (SELECT count(DISTINCT emp_id) FROM hrlake_stage.timeframe) AS touched_employees;
