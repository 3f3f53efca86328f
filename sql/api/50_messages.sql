-- Messages (SPEC §2.8): triggers that keep flagging exact, and the BI views.

-- The scan position only moves forward: moving it back would flag messages
-- a second time.
CREATE OR REPLACE FUNCTION hrlake._position_moves_forward() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NEW.scanned_msg < OLD.scanned_msg THEN
    RAISE EXCEPTION 'the message scan position cannot move back (from % to %)', OLD.scanned_msg, NEW.scanned_msg
      USING ERRCODE = 'check_violation',
            HINT = 'Messages up to the position were flagged already; moving it back would flag them again.';
  END IF;
  RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER position_moves_forward BEFORE UPDATE OF scanned_msg ON hrlake._matcher_state
  FOR EACH ROW EXECUTE FUNCTION hrlake._position_moves_forward();

-- The marked words changed: the matcher is compiled again.
CREATE OR REPLACE FUNCTION hrlake._bump_marked_word_version() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  INSERT INTO hrlake._marked_word_version AS m (version) VALUES (2)
  ON CONFLICT (only_row) DO UPDATE SET version = m.version + 1;
  RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER marked_word_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON hrlake.marked_word FOR EACH STATEMENT EXECUTE FUNCTION hrlake._bump_marked_word_version();
-- Writers of messages hold this lock (shared) until they commit, so that
-- flag_messages can wait for them before it fixes how far it reads (see
-- 59_flag_messages.sql).
CREATE OR REPLACE FUNCTION hrlake._message_writer_lock() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  -- Held (shared) until the writer's transaction ends; the key is the
  -- msg_id sequence's last value as the statement begins, modulo 2^31:
  -- every msg_id the statement draws is higher (src/pg/flag_messages.cpp).
  PERFORM pg_advisory_xact_lock_shared(1752329323,
    (coalesce(pg_sequence_last_value('hrlake.message_msg_id_seq'), 0) % 2147483648)::integer);
  RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER message_writers BEFORE INSERT ON hrlake.message
  FOR EACH STATEMENT EXECUTE FUNCTION hrlake._message_writer_lock();
-- Flagging depends on these triggers: they fire whatever the session's
-- replication role (logical replication apply, bulk loaders that set
-- session_replication_role = replica).
ALTER TABLE hrlake.message ENABLE ALWAYS TRIGGER message_writers;
ALTER TABLE hrlake.marked_word ENABLE ALWAYS TRIGGER marked_word_changed;
ALTER TABLE hrlake._matcher_state ENABLE ALWAYS TRIGGER position_moves_forward;

-- Flagged messages as BI reads them: who, when, which words, the strike
-- each gave; never the text (SPEC §2.10), which admins read in
-- v_flagged_message_text.
CREATE OR REPLACE VIEW hrlake.v_flagged_messages AS
SELECT f.msg_id, f.sender, f.receiver, f.matched_words, m.sent_at, f.flagged_at, f.strikes
FROM hrlake.flagged_message f JOIN hrlake.message m USING (msg_id);

CREATE OR REPLACE VIEW hrlake.v_flagged_message_text AS
SELECT f.msg_id, f.sender, f.receiver, f.matched_words, m.sent_at, f.flagged_at, f.strikes, m.message
FROM hrlake.flagged_message f JOIN hrlake.message m USING (msg_id);

CREATE OR REPLACE VIEW hrlake.v_message_activity AS
SELECT emp_id, sum(sent)::bigint AS flagged_sent, sum(received)::bigint AS flagged_received
FROM (SELECT sender AS emp_id, 1 AS sent, 0 AS received FROM hrlake.flagged_message
      UNION ALL
      SELECT receiver, 0, 1 FROM hrlake.flagged_message) t
GROUP BY emp_id;
