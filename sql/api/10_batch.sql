-- The batch ledger's functions, load() and the ingest dispatcher (SPEC §2.1).

-- Gives rows a client copied into staging (batch_id NULL) a batch of their
-- own, numbered in arrival order, and returns the source's batches waiting
-- for ingest, oldest first. Caller holds the source's ingest lock.
CREATE OR REPLACE FUNCTION hrlake._claim_staged(p_source text) RETURNS bigint[]
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_batch bigint;
  v_count bigint;
BEGIN
  EXECUTE format('SELECT count(*) FROM hrlake_stage.%I WHERE batch_id IS NULL', p_source)
    INTO v_count;
  IF v_count > 0 THEN
    INSERT INTO hrlake.batch (source, origin, rows_staged)
    VALUES (p_source, 'copy', v_count) RETURNING batch_id INTO v_batch;
    -- Line 1 would be the header of the copied file: data starts at 2.
    EXECUTE format($q$
      UPDATE hrlake_stage.%1$I s SET batch_id = $1, line_no = n.line_no
      FROM (SELECT stage_id, 1 + row_number() OVER (ORDER BY stage_id) AS line_no
            FROM hrlake_stage.%1$I WHERE batch_id IS NULL) n
      WHERE s.stage_id = n.stage_id$q$, p_source) USING v_batch;
  END IF;
  RETURN ARRAY(SELECT batch_id FROM hrlake.batch
               WHERE source = p_source AND status = 'staged' ORDER BY batch_id);
END
$$;

-- Closes the ingest of a source's batches: records the counts (loaded per
-- batch given by the caller; rejected counted from rejected_row; duplicates
-- are what is left) and empties their staging rows.
CREATE OR REPLACE FUNCTION hrlake._finish_batches(p_source text, p_batches bigint[], p_loaded jsonb)
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  EXECUTE format('DELETE FROM hrlake_stage.%I WHERE batch_id = ANY($1)', p_source)
    USING p_batches;
  RETURN QUERY
  UPDATE hrlake.batch b SET
    status = 'ingested',
    ingested_at = now(),
    rows_total = b.rows_staged + b.rows_rejected_at_load,
    rows_rejected = r.n,
    rows_loaded = coalesce((p_loaded ->> b.batch_id::text)::bigint, 0),
    rows_duplicate = b.rows_staged + b.rows_rejected_at_load - r.n
                     - coalesce((p_loaded ->> b.batch_id::text)::bigint, 0)
  FROM (SELECT x.batch_id, (SELECT count(*) FROM hrlake.rejected_row rr
                            WHERE rr.batch_id = x.batch_id) AS n
        FROM unnest(p_batches) AS x(batch_id)) r
  WHERE b.batch_id = r.batch_id
  RETURNING b.batch_id, b.rows_total, b.rows_loaded, b.rows_duplicate, b.rows_rejected;
END
$$;

-- hrlake.load(): server-side file -> staging (src/pg/load.cpp).
CREATE OR REPLACE FUNCTION hrlake.load(source text, path text) RETURNS bigint
LANGUAGE c VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'hrlake_load';
COMMENT ON FUNCTION hrlake.load(text, text) IS
  $$Loads a server-side file into hrlake_stage.<source>; returns the batch id. Bad rows go to hrlake.rejected_row. Needs pg_read_server_files; from a client use \copy into hrlake_stage.<source>$$;

-- The rows clients copied into a source's staging table, through the
-- intake (src/pg/load.cpp, intake.h); one row of counts per batch.
CREATE OR REPLACE FUNCTION hrlake._ingest_rows(source text)
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE c VOLATILE STRICT SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'hrlake_ingest_rows';

-- hrlake.ingest(source): staged rows of one source -> silver; the
-- timeframe's through the SCD2 merge, the others' through the intake.
CREATE OR REPLACE FUNCTION hrlake.ingest(source text)
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF source IS NULL OR source NOT IN ('employee', 'timeframe', 'leave_quota', 'leave_calendar', 'leave',
                                      'vocabulary', 'marked_word', 'message') THEN
    RAISE EXCEPTION 'unknown source "%"', source
      USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Known sources: employee, timeframe, leave_quota, leave_calendar, leave, vocabulary, marked_word, message.';
  END IF;
  -- Loads and ingests of a source one at a time; client copies go on meanwhile.
  PERFORM pg_advisory_xact_lock(hashtext('hrlake.ingest'), hashtext(source));
  IF source = 'timeframe' THEN
    RETURN QUERY SELECT * FROM hrlake._ingest_timeframe();
  ELSE
    RETURN QUERY SELECT * FROM hrlake._ingest_rows(source);
  END IF;
END
$$;
COMMENT ON FUNCTION hrlake.ingest(text) IS
  'Validates the staged batches of one source into its silver table (SPEC §2); returns per-batch counts';

-- Counts of one ingest, summed over its batches, as jsonb.
CREATE OR REPLACE FUNCTION hrlake._ingest_counts(p_source text) RETURNS jsonb
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
  SELECT jsonb_build_object('batches', count(*), 'rows_total', coalesce(sum(rows_total), 0),
                            'rows_loaded', coalesce(sum(rows_loaded), 0),
                            'rows_duplicate', coalesce(sum(rows_duplicate), 0),
                            'rows_rejected', coalesce(sum(rows_rejected), 0))
  FROM hrlake.ingest(p_source)
$$;
