-- What every object of hrlake means, as BI users and DBAs read it (psql's
-- \d+ and \df+, the metadata of JDBC, ODBC and SQLAlchemy): meaning, unit,
-- the rule of SPEC.md (§) it follows, and who may read or run it. All the
-- comments are here, none next to the objects: this file runs on install
-- and on every update, so an updated database gets them as a fresh one does
-- (sql/install/ runs only on a fresh install). test/pgtap/06_documented.sql
-- fails when a table, view, column or public function has none, and when a
-- "Read by:" or "Run by:" list differs from the privileges that
-- 99_privileges.sql grants.

COMMENT ON SCHEMA hrlake IS
  'hrlake, the HR data pipeline (SPEC §3): silver and gold tables, the views BI tools read (v_*), the functions and the job procedures. Names starting with "_" are internal.';
COMMENT ON SCHEMA hrlake_stage IS
  $$Landing tables, one per source (SPEC §1): text columns, so COPY never fails on a value. \copy rows into hrlake_stage.<source> (value columns only), then hrlake.ingest('<source>') or the daily/stream job validates them. Ingested rows are removed. Read by: hrlake_loader, hrlake_admin.$$;

------------------------------------------------------------------------------
-- Staging (bronze): hrlake_stage.<source>
------------------------------------------------------------------------------

COMMENT ON TABLE hrlake_stage.employee IS
  $$Employee rows waiting for ingest (SPEC §1, §2.2): \copy hrlake_stage.employee (emp_id, age, name) from 'file.csv' csv header. Read by: hrlake_loader, hrlake_admin.$$;
COMMENT ON TABLE hrlake_stage.timeframe IS
  $$Timeframe rows waiting for ingest (SPEC §1, §2.3): \copy hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary) from 'file.csv' csv header. Read by: hrlake_loader, hrlake_admin.$$;
COMMENT ON TABLE hrlake_stage.leave_quota IS
  $$Leave quota rows waiting for ingest (SPEC §1, §2.4): \copy hrlake_stage.leave_quota (emp_id, leave_quota, year) from 'file.csv' csv header. Read by: hrlake_loader, hrlake_admin.$$;
COMMENT ON TABLE hrlake_stage.leave_calendar IS
  $$Holiday calendar rows waiting for ingest (SPEC §1, §2.4): \copy hrlake_stage.leave_calendar (reason, date) from 'file.csv' csv header. Read by: hrlake_loader, hrlake_admin.$$;
COMMENT ON TABLE hrlake_stage.leave IS
  $$Leave events waiting for ingest (SPEC §1, §2.4): \copy hrlake_stage.leave (emp_id, date, status) from 'file.csv' csv header. Read by: hrlake_loader, hrlake_admin.$$;
COMMENT ON TABLE hrlake_stage.vocabulary IS
  $$Vocabulary words waiting for ingest (SPEC §1, §2.8), one word a row (INSERT ... (word) or \copy hrlake_stage.vocabulary (word)). Read by: hrlake_loader, hrlake_admin.$$;
COMMENT ON TABLE hrlake_stage.marked_word IS
  $$Marked (reserved) words waiting for ingest (SPEC §1, §2.8), one word a row. Read by: hrlake_loader, hrlake_admin.$$;
COMMENT ON TABLE hrlake_stage.message IS
  $$Chat messages waiting for ingest (SPEC §1, §2.8): key, sender, receiver, message, timestamp as text. Messages may also be INSERTed straight into hrlake.message. Read by: hrlake_loader, hrlake_admin.$$;

COMMENT ON TABLE hrlake_stage.message_raw IS
  $$Messages as JSON lines piped in by clients (a broker consumer: kcat ... | psql -c "\copy hrlake_stage.message_raw (doc) from stdin with (format csv, quote e'\x01', delimiter e'\x02')"), one JSON document a row; the next ingest reads each by the rules, limits and rejects of a JSON-lines file. Read by: hrlake_loader, hrlake_admin.$$;
COMMENT ON TABLE hrlake_stage.vocabulary_raw IS
  $$Vocabulary words as JSON lines piped in by clients, one JSON string a row (as hrlake_stage.message_raw). Read by: hrlake_loader, hrlake_admin.$$;
COMMENT ON TABLE hrlake_stage.marked_word_raw IS
  $$Marked words as JSON lines piped in by clients, one JSON string a row (as hrlake_stage.message_raw). Read by: hrlake_loader, hrlake_admin.$$;
COMMENT ON COLUMN hrlake_stage.message_raw.doc IS 'One JSON object, as a line of a JSON-lines file (SPEC §1: sender, receiver, message, timestamp, optional key); NULL or blank: no row';
COMMENT ON COLUMN hrlake_stage.vocabulary_raw.doc IS 'One JSON string: a word (SPEC §1); NULL or blank: no row';
COMMENT ON COLUMN hrlake_stage.marked_word_raw.doc IS 'One JSON string: a reserved word (SPEC §1); NULL or blank: no row';
COMMENT ON COLUMN hrlake_stage.employee.emp_id IS 'Employee id as in the file (SPEC §1: text, at most 64 characters, §2.10)';
COMMENT ON COLUMN hrlake_stage.employee.age IS 'Age in years as in the file; ingest rejects a value that is not an integer in 1..150 (SPEC §2.2)';
COMMENT ON COLUMN hrlake_stage.employee.name IS 'Name as in the file; ingest rejects an empty one or one over 500 characters (SPEC §2.2, §2.10)';
COMMENT ON COLUMN hrlake_stage.timeframe.emp_id IS 'Employee id as in the file (SPEC §1, at most 64 characters)';
COMMENT ON COLUMN hrlake_stage.timeframe.designation IS 'Designation (job grade, e.g. A-F) as in the file; at most 200 characters (SPEC §2.10)';
COMMENT ON COLUMN hrlake_stage.timeframe.start_date IS 'Start as Unix epoch seconds, possibly with a fraction (1712452956.0); becomes the UTC date by truncation (SPEC §2.3)';
COMMENT ON COLUMN hrlake_stage.timeframe.end_date IS 'End as Unix epoch seconds; empty = still open (SPEC §2.3)';
COMMENT ON COLUMN hrlake_stage.timeframe.salary IS 'Salary as in the file: a non-negative decimal, at most 15 digits before the point and 6 after (SPEC §2.3)';
COMMENT ON COLUMN hrlake_stage.leave_quota.emp_id IS 'Employee id as in the file (SPEC §1, at most 64 characters)';
COMMENT ON COLUMN hrlake_stage.leave_quota.leave_quota IS 'Leave days allowed in the year, as in the file; a non-negative integer (SPEC §2.4)';
COMMENT ON COLUMN hrlake_stage.leave_quota.year IS 'Calendar year of the quota, as in the file; 1900..2999 (SPEC §2.4)';
COMMENT ON COLUMN hrlake_stage.leave_calendar.reason IS 'Name of the holiday, as in the file';
COMMENT ON COLUMN hrlake_stage.leave_calendar.date IS 'Date of the holiday, as in the file: 2023-7-28 (no zero padding) or ISO (SPEC §1)';
COMMENT ON COLUMN hrlake_stage.leave.emp_id IS 'Employee id as in the file (SPEC §1, at most 64 characters)';
COMMENT ON COLUMN hrlake_stage.leave.date IS 'Day of leave, as in the file (SPEC §2.4)';
COMMENT ON COLUMN hrlake_stage.leave.status IS 'ACTIVE (applied) or CANCELLED, any case (SPEC §2.4)';
COMMENT ON COLUMN hrlake_stage.vocabulary.word IS 'A word used in messages; at most 200 characters (SPEC §2.8, §2.10)';
COMMENT ON COLUMN hrlake_stage.marked_word.word IS 'A reserved word: a message holding it as a whole word, in any case, is flagged (SPEC §2.8)';
COMMENT ON COLUMN hrlake_stage.message.key IS 'Optional delivery key: a keyed delivery whose key was already seen is ignored (SPEC §2.8); at most 200 characters';
COMMENT ON COLUMN hrlake_stage.message.sender IS 'Employee id of the sender, kept exactly as sent (SPEC §2.8); at most 64 characters';
COMMENT ON COLUMN hrlake_stage.message.receiver IS 'Employee id of the receiver, kept exactly as sent (SPEC §2.8); at most 64 characters';
COMMENT ON COLUMN hrlake_stage.message.message IS 'The message text';
COMMENT ON COLUMN hrlake_stage.message.timestamp IS 'The message time: epoch seconds or milliseconds, or ISO-8601; empty = the time it is stored (SPEC §2.8)';

-- The columns every staging table ends with, said once.
DO $$
DECLARE
  t text;
BEGIN
  FOR t IN SELECT c.relname FROM pg_catalog.pg_class c
           WHERE c.relnamespace = 'hrlake_stage'::regnamespace AND c.relkind = 'r' LOOP
    EXECUTE format('COMMENT ON COLUMN hrlake_stage.%I.batch_id IS %L', t,
      'The batch (hrlake.batch) the next ingest gave the row; NULL until then. Set by hrlake, not by the loader');
    EXECUTE format('COMMENT ON COLUMN hrlake_stage.%I.line_no IS %L', t, CASE WHEN t LIKE '%\_raw'
      THEN 'Position of the document in its batch, in copy order, from 1 (the line of a JSON-lines file); set by the ingest'
      ELSE 'Position of the row in its batch, in copy order, from 2 (line 1 stands for a header); set by the ingest' END);
    EXECUTE format('COMMENT ON COLUMN hrlake_stage.%I.stage_id IS %L', t,
      'Arrival order of the staged rows (identity); the ingest numbers a batch by it');
    CONTINUE WHEN t LIKE '%\_raw';  -- a document is its own raw text
    EXECUTE format('COMMENT ON COLUMN hrlake_stage.%I.raw IS %L', t,
      'Raw text of the row as a file load of hrlake 0.1.0 staged it; NULL for rows a client copied (a reject then shows their fields)');
  END LOOP;
END
$$;

------------------------------------------------------------------------------
-- The batch ledger (SPEC §2.1)
------------------------------------------------------------------------------

COMMENT ON TABLE hrlake.batch IS
  'One delivery of a source (SPEC §2.1): a file given to hrlake.load(), the rows clients copied into staging since the last ingest, or the closes of 10th strikes. Once ingested, rows_total = rows_loaded + rows_duplicate + rows_rejected. Read by: hrlake_loader, hrlake_admin.';
COMMENT ON COLUMN hrlake.batch.batch_id IS 'Batch id, increasing in the order batches were opened';
COMMENT ON COLUMN hrlake.batch.source IS 'The source (SPEC §1): employee, timeframe, leave_quota, leave_calendar, leave, vocabulary, marked_word or message';
COMMENT ON COLUMN hrlake.batch.origin IS 'file: hrlake.load(); copy: rows copied into hrlake_stage by a client; strike: timeframe closes made by 10th strikes (SPEC §2.8)';
COMMENT ON COLUMN hrlake.batch.path IS 'Absolute path of the file on the database server (origin file); NULL otherwise';
COMMENT ON COLUMN hrlake.batch.content_sha256 IS 'SHA-256 of the file''s bytes: a file whose content was already loaded for the source is not loaded again (SPEC §2.1)';
COMMENT ON COLUMN hrlake.batch.loaded_at IS 'When the batch was opened';
COMMENT ON COLUMN hrlake.batch.loaded_by IS 'The session user who loaded the file, ran the ingest of the copied rows, or flagged the messages';
COMMENT ON COLUMN hrlake.batch.rows_staged IS 'Rows the batch holds that could be read (file records, or rows claimed from staging)';
COMMENT ON COLUMN hrlake.batch.rows_rejected_at_load IS 'Rows of the file that could not be read as rows of the source (stage load in rejected_row)';
COMMENT ON COLUMN hrlake.batch.status IS 'staged: waiting for ingest (a timeframe batch: its rows wait for the merge, SPEC §2.3); ingested: done, counts final';
COMMENT ON COLUMN hrlake.batch.ingested_at IS 'When the batch was ingested; NULL while staged';
COMMENT ON COLUMN hrlake.batch.rows_total IS 'Every input row of the batch: rows_staged + rows_rejected_at_load = rows_loaded + rows_duplicate + rows_rejected (SPEC §2.1)';
COMMENT ON COLUMN hrlake.batch.rows_loaded IS 'Rows that changed what is stored (a new or restated value, SPEC §2.2-2.4, §2.8)';
COMMENT ON COLUMN hrlake.batch.rows_duplicate IS 'Valid rows that changed nothing: duplicates in the batch or of what was already stored';
COMMENT ON COLUMN hrlake.batch.rows_rejected IS 'Rows kept in hrlake.rejected_row with a reason';

COMMENT ON TABLE hrlake.rejected_row IS
  'Every input row that was not loaded, with its raw text, batch, line and a reason a person can act on (SPEC §2.1). raw may hold salaries and message text: analysts see counts only (v_data_quality). Read by: hrlake_loader, hrlake_admin.';
COMMENT ON COLUMN hrlake.rejected_row.reject_id IS 'Reject id, in the order rows were rejected';
COMMENT ON COLUMN hrlake.rejected_row.batch_id IS 'The batch (hrlake.batch) the row came in';
COMMENT ON COLUMN hrlake.rejected_row.source IS 'The source of the batch (SPEC §1)';
COMMENT ON COLUMN hrlake.rejected_row.line_no IS
  'Line of the file where the row starts (CSV, JSON lines), element number (JSON array), or position among the rows a client copied (from 2)';
COMMENT ON COLUMN hrlake.rejected_row.raw IS 'The row as it came (a copied row: its fields); invalid UTF-8 and NUL bytes escaped';
COMMENT ON COLUMN hrlake.rejected_row.raw_bytes IS 'The exact bytes of the row when raw had to escape invalid UTF-8 or a NUL byte; NULL otherwise';
COMMENT ON COLUMN hrlake.rejected_row.reason IS 'Why the row was not loaded, quoting the value at fault (e.g. age "abc" is not an integer)';
COMMENT ON COLUMN hrlake.rejected_row.stage IS 'load: the row could not be read (malformed CSV or JSON, a field over hrlake.max_field_size); ingest: read, but refused by the rules of SPEC §2';
COMMENT ON COLUMN hrlake.rejected_row.rejected_at IS 'When the row was rejected';

------------------------------------------------------------------------------
-- Employees (SPEC §2.2)
------------------------------------------------------------------------------

COMMENT ON TABLE hrlake.employee IS
  'Every distinct (emp_id, age, name) ever loaded (SPEC §2.2); only grows. The current one of an emp_id is the one loaded most recently (v_employee_current). Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake.employee.emp_id IS 'Employee id (text, at most 64 characters; compared byte by byte, COLLATE "C")';
COMMENT ON COLUMN hrlake.employee.age IS 'Age in years, 1..150';
COMMENT ON COLUMN hrlake.employee.name IS 'Name, 1..500 characters';
COMMENT ON COLUMN hrlake.employee.batch_id IS 'The batch that loaded this (age, name) most recently';
COMMENT ON COLUMN hrlake.employee.line_no IS 'Line of that batch';
COMMENT ON COLUMN hrlake.employee.loaded_at IS 'When this (age, name) was loaded most recently';

------------------------------------------------------------------------------
-- Timeframe history, SCD type 2 (SPEC §2.3, §2.7, §2.7a)
------------------------------------------------------------------------------

COMMENT ON TABLE hrlake.timeframe_row IS
  'Every distinct timeframe row that arrived, once, with where it first arrived (SPEC §2.3); employee_timeframe is derived from these rows and that order. Holds salaries. Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake.timeframe_row.emp_id IS 'Employee id';
COMMENT ON COLUMN hrlake.timeframe_row.start_date IS 'Start, the UTC date of the epoch seconds sent (truncated)';
COMMENT ON COLUMN hrlake.timeframe_row.end_date IS 'The end given in the data (or by a 10th strike); NULL when none was';
COMMENT ON COLUMN hrlake.timeframe_row.salary IS 'Salary, exact (at most 15 digits before the point, 6 after); 0100, 100 and 100.0 are one value';
COMMENT ON COLUMN hrlake.timeframe_row.designation IS 'Designation (job grade)';
COMMENT ON COLUMN hrlake.timeframe_row.batch_id IS 'The batch the row first arrived in';
COMMENT ON COLUMN hrlake.timeframe_row.line_no IS 'Line of that batch';
COMMENT ON COLUMN hrlake.timeframe_row.arrived_at IS 'When the row first arrived';

COMMENT ON TABLE hrlake.employee_timeframe IS
  'Designation and salary history, SCD type 2 (SPEC §2.3), derived by the merge (hrlake.scd2_merge, the daily job): one record per (emp_id, start_date, end_date), at most one ACTIVE record per employee. Holds salaries. Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake.employee_timeframe.timeframe_id IS 'Record id; kept while the merge updates the record in place';
COMMENT ON COLUMN hrlake.employee_timeframe.emp_id IS 'Employee id';
COMMENT ON COLUMN hrlake.employee_timeframe.designation IS 'Designation (job grade) in force from start_date';
COMMENT ON COLUMN hrlake.employee_timeframe.start_date IS 'First day the record is in force (UTC)';
COMMENT ON COLUMN hrlake.employee_timeframe.end_date IS
  'First day the record is no longer in force (in force on D: start_date <= D < end_date, SPEC §2.7): given in the data, a 10th strike''s date, or the next record''s start; NULL while open';
COMMENT ON COLUMN hrlake.employee_timeframe.salary IS 'Salary, exact as sent (up to 6 decimals); v_salary_levels shows it rounded to cents';
COMMENT ON COLUMN hrlake.employee_timeframe.status IS 'ACTIVE exactly when end_date is NULL, else INACTIVE (generated)';
COMMENT ON COLUMN hrlake.employee_timeframe.end_date_given IS
  'true when end_date came from the data (or a 10th strike); false when the chain closed the record at the next start';
COMMENT ON COLUMN hrlake.employee_timeframe.batch_id IS 'The batch the record''s row first arrived in';
COMMENT ON COLUMN hrlake.employee_timeframe.line_no IS 'Line of that batch';
COMMENT ON COLUMN hrlake.employee_timeframe.updated_at IS 'When the merge last wrote the record';

COMMENT ON TABLE hrlake.active_by_designation IS
  'Employees in force per designation (SPEC §2.7), one result per run date (§2.7a); a run replaces its date only. Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake.active_by_designation.designation IS 'Designation (every one ever seen in the history, so zero counts are listed)';
COMMENT ON COLUMN hrlake.active_by_designation.no_of_active_emp IS 'Employees whose record with this designation is in force on as_of (start_date <= as_of < end_date or open)';
COMMENT ON COLUMN hrlake.active_by_designation.as_of IS 'The run date the count is for';
COMMENT ON COLUMN hrlake.active_by_designation.refreshed_at IS 'When the count was computed';

------------------------------------------------------------------------------
-- Leave (SPEC §2.4-2.6)
------------------------------------------------------------------------------

COMMENT ON TABLE hrlake.leave_quota IS
  'Leave days each employee may take in a year (SPEC §2.4): one row per (emp_id, year), a later batch replacing the value. Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake.leave_quota.emp_id IS 'Employee id';
COMMENT ON COLUMN hrlake.leave_quota.year IS 'Calendar year, 1900..2999';
COMMENT ON COLUMN hrlake.leave_quota.leave_quota IS 'Leave days allowed in the year (>= 0); of one batch, the highest';
COMMENT ON COLUMN hrlake.leave_quota.batch_id IS 'The batch that set the value';
COMMENT ON COLUMN hrlake.leave_quota.line_no IS 'Line of that batch';
COMMENT ON COLUMN hrlake.leave_quota.updated_at IS 'When the value was set';

COMMENT ON TABLE hrlake.leave_calendar IS
  'Holidays (SPEC §2.4): one row per date; a later batch replaces the reason. Working days are Monday to Friday and not in this table. Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake.leave_calendar.date IS 'The holiday';
COMMENT ON COLUMN hrlake.leave_calendar.reason IS 'Name of the holiday';
COMMENT ON COLUMN hrlake.leave_calendar.batch_id IS 'The batch that set the reason';
COMMENT ON COLUMN hrlake.leave_calendar.line_no IS 'Line of that batch';
COMMENT ON COLUMN hrlake.leave_calendar.updated_at IS 'When the row was set';

COMMENT ON TABLE hrlake.employee_leave IS
  'Leave per (emp_id, date) after the latest event (SPEC §2.4): a cancellation after an application cancels it, a re-application restores it. Leave on a non-working day is kept but never counted. Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake.employee_leave.emp_id IS 'Employee id';
COMMENT ON COLUMN hrlake.employee_leave.date IS 'Day of leave';
COMMENT ON COLUMN hrlake.employee_leave.status IS 'ACTIVE or CANCELLED: the latest event (later batch, then later line)';
COMMENT ON COLUMN hrlake.employee_leave.batch_id IS 'The batch of the latest event';
COMMENT ON COLUMN hrlake.employee_leave.line_no IS 'Line of that batch';
COMMENT ON COLUMN hrlake.employee_leave.updated_at IS 'When the status was set';

COMMENT ON TABLE hrlake.leave_days IS
  'Derived from employee_leave by the leave ingest: the ACTIVE leave days of an employee in a year as a bitmap, what the leave reports read. Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake.leave_days.emp_id IS 'Employee id';
COMMENT ON COLUMN hrlake.leave_days.year IS 'Calendar year';
COMMENT ON COLUMN hrlake.leave_days.days IS '46 bytes, 366 bits: bit i (bit i % 8 of byte i / 8) set when day i of the year (0 = 1 January) is an ACTIVE leave day';

COMMENT ON TABLE hrlake.leave_8pct IS
  'The 8% report (SPEC §2.5) of every run date (§2.7a): employees whose upcoming leaves exceed 8% of the working days left in the year. Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake.leave_8pct.emp_id IS 'Employee id';
COMMENT ON COLUMN hrlake.leave_8pct.upcoming_leaves IS 'Working days after as_of, to 31 December of its year, with an ACTIVE leave (days)';
COMMENT ON COLUMN hrlake.leave_8pct.working_days IS 'Working days after as_of to 31 December of its year (Monday-Friday, not holidays); reported when upcoming_leaves > 0.08 x this';
COMMENT ON COLUMN hrlake.leave_8pct.as_of IS 'The run date D of the report';

COMMENT ON TABLE hrlake.leave_80pct_notice IS
  'Notices to managers (SPEC §2.6): an employee who used over 80% of the year''s leave quota, once per employee and period, never produced twice. Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake.leave_80pct_notice.emp_id IS 'Employee id';
COMMENT ON COLUMN hrlake.leave_80pct_notice.period IS 'The month the notice is for (its first day): the month before the run date';
COMMENT ON COLUMN hrlake.leave_80pct_notice.year IS 'The year of period, whose quota and leave count';
COMMENT ON COLUMN hrlake.leave_80pct_notice.availed IS 'ACTIVE leave days on working days from 1 January of year to the day before the run (days)';
COMMENT ON COLUMN hrlake.leave_80pct_notice.quota IS 'The employee''s leave quota for year (days, > 0)';
COMMENT ON COLUMN hrlake.leave_80pct_notice.usage_pct IS 'availed / quota x 100, in percent, rounded to 2 decimals; over 80';
COMMENT ON COLUMN hrlake.leave_80pct_notice.report IS 'The notice as plain text for the manager: emp id, name, year, availed, quota, usage %, period, generation date';
COMMENT ON COLUMN hrlake.leave_80pct_notice.generated_at IS 'When the notice was generated';

COMMENT ON TABLE hrlake.report_run IS
  'The run dates of each daily report (SPEC §2.7a) with the rows stored: the v_ views show the latest run, even one that found nothing. Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake.report_run.report IS 'leave_8pct or active_by_designation';
COMMENT ON COLUMN hrlake.report_run.as_of IS 'The run date';
COMMENT ON COLUMN hrlake.report_run.rows IS 'Rows the run stored';
COMMENT ON COLUMN hrlake.report_run.refreshed_at IS 'When the date was last run';

------------------------------------------------------------------------------
-- Messages, words, strikes (SPEC §2.8)
------------------------------------------------------------------------------

COMMENT ON TABLE hrlake.vocabulary IS
  'Every word used in messages (SPEC §2.8), each once under Unicode case folding (the first added stays). Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake.vocabulary.word IS 'The word as first added';
COMMENT ON COLUMN hrlake.vocabulary.batch_id IS 'The batch that added it';
COMMENT ON COLUMN hrlake.vocabulary.added_at IS 'When it was added';
COMMENT ON COLUMN hrlake.vocabulary.word_key IS 'The word under Unicode simple case folding (CAFÉ = café): unique (generated)';

COMMENT ON TABLE hrlake.marked_word IS
  'Reserved words (SPEC §2.8): a message holding one as a whole word, in any case, is flagged. Each once under Unicode case folding. A change applies to messages scanned after it. Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake.marked_word.word IS 'The word as first added; must be one word of letters and digits';
COMMENT ON COLUMN hrlake.marked_word.batch_id IS 'The batch that added it; NULL when an admin inserted it';
COMMENT ON COLUMN hrlake.marked_word.added_at IS 'When it was added';
COMMENT ON COLUMN hrlake.marked_word.word_key IS 'The word under Unicode simple case folding: unique (generated)';

COMMENT ON TABLE hrlake._matcher_state IS
  'Internal (one row): how far hrlake.flag_messages has scanned. Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake._matcher_state.only_row IS 'Always true: the table has one row';
COMMENT ON COLUMN hrlake._matcher_state.scanned_msg IS 'Every message up to this msg_id was scanned; only moves forward';
COMMENT ON TABLE hrlake._marked_word_version IS
  'Internal (one row, unlogged): the version of the marked-word list, part of the compiled matcher''s cache key. Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake._marked_word_version.only_row IS 'Always true: the table has one row';
COMMENT ON COLUMN hrlake._marked_word_version.version IS 'Moves with every change of marked_word: the matcher is compiled again';

COMMENT ON TABLE hrlake.message IS
  'Every message (SPEC §2.8), loaded or INSERTed (hrlake_loader may INSERT key, sender, receiver, message, sent_at). Holds the message text. Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake.message.msg_id IS 'Message id, in arrival order';
COMMENT ON COLUMN hrlake.message.key IS 'Delivery key; a keyed delivery whose key was already seen is ignored. NULL when none was sent';
COMMENT ON COLUMN hrlake.message.sender IS 'Employee id of the sender, exactly as sent (at most 64 characters)';
COMMENT ON COLUMN hrlake.message.receiver IS 'Employee id of the receiver, exactly as sent (at most 64 characters)';
COMMENT ON COLUMN hrlake.message.message IS 'The message text (admins only: v_flagged_message_text)';
COMMENT ON COLUMN hrlake.message.sent_at IS 'The message''s own timestamp; its arrival time when it had none';
COMMENT ON COLUMN hrlake.message.received_at IS 'When hrlake stored the message';
COMMENT ON COLUMN hrlake.message.batch_id IS 'The batch it came in; NULL when INSERTed directly';

COMMENT ON TABLE hrlake.flagged_message IS
  'Messages that held a marked word (SPEC §2.8), each flagged once, with the words and the strike it gave. Append-only, written by flag_messages. Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake.flagged_message.msg_id IS 'The message (hrlake.message)';
COMMENT ON COLUMN hrlake.flagged_message.sender IS 'Employee id of the sender, who got the strike';
COMMENT ON COLUMN hrlake.flagged_message.receiver IS 'Employee id of the receiver';
COMMENT ON COLUMN hrlake.flagged_message.matched_words IS 'The marked words found as whole words, case-insensitively, spelled as in marked_word';
COMMENT ON COLUMN hrlake.flagged_message.flagged_at IS 'When the message was flagged';
COMMENT ON COLUMN hrlake.flagged_message.strikes IS
  'The sender''s strikes after this message; NULL when it added none (the sender was already at 10)';

COMMENT ON TABLE hrlake.employee_strike IS
  'Current strikes per employee (SPEC §2.8): one per flagged message sent, one less at each month''s cooldown; at 10 the employee is deactivated and nothing changes them again. Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake.employee_strike.emp_id IS 'Employee id (a sender of a flagged message)';
COMMENT ON COLUMN hrlake.employee_strike.no_of_strikes IS 'Current strikes, 0..10';
COMMENT ON COLUMN hrlake.employee_strike.deactivated_on IS 'UTC date of the message that gave the 10th strike, on which the ACTIVE timeframe record was closed; NULL below 10';
COMMENT ON COLUMN hrlake.employee_strike.updated_at IS 'When the strikes last changed';

COMMENT ON TABLE hrlake.cooldown_event IS
  'Every strike taken back by a monthly cooldown (SPEC §2.8). Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake.cooldown_event.emp_id IS 'Employee id';
COMMENT ON COLUMN hrlake.cooldown_event.period IS 'The month of the cooldown (its first day)';
COMMENT ON COLUMN hrlake.cooldown_event.strikes_before IS 'Strikes before, 1..9';
COMMENT ON COLUMN hrlake.cooldown_event.strikes_after IS 'Strikes after: one less';
COMMENT ON COLUMN hrlake.cooldown_event.at IS 'When the cooldown ran';

COMMENT ON TABLE hrlake.cooldown_run IS
  'The months whose cooldown ran: a month''s cooldown applies once (SPEC §2.8). Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake.cooldown_run.period IS 'The month (its first day)';
COMMENT ON COLUMN hrlake.cooldown_run.applied_at IS 'When it ran';
COMMENT ON COLUMN hrlake.cooldown_run.employees IS 'Employees who lost a strike';

------------------------------------------------------------------------------
-- Jobs (SPEC §2.9)
------------------------------------------------------------------------------

COMMENT ON TABLE hrlake.job_run IS
  'Every run of a job (SPEC §2.9): attempts, skips and failures, with step counts and the error. Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake.job_run.run_id IS 'Run id, in start order';
COMMENT ON COLUMN hrlake.job_run.job IS 'daily, monthly or stream';
COMMENT ON COLUMN hrlake.job_run.period IS 'What the run covers: the day (daily, stream) or the month, as its first day (monthly)';
COMMENT ON COLUMN hrlake.job_run.started_at IS 'When the run started';
COMMENT ON COLUMN hrlake.job_run.finished_at IS 'When it ended; NULL while running';
COMMENT ON COLUMN hrlake.job_run.status IS
  'running; succeeded; failed (nothing of its steps kept); skipped (the period already succeeded, or another run was on); interrupted (its session ended, or it was cancelled)';
COMMENT ON COLUMN hrlake.job_run.forced IS 'Run with force => true: runs again a period that succeeded';
COMMENT ON COLUMN hrlake.job_run.step_counts IS
  'Per step (hrlake._job_step): an ingest''s {batches, rows_total, rows_loaded, rows_duplicate, rows_rejected}, the notice export''s {written, unchanged, skipped, skipped_files} or why it did not run, or the rows another step wrote; "inbox": the files the run loaded from its inbox folders before its steps {loaded, duplicate, failed, waiting, unknown, report}';
COMMENT ON COLUMN hrlake.job_run.error IS 'Why it failed or was skipped: "step <step>: <message> (SQLSTATE <code>)"';
COMMENT ON COLUMN hrlake.job_run.failed_step IS 'A failed or cancelled run: the step that failed (what analysts see in v_job_health)';
COMMENT ON COLUMN hrlake.job_run.error_code IS 'A failed or cancelled run: the SQLSTATE of its error';
COMMENT ON COLUMN hrlake.job_run.attempt IS 'Which attempt at its period this run was (1 for the first)';
COMMENT ON COLUMN hrlake.job_run.runs IS 'Stream runs that changed nothing, folded into this row';
COMMENT ON COLUMN hrlake.job_run.next_attempt_at IS
  'A failed or interrupted run: when hrlake.run_due() may try its period again (hrlake.job_retry_delay, doubled per attempt); NULL: no more automatic attempts';

COMMENT ON TABLE hrlake._job_step IS
  'Internal: the steps of each job in order, written by every install and update. Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake._job_step.job IS 'daily, monthly or stream';
COMMENT ON COLUMN hrlake._job_step.step_order IS 'Order of the step in its job';
COMMENT ON COLUMN hrlake._job_step.step IS 'Name of the step, the key of job_run.step_counts';
COMMENT ON TABLE hrlake._stage_arrival IS
  'A note per statement that put rows into a staging table since its source''s last ingest (a trigger writes it, the ingest takes it): an ingest with no note does not scan the staging table. Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake._stage_arrival.arrival_id IS 'Note id, in arrival order';
COMMENT ON COLUMN hrlake._stage_arrival.table_name IS 'The staging table the statement wrote: hrlake_stage.<table_name>';
COMMENT ON COLUMN hrlake._job_step.statement IS 'One SQL statement returning the step''s counts as one jsonb value; $1 is the run''s as_of date';

------------------------------------------------------------------------------
-- Views. A column that shows a table's column unchanged takes that
-- column's comment (first matching source listed); the others are below.
------------------------------------------------------------------------------

COMMENT ON VIEW hrlake.v_employee_current IS
  'One row per employee: the name and age loaded most recently (SPEC §2.2). Read by: hrlake_analyst, hrlake_admin.';
COMMENT ON VIEW hrlake.v_active_by_designation IS
  'Employees in force per designation on the latest run date, zero counts included (SPEC §2.7). Read by: hrlake_analyst, hrlake_admin.';
COMMENT ON VIEW hrlake.v_active_by_designation_history IS
  'Employees in force per designation for every run date (SPEC §2.7a), for trends. Read by: hrlake_analyst, hrlake_admin.';
COMMENT ON VIEW hrlake.v_leave_8pct IS
  'Employees whose upcoming leaves exceed 8% of the working days left in the year, on the latest run date (SPEC §2.5). Read by: hrlake_analyst, hrlake_admin.';
COMMENT ON VIEW hrlake.v_leave_8pct_history IS
  'The 8% report of every run date (SPEC §2.7a), for trends. Read by: hrlake_analyst, hrlake_admin.';
COMMENT ON VIEW hrlake.v_leave_80pct IS
  'Notices to managers: employees who used over 80% of their leave quota, one per employee and month (SPEC §2.6). Read by: hrlake_analyst, hrlake_admin.';
COMMENT ON VIEW hrlake.v_leave_without_quota IS
  'Employees with ACTIVE leave in a year but no quota for it: the 80% report cannot judge them (SPEC §2.6). Read by: hrlake_analyst, hrlake_admin.';
COMMENT ON VIEW hrlake.v_flagged_messages IS
  'Messages that held a marked word: sender, receiver, the words, the strike it gave; never the text (SPEC §2.8, §2.10). Read by: hrlake_analyst, hrlake_admin.';
COMMENT ON VIEW hrlake.v_flagged_message_text IS
  'v_flagged_messages with the message text (SPEC §2.10: not for analysts). Read by: hrlake_admin.';
COMMENT ON VIEW hrlake.v_message_activity IS
  'Flagged messages sent and received per employee (SPEC §2.8). Read by: hrlake_analyst, hrlake_admin.';
COMMENT ON VIEW hrlake.v_strike_history IS
  'Every change of an employee''s strikes: each strike with its message, each monthly cooldown (SPEC §2.8). Read by: hrlake_analyst, hrlake_admin.';
COMMENT ON VIEW hrlake.v_employee_strikes IS
  'Strikes per employee (SPEC §2.8), without salaries (those are in v_salary_levels). Read by: hrlake_analyst, hrlake_admin.';
COMMENT ON VIEW hrlake.v_salary_levels IS
  'Salary levels per employee with strikes (SPEC §2.8): base x 0.9^k rounded half away from zero to cents, for k = 1..10 and the current strikes; money as numeric(18,2). Read by: hrlake_admin.';
COMMENT ON VIEW hrlake.v_data_quality IS
  'Problems worth a person''s attention, by kind (problem), one row per batch, employee, word or year (subject) with a count: rejected rows, staged rows not ingested, references to unknown employees, marked words not in the vocabulary, ACTIVE records without designation or salary, leave without a quota, in a year without a holiday calendar or against a quota of 0. Ids and counts only, never raw values. Read by: hrlake_analyst, hrlake_admin.';
COMMENT ON VIEW hrlake.v_rejected_rows IS
  'Rejected input rows with the file, line, reason and raw text (which may hold salaries and message text) (SPEC §2.1). Read by: hrlake_loader, hrlake_admin.';
COMMENT ON VIEW hrlake.v_progress IS
  'The hrlake jobs and long operations running now in this database, one row per session, updated as they run, like pg_stat_progress_copy: the job, run and step, the operation (load, ingest, merge timeframe, flag messages, export notices), its phase and its rows and bytes done of how many. Another role''s sessions show only to members of pg_read_all_stats. Read by: hrlake_loader, hrlake_admin.';
COMMENT ON VIEW hrlake.v_job_health IS
  'Per job (daily, monthly, stream): the last run and its status, whether a scheduled run was missed, and the periods waiting to be run again by hrlake.run_due() (SPEC §2.9). Read by: hrlake_analyst, hrlake_admin.';

DO $$
DECLARE
  c record;
BEGIN
  FOR c IN
    SELECT DISTINCT ON (v.attrelid, v.attnum) r.relname AS view, v.attname, d.description
    FROM (VALUES ('hrlake.v_employee_current', 'hrlake.employee', 1),
                 ('hrlake.v_active_by_designation', 'hrlake.active_by_designation', 1),
                 ('hrlake.v_active_by_designation_history', 'hrlake.active_by_designation', 1),
                 ('hrlake.v_leave_8pct', 'hrlake.leave_8pct', 1),
                 ('hrlake.v_leave_8pct_history', 'hrlake.leave_8pct', 1),
                 ('hrlake.v_leave_80pct', 'hrlake.leave_80pct_notice', 1),
                 ('hrlake.v_flagged_messages', 'hrlake.flagged_message', 1),
                 ('hrlake.v_flagged_messages', 'hrlake.message', 2),
                 ('hrlake.v_flagged_message_text', 'hrlake.flagged_message', 1),
                 ('hrlake.v_flagged_message_text', 'hrlake.message', 2),
                 ('hrlake.v_employee_strikes', 'hrlake.employee_strike', 1),
                 ('hrlake.v_rejected_rows', 'hrlake.rejected_row', 1),
                 ('hrlake.v_rejected_rows', 'hrlake.batch', 2)) AS s(view, source, rank)
    JOIN pg_catalog.pg_attribute v ON v.attrelid = s.view::regclass AND v.attnum > 0 AND NOT v.attisdropped
    JOIN pg_catalog.pg_class r ON r.oid = v.attrelid
    JOIN pg_catalog.pg_attribute t ON t.attrelid = s.source::regclass AND t.attname = v.attname
    JOIN pg_catalog.pg_description d
      ON d.classoid = 'pg_catalog.pg_class'::regclass AND d.objoid = t.attrelid AND d.objsubid = t.attnum
    ORDER BY v.attrelid, v.attnum, s.rank
  LOOP
    EXECUTE format('COMMENT ON COLUMN hrlake.%I.%I IS %L', c.view, c.attname, c.description);
  END LOOP;
END
$$;

COMMENT ON COLUMN hrlake.v_employee_current.batch_id IS 'The batch that loaded the current name and age';
COMMENT ON COLUMN hrlake.v_active_by_designation.as_of IS 'The latest run date of the report (hrlake.refresh_active_by_designation, the daily job)';
COMMENT ON COLUMN hrlake.v_leave_8pct.as_of IS 'The latest run date of the report (hrlake.refresh_leave_8pct, the daily job)';
COMMENT ON COLUMN hrlake.v_leave_without_quota.emp_id IS 'Employee id';
COMMENT ON COLUMN hrlake.v_leave_without_quota.year IS 'Calendar year with ACTIVE leave but no row in leave_quota';
COMMENT ON COLUMN hrlake.v_flagged_messages.sent_at IS 'The message time: its own timestamp, or its arrival time when it had none';
COMMENT ON COLUMN hrlake.v_flagged_message_text.sent_at IS 'The message time: its own timestamp, or its arrival time when it had none';
COMMENT ON COLUMN hrlake.v_flagged_message_text.message IS 'The message text';
COMMENT ON COLUMN hrlake.v_message_activity.emp_id IS 'Employee id, as sender or receiver of flagged messages';
COMMENT ON COLUMN hrlake.v_message_activity.flagged_sent IS 'Flagged messages the employee sent (count)';
COMMENT ON COLUMN hrlake.v_message_activity.flagged_received IS 'Flagged messages the employee received (count)';
COMMENT ON COLUMN hrlake.v_strike_history.emp_id IS 'Employee id';
COMMENT ON COLUMN hrlake.v_strike_history.kind IS 'strike (a flagged message sent) or cooldown (a month''s cooldown)';
COMMENT ON COLUMN hrlake.v_strike_history.msg_id IS 'The flagged message that gave the strike; NULL for a cooldown';
COMMENT ON COLUMN hrlake.v_strike_history.period IS 'The month of the cooldown (its first day); NULL for a strike';
COMMENT ON COLUMN hrlake.v_strike_history.strikes_before IS 'Strikes before the change';
COMMENT ON COLUMN hrlake.v_strike_history.strikes_after IS 'Strikes after the change, 0..10';
COMMENT ON COLUMN hrlake.v_strike_history.at IS 'When the change was made (flagging or cooldown time)';
COMMENT ON COLUMN hrlake.v_salary_levels.emp_id IS 'Employee id';
COMMENT ON COLUMN hrlake.v_salary_levels.base_salary IS
  'Salary of the ACTIVE timeframe record (of a deactivated employee: of the record the 10th strike closed), rounded half away from zero to cents; the exact value is hrlake.employee_timeframe.salary. NULL when there is none';
COMMENT ON COLUMN hrlake.v_salary_levels.no_of_strikes IS 'Current strikes, 0..10';
DO $$
BEGIN
  FOR k IN 1..10 LOOP
    EXECUTE format('COMMENT ON COLUMN hrlake.v_salary_levels.strike_%s IS %L', k,
      format('Salary after %s strike%s: exact base x 0.9^%s, rounded half away from zero to cents (SPEC §2.8)',
             k, CASE WHEN k > 1 THEN 's' ELSE '' END, k));
  END LOOP;
END
$$;
COMMENT ON COLUMN hrlake.v_salary_levels.current_salary IS 'Salary at the current strikes: exact base x 0.9^no_of_strikes, rounded half away from zero to cents';
COMMENT ON COLUMN hrlake.v_data_quality.problem IS 'Kind of problem, e.g. rejected rows, staged, not ingested, unknown employee, leave without quota';
COMMENT ON COLUMN hrlake.v_data_quality.source IS 'The source concerned (SPEC §1)';
COMMENT ON COLUMN hrlake.v_data_quality.batch_id IS 'The batch concerned, when the problem is one batch''s';
COMMENT ON COLUMN hrlake.v_data_quality.subject IS 'What the problem is about: a file path (client copy for copied rows), an employee id, a word or a year';
COMMENT ON COLUMN hrlake.v_data_quality.row_count IS 'How many rows have the problem';
COMMENT ON COLUMN hrlake.v_data_quality.detail IS 'What to do or where to look; ids and counts only, never a raw value';
COMMENT ON COLUMN hrlake.v_progress.pid IS 'The session''s process id (pg_stat_activity.pid)';
COMMENT ON COLUMN hrlake.v_progress.role IS 'The role the session runs as';
COMMENT ON COLUMN hrlake.v_progress.backend_type IS 'client backend, or pg_cron''s background worker';
COMMENT ON COLUMN hrlake.v_progress.job IS 'daily, monthly or stream; NULL for an operation called on its own';
COMMENT ON COLUMN hrlake.v_progress.run_id IS 'The run (hrlake.job_run.run_id)';
COMMENT ON COLUMN hrlake.v_progress.step IS 'The step the run is at (hrlake._job_step.step)';
COMMENT ON COLUMN hrlake.v_progress.step_number IS 'Its number, 1 for the job''s first step';
COMMENT ON COLUMN hrlake.v_progress.steps IS 'How many steps the job has';
COMMENT ON COLUMN hrlake.v_progress.operation IS 'load, ingest, merge timeframe, flag messages or export notices; NULL between operations';
COMMENT ON COLUMN hrlake.v_progress.source IS 'The source loaded or ingested (SPEC §1)';
COMMENT ON COLUMN hrlake.v_progress.phase IS 'What the operation does now, e.g. hashing the file, reading rows, merging employees, scanning messages';
COMMENT ON COLUMN hrlake.v_progress.rows_done IS 'Rows (merge: employees; flagging: messages; export: notices) done so far';
COMMENT ON COLUMN hrlake.v_progress.rows_total IS 'How many there are to do, when known (flagging: at most)';
COMMENT ON COLUMN hrlake.v_progress.rows_rejected IS 'Rows rejected so far (export: files skipped)';
COMMENT ON COLUMN hrlake.v_progress.bytes_done IS 'Bytes of the file read in this phase (load)';
COMMENT ON COLUMN hrlake.v_progress.bytes_total IS 'Size of the file (load)';
COMMENT ON COLUMN hrlake.v_progress.percent IS 'bytes_done of bytes_total, else rows_done of rows_total, in percent; NULL when unknown';
COMMENT ON COLUMN hrlake.v_progress.xact_start IS 'When the session''s transaction started (a job: its steps'' transaction)';
COMMENT ON COLUMN hrlake.v_progress.wait_event_type IS 'What the session waits for, if anything (pg_stat_activity), e.g. Lock';
COMMENT ON COLUMN hrlake.v_progress.wait_event IS 'The wait event (pg_stat_activity)';
COMMENT ON COLUMN hrlake.v_job_health.job IS 'daily, monthly or stream';
COMMENT ON COLUMN hrlake.v_job_health.last_run_id IS 'The job''s latest run that was not skipped (hrlake.job_run)';
COMMENT ON COLUMN hrlake.v_job_health.last_period IS 'Its period: the day (daily, stream) or the month''s first day (monthly)';
COMMENT ON COLUMN hrlake.v_job_health.last_status IS 'Its status: running, succeeded, failed or interrupted';
COMMENT ON COLUMN hrlake.v_job_health.last_started_at IS 'When it started';
COMMENT ON COLUMN hrlake.v_job_health.last_finished_at IS 'When it ended; NULL while running';
COMMENT ON COLUMN hrlake.v_job_health.last_error IS 'What failed: "step <step> failed with SQLSTATE <code>" (the message, which may quote input, is in hrlake.job_run for admins), or why the run was interrupted; NULL when it did not fail';
COMMENT ON COLUMN hrlake.v_job_health.last_succeeded_period IS 'The latest period the job succeeded for';
COMMENT ON COLUMN hrlake.v_job_health.missed_run IS
  'true when a scheduled run is missing: daily, no success for today by 08:00 UTC; monthly, none for this month by 08:00 UTC on the 1st; stream, no run started in the last 5 minutes';
COMMENT ON COLUMN hrlake.v_job_health.periods_to_heal IS
  'Daily periods of the last 7 days and monthly periods of the last 3 months, from the job''s first run on, that failed, were interrupted or were missed and have not succeeded since';
COMMENT ON COLUMN hrlake.v_job_health.next_attempt_at IS 'When hrlake.run_due() may next run one of them; NULL: at its next call, or none is due';
COMMENT ON COLUMN hrlake.v_job_health.needs_a_person IS 'true when a period failed hrlake.job_max_attempts times: it is not tried again automatically';

------------------------------------------------------------------------------
-- Functions and procedures
------------------------------------------------------------------------------

COMMENT ON FUNCTION hrlake.load(text, text) IS
  $$Loads a file on the database server into the tables of a source (SPEC §1, §2.1): CSV with a header in any column order, a JSON array or JSON lines; validated and stored as it is read (timeframe rows wait for the merge of the daily job or ingest('timeframe')). Returns the batch id; a file already loaded returns its batch and changes nothing. Bad rows go to rejected_row. The calling role must be a superuser or a member of pg_read_server_files; from a client, \copy into hrlake_stage.<source> instead. Run by: hrlake_loader, hrlake_admin.$$;
COMMENT ON FUNCTION hrlake.ingest(text) IS
  'Validates the rows copied into hrlake_stage.<source> since the last ingest (one new batch) into its tables (SPEC §2); for the timeframe, runs the merge of every batch waiting for it (§2.3). Returns per batch: total = loaded + duplicate + rejected. Run by: hrlake_loader, hrlake_admin.';
COMMENT ON FUNCTION hrlake.scd2_merge() IS
  'The timeframe merge (SPEC §2.3): takes in the staged timeframe rows, derives employee_timeframe again for the employees with rows waiting, and returns each change: INSERTED, CLOSED, UPDATED, DELETED, with the salary. Run by: hrlake_admin.';
COMMENT ON FUNCTION hrlake.refresh_active_by_designation(date) IS
  'Stores the employees in force per designation on as_of (SPEC §2.7), one result per run date (§2.7a), a run replacing its date; returns the rows stored. The daily job calls it. Run by: hrlake_admin.';
COMMENT ON FUNCTION hrlake.timeframe_as_of(date) IS
  'The timeframe history at a date (SPEC §2.7a): every employee''s record in force on as_of, with designation and salary. Runs with the caller''s rights. Run by: hrlake_admin.';
COMMENT ON FUNCTION hrlake.designations_as_of(date) IS
  'The designation of every employee in force on as_of (SPEC §2.7a), without salaries. Run by: hrlake_analyst, hrlake_admin.';
COMMENT ON FUNCTION hrlake.leave_8pct_report(date) IS
  'Read-only 8% report for as_of (default today, UTC) (SPEC §2.5): employees whose ACTIVE leaves on working days after as_of, to 31 December, exceed 8% of those working days. Run by: hrlake_analyst, hrlake_admin.';
COMMENT ON FUNCTION hrlake.leave_80pct_report(date) IS
  'Read-only preview of the 80% quota notices the monthly job run on as_of would produce, for the month before as_of (SPEC §2.6). Run by: hrlake_analyst, hrlake_admin.';
COMMENT ON FUNCTION hrlake.refresh_leave_8pct(date) IS
  'Stores the 8% report for as_of (SPEC §2.5), one result per run date (§2.7a), a run replacing its date; returns the rows stored. The daily job calls it. Run by: hrlake_admin.';
COMMENT ON FUNCTION hrlake.generate_80pct_notices(date) IS
  'Stores the 80% quota notices of the month before as_of (SPEC §2.6), never one twice for an (emp_id, period); returns the number of new notices. The monthly job calls it. Run by: hrlake_admin.';
COMMENT ON FUNCTION hrlake.export_notices(date) IS
  'Writes the 80% notices of the month of period (default: last month) as files on the database server, <hrlake.notice_directory>/<YYYY-MM>/<emp_id>.txt, an emp_id that is no safe file name under a percent-encoded one (SPEC §2.6); a file that holds its notice already is left alone. One row per notice: emp_id, file (under the directory), status written, unchanged or skipped, and why it was skipped. The directory is a superuser''s setting. Run by: hrlake_admin.';
COMMENT ON FUNCTION hrlake.flag_messages(integer) IS
  'Scans the messages not scanned yet (at most max_messages), records those holding a marked word as a whole word, case-insensitively, with the words, and gives their senders one strike each in message order; a 10th strike closes the ACTIVE timeframe record (SPEC §2.8). Returns the flagged messages. Run by: hrlake_admin.';
COMMENT ON FUNCTION hrlake.cooldown(date) IS
  'The monthly cooldown (SPEC §2.8): every employee with 1..9 strikes loses one, once per month of as_of however often it is called; returns the changes. Run by: hrlake_admin.';
COMMENT ON FUNCTION hrlake.schedule() IS
  'Creates or updates the pg_cron jobs, run as the calling role: daily 07:00 UTC, monthly on the 1st 07:00 UTC, stream every minute, run_due() every 5 minutes (SPEC §2.9); refuses, saying what to do, where pg_cron cannot run them. Needs the right to use pg_cron. Run by: hrlake_admin.';
COMMENT ON FUNCTION hrlake.unschedule() IS
  'Removes the pg_cron jobs hrlake.schedule() created; returns their names. Run by: hrlake_admin.';
COMMENT ON FUNCTION hrlake.cron_status() IS
  'The pg_cron jobs that run hrlake in this database, each with its last run and its failures in the last day, as pg_cron saw them (its failures to start never reach job_run). Run by: hrlake_admin.';
COMMENT ON FUNCTION hrlake.utc_today() IS
  'Today in UTC, the default run date of the reports and jobs (SPEC §2.9). Run by: hrlake_loader, hrlake_analyst, hrlake_admin.';
COMMENT ON PROCEDURE hrlake.run_daily(date, boolean) IS
  'The daily job (SPEC §2.9): loads the inbox folders of its sources (hrlake.load_inbox), ingests employee, timeframe (with the merge), leave_quota, leave_calendar and leave, then stores the 8% and designation reports for as_of and deletes job_run rows past hrlake.job_run_retention; all or nothing, recorded in job_run. Skips a day that already succeeded unless force. CALL it on its own, not in a transaction block. Run by: hrlake_admin.';
COMMENT ON PROCEDURE hrlake.run_monthly(date, boolean) IS
  'The monthly job (SPEC §2.9): loads the inbox folders leave_quota and leave_calendar, then the 80% quota notices for the month before as_of, the strike cooldown, and the notices as files when hrlake.notice_directory is set (SPEC §2.6); recorded in job_run. Skips a month that already succeeded unless force. CALL it on its own. Run by: hrlake_admin.';
COMMENT ON PROCEDURE hrlake.run_stream() IS
  'The stream job (SPEC §2.8, §2.9): loads the inbox folders vocabulary, marked_word and message, ingests staged (and piped) vocabulary, marked words and messages, then flags new messages; recorded in job_run. CALL it on its own; pg_cron runs it every minute. Run by: hrlake_admin.';
COMMENT ON PROCEDURE hrlake.load_inbox(text[], jsonb) IS
  $$Loads every settled file of <hrlake.inbox_directory>/<source>/ (all sources by default) as load() does, each in its own transaction, then moves it to processed/<source>/<date>/, or, refused, to failed/<source>/ beside a .reason file; files still being written wait, folders no source owns are reported. Returns its counts. The jobs do the same before their steps. CALL it on its own, not in a transaction block. Run by: hrlake_loader, hrlake_admin.$$;
COMMENT ON PROCEDURE hrlake.run_due(timestamptz) IS
  'Runs again, oldest first, the daily and monthly periods that failed, were interrupted (a run whose session died is marked so first) or were missed, at most hrlake.job_max_attempts times each, waiting hrlake.job_retry_delay doubled per attempt (SPEC §2.9); stops at the first failure. pg_cron runs it every 5 minutes. Run by: hrlake_admin.';

-- Internal functions: a line each.
COMMENT ON FUNCTION hrlake._ingest_rows(text) IS 'Internal: the staged rows of a source through the intake (src/pg/load.cpp), counts per batch';
COMMENT ON FUNCTION hrlake._ingest_counts(text) IS 'Internal: hrlake.ingest(source) summed over its batches as jsonb, for job_run.step_counts';
COMMENT ON FUNCTION hrlake._scd2_merge_count() IS 'Internal: hrlake.scd2_merge() returning only the number of changes, for the jobs';
COMMENT ON FUNCTION hrlake._year_days(date[]) IS 'Internal: dates of one year as the 46-byte bitmap of hrlake.leave_days';
COMMENT ON FUNCTION hrlake._export_notices_step(date) IS 'Internal: the monthly job''s notice export (counts, the first skipped files), or why it did not run';
COMMENT ON FUNCTION hrlake._next_attempt_at(integer) IS 'Internal: when run_due() may try a period again after this attempt (NULL: no more)';
COMMENT ON FUNCTION hrlake._job_reap(text) IS 'Internal: marks runs of a job whose session died as interrupted, when none runs now';
COMMENT ON FUNCTION hrlake._heal_from(text, timestamptz) IS 'Internal: the first period of a job run_due() looks at';
COMMENT ON FUNCTION hrlake._prune_job_runs(timestamptz) IS 'Internal: deletes job_run rows past hrlake.job_run_retention (the daily job)';
COMMENT ON FUNCTION hrlake._note_staged() IS 'Internal trigger: a statement that staged rows leaves a note for the next ingest of its source';
COMMENT ON FUNCTION hrlake._progress_job(text, bigint, integer, integer, integer) IS 'Internal: publishes a job''s run and step in the backend''s progress slot (v_progress)';
COMMENT ON FUNCTION hrlake._progress_end() IS 'Internal: clears the backend''s progress slot after a job';
COMMENT ON FUNCTION hrlake._progress_name(text, bigint) IS 'Internal: the name of a number in the progress slot (job, operation, source, phase)';
COMMENT ON FUNCTION hrlake._word_problem(text) IS 'Internal: why a word cannot be a vocabulary or marked word (NULL when it can)';
COMMENT ON FUNCTION hrlake._in_replication_apply() IS 'Internal: whether this backend applies a publisher''s changes (logical replication worker)';
COMMENT ON FUNCTION hrlake._check_message_publications() IS 'Internal: refuses a publication that sends the messages partition by partition';
COMMENT ON FUNCTION hrlake._sources() IS 'Internal: the names of the sources hrlake knows (the list that drives the loaders)';
COMMENT ON FUNCTION hrlake._word_key(text) IS 'Internal: a word under Unicode simple case folding, the key words are unique under';
COMMENT ON FUNCTION hrlake._position_moves_forward() IS 'Internal trigger: the message scan position never moves back';
COMMENT ON FUNCTION hrlake._bump_marked_word_version() IS 'Internal trigger: a change of marked_word moves the matcher version';
COMMENT ON FUNCTION hrlake._message_writer_lock() IS 'Internal trigger: message writers announce their place in the msg_id sequence to flag_messages';
COMMENT ON FUNCTION hrlake._flag_messages_count(integer) IS 'Internal: hrlake.flag_messages() returning only the number flagged, for the stream job';
COMMENT ON FUNCTION hrlake._salary_at_strikes(numeric, integer) IS 'Internal: base x 0.9^strikes rounded half away from zero to 2 decimals, exactly (src/core/strike_rules.h)';
COMMENT ON FUNCTION hrlake._strikes_after_cooldown(integer) IS 'Internal: a strike count after a month''s cooldown: one less for 1..9, 0 and 10 unchanged (src/core/strike_rules.h)';
COMMENT ON FUNCTION hrlake._job_period(text, date) IS 'Internal: the period a run covers (the day, or the month for monthly)';
COMMENT ON FUNCTION hrlake._in_transaction_block() IS 'Internal: whether the caller is inside a transaction block';
COMMENT ON FUNCTION hrlake._setting(text) IS 'Internal: the value of setting hrlake.<name>, loading the library first';
COMMENT ON FUNCTION hrlake._alert(text, text, date, bigint, jsonb) IS 'Internal: NOTIFY hrlake_alert with a JSON payload';
COMMENT ON FUNCTION hrlake._job_begin(text, date, boolean) IS 'Internal: a run''s lock, interrupted runs, the skip, the attempt''s record';
COMMENT ON FUNCTION hrlake._job_step_run(text, date) IS 'Internal: runs one job step''s statement';
COMMENT ON FUNCTION hrlake._job_did_nothing(jsonb) IS 'Internal: whether a run''s counts show it changed nothing';
COMMENT ON FUNCTION hrlake._job_end(bigint, jsonb, text, text, text, boolean) IS 'Internal: a run''s outcome, alert and unlock';
COMMENT ON PROCEDURE hrlake._run_job(text, date, boolean) IS 'Internal: the body of run_daily, run_monthly and run_stream';
COMMENT ON FUNCTION hrlake._job_summary(text, date, jsonb) IS 'Internal: the one line a successful run prints';
COMMENT ON FUNCTION hrlake._cron_jobs() IS 'Internal: the pg_cron entries schedule() creates';
COMMENT ON FUNCTION hrlake._cron_problem() IS 'Internal: why pg_cron cannot run the jobs here, and how to fix it; NULL when it can';
COMMENT ON FUNCTION hrlake._due_periods(timestamptz) IS 'Internal: the daily and monthly periods that should have succeeded by p_now and have not';
COMMENT ON FUNCTION hrlake._inbox_scan(text[], boolean) IS 'Internal: what the inbox holds for these sources: files to take in order, files being written, entries no pass takes';
COMMENT ON FUNCTION hrlake._inbox_take(text, text) IS 'Internal: loads one inbox file as load() does and remembers in the session what became of it';
COMMENT ON FUNCTION hrlake._inbox_finish() IS 'Internal: moves the file the session''s last _inbox_take took, once its load committed';
COMMENT ON PROCEDURE hrlake._inbox_pass(text[], text, date, bigint, jsonb) IS 'Internal: one pass over inbox folders, a file per transaction (load_inbox and the jobs)';
COMMENT ON FUNCTION hrlake._job_inbox_sources(text) IS 'Internal: the inbox folders a job loads before its steps';
COMMENT ON FUNCTION hrlake._on_drop_extension() IS 'Internal event trigger: DROP EXTENSION hrlake removes its pg_cron jobs of this database';

------------------------------------------------------------------------------
-- Messages by month, keys, totals and retention (issue 18)
------------------------------------------------------------------------------

COMMENT ON COLUMN hrlake.flagged_message.sent_at IS 'The message''s time (hrlake.message.sent_at): the month partition it lives in';
COMMENT ON TABLE hrlake.message_key IS
  'Every delivery key of the messages kept, once (SPEC §2.8: a key identifies a delivery among keyed messages): what keeps keys unique across the month partitions; kept by triggers on hrlake.message, forgotten with the month retention drops. Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake.message_key.key IS 'The delivery key, as sent';
COMMENT ON COLUMN hrlake.message_key.msg_id IS 'The message that has it (hrlake.message.msg_id)';
COMMENT ON COLUMN hrlake.message_key.sent_at IS 'That message''s time: retention forgets the keys of the months it drops';
COMMENT ON TABLE hrlake.message_month IS
  'Messages sent and received, flagged or not, per employee and month of message time (UTC), counted by hrlake.flag_messages as it reads them: what outlives retention (v_message_activity, v_message_activity_monthly). Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake.message_month.emp_id IS 'Employee id, as sender or receiver';
COMMENT ON COLUMN hrlake.message_month.month IS 'First day of the month (UTC) of the messages'' time';
COMMENT ON COLUMN hrlake.message_month.sent IS 'Messages the employee sent that month';
COMMENT ON COLUMN hrlake.message_month.received IS 'Messages the employee received that month';
COMMENT ON COLUMN hrlake.message_month.flagged_sent IS 'Of those sent, the flagged ones (a marked word matched)';
COMMENT ON COLUMN hrlake.message_month.flagged_received IS 'Of those received, the flagged ones';
COMMENT ON SCHEMA hrlake_archive IS 'hrlake: months of messages that retention detached and kept (hrlake.message_retention_action = archive); admins read them';
COMMENT ON TABLE hrlake.message_retention IS
  'Each month of messages retention dropped or archived (hrlake.message_retention_months), with how many messages, flagged messages and keys went; a month can go more than once (a late message brings it back). Read by: hrlake_admin.';
COMMENT ON COLUMN hrlake.message_retention.retention_id IS 'Increasing id';
COMMENT ON COLUMN hrlake.message_retention.month IS 'The month removed (first day, UTC)';
COMMENT ON COLUMN hrlake.message_retention.action IS 'dropped, or archived into schema hrlake_archive';
COMMENT ON COLUMN hrlake.message_retention.messages IS 'Messages the month held';
COMMENT ON COLUMN hrlake.message_retention.flagged IS 'Flagged messages the month held';
COMMENT ON COLUMN hrlake.message_retention.keys IS 'Delivery keys forgotten (hrlake.message_key)';
COMMENT ON COLUMN hrlake.message_retention.archived_as IS 'The archived tables (schema hrlake_archive); NULL when dropped';
COMMENT ON COLUMN hrlake.message_retention.at IS 'When';
COMMENT ON VIEW hrlake.v_message_activity_monthly IS
  'Messages sent and received, and the flagged ones among them, per employee and month of message time (UTC); counted as flag_messages reads them, kept when retention drops the month. Read by: hrlake_analyst, hrlake_admin.';
COMMENT ON COLUMN hrlake.v_message_activity_monthly.emp_id IS 'Employee id';
COMMENT ON COLUMN hrlake.v_message_activity_monthly.month IS 'First day of the month (UTC)';
COMMENT ON COLUMN hrlake.v_message_activity_monthly.messages_sent IS 'Messages the employee sent that month';
COMMENT ON COLUMN hrlake.v_message_activity_monthly.messages_received IS 'Messages the employee received that month';
COMMENT ON COLUMN hrlake.v_message_activity_monthly.flagged_sent IS 'Of those sent, the flagged ones';
COMMENT ON COLUMN hrlake.v_message_activity_monthly.flagged_received IS 'Of those received, the flagged ones';
COMMENT ON FUNCTION hrlake._message_partitions(date) IS
  'Internal (monthly job): makes the missing month partitions of message and flagged_message: months waiting in the default partitions (their rows move in), and with as_of its month and hrlake.message_partitions_ahead more';
COMMENT ON FUNCTION hrlake._apply_message_retention(date) IS
  'Internal (monthly job): drops or archives the months of messages older than hrlake.message_retention_months before the month of as_of, once flag_messages read them; records the counts in hrlake.message_retention';

-- The default partitions: what their parents say, column by column.
DO $$
DECLARE
  c record;
BEGIN
  FOR c IN
    SELECT p.relname AS part, a.attname, d.description
    FROM (VALUES ('hrlake.message_default', 'hrlake.message'),
                 ('hrlake.flagged_message_default', 'hrlake.flagged_message')) AS s(part, parent)
    JOIN pg_catalog.pg_class p ON p.oid = s.part::regclass
    JOIN pg_catalog.pg_attribute a ON a.attrelid = s.parent::regclass AND a.attnum > 0 AND NOT a.attisdropped
    JOIN pg_catalog.pg_description d
      ON d.classoid = 'pg_catalog.pg_class'::regclass AND d.objoid = a.attrelid AND d.objsubid = a.attnum
  LOOP
    EXECUTE format('COMMENT ON COLUMN hrlake.%I.%I IS %L', c.part, c.attname, c.description);
  END LOOP;
END
$$;
COMMENT ON TABLE hrlake.message_default IS
  'The default partition of hrlake.message: messages of a month without a partition yet, until the monthly job makes it (they then move in). Read by: hrlake_admin.';
COMMENT ON TABLE hrlake.flagged_message_default IS
  'The default partition of hrlake.flagged_message, as hrlake.message_default. Read by: hrlake_admin.';
