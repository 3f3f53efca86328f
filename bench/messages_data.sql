-- Bench data for message flagging: a 5,000-word vocabulary of 10-character
-- upper-case tokens, 500 of them marked, and :n messages of 10 tokens
-- (about 65% contain a marked word), 100,000 senders.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS bench_msg CASCADE;
CREATE SCHEMA bench_msg;
-- A fresh extension, so the build being measured is the one installed
-- (the other benchmarks then generate their data again).
DROP EXTENSION IF EXISTS hrlake CASCADE;
CREATE EXTENSION hrlake;
SELECT setseed(0.9);
-- Word j of the vocabulary is the first 10 hex digits of md5(j), upper-case:
-- computing it inline is much faster than looking it up in an array.
CREATE TABLE bench_msg.vocab AS
SELECT i, upper(substr(md5(i::text), 1, 10)) AS word FROM generate_series(0, 4999) i;
INSERT INTO hrlake.vocabulary (word, batch_id) SELECT DISTINCT word, 0 FROM bench_msg.vocab;
INSERT INTO hrlake.marked_word (word, batch_id) SELECT DISTINCT word, 0 FROM bench_msg.vocab WHERE i % 10 = 0;
CREATE TABLE bench_msg.marked AS SELECT upper(word) AS uword, word FROM hrlake.marked_word;
-- The months the messages fall in have their partitions (the rest of a
-- big :n moves out of the default partition after), without autovacuum.
SELECT hrlake._message_partitions('2026-01-01');
DO $$
DECLARE
  p regclass;
BEGIN
  FOR p IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'hrlake.message'::regclass LOOP
    EXECUTE format('ALTER TABLE %s SET (autovacuum_enabled = false)', p);
  END LOOP;
END
$$;
INSERT INTO hrlake.message (sender, receiver, message, sent_at)
SELECT (50000000 + g % 100000)::text, (50000000 + (g * 7) % 100000)::text,
       upper(substr(md5(floor(random() * 5000)::integer::text), 1, 10)) || ' ' ||
       upper(substr(md5(floor(random() * 5000)::integer::text), 1, 10)) || ' ' ||
       upper(substr(md5(floor(random() * 5000)::integer::text), 1, 10)) || ' ' ||
       upper(substr(md5(floor(random() * 5000)::integer::text), 1, 10)) || ' ' ||
       upper(substr(md5(floor(random() * 5000)::integer::text), 1, 10)) || ' ' ||
       upper(substr(md5(floor(random() * 5000)::integer::text), 1, 10)) || ' ' ||
       upper(substr(md5(floor(random() * 5000)::integer::text), 1, 10)) || ' ' ||
       upper(substr(md5(floor(random() * 5000)::integer::text), 1, 10)) || ' ' ||
       upper(substr(md5(floor(random() * 5000)::integer::text), 1, 10)) || ' ' ||
       upper(substr(md5(floor(random() * 5000)::integer::text), 1, 10)),
       TIMESTAMPTZ '2026-01-01' + g * interval '1 second'
FROM generate_series(1, :n) g;
SELECT hrlake._message_partitions(NULL);
VACUUM ANALYZE hrlake.message;
CHECKPOINT;

CREATE TABLE bench_msg.flagged (msg_id bigint, sender text, receiver text, matched_words text[]);
-- Which install script this data was made with (bench/messages.sh).
CREATE TABLE bench_msg.meta AS SELECT :'script_md5'::text AS script_md5;
SELECT count(*) AS messages FROM hrlake.message;
