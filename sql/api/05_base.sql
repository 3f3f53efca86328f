-- Small helpers used everywhere.

-- Today in UTC: the schedules and reports work in UTC (SPEC §2.9).
CREATE OR REPLACE FUNCTION hrlake.utc_today() RETURNS date
LANGUAGE sql STABLE PARALLEL SAFE
RETURN (pg_catalog.now() AT TIME ZONE 'UTC')::date;
