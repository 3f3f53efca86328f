-- Bench data for scd2_merge, stored the way hrlake stores it (SPEC §2.3):
-- every distinct accepted row in hrlake.timeframe_row, the history in
-- hrlake.employee_timeframe derived from them. :employees employees with
-- :records rows each, one era of rows per batch (era k holds every
-- employee's k-th record, so the history arrived era after era, each
-- closing the record before); the eras are staged as text, the way files
-- land in staging, and hrlake's own merge takes them in and builds the
-- history, once, here. Then an incremental batch of :employees staged rows
-- touching every other employee: per touched employee a promotion after
-- the current record, plus either a late record woven in after the middle
-- history record, a duplicate of the middle record with a higher salary,
-- or a second promotion. bench/scd2.sh sets the two variables (by default
-- 1,000,000 and 5: 5M history rows and a 1M-row batch touching 500,000
-- employees); :records must be at least 2.
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
ALTER TABLE hrlake.timeframe_row SET (autovacuum_enabled = false);

-- The eras: batch k + 1 holds record k of every employee, as text (start
-- dates in epoch seconds), on lines 2.. (line 1 would be the header).
INSERT INTO hrlake.batch (source, origin, rows_staged)
SELECT 'timeframe', 'copy', :employees FROM generate_series(0, :records - 1);
INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary, batch_id, line_no)
SELECT (10000000 + e)::text,
       chr(65 + ((e + k) % 6)),
       extract(epoch FROM DATE '2019-01-01' + (k * 365 + e % 200))::bigint::text || '.0',
       NULL,
       (30000 + k * 5000 + e % 1000)::text,
       k + 1, e + 1
FROM generate_series(0, :records - 1) k, generate_series(1, :employees) e
ORDER BY k, e;
-- hrlake takes the eras in and derives the history (one merge of all the
-- eras gives the history merging them one by one would: SPEC §2.3).
SELECT hrlake._scd2_merge_count() AS history_changes;
VACUUM ANALYZE hrlake.timeframe_row, hrlake.employee_timeframe, hrlake.batch, hrlake_stage.timeframe;

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
SELECT (SELECT count(*) FROM hrlake.timeframe_row) AS rows_stored,
       (SELECT count(*) FROM hrlake.employee_timeframe) AS history_rows,
       (SELECT count(*) FROM hrlake_stage.timeframe) AS staged_rows,
       (SELECT count(DISTINCT emp_id) FROM hrlake_stage.timeframe) AS touched_employees;
