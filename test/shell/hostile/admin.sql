-- The admin (SPEC §2.10): runs every job and function, reads everything,
-- corrects silver data; it cannot become a superuser nor run code with the
-- rights of the extension's owner or of hrlake_definer (which owns the
-- SECURITY DEFINER functions), by any path its grants allow. Each attempt
-- is undone (pg_temp.try); its exact outcome is checked.

-- hrlake's settings for superusers: the library is preloaded in every
-- session (session_preload_libraries), so SET refuses them at once (without
-- the preload, placeholders set before the library loads are dropped when
-- it loads).
SELECT pg_temp.denied(format('admin: cannot SET %s', g), format('SET %s = 100', g),
                      format('42501 permission denied to set parameter "%s"', g))
FROM unnest(ARRAY['hrlake.job_max_attempts', 'hrlake.job_retry_delay']) g;

CREATE FUNCTION pg_temp.noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE FUNCTION pg_temp.same(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT $1 $$;

-- Becoming someone else.
SELECT pg_temp.denied(format('admin: cannot SET ROLE %s', r), format('SET ROLE %I', r), '42501 permission denied to set role "' || r || '"')
FROM unnest(ARRAY['hrlake_definer', 'postgres', 'pg_read_server_files', 'pg_write_server_files', 'pg_execute_server_program']) r;
SELECT pg_temp.denied('admin: cannot SET SESSION AUTHORIZATION', $$SET SESSION AUTHORIZATION postgres$$, '42501 permission denied to set session authorization "postgres"');
SELECT pg_temp.denied(format('admin: cannot grant itself %s', r), format('GRANT %I TO mallory_admin', r), format('42501 must have admin option on role "%s"', r))
FROM unnest(ARRAY['hrlake_definer', 'pg_read_server_files', 'pg_write_server_files', 'pg_execute_server_program', 'pg_read_all_settings']) r;
SELECT pg_temp.denied('admin: cannot hand its role on', $$GRANT hrlake_admin TO mallory_analyst$$, '42501 must have admin option on role "hrlake_admin"');
SELECT pg_temp.denied('admin: cannot make itself a superuser', $$ALTER ROLE mallory_admin SUPERUSER$$, '42501 must be superuser to alter superuser roles or change superuser attribute');
SELECT pg_temp.denied('admin: cannot give itself CREATEROLE', $$ALTER ROLE mallory_admin CREATEROLE$$, '42501 permission denied');
SELECT pg_temp.denied('admin: cannot let anyone log in as hrlake_definer', $$ALTER ROLE hrlake_definer LOGIN PASSWORD 'x'$$, '42501 permission denied');
SELECT pg_temp.denied('admin: cannot take hrlake_definer''s objects', $$REASSIGN OWNED BY hrlake_definer TO mallory_admin$$, '42501 permission denied to reassign objects');
SELECT pg_temp.denied('admin: cannot set hrlake_definer''s default privileges', $$ALTER DEFAULT PRIVILEGES FOR ROLE hrlake_definer GRANT EXECUTE ON FUNCTIONS TO mallory_admin$$, '42501 must be member of role "hrlake_definer"');

-- Changing hrlake's SECURITY DEFINER functions, or what they run.
SELECT pg_temp.denied(format('admin: cannot %s', what), sql, error)
FROM (VALUES ('make ingest() SECURITY INVOKER', 'ALTER FUNCTION hrlake.ingest(text) SECURITY INVOKER',
              '42501 must be owner of function hrlake.ingest'),
             ('take flag_messages()', 'ALTER FUNCTION hrlake.flag_messages(integer) OWNER TO mallory_admin',
              '42501 must be owner of function flag_messages'),
             ('unpin cooldown()''s search_path', 'ALTER FUNCTION hrlake.cooldown(date) RESET search_path',
              '42501 must be owner of function hrlake.cooldown'),
             ('put public first for _job_end()',
              'ALTER FUNCTION hrlake._job_end(bigint, jsonb, text, text, text, boolean) SET search_path = public, pg_catalog',
              '42501 must be owner of function hrlake._job_end'),
             ('rename an internal the definer calls', 'ALTER FUNCTION hrlake._alert(text, text, date, bigint, jsonb) RENAME TO hostile',
              '42501 must be owner of function _alert')) AS a(what, sql, error);
SELECT pg_temp.denied('admin: cannot replace a SECURITY DEFINER function', $$CREATE OR REPLACE FUNCTION hrlake.refresh_leave_8pct(as_of date) RETURNS bigint LANGUAGE sql AS 'SELECT 0::bigint'$$, '42501 permission denied for schema hrlake');
SELECT pg_temp.denied('admin: cannot change the jobs'' statements', $$UPDATE hrlake._job_step SET statement = 'SELECT to_jsonb(pg_read_file(''/etc/hostname''))'$$, '42501 permission denied for table _job_step');
SELECT pg_temp.denied('admin: cannot add a job step', $$INSERT INTO hrlake._job_step VALUES ('daily', 1, 'hostile', 'SELECT ''{}''::jsonb')$$, '42501 permission denied for table _job_step');
SELECT pg_temp.denied('admin: a step it runs itself runs with its own rights', $$SELECT hrlake._job_step_run('SELECT to_jsonb(pg_read_file(''/etc/hostname''))', current_date)$$, '42501 permission denied for function pg_read_file');
SELECT pg_temp.denied('admin: cannot write the job ledger', $$UPDATE hrlake.job_run SET status = 'succeeded'$$, '42501 permission denied for table job_run');
SELECT pg_temp.denied('admin: cannot drop the extension', $$DROP EXTENSION hrlake$$, '42501 must be owner of extension hrlake');
SELECT pg_temp.denied('admin: cannot update the extension', $$ALTER EXTENSION hrlake UPDATE$$, '42501 must be owner of extension hrlake');
SELECT pg_temp.denied('admin: cannot turn off hrlake''s event trigger', $$ALTER EVENT TRIGGER hrlake_drop_extension DISABLE$$, '42501 must be owner of event trigger hrlake_drop_extension');

-- Attaching code to the tables the SECURITY DEFINER functions write.
SELECT pg_temp.denied(format('admin: cannot put a trigger on %s', t), format('CREATE TRIGGER hostile AFTER INSERT ON %s FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.noop()', t),
                      format('42501 permission denied for table %s', split_part(t, '.', 2)))
FROM unnest(ARRAY['hrlake.employee', 'hrlake.marked_word', 'hrlake.message', 'hrlake.batch', 'hrlake.employee_strike', 'hrlake_stage.employee']) t;
SELECT pg_temp.denied(format('admin: cannot %s', what), sql, format('42501 must be owner of table %s', t))
FROM (VALUES ('put a rule on a table it writes', 'CREATE RULE hostile AS ON INSERT TO hrlake.employee DO ALSO NOTHING', 'employee'),
             ('put a policy on a table it writes', 'CREATE POLICY hostile ON hrlake.employee USING (true)', 'employee'),
             ('turn on row security', 'ALTER TABLE hrlake.leave_quota ENABLE ROW LEVEL SECURITY', 'leave_quota'),
             ('index a table with its own function', 'CREATE INDEX ON hrlake.employee (pg_temp.same(name))', 'employee'),
             ('add a check calling its own function', 'ALTER TABLE hrlake.employee ADD CHECK (pg_temp.same(name) IS NOT NULL)', 'employee'),
             ('give a column a default calling its own function', 'ALTER TABLE hrlake.vocabulary ALTER COLUMN word SET DEFAULT pg_temp.same(''x'')', 'vocabulary'),
             ('turn off the flagging triggers', 'ALTER TABLE hrlake.marked_word DISABLE TRIGGER marked_word_changed', 'marked_word'),
             ('take a table', 'ALTER TABLE hrlake.employee OWNER TO mallory_admin', 'employee')) AS a(what, sql, t);
SELECT pg_temp.denied('admin: cannot truncate a table it corrects', $$TRUNCATE hrlake.employee$$, '42501 permission denied for table employee');
SELECT pg_temp.denied('admin: cannot create an event trigger', $$CREATE EVENT TRIGGER hostile ON ddl_command_start EXECUTE FUNCTION pg_temp.noop()$$, '42501 permission denied to create event trigger "hostile"');
SELECT pg_temp.denied(format('admin: cannot create in schema %s', s), format('CREATE FUNCTION %I.lower(text) RETURNS text LANGUAGE sql AS ''SELECT $1''', s), format('42501 permission denied for schema %s', s))
FROM unnest(ARRAY['hrlake', 'hrlake_stage', 'public', 'pg_catalog']) s;
SELECT pg_temp.denied('admin: cannot create a schema of its own', $$CREATE SCHEMA hostile$$, '42501 permission denied for database ' || current_database());

-- Server files and programs, libraries.
SELECT pg_temp.denied('admin: writes notices only where a superuser chose', $$SELECT * FROM hrlake.export_notices('2026-11-01')$$, '55000 hrlake.notice_directory is not set');
SELECT pg_temp.denied('admin: cannot load a server file', $$SELECT hrlake.load('employee', '/etc/hostname')$$, '42501 permission denied to read server files');
SELECT pg_temp.denied('admin: cannot run a program', $$COPY hrlake_stage.employee (emp_id) FROM PROGRAM 'id'$$, '42501 must be superuser or have privileges of the pg_execute_server_program role to COPY to or from an external program');
SELECT pg_temp.denied('admin: cannot load a library', $$LOAD '/tmp/hostile.so'$$, '42501 access to library "/tmp/hostile.so" is not allowed');

-- Settings hrlake's code reads.
SELECT pg_temp.denied(format('admin: cannot SET %s', g), format('SET %s = %L', g, v), format('42501 permission denied to set parameter "%s"', g))
FROM (VALUES ('session_replication_role', 'replica'), ('hrlake.job_max_attempts', '100'),
             ('hrlake.job_retry_delay', '0'), ('hrlake.job_run_retention', '1d'), ('hrlake.notice_directory', '/tmp'),
             ('plpgsql.variable_conflict', 'use_column')) AS a(g, v);
SELECT pg_temp.denied('admin: cannot make them its default', $$ALTER ROLE mallory_admin SET hrlake.job_max_attempts = 100$$, '42501 permission denied to set parameter "hrlake.job_max_attempts"');
SELECT pg_temp.denied('admin: cannot set the database''s defaults', format('ALTER DATABASE %I SET search_path = public', current_database()), '42501 must be owner of database ' || current_database());

-- Its grants, used as meant: corrections, never ids nor the flagging state.
SELECT pg_temp.denied('admin: corrects marked words (the matcher follows)',
                      $$INSERT INTO hrlake.marked_word (word, batch_id) VALUES ('HOSTILEWORD', NULL)$$, 'ok');
SELECT pg_temp.denied('admin: corrects a message', $$UPDATE hrlake.message SET message = message || ' (corrected)' WHERE msg_id = 1$$, 'ok');
SELECT pg_temp.denied('admin: cannot choose a message id', $$INSERT INTO hrlake.message (msg_id, sender, receiver, message) OVERRIDING SYSTEM VALUE VALUES (1, '1', '2', 'hi')$$, '42501 permission denied for table message');
SELECT pg_temp.denied('admin: cannot renumber a message', $$UPDATE hrlake.message SET msg_id = msg_id + 1000000$$, '428C9 column "msg_id" can only be updated to DEFAULT');
SELECT pg_temp.denied('admin: cannot put a staged row in a batch', $$INSERT INTO hrlake_stage.employee (emp_id, batch_id, line_no) VALUES ('1', 1, 1)$$, '42501 permission denied for table employee');
SELECT pg_temp.denied('admin: discards staged rows', $$DELETE FROM hrlake_stage.employee$$, 'ok');
SELECT pg_temp.denied('admin: cannot move the scan position', $$UPDATE hrlake._matcher_state SET scanned_msg = scanned_msg + 1000$$, '42501 permission denied for table _matcher_state');
SELECT pg_temp.denied('admin: cannot flag or unflag', $$DELETE FROM hrlake.flagged_message$$, '42501 permission denied for table flagged_message');
SELECT pg_temp.denied('admin: cannot change strikes but through cooldown()', $$UPDATE hrlake.employee_strike SET no_of_strikes = 0$$, '42501 permission denied for table employee_strike');
SELECT pg_temp.denied('admin: cannot write the history but through the merge', $$DELETE FROM hrlake.employee_timeframe$$, '42501 permission denied for table employee_timeframe');
SELECT pg_temp.denied('admin: cannot write the ledger', $$UPDATE hrlake.batch SET rows_rejected = 0$$, '42501 permission denied for table batch');
SELECT pg_temp.denied('admin: cannot ingest around ingest()''s lock', $$SELECT * FROM hrlake._ingest_rows('employee')$$, '42501 permission denied for function _ingest_rows');

-- A privilege it holds without the grant option is not passed on.
GRANT SELECT ON hrlake.employee_timeframe TO mallory_analyst;
GRANT EXECUTE ON FUNCTION hrlake.timeframe_as_of(date) TO mallory_analyst;
SELECT pg_temp.expect('admin: cannot pass its reads of salaries on (GRANT only warns, grants nothing)',
                      has_table_privilege('mallory_analyst', 'hrlake.employee_timeframe', 'SELECT')::text || ' '
                      || has_function_privilege('mallory_analyst', 'hrlake.timeframe_as_of(date)', 'EXECUTE')::text,
                      'false false');
