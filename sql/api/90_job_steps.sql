-- The steps of each job (SPEC §2.9), in the order the SPEC gives. The table
-- holds the extension's definitions; every install and update writes them
-- anew.
DELETE FROM hrlake._job_step;
INSERT INTO hrlake._job_step (job, step_order, step, statement) VALUES
  ('daily', 10, 'ingest employee', $$SELECT hrlake._ingest_counts('employee')$$),
  ('daily', 20, 'ingest timeframe', $$SELECT hrlake._ingest_counts('timeframe')$$),
  ('daily', 30, 'ingest leave_quota', $$SELECT hrlake._ingest_counts('leave_quota')$$),
  ('daily', 31, 'ingest leave_calendar', $$SELECT hrlake._ingest_counts('leave_calendar')$$),
  ('daily', 40, 'ingest leave', $$SELECT hrlake._ingest_counts('leave')$$),
  ('daily', 50, 'report leave_8pct', $$SELECT to_jsonb(hrlake.refresh_leave_8pct($1))$$),
  ('daily', 60, 'report active_by_designation',
   $$SELECT to_jsonb(hrlake.refresh_active_by_designation($1))$$),
  ('daily', 70, 'prune job_run', $$SELECT to_jsonb(hrlake._prune_job_runs())$$),
  ('monthly', 10, 'report leave_80pct', $$SELECT to_jsonb(hrlake.generate_80pct_notices($1))$$),
  ('monthly', 20, 'cooldown', $$SELECT to_jsonb(count(*)) FROM hrlake.cooldown($1)$$),
  ('monthly', 25, 'export notices', $$SELECT hrlake._export_notices_step($1)$$),
  -- Messages by month (86_message_partitions.sql): partitions made ahead,
  -- then the months past the retention dropped.
  ('monthly', 30, 'message partitions', $$SELECT to_jsonb(hrlake._message_partitions($1))$$),
  ('monthly', 40, 'message retention', $$SELECT to_jsonb(hrlake._apply_message_retention($1))$$),
  ('stream', 10, 'ingest vocabulary', $$SELECT hrlake._ingest_counts('vocabulary')$$),
  ('stream', 11, 'ingest marked_word', $$SELECT hrlake._ingest_counts('marked_word')$$),
  ('stream', 20, 'ingest message', $$SELECT hrlake._ingest_counts('message')$$),
  ('stream', 30, 'flag messages', $$SELECT to_jsonb(hrlake._flag_messages_count())$$);

-- A logical replica (a FOR ALL TABLES publication) created hrlake itself,
-- so it holds these steps when its initial sync copies the publisher's: a
-- step that arrives so replaces its twin instead of failing the sync on
-- the key. Only for replication's writes (ENABLE REPLICA: the apply and
-- sync workers run as session_replication_role = replica).
CREATE OR REPLACE FUNCTION hrlake._replicated_step_replaces() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  DELETE FROM hrlake._job_step WHERE job = NEW.job AND (step_order = NEW.step_order OR step = NEW.step);
  RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER replicated_step_replaces BEFORE INSERT ON hrlake._job_step
  FOR EACH ROW EXECUTE FUNCTION hrlake._replicated_step_replaces();
ALTER TABLE hrlake._job_step ENABLE REPLICA TRIGGER replicated_step_replaces;

-- The inbox folders each job loads before its steps (15_inbox.sql): the
-- daily job its sources, the monthly job the quotas and calendars its
-- notices read, the stream job the word lists and messages, every run.
CREATE OR REPLACE FUNCTION hrlake._job_inbox_sources(p_job text) RETURNS text[]
LANGUAGE sql IMMUTABLE
BEGIN ATOMIC
  SELECT CASE p_job
    WHEN 'daily' THEN ARRAY['employee', 'timeframe', 'leave_quota', 'leave_calendar', 'leave']
    WHEN 'monthly' THEN ARRAY['leave_quota', 'leave_calendar']
    WHEN 'stream' THEN ARRAY['vocabulary', 'marked_word', 'message']
  END;
END;
