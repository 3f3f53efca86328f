-- hrlake.flag_messages(): each message is scanned exactly once (SPEC §2.8).
--
-- Position: messages are read in (txid, msg_id) order, where txid is the
-- inserting transaction. A scan only reads messages whose transaction is
-- older than the oldest one still running (the snapshot's xmin): those are
-- all committed or gone, so no message can later appear behind the
-- position, whatever order concurrent writers commit in. When the caller's
-- own transaction is the oldest running, its own new messages are read too
-- (the stream job ingests and flags in one transaction). The position row
-- is locked for the scan, so two sessions never scan the same messages.
CREATE FUNCTION hrlake._match_messages(after_txid xid8, after_msg bigint, horizon xid8,
                                       max_messages integer, version bigint)
RETURNS TABLE (msg_id bigint, txid xid8, matched_words text[])
LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'hrlake_match_messages';

CREATE FUNCTION hrlake.flag_messages(max_messages integer DEFAULT NULL)
RETURNS TABLE (msg_id bigint, sender text, receiver text, matched_words text[], strikes integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_state record;
  v_horizon xid8 := pg_snapshot_xmin(pg_current_snapshot());
  v_own xid8 := pg_current_xact_id_if_assigned();
  v_last record;
BEGIN
  IF max_messages < 0 THEN
    RAISE EXCEPTION 'max_messages must not be negative' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF v_own IS NOT NULL AND v_own = v_horizon THEN
    v_horizon := ((v_own::text)::numeric + 1)::text::xid8;
  END IF;
  INSERT INTO hrlake._matcher_state DEFAULT VALUES ON CONFLICT DO NOTHING;
  SELECT * INTO v_state FROM hrlake._matcher_state FOR UPDATE;
  -- After a restore into another cluster the stored txids belong to the old
  -- cluster: continue after the last message scanned, by msg_id.
  IF v_state.scanned_txid > pg_current_xact_id() THEN
    UPDATE hrlake.message m SET txid = '0' WHERE m.txid > pg_current_xact_id();
    UPDATE hrlake._matcher_state SET scanned_txid = '0';
    v_state.scanned_txid := '0';
  END IF;

  CREATE TEMP TABLE _scan ON COMMIT DROP AS
  SELECT * FROM hrlake._match_messages(v_state.scanned_txid, v_state.scanned_msg, v_horizon,
                                       max_messages, v_state.version);
  SELECT s.txid, s.msg_id INTO v_last FROM _scan s ORDER BY s.txid DESC, s.msg_id DESC LIMIT 1;
  IF v_last.msg_id IS NOT NULL THEN
    UPDATE hrlake._matcher_state SET scanned_txid = v_last.txid, scanned_msg = v_last.msg_id;
  END IF;

  INSERT INTO hrlake.flagged_message (msg_id, sender, receiver, matched_words)
  SELECT s.msg_id, m.sender, m.receiver, s.matched_words
  FROM _scan s JOIN hrlake.message m ON m.msg_id = s.msg_id
  WHERE cardinality(s.matched_words) > 0
  ON CONFLICT DO NOTHING;

  RETURN QUERY
  SELECT s.msg_id, m.sender, m.receiver, s.matched_words, k.strikes
  FROM _scan s JOIN hrlake.message m ON m.msg_id = s.msg_id
  JOIN hrlake._apply_strikes(ARRAY(SELECT x.msg_id FROM _scan x WHERE cardinality(x.matched_words) > 0)) k
    ON k.msg_id = s.msg_id
  ORDER BY s.msg_id;
  DROP TABLE _scan;
END
$$;
COMMENT ON FUNCTION hrlake.flag_messages(integer) IS
  'Scans messages not scanned yet (at most max_messages), records the flagged ones with their marked words, applies one strike per flagged message to its sender (SPEC §2.8)';

INSERT INTO hrlake._job_step (job, step_order, step, statement) VALUES
  ('stream', 30, 'flag messages', $$SELECT to_jsonb(count(*)) FROM hrlake.flag_messages()$$);
