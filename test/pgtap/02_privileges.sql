-- Roles: loaders write staging and call load/ingest; analysts read views
-- without salaries or message text; admins do everything.
BEGIN;
SELECT plan(19);

SELECT has_role('hrlake_loader');
SELECT has_role('hrlake_analyst');
SELECT has_role('hrlake_admin');

SELECT table_privs_are('hrlake_stage', 'employee', 'hrlake_loader', ARRAY['INSERT', 'SELECT']);
SELECT function_privs_are('hrlake', 'ingest', ARRAY['text'], 'hrlake_loader', ARRAY['EXECUTE']);
SELECT function_privs_are('hrlake', 'load', ARRAY['text', 'text'], 'hrlake_loader', ARRAY['EXECUTE']);
SELECT function_privs_are('hrlake', 'load', ARRAY['text', 'text'], 'public', ARRAY[]::text[]);
SELECT function_privs_are('hrlake', 'ingest', ARRAY['text'], 'hrlake_analyst', ARRAY[]::text[]);

SELECT ok(NOT has_table_privilege('hrlake_loader', 'hrlake.employee', 'INSERT'),
          'loaders do not write silver tables directly');
SELECT ok(NOT has_table_privilege('hrlake_analyst', 'hrlake.employee_timeframe', 'SELECT'),
          'analysts cannot read the timeframe table (salaries)');
SELECT ok(NOT has_table_privilege('hrlake_analyst', 'hrlake.message', 'SELECT'),
          'analysts cannot read message text');
SELECT ok(NOT has_table_privilege('hrlake_analyst', 'hrlake.rejected_row', 'SELECT'),
          'analysts cannot read raw rejected rows (they hold salaries and messages)');
SELECT ok(NOT has_column_privilege('hrlake_analyst', 'hrlake.v_employee_strikes', 'current_salary', 'SELECT')
          AND NOT has_column_privilege('hrlake_analyst', 'hrlake.v_employee_strikes', 'base_salary', 'SELECT'),
          'analysts see no salary column of v_employee_strikes');
SELECT ok(NOT has_column_privilege('hrlake_analyst', 'hrlake.v_flagged_messages', 'message', 'SELECT'),
          'analysts see no message text in v_flagged_messages');

-- Every analyst-readable view column: none is a salary or message text.
SELECT is(ARRAY(
  SELECT c.table_name || '.' || c.column_name FROM information_schema.column_privileges c
  WHERE c.grantee = 'hrlake_analyst' AND c.privilege_type = 'SELECT'
    AND c.table_schema = 'hrlake'
    AND (c.column_name ~ 'salary|strike_[0-9]' OR c.column_name IN ('message', 'raw'))
  ORDER BY 1), '{}'::text[], 'no salary or message column is readable by analysts');

-- SECURITY DEFINER functions pin their search_path.
SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p
                JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'hrlake' AND p.prosecdef
                  AND NOT coalesce(p.proconfig::text[] @> ARRAY['search_path=pg_catalog, pg_temp'], false)
                ORDER BY 1),
          '{}'::text[], 'every SECURITY DEFINER function pins search_path');

SELECT ok(pg_has_role('hrlake_admin', 'hrlake_loader', 'MEMBER')
          AND pg_has_role('hrlake_admin', 'hrlake_analyst', 'MEMBER'),
          'admins hold the loader and analyst roles');

-- Server files: an admin without pg_write_server_files cannot write them,
-- not even through the internal function.
CREATE ROLE tap_admin IN ROLE hrlake_admin;
SET ROLE tap_admin;
SELECT throws_ok($$SELECT hrlake._write_text_files('/tmp', ARRAY['x.txt'], ARRAY['x'])$$, '42501',
                 'permission denied to write server files', 'writing server files needs pg_write_server_files');
SELECT throws_ok($$SELECT hrlake.load('employee', '/etc/passwd')$$, '42501',
                 'permission denied to read server files', 'reading server files needs pg_read_server_files');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
