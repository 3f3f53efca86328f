-- Bench data for the leave reports: 200,000 employees with 40 leave rows
-- each over 2025-2026 (8,000,000 rows, 10% of them cancelled), 20
-- holidays a year, quotas for both years.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS bench_leave CASCADE;
CREATE SCHEMA bench_leave;
TRUNCATE hrlake.employee_leave, hrlake.leave_quota, hrlake.leave_calendar, hrlake.leave_days;
SELECT setseed(0.7);
INSERT INTO hrlake.leave_calendar (date, reason, batch_id, line_no)
SELECT DISTINCT ON (d) d, 'Holiday', 0, 0
FROM (SELECT make_date(y, 1 + (k * 7) % 12, 1 + (k * 13) % 28) AS d
      FROM generate_series(2025, 2026) y, generate_series(1, 20) k) x;
INSERT INTO hrlake.leave_quota (emp_id, year, leave_quota, batch_id, line_no)
SELECT (40000000 + e)::text, y, 15 + e % 16, 0, 0
FROM generate_series(1, 200000) e, generate_series(2025, 2026) y;
INSERT INTO hrlake.employee_leave (emp_id, date, status, batch_id, line_no)
SELECT DISTINCT ON (emp_id, date) emp_id, date, status, 0, 0
FROM (SELECT (40000000 + e)::text AS emp_id,
             DATE '2025-01-01' + floor(random() * 730)::integer AS date,
             CASE WHEN random() < 0.1 THEN 'CANCELLED' ELSE 'ACTIVE' END AS status
      FROM generate_series(1, 200000) e, generate_series(1, 40) k) x;
ANALYZE hrlake.employee_leave;
-- The plain-SQL baseline gets the index it would want.
CREATE INDEX bench_leave_by_date ON hrlake.employee_leave (date) INCLUDE (emp_id, status);
ANALYZE hrlake.employee_leave;

-- SPEC §2.5 in plain SQL.
CREATE FUNCTION bench_leave.report_8pct(as_of date)
RETURNS TABLE (emp_id text, upcoming_leaves bigint, working_days bigint) LANGUAGE sql STABLE AS $$
  WITH range AS (SELECT as_of + 1 AS first, make_date(extract(year FROM as_of)::integer, 12, 31) AS last),
  wd AS (SELECT count(*) AS n FROM range, generate_series(range.first, range.last, interval '1 day') d
         WHERE extract(isodow FROM d) < 6
           AND NOT EXISTS (SELECT FROM hrlake.leave_calendar c WHERE c.date = d::date))
  SELECT l.emp_id, count(*), wd.n
  FROM hrlake.employee_leave l, range, wd
  WHERE l.status = 'ACTIVE' AND l.date BETWEEN range.first AND range.last
    AND extract(isodow FROM l.date) < 6
    AND NOT EXISTS (SELECT FROM hrlake.leave_calendar c WHERE c.date = l.date)
  GROUP BY l.emp_id, wd.n
  HAVING count(*) > 0.08 * wd.n
$$;

-- SPEC §2.6 in plain SQL, with the notice text.
CREATE FUNCTION bench_leave.report_80pct(as_of date)
RETURNS TABLE (emp_id text, year integer, availed bigint, quota integer, usage_pct numeric, report text)
LANGUAGE sql STABLE AS $$
  WITH p AS (SELECT (date_trunc('month', as_of) - interval '1 month')::date AS period),
  y AS (SELECT extract(year FROM p.period)::integer AS year, p.period FROM p),
  hits AS (
    SELECT q.emp_id, y.year, y.period, count(*) AS availed, q.leave_quota AS quota
    FROM y JOIN hrlake.leave_quota q ON q.year = y.year AND q.leave_quota > 0
    JOIN hrlake.employee_leave l ON l.emp_id = q.emp_id AND l.status = 'ACTIVE'
     AND l.date >= make_date(y.year, 1, 1) AND l.date < least(as_of, make_date(y.year + 1, 1, 1))
     AND extract(isodow FROM l.date) < 6
     AND NOT EXISTS (SELECT FROM hrlake.leave_calendar c WHERE c.date = l.date)
    GROUP BY q.emp_id, y.year, y.period, q.leave_quota
    HAVING count(*) > 0.8 * q.leave_quota)
  SELECT h.emp_id, h.year, h.availed, h.quota, round(100.0 * h.availed / h.quota, 2),
         format(E'Leave quota notice for %s\n\nEmployee %s has used %s of %s leave days in %s (%s%%).\n',
                to_char(h.period, 'YYYY-MM'), h.emp_id, h.availed, h.quota, h.year,
                round(100.0 * h.availed / h.quota, 2))
  FROM hits h
$$;
SELECT count(*) AS leave_rows FROM hrlake.employee_leave;
