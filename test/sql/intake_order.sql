-- The grouped intake (employees, leave, quota, calendar) keeps rows that
-- arrive in key order as they come, spilling past work_mem, and sorts them
-- once one arrives out of order (src/pg/sorted_rows.h). Whatever the path,
-- the result is the rules' (SPEC §2.4): per employee and date the latest
-- line decides. Here with work_mem at its minimum, so that the kept rows
-- spill: files in key order, out of order from the second row, and in
-- order for three quarters (spilled) and then not.
\i test/sql/include/fresh_hrlake.sql

-- 20,000 rows, 1,000 employees, 10 dates each, each date twice.
CREATE TABLE t.leave_rows AS
SELECT i, 'E' || lpad((i / 20)::text, 5, '0') AS emp_id,
       (date '2026-01-05' + (i % 10) * 30)::text AS date,
       CASE WHEN (i * 7919) % 3 = 0 THEN 'CANCELLED' ELSE 'ACTIVE' END AS status
FROM generate_series(0, 19999) i;

-- The file of one order (`k`: the sort key of row i) and what the rules
-- make of it: the latest line of each (emp_id, date).
CREATE FUNCTION t.leave_file(name text, k text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE body text;
BEGIN
  EXECUTE format('SELECT string_agg(format(%L, emp_id, date, status), E''\n'' ORDER BY %s) FROM t.leave_rows',
                 '%s,%s,%s', k) INTO body;
  RETURN t.write_text(name, 'emp_id,date,status' || E'\n' || body || E'\n');
END
$$;
CREATE FUNCTION t.expected(k text) RETURNS TABLE (emp_id text, date date, status text, line_no bigint)
LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY EXECUTE format(
    'SELECT DISTINCT ON (emp_id, date) emp_id, date::date, status, line_no FROM (
       SELECT emp_id, date, status, 1 + row_number() OVER (ORDER BY %s) AS line_no FROM t.leave_rows) n
     ORDER BY emp_id, date::date, line_no DESC', k);
END
$$;

CREATE TABLE t.orders (name text, k text);
INSERT INTO t.orders VALUES
  ('in key order', 'i'),
  ('out of order from the second row', '(i * 7919) % 20000'),
  ('in order, then not', 'CASE WHEN i < 15000 THEN i ELSE 15000 + (i * 7919) % 5000 END');

CREATE TABLE t.outcome (name text, counts text, rows_as_expected boolean, days_as_expected boolean);
DO $$
DECLARE o record; b bigint;
BEGIN
  FOR o IN SELECT * FROM t.orders LOOP
    SET LOCAL work_mem = '64kB';
    b := hrlake.load('leave', t.leave_file('leave_order.csv', o.k));
    RESET work_mem;
    INSERT INTO t.outcome
    SELECT o.name,
           (SELECT format('%s total, %s loaded, %s duplicate, %s rejected', rows_total, rows_loaded, rows_duplicate,
                          rows_rejected) FROM hrlake.batch WHERE batch_id = b),
           NOT EXISTS (SELECT emp_id, date, status, line_no FROM hrlake.employee_leave
                       EXCEPT ALL SELECT * FROM t.expected(o.k))
             AND NOT EXISTS (SELECT * FROM t.expected(o.k)
                             EXCEPT ALL SELECT emp_id, date, status, line_no FROM hrlake.employee_leave),
           NOT EXISTS (SELECT emp_id, year, days FROM hrlake.leave_days
                       EXCEPT ALL
                       SELECT emp_id, 2026, hrlake._year_days(array_agg(date) FILTER (WHERE status = 'ACTIVE'))
                       FROM t.expected(o.k) GROUP BY emp_id)
             AND (SELECT count(*) FROM hrlake.leave_days) = 1000;
    -- The next order starts from nothing stored.
    DELETE FROM hrlake.employee_leave;
    DELETE FROM hrlake.leave_days;
  END LOOP;
END
$$;
SELECT * FROM t.outcome;
