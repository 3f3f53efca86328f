-- Bench data for message flagging: a 5,000-word vocabulary of 10-character
-- upper-case tokens, 500 of them marked, and :n messages of 10 tokens
-- (about 65% contain a marked word), 100,000 senders.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS bench_msg CASCADE;
CREATE SCHEMA bench_msg;
TRUNCATE hrlake.message, hrlake.flagged_message, hrlake.marked_word, hrlake.vocabulary,
         hrlake.strike_event, hrlake.employee_strike, hrlake._matcher_state;
SELECT setseed(0.9);
CREATE TABLE bench_msg.vocab AS
SELECT i, string_agg(substr('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 1 + floor(random() * 36)::integer, 1), '') AS word
FROM generate_series(0, 4999) i, generate_series(1, 10) k GROUP BY i;
INSERT INTO hrlake.vocabulary (word, batch_id) SELECT DISTINCT word, 0 FROM bench_msg.vocab;
INSERT INTO hrlake.marked_word (word, batch_id) SELECT DISTINCT word, 0 FROM bench_msg.vocab WHERE i % 10 = 0;
CREATE TABLE bench_msg.marked AS SELECT upper(word) AS uword, word FROM hrlake.marked_word;
ALTER TABLE hrlake.message SET (autovacuum_enabled = false);
INSERT INTO hrlake.message (sender, receiver, message, sent_at)
SELECT (50000000 + g % 100000)::text, (50000000 + (g * 7) % 100000)::text,
       v[1 + floor(random() * 5000)::integer] || ' ' || v[1 + floor(random() * 5000)::integer] || ' ' ||
       v[1 + floor(random() * 5000)::integer] || ' ' || v[1 + floor(random() * 5000)::integer] || ' ' ||
       v[1 + floor(random() * 5000)::integer] || ' ' || v[1 + floor(random() * 5000)::integer] || ' ' ||
       v[1 + floor(random() * 5000)::integer] || ' ' || v[1 + floor(random() * 5000)::integer] || ' ' ||
       v[1 + floor(random() * 5000)::integer] || ' ' || v[1 + floor(random() * 5000)::integer],
       TIMESTAMPTZ '2026-01-01' + g * interval '1 second'
FROM (SELECT array_agg(word ORDER BY i) AS v FROM bench_msg.vocab) w, generate_series(1, :n) g;
VACUUM ANALYZE hrlake.message;
CHECKPOINT;

-- The same flagging in plain SQL: split into words (maximal runs of letters
-- and digits), upper-case, hash join with the marked words, one row per
-- flagged message with its words.
CREATE TABLE bench_msg.flagged (msg_id bigint PRIMARY KEY, sender text, receiver text, matched_words text[]);
CREATE FUNCTION bench_msg.flag_sql() RETURNS bigint LANGUAGE sql AS $$
  WITH hits AS (
    SELECT m.msg_id, m.sender, m.receiver, array_agg(DISTINCT k.word) AS words
    FROM hrlake.message m
    CROSS JOIN LATERAL regexp_split_to_table(upper(m.message), '[^[:alnum:]]+') AS t(tok)
    JOIN bench_msg.marked k ON k.uword = t.tok
    GROUP BY m.msg_id, m.sender, m.receiver)
  , ins AS (INSERT INTO bench_msg.flagged SELECT * FROM hits RETURNING 1)
  SELECT count(*) FROM ins
$$;
SELECT count(*) AS messages FROM hrlake.message;
