-- BulkInsert (src/pg/bulk_insert.cpp) writes rows the way COPY FROM does.
-- It must behave like an INSERT of the same rows: defaults and identity,
-- generated columns, constraints, unique indexes, triggers.
\i test/sql/include/fresh_hrlake.sql
CREATE SCHEMA bulk_test;
CREATE FUNCTION bulk_test.bulk_insert(schema text, tab text, query text) RETURNS bigint
  LANGUAGE c STRICT AS 'hrlake', 'hrlake_selftest_bulk_insert';

CREATE TABLE bulk_test.target (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  k        integer NOT NULL,
  name     text CHECK (name <> 'forbidden'),
  doubled  integer GENERATED ALWAYS AS (k * 2) STORED,
  -- computed into fresh memory, long enough to be compressed
  shout    text GENERATED ALWAYS AS (upper(name) || '!') STORED,
  created  timestamptz NOT NULL DEFAULT now(),
  tag      text DEFAULT 'plain'
);
CREATE UNIQUE INDEX target_k ON bulk_test.target (k);
CREATE INDEX target_upper_name ON bulk_test.target (upper(name)) WHERE k % 2 = 0;
CREATE TABLE bulk_test.twin (LIKE bulk_test.target INCLUDING ALL);

-- 2,500 rows (more than one buffer of 1,000), long values too: the same
-- rows as an INSERT writes.
SELECT bulk_test.bulk_insert('bulk_test', 'target',
  $$SELECT g AS k, CASE WHEN g % 7 = 0 THEN NULL ELSE repeat(md5(g::text), 1 + g % 300) END AS name
    FROM generate_series(1, 2500) g$$) AS written;
INSERT INTO bulk_test.twin (k, name)
SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE repeat(md5(g::text), 1 + g % 300) END
FROM generate_series(1, 2500) g;
SELECT count(*) AS rows, count(DISTINCT id) AS ids, min(id), max(id), sum(doubled) AS doubled,
       count(DISTINCT created) AS one_default_now, bool_and(tag = 'plain') AS default_tag
FROM bulk_test.target;
SELECT count(*) AS differences FROM (
  (SELECT k, name, doubled, shout, tag FROM bulk_test.target
   EXCEPT SELECT k, name, doubled, shout, tag FROM bulk_test.twin)
  UNION ALL
  (SELECT k, name, doubled, shout, tag FROM bulk_test.twin
   EXCEPT SELECT k, name, doubled, shout, tag FROM bulk_test.target)) d;
-- The indexes hold every row.
SET enable_seqscan = off;
SELECT count(*) AS via_partial_index FROM bulk_test.target WHERE upper(name) > '' AND k % 2 = 0;
SELECT name IS NULL AS null_name FROM bulk_test.target WHERE k = 1400;
RESET enable_seqscan;

-- Constraint and unique violations raise the usual errors, and nothing of
-- the statement stays. (Terse: the failing row shows a timestamp.)
\set VERBOSITY terse
SELECT bulk_test.bulk_insert('bulk_test', 'target', $$SELECT 5000 + g AS k, 'forbidden' AS name FROM generate_series(1, 3) g$$);
SELECT bulk_test.bulk_insert('bulk_test', 'target', $$SELECT 9000 AS k UNION ALL SELECT 9001 UNION ALL SELECT 10$$);
SELECT bulk_test.bulk_insert('bulk_test', 'target', $$SELECT NULL::integer AS k$$);
\set VERBOSITY default
SELECT count(*) AS still FROM bulk_test.target;

-- Triggers: BEFORE ROW may change or skip a row (rows then go one at a
-- time), AFTER ROW sees each row, AFTER STATEMENT sees them all.
CREATE TABLE bulk_test.trigger_log (what text, n bigint);
CREATE FUNCTION bulk_test.before_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.k % 10 = 0 THEN RETURN NULL; END IF;  -- skipped
  NEW.tag := 'changed';
  RETURN NEW;
END $$;
CREATE FUNCTION bulk_test.after_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO bulk_test.trigger_log VALUES ('row ' || NEW.tag, NEW.k);
  RETURN NULL;
END $$;
CREATE FUNCTION bulk_test.after_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO bulk_test.trigger_log SELECT 'statement', count(*) FROM new_rows;
  RETURN NULL;
END $$;
CREATE TRIGGER b BEFORE INSERT ON bulk_test.target FOR EACH ROW EXECUTE FUNCTION bulk_test.before_row();
CREATE TRIGGER a AFTER INSERT ON bulk_test.target FOR EACH ROW EXECUTE FUNCTION bulk_test.after_row();
CREATE TRIGGER s AFTER INSERT ON bulk_test.target REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bulk_test.after_statement();
SELECT bulk_test.bulk_insert('bulk_test', 'target', $$SELECT 3000 + g AS k, 'x' AS name FROM generate_series(1, 25) g$$) AS written;
SELECT what, count(*), min(n), max(n) FROM bulk_test.trigger_log GROUP BY what ORDER BY what;
SELECT tag, count(*) FROM bulk_test.target WHERE k > 3000 GROUP BY tag;
DROP TRIGGER b ON bulk_test.target;
DROP TRIGGER a ON bulk_test.target;
DROP TRIGGER s ON bulk_test.target;

-- A volatile default: rows one at a time, each with its own value.
ALTER TABLE bulk_test.target ALTER COLUMN tag SET DEFAULT md5(random()::text);
SELECT bulk_test.bulk_insert('bulk_test', 'target', $$SELECT 4000 + g AS k FROM generate_series(1, 50) g$$) AS written;
SELECT count(DISTINCT tag) AS distinct_tags FROM bulk_test.target WHERE k > 4000;

-- A partitioned table: each row goes to its partition, as COPY routes it
-- (the default partition when none fits), with each partition's indexes,
-- constraints and triggers; a partition whose columns lie elsewhere (made
-- before a column of the parent was dropped) gets its rows converted.
CREATE TABLE bulk_test.parted (
  id     bigint GENERATED ALWAYS AS IDENTITY,
  gone   integer,
  k      integer NOT NULL CONSTRAINT k_positive CHECK (k > 0),
  at     date NOT NULL,
  note   text DEFAULT 'routed',
  PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
CREATE TABLE bulk_test.parted_2025 PARTITION OF bulk_test.parted FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE bulk_test.parted DROP COLUMN gone;
CREATE TABLE bulk_test.parted_2026 (note text DEFAULT 'routed', at date NOT NULL,
                                    k integer NOT NULL CONSTRAINT k_positive CHECK (k > 0), id bigint NOT NULL);
ALTER TABLE bulk_test.parted ATTACH PARTITION bulk_test.parted_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE bulk_test.parted_other PARTITION OF bulk_test.parted DEFAULT;
CREATE UNIQUE INDEX parted_2026_k ON bulk_test.parted_2026 (k);
CREATE FUNCTION bulk_test.after_parted_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO bulk_test.trigger_log VALUES ('row ' || NEW.note, NEW.k);
  RETURN NULL;
END $$;
CREATE TRIGGER a AFTER INSERT ON bulk_test.parted FOR EACH ROW EXECUTE FUNCTION bulk_test.after_parted_row();
CREATE FUNCTION bulk_test.before_2026() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.note := 'changed in 2026';
  RETURN NEW;
END $$;
CREATE TRIGGER b BEFORE INSERT ON bulk_test.parted_2026 FOR EACH ROW EXECUTE FUNCTION bulk_test.before_2026();
TRUNCATE bulk_test.trigger_log;
SELECT bulk_test.bulk_insert('bulk_test', 'parted',
  $$SELECT g AS k, DATE '2024-12-30' + g AS at FROM generate_series(1, 2500) g$$) AS written;
SELECT tableoid::regclass AS partition, count(*), count(DISTINCT id) AS ids, min(at), max(at),
       string_agg(DISTINCT note, ',') AS notes
FROM bulk_test.parted GROUP BY 1 ORDER BY 1;
SELECT what, count(*) AS after_row_triggers FROM bulk_test.trigger_log GROUP BY what ORDER BY what;
SET enable_seqscan = off;
SELECT at FROM bulk_test.parted_2026 WHERE k = 500;
RESET enable_seqscan;
-- A partition's unique index and the parent's checks hold.
\set VERBOSITY terse
SELECT bulk_test.bulk_insert('bulk_test', 'parted', $$SELECT 500 AS k, DATE '2026-03-03' AS at$$);
SELECT bulk_test.bulk_insert('bulk_test', 'parted', $$SELECT 0 AS k, DATE '2025-03-03' AS at$$);
\set VERBOSITY default
SELECT count(*) AS still FROM bulk_test.parted;

-- Only plain and partitioned tables.
CREATE VIEW bulk_test.a_view AS SELECT * FROM bulk_test.target;
SELECT bulk_test.bulk_insert('bulk_test', 'a_view', $$SELECT 1 AS k$$);
SELECT bulk_test.bulk_insert('bulk_test', 'target', $$SELECT 1 AS no_such_column$$);

-- The caller needs INSERT on the columns written.
SET client_min_messages = warning;
DROP ROLE IF EXISTS hrlake_regress_inserter;
RESET client_min_messages;
CREATE ROLE hrlake_regress_inserter;
GRANT USAGE ON SCHEMA bulk_test TO hrlake_regress_inserter;
GRANT INSERT (k) ON bulk_test.target TO hrlake_regress_inserter;
SET ROLE hrlake_regress_inserter;
SELECT bulk_test.bulk_insert('bulk_test', 'target', $$SELECT 5001 AS k$$) AS allowed;
SELECT bulk_test.bulk_insert('bulk_test', 'target', $$SELECT 5002 AS k, 'x' AS name$$);
RESET ROLE;

SET client_min_messages = warning;
DROP SCHEMA bulk_test CASCADE;
DROP ROLE hrlake_regress_inserter;
