-- The floors for scd2_merge, twins of the tables it writes (same columns,
-- generated column, defaults, constraints, storage parameters and indexes),
-- holding the same rows, inserted in the same order with their indexes in
-- place, so that their pages and index pages are laid out as the
-- originals'. A contender COPYs the batch's rows into one (bench/scd2.sh):
-- bench.floor_rows, the twin of hrlake.timeframe_row, where every accepted
-- row lands (the floor of the set-of-rows storage); bench.floor, the twin
-- of hrlake.employee_timeframe but for the one-ACTIVE index, which the
-- batch's rows would need the merge to satisfy (the floor of 0.1.0, which
-- stored the history only).
\set ON_ERROR_STOP on
SET client_min_messages = warning;
CREATE TABLE bench.floor_rows (LIKE hrlake.timeframe_row INCLUDING ALL);
CREATE TABLE bench.floor (LIKE hrlake.employee_timeframe INCLUDING ALL);
DO $$
DECLARE
  one_active regclass := (SELECT indexrelid FROM pg_index
                          WHERE indrelid = 'bench.floor'::regclass AND indpred IS NOT NULL);
  twin text;
  options text[];
BEGIN
  EXECUTE format('DROP INDEX %s', one_active);
  FOREACH twin IN ARRAY ARRAY['timeframe_row:floor_rows', 'employee_timeframe:floor'] LOOP
    options := (SELECT reloptions FROM pg_class WHERE oid = ('hrlake.' || split_part(twin, ':', 1))::regclass);
    IF options IS NOT NULL THEN
      EXECUTE format('ALTER TABLE bench.%I SET (%s)', split_part(twin, ':', 2), array_to_string(options, ', '));
    END IF;
  END LOOP;
END
$$;
INSERT INTO bench.floor_rows SELECT * FROM hrlake.timeframe_row ORDER BY ctid;
INSERT INTO bench.floor (timeframe_id, emp_id, designation, start_date, end_date, salary,
                         end_date_given, batch_id, line_no, updated_at) OVERRIDING SYSTEM VALUE
SELECT timeframe_id, emp_id, designation, start_date, end_date, salary, end_date_given, batch_id,
       line_no, updated_at
FROM hrlake.employee_timeframe ORDER BY timeframe_id;
SELECT setval(pg_get_serial_sequence('bench.floor', 'timeframe_id'), max(timeframe_id)) AS floor_ids
FROM bench.floor \gset
