-- Leave (SPEC §2.4): quota, calendar and leave rows are loaded by the
-- intake (src/pg/intake_leave.cpp), which also keeps hrlake.leave_days.

-- ACTIVE leave days of one year as the bitmap hrlake.leave_days holds.
CREATE OR REPLACE FUNCTION hrlake._year_days(dates date[]) RETURNS bytea
LANGUAGE c IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'hrlake_year_days';
