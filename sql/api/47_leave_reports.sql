-- The leave reports (SPEC §2.5-2.7): read-only report functions in C++
-- (src/pg/leave_reports.cpp) and the steps that store their results.

CREATE OR REPLACE FUNCTION hrlake.leave_8pct_report(as_of date DEFAULT hrlake.utc_today())
RETURNS TABLE (emp_id text, upcoming_leaves integer, working_days integer)
LANGUAGE c STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'hrlake_leave_8pct_report';

CREATE OR REPLACE FUNCTION hrlake.leave_80pct_report(as_of date DEFAULT hrlake.utc_today())
RETURNS TABLE (emp_id text, year integer, availed integer, quota integer, usage_pct numeric,
               report text)
LANGUAGE c STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'hrlake_leave_80pct_report';

-- Daily: stores the report for as_of, one result per run date (§2.7a);
-- running a date again replaces that date only (in the caller's
-- transaction, so readers see the old or the new result, never half).
CREATE OR REPLACE FUNCTION hrlake.refresh_leave_8pct(as_of date DEFAULT hrlake.utc_today())
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_rows bigint;
BEGIN
  IF as_of IS NULL THEN
    RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
  END IF;
  DELETE FROM hrlake.leave_8pct l WHERE l.as_of = refresh_leave_8pct.as_of;
  INSERT INTO hrlake.leave_8pct (emp_id, upcoming_leaves, working_days, as_of)
  SELECT r.emp_id, r.upcoming_leaves, r.working_days, as_of FROM hrlake.leave_8pct_report(as_of) r;
  GET DIAGNOSTICS v_rows = ROW_COUNT;
  INSERT INTO hrlake.report_run AS r (report, as_of, rows) VALUES ('leave_8pct', as_of, v_rows)
  ON CONFLICT ON CONSTRAINT report_run_pkey DO UPDATE SET rows = EXCLUDED.rows, refreshed_at = now();
  RETURN v_rows;
END
$$;

-- Monthly: stores one notice per (emp_id, period); a notice that exists
-- is never written again, whatever happens to the run. Returns the number
-- of new notices.
CREATE OR REPLACE FUNCTION hrlake.generate_80pct_notices(as_of date DEFAULT hrlake.utc_today())
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_rows bigint;
  v_period date := (date_trunc('month', as_of) - interval '1 month')::date;
BEGIN
  INSERT INTO hrlake.leave_80pct_notice (emp_id, period, year, availed, quota, usage_pct, report)
  SELECT r.emp_id, v_period, r.year, r.availed, r.quota, r.usage_pct, r.report
  FROM hrlake.leave_80pct_report(as_of) r
  ON CONFLICT (emp_id, period) DO NOTHING;
  GET DIAGNOSTICS v_rows = ROW_COUNT;
  RETURN v_rows;
END
$$;

-- The notices of a period as files (SPEC §2.6): one per employee,
-- <hrlake.notice_directory>/<YYYY-MM>/<emp_id>.txt, an unsafe emp_id under
-- a safe encoded name (src/core/notice_files.h); a file that holds its
-- notice already is left alone. The directory is a superuser's setting;
-- the admin runs the export (src/pg/notice_export.cpp).
CREATE OR REPLACE FUNCTION hrlake.export_notices(
  period date DEFAULT (date_trunc('month', hrlake.utc_today()) - interval '1 month')::date)
RETURNS TABLE (emp_id text, file text, status text, reason text)
LANGUAGE c VOLATILE SET search_path = pg_catalog, pg_temp AS 'MODULE_PATHNAME', 'hrlake_export_notices';

-- The monthly job's export: the notices of the month before as_of, when
-- a notice directory is set; its counts (and the first skipped files with
-- why), or a string saying why it did not run.
CREATE OR REPLACE FUNCTION hrlake._export_notices_step(as_of date) RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_result jsonb;
BEGIN
  IF hrlake._setting('notice_directory') = '' THEN
    RETURN to_jsonb('skipped: hrlake.notice_directory is not set'::text);
  END IF;
  WITH r AS MATERIALIZED (
    SELECT * FROM hrlake.export_notices((date_trunc('month', as_of) - interval '1 month')::date)
  )
  SELECT jsonb_build_object(
    'written', count(*) FILTER (WHERE r.status = 'written'),
    'unchanged', count(*) FILTER (WHERE r.status = 'unchanged'),
    'skipped', count(*) FILTER (WHERE r.status = 'skipped'),
    'skipped_files', coalesce((SELECT jsonb_agg(jsonb_build_object('emp_id', s.emp_id, 'reason', s.reason))
                               FROM (SELECT * FROM r WHERE r.status = 'skipped' ORDER BY r.emp_id LIMIT 100) s),
                              '[]'))
  INTO v_result FROM r;
  RETURN v_result;
END
$$;

-- Employees with leaves in a year but no quota for it are not reported by
-- the 80% report; they are listed here.
CREATE OR REPLACE VIEW hrlake.v_leave_without_quota AS
SELECT d.emp_id, d.year
FROM hrlake.leave_days d
WHERE d.days <> hrlake._year_days('{}')
  AND NOT EXISTS (SELECT FROM hrlake.leave_quota q WHERE q.emp_id = d.emp_id AND q.year = d.year);

-- The stored reports, as BI reads them.
CREATE OR REPLACE VIEW hrlake.v_leave_8pct AS
SELECT emp_id, upcoming_leaves, working_days, as_of FROM hrlake.leave_8pct
WHERE as_of = (SELECT max(r.as_of) FROM hrlake.report_run r WHERE r.report = 'leave_8pct');
CREATE OR REPLACE VIEW hrlake.v_leave_8pct_history AS
SELECT emp_id, upcoming_leaves, working_days, as_of FROM hrlake.leave_8pct;

CREATE OR REPLACE VIEW hrlake.v_leave_80pct AS
SELECT emp_id, period, year, availed, quota, usage_pct, report, generated_at
FROM hrlake.leave_80pct_notice;
