-- The story, part 3: every analyst view read with SELECT *, and the
-- reports analysts may run; one line per view or report with a digest of
-- its rows (the columns that hold the time something happened left out).
-- Run by the analyst, and in the reference database by the superuser: the
-- lines must be equal.
CREATE FUNCTION pg_temp.digest(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_digest text;
BEGIN
  EXECUTE format($q$SELECT count(*) || ' rows ' || coalesce(md5(string_agg(r, E'\n' ORDER BY r)), '-')
                    FROM (SELECT (to_jsonb(t) - ARRAY['refreshed_at', 'loaded_at', 'generated_at', 'updated_at',
                                                      'flagged_at', 'at', 'last_started_at', 'last_finished_at',
                                                      'next_attempt_at'])::text AS r
                          FROM (%s) t) x$q$, query)
    INTO v_digest;
  RETURN v_digest;
END
$$;
SELECT v || ': ' || pg_temp.digest('SELECT * FROM ' || v)
FROM unnest(ARRAY['hrlake.v_employee_current', 'hrlake.v_active_by_designation',
                  'hrlake.v_active_by_designation_history', 'hrlake.v_leave_8pct', 'hrlake.v_leave_8pct_history',
                  'hrlake.v_leave_80pct', 'hrlake.v_leave_without_quota', 'hrlake.v_flagged_messages',
                  'hrlake.v_message_activity', 'hrlake.v_message_activity_monthly', 'hrlake.v_employee_strikes',
                  'hrlake.v_strike_history',
                  'hrlake.v_job_health', 'hrlake.v_data_quality']) v
UNION ALL
SELECT q || ': ' || pg_temp.digest(q)
FROM unnest(ARRAY['SELECT * FROM hrlake.leave_8pct_report(''2026-11-24'')',
                  'SELECT * FROM hrlake.leave_80pct_report(''2026-12-01'')',
                  'SELECT * FROM hrlake.designations_as_of(''2026-06-30'')']) q
ORDER BY 1;
