-- The steps of each job (SPEC §2.9); sql/api/90_job_steps.sql fills it and
-- hrlake._run_job runs them.

CREATE TABLE hrlake._job_step (
  job        text NOT NULL CHECK (job IN ('daily', 'monthly', 'stream')),
  step_order integer NOT NULL,
  step       text NOT NULL,
  -- One SQL statement returning one jsonb value (the step's counts); $1 is
  -- the run's as_of date.
  statement  text NOT NULL,
  PRIMARY KEY (job, step_order),
  UNIQUE (job, step)
);
