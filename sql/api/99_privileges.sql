-- Every privilege hrlake gives, in one place and from scratch: first all
-- are taken back from PUBLIC and hrlake's roles, then each is granted. An
-- update runs this file too, so an updated database ends with exactly the
-- privileges of a fresh install. The roles (SPEC §2.10):
--   hrlake_loader   stages rows (value columns only) and calls load/ingest;
--                   the ledgers, ids and flagging state are out of its reach
--   hrlake_analyst  reads the BI views, which hold no salaries, message text
--                   or raw rejected values (admins read those in their own views)
--   hrlake_admin    runs every job and function, reads everything, corrects
--                   silver data; cannot run code with the owner's rights
--   hrlake_definer  owns the SECURITY DEFINER functions listed below
-- Nobody but the owner holds TRIGGER, TRUNCATE or REFERENCES on hrlake's
-- tables: a trigger on a table a SECURITY DEFINER function writes would run
-- with that function's rights.

-- The partitioned message tables are hrlake_definer's: making and dropping
-- their month partitions needs the owner (86_message_partitions.sql).
ALTER TABLE hrlake.message OWNER TO hrlake_definer;
ALTER TABLE hrlake.flagged_message OWNER TO hrlake_definer;

REVOKE ALL ON SCHEMA hrlake, hrlake_stage, hrlake_archive
  FROM PUBLIC, hrlake_loader, hrlake_analyst, hrlake_admin, hrlake_definer;
REVOKE ALL ON ALL TABLES IN SCHEMA hrlake, hrlake_stage
  FROM PUBLIC, hrlake_loader, hrlake_analyst, hrlake_admin, hrlake_definer;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA hrlake, hrlake_stage
  FROM PUBLIC, hrlake_loader, hrlake_analyst, hrlake_admin, hrlake_definer;
REVOKE ALL ON ALL ROUTINES IN SCHEMA hrlake
  FROM PUBLIC, hrlake_loader, hrlake_analyst, hrlake_admin, hrlake_definer;

-- The SECURITY DEFINER functions, and why each must be one. Each pins
-- search_path to pg_catalog, pg_temp and names hrlake's objects with their
-- schema; hrlake_definer has only the table rights granted at the end of
-- this file. test/shell/hostile_roles_test.sh tries to hook them.
ALTER FUNCTION hrlake.load(text, text) OWNER TO hrlake_definer;
  -- not SECURITY DEFINER: it checks the caller's right to read server
  -- files (pg_read_server_files, as COPY FROM a file does), then writes the
  -- batch, its staged rows and rejects with its owner's rights
  -- (src/pg/load.cpp), which the loader does not hold
ALTER FUNCTION hrlake._inbox_take(text, text) OWNER TO hrlake_definer;
  -- loads a file of the inbox as load() does (15_inbox.sql): the inbox a
  -- superuser chose is the right to read it, so no caller's right is checked
ALTER FUNCTION hrlake.ingest(text) OWNER TO hrlake_definer;
  -- the loader validates staged rows into silver tables and the ledger,
  -- which it cannot write
ALTER FUNCTION hrlake.scd2_merge() OWNER TO hrlake_definer;
ALTER FUNCTION hrlake._scd2_merge_count() OWNER TO hrlake_definer;
  -- the merge writes the history and closes batches in the ledger
ALTER FUNCTION hrlake.flag_messages(integer) OWNER TO hrlake_definer;
ALTER FUNCTION hrlake._flag_messages_count(integer) OWNER TO hrlake_definer;
  -- the scan position, flagged messages and strike counts change only here
ALTER FUNCTION hrlake.cooldown(date) OWNER TO hrlake_definer;
  -- strike counts and the cooldown ledger change only here
ALTER FUNCTION hrlake.refresh_leave_8pct(date) OWNER TO hrlake_definer;
ALTER FUNCTION hrlake.refresh_active_by_designation(date) OWNER TO hrlake_definer;
ALTER FUNCTION hrlake.generate_80pct_notices(date) OWNER TO hrlake_definer;
  -- the stored reports are written only by their jobs
ALTER FUNCTION hrlake.leave_8pct_report(date) OWNER TO hrlake_definer;
ALTER FUNCTION hrlake.leave_80pct_report(date) OWNER TO hrlake_definer;
ALTER FUNCTION hrlake.designations_as_of(date) OWNER TO hrlake_definer;
  -- read-only reports the analyst may run over tables it cannot read
ALTER FUNCTION hrlake._due_periods(timestamptz) OWNER TO hrlake_definer;
  -- read-only; v_job_health calls it for analysts, who cannot read job_run
  -- (a function a view calls runs with the reader's rights)
ALTER FUNCTION hrlake._message_writer_lock() OWNER TO hrlake_definer;
  -- any message writer announces its place in the msg_id sequence, which
  -- it may not read
ALTER FUNCTION hrlake._bump_marked_word_version() OWNER TO hrlake_definer;
  -- admins correct marked words, and the matcher's version must move with
  -- them; they may not write the matcher's state (its scan position
  -- decides which messages are flagged)
ALTER FUNCTION hrlake._message_key_kept() OWNER TO hrlake_definer;
  -- any message writer's keys go into message_key, which it may not write
ALTER FUNCTION hrlake._message_partitions(date) OWNER TO hrlake_definer;
ALTER FUNCTION hrlake._apply_message_retention(date) OWNER TO hrlake_definer;
  -- month partitions are made and dropped by the tables' owner only
ALTER FUNCTION hrlake._job_begin(text, date, boolean) OWNER TO hrlake_definer;
ALTER FUNCTION hrlake._job_end(bigint, jsonb, text, text, text, boolean) OWNER TO hrlake_definer;
ALTER FUNCTION hrlake._job_reap(text) OWNER TO hrlake_definer;
ALTER FUNCTION hrlake._prune_job_runs(timestamptz) OWNER TO hrlake_definer;
  -- the job ledger is written only by the jobs (the job procedures run as
  -- their caller: a procedure that commits cannot be SECURITY DEFINER)
ALTER FUNCTION hrlake._note_staged() OWNER TO hrlake_definer;
  -- a statement that stages rows notes it for the next ingest; the loader
  -- cannot write the note table

GRANT USAGE ON SCHEMA hrlake TO hrlake_loader, hrlake_analyst, hrlake_admin, hrlake_definer;
GRANT USAGE ON SCHEMA hrlake_stage TO hrlake_loader, hrlake_admin, hrlake_definer;
-- The definer makes month partitions, and archives months.
GRANT CREATE ON SCHEMA hrlake TO hrlake_definer;
GRANT USAGE ON SCHEMA hrlake_archive TO hrlake_admin, hrlake_definer;
GRANT CREATE ON SCHEMA hrlake_archive TO hrlake_definer;

-- The loader: value columns of staging (batch, line, raw text and ids are
-- hrlake's), messages by INSERT (not their ids), and what it loaded.
GRANT SELECT ON ALL TABLES IN SCHEMA hrlake_stage TO hrlake_loader;
GRANT INSERT (emp_id, age, name) ON hrlake_stage.employee TO hrlake_loader;
GRANT INSERT (emp_id, designation, start_date, end_date, salary) ON hrlake_stage.timeframe TO hrlake_loader;
GRANT INSERT (emp_id, leave_quota, year) ON hrlake_stage.leave_quota TO hrlake_loader;
GRANT INSERT (reason, date) ON hrlake_stage.leave_calendar TO hrlake_loader;
GRANT INSERT (emp_id, date, status) ON hrlake_stage.leave TO hrlake_loader;
GRANT INSERT (word) ON hrlake_stage.vocabulary, hrlake_stage.marked_word TO hrlake_loader;
GRANT INSERT (key, sender, receiver, message, timestamp) ON hrlake_stage.message TO hrlake_loader;
GRANT INSERT (doc) ON hrlake_stage.message_raw, hrlake_stage.vocabulary_raw, hrlake_stage.marked_word_raw
  TO hrlake_loader;
GRANT INSERT (key, sender, receiver, message, sent_at) ON hrlake.message TO hrlake_loader;
GRANT SELECT ON hrlake.batch, hrlake.rejected_row, hrlake.v_rejected_rows, hrlake.v_progress TO hrlake_loader;
GRANT EXECUTE ON FUNCTION hrlake.load(text, text), hrlake.ingest(text) TO hrlake_loader;
-- The inbox pass, and what it calls with the caller's rights.
GRANT EXECUTE ON PROCEDURE hrlake.load_inbox(text[], jsonb), hrlake._inbox_pass(text[], text, date, bigint, jsonb)
  TO hrlake_loader;
GRANT EXECUTE ON FUNCTION hrlake._inbox_scan(text[], boolean), hrlake._inbox_take(text, text), hrlake._inbox_finish(),
  hrlake._in_transaction_block(), hrlake._alert(text, text, date, bigint, jsonb), hrlake._setting(text),
  hrlake._sources()
  TO hrlake_loader;

-- The analyst: the BI views, and the read-only reports.
GRANT SELECT ON hrlake.v_employee_current, hrlake.v_active_by_designation,
  hrlake.v_active_by_designation_history, hrlake.v_leave_8pct, hrlake.v_leave_8pct_history,
  hrlake.v_leave_80pct, hrlake.v_leave_without_quota, hrlake.v_flagged_messages,
  hrlake.v_message_activity, hrlake.v_message_activity_monthly, hrlake.v_employee_strikes, hrlake.v_strike_history,
  hrlake.v_job_health, hrlake.v_data_quality
  TO hrlake_analyst;
GRANT EXECUTE ON FUNCTION hrlake.leave_8pct_report(date), hrlake.leave_80pct_report(date),
  hrlake.designations_as_of(date)
  TO hrlake_analyst;
-- Each view an analyst reads is a security barrier: a function of the
-- analyst's in a WHERE clause sees only the rows the view shows, never the
-- ones its joins and conditions leave out (other messages, batches,
-- employees' leave days).
DO $$
DECLARE
  v regclass;
BEGIN
  FOR v IN SELECT c.oid FROM pg_catalog.pg_class c
           WHERE c.relnamespace = 'hrlake'::regnamespace AND c.relkind = 'v'
             AND pg_catalog.has_table_privilege('hrlake_analyst', c.oid, 'SELECT')
           ORDER BY c.relname LOOP
    EXECUTE pg_catalog.format('ALTER VIEW %s SET (security_barrier = true)', v);
  END LOOP;
END
$$;
-- The functions the views and the defaults of granted functions call:
-- executed with the reader's rights, so each reads no table the reader
-- cannot (or is a SECURITY DEFINER function above).
GRANT EXECUTE ON FUNCTION hrlake.utc_today(), hrlake._year_days(date[]), hrlake._due_periods(timestamptz)
  TO hrlake_loader, hrlake_analyst;
GRANT EXECUTE ON FUNCTION hrlake._progress_name(text, bigint) TO hrlake_loader;  -- v_progress

-- The admin: reads everything, corrects silver data and messages, discards
-- staged rows, runs everything. Like the loader (whose rights it holds), it
-- never chooses ids: staged rows' batches, lines and raw text, message ids.
-- Derived data is corrected by sending rows: the timeframe history (from
-- timeframe_row) and leave (employee_leave feeds leave_days, which the
-- reports read; a CANCELLED row withdraws a leave, SPEC §2.4).
GRANT SELECT ON ALL TABLES IN SCHEMA hrlake, hrlake_stage TO hrlake_admin;
GRANT INSERT, UPDATE, DELETE ON hrlake.employee, hrlake.leave_quota,
  hrlake.leave_calendar, hrlake.vocabulary, hrlake.marked_word
  TO hrlake_admin;
GRANT UPDATE (key, sender, receiver, message, sent_at), DELETE ON hrlake.message TO hrlake_admin;
GRANT DELETE ON ALL TABLES IN SCHEMA hrlake_stage TO hrlake_admin;
GRANT EXECUTE ON ALL ROUTINES IN SCHEMA hrlake TO hrlake_admin;
-- Runs inside ingest(), under its lock and as its owner.
REVOKE EXECUTE ON FUNCTION hrlake._ingest_rows(text) FROM hrlake_admin;

-- The definer: what the SECURITY DEFINER functions read and write.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA hrlake, hrlake_stage TO hrlake_definer;
GRANT TRUNCATE ON hrlake.leave_days TO hrlake_definer;
GRANT SELECT ON hrlake.message_msg_id_seq TO hrlake_definer;
GRANT SELECT ON ALL SEQUENCES IN SCHEMA hrlake_stage TO hrlake_definer;  -- _note_staged: currval
GRANT EXECUTE ON ALL ROUTINES IN SCHEMA hrlake TO hrlake_definer;

-- Month partitions are read and written through their parent (privileges
-- are checked there only), so nobody holds anything on one itself, however
-- it came to be: made by the definer later, or present when an update runs
-- the grants above over every table. The default partitions stay readable
-- by admins (rows waiting for their month: 95_comments.sql).
DO $$
DECLARE
  v_part regclass;
BEGIN
  FOR v_part IN
    SELECT c.oid::regclass FROM pg_catalog.pg_class c
    WHERE c.relnamespace = 'hrlake'::regnamespace AND c.relispartition
      AND c.oid NOT IN (SELECT partdefid FROM pg_catalog.pg_partitioned_table)
  LOOP
    EXECUTE pg_catalog.format('REVOKE ALL ON %s FROM PUBLIC, hrlake_loader, hrlake_analyst, hrlake_admin', v_part);
  END LOOP;
END
$$;
