-- hrlake.flag_messages() (src/pg/flag_messages.cpp): scans each message
-- once from the scan position, records flagged messages with their marked
-- words, and applies the strikes. How the position stays exact under
-- concurrent writers is told at the top of that file.

-- The highest msg_id whose writer has committed, once no writer is busy.
CREATE OR REPLACE FUNCTION hrlake._settled_msg_id() RETURNS bigint
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

CREATE OR REPLACE FUNCTION hrlake.flag_messages(max_messages integer DEFAULT NULL)
RETURNS TABLE (msg_id bigint, sender text, receiver text, matched_words text[], strikes integer)
LANGUAGE c VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'hrlake_flag_messages';
COMMENT ON FUNCTION hrlake.flag_messages(integer) IS
  'Scans messages not scanned yet (at most max_messages), records the flagged ones with their marked words, applies one strike per flagged message to its sender (SPEC §2.8)';

-- The same scan, returning only how many messages it flagged: for the
-- stream job, which records the count (the rows are in flagged_message).
CREATE OR REPLACE FUNCTION hrlake._flag_messages_count(max_messages integer DEFAULT NULL) RETURNS bigint
LANGUAGE c VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'hrlake_flag_messages_count';
