-- The same SCD2 rules as hrlake.scd2_merge() (SPEC §2.3), written as the
-- best plain SQL we could: set-based, one pass of window functions over
-- the touched employees' chains, then DELETE/UPDATE/INSERT of the
-- difference. Used by bench/run.sh as the baseline.
CREATE OR REPLACE FUNCTION bench.scd2_sql() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  v_changes bigint := 0;
  v_n bigint;
BEGIN
  CREATE TEMP TABLE s ON COMMIT DROP AS
  SELECT st.stage_id, btrim(st.emp_id) AS emp_id, nullif(btrim(st.designation), '') AS designation,
         to_timestamp(btrim(st.start_date)::numeric)::date AS start_date,
         to_timestamp(nullif(btrim(st.end_date), '')::numeric)::date AS end_date,
         nullif(btrim(st.salary), '')::numeric AS salary, st.batch_id, st.line_no
  FROM hrlake_stage.timeframe st
  WHERE btrim(st.start_date) ~ '^[0-9]+(\.[0-9]*)?$'
    AND (nullif(btrim(st.end_date), '') IS NULL OR btrim(st.end_date) ~ '^[0-9]+(\.[0-9]*)?$')
    AND (nullif(btrim(st.salary), '') IS NULL OR btrim(st.salary) ~ '^[0-9]+(\.[0-9]*)?$')
    AND nullif(btrim(st.emp_id), '') IS NOT NULL;

  -- Every record of the touched employees: history (h) and new (n).
  CREATE TEMP TABLE c ON COMMIT DROP AS
  SELECT t.timeframe_id, t.emp_id, t.designation, t.start_date,
         CASE WHEN t.end_date_given THEN t.end_date END AS given_end, t.end_date AS stored_end,
         t.end_date_given, t.salary, t.batch_id, t.line_no
  FROM hrlake.employee_timeframe t
  WHERE t.emp_id IN (SELECT DISTINCT emp_id FROM s)
  UNION ALL
  SELECT NULL, s.emp_id, s.designation, s.start_date, s.end_date, NULL, s.end_date IS NOT NULL,
         s.salary, s.batch_id, s.line_no
  FROM s WHERE s.end_date IS NULL OR s.end_date >= s.start_date;

  -- Close open records at the next later start; pick one survivor per
  -- (emp_id, start, end): highest salary, a stored row with equal values,
  -- then the latest load.
  CREATE TEMP TABLE r ON COMMIT DROP AS
  WITH starts AS (
    SELECT emp_id, start_date, lead(start_date) OVER (PARTITION BY emp_id ORDER BY start_date) AS next_start
    FROM (SELECT DISTINCT emp_id, start_date FROM c) d
  ), eff AS (
    SELECT c.*, coalesce(c.given_end, st.next_start) AS eff_end
    FROM c JOIN starts st USING (emp_id, start_date)
  ), ranked AS (
    SELECT e.*,
           first_value(e.salary) OVER g AS win_salary,
           first_value(e.designation) OVER g AS win_designation,
           first_value(e.batch_id) OVER g AS win_batch,
           first_value(e.line_no) OVER g AS win_line,
           bool_or(e.end_date_given) OVER (PARTITION BY e.emp_id, e.start_date, e.eff_end) AS any_given
    FROM eff e
    WINDOW g AS (PARTITION BY e.emp_id, e.start_date, e.eff_end
                 ORDER BY e.salary DESC NULLS LAST, e.batch_id DESC, e.line_no DESC)
  )
  SELECT x.*,
         -- the stored row that represents the group: one with the winner's
         -- values if any, else any stored row
         first_value(x.timeframe_id) OVER (
           PARTITION BY x.emp_id, x.start_date, x.eff_end
           ORDER BY (x.timeframe_id IS NULL),
                    (x.designation IS NOT DISTINCT FROM x.win_designation
                     AND x.salary IS NOT DISTINCT FROM x.win_salary) DESC,
                    x.timeframe_id) AS kept_id
  FROM ranked x;

  DELETE FROM hrlake.employee_timeframe t USING r
  WHERE t.timeframe_id = r.timeframe_id AND r.timeframe_id <> r.kept_id;
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_changes := v_changes + v_n;

  UPDATE hrlake.employee_timeframe t
     SET designation = r.win_designation, salary = r.win_salary, end_date = r.eff_end,
         end_date_given = r.any_given, batch_id = r.win_batch, line_no = r.win_line,
         updated_at = now()
    FROM r
   WHERE t.timeframe_id = r.timeframe_id AND r.timeframe_id = r.kept_id
     AND (t.end_date IS DISTINCT FROM r.eff_end
          OR t.designation IS DISTINCT FROM r.win_designation
          OR t.salary IS DISTINCT FROM r.win_salary);
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_changes := v_changes + v_n;

  INSERT INTO hrlake.employee_timeframe (emp_id, designation, start_date, end_date, salary,
                                         end_date_given, batch_id, line_no)
  SELECT DISTINCT ON (r.emp_id, r.start_date, r.eff_end)
         r.emp_id, r.win_designation, r.start_date, r.eff_end, r.win_salary, r.any_given,
         r.win_batch, r.win_line
  FROM r WHERE r.kept_id IS NULL
  ORDER BY r.emp_id, r.start_date, r.eff_end;
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_changes := v_changes + v_n;

  DELETE FROM hrlake_stage.timeframe;
  RETURN v_changes;
END
$$;

-- The touched employees' histories replaced outright, in plain SQL: their
-- stored rows with implicit ends reset and the batch's rows form the new
-- chains (window functions), then their stored rows are deleted and the
-- new ones inserted into the same table, through the same indexes. The
-- rules of the DuckDB peer (bench/duckdb/scd2_peer.mjs), a speed
-- reference, not SPEC §2.3 in full: open records close at the next later
-- start, one row per (emp_id, start, end) survives (highest salary, then
-- the latest load), no refinements (same-start given ends, losers
-- remembered); unchanged rows are rewritten with new ids. Staged rows are
-- parsed and consumed as bench.scd2_sql() does.
CREATE OR REPLACE FUNCTION bench.scd2_sql_replace(OUT deleted bigint, OUT inserted bigint)
LANGUAGE plpgsql AS $$
BEGIN
  CREATE TEMP TABLE replace_staged ON COMMIT DROP AS
  SELECT btrim(st.emp_id) COLLATE "C" AS emp_id, nullif(btrim(st.designation), '') AS designation,
         to_timestamp(btrim(st.start_date)::numeric)::date AS start_date,
         to_timestamp(nullif(btrim(st.end_date), '')::numeric)::date AS end_date,
         nullif(btrim(st.salary), '')::numeric AS salary, st.batch_id, st.line_no
  FROM hrlake_stage.timeframe st
  WHERE btrim(st.start_date) ~ '^[0-9]+(\.[0-9]*)?$'
    AND (nullif(btrim(st.end_date), '') IS NULL OR btrim(st.end_date) ~ '^[0-9]+(\.[0-9]*)?$')
    AND (nullif(btrim(st.salary), '') IS NULL OR btrim(st.salary) ~ '^[0-9]+(\.[0-9]*)?$')
    AND nullif(btrim(st.emp_id), '') IS NOT NULL;
  CREATE TEMP TABLE replace_touched ON COMMIT DROP AS SELECT DISTINCT emp_id FROM replace_staged;
  ANALYZE replace_touched;

  -- The new histories: every record of the touched employees, stored
  -- (implicit ends reset) and new; open records closed at the next later
  -- start; one survivor per (emp_id, start, end).
  CREATE TEMP TABLE replace_new ON COMMIT DROP AS
  WITH c AS (
    SELECT t.emp_id, t.designation, t.start_date,
           CASE WHEN t.end_date_given THEN t.end_date END AS given_end, t.end_date_given,
           t.salary, t.batch_id, t.line_no
    FROM hrlake.employee_timeframe t
    WHERE t.emp_id IN (SELECT emp_id FROM replace_touched)
    UNION ALL
    SELECT s.emp_id, s.designation, s.start_date, s.end_date, s.end_date IS NOT NULL,
           s.salary, s.batch_id, s.line_no
    FROM replace_staged s WHERE s.end_date IS NULL OR s.end_date >= s.start_date
  ), closed AS (
    -- the first start at least a day later: the nearest strictly later one
    SELECT c.*, coalesce(c.given_end, first_value(c.start_date) OVER (
                  PARTITION BY c.emp_id ORDER BY c.start_date
                  RANGE BETWEEN '1 day' FOLLOWING AND UNBOUNDED FOLLOWING)) AS eff_end
    FROM c
  ), ranked AS (
    SELECT x.*, row_number() OVER g AS pick,
           bool_or(x.end_date_given) OVER (PARTITION BY x.emp_id, x.start_date, x.eff_end) AS any_given
    FROM closed x
    WINDOW g AS (PARTITION BY x.emp_id, x.start_date, x.eff_end
                 ORDER BY x.salary DESC NULLS LAST, x.batch_id DESC, x.line_no DESC)
  )
  SELECT emp_id, designation, start_date, eff_end, salary, any_given, batch_id, line_no
  FROM ranked WHERE pick = 1;

  DELETE FROM hrlake.employee_timeframe t WHERE t.emp_id IN (SELECT emp_id FROM replace_touched);
  GET DIAGNOSTICS deleted = ROW_COUNT;
  INSERT INTO hrlake.employee_timeframe (emp_id, designation, start_date, end_date, salary,
                                         end_date_given, batch_id, line_no)
  SELECT emp_id, designation, start_date, eff_end, salary, any_given, batch_id, line_no
  FROM replace_new; -- written in (emp_id, start) order by the windows
  GET DIAGNOSTICS inserted = ROW_COUNT;

  DELETE FROM hrlake_stage.timeframe;
END
$$;
