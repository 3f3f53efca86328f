-- The writes scd2_merge makes for the bench's batch, for the contender
-- that applies just them (bench/scd2.sh). Run on a scratch copy of the
-- data, in a transaction that is rolled back: the batch's new rows in
-- hrlake.timeframe_row as COPY input, the stored records the merge changes
-- with the TIDs they had before it (a file copy of the database keeps
-- TIDs), its new records as COPY input.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
BEGIN;
SELECT max(batch_id) AS batch FROM hrlake.batch \gset
CREATE TEMP TABLE stored_before ON COMMIT DROP AS
SELECT timeframe_id, ctid AS tid FROM hrlake.employee_timeframe;
CREATE TEMP TABLE changes ON COMMIT DROP AS
SELECT action, count(*) AS n FROM hrlake.scd2_merge() GROUP BY action;
DO $$
BEGIN
  IF EXISTS (SELECT FROM changes WHERE action = 'DELETED') THEN
    RAISE EXCEPTION 'the bench batch deletes stored rows: the writes-alone contender does not apply deletes';
  END IF;
END
$$;
COPY (SELECT emp_id, start_date, end_date, salary, designation, batch_id, line_no, arrived_at
      FROM hrlake.timeframe_row WHERE batch_id = :batch ORDER BY ctid)
  TO '/tmp/hrlake_bench_merge_rows.copy';
COPY (SELECT b.tid, t.designation, t.salary, t.end_date, t.end_date_given, t.batch_id, t.line_no
      FROM hrlake.employee_timeframe t JOIN stored_before b USING (timeframe_id)
      WHERE t.updated_at = now())
  TO '/tmp/hrlake_bench_merge_updates.copy';
COPY (SELECT t.emp_id, t.designation, t.start_date, t.end_date, t.salary, t.end_date_given, t.batch_id,
             t.line_no
      FROM hrlake.employee_timeframe t
      WHERE NOT EXISTS (SELECT FROM stored_before b WHERE b.timeframe_id = t.timeframe_id)
      ORDER BY t.timeframe_id)
  TO '/tmp/hrlake_bench_merge_inserts.copy';
ROLLBACK;
