-- The plain-SQL contenders of the timeframe benchmark (bench/scd2.sh), on
-- the table shape hrlake stores (SPEC §2.3): the staged rows parsed, each
-- distinct one kept once in hrlake.timeframe_row, then the touched
-- employees' histories in hrlake.employee_timeframe derived again from
-- all their rows by window functions. Two ways to write the history:
-- bench.scd2_sql() changes only what differs (DELETE/UPDATE/INSERT of the
-- difference); bench.scd2_sql_replace() deletes the touched employees'
-- histories and inserts them again. The rules are SPEC §2.3's but for the
-- 10th strike (the bench has none) and rejects (the bench's rows are all
-- valid: invalid ones are skipped, not recorded).

-- bench._intake(): the staged rows parsed, the new distinct ones added to
-- hrlake.timeframe_row (the first arrival of each kept), the staging
-- emptied and the batches marked ingested; leaves temp table
-- bench_touched (emp_id): the employees with new rows.
CREATE OR REPLACE FUNCTION bench._intake() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_valid bigint;
  v_new bigint;
BEGIN
  CREATE TEMP TABLE bench_staged ON COMMIT DROP AS
  SELECT btrim(st.emp_id) COLLATE "C" AS emp_id, nullif(btrim(st.designation), '') AS designation,
         to_timestamp(btrim(st.start_date)::numeric)::date AS start_date,
         to_timestamp(nullif(btrim(st.end_date), '')::numeric)::date AS end_date,
         nullif(btrim(st.salary), '')::numeric AS salary, st.batch_id, st.line_no
  FROM hrlake_stage.timeframe st
  WHERE btrim(st.start_date) ~ '^[0-9]+(\.[0-9]*)?$'
    AND (nullif(btrim(st.end_date), '') IS NULL OR btrim(st.end_date) ~ '^[0-9]+(\.[0-9]*)?$')
    AND (nullif(btrim(st.salary), '') IS NULL OR btrim(st.salary) ~ '^[0-9]+(\.[0-9]*)?$')
    AND nullif(btrim(st.emp_id), '') IS NOT NULL;
  GET DIAGNOSTICS v_valid = ROW_COUNT;
  CREATE TEMP TABLE bench_touched (emp_id text COLLATE "C") ON COMMIT DROP;
  WITH added AS (
    INSERT INTO hrlake.timeframe_row (emp_id, start_date, end_date, salary, designation, batch_id, line_no)
    SELECT emp_id, start_date, end_date, salary, designation, batch_id, line_no
    FROM bench_staged WHERE end_date IS NULL OR end_date >= start_date
    ORDER BY batch_id, line_no -- a row repeated in the batch keeps its first line
    ON CONFLICT ON CONSTRAINT timeframe_row_distinct DO NOTHING
    RETURNING emp_id)
  INSERT INTO bench_touched SELECT DISTINCT emp_id FROM added;
  SELECT count(*) INTO v_new FROM hrlake.timeframe_row
  WHERE batch_id IN (SELECT DISTINCT batch_id FROM hrlake_stage.timeframe);
  ANALYZE bench_touched;
  UPDATE hrlake.batch b
     SET status = 'ingested', ingested_at = now(), rows_total = b.rows_staged + b.rows_rejected_at_load,
         rows_loaded = v_new, rows_duplicate = v_valid - v_new,
         rows_rejected = b.rows_staged + b.rows_rejected_at_load - v_valid
   WHERE b.source = 'timeframe' AND b.status = 'staged';
  DELETE FROM hrlake_stage.timeframe;
END
$$;

-- bench._derive(): the histories of bench_touched derived from all their
-- rows, into temp table bench_derived: an open row closes at the nearest
-- strictly later start, else takes the given end of a row with its start
-- (the latest arrival's); one record per (emp_id, start, end): the highest
-- salary, then the latest arrival.
CREATE OR REPLACE FUNCTION bench._derive() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  CREATE TEMP TABLE bench_derived ON COMMIT DROP AS
  WITH r AS (
    SELECT t.emp_id, t.start_date, t.end_date, t.salary, t.designation, t.batch_id, t.line_no
    FROM hrlake.timeframe_row t WHERE t.emp_id IN (SELECT emp_id FROM bench_touched)
  ), later AS (
    SELECT r.*,
           first_value(r.start_date) OVER (PARTITION BY r.emp_id ORDER BY r.start_date
                                           RANGE BETWEEN '1 day' FOLLOWING AND UNBOUNDED FOLLOWING) AS next_start,
           first_value(r.end_date) OVER (PARTITION BY r.emp_id, r.start_date
                                         ORDER BY r.end_date IS NULL, r.batch_id DESC, r.line_no DESC) AS same_start_end
    FROM r
  ), closed AS (
    SELECT l.*, coalesce(l.end_date, l.next_start, l.same_start_end) AS eff_end,
           l.end_date IS NOT NULL OR (l.next_start IS NULL AND l.same_start_end IS NOT NULL) AS given
    FROM later l
  ), ranked AS (
    SELECT c.*, row_number() OVER g AS pick,
           bool_or(c.given) OVER (PARTITION BY c.emp_id, c.start_date, c.eff_end) AS any_given
    FROM closed c
    WINDOW g AS (PARTITION BY c.emp_id, c.start_date, c.eff_end
                 ORDER BY c.salary DESC NULLS LAST, c.batch_id DESC, c.line_no DESC)
  )
  SELECT emp_id, designation, start_date, eff_end AS end_date, salary, any_given AS end_date_given,
         batch_id, line_no
  FROM ranked WHERE pick = 1;
END
$$;

-- The difference written: stored records and derived ones paired by
-- (emp_id, start, n-th end); unpaired stored ones deleted, changed ones
-- updated (those getting an end first: one open record per employee at
-- every step), unpaired derived ones inserted. Returns the changes.
CREATE OR REPLACE FUNCTION bench.scd2_sql() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  v_changes bigint := 0;
  v_n bigint;
BEGIN
  PERFORM bench._intake();
  PERFORM bench._derive();
  CREATE TEMP TABLE bench_diff ON COMMIT DROP AS
  WITH s AS (
    SELECT t.timeframe_id, t.emp_id, t.start_date, t.end_date, t.end_date_given, t.designation, t.salary,
           t.batch_id, t.line_no,
           row_number() OVER (PARTITION BY t.emp_id, t.start_date ORDER BY t.end_date NULLS LAST) AS n
    FROM hrlake.employee_timeframe t WHERE t.emp_id IN (SELECT emp_id FROM bench_touched)
  ), d AS (
    SELECT d.*, row_number() OVER (PARTITION BY d.emp_id, d.start_date ORDER BY d.end_date NULLS LAST) AS n
    FROM bench_derived d
  )
  SELECT s.timeframe_id, d.emp_id, d.start_date, d.end_date, d.end_date_given, d.designation, d.salary,
         d.batch_id, d.line_no
  FROM s FULL JOIN d USING (emp_id, start_date, n)
  WHERE s.timeframe_id IS NULL OR d.emp_id IS NULL
     OR (s.end_date, s.end_date_given, s.designation, s.salary, s.batch_id, s.line_no)
        IS DISTINCT FROM (d.end_date, d.end_date_given, d.designation, d.salary, d.batch_id, d.line_no);

  DELETE FROM hrlake.employee_timeframe t USING bench_diff x
  WHERE x.emp_id IS NULL AND t.timeframe_id = x.timeframe_id;
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_changes := v_changes + v_n;
  UPDATE hrlake.employee_timeframe t
     SET designation = x.designation, salary = x.salary, end_date = x.end_date,
         end_date_given = x.end_date_given, batch_id = x.batch_id, line_no = x.line_no, updated_at = now()
    FROM bench_diff x
   WHERE x.emp_id IS NOT NULL AND t.timeframe_id = x.timeframe_id AND x.end_date IS NOT NULL;
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_changes := v_changes + v_n;
  UPDATE hrlake.employee_timeframe t
     SET designation = x.designation, salary = x.salary, end_date = x.end_date,
         end_date_given = x.end_date_given, batch_id = x.batch_id, line_no = x.line_no, updated_at = now()
    FROM bench_diff x
   WHERE x.emp_id IS NOT NULL AND t.timeframe_id = x.timeframe_id AND x.end_date IS NULL;
  GET DIAGNOSTICS v_n = ROW_COUNT;
  v_changes := v_changes + v_n;
  INSERT INTO hrlake.employee_timeframe (emp_id, designation, start_date, end_date, salary,
                                         end_date_given, batch_id, line_no)
  SELECT emp_id, designation, start_date, end_date, salary, end_date_given, batch_id, line_no
  FROM bench_diff WHERE timeframe_id IS NULL
  ORDER BY emp_id, start_date;
  GET DIAGNOSTICS v_n = ROW_COUNT;
  RETURN v_changes + v_n;
END
$$;

-- The touched employees' histories replaced outright: their stored
-- records deleted, the derived ones inserted, through the same indexes
-- (unchanged records are rewritten with new ids).
CREATE OR REPLACE FUNCTION bench.scd2_sql_replace(OUT deleted bigint, OUT inserted bigint)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bench._intake();
  PERFORM bench._derive();
  DELETE FROM hrlake.employee_timeframe t WHERE t.emp_id IN (SELECT emp_id FROM bench_touched);
  GET DIAGNOSTICS deleted = ROW_COUNT;
  INSERT INTO hrlake.employee_timeframe (emp_id, designation, start_date, end_date, salary,
                                         end_date_given, batch_id, line_no)
  SELECT emp_id, designation, start_date, end_date, salary, end_date_given, batch_id, line_no
  FROM bench_derived ORDER BY emp_id, start_date;
  GET DIAGNOSTICS inserted = ROW_COUNT;
END
$$;

-- What a contender left behind, cheaply, comparable with the DuckDB
-- peer's (bench/duckdb/scd2_peer.mjs computes the same sums): for the
-- current records and for the whole history, the count and two sums over
-- (emp_id, start, end) and (salary, designation).
CREATE OR REPLACE FUNCTION bench.checksum() RETURNS text
LANGUAGE sql AS $$
  SELECT 'current ' || count(*) FILTER (WHERE end_date IS NULL) || '/'
         || coalesce(sum(emp_id::bigint::numeric * (start_date - DATE '2000-01-01')) FILTER (WHERE end_date IS NULL), 0) || '/'
         || coalesce(sum(salary * ascii(designation)) FILTER (WHERE end_date IS NULL), 0)
         || ', history ' || count(*) || '/'
         || coalesce(sum(emp_id::bigint::numeric * (start_date - DATE '2000-01-01')
                         + coalesce(end_date - DATE '2000-01-01', -1) * (emp_id::bigint % 1009)), 0) || '/'
         || coalesce(sum(salary * ascii(designation)), 0)
  FROM hrlake.employee_timeframe
$$;
