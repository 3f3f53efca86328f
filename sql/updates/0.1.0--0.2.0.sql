-- hrlake 0.1.0 -> 0.2.0: changes to tables and their data. The functions,
-- views and privileges of 0.2.0 follow (sql/api/, appended by the build).

\echo Use "ALTER EXTENSION hrlake UPDATE" to load this file. \quit

-- Jobs: every attempt at a period is numbered; no-op stream runs fold into
-- one row; failed periods are tried again (hrlake.run_due()).
ALTER TABLE hrlake.job_run DROP CONSTRAINT job_run_status_check,
  ADD CONSTRAINT job_run_status_check
    CHECK (status IN ('running', 'succeeded', 'failed', 'skipped', 'interrupted')),
  ADD COLUMN attempt integer NOT NULL DEFAULT 1,
  ADD COLUMN runs integer NOT NULL DEFAULT 1,
  ADD COLUMN next_attempt_at timestamptz;
DROP FUNCTION hrlake._run_step(text, text, text, date);

-- The batch records who loaded it, not the role hrlake's functions run as.
ALTER TABLE hrlake.batch ALTER COLUMN loaded_by SET DEFAULT session_user;

-- Analyst views no longer carry salaries or message text (those moved to
-- admin views): their columns changed.
DROP VIEW hrlake.v_flagged_messages;
DROP VIEW hrlake.v_employee_strikes;
