-- The loader (SPEC §2.10): stages files and calls load/ingest; it cannot
-- change the batch ledger, choose ids, or influence what is flagged. Each
-- attempt is undone (pg_temp.try); its exact outcome is checked.
CREATE FUNCTION pg_temp.noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE FUNCTION pg_temp.same(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT $1 $$;

-- Staging: the value columns, nothing hrlake sets itself.
SELECT pg_temp.denied('loader: stages value columns', $$INSERT INTO hrlake_stage.employee (emp_id, age, name) VALUES ('1', '30', 'x')$$, 'ok');
SELECT pg_temp.denied('loader: stages a message', $$INSERT INTO hrlake_stage.message (key, sender, receiver, message, timestamp) VALUES ('k', '1', '2', 'hi', '1')$$, 'ok');
SELECT pg_temp.denied(format('loader: cannot set %s of a staged row', c), format('INSERT INTO hrlake_stage.employee (emp_id, %I) VALUES (''1'', %s)', c, v), '42501 permission denied for table employee')
FROM (VALUES ('batch_id', '1'), ('line_no', '1'), ('raw', '''x'''), ('stage_id', '1')) AS a(c, v);
SELECT pg_temp.denied('loader: cannot choose a staged row''s id, even overriding', $$INSERT INTO hrlake_stage.timeframe (stage_id, emp_id) OVERRIDING USER VALUE VALUES (1, '1')$$, '42501 permission denied for table timeframe');
SELECT pg_temp.denied('loader: cannot change staged rows (its own or others'')', $$UPDATE hrlake_stage.employee SET batch_id = NULL$$, '42501 permission denied for table employee');
SELECT pg_temp.denied('loader: cannot delete staged rows', $$DELETE FROM hrlake_stage.timeframe$$, '42501 permission denied for table timeframe');
SELECT pg_temp.denied('loader: cannot truncate staging', $$TRUNCATE hrlake_stage.leave$$, '42501 permission denied for table leave');

-- Messages: inserted, never with an id of their choice.
SELECT pg_temp.denied('loader: inserts a message', $$INSERT INTO hrlake.message (key, sender, receiver, message, sent_at) VALUES ('hostile-1', '1', '2', 'hi', now())$$, 'ok');
SELECT pg_temp.denied('loader: cannot choose a message id (OVERRIDING SYSTEM VALUE)', $$INSERT INTO hrlake.message (msg_id, sender, receiver, message) OVERRIDING SYSTEM VALUE VALUES (1, '1', '2', 'hi')$$, '42501 permission denied for table message');
SELECT pg_temp.denied(format('loader: cannot set a message''s %s', c), format('INSERT INTO hrlake.message (sender, receiver, message, %I) VALUES (''1'', ''2'', ''hi'', %s)', c, v), '42501 permission denied for table message')
FROM (VALUES ('received_at', 'now()'), ('batch_id', '1')) AS a(c, v);
SELECT pg_temp.denied('loader: cannot read the id a message got (RETURNING)', $$INSERT INTO hrlake.message (sender, receiver, message) VALUES ('1', '2', 'hi') RETURNING msg_id$$, '42501 permission denied for table message');
SELECT pg_temp.denied('loader: cannot change a message through ON CONFLICT', $$INSERT INTO hrlake.message (key, sender, receiver, message) VALUES ('hostile-1', '1', '2', 'hi') ON CONFLICT (key) DO UPDATE SET message = 'changed'$$,
                       -- keys are unique through hrlake.message_key (the table is partitioned by month):
                       -- hrlake.message has no arbiter an ON CONFLICT could name
                       '42P10 there is no unique or exclusion constraint matching the ON CONFLICT specification');
SELECT pg_temp.denied('loader: cannot write message keys', $$INSERT INTO hrlake.message_key VALUES ('hostile-2', 1)$$, '42501 permission denied for table message_key');
SELECT pg_temp.denied('loader: cannot change messages', $$UPDATE hrlake.message SET message = 'x'$$, '42501 permission denied for table message');
SELECT pg_temp.denied('loader: cannot delete messages', $$DELETE FROM hrlake.message$$, '42501 permission denied for table message');
SELECT pg_temp.denied('loader: cannot move the msg_id sequence', $$SELECT setval('hrlake.message_msg_id_seq', 1)$$, '42501 permission denied for sequence message_msg_id_seq');
SELECT pg_temp.denied('loader: cannot draw message ids', $$SELECT nextval('hrlake.message_msg_id_seq')$$, '42501 permission denied for sequence message_msg_id_seq');
SELECT pg_temp.denied('loader: cannot read the msg_id sequence', $$SELECT pg_sequence_last_value('hrlake.message_msg_id_seq')$$, '42501 permission denied for sequence message_msg_id_seq');
SELECT pg_temp.denied('loader: cannot alter the msg_id sequence', $$ALTER SEQUENCE hrlake.message_msg_id_seq CACHE 10$$, '42501 must be owner of sequence message_msg_id_seq');

-- The ledger and the flagging state.
SELECT pg_temp.denied('loader: cannot add a batch', $$INSERT INTO hrlake.batch (source, origin) VALUES ('employee', 'copy')$$, '42501 permission denied for table batch');
SELECT pg_temp.denied('loader: cannot change a batch', $$UPDATE hrlake.batch SET status = 'staged'$$, '42501 permission denied for table batch');
SELECT pg_temp.denied('loader: cannot delete a batch', $$DELETE FROM hrlake.batch$$, '42501 permission denied for table batch');
SELECT pg_temp.denied('loader: cannot delete rejects', $$DELETE FROM hrlake.rejected_row$$, '42501 permission denied for table rejected_row');
SELECT pg_temp.denied('loader: cannot move the scan position', $$UPDATE hrlake._matcher_state SET scanned_msg = scanned_msg + 1000$$, '42501 permission denied for table _matcher_state');
SELECT pg_temp.denied('loader: cannot add a marked word past the intake', $$INSERT INTO hrlake.marked_word (word) VALUES ('HOSTILE')$$, '42501 permission denied for table marked_word');
SELECT pg_temp.denied('loader: cannot flag a message itself', $$INSERT INTO hrlake.flagged_message (msg_id, sender, receiver, matched_words) VALUES (1, '1', '2', '{x}')$$, '42501 permission denied for table flagged_message');
SELECT pg_temp.denied('loader: cannot change strikes', $$UPDATE hrlake.employee_strike SET no_of_strikes = 0$$, '42501 permission denied for table employee_strike');
SELECT pg_temp.denied('loader: cannot lock the ledger', $$LOCK TABLE hrlake.batch$$, '42501 permission denied for table batch');

-- Server files: only with pg_read_server_files (README); hrlake.load()
-- checks the role calling it, as COPY does.
SELECT pg_temp.denied('loader: cannot load a server file without pg_read_server_files', $$SELECT hrlake.load('employee', '/etc/hostname')$$, '42501 permission denied to read server files');
SELECT pg_temp.denied('loader: cannot COPY from a server file either', $$COPY hrlake_stage.employee (emp_id) FROM '/etc/hostname'$$, '42501 must be superuser or have privileges of the pg_read_server_files role to COPY from a file');
SELECT pg_temp.denied('loader: cannot read a server file', $$SELECT pg_read_file('/etc/hostname')$$, '42501 permission denied for function pg_read_file');

-- Names it passes are checked, never pasted into SQL.
SELECT pg_temp.denied('loader: a source name is checked, not run', $$SELECT * FROM hrlake.ingest($q$employee'); DELETE FROM hrlake.batch; --$q$)$$, '22023 unknown source "employee''); DELETE FROM hrlake.batch; --"');
SELECT pg_temp.denied('loader: a source name is checked, not run (load)', $$SELECT hrlake.load($q$employee" WHERE false; --$q$, '/x')$$, '22023 unknown source "employee" WHERE false; --"');

-- hrlake's tables and schemas: nothing to attach, nothing to create.
SELECT pg_temp.denied(format('loader: cannot create in schema %s', s), format('CREATE TABLE %I.hostile (x int)', s), format('42501 permission denied for schema %s', s))
FROM unnest(ARRAY['hrlake', 'hrlake_stage', 'public']) s;
SELECT pg_temp.denied('loader: cannot plant public.lower', $$CREATE FUNCTION public.lower(text) RETURNS text LANGUAGE sql AS 'SELECT $1'$$, '42501 permission denied for schema public');
SELECT pg_temp.denied('loader: cannot plant operator public.=', $$CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = text, FUNCTION = texteq)$$, '42501 permission denied for schema public');
SELECT pg_temp.denied('loader: cannot put a trigger on staging', $$CREATE TRIGGER hostile AFTER INSERT ON hrlake_stage.employee FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.noop()$$, '42501 permission denied for table employee');
SELECT pg_temp.denied('loader: cannot put a rule on staging', $$CREATE RULE hostile AS ON INSERT TO hrlake_stage.employee DO ALSO NOTHING$$, '42501 must be owner of table employee');
SELECT pg_temp.denied('loader: cannot put a policy on staging', $$CREATE POLICY hostile ON hrlake_stage.employee USING (true)$$, '42501 must be owner of table employee');
SELECT pg_temp.denied('loader: cannot index staging with its function', $$CREATE INDEX ON hrlake_stage.employee (pg_temp.same(emp_id))$$, '42501 must be owner of table employee');
SELECT pg_temp.denied('loader: cannot turn staging''s triggers off', $$ALTER TABLE hrlake_stage.employee DISABLE TRIGGER ALL$$, '42501 must be owner of table employee');
SELECT pg_temp.denied('loader: cannot reference the ledger (its only tables are temporary)', $$CREATE TEMP TABLE hostile (b bigint REFERENCES hrlake.batch)$$, '42P16 constraints on temporary tables may reference only temporary tables');
SELECT pg_temp.denied('loader: cannot create an event trigger', $$CREATE EVENT TRIGGER hostile ON ddl_command_start EXECUTE FUNCTION pg_temp.noop()$$, '42501 permission denied to create event trigger "hostile"');

-- Roles and settings.
SELECT pg_temp.denied(format('loader: cannot SET ROLE %s', r), format('SET ROLE %I', r), '42501 permission denied to set role "' || r || '"')
FROM unnest(ARRAY['hrlake_definer', 'hrlake_admin', 'hrlake_analyst', 'postgres']) r;
SELECT pg_temp.denied('loader: cannot grant itself a role', $$GRANT hrlake_admin TO mallory_loader$$, '42501 must have admin option on role "hrlake_admin"');
SELECT pg_temp.denied(format('loader: cannot SET %s', g), format('SET %s = %L', g, v), format('42501 permission denied to set parameter "%s"', g))
FROM (VALUES ('session_replication_role', 'replica'), ('hrlake.job_max_attempts', '100'),
             ('hrlake.job_retry_delay', '0'), ('plpgsql.variable_conflict', 'use_column')) AS a(g, v);
