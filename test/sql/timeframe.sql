-- Timeframe history, SCD type 2 (SPEC §2.3): load, merge, late data,
-- duplicates, re-merge, rejects.
\i test/sql/include/fresh_hrlake.sql
\pset null '-'
CREATE VIEW t.history AS
SELECT emp_id, designation, start_date, end_date, salary, status
FROM hrlake.employee_timeframe ORDER BY emp_id, start_date, end_date NULLS LAST;

-- The seed's example. Day 1: employee 101 has three consecutive records in
-- one file (epoch seconds; 1704067200 = 2024-01-01 00:00 UTC,
-- 1709251200 = 2024-03-01, 1717200000 = 2024-06-01); each open record is
-- closed at the next start, the last stays ACTIVE.
SELECT hrlake.load('timeframe', t.write_text('tf_day1.csv', $$emp_id,designation,start_date,end_date,salary
101,A,1704067200.0,,50000
101,B,1709251200.0,,60000
101,C,1717200000.0,,70000
102,A,1704067200,,40000
$$)) AS day1 \gset
SELECT * FROM hrlake.scd2_merge();
SELECT * FROM t.history;

-- Day 2, incremental: 101 is promoted on 2024-09-01 (1725148800); the
-- ACTIVE record is closed at that date and becomes INACTIVE.
SELECT hrlake.load('timeframe', t.write_text('tf_day2.csv', $$emp_id,designation,start_date,end_date,salary
101,D,1725148800,,80000
$$)) AS day2 \gset
SELECT * FROM hrlake.scd2_merge();
SELECT * FROM t.history WHERE emp_id = '101';

-- Nothing staged: nothing changes.
SELECT count(*) AS changes FROM hrlake.scd2_merge();

-- The same rows again, in a new file: no change at all.
SELECT hrlake.load('timeframe', t.write_text('tf_again.csv', $$salary,emp_id,start_date,end_date,designation
60000,101,1709251200,,B
50000,101,1704067200,,A
80000,101,1725148800,,D
$$)) AS again \gset
SELECT count(*) AS changes FROM hrlake.scd2_merge();
SELECT batch_id, rows_total, rows_loaded, rows_duplicate, rows_rejected FROM hrlake.batch
WHERE batch_id = :again;

-- Late data: a record for 2024-02-01 (1706745600) arrives after the chain
-- exists. It is woven in: A now ends 2024-02-01, the late record ends at B.
SELECT hrlake.load('timeframe', t.write_text('tf_late.csv', $$emp_id,designation,start_date,end_date,salary
101,A2,1706745600,,55000
$$)) AS late \gset
SELECT * FROM hrlake.scd2_merge();
SELECT * FROM t.history WHERE emp_id = '101';
SELECT emp_id, count(*) FILTER (WHERE status = 'ACTIVE') AS active FROM hrlake.employee_timeframe
GROUP BY emp_id ORDER BY emp_id;

-- Duplicates on (emp_id, start_date, end_date): the highest salary wins
-- with its designation, in the batch and against history; a lower salary
-- later changes nothing.
SELECT hrlake.load('timeframe', t.write_text('tf_dups.csv', $$emp_id,designation,start_date,end_date,salary
103,X,1704067200,1706745600,100
103,Y,1704067200,1706745600,300
103,Z,1704067200,1706745600,200
102,B,1704067200,,45000
102,C,1704067200,,44000
$$)) AS dups \gset
SELECT * FROM hrlake.scd2_merge();
SELECT * FROM t.history WHERE emp_id IN ('102', '103');
SELECT batch_id, rows_total, rows_loaded, rows_duplicate, rows_rejected FROM hrlake.batch
WHERE batch_id = :dups;

-- Bad rows are rejected with reasons; the batch counts add up.
SELECT hrlake.load('timeframe', t.write_text('tf_bad.csv', $$emp_id,designation,start_date,end_date,salary
,A,1704067200,,1
104,A,,,1
104,A,yesterday,,1
104,A,1704067200,1700000000,1
104,A,1704067200,,-5
104,A,1704067200,,lots
104,A,99999999999,,1
104,A,1704067200,,1e5
104,A,1704067200.9,,12.5
$$)) AS bad \gset
SELECT * FROM hrlake.scd2_merge();
SELECT line_no, raw, reason FROM hrlake.rejected_row WHERE batch_id = :bad ORDER BY line_no;
SELECT batch_id, rows_total, rows_loaded, rows_duplicate, rows_rejected,
       rows_total = rows_loaded + rows_duplicate + rows_rejected AS adds_up
FROM hrlake.batch WHERE source = 'timeframe' ORDER BY batch_id;

-- A row deleted by hand (the row that arrived, and its record) leaves its
-- index entries behind until vacuum; the merge must look past them. 106
-- has records from 2023-01-01 (1672531200, closed at the next), 2023-05-01
-- (1682899200) and 2024-01-01
-- (1704067200, ACTIVE); the middle one is deleted, then a late record for
-- 2023-08-01 (1690848000) arrives. The first record, whose end came from
-- the deleted one, is closed at the late record's start instead.
SELECT hrlake.load('timeframe', t.write_text('tf_106.csv', $$emp_id,designation,start_date,end_date,salary
106,A,1672531200,,100
106,B,1682899200,,200
106,D,1704067200,,400
$$)) AS gap \gset
SELECT count(*) AS changes FROM hrlake.scd2_merge();
DELETE FROM hrlake.timeframe_row WHERE emp_id = '106' AND designation = 'B';
DELETE FROM hrlake.employee_timeframe WHERE emp_id = '106' AND designation = 'B';
SELECT hrlake.load('timeframe', t.write_text('tf_106_late.csv', $$emp_id,designation,start_date,end_date,salary
106,C,1690848000,,300
$$)) AS gap_late \gset
SELECT * FROM hrlake.scd2_merge();
SELECT * FROM t.history WHERE emp_id = '106';

-- hrlake.ingest('timeframe') is the same merge, reported as counts; rows
-- copied by a client form their own batch.
INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary)
VALUES ('105', 'E', '1704067200', NULL, '10'), ('105', 'E', '1704067200', NULL, '10');
SELECT * FROM hrlake.ingest('timeframe');
SELECT * FROM t.history WHERE emp_id = '105';

-- The active-by-designation report counts ACTIVE records and keeps
-- designations that have none.
SELECT hrlake.refresh_active_by_designation('2026-11-24');
SELECT designation, no_of_active_emp FROM hrlake.v_active_by_designation ORDER BY designation;

-- A termination sent as `emp, designation, start, end` for the open record
-- (2024-03-01, ending 2024-06-30 = 1719705600, no salary) ends it: the
-- record keeps its salary, its end is given, and no open twin is left.
SELECT hrlake.load('timeframe', t.write_text('tf_201.csv', $$emp_id,designation,start_date,end_date,salary
201,A,1704067200,,50000
201,B,1709251200,,60000
$$)) IS NOT NULL AS loaded;
SELECT count(*) AS changes FROM hrlake.scd2_merge();
SELECT hrlake.load('timeframe', t.write_text('tf_201_end.csv', $$emp_id,designation,start_date,end_date,salary
201,B,1709251200,1719705600,
$$)) IS NOT NULL AS loaded;
SELECT * FROM hrlake.scd2_merge();
SELECT emp_id, designation, start_date, end_date, salary, status, end_date_given FROM hrlake.employee_timeframe
WHERE emp_id = '201' ORDER BY start_date, end_date;

-- A 10th strike closes 202's ACTIVE record on the message's date
-- (2024-05-15); the record sent again afterwards does not reopen it.
INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary)
VALUES ('202', 'A', '1704067200', NULL, '50000');
SELECT count(*) AS changes FROM hrlake.scd2_merge();
INSERT INTO hrlake_stage.marked_word (word) VALUES ('BADWORD123');
SELECT rows_loaded FROM hrlake.ingest('marked_word');
INSERT INTO hrlake.message (sender, receiver, message, sent_at)
SELECT '202', '201', 'BADWORD123 number ' || g, TIMESTAMPTZ '2024-05-15 09:00Z' + g * interval '1 minute'
FROM generate_series(1, 10) g;
SELECT max(strikes) AS strikes FROM hrlake.flag_messages();
SELECT emp_id, no_of_strikes, deactivated_on FROM hrlake.employee_strike;
SELECT * FROM t.history WHERE emp_id = '202';
INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary)
VALUES ('202', 'A', '1704067200', NULL, '50000');
SELECT * FROM hrlake.scd2_merge();
SELECT * FROM t.history WHERE emp_id = '202';

-- Three daily files merged one per day, then the same three files copied
-- in at once (one merge): the same history. 301 gets a late record
-- (2024-02-01) and a termination of the open record (2024-06-01 ending
-- 2024-09-01 = 1725148800); 302 an equal-salary tie (B arrived later, so
-- it wins) and a promotion.
SELECT t.write_text('tf_3day1.csv', $$emp_id,designation,start_date,end_date,salary
301,A,1704067200,,50000
301,B,1709251200,,60000
302,A,1704067200,,40000
$$) AS day1, t.write_text('tf_3day2.csv', $$emp_id,designation,start_date,end_date,salary
301,C,1717200000,,70000
301,A2,1706745600,,55000
302,B,1704067200,,40000
$$) AS day2, t.write_text('tf_3day3.csv', $$emp_id,designation,start_date,end_date,salary
301,C,1717200000,1725148800,
302,C,1709251200,,45000
301,B,1709251200,,60000
$$) AS day3 \gset
SELECT hrlake.load('timeframe', :'day1') IS NOT NULL AS loaded;
SELECT count(*) AS changes FROM hrlake.scd2_merge();
SELECT hrlake.load('timeframe', :'day2') IS NOT NULL AS loaded;
SELECT count(*) AS changes FROM hrlake.scd2_merge();
SELECT hrlake.load('timeframe', :'day3') IS NOT NULL AS loaded;
SELECT count(*) AS changes FROM hrlake.scd2_merge();
CREATE TEMP TABLE per_day AS SELECT * FROM t.history WHERE emp_id IN ('301', '302');
SELECT * FROM per_day;
DELETE FROM hrlake.employee_timeframe WHERE emp_id IN ('301', '302');
DELETE FROM hrlake.timeframe_row WHERE emp_id IN ('301', '302');
COPY hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary) FROM :'day1' CSV HEADER;
COPY hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary) FROM :'day2' CSV HEADER;
COPY hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary) FROM :'day3' CSV HEADER;
SELECT count(*) AS changes FROM hrlake.scd2_merge();
SELECT 'at once, not per day' AS only, * FROM (TABLE t.history EXCEPT TABLE per_day) x WHERE emp_id IN ('301', '302')
UNION ALL
SELECT 'per day, not at once', * FROM (TABLE per_day EXCEPT TABLE t.history) y;

-- An older file copied again after a newer one does not flip an
-- equal-salary tie back: 303's Y arrived after X, so Y wins; X again
-- changes nothing.
INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary)
VALUES ('303', 'X', '1704067200', NULL, '50000');
SELECT * FROM hrlake.scd2_merge();
INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary)
VALUES ('303', 'Y', '1704067200', NULL, '50000');
SELECT * FROM hrlake.scd2_merge();
INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary)
VALUES ('303', 'X', '1704067200', NULL, '50000');
SELECT * FROM hrlake.scd2_merge();
SELECT * FROM t.history WHERE emp_id = '303';

-- Salaries are numbers: 100, 5 and 7 sent again as 0100, 5. and +7 are
-- the same rows (duplicates), and the merge changes nothing.
INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary) VALUES
  ('304', 'A', '1704067200', NULL, '100'), ('304', 'B', '1709251200', NULL, '5'),
  ('304', 'C', '1717200000', NULL, '7');
SELECT count(*) AS changes FROM hrlake.scd2_merge();
INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary) VALUES
  ('304', 'A', '1704067200', NULL, '0100'), ('304', 'B', '1709251200', NULL, '5.'),
  ('304', 'C', '1717200000', NULL, '+7');
SELECT * FROM hrlake.scd2_merge();
SELECT rows_total, rows_loaded, rows_duplicate, rows_rejected FROM hrlake.batch
WHERE batch_id = (SELECT max(batch_id) FROM hrlake.batch WHERE source = 'timeframe');
SELECT * FROM t.history WHERE emp_id = '304';
DROP SCHEMA t CASCADE;
