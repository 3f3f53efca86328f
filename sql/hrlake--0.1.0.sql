-- hrlake install script, assembled from src/sql/*.sql by the Makefile.
--
-- Terms used throughout:
--   source   one kind of input file (employee, timeframe, leave, ...; SPEC §1)
--   batch    one delivery of a source: a file given to hrlake.load(), or the
--            rows a client copied into hrlake_stage.<source> since the last
--            ingest. Every input row belongs to exactly one batch.
--   staging  hrlake_stage.<source>: text columns, so COPY never fails on a value
--   ingest   validating one source's staged batches into its silver table;
--            each row ends loaded, counted as a duplicate, or rejected
--   reject   a row of hrlake.rejected_row: raw text, source, batch, line, reason
--   run      one execution of a job (daily, monthly, stream), in hrlake.job_run
--   notice   the 80%-quota message for a manager, once per employee and month
--   strike   one flagged message counted against its sender

\echo Use "CREATE EXTENSION hrlake" to load this file. \quit

CREATE SCHEMA hrlake_stage;
COMMENT ON SCHEMA hrlake_stage IS 'hrlake landing tables: COPY raw rows here, then call hrlake.ingest(source)';

-- Roles are cluster-wide: create them once, keep them if they exist.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hrlake_loader') THEN
    CREATE ROLE hrlake_loader NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hrlake_analyst') THEN
    CREATE ROLE hrlake_analyst NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hrlake_admin') THEN
    CREATE ROLE hrlake_admin NOLOGIN;
  END IF;
END
$$;
COMMENT ON ROLE hrlake_loader IS 'hrlake: may write staging tables and call load/ingest';
COMMENT ON ROLE hrlake_analyst IS 'hrlake: reads the BI views; no salaries, no message text';
COMMENT ON ROLE hrlake_admin IS 'hrlake: everything in hrlake and hrlake_stage';
GRANT hrlake_loader, hrlake_analyst TO hrlake_admin;

GRANT USAGE ON SCHEMA hrlake TO hrlake_loader, hrlake_analyst, hrlake_admin;
GRANT USAGE ON SCHEMA hrlake_stage TO hrlake_loader, hrlake_admin;
REVOKE ALL ON SCHEMA hrlake FROM PUBLIC;

-- Today in UTC: the schedules and reports work in UTC (SPEC §2.9).
CREATE FUNCTION hrlake.utc_today() RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
RETURN (pg_catalog.now() AT TIME ZONE 'UTC')::date;

-- Trims the blanks the loader trims, and makes an empty value NULL (SPEC §1).
-- Client-copied rows were not trimmed on the way in.
CREATE FUNCTION hrlake._clean(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
RETURN nullif(btrim(value, E' \t\r\n\v\f'), '');

-- A row's values as one CSV line, for the raw text of a reject found after
-- staging (NULL is an empty field).
CREATE FUNCTION hrlake._csv_line(VARIADIC fields text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN array_to_string(ARRAY(
  SELECT CASE WHEN f IS NULL THEN ''
              WHEN f ~ '[",\r\n]' OR f <> btrim(f) THEN '"' || replace(f, '"', '""') || '"'
              ELSE f END
  FROM unnest(fields) WITH ORDINALITY AS t(f, n) ORDER BY n), ',');
-- The steps of each job (SPEC §2.9), registered by each domain's file in
-- the order the SPEC gives; hrlake._run_job (80_jobs_run.sql) runs them.

CREATE TABLE hrlake._job_step (
  job        text NOT NULL CHECK (job IN ('daily', 'monthly', 'stream')),
  step_order integer NOT NULL,
  step       text NOT NULL,
  -- One SQL statement returning one jsonb value (the step's counts); $1 is
  -- the run's as_of date.
  statement  text NOT NULL,
  PRIMARY KEY (job, step_order),
  UNIQUE (job, step)
);
COMMENT ON TABLE hrlake._job_step IS 'The steps of each job, in order (defined by the extension)';
-- Batches and rejects: the ledger that proves nothing was lost (SPEC §2.1).

CREATE TABLE hrlake.batch (
  batch_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source          text NOT NULL CHECK (source IN ('employee', 'timeframe', 'leave_quota',
                    'leave_calendar', 'leave', 'vocabulary', 'marked_word', 'message')),
  origin          text NOT NULL CHECK (origin IN ('file', 'copy')),
  path            text,
  content_sha256  bytea,
  loaded_at       timestamptz NOT NULL DEFAULT now(),
  loaded_by       name NOT NULL DEFAULT current_user,
  rows_staged     bigint NOT NULL DEFAULT 0,
  rows_rejected_at_load bigint NOT NULL DEFAULT 0,
  status          text NOT NULL DEFAULT 'staged' CHECK (status IN ('staged', 'ingested')),
  ingested_at     timestamptz,
  rows_total      bigint,
  rows_loaded     bigint,
  rows_duplicate  bigint,
  rows_rejected   bigint,
  UNIQUE (source, content_sha256),
  CHECK (origin <> 'file' OR (path IS NOT NULL AND content_sha256 IS NOT NULL)),
  CHECK (status <> 'ingested' OR (
    rows_total = rows_staged + rows_rejected_at_load
    AND rows_total = rows_loaded + rows_duplicate + rows_rejected))
);
COMMENT ON TABLE hrlake.batch IS
  'One delivery of a source; after ingest, rows_total = rows_loaded + rows_duplicate + rows_rejected';

CREATE TABLE hrlake.rejected_row (
  reject_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  batch_id     bigint NOT NULL REFERENCES hrlake.batch,
  source       text NOT NULL,
  line_no      bigint,
  raw          text NOT NULL,
  raw_bytes    bytea,
  reason       text NOT NULL,
  stage        text NOT NULL CHECK (stage IN ('load', 'ingest')),
  rejected_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON hrlake.rejected_row (batch_id);
COMMENT ON TABLE hrlake.rejected_row IS
  'Input rows that could not be loaded, with their raw text and why. raw_bytes keeps the exact bytes when raw had to escape invalid UTF-8';
COMMENT ON COLUMN hrlake.rejected_row.line_no IS
  'Line of the file where the row starts (CSV, JSON lines), element number (JSON array), or row order for client-copied rows';

-- Gives rows a client copied into staging (batch_id NULL) a batch of their
-- own, numbered in arrival order, and returns the source's batches waiting
-- for ingest, oldest first. Caller holds the source's ingest lock.
CREATE FUNCTION hrlake._claim_staged(p_source text) RETURNS bigint[]
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_batch bigint;
  v_count bigint;
BEGIN
  EXECUTE format('SELECT count(*) FROM hrlake_stage.%I WHERE batch_id IS NULL', p_source)
    INTO v_count;
  IF v_count > 0 THEN
    INSERT INTO hrlake.batch (source, origin, rows_staged)
    VALUES (p_source, 'copy', v_count) RETURNING batch_id INTO v_batch;
    -- Line 1 would be the header of the copied file: data starts at 2.
    EXECUTE format($q$
      UPDATE hrlake_stage.%1$I s SET batch_id = $1, line_no = n.line_no
      FROM (SELECT stage_id, 1 + row_number() OVER (ORDER BY stage_id) AS line_no
            FROM hrlake_stage.%1$I WHERE batch_id IS NULL) n
      WHERE s.stage_id = n.stage_id$q$, p_source) USING v_batch;
  END IF;
  RETURN ARRAY(SELECT batch_id FROM hrlake.batch
               WHERE source = p_source AND status = 'staged' ORDER BY batch_id);
END
$$;

-- Closes the ingest of a source's batches: records the counts (loaded per
-- batch given by the caller; rejected counted from rejected_row; duplicates
-- are what is left) and empties their staging rows.
CREATE FUNCTION hrlake._finish_batches(p_source text, p_batches bigint[], p_loaded jsonb)
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  EXECUTE format('DELETE FROM hrlake_stage.%I WHERE batch_id = ANY($1)', p_source)
    USING p_batches;
  RETURN QUERY
  UPDATE hrlake.batch b SET
    status = 'ingested',
    ingested_at = now(),
    rows_total = b.rows_staged + b.rows_rejected_at_load,
    rows_rejected = r.n,
    rows_loaded = coalesce((p_loaded ->> b.batch_id::text)::bigint, 0),
    rows_duplicate = b.rows_staged + b.rows_rejected_at_load - r.n
                     - coalesce((p_loaded ->> b.batch_id::text)::bigint, 0)
  FROM (SELECT x.batch_id, (SELECT count(*) FROM hrlake.rejected_row rr
                            WHERE rr.batch_id = x.batch_id) AS n
        FROM unnest(p_batches) AS x(batch_id)) r
  WHERE b.batch_id = r.batch_id
  RETURNING b.batch_id, b.rows_total, b.rows_loaded, b.rows_duplicate, b.rows_rejected;
END
$$;

-- hrlake.load(): server-side file -> staging (src/pg/load.cpp).
CREATE FUNCTION hrlake.load(source text, path text) RETURNS bigint
LANGUAGE c VOLATILE
AS 'MODULE_PATHNAME', 'hrlake_load';
COMMENT ON FUNCTION hrlake.load(text, text) IS
  'Loads a server-side file into hrlake_stage.<source>; returns the batch id. Bad rows go to hrlake.rejected_row. Needs pg_read_server_files; from a client use \copy into hrlake_stage.<source>';

-- hrlake.ingest(source): staged rows of one source -> silver. Each source
-- has its rules in hrlake._ingest_<source>(), which this dispatches to.
CREATE FUNCTION hrlake.ingest(source text)
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF source IS NULL OR to_regclass(format('hrlake_stage.%I', source)) IS NULL
     OR to_regprocedure(format('hrlake.%I()', '_ingest_' || source)) IS NULL THEN
    RAISE EXCEPTION 'unknown source "%"', source
      USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Known sources: employee, timeframe, leave_quota, leave_calendar, leave, vocabulary, marked_word, message.';
  END IF;
  -- One ingest of a source at a time; loads and copies may go on meanwhile.
  PERFORM pg_advisory_xact_lock(hashtext('hrlake.ingest'), hashtext(source));
  RETURN QUERY EXECUTE format('SELECT * FROM hrlake.%I()', '_ingest_' || source);
END
$$;
COMMENT ON FUNCTION hrlake.ingest(text) IS
  'Validates the staged batches of one source into its silver table (SPEC §2); returns per-batch counts';

-- Counts of one ingest, summed over its batches, as jsonb.
CREATE FUNCTION hrlake._ingest_counts(p_source text) RETURNS jsonb
LANGUAGE sql AS $$
  SELECT jsonb_build_object('batches', count(*), 'rows_total', coalesce(sum(rows_total), 0),
                            'rows_loaded', coalesce(sum(rows_loaded), 0),
                            'rows_duplicate', coalesce(sum(rows_duplicate), 0),
                            'rows_rejected', coalesce(sum(rows_rejected), 0))
  FROM hrlake.ingest(p_source)
$$;

SELECT pg_catalog.pg_extension_config_dump('hrlake.batch', '');
SELECT pg_catalog.pg_extension_config_dump('hrlake.rejected_row', '');

GRANT SELECT, INSERT, UPDATE ON hrlake.batch TO hrlake_loader;
GRANT SELECT, INSERT ON hrlake.rejected_row TO hrlake_loader;
GRANT SELECT ON hrlake.batch TO hrlake_analyst;  -- rejects hold raw salaries and messages
GRANT ALL ON hrlake.batch, hrlake.rejected_row TO hrlake_admin;
REVOKE ALL ON FUNCTION hrlake.load(text, text), hrlake.ingest(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hrlake.load(text, text), hrlake.ingest(text) TO hrlake_loader, hrlake_admin;
-- Employees (SPEC §2.2): append-only; exact duplicates dropped; the most
-- recently loaded (age, name) of an emp_id is the current one.

CREATE TABLE hrlake_stage.employee (
  emp_id    text,
  age       text,
  name      text,
  batch_id  bigint,
  line_no   bigint,
  raw       text,
  stage_id  bigint GENERATED BY DEFAULT AS IDENTITY
);
COMMENT ON TABLE hrlake_stage.employee IS
  'Landing table: \copy hrlake_stage.employee (emp_id, age, name) from ''file.csv'' csv header';

-- Employee ids are stored COLLATE "C" in every table: they are identifiers,
-- compared byte by byte, so B-tree compares need no strcoll and the
-- indexes cannot be invalidated by a C library collation update. Equality
-- is unchanged, and joins with default-collation text columns use "C".
CREATE TABLE hrlake.employee (
  emp_id     text COLLATE "C" NOT NULL,
  age        integer NOT NULL CHECK (age BETWEEN 1 AND 150),
  name       text NOT NULL CHECK (name <> ''),
  batch_id   bigint NOT NULL,
  line_no    bigint NOT NULL,
  loaded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (emp_id, age, name)
);
CREATE INDEX employee_current_idx ON hrlake.employee (emp_id, batch_id DESC, line_no DESC);
COMMENT ON TABLE hrlake.employee IS 'Every distinct (emp_id, age, name) ever loaded; only grows';

-- Why a staged employee row cannot be loaded, or NULL (src/core/employee_rules).
CREATE FUNCTION hrlake._employee_problem(emp_id text, age text, name text) RETURNS text
LANGUAGE c IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'hrlake_employee_problem';

CREATE FUNCTION hrlake._ingest_employee()
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

CREATE VIEW hrlake.v_employee_current AS
SELECT DISTINCT ON (e.emp_id) e.emp_id, e.name, e.age, e.loaded_at, e.batch_id
FROM hrlake.employee e
ORDER BY e.emp_id, e.batch_id DESC, e.line_no DESC;
COMMENT ON VIEW hrlake.v_employee_current IS 'One row per employee: the most recently loaded name and age';

INSERT INTO hrlake._job_step (job, step_order, step, statement) VALUES
  ('daily', 10, 'ingest employee', $$SELECT hrlake._ingest_counts('employee')$$);

SELECT pg_catalog.pg_extension_config_dump('hrlake.employee', '');
SELECT pg_catalog.pg_extension_config_dump('hrlake_stage.employee', '');

GRANT SELECT, INSERT ON hrlake_stage.employee TO hrlake_loader;
GRANT ALL ON hrlake_stage.employee, hrlake.employee TO hrlake_admin;
GRANT SELECT ON hrlake.v_employee_current TO hrlake_analyst, hrlake_admin;
-- Employee timeframe (SPEC §2.3): designation and salary history, SCD type 2.

CREATE TABLE hrlake_stage.timeframe (
  emp_id       text,
  designation  text,
  start_date   text,
  end_date     text,
  salary       text,
  batch_id     bigint,
  line_no      bigint,
  raw          text,
  stage_id     bigint GENERATED BY DEFAULT AS IDENTITY
);
COMMENT ON TABLE hrlake_stage.timeframe IS
  'Landing table: \copy hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary) from ''file.csv'' csv header';

CREATE TABLE hrlake.employee_timeframe (
  timeframe_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  emp_id          text COLLATE "C" NOT NULL,
  designation     text,
  start_date      date NOT NULL,
  end_date        date,
  salary          numeric CHECK (salary >= 0),
  status          text NOT NULL GENERATED ALWAYS AS
                    (CASE WHEN end_date IS NULL THEN 'ACTIVE' ELSE 'INACTIVE' END) STORED,
  end_date_given  boolean NOT NULL DEFAULT false,
  batch_id        bigint NOT NULL,
  line_no         bigint NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date IS NULL OR end_date >= start_date),
  CHECK (end_date IS NOT NULL OR NOT end_date_given),
  CONSTRAINT employee_timeframe_one_per_period UNIQUE NULLS NOT DISTINCT (emp_id, start_date, end_date)
);
-- At most one ACTIVE record per employee (SPEC §2.3).
CREATE UNIQUE INDEX employee_timeframe_one_active ON hrlake.employee_timeframe (emp_id)
  WHERE end_date IS NULL;
COMMENT ON TABLE hrlake.employee_timeframe IS
  'SCD type 2 history of designation and salary; status is ACTIVE exactly when end_date is NULL';
COMMENT ON COLUMN hrlake.employee_timeframe.end_date_given IS
  'true when end_date came from the data (or a 10th strike); false when the chain closed the record at the next start';

-- Gold: ACTIVE records per designation (SPEC §2.7), refreshed daily.
CREATE TABLE hrlake.active_by_designation (
  designation       text PRIMARY KEY,
  no_of_active_emp  bigint NOT NULL CHECK (no_of_active_emp >= 0),
  as_of             date NOT NULL,
  refreshed_at      timestamptz NOT NULL DEFAULT now()
);

-- The SCD2 merge (src/pg/scd2_merge.cpp, rules in src/core/timeframe_merge):
-- consumes every staged timeframe row and returns each change it made.
CREATE FUNCTION hrlake.scd2_merge()
RETURNS TABLE (action text, emp_id text, designation text, start_date date, end_date date,
               salary numeric, status text)
LANGUAGE c VOLATILE
AS 'MODULE_PATHNAME', 'hrlake_scd2_merge';
COMMENT ON FUNCTION hrlake.scd2_merge() IS
  'Merges all staged timeframe rows into employee_timeframe (SCD type 2, SPEC §2.3); returns the changes: INSERTED, CLOSED, UPDATED, DELETED';

-- The same merge, returning only how many changes it made: for the jobs,
-- which record counts (the changes themselves are in the table).
CREATE FUNCTION hrlake._scd2_merge_count() RETURNS bigint
LANGUAGE c VOLATILE
AS 'MODULE_PATHNAME', 'hrlake_scd2_merge_count';

-- hrlake.ingest('timeframe'): the merge, reported as batch counts (the
-- batches the merge finished in this transaction).
CREATE FUNCTION hrlake._ingest_timeframe()
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM hrlake._scd2_merge_count();
  RETURN QUERY SELECT b.batch_id, b.rows_total, b.rows_loaded, b.rows_duplicate, b.rows_rejected
  FROM hrlake.batch b
  WHERE b.source = 'timeframe' AND b.status = 'ingested' AND b.ingested_at = now()
  ORDER BY b.batch_id;
END
$$;

-- SPEC §2.7: ACTIVE records per designation, zero rows included (every
-- designation ever seen). Replaces the table's content.
CREATE FUNCTION hrlake.refresh_active_by_designation(as_of date DEFAULT hrlake.utc_today())
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_rows bigint;
BEGIN
  DELETE FROM hrlake.active_by_designation;
  INSERT INTO hrlake.active_by_designation (designation, no_of_active_emp, as_of)
  SELECT d.designation, count(t.emp_id), as_of
  FROM (SELECT DISTINCT designation FROM hrlake.employee_timeframe
        WHERE designation IS NOT NULL) d
  LEFT JOIN hrlake.employee_timeframe t
    ON t.designation = d.designation AND t.end_date IS NULL
  GROUP BY d.designation;
  GET DIAGNOSTICS v_rows = ROW_COUNT;
  RETURN v_rows;
END
$$;

INSERT INTO hrlake._job_step (job, step_order, step, statement) VALUES
  ('daily', 20, 'ingest timeframe', $$SELECT hrlake._ingest_counts('timeframe')$$),
  ('daily', 60, 'report active_by_designation',
   $$SELECT to_jsonb(hrlake.refresh_active_by_designation($1))$$);

SELECT pg_catalog.pg_extension_config_dump('hrlake_stage.timeframe', '');
SELECT pg_catalog.pg_extension_config_dump('hrlake.employee_timeframe', '');
SELECT pg_catalog.pg_extension_config_dump('hrlake.active_by_designation', '');

GRANT SELECT, INSERT ON hrlake_stage.timeframe TO hrlake_loader;
GRANT EXECUTE ON FUNCTION hrlake.scd2_merge() TO hrlake_admin;
GRANT ALL ON hrlake_stage.timeframe, hrlake.employee_timeframe, hrlake.active_by_designation
  TO hrlake_admin;

CREATE VIEW hrlake.v_active_by_designation AS
SELECT designation, no_of_active_emp, as_of, refreshed_at
FROM hrlake.active_by_designation;
COMMENT ON VIEW hrlake.v_active_by_designation IS
  'ACTIVE employees per designation, zero rows included (SPEC §2.7)';
GRANT SELECT ON hrlake.v_active_by_designation TO hrlake_analyst, hrlake_admin;
-- Leave quota, holiday calendar and leave applications (SPEC §2.4), and the
-- gold tables of the two leave reports (SPEC §2.5, §2.6).

CREATE TABLE hrlake_stage.leave_quota (
  emp_id       text,
  leave_quota  text,
  year         text,
  batch_id     bigint,
  line_no      bigint,
  raw          text,
  stage_id     bigint GENERATED BY DEFAULT AS IDENTITY
);
CREATE TABLE hrlake_stage.leave_calendar (
  reason    text,
  date      text,
  batch_id  bigint,
  line_no   bigint,
  raw       text,
  stage_id  bigint GENERATED BY DEFAULT AS IDENTITY
);
CREATE TABLE hrlake_stage.leave (
  emp_id    text,
  date      text,
  status    text,
  batch_id  bigint,
  line_no   bigint,
  raw       text,
  stage_id  bigint GENERATED BY DEFAULT AS IDENTITY
);

CREATE TABLE hrlake.leave_quota (
  emp_id       text COLLATE "C" NOT NULL,
  year         integer NOT NULL CHECK (year BETWEEN 1900 AND 2999),
  leave_quota  integer NOT NULL CHECK (leave_quota >= 0),
  batch_id     bigint NOT NULL,
  line_no      bigint NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (emp_id, year)
);
CREATE TABLE hrlake.leave_calendar (
  date        date PRIMARY KEY,
  reason      text,
  batch_id    bigint NOT NULL,
  line_no     bigint NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE hrlake.employee_leave (
  emp_id      text COLLATE "C" NOT NULL,
  date        date NOT NULL,
  status      text NOT NULL CHECK (status IN ('ACTIVE', 'CANCELLED')),
  batch_id    bigint NOT NULL,
  line_no     bigint NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (emp_id, date)
);

-- Gold: employees whose upcoming leaves exceed 8% of the working days left
-- in the year; replaced by each daily run.
CREATE TABLE hrlake.leave_8pct (
  emp_id           text COLLATE "C" PRIMARY KEY,
  upcoming_leaves  integer NOT NULL,
  working_days     integer NOT NULL,
  as_of            date NOT NULL
);
-- Gold: one notice per employee and period (the month before the run).
CREATE TABLE hrlake.leave_80pct_notice (
  emp_id        text COLLATE "C" NOT NULL,
  period        date NOT NULL CHECK (extract(day FROM period) = 1),
  year          integer NOT NULL,
  availed       integer NOT NULL,
  quota         integer NOT NULL CHECK (quota > 0),
  usage_pct     numeric(6,2) NOT NULL,
  report        text NOT NULL,
  generated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (emp_id, period)
);

SELECT pg_catalog.pg_extension_config_dump('hrlake_stage.leave_quota', '');
SELECT pg_catalog.pg_extension_config_dump('hrlake_stage.leave_calendar', '');
SELECT pg_catalog.pg_extension_config_dump('hrlake_stage.leave', '');
SELECT pg_catalog.pg_extension_config_dump('hrlake.leave_quota', '');
SELECT pg_catalog.pg_extension_config_dump('hrlake.leave_calendar', '');
SELECT pg_catalog.pg_extension_config_dump('hrlake.employee_leave', '');
SELECT pg_catalog.pg_extension_config_dump('hrlake.leave_8pct', '');
SELECT pg_catalog.pg_extension_config_dump('hrlake.leave_80pct_notice', '');

GRANT SELECT, INSERT ON hrlake_stage.leave_quota, hrlake_stage.leave_calendar, hrlake_stage.leave
  TO hrlake_loader;
GRANT ALL ON hrlake_stage.leave_quota, hrlake_stage.leave_calendar, hrlake_stage.leave,
  hrlake.leave_quota, hrlake.leave_calendar, hrlake.employee_leave, hrlake.leave_8pct,
  hrlake.leave_80pct_notice TO hrlake_admin;

CREATE VIEW hrlake.v_leave_8pct AS
SELECT emp_id, upcoming_leaves, working_days, as_of FROM hrlake.leave_8pct;
COMMENT ON VIEW hrlake.v_leave_8pct IS
  'Employees whose upcoming leaves exceed 8% of the working days left this year (SPEC §2.5)';

CREATE VIEW hrlake.v_leave_80pct AS
SELECT emp_id, period, year, availed, quota, usage_pct, report, generated_at
FROM hrlake.leave_80pct_notice;
COMMENT ON VIEW hrlake.v_leave_80pct IS
  'Notices to managers: employees who used over 80% of their leave quota (SPEC §2.6)';

GRANT SELECT ON hrlake.v_leave_8pct, hrlake.v_leave_80pct TO hrlake_analyst, hrlake_admin;
-- Ingest of leave quota, holiday calendar and leave applications (SPEC §2.4).
-- Batches are applied oldest first; within the set being ingested the
-- latest batch (then the latest line) decides, as a later file would.

CREATE FUNCTION hrlake._leave_quota_problem(emp_id text, leave_quota text, year text) RETURNS text
LANGUAGE c IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'hrlake_leave_quota_problem';
CREATE FUNCTION hrlake._leave_calendar_problem(reason text, date text) RETURNS text
LANGUAGE c IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'hrlake_leave_calendar_problem';
CREATE FUNCTION hrlake._leave_problem(emp_id text, date text, status text) RETURNS text
LANGUAGE c IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'hrlake_leave_problem';
CREATE FUNCTION hrlake._parse_date(value text) RETURNS date
LANGUAGE c IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'hrlake_parse_date';

-- ACTIVE leave days per employee and year, as a 366-bit map (bit = day of
-- the year): what the reports read (src/pg/leave_reports.cpp). Kept in
-- step with employee_leave by the leave ingest.
CREATE TABLE hrlake.leave_days (
  emp_id  text COLLATE "C" NOT NULL,
  year    integer NOT NULL,
  days    bytea NOT NULL,
  PRIMARY KEY (year, emp_id)
);
COMMENT ON TABLE hrlake.leave_days IS
  'Derived from employee_leave: ACTIVE leave days per employee and year as a bitmap (day of year)';

CREATE FUNCTION hrlake._year_days(dates date[]) RETURNS bytea
LANGUAGE c IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'hrlake_year_days';

-- Recomputes leave_days for some (emp_id, year) pairs, or all when NULL.
CREATE FUNCTION hrlake._refresh_leave_days(p_emp_ids text[], p_years integer[])
RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_rows bigint;
BEGIN
  IF p_emp_ids IS NULL THEN
    TRUNCATE hrlake.leave_days;
    INSERT INTO hrlake.leave_days (emp_id, year, days)
    SELECT l.emp_id, extract(year FROM l.date)::integer, hrlake._year_days(array_agg(l.date))
    FROM hrlake.employee_leave l WHERE l.status = 'ACTIVE'
    GROUP BY 1, 2;
  ELSE
    INSERT INTO hrlake.leave_days AS d (emp_id, year, days)
    SELECT t.emp_id, t.year,
           hrlake._year_days(coalesce(array_agg(l.date) FILTER (WHERE l.status = 'ACTIVE'), '{}'))
    FROM unnest(p_emp_ids, p_years) AS t(emp_id, year)
    LEFT JOIN hrlake.employee_leave l
      ON l.emp_id = t.emp_id AND l.date >= make_date(t.year, 1, 1) AND l.date < make_date(t.year + 1, 1, 1)
    GROUP BY t.emp_id, t.year
    ON CONFLICT (year, emp_id) DO UPDATE SET days = EXCLUDED.days;
  END IF;
  GET DIAGNOSTICS v_rows = ROW_COUNT;
  RETURN v_rows;
END
$$;

-- Quota: one row per (emp_id, year). In one batch the highest quota wins;
-- a later batch replaces an earlier value. A row that changes nothing is a
-- duplicate.
CREATE FUNCTION hrlake._ingest_leave_quota()
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_batches bigint[] := hrlake._claim_staged('leave_quota');
  v_loaded jsonb;
BEGIN
  IF cardinality(v_batches) = 0 THEN
    RETURN;
  END IF;
  WITH checked AS (
    SELECT s.batch_id, s.line_no,
           coalesce(s.raw, hrlake._csv_line(s.emp_id, s.leave_quota, s.year)) AS raw,
           hrlake._clean(s.emp_id) AS emp_id, hrlake._clean(s.leave_quota) AS leave_quota,
           hrlake._clean(s.year) AS year,
           hrlake._leave_quota_problem(s.emp_id, s.leave_quota, s.year) AS problem
    FROM hrlake_stage.leave_quota s WHERE s.batch_id = ANY (v_batches)
  ), rejected AS (
    INSERT INTO hrlake.rejected_row (batch_id, source, line_no, raw, reason, stage)
    SELECT c.batch_id, 'leave_quota', c.line_no, c.raw, c.problem, 'ingest'
    FROM checked c WHERE c.problem IS NOT NULL
  ), winner AS (
    SELECT DISTINCT ON (c.emp_id, c.year::integer)
           c.emp_id, c.year::integer AS year, c.leave_quota::integer AS leave_quota,
           c.batch_id, c.line_no
    FROM checked c WHERE c.problem IS NULL
    ORDER BY c.emp_id, c.year::integer, c.batch_id DESC, c.leave_quota::integer DESC, c.line_no DESC
  ), upserted AS (
    INSERT INTO hrlake.leave_quota AS q (emp_id, year, leave_quota, batch_id, line_no)
    SELECT w.emp_id, w.year, w.leave_quota, w.batch_id, w.line_no FROM winner w
    ON CONFLICT (emp_id, year) DO UPDATE
      SET leave_quota = EXCLUDED.leave_quota, batch_id = EXCLUDED.batch_id,
          line_no = EXCLUDED.line_no, updated_at = now()
      WHERE q.leave_quota IS DISTINCT FROM EXCLUDED.leave_quota
    RETURNING q.batch_id
  )
  SELECT coalesce(jsonb_object_agg(u.batch_id, u.n), '{}') INTO v_loaded
  FROM (SELECT upserted.batch_id, count(*) AS n FROM upserted GROUP BY 1) u;
  RETURN QUERY SELECT * FROM hrlake._finish_batches('leave_quota', v_batches, v_loaded);
END
$$;

-- Calendar: one row per date; the latest row for a date sets its reason.
CREATE FUNCTION hrlake._ingest_leave_calendar()
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_batches bigint[] := hrlake._claim_staged('leave_calendar');
  v_loaded jsonb;
BEGIN
  IF cardinality(v_batches) = 0 THEN
    RETURN;
  END IF;
  WITH checked AS (
    SELECT s.batch_id, s.line_no,
           coalesce(s.raw, hrlake._csv_line(s.reason, s.date)) AS raw,
           hrlake._clean(s.reason) AS reason, hrlake._parse_date(s.date) AS date,
           hrlake._leave_calendar_problem(s.reason, s.date) AS problem
    FROM hrlake_stage.leave_calendar s WHERE s.batch_id = ANY (v_batches)
  ), rejected AS (
    INSERT INTO hrlake.rejected_row (batch_id, source, line_no, raw, reason, stage)
    SELECT c.batch_id, 'leave_calendar', c.line_no, c.raw, c.problem, 'ingest'
    FROM checked c WHERE c.problem IS NOT NULL
  ), winner AS (
    SELECT DISTINCT ON (c.date) c.date, c.reason, c.batch_id, c.line_no
    FROM checked c WHERE c.problem IS NULL
    ORDER BY c.date, c.batch_id DESC, c.line_no DESC
  ), upserted AS (
    INSERT INTO hrlake.leave_calendar AS h (date, reason, batch_id, line_no)
    SELECT w.date, w.reason, w.batch_id, w.line_no FROM winner w
    ON CONFLICT (date) DO UPDATE
      SET reason = EXCLUDED.reason, batch_id = EXCLUDED.batch_id,
          line_no = EXCLUDED.line_no, updated_at = now()
      WHERE h.reason IS DISTINCT FROM EXCLUDED.reason
    RETURNING h.batch_id
  )
  SELECT coalesce(jsonb_object_agg(u.batch_id, u.n), '{}') INTO v_loaded
  FROM (SELECT upserted.batch_id, count(*) AS n FROM upserted GROUP BY 1) u;
  RETURN QUERY SELECT * FROM hrlake._finish_batches('leave_calendar', v_batches, v_loaded);
END
$$;

-- Leaves: one row per (emp_id, date); the latest event decides (a
-- cancellation after an application cancels it, a re-application after a
-- cancellation restores it). An event that changes nothing is a duplicate.
CREATE FUNCTION hrlake._ingest_leave()
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_batches bigint[] := hrlake._claim_staged('leave');
  v_loaded jsonb;
BEGIN
  IF cardinality(v_batches) = 0 THEN
    RETURN;
  END IF;
  WITH checked AS (
    SELECT s.batch_id, s.line_no,
           coalesce(s.raw, hrlake._csv_line(s.emp_id, s.date, s.status)) AS raw,
           hrlake._clean(s.emp_id) AS emp_id, hrlake._parse_date(s.date) AS date,
           upper(hrlake._clean(s.status)) AS status,
           hrlake._leave_problem(s.emp_id, s.date, s.status) AS problem
    FROM hrlake_stage.leave s WHERE s.batch_id = ANY (v_batches)
  ), rejected AS (
    INSERT INTO hrlake.rejected_row (batch_id, source, line_no, raw, reason, stage)
    SELECT c.batch_id, 'leave', c.line_no, c.raw, c.problem, 'ingest'
    FROM checked c WHERE c.problem IS NOT NULL
  ), latest AS (
    SELECT DISTINCT ON (c.emp_id, c.date) c.emp_id, c.date, c.status, c.batch_id, c.line_no
    FROM checked c WHERE c.problem IS NULL
    ORDER BY c.emp_id, c.date, c.batch_id DESC, c.line_no DESC
  ), upserted AS (
    INSERT INTO hrlake.employee_leave AS l (emp_id, date, status, batch_id, line_no)
    SELECT x.emp_id, x.date, x.status, x.batch_id, x.line_no FROM latest x
    ON CONFLICT (emp_id, date) DO UPDATE
      SET status = EXCLUDED.status, batch_id = EXCLUDED.batch_id,
          line_no = EXCLUDED.line_no, updated_at = now()
      WHERE l.status IS DISTINCT FROM EXCLUDED.status
    RETURNING l.batch_id
  )
  SELECT coalesce(jsonb_object_agg(u.batch_id, u.n), '{}') INTO v_loaded
  FROM (SELECT upserted.batch_id, count(*) AS n FROM upserted GROUP BY 1) u;

  -- Keep the reports' bitmaps in step for every (employee, year) touched.
  PERFORM hrlake._refresh_leave_days(array_agg(t.emp_id), array_agg(t.year))
  FROM (SELECT DISTINCT hrlake._clean(s.emp_id) AS emp_id,
               extract(year FROM hrlake._parse_date(s.date))::integer AS year
        FROM hrlake_stage.leave s
        WHERE s.batch_id = ANY (v_batches) AND hrlake._leave_problem(s.emp_id, s.date, s.status) IS NULL) t;

  RETURN QUERY SELECT * FROM hrlake._finish_batches('leave', v_batches, v_loaded);
END
$$;

SELECT pg_catalog.pg_extension_config_dump('hrlake.leave_days', '');
GRANT ALL ON hrlake.leave_days TO hrlake_admin;

INSERT INTO hrlake._job_step (job, step_order, step, statement) VALUES
  ('daily', 30, 'ingest leave_quota', $$SELECT hrlake._ingest_counts('leave_quota')$$),
  ('daily', 31, 'ingest leave_calendar', $$SELECT hrlake._ingest_counts('leave_calendar')$$),
  ('daily', 40, 'ingest leave', $$SELECT hrlake._ingest_counts('leave')$$);
-- The leave reports (SPEC §2.5-2.7): read-only report functions in C++
-- (src/pg/leave_reports.cpp) and the steps that store their results.

CREATE FUNCTION hrlake.leave_8pct_report(as_of date DEFAULT hrlake.utc_today())
RETURNS TABLE (emp_id text, upcoming_leaves integer, working_days integer)
LANGUAGE c STABLE AS 'MODULE_PATHNAME', 'hrlake_leave_8pct_report';
COMMENT ON FUNCTION hrlake.leave_8pct_report(date) IS
  'Employees whose ACTIVE leaves on working days after as_of, to the end of its year, exceed 8% of those working days (SPEC §2.5)';

CREATE FUNCTION hrlake.leave_80pct_report(as_of date DEFAULT hrlake.utc_today())
RETURNS TABLE (emp_id text, year integer, availed integer, quota integer, usage_pct numeric,
               report text)
LANGUAGE c STABLE AS 'MODULE_PATHNAME', 'hrlake_leave_80pct_report';
COMMENT ON FUNCTION hrlake.leave_80pct_report(date) IS
  'Preview, without side effects, of the 80% quota notices for the month before as_of (SPEC §2.6)';

-- Daily: replaces leave_8pct with the report for as_of (in the caller's
-- transaction, so readers see the old or the new table, never half).
CREATE FUNCTION hrlake.refresh_leave_8pct(as_of date DEFAULT hrlake.utc_today())
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_rows bigint;
BEGIN
  DELETE FROM hrlake.leave_8pct;
  INSERT INTO hrlake.leave_8pct (emp_id, upcoming_leaves, working_days, as_of)
  SELECT r.emp_id, r.upcoming_leaves, r.working_days, as_of FROM hrlake.leave_8pct_report(as_of) r;
  GET DIAGNOSTICS v_rows = ROW_COUNT;
  RETURN v_rows;
END
$$;

-- Monthly: stores one notice per (emp_id, period); a notice that exists
-- is never written again, whatever happens to the run. Returns the number
-- of new notices.
CREATE FUNCTION hrlake.generate_80pct_notices(as_of date DEFAULT hrlake.utc_today())
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_rows bigint;
  v_period date := (date_trunc('month', as_of) - interval '1 month')::date;
BEGIN
  INSERT INTO hrlake.leave_80pct_notice (emp_id, period, year, availed, quota, usage_pct, report)
  SELECT r.emp_id, v_period, r.year, r.availed, r.quota, r.usage_pct, r.report
  FROM hrlake.leave_80pct_report(as_of) r
  ON CONFLICT (emp_id, period) DO NOTHING;
  GET DIAGNOSTICS v_rows = ROW_COUNT;
  RETURN v_rows;
END
$$;

CREATE FUNCTION hrlake._write_text_files(directory text, names text[], contents text[]) RETURNS bigint
LANGUAGE c STRICT AS 'MODULE_PATHNAME', 'hrlake_write_text_files';

-- Writes a period's notices as one text file per employee,
-- <directory>/<emp_id>.txt, on the database server. Only for roles
-- trusted with server files. From a client, see README (psql recipe).
CREATE FUNCTION hrlake.export_80pct_notices(period date, directory text) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT pg_has_role(current_user, 'pg_write_server_files', 'MEMBER') THEN
    RAISE EXCEPTION 'permission denied to write server files'
      USING ERRCODE = 'insufficient_privilege',
            HINT = 'Only superusers and members of pg_write_server_files may export to the server; '
                   'from a client, use the psql recipe in the README.';
  END IF;
  RETURN hrlake._write_text_files(directory,
    ARRAY(SELECT n.emp_id || '.txt' FROM hrlake.leave_80pct_notice n
          WHERE n.period = date_trunc('month', export_80pct_notices.period)::date ORDER BY n.emp_id),
    ARRAY(SELECT n.report FROM hrlake.leave_80pct_notice n
          WHERE n.period = date_trunc('month', export_80pct_notices.period)::date ORDER BY n.emp_id));
END
$$;
COMMENT ON FUNCTION hrlake.export_80pct_notices(date, text) IS
  'Writes the notices of a period as <directory>/<emp_id>.txt on the server (needs pg_write_server_files)';

INSERT INTO hrlake._job_step (job, step_order, step, statement) VALUES
  ('daily', 50, 'report leave_8pct', $$SELECT to_jsonb(hrlake.refresh_leave_8pct($1))$$),
  ('monthly', 10, 'report leave_80pct', $$SELECT to_jsonb(hrlake.generate_80pct_notices($1))$$);

-- Employees with leaves in a year but no quota for it are not reported by
-- the 80% report; they are listed here.
CREATE VIEW hrlake.v_leave_without_quota AS
SELECT d.emp_id, d.year
FROM hrlake.leave_days d
WHERE d.days <> hrlake._year_days('{}')
  AND NOT EXISTS (SELECT FROM hrlake.leave_quota q WHERE q.emp_id = d.emp_id AND q.year = d.year);

GRANT SELECT ON hrlake.v_leave_without_quota TO hrlake_analyst, hrlake_admin;
-- Messages, vocabulary and reserved (marked) words (SPEC §2.8).

CREATE TABLE hrlake_stage.vocabulary (
  word      text,
  batch_id  bigint,
  line_no   bigint,
  raw       text,
  stage_id  bigint GENERATED BY DEFAULT AS IDENTITY
);
CREATE TABLE hrlake_stage.marked_word (
  word      text,
  batch_id  bigint,
  line_no   bigint,
  raw       text,
  stage_id  bigint GENERATED BY DEFAULT AS IDENTITY
);
CREATE TABLE hrlake_stage.message (
  key        text,
  sender     text,
  receiver   text,
  message    text,
  timestamp  text,
  batch_id   bigint,
  line_no    bigint,
  raw        text,
  stage_id   bigint GENERATED BY DEFAULT AS IDENTITY
);

CREATE TABLE hrlake.vocabulary (
  word      text PRIMARY KEY,
  batch_id  bigint NOT NULL,
  added_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE hrlake.marked_word (
  word      text PRIMARY KEY,
  batch_id  bigint,
  added_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX marked_word_upper ON hrlake.marked_word (upper(word));

-- The version of the marked-word list (the matcher recompiles when it
-- moves) and how far flag_messages has read. One row, created on first use
-- (so that a restored dump does not collide with a row the script made).
CREATE TABLE hrlake._matcher_state (
  only_row     boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  version      bigint NOT NULL DEFAULT 1,
  -- flag_messages has read every message up to this msg_id.
  scanned_msg  bigint NOT NULL DEFAULT 0
);


-- The scan position only moves forward: moving it back would flag messages
-- a second time.
CREATE FUNCTION hrlake._position_moves_forward() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NEW.scanned_msg < OLD.scanned_msg THEN
    RAISE EXCEPTION 'the message scan position cannot move back (from % to %)', OLD.scanned_msg, NEW.scanned_msg
      USING ERRCODE = 'check_violation',
            HINT = 'Messages up to the position were flagged already; moving it back would flag them again.';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER position_moves_forward BEFORE UPDATE OF scanned_msg ON hrlake._matcher_state
  FOR EACH ROW EXECUTE FUNCTION hrlake._position_moves_forward();

CREATE FUNCTION hrlake._bump_marked_word_version() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  INSERT INTO hrlake._matcher_state AS m (version) VALUES (2)
  ON CONFLICT (only_row) DO UPDATE SET version = m.version + 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER marked_word_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON hrlake.marked_word FOR EACH STATEMENT EXECUTE FUNCTION hrlake._bump_marked_word_version();
CREATE TABLE hrlake.message (
  msg_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key          text UNIQUE,
  sender       text COLLATE "C" NOT NULL,
  receiver     text COLLATE "C" NOT NULL,
  message      text NOT NULL,
  sent_at      timestamptz NOT NULL DEFAULT now(),
  received_at  timestamptz NOT NULL DEFAULT now(),
  batch_id     bigint
);
-- Writers of messages hold this lock (shared) until they commit, so that
-- flag_messages can wait for them before it fixes how far it reads (see
-- 59_flag_messages.sql).
CREATE FUNCTION hrlake._message_writer_lock() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('hrlake.message'), 0);
  RETURN NULL;
END
$$;
CREATE TRIGGER message_writers BEFORE INSERT ON hrlake.message
  FOR EACH STATEMENT EXECUTE FUNCTION hrlake._message_writer_lock();
COMMENT ON COLUMN hrlake.message.sent_at IS 'The message''s own timestamp; its arrival time when it had none';
-- An append-only log written only by flag_messages, in bulk (BulkInsert).
-- It has no index, on purpose: an index entry per flagged message cost
-- more than finding the message (measured on 6.5M flagged rows: +4 s with a
-- primary key, +1.3 s with BRIN, against 7.5 s for the whole call). Each
-- message is flagged at most once by construction: a call writes only
-- msg_ids above the scan position it holds locked and then advances, and
-- the position never moves back (trigger below). No foreign key to message
-- either, for the same reason. An index added here is maintained like any
-- other.
CREATE TABLE hrlake.flagged_message (
  msg_id         bigint NOT NULL,
  sender         text COLLATE "C" NOT NULL,
  receiver       text COLLATE "C" NOT NULL,
  matched_words  text[] NOT NULL CHECK (cardinality(matched_words) > 0),
  flagged_at     timestamptz NOT NULL DEFAULT now(),
  strikes        integer CHECK (strikes BETWEEN 1 AND 10)
);
COMMENT ON COLUMN hrlake.flagged_message.strikes IS
  'The sender''s strikes after this message; NULL when it added none (the sender was already at 10)';

SELECT pg_catalog.pg_extension_config_dump('hrlake_stage.vocabulary', '');
SELECT pg_catalog.pg_extension_config_dump('hrlake_stage.marked_word', '');
SELECT pg_catalog.pg_extension_config_dump('hrlake_stage.message', '');
SELECT pg_catalog.pg_extension_config_dump('hrlake.vocabulary', '');
SELECT pg_catalog.pg_extension_config_dump('hrlake.marked_word', '');
SELECT pg_catalog.pg_extension_config_dump('hrlake.message', '');
SELECT pg_catalog.pg_extension_config_dump('hrlake.flagged_message', '');
SELECT pg_catalog.pg_extension_config_dump('hrlake._matcher_state', '');

GRANT SELECT, INSERT ON hrlake_stage.vocabulary, hrlake_stage.marked_word, hrlake_stage.message
  TO hrlake_loader;
GRANT INSERT ON hrlake.message TO hrlake_loader;
GRANT ALL ON hrlake_stage.vocabulary, hrlake_stage.marked_word, hrlake_stage.message,
  hrlake.vocabulary, hrlake.marked_word, hrlake.message, hrlake.flagged_message TO hrlake_admin;

CREATE VIEW hrlake.v_flagged_messages AS
SELECT f.msg_id, f.sender, f.receiver, f.matched_words, m.sent_at, f.flagged_at, m.message
FROM hrlake.flagged_message f JOIN hrlake.message m USING (msg_id);
COMMENT ON VIEW hrlake.v_flagged_messages IS 'Messages that contained a marked word, with the words';

CREATE VIEW hrlake.v_message_activity AS
SELECT emp_id, sum(sent)::bigint AS flagged_sent, sum(received)::bigint AS flagged_received
FROM (SELECT sender AS emp_id, 1 AS sent, 0 AS received FROM hrlake.flagged_message
      UNION ALL
      SELECT receiver, 0, 1 FROM hrlake.flagged_message) t
GROUP BY emp_id;
COMMENT ON VIEW hrlake.v_message_activity IS 'Flagged messages sent and received per employee';

-- Analysts see who and how often, never the text or salaries.
GRANT SELECT (msg_id, sender, receiver, matched_words, sent_at, flagged_at)
  ON hrlake.v_flagged_messages TO hrlake_analyst;
GRANT SELECT ON hrlake.v_message_activity TO hrlake_analyst;
GRANT SELECT ON hrlake.v_flagged_messages, hrlake.v_message_activity TO hrlake_admin;
-- Ingest of the word lists and of staged messages (SPEC §2.8). Messages may
-- also be INSERTed straight into hrlake.message; both paths end there.

CREATE FUNCTION hrlake._message_problem(sender text, receiver text, message text, ts text)
RETURNS text
LANGUAGE c IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'hrlake_message_problem';
CREATE FUNCTION hrlake._parse_message_time(value text) RETURNS timestamptz
LANGUAGE c IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'hrlake_parse_message_time';

-- Why a word cannot be a vocabulary or marked word, or NULL (the
-- matcher's own rule, so a marked word that passes can always be matched).
CREATE FUNCTION hrlake._word_problem(word text) RETURNS text
LANGUAGE c IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'hrlake_word_problem';

-- Shared by vocabulary and marked_word: adds the new words (a list is
-- cumulative; a word already there is a duplicate, in any letter case for
-- marked words).
CREATE FUNCTION hrlake._ingest_words(p_source text)
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_batches bigint[] := hrlake._claim_staged(p_source);
  v_loaded jsonb;
BEGIN
  IF cardinality(v_batches) = 0 THEN
    RETURN;
  END IF;
  CREATE TEMP TABLE _words ON COMMIT DROP AS
  SELECT s.batch_id, s.line_no, coalesce(s.raw, s.word) AS raw, hrlake._clean(s.word) AS word,
         hrlake._word_problem(s.word) AS problem
  FROM hrlake_stage.vocabulary s WHERE p_source = 'vocabulary' AND s.batch_id = ANY (v_batches)
  UNION ALL
  SELECT s.batch_id, s.line_no, coalesce(s.raw, s.word), hrlake._clean(s.word),
         hrlake._word_problem(s.word)
  FROM hrlake_stage.marked_word s WHERE p_source = 'marked_word' AND s.batch_id = ANY (v_batches);

  INSERT INTO hrlake.rejected_row (batch_id, source, line_no, raw, reason, stage)
  SELECT w.batch_id, p_source, w.line_no, coalesce(w.raw, ''), w.problem, 'ingest'
  FROM _words w WHERE w.problem IS NOT NULL;

  IF p_source = 'vocabulary' THEN
    WITH ins AS (
      INSERT INTO hrlake.vocabulary (word, batch_id)
      SELECT DISTINCT ON (w.word) w.word, w.batch_id FROM _words w WHERE w.problem IS NULL
      ORDER BY w.word, w.batch_id, w.line_no
      ON CONFLICT DO NOTHING RETURNING hrlake.vocabulary.batch_id)
    SELECT coalesce(jsonb_object_agg(i.batch_id, i.n), '{}') INTO v_loaded
    FROM (SELECT ins.batch_id, count(*) AS n FROM ins GROUP BY 1) i;
  ELSE
    WITH ins AS (
      INSERT INTO hrlake.marked_word (word, batch_id)
      SELECT DISTINCT ON (upper(w.word)) w.word, w.batch_id FROM _words w WHERE w.problem IS NULL
      ORDER BY upper(w.word), w.batch_id, w.line_no
      ON CONFLICT DO NOTHING RETURNING hrlake.marked_word.batch_id)
    SELECT coalesce(jsonb_object_agg(i.batch_id, i.n), '{}') INTO v_loaded
    FROM (SELECT ins.batch_id, count(*) AS n FROM ins GROUP BY 1) i;
  END IF;
  DROP TABLE _words;
  RETURN QUERY SELECT * FROM hrlake._finish_batches(p_source, v_batches, v_loaded);
END
$$;

CREATE FUNCTION hrlake._ingest_vocabulary()
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE sql BEGIN ATOMIC SELECT * FROM hrlake._ingest_words('vocabulary'); END;

CREATE FUNCTION hrlake._ingest_marked_word()
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE sql BEGIN ATOMIC SELECT * FROM hrlake._ingest_words('marked_word'); END;

-- Messages: a delivery whose key was seen before is a duplicate
-- (at-least-once upstream, exactly-once here).
CREATE FUNCTION hrlake._ingest_message()
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_batches bigint[] := hrlake._claim_staged('message');
  v_loaded jsonb;
BEGIN
  IF cardinality(v_batches) = 0 THEN
    RETURN;
  END IF;
  WITH checked AS (
    SELECT s.batch_id, s.line_no,
           coalesce(s.raw, json_build_object('key', s.key, 'sender', s.sender, 'receiver', s.receiver,
                                             'message', s.message, 'timestamp', s.timestamp)::text) AS raw,
           hrlake._clean(s.key) AS key, hrlake._clean(s.sender) AS sender,
           hrlake._clean(s.receiver) AS receiver, s.message,
           coalesce(hrlake._parse_message_time(s.timestamp), now()) AS sent_at,
           hrlake._message_problem(s.sender, s.receiver, s.message, s.timestamp) AS problem
    FROM hrlake_stage.message s WHERE s.batch_id = ANY (v_batches)
  ), rejected AS (
    INSERT INTO hrlake.rejected_row (batch_id, source, line_no, raw, reason, stage)
    SELECT c.batch_id, 'message', c.line_no, c.raw, c.problem, 'ingest'
    FROM checked c WHERE c.problem IS NOT NULL
  ), inserted AS (
    INSERT INTO hrlake.message (key, sender, receiver, message, sent_at, batch_id)
    SELECT c.key, c.sender, c.receiver, c.message, c.sent_at, c.batch_id
    FROM (SELECT DISTINCT ON (coalesce(c.key, c.batch_id || ':' || c.line_no)) c.*
          FROM checked c WHERE c.problem IS NULL
          ORDER BY coalesce(c.key, c.batch_id || ':' || c.line_no), c.batch_id, c.line_no) c
    ORDER BY c.batch_id, c.line_no
    ON CONFLICT (key) DO NOTHING
    RETURNING hrlake.message.batch_id
  )
  SELECT coalesce(jsonb_object_agg(i.batch_id, i.n), '{}') INTO v_loaded
  FROM (SELECT inserted.batch_id, count(*) AS n FROM inserted GROUP BY 1) i;
  RETURN QUERY SELECT * FROM hrlake._finish_batches('message', v_batches, v_loaded);
END
$$;

INSERT INTO hrlake._job_step (job, step_order, step, statement) VALUES
  ('stream', 10, 'ingest vocabulary', $$SELECT hrlake._ingest_counts('vocabulary')$$),
  ('stream', 11, 'ingest marked_word', $$SELECT hrlake._ingest_counts('marked_word')$$),
  ('stream', 20, 'ingest message', $$SELECT hrlake._ingest_counts('message')$$);
-- Strikes, salary levels, the 10-strike deactivation and the monthly
-- cooldown (SPEC §2.8).

CREATE TABLE hrlake.employee_strike (
  emp_id          text COLLATE "C" PRIMARY KEY,
  no_of_strikes   integer NOT NULL DEFAULT 0 CHECK (no_of_strikes BETWEEN 0 AND 10),
  deactivated_on  date,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((no_of_strikes = 10) = (deactivated_on IS NOT NULL))
);
COMMENT ON TABLE hrlake.employee_strike IS
  'Current strikes per employee; at 10 the employee is deactivated and nothing changes them again';

-- Cooldowns per employee and month. A strike is a flagged message with
-- its strike count (flagged_message.strikes), so it is not stored twice.
CREATE TABLE hrlake.cooldown_event (
  emp_id          text COLLATE "C" NOT NULL,
  period          date NOT NULL CHECK (extract(day FROM period) = 1),
  strikes_before  integer NOT NULL CHECK (strikes_before BETWEEN 1 AND 9),
  strikes_after   integer NOT NULL CHECK (strikes_after = strikes_before - 1),
  at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (emp_id, period)
);

-- Every change of an employee's strikes: each strike with its message, each
-- cooldown with its month.
CREATE VIEW hrlake.v_strike_history AS
SELECT f.sender AS emp_id, 'strike'::text AS kind, f.msg_id, NULL::date AS period,
       f.strikes - 1 AS strikes_before, f.strikes AS strikes_after, f.flagged_at AS at
FROM hrlake.flagged_message f WHERE f.strikes IS NOT NULL
UNION ALL
SELECT c.emp_id, 'cooldown', NULL, c.period, c.strikes_before, c.strikes_after, c.at
FROM hrlake.cooldown_event c;
COMMENT ON VIEW hrlake.v_strike_history IS
  'Every strike (with its message) and every monthly cooldown, per employee';

-- Months whose cooldown ran (a month's cooldown applies once).
CREATE TABLE hrlake.cooldown_run (
  period      date PRIMARY KEY CHECK (extract(day FROM period) = 1),
  applied_at  timestamptz NOT NULL DEFAULT now(),
  employees   integer NOT NULL
);

-- At a month start every employee with 1..9 strikes loses one; once per
-- month however often it is called. Returns what it changed.
CREATE FUNCTION hrlake.cooldown(as_of date DEFAULT hrlake.utc_today())
RETURNS TABLE (emp_id text, strikes_before integer, strikes_after integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_period date := date_trunc('month', as_of)::date;
BEGIN
  IF as_of IS NULL THEN
    RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
  END IF;
  -- Serialises concurrent calls (the second finds the month done) and
  -- flag_messages, which holds strike counts in memory while it scans.
  PERFORM pg_advisory_xact_lock(hashtext('hrlake.strikes'));
  IF EXISTS (SELECT FROM hrlake.cooldown_run c WHERE c.period = v_period) THEN
    RAISE NOTICE 'the cooldown for % was already applied', to_char(v_period, 'YYYY-MM');
    RETURN;
  END IF;
  RETURN QUERY
  WITH changed AS (
    UPDATE hrlake.employee_strike s SET no_of_strikes = s.no_of_strikes - 1, updated_at = now()
    WHERE s.no_of_strikes BETWEEN 1 AND 9
    RETURNING s.emp_id, s.no_of_strikes + 1 AS strikes_before, s.no_of_strikes AS strikes_after
  ), logged AS (
    INSERT INTO hrlake.cooldown_event (emp_id, period, strikes_before, strikes_after)
    SELECT c.emp_id, v_period, c.strikes_before, c.strikes_after FROM changed c
  )
  SELECT c.emp_id, c.strikes_before, c.strikes_after FROM changed c ORDER BY c.emp_id;
  INSERT INTO hrlake.cooldown_run (period, employees)
  SELECT v_period, count(*) FROM hrlake.cooldown_event e WHERE e.period = v_period;
END
$$;
COMMENT ON FUNCTION hrlake.cooldown(date) IS
  'Monthly cooldown: every employee with 1..9 strikes loses one, once per month (SPEC §2.8)';

-- Salary levels: base is the salary of the employee's ACTIVE record (for a
-- deactivated employee, of the record the 10th strike closed).
CREATE VIEW hrlake.v_employee_strikes AS
WITH base AS (
  SELECT DISTINCT ON (s.emp_id) s.emp_id, s.no_of_strikes, t.salary AS base_salary
  FROM hrlake.employee_strike s
  LEFT JOIN hrlake.employee_timeframe t ON t.emp_id = s.emp_id
   AND (t.end_date IS NULL OR (s.deactivated_on IS NOT NULL AND t.end_date_given))
  ORDER BY s.emp_id, (t.end_date IS NULL) DESC, t.end_date DESC
)
SELECT b.emp_id, b.base_salary, b.no_of_strikes,
       round(b.base_salary * 0.9, 2) AS strike_1, round(b.base_salary * 0.9 ^ 2, 2) AS strike_2,
       round(b.base_salary * 0.9 ^ 3, 2) AS strike_3, round(b.base_salary * 0.9 ^ 4, 2) AS strike_4,
       round(b.base_salary * 0.9 ^ 5, 2) AS strike_5, round(b.base_salary * 0.9 ^ 6, 2) AS strike_6,
       round(b.base_salary * 0.9 ^ 7, 2) AS strike_7, round(b.base_salary * 0.9 ^ 8, 2) AS strike_8,
       round(b.base_salary * 0.9 ^ 9, 2) AS strike_9, round(b.base_salary * 0.9 ^ 10, 2) AS strike_10,
       round(b.base_salary * 0.9 ^ b.no_of_strikes, 2) AS current_salary
FROM base b;
COMMENT ON VIEW hrlake.v_employee_strikes IS
  'Strikes and salary levels: base x 0.9^k rounded to 2 decimals (SPEC §2.8)';

-- Analysts see who has how many strikes, never the salaries.
GRANT SELECT (emp_id, no_of_strikes) ON hrlake.v_employee_strikes TO hrlake_analyst;
GRANT SELECT ON hrlake.v_employee_strikes TO hrlake_admin;

SELECT pg_catalog.pg_extension_config_dump('hrlake.employee_strike', '');
SELECT pg_catalog.pg_extension_config_dump('hrlake.cooldown_event', '');
SELECT pg_catalog.pg_extension_config_dump('hrlake.cooldown_run', '');
GRANT ALL ON hrlake.employee_strike, hrlake.cooldown_event, hrlake.cooldown_run TO hrlake_admin;
GRANT SELECT ON hrlake.v_strike_history TO hrlake_analyst, hrlake_admin;

INSERT INTO hrlake._job_step (job, step_order, step, statement) VALUES
  ('monthly', 20, 'cooldown', $$SELECT to_jsonb(count(*)) FROM hrlake.cooldown($1)$$);
-- hrlake.flag_messages() (src/pg/flag_messages.cpp): scans each message
-- once from the scan position, records flagged messages with their marked
-- words, and applies the strikes. How the position stays exact under
-- concurrent writers is told at the top of that file.

-- The highest msg_id whose writer has committed, once no writer is busy.
CREATE FUNCTION hrlake._settled_msg_id() RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_upto bigint;
BEGIN
  -- A session lock, held only for this statement: writers wait for a moment,
  -- not for the whole scan. Released on any error too.
  PERFORM pg_advisory_lock(hashtext('hrlake.message'), 0);
  BEGIN
    SELECT coalesce(max(m.msg_id), 0) INTO v_upto FROM hrlake.message m;
  EXCEPTION WHEN OTHERS OR query_canceled THEN
    PERFORM pg_advisory_unlock(hashtext('hrlake.message'), 0);
    RAISE;
  END;
  PERFORM pg_advisory_unlock(hashtext('hrlake.message'), 0);
  RETURN v_upto;
END
$$;

CREATE FUNCTION hrlake.flag_messages(max_messages integer DEFAULT NULL)
RETURNS TABLE (msg_id bigint, sender text, receiver text, matched_words text[], strikes integer)
LANGUAGE c VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'hrlake_flag_messages';
COMMENT ON FUNCTION hrlake.flag_messages(integer) IS
  'Scans messages not scanned yet (at most max_messages), records the flagged ones with their marked words, applies one strike per flagged message to its sender (SPEC §2.8)';

-- The same scan, returning only how many messages it flagged: for the
-- stream job, which records the count (the rows are in flagged_message).
CREATE FUNCTION hrlake._flag_messages_count(max_messages integer DEFAULT NULL) RETURNS bigint
LANGUAGE c VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'hrlake_flag_messages_count';

INSERT INTO hrlake._job_step (job, step_order, step, statement) VALUES
  ('stream', 30, 'flag messages', $$SELECT to_jsonb(hrlake._flag_messages_count())$$);
-- Job runs (SPEC §2.9): every run of a job is recorded here.

CREATE TABLE hrlake.job_run (
  run_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job          text NOT NULL CHECK (job IN ('daily', 'monthly', 'stream')),
  period       date NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at  timestamptz,
  status       text NOT NULL DEFAULT 'running'
                 CHECK (status IN ('running', 'succeeded', 'failed', 'skipped')),
  forced       boolean NOT NULL DEFAULT false,
  step_counts  jsonb NOT NULL DEFAULT '{}',
  error        text,
  CHECK ((status = 'running') = (finished_at IS NULL))
);
CREATE INDEX ON hrlake.job_run (job, period);

SELECT pg_catalog.pg_extension_config_dump('hrlake.job_run', '');
GRANT SELECT ON hrlake.job_run TO hrlake_analyst;
GRANT ALL ON hrlake.job_run TO hrlake_admin;

-- Data quality at a glance: one row per problem worth a person's attention.

CREATE VIEW hrlake.v_data_quality AS
SELECT 'rejected rows'::text AS problem, b.source, b.batch_id,
       coalesce(b.path, 'client copy') AS subject,
       count(r.*)::bigint AS row_count,
       string_agg(DISTINCT r.reason, '; ') AS detail
FROM hrlake.batch b JOIN hrlake.rejected_row r USING (batch_id)
GROUP BY b.source, b.batch_id, b.path
UNION ALL
SELECT 'staged, not ingested', b.source, b.batch_id, coalesce(b.path, 'client copy'),
       b.rows_staged, 'waiting for hrlake.ingest(''' || b.source || ''')'
FROM hrlake.batch b WHERE b.status = 'staged'
UNION ALL
SELECT 'leave without quota', 'leave_quota', NULL, w.emp_id, 1,
       format('employee %s has leaves in %s but no quota for that year', w.emp_id, w.year)
FROM hrlake.v_leave_without_quota w;
COMMENT ON VIEW hrlake.v_data_quality IS
  'Rejected rows per batch, batches waiting for ingest, and (from leave) employees without a quota';
GRANT SELECT ON hrlake.v_data_quality TO hrlake_analyst, hrlake_admin;
-- Jobs (SPEC §2.9): run_daily, run_monthly and run_stream run their steps in
-- order, each run recorded in hrlake.job_run.
--
-- A job is a list of steps (hrlake._job_step, filled by each domain's file).
-- A run is one execution of a job for a period: the day for daily and
-- stream, the month for monthly. How a run goes:
--   1. take the job's session advisory lock, or skip (another run is on);
--   2. mark runs left 'running' by a dead session as failed; skip when the
--      period already succeeded (unless force); record the run; COMMIT, so
--      the record survives whatever follows;
--   3. run all steps in one transaction: transient errors (deadlock,
--      serialization failure, lock timeout) retry the step a few times; any
--      other error rolls back every step of the run;
--   4. record the outcome; on failure NOTIFY hrlake_alert with a JSON
--      payload; COMMIT; release the lock.
-- The procedures commit, so they must be called with CALL outside a
-- transaction block (as pg_cron does).

-- The period a job's run covers.
CREATE FUNCTION hrlake._job_period(p_job text, p_as_of date) RETURNS date
LANGUAGE sql IMMUTABLE
RETURN CASE p_job WHEN 'monthly' THEN date_trunc('month', p_as_of)::date ELSE p_as_of END;

-- Runs one step with bounded retries of transient errors; returns its counts.
CREATE FUNCTION hrlake._run_step(p_job text, p_step text, p_statement text, p_as_of date)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_attempt integer := 0;
  v_result jsonb;
  v_fault text := nullif(current_setting('hrlake.inject_fault', true), '');
  v_max_attempts constant integer := 4;
BEGIN
  LOOP
    v_attempt := v_attempt + 1;
    BEGIN
      -- Tests inject failures: 'job.step:SQLSTATE[:attempts]' fails the
      -- step's first attempts (all when no count is given).
      IF v_fault IS NOT NULL AND split_part(v_fault, ':', 1) = p_job || '.' || p_step
         AND (split_part(v_fault, ':', 3) = '' OR v_attempt <= split_part(v_fault, ':', 3)::integer) THEN
        RAISE EXCEPTION 'injected fault in step % (attempt %)', p_step, v_attempt
          USING ERRCODE = split_part(v_fault, ':', 2);
      END IF;
      EXECUTE p_statement INTO v_result USING p_as_of;
      RETURN coalesce(v_result, 'null'::jsonb);
    EXCEPTION
      WHEN serialization_failure OR deadlock_detected OR lock_not_available THEN
        IF v_attempt >= v_max_attempts THEN
          RAISE;
        END IF;
        RAISE NOTICE 'step % of the % job: transient error (%), retrying (attempt % of %)',
          p_step, p_job, SQLERRM, v_attempt + 1, v_max_attempts;
        PERFORM pg_catalog.pg_sleep(0.05 * v_attempt * v_attempt);
    END;
  END LOOP;
END
$$;

CREATE FUNCTION hrlake._in_transaction_block() RETURNS boolean
LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'hrlake_in_transaction_block';

-- The body of run_daily / run_monthly / run_stream.
CREATE PROCEDURE hrlake._run_job(p_job text, p_as_of date, p_force boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_period date := hrlake._job_period(p_job, p_as_of);
  v_run bigint;
  v_done bigint;
  v_step record;
  v_counts jsonb := '{}';
  v_error text;
  v_state text;
  v_failed_step text;
  v_canceled boolean := false;
  v_lock_a constant integer := pg_catalog.hashtext('hrlake.job');
  v_lock_b integer := pg_catalog.hashtext(p_job);
BEGIN
  IF p_as_of IS NULL THEN
    RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF hrlake._in_transaction_block() THEN
    RAISE EXCEPTION 'hrlake.run_% cannot run inside a transaction block', p_job
      USING ERRCODE = 'active_sql_transaction',
            DETAIL = 'The job commits its run record before and after its steps.',
            HINT = 'CALL it on its own, in autocommit mode, as pg_cron does.';
  END IF;
  IF NOT pg_catalog.pg_try_advisory_lock(v_lock_a, v_lock_b) THEN
    RAISE NOTICE 'the % job is already running in another session; skipped', p_job;
    INSERT INTO hrlake.job_run (job, period, status, finished_at, forced, error)
    VALUES (p_job, v_period, 'skipped', pg_catalog.clock_timestamp(), p_force,
            'another run of the job was in progress');
    COMMIT;
    RETURN;
  END IF;

  BEGIN
    -- Runs still 'running' now belong to sessions that died: we hold the lock.
    UPDATE hrlake.job_run SET status = 'failed', finished_at = pg_catalog.clock_timestamp(),
           error = 'interrupted: the session running it ended before it finished'
    WHERE job = p_job AND status = 'running';
    SELECT run_id INTO v_done FROM hrlake.job_run
    WHERE job = p_job AND period = v_period AND status = 'succeeded'
    ORDER BY run_id DESC LIMIT 1;
    IF v_done IS NOT NULL AND NOT p_force AND p_job <> 'stream' THEN
      RAISE NOTICE 'the % job already succeeded for % (run %); skipped. Use force => true to run it again',
        p_job, pg_catalog.to_char(v_period, 'YYYY-MM-DD'), v_done;
    ELSE
      INSERT INTO hrlake.job_run (job, period, forced) VALUES (p_job, v_period, p_force)
      RETURNING run_id INTO v_run;
    END IF;
  EXCEPTION WHEN OTHERS OR query_canceled THEN
    PERFORM pg_catalog.pg_advisory_unlock(v_lock_a, v_lock_b);
    RAISE;
  END;
  COMMIT;
  IF v_run IS NULL THEN
    PERFORM pg_catalog.pg_advisory_unlock(v_lock_a, v_lock_b);
    RETURN;
  END IF;

  -- All steps in one transaction: all of them happen, or none.
  BEGIN
    FOR v_step IN SELECT step, statement FROM hrlake._job_step
                  WHERE job = p_job ORDER BY step_order LOOP
      v_failed_step := v_step.step;
      v_counts := v_counts || jsonb_build_object(v_step.step,
        hrlake._run_step(p_job, v_step.step, v_step.statement, p_as_of));
    END LOOP;
    v_failed_step := NULL;
  EXCEPTION
    WHEN query_canceled THEN
      v_canceled := true;
      v_error := SQLERRM;
      v_state := SQLSTATE;
    WHEN OTHERS THEN
      v_error := SQLERRM;
      v_state := SQLSTATE;
  END;

  BEGIN
    IF v_error IS NULL THEN
      UPDATE hrlake.job_run SET status = 'succeeded', finished_at = pg_catalog.clock_timestamp(),
             step_counts = v_counts
      WHERE run_id = v_run;
    ELSE
      UPDATE hrlake.job_run SET status = 'failed', finished_at = pg_catalog.clock_timestamp(),
             step_counts = v_counts,
             error = pg_catalog.format('step %s: %s (SQLSTATE %s)', v_failed_step, v_error, v_state)
      WHERE run_id = v_run;
      PERFORM pg_catalog.pg_notify('hrlake_alert', jsonb_build_object(
        'job', p_job, 'period', v_period, 'run_id', v_run, 'step', v_failed_step,
        'sqlstate', v_state, 'error', v_error, 'database', pg_catalog.current_database(),
        'at', pg_catalog.clock_timestamp())::text);
      RAISE WARNING 'the % job failed for % in step %: %', p_job,
        pg_catalog.to_char(v_period, 'YYYY-MM-DD'), v_failed_step, v_error;
    END IF;
  EXCEPTION WHEN OTHERS OR query_canceled THEN
    PERFORM pg_catalog.pg_advisory_unlock(v_lock_a, v_lock_b);
    RAISE;
  END;
  COMMIT;
  PERFORM pg_catalog.pg_advisory_unlock(v_lock_a, v_lock_b);
  IF v_canceled THEN
    RAISE EXCEPTION 'the % job was canceled: %', p_job, v_error USING ERRCODE = 'query_canceled';
  END IF;
END
$$;

CREATE PROCEDURE hrlake.run_daily(as_of date DEFAULT hrlake.utc_today(), force boolean DEFAULT false)
LANGUAGE plpgsql AS $$
BEGIN
  CALL hrlake._run_job('daily', as_of, force);
END
$$;
COMMENT ON PROCEDURE hrlake.run_daily(date, boolean) IS
  'Daily job: ingest employee, timeframe, quota, calendar, leave; refresh the daily reports';

CREATE PROCEDURE hrlake.run_monthly(as_of date DEFAULT hrlake.utc_today(), force boolean DEFAULT false)
LANGUAGE plpgsql AS $$
BEGIN
  CALL hrlake._run_job('monthly', as_of, force);
END
$$;
COMMENT ON PROCEDURE hrlake.run_monthly(date, boolean) IS
  'Monthly job: the 80% quota notices for the previous month and the strike cooldown';

CREATE PROCEDURE hrlake.run_stream()
LANGUAGE plpgsql AS $$
BEGIN
  CALL hrlake._run_job('stream', hrlake.utc_today(), false);
END
$$;
COMMENT ON PROCEDURE hrlake.run_stream() IS
  'Stream job: ingest staged words and messages, flag new messages';

-- Scheduling with pg_cron (SPEC §2.9), and the health of the jobs.
-- hrlake does not require pg_cron: only schedule()/unschedule() need it.

-- The cron entries: each is exactly one schema-qualified CALL (pg_cron
-- runs procedures that commit only as a single statement).
CREATE FUNCTION hrlake._cron_jobs() RETURNS TABLE (job text, cron_name text, schedule text, command text)
LANGUAGE sql IMMUTABLE AS $$
  VALUES ('daily', 'hrlake-daily', '0 7 * * *', 'CALL hrlake.run_daily()'),
         ('monthly', 'hrlake-monthly', '0 7 1 * *', 'CALL hrlake.run_monthly()'),
         ('stream', 'hrlake-stream', '* * * * *', 'CALL hrlake.run_stream()')
$$;

-- Why pg_cron cannot schedule here, or NULL when it can.
CREATE FUNCTION hrlake._cron_problem(OUT message text, OUT hint text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_cron_db text := current_setting('cron.database_name', true);
  v_calls text;
BEGIN
  SELECT string_agg(format('SELECT cron.schedule_in_database(%L, %L, %L, %L);',
                           j.cron_name || '@' || current_database(), j.schedule, j.command,
                           current_database()), E'\n')
  INTO v_calls FROM hrlake._cron_jobs() j;
  IF v_cron_db IS NULL THEN
    message := 'pg_cron is not loaded in this server';
    hint := 'Add pg_cron to shared_preload_libraries, set cron.database_name, restart, '
            'and CREATE EXTENSION pg_cron in that database.';
  ELSIF v_cron_db <> current_database() THEN
    message := format('pg_cron runs in database "%s", not in "%s"', v_cron_db, current_database());
    hint := format(E'Connect to "%s" and run:\n%s', v_cron_db, v_calls);
  ELSIF NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_cron') THEN
    message := 'the pg_cron extension is not installed in this database';
    hint := 'Run CREATE EXTENSION pg_cron; then call hrlake.schedule() again.';
  END IF;
END
$$;

-- Creates (or updates) the three pg_cron jobs; running it twice changes
-- nothing. Returns the cron job ids.
CREATE FUNCTION hrlake.schedule()
RETURNS TABLE (job text, cron_job_id bigint, schedule text, command text)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  p record;
  j record;
BEGIN
  p := hrlake._cron_problem();
  IF p.message IS NOT NULL THEN
    RAISE EXCEPTION '%', p.message USING ERRCODE = 'object_not_in_prerequisite_state', HINT = p.hint;
  END IF;
  FOR j IN SELECT * FROM hrlake._cron_jobs() LOOP
    -- A named schedule replaces the job of the same name.
    EXECUTE 'SELECT cron.schedule($1, $2, $3)' INTO cron_job_id USING j.cron_name, j.schedule, j.command;
    job := j.job;
    schedule := j.schedule;
    command := j.command;
    RETURN NEXT;
  END LOOP;
END
$$;
COMMENT ON FUNCTION hrlake.schedule() IS
  'Creates the pg_cron jobs: daily 07:00 UTC, monthly on the 1st 07:00 UTC, stream every minute';

CREATE FUNCTION hrlake.unschedule() RETURNS SETOF text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  p record;
  j record;
  v_found boolean;
BEGIN
  p := hrlake._cron_problem();
  IF p.message IS NOT NULL THEN
    RAISE EXCEPTION '%', p.message USING ERRCODE = 'object_not_in_prerequisite_state', HINT = p.hint;
  END IF;
  FOR j IN SELECT * FROM hrlake._cron_jobs() LOOP
    EXECUTE 'SELECT EXISTS (SELECT FROM cron.job WHERE jobname = $1)' INTO v_found USING j.cron_name;
    IF v_found THEN
      EXECUTE 'SELECT cron.unschedule($1::name)' USING j.cron_name;
      RETURN NEXT j.cron_name;
    END IF;
  END LOOP;
END
$$;
COMMENT ON FUNCTION hrlake.unschedule() IS 'Removes the pg_cron jobs created by hrlake.schedule()';

-- Per job: the last run, its status, and whether a scheduled run was missed
-- (daily: no success for today after 08:00 UTC; monthly: none for this month
-- after 08:00 UTC on the 1st; stream: no run in the last 5 minutes).
CREATE VIEW hrlake.v_job_health AS
WITH jobs(job) AS (VALUES ('daily'), ('monthly'), ('stream')),
last_run AS (
  SELECT DISTINCT ON (r.job) r.job, r.run_id, r.period, r.started_at, r.finished_at, r.status, r.error
  FROM hrlake.job_run r WHERE r.status <> 'skipped'
  ORDER BY r.job, r.run_id DESC
),
last_success AS (
  SELECT r.job, max(r.period) AS period, max(r.finished_at) AS finished_at
  FROM hrlake.job_run r WHERE r.status = 'succeeded' GROUP BY r.job
),
clock AS (SELECT now() AT TIME ZONE 'UTC' AS utc_now)
SELECT j.job, l.run_id AS last_run_id, l.period AS last_period, l.status AS last_status,
       l.started_at AS last_started_at, l.finished_at AS last_finished_at, l.error AS last_error,
       s.period AS last_succeeded_period,
       CASE j.job
         WHEN 'daily' THEN c.utc_now >= date_trunc('day', c.utc_now) + interval '8 hours'
                           AND coalesce(s.period < c.utc_now::date, true)
         WHEN 'monthly' THEN c.utc_now >= date_trunc('month', c.utc_now) + interval '8 hours'
                           AND coalesce(s.period < date_trunc('month', c.utc_now)::date, true)
         ELSE coalesce(l.started_at < now() - interval '5 minutes', true)
       END AS missed_run
FROM jobs j CROSS JOIN clock c
LEFT JOIN last_run l USING (job) LEFT JOIN last_success s USING (job);
COMMENT ON VIEW hrlake.v_job_health IS 'Per job: the last run, its status, and whether a scheduled run was missed';
GRANT SELECT ON hrlake.v_job_health TO hrlake_analyst, hrlake_admin;
-- Functions are not for PUBLIC: the grants above name who may call what.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA hrlake FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA hrlake TO hrlake_admin;
-- Views call these helpers with the caller's rights.
GRANT EXECUTE ON FUNCTION hrlake._clean(text), hrlake._csv_line(text[]), hrlake.utc_today(),
  hrlake._year_days(date[])
  TO hrlake_loader, hrlake_analyst;

-- pg_dump keeps the rows of extension tables marked above; mark the
-- sequences behind their identity columns too, so restored ids continue.
DO $$
DECLARE
  seq regclass;
BEGIN
  FOR seq IN
    SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'S' AND n.nspname IN ('hrlake', 'hrlake_stage')
  LOOP
    PERFORM pg_catalog.pg_extension_config_dump(seq, '');
  END LOOP;
END
$$;
