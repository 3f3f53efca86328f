-- Jobs (SPEC §2.9): run_daily, run_monthly and run_stream run their steps
-- in order, each run recorded in hrlake.job_run.
--
-- A job is a list of steps (hrlake._job_step, 90_job_steps.sql). A run is
-- one execution of a job for a period: the day for daily and stream, the
-- month for monthly; an attempt is one try of a period. How a run goes:
--   1. its own transaction, READ COMMITTED whatever the session's default
--      (every step sees what committed before it; a retry sees what
--      committed since), with the search_path pinned;
--   2. take the job's session advisory lock, or record a skip (another run
--      is on); mark runs left 'running' by dead sessions as interrupted (and
--      alert); record a skip when the period already succeeded (unless
--      forced); else record the attempt and COMMIT, so the record survives
--      whatever follows;
--   3. load the job's inbox folders (15_inbox.sql), one file per
--      transaction; then run all steps in one transaction: all of them
--      happen, or none;
--   4. a transient error (deadlock, serialization failure, lock timeout)
--      rolls the whole transaction back and runs the steps again in a new
--      one, a few times with a growing pause; any other error, or the last
--      transient one, fails the attempt;
--   5. record the outcome, alert on failure (NOTIFY hrlake_alert, JSON),
--      COMMIT, release the lock; a failed attempt then fails the CALL, so
--      pg_cron records it as failed. A successful run prints one line.
-- Periods that failed, were interrupted or were missed are run again by
-- hrlake.run_due() (85_schedule.sql), with bounded attempts and a growing
-- delay (hrlake.job_max_attempts, hrlake.job_retry_delay).
-- The procedures commit, so they must be called with CALL outside a
-- transaction block (as pg_cron does). Procedures cannot pin search_path
-- with a SET clause (it forbids COMMIT), so each transaction pins it first
-- and the work itself happens in functions that pin it.

-- The period a job's run covers.
CREATE OR REPLACE FUNCTION hrlake._job_period(p_job text, p_as_of date) RETURNS date
LANGUAGE sql IMMUTABLE
BEGIN ATOMIC
  SELECT CASE p_job WHEN 'monthly' THEN date_trunc('month', p_as_of)::date ELSE p_as_of END;
END;

CREATE OR REPLACE FUNCTION hrlake._in_transaction_block() RETURNS boolean
LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'hrlake_in_transaction_block';

-- A setting of hrlake's (its default when the library is not loaded yet:
-- calling this C function loads it, and the library defines them).
CREATE OR REPLACE FUNCTION hrlake._setting(name text) RETURNS text
LANGUAGE c STABLE STRICT AS 'MODULE_PATHNAME', 'hrlake_setting';

-- Sends an alert: NOTIFY hrlake_alert with a JSON payload.
CREATE OR REPLACE FUNCTION hrlake._alert(p_kind text, p_job text, p_period date, p_run bigint,
                                         p_detail jsonb DEFAULT '{}')
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM pg_notify('hrlake_alert', (jsonb_build_object(
    'kind', p_kind, 'job', p_job, 'period', p_period, 'run_id', p_run,
    'database', current_database(), 'at', clock_timestamp()) || p_detail)::text);
END
$$;

-- When the next automatic attempt at a period may be made after attempt
-- number p_attempt failed or was interrupted: job_retry_delay, doubled per
-- attempt, after the start of the transaction that records it (so that
-- run_due(), whose time is its transaction's start, runs an interrupted
-- run it found at once when there is no delay); NULL once
-- hrlake.job_max_attempts were made (a person acts).
CREATE OR REPLACE FUNCTION hrlake._next_attempt_at(p_attempt integer) RETURNS timestamptz
LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT CASE WHEN p_attempt < hrlake._setting('job_max_attempts')::integer
              THEN now()
                   + make_interval(secs => hrlake._setting('job_retry_delay')::integer * 2 ^ (p_attempt - 1)) END;
END;

-- Marks the runs of a job left 'running' by sessions that died as
-- interrupted, and alerts each; only when no session runs the job now (its
-- lock is free, or this session's). Returns how many it marked.
CREATE OR REPLACE FUNCTION hrlake._job_reap(p_job text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_dead record;
  v_count integer := 0;
BEGIN
  IF NOT pg_try_advisory_lock(hashtext('hrlake.job'), hashtext(p_job)) THEN
    RETURN 0;
  END IF;
  FOR v_dead IN
    UPDATE hrlake.job_run SET status = 'interrupted', finished_at = clock_timestamp(),
           error = 'interrupted: the session running it ended before it finished',
           next_attempt_at = hrlake._next_attempt_at(attempt)
    WHERE job = p_job AND status = 'running'
    RETURNING run_id, period
  LOOP
    PERFORM hrlake._alert('interrupted', p_job, v_dead.period, v_dead.run_id);
    v_count := v_count + 1;
  END LOOP;
  PERFORM pg_advisory_unlock(hashtext('hrlake.job'), hashtext(p_job));
  RETURN v_count;
END
$$;

-- Steps 1-2: the lock, interrupted runs, the skip, the attempt's record.
-- Returns the new run's id, or NULL when the run is skipped (recorded).
CREATE OR REPLACE FUNCTION hrlake._job_begin(p_job text, p_as_of date, p_force boolean)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_period date := hrlake._job_period(p_job, p_as_of);
  v_done bigint;
  v_run bigint;
BEGIN
  IF NOT pg_try_advisory_lock(hashtext('hrlake.job'), hashtext(p_job)) THEN
    RAISE NOTICE 'the % job is already running in another session; skipped', p_job;
    INSERT INTO hrlake.job_run (job, period, status, finished_at, forced, error)
    VALUES (p_job, v_period, 'skipped', clock_timestamp(), p_force,
            'another run of the job was in progress')
    RETURNING run_id INTO v_run;
    PERFORM hrlake._alert('skipped', p_job, v_period, v_run,
                          jsonb_build_object('reason', 'another run of the job was in progress'));
    RETURN NULL;
  END IF;
  -- Runs still 'running' now belong to sessions that died: we hold the lock.
  PERFORM hrlake._job_reap(p_job);
  SELECT run_id INTO v_done FROM hrlake.job_run
  WHERE job = p_job AND period = v_period AND status = 'succeeded'
  ORDER BY run_id DESC LIMIT 1;
  IF v_done IS NOT NULL AND NOT p_force AND p_job <> 'stream' THEN
    RAISE NOTICE 'the % job already succeeded for % (run %); skipped. Use force => true to run it again',
      p_job, to_char(v_period, 'YYYY-MM-DD'), v_done;
    INSERT INTO hrlake.job_run (job, period, status, finished_at, forced, error)
    VALUES (p_job, v_period, 'skipped', clock_timestamp(), p_force,
            format('the period already succeeded in run %s', v_done))
    RETURNING run_id INTO v_run;
    PERFORM hrlake._alert('skipped', p_job, v_period, v_run,
                          jsonb_build_object('reason', 'already succeeded', 'succeeded_run', v_done));
    PERFORM pg_advisory_unlock(hashtext('hrlake.job'), hashtext(p_job));
    RETURN NULL;
  END IF;
  INSERT INTO hrlake.job_run (job, period, forced, attempt)
  VALUES (p_job, v_period, p_force,
          1 + (SELECT count(*) FROM hrlake.job_run r WHERE r.job = p_job AND r.period = v_period
                 AND r.status IN ('failed', 'interrupted')))
  RETURNING run_id INTO v_run;
  RETURN v_run;
EXCEPTION WHEN OTHERS OR query_canceled THEN
  PERFORM pg_advisory_unlock(hashtext('hrlake.job'), hashtext(p_job));
  RAISE;
END
$$;

-- Step 3, one step: its statement with the run's as_of date; its counts.
CREATE OR REPLACE FUNCTION hrlake._job_step_run(p_statement text, p_as_of date) RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_result jsonb;
BEGIN
  EXECUTE p_statement INTO v_result USING p_as_of;
  RETURN coalesce(v_result, 'null'::jsonb);
END
$$;

-- True when a run's counts show it changed nothing (no batch ingested, no
-- row written, nothing flagged).
CREATE OR REPLACE FUNCTION hrlake._job_did_nothing(p_counts jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE
BEGIN ATOMIC
  SELECT coalesce(bool_and(CASE jsonb_typeof(c.value)
                             WHEN 'number' THEN c.value = '0'::jsonb
                             WHEN 'object' THEN coalesce((c.value ->> 'batches')::bigint, 0) = 0
                                                AND coalesce((c.value ->> 'files')::bigint, 0) = 0
                             ELSE true END), true)
  FROM jsonb_each(p_counts) AS c;
END;

-- Step 5: the attempt's outcome; alerts on failure; releases the lock.
-- A stream run that changed nothing, after another that changed nothing,
-- is folded into that one (runs + 1) instead of adding a row every minute.
CREATE OR REPLACE FUNCTION hrlake._job_end(p_run bigint, p_counts jsonb, p_error text,
                                           p_sqlstate text, p_step text, p_canceled boolean)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  r hrlake.job_run;
  v_previous bigint;
BEGIN
  SELECT * INTO r FROM hrlake.job_run WHERE run_id = p_run;
  IF p_error IS NULL THEN
    IF r.job = 'stream' AND hrlake._job_did_nothing(p_counts) THEN
      SELECT p.run_id INTO v_previous FROM hrlake.job_run p
      WHERE p.run_id = (SELECT max(run_id) FROM hrlake.job_run WHERE job = 'stream' AND run_id < p_run)
        AND p.status = 'succeeded' AND p.period = r.period AND hrlake._job_did_nothing(p.step_counts);
    END IF;
    IF v_previous IS NOT NULL THEN
      UPDATE hrlake.job_run SET runs = runs + 1, finished_at = clock_timestamp() WHERE run_id = v_previous;
      DELETE FROM hrlake.job_run WHERE run_id = p_run;
    ELSE
      UPDATE hrlake.job_run SET status = 'succeeded', finished_at = clock_timestamp(), step_counts = p_counts
      WHERE run_id = p_run;
    END IF;
  ELSE
    UPDATE hrlake.job_run SET status = CASE WHEN p_canceled THEN 'interrupted' ELSE 'failed' END,
           finished_at = clock_timestamp(), step_counts = p_counts,
           error = format('step %s: %s (SQLSTATE %s)', p_step, p_error, p_sqlstate),
           failed_step = p_step, error_code = p_sqlstate,
           next_attempt_at = hrlake._next_attempt_at(r.attempt)
    WHERE run_id = p_run;
    PERFORM hrlake._alert(CASE WHEN p_canceled THEN 'interrupted' ELSE 'failed' END, r.job, r.period, p_run,
      -- Not the message: any role may LISTEN, and it may quote input.
      jsonb_build_object('step', p_step, 'sqlstate', p_sqlstate, 'attempt', r.attempt,
                         'gave_up', r.attempt >= hrlake._setting('job_max_attempts')::integer));
  END IF;
  PERFORM pg_advisory_unlock(hashtext('hrlake.job'), hashtext(r.job));
END
$$;

-- The body of run_daily / run_monthly / run_stream (see the top).
CREATE OR REPLACE PROCEDURE hrlake._run_job(p_job text, p_as_of date, p_force boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_run bigint;
  v_step_row record;
  v_counts jsonb;
  v_error text;
  v_state text;
  v_step text;
  v_tries integer := 0;
  v_started timestamptz;
  v_steps integer;
  v_step_number integer;
  v_summary text;
  v_inbox jsonb;
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
  COMMIT;
  SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
  PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
  v_started := pg_catalog.clock_timestamp();
  v_run := hrlake._job_begin(p_job, p_as_of, p_force);
  COMMIT;
  -- Each transaction: its isolation level first (before any query), then
  -- the search_path.
  SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
  PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
  -- The job's inbox folders, one file per transaction: the steps then see
  -- what they held. A pass that stopped on an error fails the run.
  IF v_run IS NOT NULL THEN
    CALL hrlake._inbox_pass(hrlake._job_inbox_sources(p_job), p_job, hrlake._job_period(p_job, p_as_of), v_run, v_inbox);
    COMMIT;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    IF v_inbox ? 'error' THEN
      v_error := v_inbox ->> 'error';
      v_state := v_inbox ->> 'sqlstate';
      v_step := 'inbox';
    END IF;
  END IF;
  v_counts := CASE WHEN v_inbox IS NULL THEN '{}' ELSE jsonb_build_object('inbox', v_inbox) END;
  LOOP
    EXIT WHEN v_run IS NULL OR v_inbox ? 'error';  -- skipped (and recorded as such), or the inbox failed
    v_tries := v_tries + 1;
    v_error := NULL;
    BEGIN
      -- Every step, in one transaction (variables keep their values when
      -- an error rolls the block back: v_step names the failed step).
      v_counts := CASE WHEN v_inbox IS NULL THEN '{}' ELSE jsonb_build_object('inbox', v_inbox) END;
      v_step_number := 0;
      SELECT count(*) INTO v_steps FROM hrlake._job_step WHERE job = p_job;
      FOR v_step_row IN SELECT step, step_order, statement FROM hrlake._job_step WHERE job = p_job
                        ORDER BY step_order LOOP
        v_step := v_step_row.step;
        v_step_number := v_step_number + 1;
        -- Published for hrlake.v_progress (src/pg/progress.h).
        PERFORM hrlake._progress_job(p_job, v_run, v_step_row.step_order, v_step_number, v_steps);
        v_counts := v_counts || jsonb_build_object(v_step, hrlake._job_step_run(v_step_row.statement, p_as_of));
      END LOOP;
      v_step := NULL;
      PERFORM hrlake._progress_end();
    EXCEPTION WHEN OTHERS OR query_canceled THEN
      GET STACKED DIAGNOSTICS v_error = MESSAGE_TEXT, v_state = RETURNED_SQLSTATE;
    END;
    EXIT WHEN v_error IS NULL OR v_state NOT IN ('40001', '40P01', '55P03') OR v_tries >= 4;
    -- Transient: all of it again, in a new transaction with a new snapshot.
    ROLLBACK;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    RAISE NOTICE 'the % job: transient error in step % (%), running its steps again (try % of 4)',
      p_job, v_step, v_error, v_tries + 1;
    PERFORM pg_catalog.pg_sleep(0.05 * v_tries * v_tries);
  END LOOP;
  IF v_run IS NULL THEN
    RETURN;
  END IF;
  IF v_error IS NOT NULL THEN
    ROLLBACK;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
  END IF;
  PERFORM hrlake._job_end(v_run, v_counts, v_error, v_state, v_step, v_state = '57014');
  COMMIT;
  IF v_error IS NOT NULL THEN
    RAISE EXCEPTION 'the % job failed for % in step %: %', p_job,
      pg_catalog.to_char(hrlake._job_period(p_job, p_as_of), 'YYYY-MM-DD'), v_step, v_error
      USING ERRCODE = v_state, HINT = 'The run is recorded in hrlake.job_run; it is tried again automatically (hrlake.run_due()), or run it again once the cause is fixed.';
  END IF;
  v_summary := hrlake._job_summary(p_job, p_as_of, v_counts);
  RAISE NOTICE '%', v_summary
    USING DETAIL = pg_catalog.format('Run %s took %s s.', v_run,
                     pg_catalog.round(pg_catalog.date_part('epoch', pg_catalog.clock_timestamp() - v_started)::numeric, 2));
  -- A run with no client to see the line (pg_cron's) leaves it in the
  -- server log. (After the last COMMIT the search_path is the caller's
  -- again: the operator is named.)
  IF NOT coalesce((SELECT a.backend_type OPERATOR(pg_catalog.=) 'client backend'
                   FROM pg_catalog.pg_stat_get_activity(pg_catalog.pg_backend_pid()) a), false) THEN
    RAISE LOG '%', v_summary;
  END IF;
END
$$;

-- The one line a successful run prints (its time goes in the DETAIL).
CREATE OR REPLACE FUNCTION hrlake._job_summary(p_job text, p_as_of date, p_counts jsonb)
RETURNS text
LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT format('hrlake %s job%s succeeded: %s', p_job,
                -- a stream run's period is only the day it ran
                CASE WHEN p_job <> 'stream' THEN ' for ' || to_char(hrlake._job_period(p_job, p_as_of), 'YYYY-MM-DD') END,
                coalesce(string_agg(c.key || ' ' || CASE
                  WHEN c.key = 'inbox' THEN format('%s file(s) loaded, %s already loaded, %s failed, %s waiting, %s unknown',
                                                   c.value ->> 'loaded', c.value ->> 'duplicate', c.value ->> 'failed',
                                                   c.value ->> 'waiting', c.value ->> 'unknown')
                  WHEN c.value ? 'rows_loaded' THEN format('%s loaded, %s duplicate, %s rejected',
                                            c.value ->> 'rows_loaded', c.value ->> 'rows_duplicate',
                                            c.value ->> 'rows_rejected')
                  WHEN c.value ? 'written' THEN format('%s written, %s unchanged, %s skipped',
                                            c.value ->> 'written', c.value ->> 'unchanged', c.value ->> 'skipped')
                  WHEN jsonb_typeof(c.value) = 'string' THEN c.value #>> '{}'
                  ELSE c.value::text END, '; ' ORDER BY s.step_order NULLS FIRST), 'no steps'))
  FROM jsonb_each(p_counts) AS c
  LEFT JOIN hrlake._job_step s ON s.job = p_job AND s.step = c.key;
END;

CREATE OR REPLACE PROCEDURE hrlake.run_daily(as_of date DEFAULT hrlake.utc_today(), force boolean DEFAULT false)
LANGUAGE plpgsql AS $$
BEGIN
  CALL hrlake._run_job('daily', as_of, force);
END
$$;

CREATE OR REPLACE PROCEDURE hrlake.run_monthly(as_of date DEFAULT hrlake.utc_today(), force boolean DEFAULT false)
LANGUAGE plpgsql AS $$
BEGIN
  CALL hrlake._run_job('monthly', as_of, force);
END
$$;

CREATE OR REPLACE PROCEDURE hrlake.run_stream()
LANGUAGE plpgsql AS $$
BEGIN
  CALL hrlake._run_job('stream', hrlake.utc_today(), false);
END
$$;
