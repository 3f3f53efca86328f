-- RowUpdater (src/pg/row_updater.cpp) changes rows found by their TID. It
-- must behave like an UPDATE or DELETE of the same rows: generated columns,
-- constraints, unique indexes, every index holding the new versions, the
-- caller's privileges. Tables whose triggers need a statement are refused.
\i test/sql/include/fresh_hrlake.sql
CREATE SCHEMA upd_test;
CREATE FUNCTION upd_test.row_update(schema text, tab text, query text) RETURNS bigint
  LANGUAGE c STRICT AS 'hrlake', 'hrlake_selftest_row_update';

CREATE TABLE upd_test.target (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  k        integer NOT NULL,
  v        date,
  name     text CHECK (name <> 'forbidden'),
  doubled  integer GENERATED ALWAYS AS (k * 2) STORED,
  state    text GENERATED ALWAYS AS (CASE WHEN v IS NULL THEN 'open' ELSE 'closed' END) STORED,
  -- computed into fresh memory from an updated column and a kept one
  label    text GENERATED ALWAYS AS
             (left(name, 40) || ' @ ' || coalesce((v - DATE '2024-01-01')::text, 'open')) STORED,
  UNIQUE NULLS NOT DISTINCT (k, v)
);
CREATE UNIQUE INDEX target_one_open ON upd_test.target (k) WHERE v IS NULL;
CREATE INDEX target_upper_name ON upd_test.target (upper(name));
INSERT INTO upd_test.target (k, v, name)
SELECT g, NULL, repeat(md5(g::text), 1 + g % 200) FROM generate_series(1, 3000) g;
CREATE TABLE upd_test.twin AS SELECT * FROM upd_test.target;

-- 2,000 rows closed (an indexed column: new index entries) and 500 renamed
-- (only a plain column: may be HOT): the same rows as an UPDATE makes.
SELECT upd_test.row_update('upd_test', 'target',
  $$SELECT ctid, DATE '2024-01-01' + k AS v FROM upd_test.target WHERE k <= 2000$$) AS closed;
SELECT upd_test.row_update('upd_test', 'target',
  $$SELECT ctid, 'renamed ' || k AS name FROM upd_test.target WHERE k > 2500$$) AS renamed;
UPDATE upd_test.twin SET v = DATE '2024-01-01' + k, state = 'closed',
  label = left(name, 40) || ' @ ' || k WHERE k <= 2000;
UPDATE upd_test.twin SET name = 'renamed ' || k, label = 'renamed ' || k || ' @ open' WHERE k > 2500;
SELECT count(*) AS rows, count(*) FILTER (WHERE state = 'closed') AS closed,
       count(*) FILTER (WHERE name LIKE 'renamed %') AS renamed, sum(doubled) AS doubled
FROM upd_test.target;
SELECT count(*) AS differences FROM (
  (SELECT id, k, v, name, doubled, state, label FROM upd_test.target
   EXCEPT SELECT id, k, v, name, doubled, state, label FROM upd_test.twin)
  UNION ALL
  (SELECT id, k, v, name, doubled, state, label FROM upd_test.twin
   EXCEPT SELECT id, k, v, name, doubled, state, label FROM upd_test.target)) d;
-- Every index finds the new versions, and only them.
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT count(*) AS open_by_partial_index FROM upd_test.target WHERE v IS NULL AND k > 0;
SELECT id, state FROM upd_test.target WHERE k = 1500 AND v = DATE '2024-01-01' + 1500;
SELECT count(*) AS old_version_by_unique FROM upd_test.target WHERE k = 1500 AND v IS NULL;
SELECT k FROM upd_test.target WHERE upper(name) = 'RENAMED 2999';
SELECT k FROM upd_test.target WHERE id = 10;
RESET enable_seqscan;
RESET enable_bitmapscan;

-- Deleting.
SELECT upd_test.row_update('upd_test', 'target', $$SELECT ctid FROM upd_test.target WHERE k % 100 = 0$$) AS deleted;
SELECT count(*) AS left FROM upd_test.target;

-- Constraints hold, with the statement's errors; nothing is half done.
\set VERBOSITY sqlstate
SELECT upd_test.row_update('upd_test', 'target',
  $$SELECT ctid, CASE WHEN k = 20 THEN 'forbidden' ELSE 'half' END AS name
    FROM upd_test.target WHERE k BETWEEN 10 AND 20 ORDER BY k$$);
SELECT upd_test.row_update('upd_test', 'target', $$SELECT ctid, NULL::int AS k FROM upd_test.target WHERE k = 5$$);
SELECT upd_test.row_update('upd_test', 'target', $$SELECT ctid, 2998 AS k FROM upd_test.target WHERE k = 2999$$);
\set VERBOSITY default
SELECT count(*) AS half_done FROM upd_test.target WHERE name = 'half';
SELECT upd_test.row_update('upd_test', 'target', $$SELECT ctid, 1 AS no_such_column FROM upd_test.target$$);

-- Privileges: UPDATE of the columns set, and DELETE to delete.
SET client_min_messages = warning;
DROP ROLE IF EXISTS hrlake_regress_updater;
RESET client_min_messages;
CREATE ROLE hrlake_regress_updater;
GRANT USAGE ON SCHEMA upd_test TO hrlake_regress_updater;
GRANT SELECT, UPDATE (name) ON upd_test.target TO hrlake_regress_updater;
SET ROLE hrlake_regress_updater;
SELECT upd_test.row_update('upd_test', 'target', $$SELECT ctid, 'ok' AS name FROM upd_test.target WHERE k = 3$$) AS allowed;
SELECT upd_test.row_update('upd_test', 'target', $$SELECT ctid, 5 AS k FROM upd_test.target WHERE k = 3$$);
SELECT upd_test.row_update('upd_test', 'target', $$SELECT ctid FROM upd_test.target WHERE k = 3$$);
RESET ROLE;

-- A table with UPDATE or DELETE triggers needs statements: refused (-1).
CREATE FUNCTION upd_test.noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t BEFORE UPDATE ON upd_test.twin FOR EACH ROW EXECUTE FUNCTION upd_test.noop();
SELECT upd_test.row_update('upd_test', 'twin', $$SELECT ctid, 'x' AS name FROM upd_test.twin WHERE k = 3$$) AS with_trigger;
SELECT name FROM upd_test.twin WHERE k = 3 AND name = 'x';

SET client_min_messages = warning;
DROP SCHEMA upd_test CASCADE;
DROP ROLE hrlake_regress_updater;
