-- The admin schedules hrlake's jobs with pg_cron (given USAGE on schema
-- cron: README), which runs them as the admin; it cannot have pg_cron run
-- anything as another role. In one transaction, undone at the end: the
-- jobs never reach pg_cron's scheduler (it reads them once committed).
BEGIN;
CREATE TEMP TABLE scheduled AS SELECT * FROM hrlake.schedule();
SELECT pg_temp.expect('admin: schedule() creates the jobs, to run as the admin',
                      (SELECT string_agg(j.job || ' ' || c.username || ' ' || c.command, ', ' ORDER BY j.job)
                       FROM scheduled j JOIN cron.job c ON c.jobid = j.cron_job_id),
                      'daily mallory_admin CALL hrlake.run_daily(), heal mallory_admin CALL hrlake.run_due(), '
                      'monthly mallory_admin CALL hrlake.run_monthly(), stream mallory_admin CALL hrlake.run_stream()');
SELECT pg_temp.denied('admin: cannot schedule a job as another role', $$SELECT cron.schedule_in_database('hostile', '* * * * *', 'SELECT 1', current_database(), 'postgres')$$,
                      '42501 permission denied for function schedule_in_database');
SELECT pg_temp.denied('admin: cannot hand its job to another role', $$SELECT cron.alter_job(jobid, username => 'postgres') FROM cron.job WHERE jobname = 'hrlake-stream'$$,
                      '42501 permission denied for function alter_job');
SELECT pg_temp.denied('admin: cannot rewrite pg_cron''s jobs', $$UPDATE cron.job SET username = 'postgres'$$, '42501 permission denied for table job');
SELECT pg_temp.expect('admin: sees no job of another role', (SELECT count(*) FROM cron.job WHERE jobid = :other_job)::text, '0');
SELECT pg_temp.denied('admin: cannot unschedule a job of another role', format('SELECT cron.unschedule(%s)', :other_job),
                      '42501 permission denied for table job');
SELECT pg_temp.expect('admin: unschedule() removes its jobs', (SELECT count(*) FROM hrlake.unschedule())::text, '4');
ROLLBACK;
