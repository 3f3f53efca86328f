-- The inbox (issue 19): files dropped into <hrlake.inbox_directory>/<source>/
-- are loaded by the jobs before their steps (hrlake._job_inbox_sources),
-- and by CALL hrlake.load_inbox(), then moved out of the way:
--   loaded, or its content loaded before  -> processed/<source>/<YYYY-MM-DD>/
--   refused (not readable as its source)  -> failed/<source>/, beside <name>.reason
--   still being written (changed less than hrlake.inbox_settle_time ago),
--   or named .* (an upload in progress)   -> left, taken by a later pass
--   folders and files no pass takes       -> left, reported (and alerted)
-- One file per transaction: load, COMMIT, then move (src/pg/inbox.cpp). A
-- move is not transactional, so it happens only after the load committed;
-- when the server dies in between, the next pass finds the file's content
-- in the ledger (hrlake.batch.content_sha256) and only moves it. Loading
-- is hrlake.load()'s: the same rows, rejects and ledger.

-- What the inbox holds for these sources: rows to take (in order), files
-- still being written, and (check_layout) entries no pass takes.
CREATE OR REPLACE FUNCTION hrlake._inbox_scan(sources text[], check_layout boolean)
RETURNS TABLE (source text, name text, state text, why text)
LANGUAGE c VOLATILE STRICT AS 'MODULE_PATHNAME', 'hrlake_inbox_scan';

-- Loads one file of the inbox, as hrlake.load() would; remembers in the
-- session what became of it for _inbox_finish.
CREATE OR REPLACE FUNCTION hrlake._inbox_take(source text, name text)
RETURNS TABLE (outcome text, batch_id bigint)
LANGUAGE c VOLATILE STRICT SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'hrlake_inbox_take';

-- Moves the file the session's last _inbox_take took (in a later
-- transaction than the load's).
CREATE OR REPLACE FUNCTION hrlake._inbox_finish()
RETURNS TABLE (outcome text, file text, moved_to text, batch_id bigint, why text)
LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'hrlake_inbox_finish';

-- One pass over the inbox folders of these sources, for a job's run (p_job,
-- p_period, p_run: named in alerts) or a person's call (NULLs). It commits
-- once per file, so it is called with CALL outside a transaction block.
-- p_result: NULL when no inbox is set, else the counts, a report of each
-- file refused, waiting or unknown, and 'error' (with 'sqlstate') when the
-- pass stopped on an error that is not a file's: the files after it stay.
-- Only the daily and monthly jobs and people check the layout (unknown
-- folders and files): the stream job's pass every minute would repeat it.
CREATE OR REPLACE PROCEDURE hrlake._inbox_pass(p_sources text[], p_job text, p_period date, p_run bigint,
                                               INOUT p_result jsonb DEFAULT NULL)
LANGUAGE plpgsql AS $$
DECLARE
  v_scan jsonb;
  v_file record;
  v_done record;
  v_taken text;
  v_take_error text;
  v_take_state text;
  v_error text;
  v_state text;
  v_counts jsonb := jsonb_build_object('loaded', 0, 'duplicate', 0, 'failed', 0, 'waiting', 0, 'unknown', 0);
  v_report jsonb := '[]';
  v_alert jsonb := '[]';
BEGIN
  PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
  p_result := NULL;
  IF hrlake._setting('inbox_directory') = '' THEN
    RETURN;
  END IF;
  BEGIN
    SELECT coalesce(jsonb_agg(to_jsonb(s) ORDER BY s.n), '[]') INTO v_scan
    FROM hrlake._inbox_scan(p_sources, p_job IS DISTINCT FROM 'stream') WITH ORDINALITY AS s(source, name, state, why, n);
  EXCEPTION WHEN OTHERS OR query_canceled THEN
    GET STACKED DIAGNOSTICS v_error = MESSAGE_TEXT, v_state = RETURNED_SQLSTATE;
  END;
  FOR v_file IN SELECT * FROM jsonb_to_recordset(coalesce(v_scan, '[]')) AS f(source text, name text, state text, why text)
  LOOP
    EXIT WHEN v_error IS NOT NULL;
    IF v_file.state IN ('waiting', 'unknown') THEN
      v_counts := jsonb_set(v_counts, ARRAY[v_file.state], to_jsonb((v_counts ->> v_file.state)::integer + 1));
      v_report := v_report || jsonb_build_object('file', concat_ws('/', v_file.source, v_file.name),
                                                 'outcome', v_file.state, 'why', v_file.why);
      IF v_file.state = 'unknown' THEN  -- (the scan told both: a NOTICE, a WARNING)
        v_alert := v_alert || (v_report -> -1);
      END IF;
      CONTINUE;
    END IF;
    v_take_error := NULL;
    v_taken := NULL;
    BEGIN
      SELECT t.outcome INTO v_taken FROM hrlake._inbox_take(v_file.source, v_file.name) t;
    EXCEPTION WHEN OTHERS OR query_canceled THEN
      -- A file that cannot be read as its source's: refused, moved below.
      -- Any other error stops the pass (below too): the load is undone.
      GET STACKED DIAGNOSTICS v_take_error = MESSAGE_TEXT, v_take_state = RETURNED_SQLSTATE;
    END;
    COMMIT;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    BEGIN
      SELECT * INTO v_done FROM hrlake._inbox_finish();
    EXCEPTION WHEN OTHERS OR query_canceled THEN
      GET STACKED DIAGNOSTICS v_error = MESSAGE_TEXT, v_state = RETURNED_SQLSTATE;
      EXIT;
    END;
    IF v_done.outcome = 'none' THEN
      IF v_take_error IS NOT NULL THEN
        v_error := v_take_error;
        v_state := v_take_state;
        EXIT;
      END IF;
      CONTINUE WHEN v_taken IS DISTINCT FROM 'waiting';  -- gone since the scan
      v_done.outcome := 'waiting';
      v_done.why := 'it changed since the scan';
    END IF;
    IF v_done.outcome IN ('loaded', 'duplicate', 'failed', 'waiting') THEN
      v_counts := jsonb_set(v_counts, ARRAY[v_done.outcome], to_jsonb((v_counts ->> v_done.outcome)::integer + 1));
    END IF;
    IF v_done.outcome NOT IN ('loaded', 'duplicate') THEN
      v_report := v_report || jsonb_strip_nulls(jsonb_build_object(
        'file', coalesce(v_done.file, v_file.source || '/' || v_file.name), 'outcome', v_done.outcome, 'moved_to', v_done.moved_to, 'why', v_done.why));
      IF v_done.outcome = 'failed' THEN
        v_alert := v_alert || (v_report -> -1);
      END IF;
    END IF;
  END LOOP;
  -- "batches": new batches (a run that made none and moved no file did nothing).
  p_result := jsonb_build_object('batches', (v_counts ->> 'loaded')::integer,
                                 'files', (v_counts ->> 'loaded')::integer + (v_counts ->> 'duplicate')::integer
                                          + (v_counts ->> 'failed')::integer)
              || v_counts
              || CASE WHEN jsonb_array_length(v_report) > 0 THEN jsonb_build_object('report', v_report) ELSE '{}' END
              || CASE WHEN v_error IS NOT NULL THEN jsonb_build_object('error', v_error, 'sqlstate', v_state)
                      ELSE '{}' END;
  IF jsonb_array_length(v_alert) > 0 THEN
    PERFORM hrlake._alert('inbox', p_job, p_period, p_run, jsonb_build_object('files', v_alert));
  END IF;
END
$$;

-- hrlake.load_inbox(): one pass over the inbox folders of the sources given
-- (all by default), as the jobs make before their steps; returns its
-- counts and report. CALL it on its own: it commits once per file.
CREATE OR REPLACE PROCEDURE hrlake.load_inbox(sources text[] DEFAULT NULL, INOUT result jsonb DEFAULT NULL)
LANGUAGE plpgsql AS $$
DECLARE
  v_known text[] := hrlake._sources();
  v_unknown text;
BEGIN
  PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
  IF hrlake._in_transaction_block() THEN
    RAISE EXCEPTION 'hrlake.load_inbox cannot run inside a transaction block'
      USING ERRCODE = 'active_sql_transaction',
            DETAIL = 'It commits each file''s load before it moves the file.',
            HINT = 'CALL it on its own, in autocommit mode.';
  END IF;
  SELECT s INTO v_unknown FROM unnest(sources) s WHERE s IS NULL OR s <> ALL (v_known) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'unknown source "%"', v_unknown
      USING ERRCODE = 'invalid_parameter_value', HINT = 'Known sources: ' || array_to_string(v_known, ', ') || '.';
  END IF;
  IF hrlake._setting('inbox_directory') = '' THEN
    RAISE EXCEPTION 'hrlake.inbox_directory is not set'
      USING ERRCODE = 'object_not_in_prerequisite_state',
            HINT = 'A superuser sets it, e.g. ALTER DATABASE ... SET hrlake.inbox_directory = ''/srv/hrlake/inbox''.';
  END IF;
  COMMIT;
  SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
  CALL hrlake._inbox_pass(coalesce(sources, v_known), NULL, NULL, NULL, result);
  IF result ? 'error' THEN
    RAISE EXCEPTION 'the inbox pass stopped: %', result ->> 'error'
      USING ERRCODE = result ->> 'sqlstate',
            DETAIL = format('Before it stopped: %s loaded, %s already loaded, %s failed.',
                            result ->> 'loaded', result ->> 'duplicate', result ->> 'failed'),
            HINT = 'The files it did not reach stay in the inbox for the next pass.';
  END IF;
END
$$;
