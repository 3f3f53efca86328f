-- Jobs (SPEC §2.9): run_daily, run_monthly and run_stream run their steps in
-- order, each run recorded in hrlake.job_run.
--
-- A job is a list of steps (hrlake._job_step, filled by each domain's file).
-- A run is one execution of a job for a period: the day for daily and
-- stream, the month for monthly. How a run goes:
--   1. take the job's session advisory lock, or skip (another run is on);
--   2. mark runs left 'running' by a dead session as failed; skip when the
--      period already succeeded (unless force); record the run; COMMIT, so
--      the record survives whatever follows;
--   3. run all steps in one transaction: transient errors (deadlock,
--      serialization failure, lock timeout) retry the step a few times; any
--      other error rolls back every step of the run;
--   4. record the outcome; on failure NOTIFY hrlake_alert with a JSON
--      payload; COMMIT; release the lock.
-- The procedures commit, so they must be called with CALL outside a
-- transaction block (as pg_cron does).

-- The period a job's run covers.
CREATE OR REPLACE FUNCTION hrlake._job_period(p_job text, p_as_of date) RETURNS date
LANGUAGE sql IMMUTABLE
RETURN CASE p_job WHEN 'monthly' THEN date_trunc('month', p_as_of)::date ELSE p_as_of END;

-- Runs one step with bounded retries of transient errors; returns its counts.
CREATE OR REPLACE FUNCTION hrlake._run_step(p_job text, p_step text, p_statement text, p_as_of date)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_attempt integer := 0;
  v_result jsonb;
  v_fault text := nullif(current_setting('hrlake.inject_fault', true), '');
  v_max_attempts constant integer := 4;
BEGIN
  LOOP
    v_attempt := v_attempt + 1;
    BEGIN
      -- Tests inject failures: 'job.step:SQLSTATE[:attempts]' fails the
      -- step's first attempts (all when no count is given).
      IF v_fault IS NOT NULL AND split_part(v_fault, ':', 1) = p_job || '.' || p_step
         AND (split_part(v_fault, ':', 3) = '' OR v_attempt <= split_part(v_fault, ':', 3)::integer) THEN
        RAISE EXCEPTION 'injected fault in step % (attempt %)', p_step, v_attempt
          USING ERRCODE = split_part(v_fault, ':', 2);
      END IF;
      EXECUTE p_statement INTO v_result USING p_as_of;
      RETURN coalesce(v_result, 'null'::jsonb);
    EXCEPTION
      WHEN serialization_failure OR deadlock_detected OR lock_not_available THEN
        IF v_attempt >= v_max_attempts THEN
          RAISE;
        END IF;
        RAISE NOTICE 'step % of the % job: transient error (%), retrying (attempt % of %)',
          p_step, p_job, SQLERRM, v_attempt + 1, v_max_attempts;
        PERFORM pg_catalog.pg_sleep(0.05 * v_attempt * v_attempt);
    END;
  END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION hrlake._in_transaction_block() RETURNS boolean
LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'hrlake_in_transaction_block';

-- The body of run_daily / run_monthly / run_stream.
CREATE OR REPLACE PROCEDURE hrlake._run_job(p_job text, p_as_of date, p_force boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_period date := hrlake._job_period(p_job, p_as_of);
  v_run bigint;
  v_done bigint;
  v_step record;
  v_counts jsonb := '{}';
  v_error text;
  v_state text;
  v_failed_step text;
  v_canceled boolean := false;
  v_lock_a constant integer := pg_catalog.hashtext('hrlake.job');
  v_lock_b integer := pg_catalog.hashtext(p_job);
BEGIN
  IF p_as_of IS NULL THEN
    RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF hrlake._in_transaction_block() THEN
    RAISE EXCEPTION 'hrlake.run_% cannot run inside a transaction block', p_job
      USING ERRCODE = 'active_sql_transaction',
            DETAIL = 'The job commits its run record before and after its steps.',
            HINT = 'CALL it on its own, in autocommit mode, as pg_cron does.';
  END IF;
  IF NOT pg_catalog.pg_try_advisory_lock(v_lock_a, v_lock_b) THEN
    RAISE NOTICE 'the % job is already running in another session; skipped', p_job;
    INSERT INTO hrlake.job_run (job, period, status, finished_at, forced, error)
    VALUES (p_job, v_period, 'skipped', pg_catalog.clock_timestamp(), p_force,
            'another run of the job was in progress');
    COMMIT;
    RETURN;
  END IF;

  BEGIN
    -- Runs still 'running' now belong to sessions that died: we hold the lock.
    UPDATE hrlake.job_run SET status = 'failed', finished_at = pg_catalog.clock_timestamp(),
           error = 'interrupted: the session running it ended before it finished'
    WHERE job = p_job AND status = 'running';
    SELECT run_id INTO v_done FROM hrlake.job_run
    WHERE job = p_job AND period = v_period AND status = 'succeeded'
    ORDER BY run_id DESC LIMIT 1;
    IF v_done IS NOT NULL AND NOT p_force AND p_job <> 'stream' THEN
      RAISE NOTICE 'the % job already succeeded for % (run %); skipped. Use force => true to run it again',
        p_job, pg_catalog.to_char(v_period, 'YYYY-MM-DD'), v_done;
    ELSE
      INSERT INTO hrlake.job_run (job, period, forced) VALUES (p_job, v_period, p_force)
      RETURNING run_id INTO v_run;
    END IF;
  EXCEPTION WHEN OTHERS OR query_canceled THEN
    PERFORM pg_catalog.pg_advisory_unlock(v_lock_a, v_lock_b);
    RAISE;
  END;
  COMMIT;
  IF v_run IS NULL THEN
    PERFORM pg_catalog.pg_advisory_unlock(v_lock_a, v_lock_b);
    RETURN;
  END IF;

  -- All steps in one transaction: all of them happen, or none.
  BEGIN
    FOR v_step IN SELECT step, statement FROM hrlake._job_step
                  WHERE job = p_job ORDER BY step_order LOOP
      v_failed_step := v_step.step;
      v_counts := v_counts || jsonb_build_object(v_step.step,
        hrlake._run_step(p_job, v_step.step, v_step.statement, p_as_of));
    END LOOP;
    v_failed_step := NULL;
  EXCEPTION
    WHEN query_canceled THEN
      v_canceled := true;
      v_error := SQLERRM;
      v_state := SQLSTATE;
    WHEN OTHERS THEN
      v_error := SQLERRM;
      v_state := SQLSTATE;
  END;

  BEGIN
    IF v_error IS NULL THEN
      UPDATE hrlake.job_run SET status = 'succeeded', finished_at = pg_catalog.clock_timestamp(),
             step_counts = v_counts
      WHERE run_id = v_run;
    ELSE
      UPDATE hrlake.job_run SET status = 'failed', finished_at = pg_catalog.clock_timestamp(),
             step_counts = v_counts,
             error = pg_catalog.format('step %s: %s (SQLSTATE %s)', v_failed_step, v_error, v_state)
      WHERE run_id = v_run;
      PERFORM pg_catalog.pg_notify('hrlake_alert', jsonb_build_object(
        'job', p_job, 'period', v_period, 'run_id', v_run, 'step', v_failed_step,
        'sqlstate', v_state, 'error', v_error, 'database', pg_catalog.current_database(),
        'at', pg_catalog.clock_timestamp())::text);
      RAISE WARNING 'the % job failed for % in step %: %', p_job,
        pg_catalog.to_char(v_period, 'YYYY-MM-DD'), v_failed_step, v_error;
    END IF;
  EXCEPTION WHEN OTHERS OR query_canceled THEN
    PERFORM pg_catalog.pg_advisory_unlock(v_lock_a, v_lock_b);
    RAISE;
  END;
  COMMIT;
  PERFORM pg_catalog.pg_advisory_unlock(v_lock_a, v_lock_b);
  IF v_canceled THEN
    RAISE EXCEPTION 'the % job was canceled: %', p_job, v_error USING ERRCODE = 'query_canceled';
  END IF;
END
$$;

CREATE OR REPLACE PROCEDURE hrlake.run_daily(as_of date DEFAULT hrlake.utc_today(), force boolean DEFAULT false)
LANGUAGE plpgsql AS $$
BEGIN
  CALL hrlake._run_job('daily', as_of, force);
END
$$;
COMMENT ON PROCEDURE hrlake.run_daily(date, boolean) IS
  'Daily job: ingest employee, timeframe, quota, calendar, leave; refresh the daily reports';

CREATE OR REPLACE PROCEDURE hrlake.run_monthly(as_of date DEFAULT hrlake.utc_today(), force boolean DEFAULT false)
LANGUAGE plpgsql AS $$
BEGIN
  CALL hrlake._run_job('monthly', as_of, force);
END
$$;
COMMENT ON PROCEDURE hrlake.run_monthly(date, boolean) IS
  'Monthly job: the 80% quota notices for the previous month and the strike cooldown';

CREATE OR REPLACE PROCEDURE hrlake.run_stream()
LANGUAGE plpgsql AS $$
BEGIN
  CALL hrlake._run_job('stream', hrlake.utc_today(), false);
END
$$;
COMMENT ON PROCEDURE hrlake.run_stream() IS
  'Stream job: ingest staged words and messages, flag new messages';
