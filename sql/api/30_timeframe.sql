-- Employee timeframe (SPEC §2.3, §2.7, §2.7a): the merge, the designation
-- report kept per run date, and reads of the history at any date.

-- The timeframe merge (src/pg/scd2_merge.cpp, rules in
-- src/core/timeframe_history): takes in the rows clients staged, derives
-- the history of every employee with rows waiting for it, and returns each
-- change it made.
CREATE OR REPLACE FUNCTION hrlake.scd2_merge()
RETURNS TABLE (action text, emp_id text, designation text, start_date date, end_date date,
               salary numeric, status text)
LANGUAGE c VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'hrlake_scd2_merge';

-- The same merge, returning only how many changes it made: for the jobs,
-- which record counts (the changes themselves are in the table).
CREATE OR REPLACE FUNCTION hrlake._scd2_merge_count() RETURNS bigint
LANGUAGE c VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'hrlake_scd2_merge_count';

-- SPEC §2.7: per designation ever seen (zero rows included), the employees
-- whose record is in force on as_of (start_date <= as_of and no end_date or
-- one after it). The result is kept per run date (§2.7a): running a date
-- again replaces that date only.
CREATE OR REPLACE FUNCTION hrlake.refresh_active_by_designation(as_of date DEFAULT hrlake.utc_today())
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_rows bigint;
BEGIN
  IF as_of IS NULL THEN
    RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
  END IF;
  DELETE FROM hrlake.active_by_designation a WHERE a.as_of = refresh_active_by_designation.as_of;
  INSERT INTO hrlake.active_by_designation (designation, no_of_active_emp, as_of)
  SELECT d.designation, count(DISTINCT t.emp_id), refresh_active_by_designation.as_of
  FROM (SELECT DISTINCT designation FROM hrlake.employee_timeframe
        WHERE designation IS NOT NULL) d
  LEFT JOIN hrlake.employee_timeframe t
    ON t.designation = d.designation AND t.start_date <= refresh_active_by_designation.as_of
   AND (t.end_date IS NULL OR t.end_date > refresh_active_by_designation.as_of)
  GROUP BY d.designation;
  GET DIAGNOSTICS v_rows = ROW_COUNT;
  INSERT INTO hrlake.report_run AS r (report, as_of, rows)
  VALUES ('active_by_designation', refresh_active_by_designation.as_of, v_rows)
  ON CONFLICT ON CONSTRAINT report_run_pkey DO UPDATE SET rows = EXCLUDED.rows, refreshed_at = now();
  RETURN v_rows;
END
$$;

-- The latest run, as BI reads it by default; every run, for trends.
CREATE OR REPLACE VIEW hrlake.v_active_by_designation AS
SELECT designation, no_of_active_emp, as_of, refreshed_at
FROM hrlake.active_by_designation
WHERE as_of = (SELECT max(r.as_of) FROM hrlake.report_run r WHERE r.report = 'active_by_designation');
CREATE OR REPLACE VIEW hrlake.v_active_by_designation_history AS
SELECT designation, no_of_active_emp, as_of, refreshed_at FROM hrlake.active_by_designation;

-- SPEC §2.7a: the history at any date. Every employee's record in force on
-- `as_of`: designation, salary, and which record it is. With the caller's
-- rights (salaries: admins).
CREATE OR REPLACE FUNCTION hrlake.timeframe_as_of(as_of date)
RETURNS TABLE (emp_id text, designation text, salary numeric, timeframe_id bigint, start_date date,
               end_date date)
LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT t.emp_id, t.designation, t.salary, t.timeframe_id, t.start_date, t.end_date
  FROM hrlake.employee_timeframe t
  WHERE t.start_date <= timeframe_as_of.as_of AND (t.end_date IS NULL OR t.end_date > timeframe_as_of.as_of)
  ORDER BY t.emp_id, t.start_date, t.end_date;
END;

-- The same without salaries, for analysts (SECURITY DEFINER: they cannot
-- read the table).
CREATE OR REPLACE FUNCTION hrlake.designations_as_of(as_of date)
RETURNS TABLE (emp_id text, designation text, timeframe_id bigint, start_date date, end_date date)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  SELECT t.emp_id, t.designation, t.timeframe_id, t.start_date, t.end_date
  FROM hrlake.employee_timeframe t
  WHERE t.start_date <= designations_as_of.as_of AND (t.end_date IS NULL OR t.end_date > designations_as_of.as_of)
  ORDER BY t.emp_id, t.start_date, t.end_date;
END;
