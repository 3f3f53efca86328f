-- Job runs (SPEC §2.9): every run of a job is recorded here.

CREATE TABLE hrlake.job_run (
  run_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job          text NOT NULL CHECK (job IN ('daily', 'monthly', 'stream')),
  period       date NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at  timestamptz,
  status       text NOT NULL DEFAULT 'running'
                 CHECK (status IN ('running', 'succeeded', 'failed', 'skipped')),
  forced       boolean NOT NULL DEFAULT false,
  step_counts  jsonb NOT NULL DEFAULT '{}',
  error        text,
  CHECK ((status = 'running') = (finished_at IS NULL))
);
CREATE INDEX ON hrlake.job_run (job, period);
