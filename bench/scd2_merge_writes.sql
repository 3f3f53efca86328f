-- The writes scd2_merge makes for the bench's batch, for the contender
-- that applies just them (bench/scd2.sh). Run on a scratch copy of the
-- data, in a transaction that is rolled back: the stored rows the merge
-- changes are written out with the TIDs they had before it (a file copy of
-- the database keeps TIDs), its new rows as COPY input.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
BEGIN;
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
