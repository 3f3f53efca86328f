-- hrlake.flag_messages(): each message is scanned exactly once (SPEC §2.8).
--
-- Position: every message up to _matcher_state.scanned_msg has been read.
-- A new scan first waits until no transaction is inserting messages (they
-- hold a shared lock, 50_messages.sql) and notes the highest msg_id then
-- visible; any message inserted later gets a higher msg_id, because its
-- writer takes the lock before drawing one. So reading (position, that
-- msg_id] never skips a message that commits late. The position row is
-- locked for the scan, so two sessions never scan the same messages.
CREATE FUNCTION hrlake._match_messages(after_msg bigint, upto_msg bigint, max_messages integer,
                                       version bigint)
RETURNS TABLE (msg_id bigint, sender text, receiver text, sent_at timestamptz, matched_words text[])
LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'hrlake_match_messages';

-- The highest msg_id whose writer has committed, once no writer is busy.
CREATE FUNCTION hrlake._settled_msg_id() RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_upto bigint;
BEGIN
  -- A session lock, held only for this statement: writers wait for a moment,
  -- not for the whole scan. Released on any error too.
  PERFORM pg_advisory_lock(hashtext('hrlake.message'), 0);
  BEGIN
    SELECT coalesce(max(m.msg_id), 0) INTO v_upto FROM hrlake.message m;
  EXCEPTION WHEN OTHERS OR query_canceled THEN
    PERFORM pg_advisory_unlock(hashtext('hrlake.message'), 0);
    RAISE;
  END;
  PERFORM pg_advisory_unlock(hashtext('hrlake.message'), 0);
  RETURN v_upto;
END
$$;

CREATE FUNCTION hrlake.flag_messages(max_messages integer DEFAULT NULL)
RETURNS TABLE (msg_id bigint, sender text, receiver text, matched_words text[], strikes integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_state record;
  v_upto bigint;
  v_last bigint;
BEGIN
  IF max_messages < 0 THEN
    RAISE EXCEPTION 'max_messages must not be negative' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  INSERT INTO hrlake._matcher_state DEFAULT VALUES ON CONFLICT DO NOTHING;
  SELECT * INTO v_state FROM hrlake._matcher_state FOR UPDATE;
  v_upto := hrlake._settled_msg_id();

  -- The flagged messages, plus the last one read (no words) for the position.
  CREATE TEMP TABLE _scan ON COMMIT DROP AS
  SELECT * FROM hrlake._match_messages(v_state.scanned_msg, v_upto, max_messages, v_state.version);
  SELECT max(s.msg_id) INTO v_last FROM _scan s;
  IF v_last IS NOT NULL THEN
    UPDATE hrlake._matcher_state SET scanned_msg = v_last;
  END IF;
  DELETE FROM _scan s WHERE cardinality(s.matched_words) = 0;

  INSERT INTO hrlake.flagged_message (msg_id, sender, receiver, matched_words)
  SELECT s.msg_id, s.sender, s.receiver, s.matched_words FROM _scan s
  ON CONFLICT DO NOTHING;

  RETURN QUERY
  SELECT s.msg_id, s.sender, s.receiver, s.matched_words, k.strikes
  FROM _scan s JOIN hrlake._apply_strikes() k ON k.msg_id = s.msg_id
  ORDER BY s.msg_id;
  DROP TABLE _scan;
END
$$;
COMMENT ON FUNCTION hrlake.flag_messages(integer) IS
  'Scans messages not scanned yet (at most max_messages), records the flagged ones with their marked words, applies one strike per flagged message to its sender (SPEC §2.8)';

INSERT INTO hrlake._job_step (job, step_order, step, statement) VALUES
  ('stream', 30, 'flag messages', $$SELECT to_jsonb(count(*)) FROM hrlake.flag_messages()$$);
