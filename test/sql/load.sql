-- hrlake.load(): files validated and stored as they are read (staging is
-- for rows clients copy), every row accounted for; bad input gets a reject
-- row with a reason or a clear error, never a crash.
-- Every batch: total = loaded + duplicate + rejected, and rejects counted.
\i test/sql/include/fresh_hrlake.sql
CREATE VIEW t.batch_check AS
SELECT b.batch_id, b.source, b.origin, b.status, b.rows_total, b.rows_loaded,
       b.rows_duplicate, b.rows_rejected,
       b.rows_total = b.rows_loaded + b.rows_duplicate + b.rows_rejected AS adds_up
FROM hrlake.batch b ORDER BY b.batch_id;
\pset null '<null>'

-- A daily file with realistic dirt; header in the sample's order.
SELECT t.write_text('emp1.csv', $$name,age,emp_id
Anna Berg,34,10000001
Bo Chen,abc,10000002
,40,10000003
Anna Berg,34,10000001
Cyd Diaz,150,10000004
Dee,0,10000005
Eve,151,10000006
Fay,42.5,10000007
Gus,33,
"Hal, Jr.",51,10000008
Ida,-3,10000009
Jon,27
Kim,28,10000011,extra
$$) AS emp1 \gset
SELECT hrlake.load('employee', :'emp1');
SELECT count(*) AS staged FROM hrlake_stage.employee;
SELECT * FROM hrlake.ingest('employee');  -- nothing left to ingest
SELECT line_no, raw, reason, stage FROM hrlake.rejected_row ORDER BY line_no;
SELECT emp_id, name, age FROM hrlake.v_employee_current ORDER BY emp_id;
SELECT count(*) AS left_in_staging FROM hrlake_stage.employee;

-- The same content again is a no-op that says so; so is ingest.
SELECT hrlake.load('employee', :'emp1') AS same_batch;
SELECT * FROM hrlake.ingest('employee');

-- Next day: columns in another order, CRLF line ends, a BOM, a changed
-- name (the newest one is current), a duplicate of a loaded row.
SELECT t.write_file('emp2.csv', '\xefbbbf'::bytea || convert_to(
  E'emp_id,name,age\r\n10000001,Anna Berg-Lund,35\r\n10000004,Cyd Diaz,150\r\n10000012,"Lee ""Q"" Ng",45\r\n', 'UTF8')) AS emp2 \gset
SELECT hrlake.load('employee', :'emp2');
SELECT * FROM hrlake.ingest('employee');
SELECT emp_id, name, age FROM hrlake.v_employee_current ORDER BY emp_id;
SELECT count(*) AS employee_rows FROM hrlake.employee;

-- Malformed quoting and runaway quotes: only the bad line is rejected.
SELECT t.write_text('quotes.csv', $$emp_id,age,name
20000001,30,Ok One
20000002,3"0,Bad Quote
20000003,30,"Closed"junk
20000004,30,"Never closed
20000005,30,Ok Two
20000006,30,"multi
line name"
$$) AS quotes \gset
SELECT hrlake.load('employee', :'quotes');
SELECT line_no, raw, reason FROM hrlake.rejected_row
 WHERE batch_id = (SELECT max(batch_id) FROM hrlake.batch) ORDER BY line_no;
SELECT emp_id, line_no, name FROM hrlake.employee WHERE emp_id LIKE '2000000_' ORDER BY line_no;
SELECT * FROM hrlake.ingest('employee');

-- Invalid UTF-8, a NUL byte, binary garbage: rejected, bytes kept exactly.
SELECT t.write_file('binary.csv', convert_to(E'emp_id,age,name\n30000001,30,Zo', 'UTF8')
  || '\xff0a'::bytea || convert_to(E'30000002,31,A', 'UTF8') || '\x00'::bytea
  || convert_to(E'B\n30000003,32,Fine\n', 'UTF8')
  || '\x89504e470d0a1a0a0000000d49484452'::bytea || convert_to(E'\n', 'UTF8')) AS bin \gset
SELECT hrlake.load('employee', :'bin');
SELECT line_no, raw, raw_bytes, reason FROM hrlake.rejected_row
 WHERE batch_id = (SELECT max(batch_id) FROM hrlake.batch) ORDER BY line_no;
SELECT * FROM hrlake.ingest('employee');

-- A 10 MB field is over hrlake.max_field_size (4 MB): its row is rejected,
-- the raw row is kept whole.
SELECT t.write_text('big.csv', 'emp_id,age,name' || E'\n' || '40000001,30,' || repeat('x', 10 * 1024 * 1024)
  || E'\n40000002,30,Small\n') AS big \gset
SELECT hrlake.load('employee', :'big');
SELECT line_no, length(raw) AS raw_length, reason FROM hrlake.rejected_row
 WHERE batch_id = (SELECT max(batch_id) FROM hrlake.batch);
SELECT * FROM hrlake.ingest('employee');

-- Header only: a batch with nothing in it. Extra unknown columns: ignored,
-- with a notice.
SELECT hrlake.load('employee', t.write_text('header_only.csv', E'emp_id,age,name\n'));
SELECT hrlake.load('employee', t.write_text('extra_col.csv', E'emp_id,dept,age,name\n50000001,HR,30,Pat\n'));
SELECT * FROM hrlake.ingest('employee');

-- Clear errors, and no trace left by a failed load.
SELECT count(*) AS batches_before FROM hrlake.batch \gset
\set VERBOSITY terse
SELECT hrlake.load('employee', t.write_text('empty.csv', ''));
SELECT hrlake.load('employee', t.write_text('no_age.csv', E'emp_id,name\n1,A\n'));
SELECT hrlake.load('employee', t.write_text('dup_col.csv', E'emp_id,age,name,age\n1,2,A,3\n'));
SELECT hrlake.load('employee', t.write_text('bad_header.csv', E'emp_id,"age,name\n1,2,A\n'));
SELECT hrlake.load('employee', '/tmp/hrlake_regress_no_such_file.csv');
SELECT hrlake.load('employee', '/tmp');
SELECT hrlake.load('employee', '/proc/1/environ');
SELECT hrlake.load('employee', 'relative.csv');
SELECT hrlake.load('employees', :'emp1');
SELECT hrlake.load('employee', NULL);
SELECT * FROM hrlake.ingest('nonsense');
\set VERBOSITY default
SELECT hrlake.load('employee', t.write_text('no_age.csv', E'emp_id,name\n1,A\n'));
SELECT count(*) - :batches_before AS batches_added_by_failures FROM hrlake.batch;

-- A load rolled back leaves nothing; loading it again works.
BEGIN;
SELECT hrlake.load('employee', t.write_text('rolled_back.csv', E'emp_id,age,name\n60000001,30,Rollo\n')) IS NOT NULL AS loaded;
ROLLBACK;
SELECT count(*) AS loaded_after_rollback FROM hrlake.employee WHERE emp_id = '60000001';

-- Client-side path: rows copied straight into staging become a batch of
-- their own at ingest, numbered in arrival order (line 1 = header).
COPY hrlake_stage.employee (emp_id, age, name) FROM stdin WITH (FORMAT csv);
70000001,  29 , Copy One 
70000002,,Copy Two
70000001,29,Copy One
\.
SELECT * FROM hrlake.ingest('employee');
SELECT line_no, raw, reason FROM hrlake.rejected_row
 WHERE batch_id = (SELECT max(batch_id) FROM hrlake.batch);
SELECT emp_id, name, age FROM hrlake.employee WHERE emp_id LIKE '7%';

-- Server files are for privileged roles only; the hint shows \copy.
CREATE ROLE regress_loader LOGIN IN ROLE hrlake_loader;
SET ROLE regress_loader;
SELECT hrlake.load('employee', :'emp1');
INSERT INTO hrlake_stage.employee (emp_id, age, name) VALUES ('80000001', '40', 'Via Loader');
SELECT batch_id, rows_total, rows_loaded FROM hrlake.ingest('employee');
RESET ROLE;
DROP ROLE regress_loader;

SELECT * FROM t.batch_check;
SELECT count(*) AS rejects, count(DISTINCT batch_id) AS batches_with_rejects FROM hrlake.rejected_row;
DROP SCHEMA t CASCADE;
