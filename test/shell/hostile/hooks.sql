-- What any role can plant in its own session before it calls hrlake's
-- SECURITY DEFINER code, hoping that code picks it up (it must not: each
-- such function pins search_path to pg_catalog, pg_temp and names every
-- object of hrlake with its schema; functions and operators are never
-- looked up in pg_temp):
--   temporary tables named like every table and view of hrlake and
--   hrlake_stage, and like the catalogs hrlake reads without a schema;
--   temporary functions and operators named like the ones it calls;
--   pg_temp first on the search_path.
-- Each hook records itself in pg_temp.hook_log when it runs; hooks_unused.sql
-- checks that none did.
CREATE TEMP TABLE hook_log (hook text);
CREATE FUNCTION pg_temp.log_hook() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO pg_temp.hook_log VALUES (TG_TABLE_NAME || ' written');
  RETURN NULL;
END
$$;
CREATE FUNCTION pg_temp.hook(name text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO pg_temp.hook_log VALUES (name || ' called');
  RETURN true;
END
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOR t IN SELECT DISTINCT c.relname::text FROM pg_class c
           WHERE c.relnamespace IN ('hrlake'::regnamespace, 'hrlake_stage'::regnamespace)
             AND c.relkind IN ('r', 'p', 'v', 'S')
           UNION SELECT unnest(ARRAY['pg_locks', 'pg_sequence', 'pg_database', 'pg_extension', 'pg_roles'])
  LOOP
    -- Read: one row that fits no hrlake query. Written: recorded.
    EXECUTE format('CREATE TEMP TABLE %I (hook text DEFAULT %L)', t, t);
    EXECUTE format('INSERT INTO pg_temp.%I DEFAULT VALUES', t);
    EXECUTE format('CREATE TRIGGER hook AFTER INSERT OR UPDATE OR DELETE ON pg_temp.%I
                    FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.log_hook()', t);
  END LOOP;
END
$$;

-- Look-alikes of functions hrlake's code calls.
CREATE FUNCTION pg_temp.lower(text) RETURNS text LANGUAGE sql AS $$ SELECT pg_temp.hook('lower')::text $$;
CREATE FUNCTION pg_temp.now() RETURNS timestamptz LANGUAGE sql AS $$ SELECT pg_temp.hook('now')::text::timestamptz $$;
CREATE FUNCTION pg_temp.hashtext(text) RETURNS integer LANGUAGE sql AS $$ SELECT pg_temp.hook('hashtext')::integer $$;
CREATE FUNCTION pg_temp.jsonb_build_object(text, text) RETURNS jsonb LANGUAGE sql AS $$ SELECT to_jsonb(pg_temp.hook('jsonb_build_object')) $$;
CREATE FUNCTION pg_temp.session_user() RETURNS name LANGUAGE sql AS $$ SELECT pg_temp.hook('session_user')::text::name $$;
CREATE FUNCTION pg_temp.pg_advisory_xact_lock(integer, integer) RETURNS void LANGUAGE sql AS $$ SELECT pg_temp.hook('pg_advisory_xact_lock'); $$;
CREATE FUNCTION pg_temp.pg_sequence_last_value(regclass) RETURNS bigint LANGUAGE sql AS $$ SELECT pg_temp.hook('pg_sequence_last_value')::integer::bigint $$;
CREATE FUNCTION pg_temp.hook_eq(text, text) RETURNS boolean LANGUAGE sql AS $$ SELECT pg_temp.hook('= on text') $$;
CREATE FUNCTION pg_temp.hook_eq(bigint, bigint) RETURNS boolean LANGUAGE sql AS $$ SELECT pg_temp.hook('= on bigint') $$;
CREATE FUNCTION pg_temp.hook_plus(bigint, bigint) RETURNS bigint LANGUAGE sql AS $$ SELECT pg_temp.hook('+ on bigint')::integer::bigint $$;
CREATE OPERATOR pg_temp.= (LEFTARG = text, RIGHTARG = text, FUNCTION = pg_temp.hook_eq);
CREATE OPERATOR pg_temp.= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = pg_temp.hook_eq);
CREATE OPERATOR pg_temp.+ (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = pg_temp.hook_plus);

SET search_path = pg_temp, public, hrlake, hrlake_stage;
