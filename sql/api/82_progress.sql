-- Progress of hrlake's long operations while they run (src/pg/progress.h):
-- each backend publishes its job, step, operation and counts in its own
-- progress slot; this view reads them, as pg_stat_progress_copy does.

CREATE OR REPLACE FUNCTION hrlake._progress_job(job text, run_id bigint, step_order integer,
                                                step_number integer, steps integer)
RETURNS void LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'hrlake_progress_job';
CREATE OR REPLACE FUNCTION hrlake._progress_end() RETURNS void
LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'hrlake_progress_end';
-- What a published number means: kind is 'job', 'operation', 'source' or 'phase'.
CREATE OR REPLACE FUNCTION hrlake._progress_name(kind text, code bigint) RETURNS text
LANGUAGE c IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'hrlake_progress_name';

-- One row per backend of this database running an hrlake job or a long
-- operation (load, ingest, merge, flagging, notice export). Another role's
-- backends show only with pg_read_all_stats (as in pg_stat_activity).
CREATE OR REPLACE VIEW hrlake.v_progress AS
SELECT p.pid,
       a.usename AS role,
       a.backend_type,
       hrlake._progress_name('job', p.param11) AS job,
       nullif(p.param12, 0) AS run_id,
       s.step,
       nullif(p.param14, 0)::integer AS step_number,
       nullif(p.param15, 0)::integer AS steps,
       hrlake._progress_name('operation', p.param8) AS operation,
       hrlake._progress_name('source', p.param9) AS source,
       hrlake._progress_name('phase', p.param10) AS phase,
       p.param3 AS rows_done,
       nullif(p.param7, 0) AS rows_total,
       p.param4 AS rows_rejected,
       p.param1 AS bytes_done,
       nullif(p.param2, 0) AS bytes_total,
       round(CASE WHEN p.param2 > 0 THEN 100.0 * least(p.param1, p.param2) / p.param2
                  WHEN p.param7 > 0 THEN 100.0 * least(p.param3, p.param7) / p.param7 END, 1) AS percent,
       a.xact_start,
       a.wait_event_type,
       a.wait_event
FROM pg_catalog.pg_stat_get_progress_info('COPY') p
LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = p.pid
LEFT JOIN hrlake._job_step s ON s.job = hrlake._progress_name('job', p.param11) AND s.step_order = p.param13
WHERE p.param20 = 114840653884261  -- "hrlake": the slot is hrlake's (progress_slot::kMagicValue)
  AND p.datid = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database());
