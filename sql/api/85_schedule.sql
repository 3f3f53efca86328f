-- Scheduling with pg_cron (SPEC §2.9), and the health of the jobs.
-- hrlake does not require pg_cron: only schedule()/unschedule() need it.

-- The cron entries: each is exactly one schema-qualified CALL (pg_cron
-- runs procedures that commit only as a single statement).
CREATE OR REPLACE FUNCTION hrlake._cron_jobs() RETURNS TABLE (job text, cron_name text, schedule text, command text)
LANGUAGE sql IMMUTABLE AS $$
  VALUES ('daily', 'hrlake-daily', '0 7 * * *', 'CALL hrlake.run_daily()'),
         ('monthly', 'hrlake-monthly', '0 7 1 * *', 'CALL hrlake.run_monthly()'),
         ('stream', 'hrlake-stream', '* * * * *', 'CALL hrlake.run_stream()')
$$;

-- Why pg_cron cannot schedule here, or NULL when it can.
CREATE OR REPLACE FUNCTION hrlake._cron_problem(OUT message text, OUT hint text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_cron_db text := current_setting('cron.database_name', true);
  v_calls text;
BEGIN
  SELECT string_agg(format('SELECT cron.schedule_in_database(%L, %L, %L, %L);',
                           j.cron_name || '@' || current_database(), j.schedule, j.command,
                           current_database()), E'\n')
  INTO v_calls FROM hrlake._cron_jobs() j;
  IF v_cron_db IS NULL THEN
    message := 'pg_cron is not loaded in this server';
    hint := 'Add pg_cron to shared_preload_libraries, set cron.database_name, restart, '
            'and CREATE EXTENSION pg_cron in that database.';
  ELSIF v_cron_db <> current_database() THEN
    message := format('pg_cron runs in database "%s", not in "%s"', v_cron_db, current_database());
    hint := format(E'Connect to "%s" and run:\n%s', v_cron_db, v_calls);
  ELSIF NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_cron') THEN
    message := 'the pg_cron extension is not installed in this database';
    hint := 'Run CREATE EXTENSION pg_cron; then call hrlake.schedule() again.';
  END IF;
END
$$;

-- Creates (or updates) the three pg_cron jobs; running it twice changes
-- nothing. Returns the cron job ids.
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
COMMENT ON FUNCTION hrlake.schedule() IS
  'Creates the pg_cron jobs: daily 07:00 UTC, monthly on the 1st 07:00 UTC, stream every minute';

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
COMMENT ON FUNCTION hrlake.unschedule() IS 'Removes the pg_cron jobs created by hrlake.schedule()';

-- Per job: the last run, its status, and whether a scheduled run was missed
-- (daily: no success for today after 08:00 UTC; monthly: none for this month
-- after 08:00 UTC on the 1st; stream: no run in the last 5 minutes).
CREATE OR REPLACE VIEW hrlake.v_job_health AS
WITH jobs(job) AS (VALUES ('daily'), ('monthly'), ('stream')),
last_run AS (
  SELECT DISTINCT ON (r.job) r.job, r.run_id, r.period, r.started_at, r.finished_at, r.status, r.error
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
       END AS missed_run
FROM jobs j CROSS JOIN clock c
LEFT JOIN last_run l USING (job) LEFT JOIN last_success s USING (job);
COMMENT ON VIEW hrlake.v_job_health IS 'Per job: the last run, its status, and whether a scheduled run was missed';
