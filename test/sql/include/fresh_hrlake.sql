-- Shared start of the regression tests: an empty hrlake (tests share one
-- database), ISO dates, and helpers that write test files on the server.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS hrlake CASCADE;
DROP SCHEMA IF EXISTS t CASCADE;
CREATE EXTENSION hrlake;
RESET client_min_messages;
SET datestyle = ISO;
CREATE SCHEMA t;
-- Writes exact bytes to /tmp/hrlake_regress_<name> (large objects can hold
-- anything, invalid UTF-8 and NUL included); returns the path.
CREATE FUNCTION t.write_file(name text, content bytea) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  path text := '/tmp/hrlake_regress_' || name;
  lo oid := lo_from_bytea(0, content);
BEGIN
  PERFORM lo_export(lo, path);
  PERFORM lo_unlink(lo);
  RETURN path;
END
$$;
CREATE FUNCTION t.write_text(name text, content text) RETURNS text
LANGUAGE sql RETURN t.write_file(name, convert_to(content, 'UTF8'));
