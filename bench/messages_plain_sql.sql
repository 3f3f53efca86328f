-- The same flagging in plain SQL, for bench/messages.sh: split each message
-- into words, upper-case them, hash join with the marked words, one row per
-- flagged message with its words, inserted into a table shaped like
-- flagged_message (no index, as flagged_message). The word list is the
-- small side of the hash join, built once; the split runs as a set-returning
-- function in the select list, which lets the planner use parallel workers.
SET client_min_messages = warning;
CREATE TABLE IF NOT EXISTS bench_msg.marked AS SELECT upper(word) AS uword, word FROM hrlake.marked_word;

-- The rule of SPEC §2.8: words are maximal runs of letters and digits.
CREATE OR REPLACE FUNCTION bench_msg.flag_sql() RETURNS bigint LANGUAGE sql AS $$
  WITH ins AS (
    INSERT INTO bench_msg.flagged
    SELECT t.msg_id, t.sender, t.receiver, array_agg(DISTINCT k.word)
    FROM (SELECT m.msg_id, m.sender, m.receiver,
                 regexp_split_to_table(upper(m.message), '[^[:alnum:]]+') AS tok
          FROM hrlake.message m) t
    JOIN bench_msg.marked k ON k.uword = t.tok
    GROUP BY t.msg_id, t.sender, t.receiver
    RETURNING 1)
  SELECT count(*) FROM ins
$$;

-- Faster, and right only because the bench's messages hold nothing but
-- words and single spaces: split on spaces (the reference in issue 6).
CREATE OR REPLACE FUNCTION bench_msg.flag_sql_spaces() RETURNS bigint LANGUAGE sql AS $$
  WITH ins AS (
    INSERT INTO bench_msg.flagged
    SELECT t.msg_id, t.sender, t.receiver, array_agg(DISTINCT k.word)
    FROM (SELECT m.msg_id, m.sender, m.receiver, string_to_table(upper(m.message), ' ') AS tok
          FROM hrlake.message m) t
    JOIN bench_msg.marked k ON k.uword = t.tok
    GROUP BY t.msg_id, t.sender, t.receiver
    RETURNING 1)
  SELECT count(*) FROM ins
$$;
