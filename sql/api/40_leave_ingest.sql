-- Ingest of leave quota, holiday calendar and leave applications (SPEC §2.4).
-- Batches are applied oldest first; within the set being ingested the
-- latest batch (then the latest line) decides, as a later file would.

CREATE OR REPLACE FUNCTION hrlake._leave_quota_problem(emp_id text, leave_quota text, year text) RETURNS text
LANGUAGE c IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'hrlake_leave_quota_problem';
CREATE OR REPLACE FUNCTION hrlake._leave_calendar_problem(reason text, date text) RETURNS text
LANGUAGE c IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'hrlake_leave_calendar_problem';
CREATE OR REPLACE FUNCTION hrlake._leave_problem(emp_id text, date text, status text) RETURNS text
LANGUAGE c IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'hrlake_leave_problem';
CREATE OR REPLACE FUNCTION hrlake._parse_date(value text) RETURNS date
LANGUAGE c IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'hrlake_parse_date';

CREATE OR REPLACE FUNCTION hrlake._year_days(dates date[]) RETURNS bytea
LANGUAGE c IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'hrlake_year_days';

-- Recomputes leave_days for some (emp_id, year) pairs, or all when NULL.
CREATE OR REPLACE FUNCTION hrlake._refresh_leave_days(p_emp_ids text[], p_years integer[])
RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_rows bigint;
BEGIN
  IF p_emp_ids IS NULL THEN
    TRUNCATE hrlake.leave_days;
    INSERT INTO hrlake.leave_days (emp_id, year, days)
    SELECT l.emp_id, extract(year FROM l.date)::integer, hrlake._year_days(array_agg(l.date))
    FROM hrlake.employee_leave l WHERE l.status = 'ACTIVE'
    GROUP BY 1, 2;
  ELSE
    INSERT INTO hrlake.leave_days AS d (emp_id, year, days)
    SELECT t.emp_id, t.year,
           hrlake._year_days(coalesce(array_agg(l.date) FILTER (WHERE l.status = 'ACTIVE'), '{}'))
    FROM unnest(p_emp_ids, p_years) AS t(emp_id, year)
    LEFT JOIN hrlake.employee_leave l
      ON l.emp_id = t.emp_id AND l.date >= make_date(t.year, 1, 1) AND l.date < make_date(t.year + 1, 1, 1)
    GROUP BY t.emp_id, t.year
    ON CONFLICT (year, emp_id) DO UPDATE SET days = EXCLUDED.days;
  END IF;
  GET DIAGNOSTICS v_rows = ROW_COUNT;
  RETURN v_rows;
END
$$;

-- Quota: one row per (emp_id, year). In one batch the highest quota wins;
-- a later batch replaces an earlier value. A row that changes nothing is a
-- duplicate.
CREATE OR REPLACE FUNCTION hrlake._ingest_leave_quota()
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_batches bigint[] := hrlake._claim_staged('leave_quota');
  v_loaded jsonb;
BEGIN
  IF cardinality(v_batches) = 0 THEN
    RETURN;
  END IF;
  WITH checked AS (
    SELECT s.batch_id, s.line_no,
           coalesce(s.raw, hrlake._csv_line(s.emp_id, s.leave_quota, s.year)) AS raw,
           hrlake._clean(s.emp_id) AS emp_id, hrlake._clean(s.leave_quota) AS leave_quota,
           hrlake._clean(s.year) AS year,
           hrlake._leave_quota_problem(s.emp_id, s.leave_quota, s.year) AS problem
    FROM hrlake_stage.leave_quota s WHERE s.batch_id = ANY (v_batches)
  ), rejected AS (
    INSERT INTO hrlake.rejected_row (batch_id, source, line_no, raw, reason, stage)
    SELECT c.batch_id, 'leave_quota', c.line_no, c.raw, c.problem, 'ingest'
    FROM checked c WHERE c.problem IS NOT NULL
  ), winner AS (
    SELECT DISTINCT ON (c.emp_id, c.year::integer)
           c.emp_id, c.year::integer AS year, c.leave_quota::integer AS leave_quota,
           c.batch_id, c.line_no
    FROM checked c WHERE c.problem IS NULL
    ORDER BY c.emp_id, c.year::integer, c.batch_id DESC, c.leave_quota::integer DESC, c.line_no DESC
  ), upserted AS (
    INSERT INTO hrlake.leave_quota AS q (emp_id, year, leave_quota, batch_id, line_no)
    SELECT w.emp_id, w.year, w.leave_quota, w.batch_id, w.line_no FROM winner w
    ON CONFLICT (emp_id, year) DO UPDATE
      SET leave_quota = EXCLUDED.leave_quota, batch_id = EXCLUDED.batch_id,
          line_no = EXCLUDED.line_no, updated_at = now()
      WHERE q.leave_quota IS DISTINCT FROM EXCLUDED.leave_quota
    RETURNING q.batch_id
  )
  SELECT coalesce(jsonb_object_agg(u.batch_id, u.n), '{}') INTO v_loaded
  FROM (SELECT upserted.batch_id, count(*) AS n FROM upserted GROUP BY 1) u;
  RETURN QUERY SELECT * FROM hrlake._finish_batches('leave_quota', v_batches, v_loaded);
END
$$;

-- Calendar: one row per date; the latest row for a date sets its reason.
CREATE OR REPLACE FUNCTION hrlake._ingest_leave_calendar()
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_batches bigint[] := hrlake._claim_staged('leave_calendar');
  v_loaded jsonb;
BEGIN
  IF cardinality(v_batches) = 0 THEN
    RETURN;
  END IF;
  WITH checked AS (
    SELECT s.batch_id, s.line_no,
           coalesce(s.raw, hrlake._csv_line(s.reason, s.date)) AS raw,
           hrlake._clean(s.reason) AS reason, hrlake._parse_date(s.date) AS date,
           hrlake._leave_calendar_problem(s.reason, s.date) AS problem
    FROM hrlake_stage.leave_calendar s WHERE s.batch_id = ANY (v_batches)
  ), rejected AS (
    INSERT INTO hrlake.rejected_row (batch_id, source, line_no, raw, reason, stage)
    SELECT c.batch_id, 'leave_calendar', c.line_no, c.raw, c.problem, 'ingest'
    FROM checked c WHERE c.problem IS NOT NULL
  ), winner AS (
    SELECT DISTINCT ON (c.date) c.date, c.reason, c.batch_id, c.line_no
    FROM checked c WHERE c.problem IS NULL
    ORDER BY c.date, c.batch_id DESC, c.line_no DESC
  ), upserted AS (
    INSERT INTO hrlake.leave_calendar AS h (date, reason, batch_id, line_no)
    SELECT w.date, w.reason, w.batch_id, w.line_no FROM winner w
    ON CONFLICT (date) DO UPDATE
      SET reason = EXCLUDED.reason, batch_id = EXCLUDED.batch_id,
          line_no = EXCLUDED.line_no, updated_at = now()
      WHERE h.reason IS DISTINCT FROM EXCLUDED.reason
    RETURNING h.batch_id
  )
  SELECT coalesce(jsonb_object_agg(u.batch_id, u.n), '{}') INTO v_loaded
  FROM (SELECT upserted.batch_id, count(*) AS n FROM upserted GROUP BY 1) u;
  RETURN QUERY SELECT * FROM hrlake._finish_batches('leave_calendar', v_batches, v_loaded);
END
$$;

-- Leaves: one row per (emp_id, date); the latest event decides (a
-- cancellation after an application cancels it, a re-application after a
-- cancellation restores it). An event that changes nothing is a duplicate.
CREATE OR REPLACE FUNCTION hrlake._ingest_leave()
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_batches bigint[] := hrlake._claim_staged('leave');
  v_loaded jsonb;
BEGIN
  IF cardinality(v_batches) = 0 THEN
    RETURN;
  END IF;
  WITH checked AS (
    SELECT s.batch_id, s.line_no,
           coalesce(s.raw, hrlake._csv_line(s.emp_id, s.date, s.status)) AS raw,
           hrlake._clean(s.emp_id) AS emp_id, hrlake._parse_date(s.date) AS date,
           upper(hrlake._clean(s.status)) AS status,
           hrlake._leave_problem(s.emp_id, s.date, s.status) AS problem
    FROM hrlake_stage.leave s WHERE s.batch_id = ANY (v_batches)
  ), rejected AS (
    INSERT INTO hrlake.rejected_row (batch_id, source, line_no, raw, reason, stage)
    SELECT c.batch_id, 'leave', c.line_no, c.raw, c.problem, 'ingest'
    FROM checked c WHERE c.problem IS NOT NULL
  ), latest AS (
    SELECT DISTINCT ON (c.emp_id, c.date) c.emp_id, c.date, c.status, c.batch_id, c.line_no
    FROM checked c WHERE c.problem IS NULL
    ORDER BY c.emp_id, c.date, c.batch_id DESC, c.line_no DESC
  ), upserted AS (
    INSERT INTO hrlake.employee_leave AS l (emp_id, date, status, batch_id, line_no)
    SELECT x.emp_id, x.date, x.status, x.batch_id, x.line_no FROM latest x
    ON CONFLICT (emp_id, date) DO UPDATE
      SET status = EXCLUDED.status, batch_id = EXCLUDED.batch_id,
          line_no = EXCLUDED.line_no, updated_at = now()
      WHERE l.status IS DISTINCT FROM EXCLUDED.status
    RETURNING l.batch_id
  )
  SELECT coalesce(jsonb_object_agg(u.batch_id, u.n), '{}') INTO v_loaded
  FROM (SELECT upserted.batch_id, count(*) AS n FROM upserted GROUP BY 1) u;

  -- Keep the reports' bitmaps in step for every (employee, year) touched.
  PERFORM hrlake._refresh_leave_days(array_agg(t.emp_id), array_agg(t.year))
  FROM (SELECT DISTINCT hrlake._clean(s.emp_id) AS emp_id,
               extract(year FROM hrlake._parse_date(s.date))::integer AS year
        FROM hrlake_stage.leave s
        WHERE s.batch_id = ANY (v_batches) AND hrlake._leave_problem(s.emp_id, s.date, s.status) IS NULL) t;

  RETURN QUERY SELECT * FROM hrlake._finish_batches('leave', v_batches, v_loaded);
END
$$;
