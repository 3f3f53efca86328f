-- Message monitoring (SPEC §2.8): ingest with key dedupe, flagging with
-- whole-word matching, strikes, salary levels, 10-strike deactivation and
-- the monthly cooldown.
\i test/sql/include/fresh_hrlake.sql
SET timezone = 'UTC';
\pset null '-'

-- Word lists: a JSON array of strings; non-words are rejected.
SELECT hrlake.load('vocabulary', t.write_text('vocab.json',
  '["ALPHA12345", "BRAVO12345", "CHARLIE123", "DELTA12345", "two words", 42]')) IS NOT NULL AS loaded;
SELECT hrlake.load('marked_word', t.write_text('marked.json', '["alpha12345", "DELTA12345", "ALPHA12345"]')) IS NOT NULL AS loaded;
SELECT * FROM hrlake.ingest('vocabulary');
SELECT * FROM hrlake.ingest('marked_word');
SELECT word FROM hrlake.marked_word ORDER BY word;

-- The employees' timeframe: salaries are the base of the strike levels.
INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary) VALUES
  ('1', 'A', '1704067200', NULL, '100000'), ('2', 'B', '1704067200', NULL, '55555.55'),
  ('3', 'C', '1704067200', NULL, '1000');
SELECT count(*) AS merged FROM hrlake.scd2_merge();

-- Messages as JSON lines with keys; a redelivery, malformed lines, missing
-- fields and bad timestamps.
SELECT hrlake.load('message', t.write_text('stream1.jsonl', $$
{"key":"k1","sender":1,"receiver":2,"message":"hello ALPHA12345 there","timestamp":1767225600}
{"key":"k1","sender":1,"receiver":2,"message":"hello ALPHA12345 there","timestamp":1767225600}
{"key":"k2","sender":"2","receiver":"1","message":"no marked word here","timestamp":"2026-01-01T10:00:00Z"}
{"key":"k3","sender":2,"receiver":3,"message":"alpha12345alpha delta12345","timestamp":1767225600000}
{"key":"k4","sender":3,"message":"no receiver","timestamp":1767225600}
{"key":"k5","sender":3,"receiver":1,"message":"bad time","timestamp":"tomorrow"}
not json at all
{"key":"k6","sender":3,"receiver":1,"message":"(Alpha12345), DELTA12345! alpha12345","timestamp":"2026-01-02"}
$$)) IS NOT NULL AS loaded;
SELECT * FROM hrlake.ingest('message');
SELECT msg_id, key, sender, receiver, message, sent_at FROM hrlake.message ORDER BY msg_id;
SELECT line_no, reason FROM hrlake.rejected_row WHERE source = 'message' ORDER BY line_no;

-- Plain INSERT is a way in too; no timestamp means arrival time.
INSERT INTO hrlake.message (sender, receiver, message) VALUES ('1', '3', 'ALPHA12345');

-- Flagging: each message once; repeated words count once per message.
SELECT * FROM hrlake.flag_messages();
SELECT * FROM hrlake.flag_messages();
-- The scan position never moves back (that would flag messages again).
UPDATE hrlake._matcher_state SET scanned_msg = scanned_msg - 1;
SELECT scanned_msg FROM hrlake._matcher_state;
SELECT msg_id, sender, receiver, matched_words FROM hrlake.v_flagged_messages ORDER BY msg_id;
SELECT * FROM hrlake.v_message_activity ORDER BY emp_id;
SELECT emp_id, base_salary, no_of_strikes, strike_1, strike_2, strike_3, current_salary
FROM hrlake.v_salary_levels ORDER BY emp_id;

-- A new marked word applies to messages scanned after it arrives.
INSERT INTO hrlake_stage.marked_word (word) VALUES ('BRAVO12345');
SELECT * FROM hrlake.ingest('marked_word');
INSERT INTO hrlake.message (sender, receiver, message, sent_at) VALUES
  ('2', '1', 'bravo12345 and CHARLIE123', '2026-01-03');
SELECT msg_id, sender, matched_words, strikes FROM hrlake.flag_messages();

-- max_messages scans at most that many.
INSERT INTO hrlake.message (sender, receiver, message, sent_at)
SELECT '3', '2', 'DELTA12345 #' || g, '2026-01-04'::timestamptz + g * interval '1 minute'
FROM generate_series(1, 12) g;
SELECT count(*) AS flagged_first_5 FROM hrlake.flag_messages(5);
-- The stream job's variant flags the same way and returns only the count.
SELECT hrlake._flag_messages_count(3) AS counted_next_3;
-- The 10th strike closes the ACTIVE record on the message's date; later
-- flagged messages are recorded but add no strike.
SELECT msg_id, sender, strikes FROM hrlake.flag_messages() ORDER BY msg_id;
SELECT emp_id, no_of_strikes, deactivated_on FROM hrlake.employee_strike ORDER BY emp_id;
SELECT emp_id, designation, start_date, end_date, status FROM hrlake.employee_timeframe WHERE emp_id = '3';
SELECT emp_id, base_salary, no_of_strikes, strike_9, strike_10, current_salary
FROM hrlake.v_salary_levels WHERE emp_id = '3';

-- Cooldown: once per month; 1..9 strikes lose one; 10 never changes.
SELECT * FROM hrlake.cooldown('2026-02-01');
SELECT * FROM hrlake.cooldown('2026-02-15');
SELECT * FROM hrlake.cooldown('2026-03-01');
SELECT emp_id, kind, msg_id, period, strikes_before, strikes_after FROM hrlake.v_strike_history
ORDER BY emp_id, at, msg_id;
SELECT emp_id, no_of_strikes, current_salary FROM hrlake.v_salary_levels ORDER BY emp_id;

-- A 1 MB message, and non-ASCII text around words.
INSERT INTO hrlake.message (sender, receiver, message) VALUES
  ('2', '1', repeat('x', 500000) || ' ALPHA12345 ' || repeat('y', 500000)),
  ('2', '1', 'ÉALPHA12345 ALPHA12345é ALPHA12345’s'),
  ('2', '1', '');
SELECT msg_id, matched_words FROM hrlake.flag_messages() ORDER BY msg_id;
-- The arrays of marked words are stored as PostgreSQL builds them
-- (flag_messages lays them out itself): same bytes, same size on disk.
CREATE TEMP TABLE built_by_sql AS SELECT ARRAY['DELTA12345', 'alpha12345'] AS words;
SELECT msg_id, array_send(matched_words) = array_send(b.words) AS same_bytes,
       pg_column_size(matched_words) = pg_column_size(b.words) AS same_size,
       matched_words[2] AS second, array_dims(matched_words) AS dims
FROM hrlake.flagged_message, built_by_sql b WHERE cardinality(matched_words) > 1 ORDER BY msg_id;
CREATE TEMP TABLE one_word_by_sql AS SELECT ARRAY['alpha12345'] AS words;
SELECT count(*) AS one_word_arrays,
       bool_and(array_send(matched_words) = array_send(b.words)) AS same_bytes,
       bool_and(pg_column_size(matched_words) = pg_column_size(b.words)) AS same_size
FROM hrlake.flagged_message, one_word_by_sql b WHERE matched_words = b.words;

-- The stream job ingests and flags in one run.
INSERT INTO hrlake_stage.message (key, sender, receiver, message, timestamp)
VALUES ('k9', '1', '2', 'DELTA12345 in the stream', '1767312000');
SET client_min_messages = warning;  -- the job's summary line holds its time
CALL hrlake.run_stream();
RESET client_min_messages;
SELECT step_counts->'flag messages' AS flagged FROM hrlake.job_run ORDER BY run_id DESC LIMIT 1;
SELECT matched_words FROM hrlake.v_flagged_messages WHERE msg_id = (SELECT max(msg_id) FROM hrlake.message);
DROP SCHEMA t CASCADE;
