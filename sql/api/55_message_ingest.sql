-- Ingest of the word lists and of staged messages (SPEC §2.8). Messages may
-- also be INSERTed straight into hrlake.message; both paths end there.

CREATE OR REPLACE FUNCTION hrlake._message_problem(sender text, receiver text, message text, ts text)
RETURNS text
LANGUAGE c IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'hrlake_message_problem';
CREATE OR REPLACE FUNCTION hrlake._parse_message_time(value text) RETURNS timestamptz
LANGUAGE c IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'hrlake_parse_message_time';

-- Why a word cannot be a vocabulary or marked word, or NULL (the
-- matcher's own rule, so a marked word that passes can always be matched).
CREATE OR REPLACE FUNCTION hrlake._word_problem(word text) RETURNS text
LANGUAGE c IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'hrlake_word_problem';

-- Shared by vocabulary and marked_word: adds the new words (a list is
-- cumulative; a word already there is a duplicate, in any letter case for
-- marked words).
CREATE OR REPLACE FUNCTION hrlake._ingest_words(p_source text)
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_batches bigint[] := hrlake._claim_staged(p_source);
  v_loaded jsonb;
BEGIN
  IF cardinality(v_batches) = 0 THEN
    RETURN;
  END IF;
  CREATE TEMP TABLE _words ON COMMIT DROP AS
  SELECT s.batch_id, s.line_no, coalesce(s.raw, s.word) AS raw, hrlake._clean(s.word) AS word,
         hrlake._word_problem(s.word) AS problem
  FROM hrlake_stage.vocabulary s WHERE p_source = 'vocabulary' AND s.batch_id = ANY (v_batches)
  UNION ALL
  SELECT s.batch_id, s.line_no, coalesce(s.raw, s.word), hrlake._clean(s.word),
         hrlake._word_problem(s.word)
  FROM hrlake_stage.marked_word s WHERE p_source = 'marked_word' AND s.batch_id = ANY (v_batches);

  INSERT INTO hrlake.rejected_row (batch_id, source, line_no, raw, reason, stage)
  SELECT w.batch_id, p_source, w.line_no, coalesce(w.raw, ''), w.problem, 'ingest'
  FROM _words w WHERE w.problem IS NOT NULL;

  IF p_source = 'vocabulary' THEN
    WITH ins AS (
      INSERT INTO hrlake.vocabulary (word, batch_id)
      SELECT DISTINCT ON (w.word) w.word, w.batch_id FROM _words w WHERE w.problem IS NULL
      ORDER BY w.word, w.batch_id, w.line_no
      ON CONFLICT DO NOTHING RETURNING hrlake.vocabulary.batch_id)
    SELECT coalesce(jsonb_object_agg(i.batch_id, i.n), '{}') INTO v_loaded
    FROM (SELECT ins.batch_id, count(*) AS n FROM ins GROUP BY 1) i;
  ELSE
    WITH ins AS (
      INSERT INTO hrlake.marked_word (word, batch_id)
      SELECT DISTINCT ON (upper(w.word)) w.word, w.batch_id FROM _words w WHERE w.problem IS NULL
      ORDER BY upper(w.word), w.batch_id, w.line_no
      ON CONFLICT DO NOTHING RETURNING hrlake.marked_word.batch_id)
    SELECT coalesce(jsonb_object_agg(i.batch_id, i.n), '{}') INTO v_loaded
    FROM (SELECT ins.batch_id, count(*) AS n FROM ins GROUP BY 1) i;
  END IF;
  DROP TABLE _words;
  RETURN QUERY SELECT * FROM hrlake._finish_batches(p_source, v_batches, v_loaded);
END
$$;

CREATE OR REPLACE FUNCTION hrlake._ingest_vocabulary()
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE sql BEGIN ATOMIC SELECT * FROM hrlake._ingest_words('vocabulary'); END;

CREATE OR REPLACE FUNCTION hrlake._ingest_marked_word()
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE sql BEGIN ATOMIC SELECT * FROM hrlake._ingest_words('marked_word'); END;

-- Messages: a delivery whose key was seen before is a duplicate
-- (at-least-once upstream, exactly-once here).
CREATE OR REPLACE FUNCTION hrlake._ingest_message()
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_batches bigint[] := hrlake._claim_staged('message');
  v_loaded jsonb;
BEGIN
  IF cardinality(v_batches) = 0 THEN
    RETURN;
  END IF;
  WITH checked AS (
    SELECT s.batch_id, s.line_no,
           coalesce(s.raw, json_build_object('key', s.key, 'sender', s.sender, 'receiver', s.receiver,
                                             'message', s.message, 'timestamp', s.timestamp)::text) AS raw,
           hrlake._clean(s.key) AS key, hrlake._clean(s.sender) AS sender,
           hrlake._clean(s.receiver) AS receiver, s.message,
           coalesce(hrlake._parse_message_time(s.timestamp), now()) AS sent_at,
           hrlake._message_problem(s.sender, s.receiver, s.message, s.timestamp) AS problem
    FROM hrlake_stage.message s WHERE s.batch_id = ANY (v_batches)
  ), rejected AS (
    INSERT INTO hrlake.rejected_row (batch_id, source, line_no, raw, reason, stage)
    SELECT c.batch_id, 'message', c.line_no, c.raw, c.problem, 'ingest'
    FROM checked c WHERE c.problem IS NOT NULL
  ), inserted AS (
    INSERT INTO hrlake.message (key, sender, receiver, message, sent_at, batch_id)
    SELECT c.key, c.sender, c.receiver, c.message, c.sent_at, c.batch_id
    FROM (SELECT DISTINCT ON (coalesce(c.key, c.batch_id || ':' || c.line_no)) c.*
          FROM checked c WHERE c.problem IS NULL
          ORDER BY coalesce(c.key, c.batch_id || ':' || c.line_no), c.batch_id, c.line_no) c
    ORDER BY c.batch_id, c.line_no
    ON CONFLICT (key) DO NOTHING
    RETURNING hrlake.message.batch_id
  )
  SELECT coalesce(jsonb_object_agg(i.batch_id, i.n), '{}') INTO v_loaded
  FROM (SELECT inserted.batch_id, count(*) AS n FROM inserted GROUP BY 1) i;
  RETURN QUERY SELECT * FROM hrlake._finish_batches('message', v_batches, v_loaded);
END
$$;
