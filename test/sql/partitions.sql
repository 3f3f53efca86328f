-- Messages by month (issue 18): partitions made ahead and on demand, the
-- default partition for months without one, keys unique across
-- partitions, flagging exact across them, totals per employee and month,
-- and retention that drops or archives old months while strikes, totals
-- and the 10-strike history stay.
\i test/sql/include/fresh_hrlake.sql
SET timezone = 'UTC';
\pset null '-'
CREATE VIEW t.parts AS
SELECT c.relname AS partition, pg_get_userbyid(c.relowner) AS owner,
       pg_get_expr(c.relpartbound, c.oid) AS bounds,
       EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') AS extension_member
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent IN ('hrlake.message'::regclass, 'hrlake.flagged_message'::regclass);

-- A fresh install has the default partitions only.
SELECT partition, owner, bounds, extension_member FROM t.parts ORDER BY 1;

INSERT INTO hrlake.marked_word (word) VALUES ('ALPHA12345');
INSERT INTO hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary) VALUES
  ('1', 'A', '1704067200', NULL, '1000'), ('2', 'B', '1704067200', NULL, '2000');
SELECT count(*) AS merged FROM hrlake.scd2_merge();

-- Messages of months without a partition are kept (default partition).
SELECT hrlake.load('message', t.write_text('parts1.jsonl', $$
{"key":"a","sender":1,"receiver":2,"message":"ALPHA12345 one","timestamp":"2026-01-10T10:00:00Z"}
{"key":"b","sender":2,"receiver":1,"message":"nothing","timestamp":"2026-01-31T23:59:59.999999Z"}
{"key":"c","sender":1,"receiver":2,"message":"alpha12345 two","timestamp":"2026-02-01T00:00:00Z"}
{"key":"d","sender":2,"receiver":1,"message":"plain","timestamp":"2026-03-15T12:00:00+05:00"}
$$)) IS NOT NULL AS loaded;
SELECT batch_id, rows_total, rows_loaded, rows_duplicate, rows_rejected FROM hrlake.ingest('message');
SELECT tableoid::regclass AS partition, count(*) FROM hrlake.message GROUP BY 1 ORDER BY 1;

-- The monthly job's step: the months waiting in the default partition
-- get theirs (their rows move in), and the month of as_of with the months
-- ahead (hrlake.message_partitions_ahead, 3) are made; again, nothing.
SELECT hrlake._message_partitions('2026-03-01') AS made;
SELECT hrlake._message_partitions('2026-03-01') AS made_again;
SELECT partition, owner, bounds, extension_member FROM t.parts ORDER BY 1;
SELECT tableoid::regclass AS partition, msg_id, key, sent_at FROM hrlake.message ORDER BY msg_id;

-- Keys are unique across partitions: a redelivery in another month is a
-- duplicate for the ingest, and an error for a plain INSERT.
SELECT hrlake.load('message', t.write_text('parts2.jsonl', $$
{"key":"a","sender":1,"receiver":2,"message":"ALPHA12345 one","timestamp":"2026-05-10T10:00:00Z"}
{"key":"e","sender":1,"receiver":2,"message":"ALPHA12345 three","timestamp":"2026-04-02T00:00:00Z"}
{"key":"e","sender":1,"receiver":2,"message":"ALPHA12345 three","timestamp":"2026-04-02T00:00:00Z"}
$$)) IS NOT NULL AS loaded;
SELECT batch_id, rows_total, rows_loaded, rows_duplicate, rows_rejected FROM hrlake.ingest('message');
\set VERBOSITY terse
INSERT INTO hrlake.message (key, sender, receiver, message, sent_at) VALUES ('c', '9', '9', 'again', '2026-06-01');
\set VERBOSITY default
SELECT key, msg_id, sent_at FROM hrlake.message_key ORDER BY key;
-- A deleted message frees its key; one moved to another month (its time
-- changed) keeps it.
DELETE FROM hrlake.message WHERE key = 'd';
UPDATE hrlake.message SET sent_at = '2026-02-15' WHERE key = 'b';
SELECT tableoid::regclass AS partition, msg_id, key, sent_at FROM hrlake.message WHERE key IN ('b', 'd');
SELECT key, msg_id, sent_at FROM hrlake.message_key ORDER BY key;
INSERT INTO hrlake.message (key, sender, receiver, message, sent_at) VALUES ('d', '2', '1', 'plain', '2026-03-15');
-- A message far ahead of every partition is kept too.
INSERT INTO hrlake.message (sender, receiver, message, sent_at) VALUES ('2', '1', 'ALPHA12345 later', '2031-07-04');
SELECT tableoid::regclass AS partition, count(*) FROM hrlake.message GROUP BY 1 ORDER BY 1;

-- Flagging reads every partition, each message once, and keeps the totals
-- per employee and month.
SELECT msg_id, sender, matched_words, strikes FROM hrlake.flag_messages() ORDER BY msg_id;
SELECT count(*) AS again FROM hrlake.flag_messages();
SELECT tableoid::regclass AS partition, msg_id, sent_at FROM hrlake.flagged_message ORDER BY msg_id;
SELECT * FROM hrlake.v_message_activity_monthly ORDER BY emp_id, month;
SELECT * FROM hrlake.v_message_activity ORDER BY emp_id;

-- Employee 1 reaches 10 strikes in April 2026: the ACTIVE record closes.
INSERT INTO hrlake.message (sender, receiver, message, sent_at)
SELECT '1', '2', 'ALPHA12345 #' || g, '2026-04-10'::timestamptz + g * interval '1 hour' FROM generate_series(1, 8) g;
SELECT count(*) AS flagged FROM hrlake.flag_messages();
SELECT emp_id, no_of_strikes, deactivated_on FROM hrlake.employee_strike ORDER BY emp_id;
SELECT emp_id, start_date, end_date, status FROM hrlake.employee_timeframe WHERE emp_id = '1';

-- Retention (a setting: months kept before the month of the job's date).
-- Off by default.
SELECT hrlake._apply_message_retention('2026-09-01') AS dropped_with_retention_off;
SET hrlake.message_retention_months = 5;
-- A month with a message not flagged yet stays until it is.
INSERT INTO hrlake.message (sender, receiver, message, sent_at) VALUES ('2', '2', 'late', '2026-02-20');
SELECT hrlake._apply_message_retention('2026-09-01') AS dropped;
SELECT month, action, messages, flagged, keys, archived_as FROM hrlake.message_retention ORDER BY retention_id;
SELECT count(*) AS flagged FROM hrlake.flag_messages();
SELECT hrlake._apply_message_retention('2026-09-01') AS dropped;
SELECT month, action, messages, flagged, keys, archived_as FROM hrlake.message_retention ORDER BY retention_id;
SELECT partition FROM t.parts WHERE partition LIKE 'message_p%' ORDER BY 1;
SELECT key FROM hrlake.message_key ORDER BY key;
-- What outlives the messages: totals, strike counts, the closed record;
-- the strikes of the months kept are still listed one by one.
SELECT * FROM hrlake.v_message_activity ORDER BY emp_id;
SELECT emp_id, sum(messages_sent) AS sent, sum(messages_received) AS received
FROM hrlake.v_message_activity_monthly GROUP BY emp_id ORDER BY emp_id;
SELECT emp_id, no_of_strikes, deactivated_on FROM hrlake.employee_strike ORDER BY emp_id;
SELECT emp_id, start_date, end_date, status FROM hrlake.employee_timeframe WHERE emp_id = '1';
SELECT emp_id, count(*) AS strikes_listed, max(strikes_after) AS last FROM hrlake.v_strike_history
WHERE kind = 'strike' GROUP BY emp_id ORDER BY emp_id;
-- A redelivery of a key of a dropped month is a new message again.
INSERT INTO hrlake.message (key, sender, receiver, message, sent_at) VALUES ('a', '2', '1', 'again', '2026-01-10');
SELECT hrlake._message_partitions(NULL) AS made;
SELECT tableoid::regclass AS partition, key FROM hrlake.message WHERE key = 'a';

-- Archive instead of drop: the month goes to hrlake_archive, readable by
-- admins; an archived month that comes back adds to its archive.
SET hrlake.message_retention_action = 'archive';
SELECT count(*) AS flagged FROM hrlake.flag_messages();
SELECT hrlake._apply_message_retention('2026-09-01') AS archived;
SELECT month, action, messages, flagged, keys, archived_as FROM hrlake.message_retention ORDER BY retention_id;
SELECT count(*) AS archived_rows, has_table_privilege('hrlake_admin', 'hrlake_archive.message_p2026_01', 'SELECT') AS admins_read
FROM hrlake_archive.message_p2026_01;
SET hrlake.message_retention_months = 4;
SELECT hrlake._apply_message_retention('2026-09-01') AS archived;
SELECT c.relname AS archived FROM pg_class c WHERE c.relnamespace = 'hrlake_archive'::regnamespace
  AND c.relkind = 'r' ORDER BY 1;
RESET hrlake.message_retention_action;
RESET hrlake.message_retention_months;

-- The monthly job runs both steps as an admin, who cannot drop a
-- partition (or do anything else an owner can) itself.
SET ROLE hrlake_admin;
SET client_min_messages = warning;
CALL hrlake.run_monthly('2026-10-01');
RESET client_min_messages;
SELECT step_counts FROM hrlake.job_run WHERE job = 'monthly' ORDER BY run_id DESC LIMIT 1;
\set VERBOSITY terse
DROP TABLE hrlake.message_p2026_10;
ALTER TABLE hrlake.message DETACH PARTITION hrlake.message_p2026_10;
\set VERBOSITY default
RESET ROLE;
SELECT partition FROM t.parts WHERE partition LIKE 'message_p%' ORDER BY 1;

-- The extension drops with its partitions (archives need CASCADE).
SET client_min_messages = warning;
DROP EXTENSION hrlake CASCADE;
RESET client_min_messages;
SELECT count(*) AS left_behind FROM pg_class WHERE relname ~ '^(flagged_)?message_';
DROP SCHEMA t CASCADE;
