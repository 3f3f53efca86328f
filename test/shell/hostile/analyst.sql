-- The analyst (SPEC §2.10): reads the BI views, which hold no salaries,
-- message text or raw rejected values at all, by any path. Each attempt
-- is undone (pg_temp.try); its exact outcome is checked.

-- What the admin views and the tables hold.
SELECT pg_temp.denied(format('analyst: cannot read %s', t), format('SELECT * FROM %s', t),
                      format('42501 permission denied for %s %s', k, split_part(t, '.', 2)))
FROM (VALUES ('hrlake.employee_timeframe', 'table'), ('hrlake.timeframe_row', 'table'), ('hrlake.message', 'table'),
             ('hrlake.rejected_row', 'table'), ('hrlake_stage.timeframe', 'schema'), ('hrlake.v_salary_levels', 'view'),
             ('hrlake.v_flagged_message_text', 'view'), ('hrlake.v_rejected_rows', 'view'), ('hrlake.job_run', 'table'))
     AS a(t, k)
WHERE k <> 'schema'
UNION ALL
SELECT pg_temp.denied('analyst: cannot read staging', $$SELECT * FROM hrlake_stage.timeframe$$, '42501 permission denied for schema hrlake_stage')
UNION ALL
SELECT pg_temp.denied('analyst: cannot read salaries as of a date', $$SELECT * FROM hrlake.timeframe_as_of('2026-06-30')$$, '42501 permission denied for function timeframe_as_of')
UNION ALL
SELECT pg_temp.denied('analyst: cannot change what a view shows', $$UPDATE hrlake.v_employee_strikes SET no_of_strikes = 0$$, '42501 permission denied for view v_employee_strikes')
UNION ALL
SELECT pg_temp.denied('analyst: cannot lock what a view shows', $$SELECT * FROM hrlake.v_employee_strikes FOR UPDATE$$, '42501 permission denied for view v_employee_strikes');

-- The statistics the planner keeps (most common values of salaries and
-- message words) are for those who may read the columns.
SELECT pg_temp.expect('analyst: sees no planner statistics of hrlake''s columns (pg_stats)',
                      (SELECT count(*) FROM pg_stats WHERE schemaname IN ('hrlake', 'hrlake_stage'))::text, '0');

-- A function of its own in a WHERE clause on a view (cheaper than the
-- view's own conditions, so the planner would run it first) sees only the
-- rows the view shows: every view it reads is a security barrier. Swept
-- over every column of every view it may read.
CREATE TEMP TABLE seen (view text, col text, val text);
CREATE FUNCTION pg_temp.leak(view text, col text, val text) RETURNS boolean
LANGUAGE plpgsql COST 0.0000001 AS $$
BEGIN
  INSERT INTO pg_temp.seen VALUES (view, col, val);
  RETURN true;
END
$$;
CREATE TEMP TABLE leaked (view text, col text, val text);
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT c.oid::regclass AS view, a.attname AS col
           FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
           WHERE c.relnamespace = 'hrlake'::regnamespace AND c.relkind = 'v'
             AND has_table_privilege(c.oid, 'SELECT')
           ORDER BY 1, a.attnum LOOP
    EXECUTE format('SELECT count(*) FROM %s WHERE pg_temp.leak(%L, %L, %I::text)', r.view, r.view, r.col, r.col);
    EXECUTE format('INSERT INTO pg_temp.leaked SELECT s.view, s.col, s.val FROM pg_temp.seen s
                    WHERE s.view = %L AND s.col = %L
                      AND NOT EXISTS (SELECT FROM %s v WHERE v.%I::text IS NOT DISTINCT FROM s.val)',
                   r.view, r.col, r.view, r.col);
  END LOOP;
END
$$;
SELECT pg_temp.expect('analyst: a function of its own in WHERE ran on every column of every view it reads',
                      (SELECT count(DISTINCT (view, col))::text FROM seen),
                      (SELECT count(*)::text FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
                       WHERE c.relnamespace = 'hrlake'::regnamespace AND c.relkind = 'v' AND has_table_privilege(c.oid, 'SELECT')));
SELECT pg_temp.none('analyst: a function of its own in WHERE sees no row a view leaves out',
                    ARRAY(SELECT format('%s.%s: %s values, e.g. %s', view, col, count(*), min(val))
                          FROM leaked GROUP BY view, col ORDER BY 1));

-- Roles and settings.
SELECT pg_temp.denied(format('analyst: cannot SET ROLE %s', r), format('SET ROLE %I', r), '42501 permission denied to set role "' || r || '"')
FROM unnest(ARRAY['hrlake_definer', 'hrlake_admin', 'hrlake_loader', 'postgres']) r;
SELECT pg_temp.denied('analyst: cannot grant itself a role', $$GRANT hrlake_admin TO mallory_analyst$$, '42501 must have admin option on role "hrlake_admin"');
SELECT pg_temp.denied(format('analyst: cannot create in schema %s', s), format('CREATE VIEW %I.hostile AS SELECT 1', s), format('42501 permission denied for schema %s', s))
FROM unnest(ARRAY['hrlake', 'public']) s;
