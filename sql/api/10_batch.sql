-- The batch ledger's functions, load() and the ingest dispatcher (SPEC §2.1).

-- hrlake.load(): a server-side file, validated and stored as it is read
-- (timeframe rows wait for the merge) (src/pg/load.cpp). It checks the
-- caller's right to read server files, then writes as its owner (see
-- 99_privileges.sql).
CREATE OR REPLACE FUNCTION hrlake.load(source text, path text) RETURNS bigint
LANGUAGE c VOLATILE SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'hrlake_load';

-- The rows clients copied into a source's staging table, through the
-- intake (src/pg/load.cpp, intake.h), and for the timeframe the merge of
-- every batch waiting for it; one row of counts per batch.
CREATE OR REPLACE FUNCTION hrlake._ingest_rows(source text)
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE c VOLATILE STRICT SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'hrlake_ingest_rows';

-- The sources hrlake knows, from the list that drives the loaders
-- (src/core/source_spec.cpp).
CREATE OR REPLACE FUNCTION hrlake._sources() RETURNS text[]
LANGUAGE c IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'hrlake_sources';

-- hrlake.ingest(source): staged rows of one source -> silver (for the
-- timeframe: the history derived again, SPEC §2.3).
CREATE OR REPLACE FUNCTION hrlake.ingest(source text)
RETURNS TABLE (batch_id bigint, rows_total bigint, rows_loaded bigint,
               rows_duplicate bigint, rows_rejected bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF source IS NULL OR source <> ALL (hrlake._sources()) THEN
    RAISE EXCEPTION 'unknown source "%"', source
      USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Known sources: ' || array_to_string(hrlake._sources(), ', ') || '.';
  END IF;
  -- Loads and ingests of a source one at a time; client copies go on meanwhile.
  PERFORM pg_advisory_xact_lock(hashtext('hrlake.ingest'), hashtext(source));
  RETURN QUERY SELECT * FROM hrlake._ingest_rows(source);
END
$$;

-- Counts of one ingest, summed over its batches, as jsonb.
CREATE OR REPLACE FUNCTION hrlake._ingest_counts(p_source text) RETURNS jsonb
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
  SELECT jsonb_build_object('batches', count(*), 'rows_total', coalesce(sum(rows_total), 0),
                            'rows_loaded', coalesce(sum(rows_loaded), 0),
                            'rows_duplicate', coalesce(sum(rows_duplicate), 0),
                            'rows_rejected', coalesce(sum(rows_rejected), 0))
  FROM hrlake.ingest(p_source)
$$;

-- Every statement that stages rows leaves a row in hrlake._stage_arrival
-- for the next ingest of its source (ledger::claim_staged). A statement
-- stages rows when it draws stage_ids: one that drew none in this session
-- (an empty COPY, a restore that writes the ids it dumped, a replica's
-- apply) leaves no note (the dump and the replica carry the notes
-- themselves). Fires whatever session_replication_role (ENABLE ALWAYS);
-- SECURITY DEFINER: the loader stages rows, but the notes are out of its
-- reach.
CREATE OR REPLACE FUNCTION hrlake._note_staged() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  BEGIN
    PERFORM currval(pg_get_serial_sequence(format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME), 'stage_id'));
  EXCEPTION WHEN object_not_in_prerequisite_state THEN
    RETURN NULL;  -- no stage_id drawn in this session: no row staged
  END;
  INSERT INTO hrlake._stage_arrival (table_name) VALUES (TG_TABLE_NAME);
  RETURN NULL;
END
$$;
DO $$
DECLARE
  v_table text;
BEGIN
  FOR v_table IN SELECT c.relname FROM pg_catalog.pg_class c
                 WHERE c.relnamespace = 'hrlake_stage'::regnamespace AND c.relkind = 'r' ORDER BY c.relname LOOP
    EXECUTE format('CREATE OR REPLACE TRIGGER staged AFTER INSERT ON hrlake_stage.%I '
                   'FOR EACH STATEMENT EXECUTE FUNCTION hrlake._note_staged()', v_table);
    EXECUTE format('ALTER TABLE hrlake_stage.%I ENABLE ALWAYS TRIGGER staged', v_table);
  END LOOP;
END
$$;
