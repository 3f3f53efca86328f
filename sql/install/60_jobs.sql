-- Job runs (SPEC §2.9): every run of a job is recorded here.

CREATE TABLE hrlake.job_run (
  run_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job          text NOT NULL CHECK (job IN ('daily', 'monthly', 'stream')),
  period       date NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at  timestamptz,
  status       text NOT NULL DEFAULT 'running'
                 CONSTRAINT job_run_status_check
                 CHECK (status IN ('running', 'succeeded', 'failed', 'skipped', 'interrupted')),
  forced       boolean NOT NULL DEFAULT false,
  step_counts  jsonb NOT NULL DEFAULT '{}',
  -- A failed run's full error (it may quote input: admins only).
  error        text,
  -- Which attempt at its period this run was (1 for the first).
  attempt      integer NOT NULL DEFAULT 1,
  -- Stream runs that changed nothing, folded into this row.
  runs         integer NOT NULL DEFAULT 1,
  -- A failed run: when hrlake.run_due() may try its period again (NULL:
  -- no more automatic attempts).
  next_attempt_at timestamptz,
  -- A failed run: what analysts see of it (v_job_health), the step and the
  -- SQLSTATE.
  failed_step  text,
  error_code   text,
  CHECK ((status = 'running') = (finished_at IS NULL))
);
CREATE INDEX ON hrlake.job_run (job, period);
