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
  ADD COLUMN next_attempt_at timestamptz;
DROP FUNCTION hrlake._run_step(text, text, text, date);

-- The batch records who loaded it, not the role hrlake's functions run as.
ALTER TABLE hrlake.batch ALTER COLUMN loaded_by SET DEFAULT session_user;

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
