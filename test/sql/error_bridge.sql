-- The wall between C++ exceptions and PostgreSQL errors, both directions.
CREATE SCHEMA selftest;
CREATE FUNCTION selftest.throw(code text, message text) RETURNS void
  LANGUAGE c STRICT AS 'hrlake', 'hrlake_selftest_throw';
CREATE FUNCTION selftest.run_sql(sql text) RETURNS bigint
  LANGUAGE c STRICT AS 'hrlake', 'hrlake_selftest_run_sql';
CREATE FUNCTION selftest.guarded_ok() RETURNS bigint
  LANGUAGE c STRICT AS 'hrlake', 'hrlake_selftest_guarded_ok';
CREATE FUNCTION selftest.destructor_runs() RETURNS bigint
  LANGUAGE c STRICT AS 'hrlake', 'hrlake_selftest_destructor_runs';
-- Runs a statement and shows the error it raised: SQLSTATE, message,
-- detail, hint.
CREATE FUNCTION selftest.error_of(sql text) RETURNS TABLE (code text, message text, detail text, hint text)
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE sql;
  RETURN QUERY SELECT 'none'::text, ''::text, ''::text, ''::text;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                          detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
  RETURN NEXT;
END
$$;

-- C++ exception -> ERROR with the exception's SQLSTATE, detail and hint,
-- after the C++ destructors ran.
SELECT selftest.destructor_runs() AS before \gset
SELECT * FROM selftest.error_of($$SELECT selftest.throw('22023', 'a C++ error')$$);
SELECT * FROM selftest.error_of($$SELECT selftest.throw('std', 'a std::runtime_error')$$);
SELECT * FROM selftest.error_of($$SELECT selftest.throw('bad_alloc', '')$$);
SELECT selftest.throw('P0001', 'reported to the client as is');
SELECT selftest.destructor_runs() - :before AS destructors_ran;

-- PostgreSQL error inside C++ -> C++ exception -> the same PostgreSQL error
-- (SQLSTATE, message, detail, hint preserved), destructors run.
SELECT * FROM selftest.error_of($$SELECT selftest.run_sql('SELECT 1/0')$$);
SELECT * FROM selftest.error_of($q$SELECT selftest.run_sql($x$DO $d$ BEGIN RAISE EXCEPTION 'custom failure' USING ERRCODE = 'P0042', DETAIL = 'the detail', HINT = 'the hint'; END $d$$x$)$q$);
SELECT * FROM selftest.error_of($$SELECT selftest.run_sql('SELECT * FROM no_such_table')$$);
SELECT selftest.destructor_runs() - :before AS destructors_ran;
SELECT selftest.run_sql('SELECT 1') AS works_after_errors;

-- Guarded calls that succeed must leave PG_exception_stack intact: an error
-- raised later in the same statement is handled normally (a guard that
-- returned from inside PG_TRY would crash the backend here).
SELECT selftest.guarded_ok(), 1 / (g - 1) FROM generate_series(1, 1) g;
SELECT selftest.guarded_ok() FROM generate_series(1, 3) g WHERE g / (g - 3) >= 0;
DO $$
BEGIN
  PERFORM selftest.guarded_ok();
  PERFORM selftest.run_sql('SELECT 1');
  RAISE EXCEPTION 'later error';
EXCEPTION WHEN raise_exception THEN
  RAISE NOTICE 'caught: %', SQLERRM;
END
$$;
-- A C++ error caught by a PL/pgSQL handler; the session goes on.
DO $$
BEGIN
  PERFORM selftest.throw('22023', 'caught in plpgsql');
EXCEPTION WHEN invalid_parameter_value THEN
  RAISE NOTICE 'caught: % (%)', SQLERRM, SQLSTATE;
END
$$;
-- Many errors in a row do not leak or corrupt anything.
SELECT count(*) AS errors_survived FROM generate_series(1, 200) g,
  LATERAL selftest.error_of($$SELECT selftest.run_sql('SELECT 1/0')$$) e
WHERE e.code = '22012';
SELECT 'backend still alive' AS status;
DROP SCHEMA selftest CASCADE;
