-- The floor for scd2_merge: bench.floor, a twin of employee_timeframe
-- (same columns, generated column, defaults, constraints, storage
-- parameters and indexes, but for the one-ACTIVE index, which the batch's
-- rows would need the merge to satisfy), holding the same history,
-- inserted in the same order with its indexes in place, so that its pages
-- and index pages are laid out as the history's. The contender COPYs the
-- batch's rows into it (bench/scd2.sh).
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE TABLE bench.floor (LIKE hrlake.employee_timeframe INCLUDING ALL);
DO $$
DECLARE
  one_active regclass := (SELECT indexrelid FROM pg_index
                          WHERE indrelid = 'bench.floor'::regclass AND indpred IS NOT NULL);
  options text[] := (SELECT reloptions FROM pg_class WHERE oid = 'hrlake.employee_timeframe'::regclass);
BEGIN
  EXECUTE format('DROP INDEX %s', one_active);
  IF options IS NOT NULL THEN
    EXECUTE format('ALTER TABLE bench.floor SET (%s)', array_to_string(options, ', '));
  END IF;
END
$$;
INSERT INTO bench.floor (timeframe_id, emp_id, designation, start_date, end_date, salary,
                         end_date_given, batch_id, line_no, updated_at) OVERRIDING SYSTEM VALUE
SELECT timeframe_id, emp_id, designation, start_date, end_date, salary, end_date_given, batch_id,
       line_no, updated_at
FROM hrlake.employee_timeframe ORDER BY timeframe_id;
SELECT setval(pg_get_serial_sequence('bench.floor', 'timeframe_id'), max(timeframe_id)) AS floor_ids
FROM bench.floor \gset
