-- hrlake 0.1.0 -> 0.2.0: changes to tables and their data. The functions,
-- views and privileges of 0.2.0 follow (sql/api/, appended by the build).

\echo Use "ALTER EXTENSION hrlake UPDATE" to load this file. \quit

-- Jobs: every attempt at a period is numbered; no-op stream runs fold into
-- one row; failed periods are tried again (hrlake.run_due()).
ALTER TABLE hrlake.job_run DROP CONSTRAINT job_run_status_check,
  ADD CONSTRAINT job_run_status_check
    CHECK (status IN ('running', 'succeeded', 'failed', 'skipped', 'interrupted')),
  ADD COLUMN attempt integer NOT NULL DEFAULT 1,
  ADD COLUMN runs integer NOT NULL DEFAULT 1,
  ADD COLUMN next_attempt_at timestamptz,
  ADD COLUMN failed_step text,
  ADD COLUMN error_code text;
-- 0.1.0 wrote "step <step>: <message> (SQLSTATE <code>)".
UPDATE hrlake.job_run
SET failed_step = substring(error FROM '^step ([a-z_0-9]+): '),
    error_code = substring(error FROM '\(SQLSTATE ([0-9A-Z]{5})\)$')
WHERE status = 'failed';
DROP FUNCTION hrlake._run_step(text, text, text, date);

-- The batch records who loaded it, not the role hrlake's functions run as.
ALTER TABLE hrlake.batch ALTER COLUMN loaded_by SET DEFAULT session_user;
-- The sources are listed once, in src/core/source_spec.cpp (hrlake._sources()).
ALTER TABLE hrlake.batch DROP CONSTRAINT batch_source_check;

-- Analyst views no longer carry salaries or message text (those moved to
-- admin views): their columns changed.
DROP VIEW hrlake.v_flagged_messages;
DROP VIEW hrlake.v_employee_strikes;

-- Rows are validated and stored by the C++ intake (src/pg/intake.h); the
-- per-source SQL ingests are gone.
DROP FUNCTION hrlake._ingest_employee(), hrlake._employee_problem(text, text, text),
  hrlake._ingest_leave_quota(), hrlake._ingest_leave_calendar(), hrlake._ingest_leave(),
  hrlake._refresh_leave_days(text[], integer[]), hrlake._leave_quota_problem(text, text, text),
  hrlake._leave_calendar_problem(text, text), hrlake._leave_problem(text, text, text),
  hrlake._parse_date(text), hrlake._ingest_words(text), hrlake._ingest_vocabulary(),
  hrlake._ingest_marked_word(), hrlake._ingest_message(),
  hrlake._message_problem(text, text, text, text), hrlake._parse_message_time(text),
  hrlake._clean(text);

-- Word lists hold each word once under Unicode case folding (SPEC §2.8):
-- words 0.1.0 kept apart that fold alike are one (the first added stays).
DROP FUNCTION hrlake._word_problem(text);
-- Why a word cannot be a vocabulary or marked word, or NULL (the
-- matcher's own rule, so a marked word that passes can always be matched).
CREATE FUNCTION hrlake._word_problem(word text) RETURNS text
LANGUAGE c IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'hrlake_word_problem';

-- The key under which words are one and the same: the word under Unicode
-- simple case folding (CAFÉ = café; STRASSE <> straße).
CREATE FUNCTION hrlake._word_key(word text) RETURNS text
LANGUAGE c IMMUTABLE PARALLEL SAFE STRICT AS 'MODULE_PATHNAME', 'hrlake_word_key';
DELETE FROM hrlake.vocabulary v USING hrlake.vocabulary w
WHERE hrlake._word_key(v.word) = hrlake._word_key(w.word) AND (w.added_at, w.word) < (v.added_at, v.word);
DELETE FROM hrlake.marked_word v USING hrlake.marked_word w
WHERE hrlake._word_key(v.word) = hrlake._word_key(w.word) AND (w.added_at, w.word) < (v.added_at, v.word);
ALTER TABLE hrlake.vocabulary
  ADD COLUMN word_key text NOT NULL GENERATED ALWAYS AS (hrlake._word_key(word)) STORED,
  ADD CONSTRAINT vocabulary_word_key_key UNIQUE (word_key);
DROP INDEX hrlake.marked_word_upper;
ALTER TABLE hrlake.marked_word
  ADD COLUMN word_key text NOT NULL GENERATED ALWAYS AS (hrlake._word_key(word)) STORED,
  ADD CONSTRAINT marked_word_word_key_key UNIQUE (word_key);
ALTER TABLE hrlake.marked_word ADD CONSTRAINT marked_word_is_a_word
  CHECK (hrlake._word_problem(word) IS NULL) NOT VALID;
ALTER TABLE hrlake.message
  ADD CONSTRAINT message_sender_length CHECK (char_length(sender) <= 64) NOT VALID,
  ADD CONSTRAINT message_receiver_length CHECK (char_length(receiver) <= 64) NOT VALID,
  ADD CONSTRAINT message_key_length CHECK (char_length(key) <= 200) NOT VALID;

-- The timeframe history is derived from the distinct rows that arrived
-- (SPEC §2.3). The rows 0.1.0 kept are what is known of them: each record,
-- with its end when the data gave it (a row that lost a collapse in 0.1.0
-- was not kept, so it cannot come back).
CREATE TABLE hrlake.timeframe_row (
  emp_id       text COLLATE "C" NOT NULL,
  start_date   date NOT NULL,
  end_date     date,
  salary       numeric CHECK (salary >= 0),
  designation  text,
  batch_id     bigint NOT NULL,
  line_no      bigint NOT NULL,
  arrived_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date IS NULL OR end_date >= start_date),
  CONSTRAINT timeframe_row_distinct UNIQUE NULLS NOT DISTINCT (emp_id, start_date, end_date, salary, designation)
);
CREATE INDEX timeframe_row_batch ON hrlake.timeframe_row (batch_id);
INSERT INTO hrlake.timeframe_row (emp_id, start_date, end_date, salary, designation, batch_id, line_no, arrived_at)
SELECT emp_id, start_date, CASE WHEN end_date_given THEN end_date END, salary, designation, batch_id, line_no,
       updated_at
FROM hrlake.employee_timeframe
ORDER BY batch_id, line_no
ON CONFLICT DO NOTHING;
DROP FUNCTION hrlake._ingest_timeframe(), hrlake._claim_staged(text), hrlake._finish_batches(text, bigint[], jsonb),
  hrlake._csv_line(text[]);
ALTER TABLE hrlake.batch DROP CONSTRAINT batch_origin_check,
  ADD CONSTRAINT batch_origin_check CHECK (origin IN ('file', 'copy', 'strike'));

-- The daily reports keep one result per run date (SPEC §2.7a).
ALTER TABLE hrlake.active_by_designation DROP CONSTRAINT active_by_designation_pkey,
  ADD CONSTRAINT active_by_designation_pkey PRIMARY KEY (as_of, designation);
ALTER TABLE hrlake.leave_8pct DROP CONSTRAINT leave_8pct_pkey,
  ADD CONSTRAINT leave_8pct_pkey PRIMARY KEY (as_of, emp_id);
-- The dates each daily report was run for (SPEC §2.7a), with how many rows
-- it stored: the latest run is the one the v_ views show, even when it
-- found nothing to report.
CREATE TABLE hrlake.report_run (
  report        text NOT NULL CHECK (report IN ('leave_8pct', 'active_by_designation')),
  as_of         date NOT NULL,
  rows          bigint NOT NULL,
  refreshed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (report, as_of)
);
INSERT INTO hrlake.report_run (report, as_of, rows)
SELECT 'leave_8pct', as_of, count(*) FROM hrlake.leave_8pct GROUP BY as_of
UNION ALL
SELECT 'active_by_designation', as_of, count(*) FROM hrlake.active_by_designation GROUP BY as_of;

-- Flagging no longer waits for message writers (src/pg/flag_messages.cpp).
DROP FUNCTION hrlake._settled_msg_id();

-- Dumps restore whatever the method, and logical replicas follow (issue 21).
-- A parallel or data-only pg_restore loads tables side by side: no foreign
-- key may tie two tables pg_dump keeps (rejected_row -> batch lost every
-- reject).
ALTER TABLE hrlake.rejected_row DROP CONSTRAINT rejected_row_batch_id_fkey;
-- Staging rows get their replica identity (sql/install/00_schema.sql).
ALTER TABLE hrlake_stage.employee ADD PRIMARY KEY (stage_id);
ALTER TABLE hrlake_stage.timeframe ADD PRIMARY KEY (stage_id);
ALTER TABLE hrlake_stage.leave_quota ADD PRIMARY KEY (stage_id);
ALTER TABLE hrlake_stage.leave_calendar ADD PRIMARY KEY (stage_id);
ALTER TABLE hrlake_stage.leave ADD PRIMARY KEY (stage_id);
ALTER TABLE hrlake_stage.vocabulary ADD PRIMARY KEY (stage_id);
ALTER TABLE hrlake_stage.marked_word ADD PRIMARY KEY (stage_id);
ALTER TABLE hrlake_stage.message ADD PRIMARY KEY (stage_id);
-- The scan position no longer shares its row with the marked-word version,
-- which the restore (and a replica's sync) of marked_word writes first: the
-- position's row then collided and was lost, and everything was flagged
-- again. The version moves to a table of its own (sql/install/50_messages.sql);
-- _matcher_state is rebuilt without it, as a fresh install has it.
CREATE UNLOGGED TABLE hrlake._marked_word_version (
  only_row  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  version   bigint NOT NULL DEFAULT 1
);
INSERT INTO hrlake._marked_word_version (version) SELECT version FROM hrlake._matcher_state;
ALTER TABLE hrlake._matcher_state RENAME TO _matcher_state_0_1;
ALTER INDEX hrlake._matcher_state_pkey RENAME TO _matcher_state_0_1_pkey;
ALTER TABLE hrlake._matcher_state_0_1 RENAME CONSTRAINT _matcher_state_only_row_check TO _matcher_state_0_1_only_row_check;
CREATE TABLE hrlake._matcher_state (
  only_row     boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  scanned_msg  bigint NOT NULL DEFAULT 0
);
INSERT INTO hrlake._matcher_state (only_row, scanned_msg) SELECT only_row, scanned_msg FROM hrlake._matcher_state_0_1;
DROP TABLE hrlake._matcher_state_0_1;

-- Messages by month (issue 18): message and flagged_message become
-- partitioned by month of message time, keys unique through message_key,
-- totals per employee and month in message_month (sql/install/50_messages.sql
-- tells why). 0.1.0's tables step aside, the new ones are made as a fresh
-- install makes them, the rows are copied into their default partitions
-- (sql/api/86_message_partitions.sql then moves them into their months'),
-- and the old tables go. The views over them are made again by sql/api.
DROP VIEW hrlake.v_message_activity, hrlake.v_strike_history, hrlake.v_data_quality;
CREATE SCHEMA hrlake_0_1_0;
ALTER TABLE hrlake.message SET SCHEMA hrlake_0_1_0;
ALTER TABLE hrlake.flagged_message SET SCHEMA hrlake_0_1_0;
CREATE TABLE hrlake.message (
  msg_id       bigint GENERATED ALWAYS AS IDENTITY,
  key          text,
  sender       text COLLATE "C" NOT NULL,
  receiver     text COLLATE "C" NOT NULL,
  message      text NOT NULL,
  sent_at      timestamptz NOT NULL DEFAULT now(),
  received_at  timestamptz NOT NULL DEFAULT now(),
  batch_id     bigint
) PARTITION BY RANGE (sent_at);
CREATE TABLE hrlake.message_default PARTITION OF hrlake.message DEFAULT;
ALTER TABLE hrlake.message_default ADD PRIMARY KEY (msg_id);
CREATE TABLE hrlake.message_key (
  key      text COLLATE "C" PRIMARY KEY,
  msg_id   bigint NOT NULL,
  sent_at  timestamptz NOT NULL
);
CREATE INDEX message_key_sent_at ON hrlake.message_key USING brin (sent_at);
CREATE TABLE hrlake.flagged_message (
  msg_id         bigint NOT NULL,
  sender         text COLLATE "C" NOT NULL,
  receiver       text COLLATE "C" NOT NULL,
  matched_words  text[] NOT NULL CHECK (cardinality(matched_words) > 0),
  flagged_at     timestamptz NOT NULL DEFAULT now(),
  strikes        integer CHECK (strikes BETWEEN 1 AND 10),
  sent_at        timestamptz NOT NULL
) PARTITION BY RANGE (sent_at);
CREATE TABLE hrlake.flagged_message_default PARTITION OF hrlake.flagged_message DEFAULT;
ALTER TABLE hrlake.message REPLICA IDENTITY FULL;
ALTER TABLE hrlake.flagged_message REPLICA IDENTITY FULL;
ALTER TABLE hrlake.flagged_message_default REPLICA IDENTITY FULL;
CREATE TABLE hrlake.message_month (
  emp_id            text COLLATE "C" NOT NULL,
  month             date NOT NULL CHECK (extract(day FROM month) = 1),
  sent              bigint NOT NULL DEFAULT 0,
  received          bigint NOT NULL DEFAULT 0,
  flagged_sent      bigint NOT NULL DEFAULT 0,
  flagged_received  bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (month, emp_id)
);
CREATE SCHEMA hrlake_archive;
CREATE TABLE hrlake.message_retention (
  retention_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  month         date NOT NULL CHECK (extract(day FROM month) = 1),
  action        text NOT NULL CHECK (action IN ('dropped', 'archived')),
  messages      bigint NOT NULL,
  flagged       bigint NOT NULL,
  keys          bigint NOT NULL,
  archived_as   text,
  at            timestamptz NOT NULL DEFAULT now(),
  CHECK ((action = 'archived') = (archived_as IS NOT NULL))
);

INSERT INTO hrlake.message (msg_id, key, sender, receiver, message, sent_at, received_at, batch_id)
OVERRIDING SYSTEM VALUE
SELECT msg_id, key, sender, receiver, message, sent_at, received_at, batch_id FROM hrlake_0_1_0.message;
SELECT pg_catalog.setval('hrlake.message_msg_id_seq', s.last_value, s.is_called)
FROM hrlake_0_1_0.message_msg_id_seq s;
-- As in a fresh install, after the rows (0.1.0 kept longer ones).
ALTER TABLE hrlake.message
  ADD CONSTRAINT message_sender_length CHECK (char_length(sender) <= 64) NOT VALID,
  ADD CONSTRAINT message_receiver_length CHECK (char_length(receiver) <= 64) NOT VALID,
  ADD CONSTRAINT message_key_length CHECK (char_length(key) <= 200) NOT VALID;
INSERT INTO hrlake.message_key (key, msg_id, sent_at)
SELECT key, msg_id, sent_at FROM hrlake_0_1_0.message WHERE key IS NOT NULL;
-- A flagged message whose message an admin deleted has no time left: its
-- flagging time stands for it.
INSERT INTO hrlake.flagged_message (msg_id, sender, receiver, matched_words, flagged_at, strikes, sent_at)
SELECT f.msg_id, f.sender, f.receiver, f.matched_words, f.flagged_at, f.strikes, coalesce(m.sent_at, f.flagged_at)
FROM hrlake_0_1_0.flagged_message f LEFT JOIN hrlake_0_1_0.message m USING (msg_id);
-- The totals of the messages 0.1.0 had flagged already (up to its scan
-- position); the rest count when they are read.
INSERT INTO hrlake.message_month (emp_id, month, sent, received, flagged_sent, flagged_received)
SELECT t.emp_id, t.month, sum(t.sent), sum(t.received), sum(t.flagged_sent), sum(t.flagged_received)
FROM (
  SELECT m.sender AS emp_id, date_trunc('month', m.sent_at AT TIME ZONE 'UTC')::date AS month,
         1 AS sent, 0 AS received, 0 AS flagged_sent, 0 AS flagged_received
  FROM hrlake_0_1_0.message m WHERE m.msg_id <= (SELECT coalesce(max(s.scanned_msg), 0) FROM hrlake._matcher_state s)
  UNION ALL
  SELECT m.receiver, date_trunc('month', m.sent_at AT TIME ZONE 'UTC')::date, 0, 1, 0, 0
  FROM hrlake_0_1_0.message m WHERE m.msg_id <= (SELECT coalesce(max(s.scanned_msg), 0) FROM hrlake._matcher_state s)
  UNION ALL
  SELECT f.sender, date_trunc('month', f.sent_at AT TIME ZONE 'UTC')::date, 0, 0, 1, 0 FROM hrlake.flagged_message f
  UNION ALL
  SELECT f.receiver, date_trunc('month', f.sent_at AT TIME ZONE 'UTC')::date, 0, 0, 0, 1 FROM hrlake.flagged_message f
) t
GROUP BY t.emp_id, t.month;
DROP SCHEMA hrlake_0_1_0 CASCADE;

-- JSON lines as clients pipe them in (\copy hrlake_stage.message_raw (doc)
-- from stdin ...): one JSON document per row, read at the next ingest of
-- the source by the rules, limits and rejects of a JSON-lines file. One
-- table per JSON source, because COPY cannot add a constant column: a
-- client pipes a broker's lines in unchanged, naming the source by the
-- table alone.
CREATE TABLE hrlake_stage.message_raw (
  doc       text,
  batch_id  bigint,
  line_no   bigint,
  stage_id  bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY
);
CREATE TABLE hrlake_stage.vocabulary_raw (
  doc       text,
  batch_id  bigint,
  line_no   bigint,
  stage_id  bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY
);
CREATE TABLE hrlake_stage.marked_word_raw (
  doc       text,
  batch_id  bigint,
  line_no   bigint,
  stage_id  bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY
);
-- Notices are exported into the directory a superuser sets
-- (hrlake.notice_directory) by hrlake.export_notices() and the monthly job.
DROP FUNCTION hrlake.export_80pct_notices(date, text), hrlake._write_text_files(text, text[], text[]);

-- Statements that staged rows since their source's last ingest; rows
-- staged under 0.1.0 may be waiting, so every source has one.
CREATE TABLE hrlake._stage_arrival (
  arrival_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- replica identity
  table_name  text NOT NULL  -- hrlake_stage.<table_name>
);
INSERT INTO hrlake._stage_arrival (table_name)
SELECT c.relname FROM pg_catalog.pg_class c
WHERE c.relnamespace = 'hrlake_stage'::regnamespace AND c.relkind = 'r' ORDER BY c.relname;
