-- Employee timeframe (SPEC §2.3, §2.7): the SCD2 merge and the designation report.

-- The SCD2 merge (src/pg/scd2_merge.cpp, rules in src/core/timeframe_merge):
-- consumes every staged timeframe row and returns each change it made.
CREATE OR REPLACE FUNCTION hrlake.scd2_merge()
RETURNS TABLE (action text, emp_id text, designation text, start_date date, end_date date,
               salary numeric, status text)
LANGUAGE c VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'hrlake_scd2_merge';
COMMENT ON FUNCTION hrlake.scd2_merge() IS
  'Merges all staged timeframe rows into employee_timeframe (SCD type 2, SPEC §2.3); returns the changes: INSERTED, CLOSED, UPDATED, DELETED';

-- The same merge, returning only how many changes it made: for the jobs,
-- which record counts (the changes themselves are in the table).
CREATE OR REPLACE FUNCTION hrlake._scd2_merge_count() RETURNS bigint
LANGUAGE c VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'hrlake_scd2_merge_count';

-- hrlake.ingest('timeframe'): the merge, reported as batch counts (the
-- batches the merge finished in this transaction).
CREATE OR REPLACE FUNCTION hrlake._ingest_timeframe()
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM hrlake._scd2_merge_count();
  RETURN QUERY SELECT b.batch_id, b.rows_total, b.rows_loaded, b.rows_duplicate, b.rows_rejected
  FROM hrlake.batch b
  WHERE b.source = 'timeframe' AND b.status = 'ingested' AND b.ingested_at = now()
  ORDER BY b.batch_id;
END
$$;

-- SPEC §2.7: ACTIVE records per designation, zero rows included (every
-- designation ever seen). Replaces the table's content.
CREATE OR REPLACE FUNCTION hrlake.refresh_active_by_designation(as_of date DEFAULT hrlake.utc_today())
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_rows bigint;
BEGIN
  DELETE FROM hrlake.active_by_designation;
  INSERT INTO hrlake.active_by_designation (designation, no_of_active_emp, as_of)
  SELECT d.designation, count(t.emp_id), as_of
  FROM (SELECT DISTINCT designation FROM hrlake.employee_timeframe
        WHERE designation IS NOT NULL) d
  LEFT JOIN hrlake.employee_timeframe t
    ON t.designation = d.designation AND t.end_date IS NULL
  GROUP BY d.designation;
  GET DIAGNOSTICS v_rows = ROW_COUNT;
  RETURN v_rows;
END
$$;

CREATE OR REPLACE VIEW hrlake.v_active_by_designation AS
SELECT designation, no_of_active_emp, as_of, refreshed_at
FROM hrlake.active_by_designation;
COMMENT ON VIEW hrlake.v_active_by_designation IS
  'ACTIVE employees per designation, zero rows included (SPEC §2.7)';
