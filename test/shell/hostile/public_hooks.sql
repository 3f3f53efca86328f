-- A database made before PostgreSQL 15 lets every role create in schema
-- public (the shell grants it here for this file only). Look-alikes of the
-- functions and operators hrlake's code uses, planted there and put first
-- on the admin's search_path (before pg_catalog), are never used by
-- hrlake's code either: its SECURITY DEFINER functions and every function
-- that runs SQL pin search_path, and the job procedures pin it before
-- their first unqualified name.
CREATE TABLE public.hook_log (hook text);
GRANT INSERT ON public.hook_log TO PUBLIC;
CREATE FUNCTION public.hook(name text) RETURNS boolean LANGUAGE sql
  AS $$ INSERT INTO public.hook_log VALUES (name || ' called') RETURNING true $$;
GRANT EXECUTE ON FUNCTION public.hook(text) TO PUBLIC;
CREATE FUNCTION public.lower(text) RETURNS text LANGUAGE sql AS $$ SELECT public.hook('lower')::text $$;
CREATE FUNCTION public.now() RETURNS timestamptz LANGUAGE sql AS $$ SELECT public.hook('now')::text::timestamptz $$;
CREATE FUNCTION public.hashtext(text) RETURNS integer LANGUAGE sql AS $$ SELECT public.hook('hashtext')::integer $$;
CREATE FUNCTION public.jsonb_build_object(text, text) RETURNS jsonb LANGUAGE sql AS $$ SELECT to_jsonb(public.hook('jsonb_build_object')) $$;
CREATE FUNCTION public.pg_advisory_xact_lock(integer, integer) RETURNS void LANGUAGE sql AS $$ SELECT public.hook('pg_advisory_xact_lock'); $$;
CREATE FUNCTION public.pg_sequence_last_value(regclass) RETURNS bigint LANGUAGE sql AS $$ SELECT public.hook('pg_sequence_last_value')::integer::bigint $$;
CREATE FUNCTION public.hook_eq(text, text) RETURNS boolean LANGUAGE sql AS $$ SELECT public.hook('= on text') $$;
CREATE FUNCTION public.hook_eq(bigint, bigint) RETURNS boolean LANGUAGE sql AS $$ SELECT public.hook('= on bigint') $$;
CREATE FUNCTION public.hook_eq(date, date) RETURNS boolean LANGUAGE sql AS $$ SELECT public.hook('= on date') $$;
CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = text, FUNCTION = public.hook_eq);
CREATE OPERATOR public.= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = public.hook_eq);
CREATE OPERATOR public.= (LEFTARG = date, RIGHTARG = date, FUNCTION = public.hook_eq);
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO PUBLIC;
CREATE TABLE public.job_run (hook text);
CREATE TABLE public._job_step (job text, step_order integer, step text, statement text);
INSERT INTO public._job_step VALUES ('daily', 1, 'hooked', 'SELECT to_jsonb(public.hook(''_job_step''))');
GRANT SELECT ON public._job_step, public.job_run TO PUBLIC;

\o /dev/null
SET search_path = public, pg_catalog;
CALL hrlake.run_daily('2026-11-24', force => true);
CALL hrlake.run_stream();
CALL hrlake.run_monthly('2026-12-01', force => true);
SELECT * FROM hrlake.scd2_merge();
SELECT * FROM hrlake.ingest('employee');
SELECT * FROM hrlake.cooldown('2026-12-01');
SELECT * FROM hrlake.leave_8pct_report('2026-11-24');
SELECT * FROM hrlake.designations_as_of('2026-11-24');
RESET search_path;
\o
SELECT pg_temp.expect('admin: the jobs run with look-alikes in public first on its search_path',
                      (SELECT string_agg(job || ' ' || status, ', ' ORDER BY run_id) FROM hrlake.job_run
                       WHERE run_id > (SELECT max(run_id) - 3 FROM hrlake.job_run)),
                      'daily succeeded, stream succeeded, monthly succeeded');
SELECT pg_temp.none('admin: no look-alike in public was used by hrlake''s code',
                    ARRAY(SELECT DISTINCT hook FROM public.hook_log ORDER BY 1));
DROP TABLE public.hook_log, public.job_run, public._job_step;
DROP FUNCTION public.lower(text), public.now(), public.hashtext(text), public.jsonb_build_object(text, text),
  public.pg_advisory_xact_lock(integer, integer), public.pg_sequence_last_value(regclass),
  public.hook_eq(text, text), public.hook_eq(bigint, bigint), public.hook_eq(date, date), public.hook(text) CASCADE;
