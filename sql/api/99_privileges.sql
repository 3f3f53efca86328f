-- Every privilege hrlake gives, in one place and from scratch: first all
-- are taken back from PUBLIC and the three roles, then each is granted. An
-- update runs this file too, so an updated database ends with exactly the
-- privileges of a fresh install.
--   hrlake_loader   writes staging, calls load/ingest
--   hrlake_analyst  reads the BI views: no salaries, message text or raw rejected values
--   hrlake_admin    runs everything (holds the other two roles)

REVOKE ALL ON SCHEMA hrlake, hrlake_stage FROM PUBLIC, hrlake_loader, hrlake_analyst, hrlake_admin;
REVOKE ALL ON ALL TABLES IN SCHEMA hrlake, hrlake_stage
  FROM PUBLIC, hrlake_loader, hrlake_analyst, hrlake_admin;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA hrlake, hrlake_stage
  FROM PUBLIC, hrlake_loader, hrlake_analyst, hrlake_admin;
REVOKE ALL ON ALL ROUTINES IN SCHEMA hrlake FROM hrlake_loader, hrlake_analyst, hrlake_admin;
-- Functions are not for PUBLIC: the grants below name who may call what.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA hrlake FROM PUBLIC;

GRANT USAGE ON SCHEMA hrlake TO hrlake_loader, hrlake_analyst, hrlake_admin;
GRANT USAGE ON SCHEMA hrlake_stage TO hrlake_loader, hrlake_admin;

-- The ledger.
GRANT SELECT, INSERT, UPDATE ON hrlake.batch TO hrlake_loader;
GRANT SELECT, INSERT ON hrlake.rejected_row TO hrlake_loader;
GRANT SELECT ON hrlake.batch TO hrlake_analyst;  -- rejects hold raw salaries and messages
GRANT ALL ON hrlake.batch, hrlake.rejected_row TO hrlake_admin;
GRANT EXECUTE ON FUNCTION hrlake.load(text, text), hrlake.ingest(text) TO hrlake_loader, hrlake_admin;

-- Employees and their history.
GRANT SELECT, INSERT ON hrlake_stage.employee TO hrlake_loader;
GRANT ALL ON hrlake_stage.employee, hrlake.employee TO hrlake_admin;
GRANT SELECT ON hrlake.v_employee_current TO hrlake_analyst, hrlake_admin;
GRANT SELECT, INSERT ON hrlake_stage.timeframe TO hrlake_loader;
GRANT ALL ON hrlake_stage.timeframe, hrlake.employee_timeframe, hrlake.active_by_designation
  TO hrlake_admin;
GRANT SELECT ON hrlake.v_active_by_designation TO hrlake_analyst, hrlake_admin;

-- Leave.
GRANT SELECT, INSERT ON hrlake_stage.leave_quota, hrlake_stage.leave_calendar, hrlake_stage.leave
  TO hrlake_loader;
GRANT ALL ON hrlake_stage.leave_quota, hrlake_stage.leave_calendar, hrlake_stage.leave,
  hrlake.leave_quota, hrlake.leave_calendar, hrlake.employee_leave, hrlake.leave_8pct,
  hrlake.leave_80pct_notice TO hrlake_admin;
GRANT SELECT ON hrlake.v_leave_8pct, hrlake.v_leave_80pct TO hrlake_analyst, hrlake_admin;
GRANT ALL ON hrlake.leave_days TO hrlake_admin;
GRANT SELECT ON hrlake.v_leave_without_quota TO hrlake_analyst, hrlake_admin;

-- Messages and strikes.
GRANT SELECT, INSERT ON hrlake_stage.vocabulary, hrlake_stage.marked_word, hrlake_stage.message
  TO hrlake_loader;
GRANT INSERT ON hrlake.message TO hrlake_loader;
GRANT ALL ON hrlake_stage.vocabulary, hrlake_stage.marked_word, hrlake_stage.message,
  hrlake.vocabulary, hrlake.marked_word, hrlake.message, hrlake.flagged_message TO hrlake_admin;
-- Analysts see who and how often, never the text or salaries.
GRANT SELECT (msg_id, sender, receiver, matched_words, sent_at, flagged_at)
  ON hrlake.v_flagged_messages TO hrlake_analyst;
GRANT SELECT ON hrlake.v_message_activity TO hrlake_analyst;
GRANT SELECT ON hrlake.v_flagged_messages, hrlake.v_message_activity TO hrlake_admin;
GRANT SELECT (emp_id, no_of_strikes) ON hrlake.v_employee_strikes TO hrlake_analyst;
GRANT SELECT ON hrlake.v_employee_strikes TO hrlake_admin;
GRANT ALL ON hrlake.employee_strike, hrlake.cooldown_event, hrlake.cooldown_run TO hrlake_admin;
GRANT SELECT ON hrlake.v_strike_history TO hrlake_analyst, hrlake_admin;

-- Jobs and data quality.
GRANT SELECT ON hrlake.job_run TO hrlake_analyst;
GRANT ALL ON hrlake.job_run TO hrlake_admin;
GRANT SELECT ON hrlake.v_data_quality TO hrlake_analyst, hrlake_admin;
GRANT SELECT ON hrlake.v_job_health TO hrlake_analyst, hrlake_admin;

GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA hrlake TO hrlake_admin;
-- Views call these helpers with the caller's rights.
GRANT EXECUTE ON FUNCTION hrlake._clean(text), hrlake._csv_line(text[]), hrlake.utc_today(),
  hrlake._year_days(date[])
  TO hrlake_loader, hrlake_analyst;
