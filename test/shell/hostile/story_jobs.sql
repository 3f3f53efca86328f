-- The story, part 2: the daily job, the stream, the monthly job; run by
-- the admin and, in the reference database, by the superuser.
\o /dev/null
CALL hrlake.run_daily('2026-11-24');
CALL hrlake.run_stream();
CALL hrlake.run_monthly('2026-12-01');
\o
SELECT pg_temp.expect(:'who' || ': runs the daily, stream and monthly jobs',
                      (SELECT string_agg(job || ' ' || status, ', ' ORDER BY run_id) FROM hrlake.job_run),
                      'daily succeeded, stream succeeded, monthly succeeded');
