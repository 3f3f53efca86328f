-- Every privilege the playing role holds on hrlake, swept over every
-- column of every table and view of hrlake and hrlake_stage, every
-- sequence, every routine and the schemas, must be exactly what its role
-- is meant to have (SPEC §2.10). Run as each login role (psql variable who);
-- "nobody" holds no hrlake role and stands for PUBLIC, which is swept too.

-- Month partitions are swept too: nobody is meant to hold anything on
-- them, reads and writes go through their parent (admins read the default
-- partitions, where rows wait for their month).
CREATE TEMP TABLE rel AS
SELECT c.oid, c.oid::regclass::text AS name, c.relkind, n.nspname,
       c.relispartition AND c.oid NOT IN (SELECT partdefid FROM pg_partitioned_table) AS month_partition
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname IN ('hrlake', 'hrlake_stage') AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S');
CREATE TEMP TABLE col AS
SELECT r.oid, r.name, r.nspname, r.month_partition, a.attnum, a.attname::text AS attname
FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE r.relkind <> 'S';
CREATE TEMP TABLE fn AS
SELECT p.oid, p.proname::text AS name, p.oid::regprocedure::text AS sig
FROM pg_proc p WHERE p.pronamespace = 'hrlake'::regnamespace;

-- What the role (and, for nobody, PUBLIC) holds.
CREATE TEMP TABLE actual AS
WITH grantee(r) AS (
  SELECT current_user::text UNION SELECT 'public' WHERE :'who' = 'nobody'
)
SELECT DISTINCT item FROM grantee g, LATERAL (
  SELECT format('column %s.%s %s', c.name, c.attname, p) FROM col c,
         unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'REFERENCES']) p
  WHERE has_column_privilege(g.r, c.oid, c.attnum, p)
  UNION ALL
  SELECT format('table %s %s', r.name, p) FROM rel r,
         unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p
  WHERE r.relkind <> 'S' AND has_table_privilege(g.r, r.oid, p)
  UNION ALL
  SELECT format('sequence %s %s', r.name, p) FROM rel r, unnest(ARRAY['USAGE', 'SELECT', 'UPDATE']) p
  WHERE r.relkind = 'S' AND has_sequence_privilege(g.r, r.oid, p)
  UNION ALL
  SELECT format('routine %s', f.sig) FROM fn f WHERE has_function_privilege(g.r, f.oid, 'EXECUTE')
  UNION ALL
  SELECT format('schema %s %s', s, p) FROM unnest(ARRAY['hrlake', 'hrlake_stage', 'public']) s,
         unnest(ARRAY['USAGE', 'CREATE']) p
  WHERE has_schema_privilege(g.r, s, p) AND NOT (s = 'public' AND p = 'USAGE')
  UNION ALL
  SELECT 'database CREATE' WHERE has_database_privilege(g.r, current_database(), 'CREATE')
) a(item);

-- What it is meant to hold.
CREATE TEMP TABLE meant (item text);
CREATE TEMP VIEW analyst_view(name) AS VALUES
  ('hrlake.v_employee_current'), ('hrlake.v_active_by_designation'),
  ('hrlake.v_active_by_designation_history'), ('hrlake.v_leave_8pct'), ('hrlake.v_leave_8pct_history'),
  ('hrlake.v_leave_80pct'), ('hrlake.v_leave_without_quota'), ('hrlake.v_flagged_messages'),
  ('hrlake.v_message_activity'), ('hrlake.v_message_activity_monthly'), ('hrlake.v_employee_strikes'), ('hrlake.v_strike_history'),
  ('hrlake.v_job_health'), ('hrlake.v_data_quality');
-- Staging columns hrlake sets itself: which batch, which line, the raw text, the row id.
CREATE TEMP VIEW staging_value_column AS
SELECT * FROM col WHERE nspname = 'hrlake_stage' AND attname NOT IN ('batch_id', 'line_no', 'raw', 'stage_id');
CREATE TEMP VIEW message_value_column AS
SELECT * FROM col WHERE name = 'hrlake.message' AND attname IN ('key', 'sender', 'receiver', 'message', 'sent_at');
-- Silver tables admins correct (leave and the timeframe history are
-- corrected by sending rows: the reports read what is derived from them).
CREATE TEMP VIEW corrected(name) AS VALUES
  ('hrlake.employee'), ('hrlake.leave_quota'), ('hrlake.leave_calendar'),
  ('hrlake.vocabulary'), ('hrlake.marked_word');

-- The loader's: stage value columns, insert messages, read staging, the
-- ledger and the progress of what runs.
INSERT INTO meant
SELECT item FROM (
  SELECT format('column %s.%s SELECT', name, attname) FROM col
  WHERE nspname = 'hrlake_stage' OR name IN ('hrlake.batch', 'hrlake.rejected_row', 'hrlake.v_rejected_rows',
                                             'hrlake.v_progress')
  UNION ALL
  SELECT format('table %s SELECT', name) FROM rel
  WHERE relkind <> 'S' AND (nspname = 'hrlake_stage' OR name IN ('hrlake.batch', 'hrlake.rejected_row', 'hrlake.v_rejected_rows',
                                                                  'hrlake.v_progress'))
  UNION ALL
  SELECT format('column %s.%s INSERT', name, attname) FROM staging_value_column
  UNION ALL
  SELECT format('column %s.%s INSERT', name, attname) FROM message_value_column
  UNION ALL
  SELECT format('routine %s', sig) FROM fn
  WHERE sig IN ('hrlake.load(text,text)', 'hrlake.ingest(text)', 'hrlake.utc_today()', 'hrlake._year_days(date[])',
                'hrlake._due_periods(timestamp with time zone)', 'hrlake._progress_name(text,bigint)',
                -- the inbox pass (a procedure that commits runs as its caller)
                'hrlake.load_inbox(text[],jsonb)', 'hrlake._inbox_pass(text[],text,date,bigint,jsonb)',
                'hrlake._inbox_scan(text[],boolean)', 'hrlake._inbox_take(text,text)', 'hrlake._inbox_finish()',
                'hrlake._in_transaction_block()', 'hrlake._alert(text,text,date,bigint,jsonb)', 'hrlake._setting(text)',
                'hrlake._sources()')
  UNION ALL
  VALUES ('schema hrlake USAGE'), ('schema hrlake_stage USAGE')
) x(item)
WHERE :'who' IN ('loader', 'admin');

-- The analyst's: the BI views, whole, and the read-only reports.
INSERT INTO meant
SELECT item FROM (
  SELECT format('column %s.%s SELECT', c.name, c.attname) FROM col c JOIN analyst_view v USING (name)
  UNION ALL
  SELECT format('table %s SELECT', name) FROM analyst_view
  UNION ALL
  SELECT format('routine %s', sig) FROM fn
  WHERE sig IN ('hrlake.designations_as_of(date)', 'hrlake.leave_8pct_report(date)', 'hrlake.leave_80pct_report(date)',
                'hrlake.utc_today()', 'hrlake._year_days(date[])', 'hrlake._due_periods(timestamp with time zone)')
  UNION ALL
  VALUES ('schema hrlake USAGE')
) x(item)
WHERE :'who' IN ('analyst', 'admin');

-- The admin's, on top of both: read everything, correct silver tables and
-- messages (never their ids), discard staged rows, run every routine but
-- the ingest's internal one (it runs under ingest()'s lock, as its owner).
INSERT INTO meant
SELECT item FROM (
  SELECT format('column %s.%s SELECT', name, attname) FROM col WHERE NOT month_partition
  UNION ALL
  SELECT format('table %s SELECT', name) FROM rel WHERE relkind <> 'S' AND NOT month_partition
  UNION ALL
  SELECT format('column %s.%s %s', c.name, c.attname, p) FROM col c JOIN corrected USING (name),
         unnest(ARRAY['INSERT', 'UPDATE']) p
  UNION ALL
  SELECT format('table %s %s', name, p) FROM corrected, unnest(ARRAY['INSERT', 'UPDATE', 'DELETE']) p
  UNION ALL
  SELECT format('column %s.%s UPDATE', name, attname) FROM message_value_column
  UNION ALL
  SELECT format('table %s DELETE', name) FROM rel
  WHERE relkind <> 'S' AND (nspname = 'hrlake_stage' OR name = 'hrlake.message')
  UNION ALL
  SELECT format('routine %s', sig) FROM fn WHERE sig <> 'hrlake._ingest_rows(text)'
) x(item)
WHERE :'who' = 'admin';

SELECT pg_temp.none(:'who' || ': holds no privilege beyond its role''s (columns, tables, sequences, routines, schemas)',
                    ARRAY(SELECT item FROM actual EXCEPT SELECT item FROM meant ORDER BY 1));
SELECT pg_temp.none(:'who' || ': holds every privilege its role needs',
                    ARRAY(SELECT item FROM meant EXCEPT SELECT item FROM actual ORDER BY 1));

-- The same, said the way SPEC §2.10 says it.
SELECT pg_temp.none(:'who' || ': reads no salary, strike salary level, message text, raw rejected value, reject reason or rejected row',
                    ARRAY(SELECT item FROM actual
                          WHERE :'who' IN ('analyst', 'nobody')
                            AND item ~ '^column .*\.(salary|base_salary|current_salary|strike_[0-9]+|message|raw|raw_bytes|reason) SELECT$'
                             OR item ~ '^(column|table) hrlake\.(rejected_row|v_rejected_rows)[ .]' AND :'who' IN ('analyst', 'nobody')
                          ORDER BY 1));
SELECT pg_temp.none(:'who' || ': chooses no batch, line, raw text or id (staging, messages), changes no ledger',
                    ARRAY(SELECT item FROM actual
                          WHERE :'who' IN ('loader', 'analyst', 'nobody')
                            AND (item ~ '^column [^ ]*\.(batch_id|line_no|raw|stage_id|msg_id|received_at) (INSERT|UPDATE)$'
                                 OR item ~ '^(column|table) hrlake\.(batch|rejected_row|job_run|_matcher_state|_job_step)[ .].*(INSERT|UPDATE|DELETE)$'
                                 OR item ~ '^table hrlake_stage\..* (UPDATE|DELETE)$')
                          ORDER BY 1));
SELECT pg_temp.none(:'who' || ': no TRIGGER, TRUNCATE or REFERENCES on any table or column, no CREATE on any schema',
                    ARRAY(SELECT item FROM actual WHERE item ~ ' (TRIGGER|TRUNCATE|REFERENCES|CREATE)$' ORDER BY 1));
