-- Employees (SPEC §2.2): the ingest rules and the current-employee view.

-- Why a staged employee row cannot be loaded, or NULL (src/core/employee_rules).
CREATE OR REPLACE FUNCTION hrlake._employee_problem(emp_id text, age text, name text) RETURNS text
LANGUAGE c IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'hrlake_employee_problem';

CREATE OR REPLACE FUNCTION hrlake._ingest_employee()
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_batches bigint[] := hrlake._claim_staged('employee');
  v_loaded jsonb;
BEGIN
  IF cardinality(v_batches) = 0 THEN
    RETURN;
  END IF;
  WITH checked AS (
    SELECT s.batch_id, s.line_no,
           coalesce(s.raw, hrlake._csv_line(s.emp_id, s.age, s.name)) AS raw,
           hrlake._clean(s.emp_id) AS emp_id, hrlake._clean(s.age) AS age,
           hrlake._clean(s.name) AS name,
           hrlake._employee_problem(s.emp_id, s.age, s.name) AS problem
    FROM hrlake_stage.employee s
    WHERE s.batch_id = ANY (v_batches)
  ), rejected AS (
    INSERT INTO hrlake.rejected_row (batch_id, source, line_no, raw, reason, stage)
    SELECT c.batch_id, 'employee', c.line_no,
           c.raw, c.problem, 'ingest'
    FROM checked c WHERE c.problem IS NOT NULL
  ), first_seen AS (
    -- Within the batches, the first occurrence of a row is the one loaded.
    SELECT DISTINCT ON (c.emp_id, c.age::integer, c.name)
           c.emp_id, c.age::integer AS age, c.name, c.batch_id, c.line_no
    FROM checked c WHERE c.problem IS NULL
    ORDER BY c.emp_id, c.age::integer, c.name, c.batch_id, c.line_no
  ), inserted AS (
    INSERT INTO hrlake.employee (emp_id, age, name, batch_id, line_no)
    SELECT f.emp_id, f.age, f.name, f.batch_id, f.line_no FROM first_seen f
    ON CONFLICT DO NOTHING
    RETURNING hrlake.employee.batch_id
  )
  SELECT coalesce(jsonb_object_agg(i.batch_id, i.n), '{}') INTO v_loaded
  FROM (SELECT inserted.batch_id, count(*) AS n FROM inserted GROUP BY 1) i;

  RETURN QUERY SELECT * FROM hrlake._finish_batches('employee', v_batches, v_loaded);
END
$$;

CREATE OR REPLACE VIEW hrlake.v_employee_current AS
SELECT DISTINCT ON (e.emp_id) e.emp_id, e.name, e.age, e.loaded_at, e.batch_id
FROM hrlake.employee e
ORDER BY e.emp_id, e.batch_id DESC, e.line_no DESC;
COMMENT ON VIEW hrlake.v_employee_current IS 'One row per employee: the most recently loaded name and age';
