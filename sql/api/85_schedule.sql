-- Scheduling with pg_cron (SPEC §2.9), runs that heal themselves, and the
-- health of the jobs. hrlake does not require pg_cron: only schedule() and
-- unschedule() need it.

-- The cron entries: each is exactly one schema-qualified CALL (pg_cron
-- runs procedures that commit only as a single statement). The heal entry
-- runs again what failed, was interrupted or was missed (run_due()); it
-- fires at minutes 2, 7, ... so it never meets the daily and monthly runs.
CREATE OR REPLACE FUNCTION hrlake._cron_jobs() RETURNS TABLE (job text, cron_name text, schedule text, command text)
LANGUAGE sql IMMUTABLE
BEGIN ATOMIC
  VALUES ('daily', 'hrlake-daily', '0 7 * * *', 'CALL hrlake.run_daily()'),
         ('monthly', 'hrlake-monthly', '0 7 1 * *', 'CALL hrlake.run_monthly()'),
         ('stream', 'hrlake-stream', '* * * * *', 'CALL hrlake.run_stream()'),
         ('heal', 'hrlake-heal', '2-59/5 * * * *', 'CALL hrlake.run_due()');
END;

-- Why pg_cron cannot run hrlake's jobs here, with how to fix it, or NULL
-- when it can. pg_cron's settings are for superusers and members of
-- pg_read_all_settings only: a role that may not read them (an admin) is
-- told what it can know, from the extension being here and its grants.
CREATE OR REPLACE FUNCTION hrlake._cron_problem(OUT message text, OUT hint text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_reads_settings boolean := pg_has_role(current_user, 'pg_read_all_settings', 'USAGE');
  v_cron_db text;
  v_workers text;
  v_calls text;
BEGIN
  IF v_reads_settings THEN
    v_cron_db := current_setting('cron.database_name', true);
    v_workers := current_setting('cron.use_background_workers', true);
  END IF;
  SELECT string_agg(format('SELECT cron.schedule_in_database(%L, %L, %L, %L);',
                           j.cron_name || '@' || current_database(), j.schedule, j.command,
                           current_database()), E'\n')
  INTO v_calls FROM hrlake._cron_jobs() j;
  IF v_reads_settings AND v_cron_db IS NULL THEN
    message := 'pg_cron is not loaded in this server';
    hint := 'Add pg_cron to shared_preload_libraries, set cron.database_name, restart, '
            'and CREATE EXTENSION pg_cron in that database.';
  ELSIF v_reads_settings AND v_workers IS DISTINCT FROM 'on' AND current_setting('listen_addresses') = '' THEN
    -- Without background workers pg_cron connects through libpq to
    -- cron.host; a server that listens on no address refuses it, and every
    -- run fails before it starts (nothing reaches hrlake.job_run).
    message := 'pg_cron cannot start jobs on this server: cron.use_background_workers is off '
               'and the server listens on no TCP address';
    hint := 'Set cron.use_background_workers = on (and max_worker_processes high enough) in '
            'postgresql.conf and restart; or set listen_addresses, and cron.host to an address '
            'pg_cron may connect to as the scheduling role (pg_hba.conf, a password file).';
  ELSIF v_cron_db <> current_database() THEN
    message := format('pg_cron runs in database "%s", not in "%s"', v_cron_db, current_database());
    hint := format(E'Connect to "%s" and run:\n%s', v_cron_db, v_calls);
  ELSIF NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_cron') THEN
    message := 'the pg_cron extension is not installed in this database';
    hint := CASE WHEN v_reads_settings THEN 'Run CREATE EXTENSION pg_cron; then call hrlake.schedule() again.'
                 ELSE 'pg_cron runs the jobs of every database from the one named by cron.database_name (which '
                      'superusers and members of pg_read_all_settings may read): call hrlake.schedule() there, '
                      'or have a superuser run:' || E'\n' || v_calls END;
  ELSIF NOT has_schema_privilege('cron', 'USAGE') THEN
    message := format('role "%s" may not use pg_cron', current_user);
    hint := format('A superuser grants it: GRANT USAGE ON SCHEMA cron TO %I; the jobs then run as that role.',
                   current_user);
  END IF;
END
$$;

-- Creates (or updates) the pg_cron jobs, run as the calling role; running
-- it twice changes nothing. Returns the cron job ids.
CREATE OR REPLACE FUNCTION hrlake.schedule()
RETURNS TABLE (job text, cron_job_id bigint, schedule text, command text)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  p record;
  j record;
BEGIN
  p := hrlake._cron_problem();
  IF p.message IS NOT NULL THEN
    RAISE EXCEPTION '%', p.message USING ERRCODE = 'object_not_in_prerequisite_state', HINT = p.hint;
  END IF;
  IF pg_has_role(current_user, 'pg_read_all_settings', 'USAGE')
     AND current_setting('cron.use_background_workers', true) IS DISTINCT FROM 'on' THEN
    RAISE NOTICE 'pg_cron will connect to "%" to run the jobs as role "%"; check hrlake.cron_status() after a minute',
      current_setting('cron.host', true), current_user;
  END IF;
  FOR j IN SELECT * FROM hrlake._cron_jobs() LOOP
    -- A named schedule replaces the job of the same name.
    EXECUTE 'SELECT cron.schedule($1, $2, $3)' INTO cron_job_id USING j.cron_name, j.schedule, j.command;
    job := j.job;
    schedule := j.schedule;
    command := j.command;
    RETURN NEXT;
  END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION hrlake.unschedule() RETURNS SETOF text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  p record;
  j record;
  v_found boolean;
BEGIN
  p := hrlake._cron_problem();
  IF p.message IS NOT NULL THEN
    RAISE EXCEPTION '%', p.message USING ERRCODE = 'object_not_in_prerequisite_state', HINT = p.hint;
  END IF;
  FOR j IN SELECT * FROM hrlake._cron_jobs() LOOP
    EXECUTE 'SELECT EXISTS (SELECT FROM cron.job WHERE jobname = $1)' INTO v_found USING j.cron_name;
    IF v_found THEN
      EXECUTE 'SELECT cron.unschedule($1::name)' USING j.cron_name;
      RETURN NEXT j.cron_name;
    END IF;
  END LOOP;
END
$$;

-- What pg_cron recorded of hrlake's jobs in this database (its own
-- failures, such as a connection that failed, never reach job_run).
CREATE OR REPLACE FUNCTION hrlake.cron_status()
RETURNS TABLE (jobname text, schedule text, active boolean, last_start timestamptz, last_status text,
               last_message text, failures_last_day bigint)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF to_regclass('cron.job_run_details') IS NULL THEN
    RAISE EXCEPTION 'pg_cron is not installed in this database' USING ERRCODE = 'object_not_in_prerequisite_state',
      HINT = 'pg_cron keeps its job history in the database named by cron.database_name.';
  END IF;
  RETURN QUERY EXECUTE $q$
    SELECT j.jobname::text, j.schedule::text, j.active, d.start_time, d.status::text, d.return_message::text,
           (SELECT count(*) FROM cron.job_run_details f WHERE f.jobid = j.jobid AND f.status = 'failed'
              AND f.start_time > now() - interval '1 day')
    FROM cron.job j
    LEFT JOIN LATERAL (SELECT * FROM cron.job_run_details x WHERE x.jobid = j.jobid
                       ORDER BY x.runid DESC LIMIT 1) d ON true
    WHERE j.command LIKE '%hrlake.%' AND j.database = current_database()
    ORDER BY j.jobname$q$;
END
$$;

-- The first period of a job that run_due() would run again at p_now (the
-- window of _due_periods); NULL for the stream job, which is never healed.
CREATE OR REPLACE FUNCTION hrlake._heal_from(p_job text, p_now timestamptz) RETURNS date
LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT CASE p_job
           WHEN 'daily' THEN ((p_now AT TIME ZONE 'UTC') - interval '7 hours')::date - 6
           WHEN 'monthly' THEN (date_trunc('month', (p_now AT TIME ZONE 'UTC') - interval '7 hours')
                                - interval '2 months')::date
         END;
END;

-- The periods of the daily and monthly jobs that should have succeeded by
-- (p_now) and have not: the ones whose scheduled time (07:00 UTC) has passed,
-- from the job's first recorded run on, over the last 7 days (daily) or 3
-- months (monthly); with the attempts made, and when the next may be made
-- (NULL: now). A period past hrlake.job_max_attempts waits for a person.
-- SECURITY DEFINER: v_job_health, which analysts read, calls it, and a
-- function runs with its caller's rights even inside a view: it reads the
-- job ledger, which analysts may not.
CREATE OR REPLACE FUNCTION hrlake._due_periods(p_now timestamptz DEFAULT now())
RETURNS TABLE (job text, period date, attempts bigint, next_attempt_at timestamptz, gave_up boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  WITH clock AS (SELECT p_now AT TIME ZONE 'UTC' AS utc_now),
  candidates AS (
    SELECT 'daily'::text AS job, d::date AS period
    FROM clock, generate_series(hrlake._heal_from('daily', p_now),
                                (clock.utc_now - interval '7 hours')::date, interval '1 day') d
    UNION ALL
    SELECT 'monthly', m::date
    FROM clock, generate_series(hrlake._heal_from('monthly', p_now),
                                date_trunc('month', clock.utc_now - interval '7 hours'), interval '1 month') m
  )
  SELECT c.job, c.period, count(r.run_id) FILTER (WHERE r.status IN ('failed', 'interrupted')),
         max(r.next_attempt_at) FILTER (WHERE r.run_id = (SELECT max(x.run_id) FROM hrlake.job_run x
                                                         WHERE x.job = c.job AND x.period = c.period
                                                           AND x.status <> 'skipped')),
         count(r.run_id) FILTER (WHERE r.status IN ('failed', 'interrupted'))
           >= hrlake._setting('job_max_attempts')::integer
  FROM candidates c
  LEFT JOIN hrlake.job_run r ON r.job = c.job AND r.period = c.period
  WHERE c.period >= (SELECT min(f.period) FROM hrlake.job_run f WHERE f.job = c.job)
  GROUP BY c.job, c.period
  HAVING NOT coalesce(bool_or(r.status IN ('succeeded', 'running')), false)
  ORDER BY c.period, c.job;
END;

-- Runs again, oldest first, each daily or monthly period that failed, was
-- interrupted or was missed (see _due_periods), once its retry delay has
-- passed. Stops at the first failure, which fails the call: the next call
-- goes on. pg_cron calls it every 5 minutes (schedule()); tests pass the
-- time it is.
CREATE OR REPLACE PROCEDURE hrlake.run_due(now timestamptz DEFAULT pg_catalog.now())
LANGUAGE plpgsql AS $$
DECLARE
  v_due record;
BEGIN
  IF hrlake._in_transaction_block() THEN
    RAISE EXCEPTION 'hrlake.run_due cannot run inside a transaction block' USING ERRCODE = 'active_sql_transaction',
      HINT = 'CALL it on its own, in autocommit mode, as pg_cron does.';
  END IF;
  PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
  -- A run whose session died (killed, crashed) is interrupted: due again.
  PERFORM hrlake._job_reap('daily'), hrlake._job_reap('monthly');
  FOR v_due IN SELECT * FROM hrlake._due_periods(run_due.now) d
               WHERE NOT d.gave_up AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= run_due.now) LOOP
    RAISE NOTICE 'hrlake: running the % job again for % (attempt %)', v_due.job,
      to_char(v_due.period, 'YYYY-MM-DD'), v_due.attempts + 1;
    CALL hrlake._run_job(v_due.job, v_due.period, false);
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
  END LOOP;
END
$$;

-- hrlake.job_run keeps runs that succeeded or were skipped for
-- hrlake.job_run_retention, failed and interrupted ones twice as long
-- (the daily job deletes older ones). What run_due() still looks at stays:
-- the runs of the periods it may run again, and each job's latest run
-- before them (its first recorded run bounds what counts as missed).
CREATE OR REPLACE FUNCTION hrlake._prune_job_runs(p_now timestamptz DEFAULT now()) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_keep interval := make_interval(secs => hrlake._setting('job_run_retention')::bigint);
  v_rows bigint;
BEGIN
  DELETE FROM hrlake.job_run r
  WHERE r.status <> 'running'
    AND r.finished_at < p_now - CASE WHEN r.status IN ('failed', 'interrupted') THEN 2 * v_keep ELSE v_keep END
    AND (r.job = 'stream'
         OR (r.period < hrlake._heal_from(r.job, p_now)
             AND r.run_id < (SELECT max(o.run_id) FROM hrlake.job_run o
                             WHERE o.job = r.job AND o.period < hrlake._heal_from(r.job, p_now))));
  GET DIAGNOSTICS v_rows = ROW_COUNT;
  RETURN v_rows;
END
$$;

-- Per job: the last run, its status, whether a scheduled run was missed
-- (daily: no success for today after 08:00 UTC; monthly: none for this month
-- after 08:00 UTC on the 1st; stream: no run in the last 5 minutes), and
-- the periods still to be healed.
CREATE OR REPLACE VIEW hrlake.v_job_health AS
WITH jobs(job) AS (VALUES ('daily'), ('monthly'), ('stream')),
last_run AS (
  SELECT DISTINCT ON (r.job) r.job, r.run_id, r.period, r.started_at, r.finished_at, r.status,
         -- The step and SQLSTATE only: the message may quote input (admins
         -- read it in job_run).
         CASE WHEN r.failed_step IS NOT NULL
              THEN format('step %s failed with SQLSTATE %s; the message is in hrlake.job_run (admins)',
                          r.failed_step, r.error_code)
              WHEN r.status = 'interrupted' THEN r.error END AS error
  FROM hrlake.job_run r WHERE r.status <> 'skipped'
  ORDER BY r.job, r.run_id DESC
),
last_success AS (
  SELECT r.job, max(r.period) AS period, max(r.finished_at) AS finished_at
  FROM hrlake.job_run r WHERE r.status = 'succeeded' GROUP BY r.job
),
clock AS (SELECT now() AT TIME ZONE 'UTC' AS utc_now)
SELECT j.job, l.run_id AS last_run_id, l.period AS last_period, l.status AS last_status,
       l.started_at AS last_started_at, l.finished_at AS last_finished_at, l.error AS last_error,
       s.period AS last_succeeded_period,
       CASE j.job
         WHEN 'daily' THEN c.utc_now >= date_trunc('day', c.utc_now) + interval '8 hours'
                           AND coalesce(s.period < c.utc_now::date, true)
         WHEN 'monthly' THEN c.utc_now >= date_trunc('month', c.utc_now) + interval '8 hours'
                           AND coalesce(s.period < date_trunc('month', c.utc_now)::date, true)
         ELSE coalesce(l.started_at < now() - interval '5 minutes', true)
       END AS missed_run,
       (SELECT count(*) FROM hrlake._due_periods() d WHERE d.job = j.job) AS periods_to_heal,
       (SELECT min(d.next_attempt_at) FROM hrlake._due_periods() d WHERE d.job = j.job AND NOT d.gave_up)
         AS next_attempt_at,
       coalesce((SELECT bool_or(d.gave_up) FROM hrlake._due_periods() d WHERE d.job = j.job), false)
         AS needs_a_person
FROM jobs j CROSS JOIN clock c
LEFT JOIN last_run l USING (job) LEFT JOIN last_success s USING (job);

-- DROP EXTENSION hrlake also removes hrlake's pg_cron jobs of this database
-- (left behind, they would fail every minute). An event trigger, in C
-- because only C sees which extensions the statement drops.
CREATE OR REPLACE FUNCTION hrlake._on_drop_extension() RETURNS event_trigger
LANGUAGE c SET search_path = pg_catalog, pg_temp AS 'MODULE_PATHNAME', 'hrlake_on_drop_extension';
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_event_trigger WHERE evtname = 'hrlake_drop_extension') THEN
    CREATE EVENT TRIGGER hrlake_drop_extension ON ddl_command_start WHEN TAG IN ('DROP EXTENSION')
      EXECUTE FUNCTION hrlake._on_drop_extension();
  END IF;
END
$$;
