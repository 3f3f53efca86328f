-- BulkInsert (src/pg/bulk_insert.cpp) writes rows the way COPY FROM does.
-- It must behave like an INSERT of the same rows: defaults and identity,
-- generated columns, constraints, unique indexes, triggers.
\i sql/include/fresh_hrlake.sql
CREATE SCHEMA selftest;
CREATE FUNCTION selftest.bulk_insert(schema text, tab text, query text) RETURNS bigint
  LANGUAGE c STRICT AS 'hrlake', 'hrlake_selftest_bulk_insert';

CREATE TABLE selftest.target (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  k        integer NOT NULL,
  name     text CHECK (name <> 'forbidden'),
  doubled  integer GENERATED ALWAYS AS (k * 2) STORED,
  created  timestamptz NOT NULL DEFAULT now(),
  tag      text DEFAULT 'plain'
);
CREATE UNIQUE INDEX target_k ON selftest.target (k);
CREATE INDEX target_upper_name ON selftest.target (upper(name)) WHERE k % 2 = 0;
CREATE TABLE selftest.twin (LIKE selftest.target INCLUDING ALL);

-- 2,500 rows (more than one buffer of 1,000), long values too: the same
-- rows as an INSERT writes.
SELECT selftest.bulk_insert('selftest', 'target',
  $$SELECT g AS k, CASE WHEN g % 7 = 0 THEN NULL ELSE repeat(md5(g::text), 1 + g % 300) END AS name
    FROM generate_series(1, 2500) g$$) AS written;
INSERT INTO selftest.twin (k, name)
SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE repeat(md5(g::text), 1 + g % 300) END
FROM generate_series(1, 2500) g;
SELECT count(*) AS rows, count(DISTINCT id) AS ids, min(id), max(id), sum(doubled) AS doubled,
       count(DISTINCT created) AS one_default_now, bool_and(tag = 'plain') AS default_tag
FROM selftest.target;
SELECT count(*) AS differences FROM (
  (SELECT k, name, doubled, tag FROM selftest.target EXCEPT SELECT k, name, doubled, tag FROM selftest.twin)
  UNION ALL
  (SELECT k, name, doubled, tag FROM selftest.twin EXCEPT SELECT k, name, doubled, tag FROM selftest.target)) d;
-- The indexes hold every row.
SET enable_seqscan = off;
SELECT count(*) AS via_partial_index FROM selftest.target WHERE upper(name) > '' AND k % 2 = 0;
SELECT name IS NULL AS null_name FROM selftest.target WHERE k = 1400;
RESET enable_seqscan;

-- Constraint and unique violations raise the usual errors, and nothing of
-- the statement stays. (Terse: the failing row shows a timestamp.)
\set VERBOSITY terse
SELECT selftest.bulk_insert('selftest', 'target', $$SELECT 5000 + g AS k, 'forbidden' AS name FROM generate_series(1, 3) g$$);
SELECT selftest.bulk_insert('selftest', 'target', $$SELECT 9000 AS k UNION ALL SELECT 9001 UNION ALL SELECT 10$$);
SELECT selftest.bulk_insert('selftest', 'target', $$SELECT NULL::integer AS k$$);
\set VERBOSITY default
SELECT count(*) AS still FROM selftest.target;

-- Triggers: BEFORE ROW may change or skip a row (rows then go one at a
-- time), AFTER ROW sees each row, AFTER STATEMENT sees them all.
CREATE TABLE selftest.trigger_log (what text, n bigint);
CREATE FUNCTION selftest.before_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.k % 10 = 0 THEN RETURN NULL; END IF;  -- skipped
  NEW.tag := 'changed';
  RETURN NEW;
END $$;
CREATE FUNCTION selftest.after_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO selftest.trigger_log VALUES ('row ' || NEW.tag, NEW.k);
  RETURN NULL;
END $$;
CREATE FUNCTION selftest.after_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO selftest.trigger_log SELECT 'statement', count(*) FROM new_rows;
  RETURN NULL;
END $$;
CREATE TRIGGER b BEFORE INSERT ON selftest.target FOR EACH ROW EXECUTE FUNCTION selftest.before_row();
CREATE TRIGGER a AFTER INSERT ON selftest.target FOR EACH ROW EXECUTE FUNCTION selftest.after_row();
CREATE TRIGGER s AFTER INSERT ON selftest.target REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION selftest.after_statement();
SELECT selftest.bulk_insert('selftest', 'target', $$SELECT 3000 + g AS k, 'x' AS name FROM generate_series(1, 25) g$$) AS written;
SELECT what, count(*), min(n), max(n) FROM selftest.trigger_log GROUP BY what ORDER BY what;
SELECT tag, count(*) FROM selftest.target WHERE k > 3000 GROUP BY tag;
DROP TRIGGER b ON selftest.target;
DROP TRIGGER a ON selftest.target;
DROP TRIGGER s ON selftest.target;

-- A volatile default: rows one at a time, each with its own value.
ALTER TABLE selftest.target ALTER COLUMN tag SET DEFAULT md5(random()::text);
SELECT selftest.bulk_insert('selftest', 'target', $$SELECT 4000 + g AS k FROM generate_series(1, 50) g$$) AS written;
SELECT count(DISTINCT tag) AS distinct_tags FROM selftest.target WHERE k > 4000;

-- Only plain tables.
CREATE VIEW selftest.a_view AS SELECT * FROM selftest.target;
SELECT selftest.bulk_insert('selftest', 'a_view', $$SELECT 1 AS k$$);
SELECT selftest.bulk_insert('selftest', 'target', $$SELECT 1 AS no_such_column$$);
