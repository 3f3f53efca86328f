-- Roles (SPEC §2.10): loaders stage rows and call load/ingest; analysts
-- read views without salaries, message text or raw rejected values;
-- admins run everything; SECURITY DEFINER functions are few, owned by
-- hrlake_definer, and pin their search_path. The hostile attempts, made as
-- login roles, are in test/shell/hostile_roles_test.sh.
BEGIN;
SELECT plan(25);

SELECT has_role('hrlake_loader');
SELECT has_role('hrlake_analyst');
SELECT has_role('hrlake_admin');
SELECT has_role('hrlake_definer');

-- The loader writes value columns of staging only: not the batch, line,
-- raw text or ids, which hrlake sets.
SELECT is(ARRAY(SELECT column_name::text FROM information_schema.column_privileges
                WHERE grantee = 'hrlake_loader' AND privilege_type = 'INSERT'
                  AND table_schema = 'hrlake_stage' AND table_name = 'employee' ORDER BY 1),
          ARRAY['age', 'emp_id', 'name'], 'loaders insert the value columns of staging only');
SELECT ok(NOT has_column_privilege('hrlake_loader', 'hrlake.message', 'msg_id', 'INSERT'),
          'loaders cannot choose message ids (the flagging position)');
SELECT ok(NOT has_table_privilege('hrlake_loader', 'hrlake.batch', 'INSERT')
          AND NOT has_table_privilege('hrlake_loader', 'hrlake.batch', 'UPDATE')
          AND NOT has_table_privilege('hrlake_loader', 'hrlake.rejected_row', 'INSERT'),
          'loaders cannot write the batch ledger');
SELECT function_privs_are('hrlake', 'load', ARRAY['text', 'text'], 'hrlake_loader', ARRAY['EXECUTE']);
SELECT function_privs_are('hrlake', 'ingest', ARRAY['text'], 'hrlake_loader', ARRAY['EXECUTE']);
SELECT function_privs_are('hrlake', 'load', ARRAY['text', 'text'], 'public', ARRAY[]::text[]);

-- Nothing of hrlake is executable by PUBLIC, procedures included.
SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p
                JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'hrlake' AND has_function_privilege('public', p.oid, 'EXECUTE')
                ORDER BY 1), '{}'::text[], 'no function or procedure of hrlake is for PUBLIC');

-- The analyst reads views only, and none has a forbidden column.
SELECT is(ARRAY(SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname IN ('hrlake', 'hrlake_stage') AND c.relkind <> 'v'
                  AND has_any_column_privilege('hrlake_analyst', c.oid, 'SELECT') ORDER BY 1),
          '{}'::text[], 'analysts read no table');
SELECT is(ARRAY(SELECT c.oid::regclass::text || '.' || a.attname FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                WHERE n.nspname = 'hrlake' AND has_column_privilege('hrlake_analyst', c.oid, a.attnum, 'SELECT')
                  AND (a.attname ~ 'salary|strike_[0-9]' OR a.attname IN ('message', 'raw', 'raw_bytes', 'reason'))
                ORDER BY 1), '{}'::text[], 'no salary, message text or raw rejected value is readable by analysts');
SELECT is(ARRAY(SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'hrlake' AND c.relkind = 'v'
                  AND has_any_column_privilege('hrlake_analyst', c.oid, 'SELECT')
                  AND NOT has_table_privilege('hrlake_analyst', c.oid, 'SELECT') ORDER BY 1),
          '{}'::text[], 'every view an analyst may read, it may read whole (SELECT * works)');
-- A function of the analyst's in a WHERE clause sees only what a view shows.
SELECT is(ARRAY(SELECT c.oid::regclass::text FROM pg_class c
                WHERE c.relnamespace = 'hrlake'::regnamespace AND c.relkind = 'v'
                  AND has_table_privilege('hrlake_analyst', c.oid, 'SELECT')
                  AND NOT coalesce(c.reloptions @> ARRAY['security_barrier=true'], false) ORDER BY 1),
          '{}'::text[], 'every view an analyst may read is a security barrier');
SELECT ok(has_table_privilege('hrlake_analyst', 'hrlake.v_employee_strikes', 'SELECT')
          AND has_table_privilege('hrlake_analyst', 'hrlake.v_flagged_messages', 'SELECT')
          AND NOT has_table_privilege('hrlake_analyst', 'hrlake.v_salary_levels', 'SELECT')
          AND NOT has_table_privilege('hrlake_analyst', 'hrlake.v_flagged_message_text', 'SELECT')
          AND NOT has_table_privilege('hrlake_analyst', 'hrlake.v_rejected_rows', 'SELECT'),
          'salaries, message text and rejected rows are in admin views');

-- Nobody may hook hrlake's tables: no TRIGGER, TRUNCATE or REFERENCES.
SELECT is(ARRAY(SELECT c.oid::regclass::text || ' ' || r.rolname || ' ' || p.priv FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                CROSS JOIN (VALUES ('TRIGGER'), ('TRUNCATE'), ('REFERENCES')) AS p(priv)
                CROSS JOIN pg_roles r
                WHERE n.nspname IN ('hrlake', 'hrlake_stage') AND c.relkind IN ('r', 'p', 'v')
                  AND r.rolname IN ('hrlake_loader', 'hrlake_analyst', 'hrlake_admin', 'public')
                  AND has_table_privilege(r.oid, c.oid, p.priv) ORDER BY 1),
          '{}'::text[], 'no role of hrlake holds TRIGGER, TRUNCATE or REFERENCES on its tables');

-- SECURITY DEFINER: exactly these, owned by hrlake_definer, search_path pinned.
SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'hrlake' AND p.prosecdef ORDER BY 1),
          ARRAY['hrlake._apply_message_retention(date)', 'hrlake._bump_marked_word_version()',
                'hrlake._due_periods(timestamp with time zone)',
                'hrlake._flag_messages_count(integer)', 'hrlake._inbox_take(text,text)',
                'hrlake._job_begin(text,date,boolean)',
                'hrlake._job_end(bigint,jsonb,text,text,text,boolean)', 'hrlake._job_reap(text)',
                'hrlake._message_key_kept()', 'hrlake._message_partitions(date)', 'hrlake._message_writer_lock()',
                'hrlake._note_staged()', 'hrlake._prune_job_runs(timestamp with time zone)',
                'hrlake._scd2_merge_count()',
                'hrlake.cooldown(date)', 'hrlake.designations_as_of(date)', 'hrlake.flag_messages(integer)',
                'hrlake.generate_80pct_notices(date)', 'hrlake.ingest(text)', 'hrlake.leave_80pct_report(date)',
                'hrlake.leave_8pct_report(date)',
                'hrlake.refresh_active_by_designation(date)', 'hrlake.refresh_leave_8pct(date)',
                'hrlake.scd2_merge()'],
          'the SECURITY DEFINER functions are the ones sql/api/99_privileges.sql lists');
SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'hrlake' AND p.prosecdef
                  AND (p.proowner <> 'hrlake_definer'::regrole
                       OR NOT coalesce(p.proconfig::text[] @> ARRAY['search_path=pg_catalog, pg_temp'], false))
                ORDER BY 1),
          '{}'::text[], 'each is owned by hrlake_definer and pins search_path');
-- hrlake.load() checks its caller's right to read server files (as COPY
-- does), so it is not SECURITY DEFINER; it then writes as its owner.
SELECT ok((SELECT NOT p.prosecdef AND p.proowner = 'hrlake_definer'::regrole
                  AND p.proconfig::text[] @> ARRAY['search_path=pg_catalog, pg_temp']
           FROM pg_proc p WHERE p.oid = 'hrlake.load(text,text)'::regprocedure),
          'load() is SECURITY INVOKER, owned by hrlake_definer, with search_path pinned');
-- Functions that run SQL pin their search_path too (C validators and
-- functions parsed at creation, BEGIN ATOMIC, need not).
SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                JOIN pg_language l ON l.oid = p.prolang
                WHERE n.nspname = 'hrlake' AND p.prokind = 'f' AND l.lanname IN ('plpgsql', 'sql')
                  AND p.prosqlbody IS NULL
                  AND NOT coalesce(p.proconfig::text[] @> ARRAY['search_path=pg_catalog, pg_temp'], false)
                ORDER BY 1),
          '{}'::text[], 'every plpgsql function and SQL function with a string body pins search_path');

SELECT ok(pg_has_role('hrlake_admin', 'hrlake_loader', 'MEMBER')
          AND pg_has_role('hrlake_admin', 'hrlake_analyst', 'MEMBER')
          AND NOT pg_has_role('hrlake_admin', 'hrlake_definer', 'MEMBER'),
          'admins hold the loader and analyst roles, never the definer');

-- Derived data is corrected by sending rows, never written directly: the
-- reports read leave_days (from employee_leave) and the history (from
-- timeframe_row), which a direct write would leave behind.
SELECT is(ARRAY(SELECT t || ' ' || p FROM unnest(ARRAY['hrlake.employee_leave', 'hrlake.leave_days',
                  'hrlake.timeframe_row', 'hrlake.employee_timeframe']) t,
                unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p
                WHERE has_table_privilege('hrlake_admin', t, p) ORDER BY 1),
          '{}'::text[], 'admins do not write derived data or what it is derived from directly');

-- An admin edits the marked words directly; the matcher's version moves.
SET LOCAL ROLE hrlake_admin;
SELECT lives_ok($$INSERT INTO hrlake.marked_word (word) VALUES ('ADMINWORD')$$,
                'admins add a marked word directly');
RESET ROLE;
SELECT is((SELECT version FROM hrlake._marked_word_version), 2::bigint,
          'and the matcher''s version moved');

SELECT * FROM finish();
ROLLBACK;
