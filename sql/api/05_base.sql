-- Small helpers used everywhere.

-- Today in UTC: the schedules and reports work in UTC (SPEC §2.9).
CREATE OR REPLACE FUNCTION hrlake.utc_today() RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
RETURN (pg_catalog.now() AT TIME ZONE 'UTC')::date;

-- Trims the blanks the loader trims (space, tab, CR, LF, vertical tab, form
-- feed: core::trim), and makes an empty value NULL (SPEC §1).
-- Client-copied rows were not trimmed on the way in.
CREATE OR REPLACE FUNCTION hrlake._clean(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
RETURN nullif(btrim(value, E' \t\r\n\x0B\f'), '');

-- A row's values as one CSV line, for the raw text of a reject found after
-- staging (NULL is an empty field).
CREATE OR REPLACE FUNCTION hrlake._csv_line(VARIADIC fields text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN array_to_string(ARRAY(
  SELECT CASE WHEN f IS NULL THEN ''
              WHEN f ~ E'[",\r\n]' OR f <> btrim(f) THEN '"' || replace(f, '"', '""') || '"'
              ELSE f END
  FROM unnest(fields) WITH ORDINALITY AS t(f, n) ORDER BY n), ',');
