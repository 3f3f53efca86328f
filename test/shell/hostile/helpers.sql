-- Helpers of the hostile role tests (test/shell/hostile_roles_test.sh),
-- created in each session's pg_temp, which any role may use.
--   pg_temp.try(sql)   runs sql and undoes whatever it did; 'ok', or the
--                      SQLSTATE and message of the error it raised
--   pg_temp.expect(label, actual, expected)
--                      one TAP line; expected is a LIKE pattern
-- psql variable who: the role playing (loader, analyst, admin, nobody).
SET client_min_messages = warning;

CREATE FUNCTION pg_temp.try(sql text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
  BEGIN
    EXECUTE sql;
    -- Success: undo it, so each attempt starts from the same state.
    RAISE EXCEPTION USING ERRCODE = 'HX000';
  EXCEPTION WHEN SQLSTATE 'HX000' THEN
    RETURN 'ok';
  END;
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ' ' || SQLERRM;
END
$$;

CREATE FUNCTION pg_temp.expect(label text, actual text, expected text) RETURNS text
LANGUAGE sql AS $$
  SELECT CASE WHEN actual LIKE expected THEN 'ok - ' || label
              ELSE 'not ok - ' || label || E'\n#   got:      ' || coalesce(actual, 'NULL')
                   || E'\n#   expected: ' || coalesce(expected, 'NULL') END
$$;

-- An attempt that must be refused: its exact error.
CREATE FUNCTION pg_temp.denied(label text, sql text, error text) RETURNS text
LANGUAGE sql AS $$ SELECT pg_temp.expect(label, pg_temp.try(sql), error) $$;

-- A set that must be empty: its rows, one per line, when it is not.
CREATE FUNCTION pg_temp.none(label text, rows text[]) RETURNS text
LANGUAGE sql AS $$
  SELECT pg_temp.expect(label, coalesce(array_to_string(rows, E'\n#     '), ''), '')
$$;
