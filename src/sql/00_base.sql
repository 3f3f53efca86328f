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
