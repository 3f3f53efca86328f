-- hrlake.flag_messages() (src/pg/flag_messages.cpp): scans each message
-- once from the scan position, records flagged messages with their marked
-- words, and applies the strikes. How the position stays exact under
-- concurrent writers, without waiting for them, is told at the top of that
-- file.

CREATE OR REPLACE FUNCTION hrlake.flag_messages(max_messages integer DEFAULT NULL)
RETURNS TABLE (msg_id bigint, sender text, receiver text, matched_words text[], strikes integer)
LANGUAGE c VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'hrlake_flag_messages';

-- The same scan, returning only how many messages it flagged: for the
-- stream job, which records the count (the rows are in flagged_message).
CREATE OR REPLACE FUNCTION hrlake._flag_messages_count(max_messages integer DEFAULT NULL) RETURNS bigint
LANGUAGE c VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'hrlake_flag_messages_count';
