-- The leave reports (SPEC §2.5, §2.6) written as the best plain SQL we could:
-- the date range first, then one aggregate over the leave rows of that range
-- (an index on the leave date helps it), holidays as a hashed NOT IN.
-- Used by bench/leave.sh as the baseline.
CREATE OR REPLACE FUNCTION bench_leave.report_8pct(as_of date)
RETURNS TABLE (emp_id text, upcoming_leaves bigint, working_days bigint) LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_last date := make_date(extract(year FROM as_of)::integer, 12, 31);
  v_wd bigint;
BEGIN
  SELECT count(*) INTO v_wd FROM generate_series(as_of + 1, v_last, interval '1 day') d
  WHERE extract(isodow FROM d) < 6 AND d::date NOT IN (SELECT c.date FROM hrlake.leave_calendar c);
  IF v_wd = 0 THEN RETURN; END IF;
  RETURN QUERY
  SELECT l.emp_id, count(*), v_wd
  FROM hrlake.employee_leave l
  WHERE l.status = 'ACTIVE' AND l.date > as_of AND l.date <= v_last
    AND extract(isodow FROM l.date) < 6
    AND l.date NOT IN (SELECT c.date FROM hrlake.leave_calendar c)
  GROUP BY l.emp_id
  HAVING count(*) > 0.08 * v_wd;
END
$$;

-- SPEC §2.6, with the notice text (and the name) for each reported employee.
CREATE OR REPLACE FUNCTION bench_leave.report_80pct(as_of date)
RETURNS TABLE (emp_id text, year integer, availed bigint, quota integer, usage_pct numeric, report text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_period date := (date_trunc('month', as_of) - interval '1 month')::date;
  v_year integer := extract(year FROM v_period)::integer;
  v_first date := make_date(v_year, 1, 1);
  v_end date := least(as_of, make_date(v_year + 1, 1, 1));
BEGIN
  RETURN QUERY
  WITH availed AS (
    SELECT l.emp_id, count(*) AS n FROM hrlake.employee_leave l
    WHERE l.status = 'ACTIVE' AND l.date >= v_first AND l.date < v_end
      AND extract(isodow FROM l.date) < 6
      AND l.date NOT IN (SELECT c.date FROM hrlake.leave_calendar c)
    GROUP BY l.emp_id)
  SELECT a.emp_id, v_year, a.n, q.leave_quota, round(100.0 * a.n / q.leave_quota, 2),
         format(E'Leave quota notice for %s\n\nEmployee %s (%s) has used %s of %s leave days in %s (%s%%).\n',
                to_char(v_period, 'YYYY-MM'), a.emp_id,
                (SELECT e.name FROM hrlake.employee e WHERE e.emp_id = a.emp_id
                 ORDER BY e.batch_id DESC, e.line_no DESC LIMIT 1),
                a.n, q.leave_quota, v_year, round(100.0 * a.n / q.leave_quota, 2))
  FROM availed a JOIN hrlake.leave_quota q ON q.emp_id = a.emp_id AND q.year = v_year
  WHERE q.leave_quota > 0 AND a.n > 0.8 * q.leave_quota;
END
$$;
