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
-- A key identifies one delivery (SPEC §2.8) across every partition: each
-- keyed message's key goes into hrlake.message_key, whose primary key
-- refuses a second message with it (the error a plain INSERT of a
-- redelivery gets; the ingest looks first and counts it a duplicate). A
-- deleted message frees its key; a message moved to another partition
-- (its time changed) is deleted there and inserted here, key and all.
-- A logical replication worker applying a publisher's changes leaves the
-- keys alone: the publisher's message_key rows arrive as well.
CREATE OR REPLACE FUNCTION hrlake._in_replication_apply() RETURNS boolean
LANGUAGE c STABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'hrlake_in_replication_apply';

CREATE OR REPLACE FUNCTION hrlake._message_key_kept() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF hrlake._in_replication_apply() THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.key IS NOT NULL THEN
    DELETE FROM hrlake.message_key k WHERE k.key = OLD.key AND k.msg_id = OLD.msg_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.key IS NOT NULL THEN
    INSERT INTO hrlake.message_key (key, msg_id, sent_at) VALUES (NEW.key, NEW.msg_id, NEW.sent_at);
  END IF;
  RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER message_key_kept AFTER INSERT ON hrlake.message
  FOR EACH ROW WHEN (NEW.key IS NOT NULL) EXECUTE FUNCTION hrlake._message_key_kept();
CREATE OR REPLACE TRIGGER message_key_changed AFTER UPDATE OF key ON hrlake.message
  FOR EACH ROW WHEN (OLD.key IS DISTINCT FROM NEW.key) EXECUTE FUNCTION hrlake._message_key_kept();
CREATE OR REPLACE TRIGGER message_key_freed AFTER DELETE ON hrlake.message
  FOR EACH ROW WHEN (OLD.key IS NOT NULL) EXECUTE FUNCTION hrlake._message_key_kept();
-- Flagging and key uniqueness depend on these triggers: they fire whatever
-- the session's replication role (logical replication apply, bulk loaders
-- that set session_replication_role = replica).
ALTER TABLE hrlake.message ENABLE ALWAYS TRIGGER message_writers;
ALTER TABLE hrlake.message ENABLE ALWAYS TRIGGER message_key_kept;
ALTER TABLE hrlake.message ENABLE ALWAYS TRIGGER message_key_changed;
ALTER TABLE hrlake.message ENABLE ALWAYS TRIGGER message_key_freed;
ALTER TABLE hrlake.marked_word ENABLE ALWAYS TRIGGER marked_word_changed;
ALTER TABLE hrlake._matcher_state ENABLE ALWAYS TRIGGER position_moves_forward;

-- Flagged messages as BI reads them: who, when, which words, the strike
-- each gave; never the text (SPEC §2.10), which admins read in
-- v_flagged_message_text.
CREATE OR REPLACE VIEW hrlake.v_flagged_messages AS
SELECT f.msg_id, f.sender, f.receiver, f.matched_words, f.sent_at, f.flagged_at, f.strikes
FROM hrlake.flagged_message f;

-- Joined on the partition key too: a month's flagged rows meet only that
-- month's messages.
CREATE OR REPLACE VIEW hrlake.v_flagged_message_text AS
SELECT f.msg_id, f.sender, f.receiver, f.matched_words, f.sent_at, f.flagged_at, f.strikes, m.message
FROM hrlake.flagged_message f JOIN hrlake.message m ON m.msg_id = f.msg_id AND m.sent_at = f.sent_at;

-- From the totals flag_messages keeps per employee and month: right after
-- retention dropped the months' messages too, and cheap however long the
-- history.
CREATE OR REPLACE VIEW hrlake.v_message_activity AS
SELECT a.emp_id, sum(a.flagged_sent)::bigint AS flagged_sent, sum(a.flagged_received)::bigint AS flagged_received
FROM hrlake.message_month a
GROUP BY a.emp_id
HAVING sum(a.flagged_sent) + sum(a.flagged_received) > 0;

CREATE OR REPLACE VIEW hrlake.v_message_activity_monthly AS
SELECT a.emp_id, a.month, a.sent AS messages_sent, a.received AS messages_received,
       a.flagged_sent, a.flagged_received
FROM hrlake.message_month a;
