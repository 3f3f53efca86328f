-- Messages by month (issue 18): hrlake.message and hrlake.flagged_message
-- are partitioned by month of message time (sent_at, UTC months), with a
-- default partition that keeps a message whose month has no partition
-- yet. The monthly job makes each month's partitions ahead of time and
-- applies the retention (90_job_steps.sql).
--
-- Why not pg_partman (4.7): its create_parent() makes the default
-- partition itself and registers the table in partman.part_config, a
-- table pg_dump dumps. Called from this extension's script, the rows
-- collide with the dumped ones on restore and outlive DROP EXTENSION
-- hrlake; called later, messages that arrive before have no partition at
-- all. Its maintenance and retention count from CURRENT_TIMESTAMP, not
-- from the job's date, and it cannot make a month whose rows wait in the
-- default partition (the very case of a message that came early) until
-- they are moved by hand. What it would do here is below, with these
-- guarantees:
--   - the default partition's rows of a month leave it through the
--     parent, the month's partition is made and attached (which checks
--     that none is left behind), and the rows come back through the
--     parent, in one transaction: no row is lost or doubled, readers see
--     either the default's rows or the partition's, and the DBA's
--     triggers and a publication (sending as the parent) see a delete and
--     an insert;
--   - partitions are made and dropped by hrlake_definer, which owns the
--     two partitioned tables: the jobs' callers (hrlake_admin, pg_cron)
--     gain no owner rights, and the functions do only this;
--   - a month is dropped only once flag_messages has read every message
--     of it (strikes and totals come first), after its counts are
--     recorded (hrlake.message_retention) and its keys forgotten.

-- The name of `parent`'s partition for `month` (as pg_partman names them).
CREATE OR REPLACE FUNCTION hrlake._month_partition(parent text, month date) RETURNS text
LANGUAGE sql IMMUTABLE
BEGIN ATOMIC
  SELECT parent || '_p' || to_char(month, 'YYYY_MM');
END;

-- The first instant of a month (UTC midnight), as the partition bounds.
CREATE OR REPLACE FUNCTION hrlake._month_start(month date) RETURNS timestamptz
LANGUAGE sql IMMUTABLE
BEGIN ATOMIC
  SELECT month::timestamp AT TIME ZONE 'UTC';
END;

-- Refuses a publication that sends the messages partition by partition:
-- its subscribers would miss every month partition made after they
-- subscribed, and the rows a new partition takes over from the default
-- one. Sent as the partitioned tables' changes, they apply anywhere.
CREATE OR REPLACE FUNCTION hrlake._check_message_publications() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_pub name;
BEGIN
  SELECT p.pubname INTO v_pub
  FROM pg_publication p JOIN pg_publication_tables t ON t.pubname = p.pubname
  WHERE NOT p.pubviaroot AND t.schemaname = 'hrlake'
    AND t.tablename IN ('message_default', 'flagged_message_default')
  ORDER BY 1 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'publication "%" sends hrlake''s messages partition by partition', v_pub
      USING ERRCODE = 'object_not_in_prerequisite_state',
            DETAIL = 'Its subscribers would not get the month partitions made from now on.',
            HINT = format('ALTER PUBLICATION %I SET (publish_via_partition_root = true), then on each subscriber '
                          'ALTER SUBSCRIPTION ... REFRESH PUBLICATION.', v_pub);
  END IF;
END
$$;

-- Makes the month partitions of hrlake.message and hrlake.flagged_message
-- that are missing: for every month whose rows wait in a default
-- partition, and (with as_of) for the month of as_of and the
-- hrlake.message_partitions_ahead months after it. Returns how many
-- partitions it made.
CREATE OR REPLACE FUNCTION hrlake._message_partitions(as_of date DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_month date;
  v_parent text;
  v_name text;
  v_check text;
  v_scratch text;
  v_broken text;
  v_made integer := 0;
BEGIN
  -- One maintenance at a time; a second waits and finds the work done.
  PERFORM pg_advisory_xact_lock(hashtext('hrlake.message_partitions'));
  FOR v_month IN
    SELECT date_trunc('month', m.sent_at AT TIME ZONE 'UTC')::date FROM hrlake.message_default m
    UNION
    SELECT date_trunc('month', f.sent_at AT TIME ZONE 'UTC')::date FROM hrlake.flagged_message_default f
    UNION
    SELECT (date_trunc('month', as_of) + make_interval(months => g))::date
    FROM generate_series(0, hrlake._setting('message_partitions_ahead')::integer) g
    WHERE as_of IS NOT NULL
    ORDER BY 1
  LOOP
    FOREACH v_parent IN ARRAY ARRAY['message', 'flagged_message'] LOOP
      v_name := hrlake._month_partition(v_parent, v_month);
      CONTINUE WHEN to_regclass(format('hrlake.%I', v_name)) IS NOT NULL;
      -- The month's rows wait in the default partition. They leave it
      -- through the parent, into a scratch table (unlogged: no
      -- publication sees it), and come back through the parent once the
      -- month's partition is attached: a publication sending changes as
      -- the partitioned table's (publish_via_partition_root) then sends a
      -- delete and an insert its subscribers can apply, and the key
      -- triggers free and keep the keys.
      IF v_parent = 'message' THEN
        PERFORM hrlake._check_message_publications();
      END IF;
      v_scratch := v_parent || '_moving';
      EXECUTE format('CREATE UNLOGGED TABLE hrlake.%I (LIKE hrlake.%I)', v_scratch, v_parent);
      EXECUTE format('WITH moved AS (DELETE FROM hrlake.%I WHERE sent_at >= $1 AND sent_at < $2 RETURNING *) '
                     'INSERT INTO hrlake.%I SELECT * FROM moved', v_parent, v_scratch)
        USING hrlake._month_start(v_month), hrlake._month_start((v_month + interval '1 month')::date);
      -- Deleting them freed their keys (the key trigger); they are kept
      -- again here in one statement, and the partition's own key trigger
      -- is off while the rows come back (it is new: nobody else writes it).
      IF v_parent = 'message' THEN
        EXECUTE format('INSERT INTO hrlake.message_key (key, msg_id, sent_at) '
                       'SELECT m.key, m.msg_id, m.sent_at FROM hrlake.%I m WHERE m.key IS NOT NULL', v_scratch);
      END IF;
      -- The partition: a table of its own, attached once it has the
      -- parent's checks and its index (message: the primary key msg_id, as
      -- the default partition's). A row kept from before a limit existed
      -- breaks the parent's NOT VALID check: such rows go straight into
      -- the partition before its checks, which that month keeps NOT VALID
      -- (pg_dump then restores the checks with the table, before it
      -- attaches it).
      EXECUTE format('CREATE TABLE hrlake.%I (LIKE hrlake.%I INCLUDING DEFAULTS INCLUDING STORAGE '
                     'INCLUDING COMPRESSION)', v_name, v_parent);
      -- Made by the install or update script (as their runner), it is
      -- hrlake_definer's all the same.
      EXECUTE format('ALTER TABLE hrlake.%I OWNER TO hrlake_definer', v_name);
      SELECT string_agg(format('(%s) IS FALSE', pg_get_expr(c.conbin, c.conrelid)), ' OR ')
        INTO v_broken
        FROM pg_constraint c
        WHERE c.conrelid = format('hrlake.%I', v_parent)::regclass AND c.contype = 'c';
      IF v_broken IS NOT NULL THEN
        EXECUTE format('WITH kept AS (DELETE FROM hrlake.%I WHERE %s RETURNING *) '
                       'INSERT INTO hrlake.%I SELECT * FROM kept', v_scratch, v_broken, v_name);
      END IF;
      FOR v_check IN
        SELECT format('ALTER TABLE hrlake.%I ADD CONSTRAINT %I %s', v_name, c.conname,
                      regexp_replace(pg_get_constraintdef(c.oid), ' NOT VALID$', ''))
        FROM pg_constraint c
        WHERE c.conrelid = format('hrlake.%I', v_parent)::regclass AND c.contype = 'c'
        ORDER BY c.conname
      LOOP
        BEGIN
          EXECUTE v_check;
        EXCEPTION WHEN check_violation THEN
          EXECUTE v_check || ' NOT VALID';
        END;
      END LOOP;
      IF v_parent = 'message' THEN
        EXECUTE format('ALTER TABLE hrlake.%I ADD PRIMARY KEY (msg_id)', v_name);
      END IF;
      EXECUTE format('ALTER TABLE hrlake.%I ATTACH PARTITION hrlake.%I FOR VALUES FROM (%L) TO (%L)',
                     v_parent, v_name, hrlake._month_start(v_month),
                     hrlake._month_start((v_month + interval '1 month')::date));
      IF v_parent = 'message' THEN
        EXECUTE format('ALTER TABLE hrlake.%I DISABLE TRIGGER message_key_kept', v_name);
      END IF;
      EXECUTE format('INSERT INTO hrlake.%I OVERRIDING SYSTEM VALUE SELECT * FROM hrlake.%I', v_parent, v_scratch);
      IF v_parent = 'message' THEN
        EXECUTE format('ALTER TABLE hrlake.%I ENABLE ALWAYS TRIGGER message_key_kept', v_name);
      END IF;
      EXECUTE format('DROP TABLE hrlake.%I', v_scratch);
      v_made := v_made + 1;
    END LOOP;
  END LOOP;
  RETURN v_made;
END
$$;

-- Drops (or archives) the months of messages older than
-- hrlake.message_retention_months before the month of as_of: their
-- message and flagged_message partitions and their keys. The totals per
-- employee and month (message_month), the strike counts and the history
-- they changed stay. A month with a message flag_messages has not read
-- yet is kept for a later run. Returns how many messages went.
CREATE OR REPLACE FUNCTION hrlake._apply_message_retention(as_of date) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_keep integer := hrlake._setting('message_retention_months')::integer;
  v_archive boolean := hrlake._setting('message_retention_action') = 'archive';
  v_cutoff date;
  v_scanned bigint;
  v_month date;
  v_name text;
  v_flagged_name text;
  v_messages bigint;
  v_flagged bigint;
  v_keys bigint;
  v_unread boolean;
  v_total bigint := 0;
BEGIN
  IF as_of IS NULL THEN
    RAISE EXCEPTION 'as_of must not be null' USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF v_keep = 0 THEN
    RETURN 0;
  END IF;
  v_cutoff := (date_trunc('month', as_of) - make_interval(months => v_keep))::date;
  PERFORM pg_advisory_xact_lock(hashtext('hrlake.message_partitions'));
  FOR v_month, v_name IN
    SELECT to_date(substr(c.relname, length('message_p') + 1), 'YYYY_MM'), c.relname
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'hrlake.message'::regclass AND c.relname ~ '^message_p[0-9]{4}_[0-9]{2}$'
      AND to_date(substr(c.relname, length('message_p') + 1), 'YYYY_MM') < v_cutoff
    ORDER BY 1
  LOOP
    -- In the order flag_messages takes them (no deadlock with it): it
    -- reads messages, then writes flagged ones.
    LOCK TABLE hrlake.message, hrlake.flagged_message IN ACCESS EXCLUSIVE MODE;
    SELECT coalesce(max(s.scanned_msg), 0) INTO v_scanned FROM hrlake._matcher_state s;
    EXECUTE format('SELECT EXISTS (SELECT FROM hrlake.%I WHERE msg_id > $1)', v_name) INTO v_unread USING v_scanned;
    IF v_unread THEN
      RAISE NOTICE 'retention keeps the messages of % for now: flag_messages has not read all of them yet',
        to_char(v_month, 'YYYY-MM');
      CONTINUE;
    END IF;
    v_flagged_name := hrlake._month_partition('flagged_message', v_month);
    EXECUTE format('SELECT count(*) FROM hrlake.%I', v_name) INTO v_messages;
    v_flagged := 0;
    IF to_regclass(format('hrlake.%I', v_flagged_name)) IS NOT NULL THEN
      EXECUTE format('SELECT count(*) FROM hrlake.%I', v_flagged_name) INTO v_flagged;
    END IF;
    DELETE FROM hrlake.message_key k
    WHERE k.sent_at >= hrlake._month_start(v_month)
      AND k.sent_at < hrlake._month_start((v_month + interval '1 month')::date);
    GET DIAGNOSTICS v_keys = ROW_COUNT;
    EXECUTE format('ALTER TABLE hrlake.message DETACH PARTITION hrlake.%I', v_name);
    IF to_regclass(format('hrlake.%I', v_flagged_name)) IS NOT NULL THEN
      EXECUTE format('ALTER TABLE hrlake.flagged_message DETACH PARTITION hrlake.%I', v_flagged_name);
    ELSE
      v_flagged_name := NULL;
    END IF;
    IF v_archive THEN
      PERFORM hrlake._archive_month(v_name);
      IF v_flagged_name IS NOT NULL THEN
        PERFORM hrlake._archive_month(v_flagged_name);
      END IF;
    ELSE
      EXECUTE format('DROP TABLE hrlake.%I', v_name);
      IF v_flagged_name IS NOT NULL THEN
        EXECUTE format('DROP TABLE hrlake.%I', v_flagged_name);
      END IF;
    END IF;
    INSERT INTO hrlake.message_retention (month, action, messages, flagged, keys, archived_as)
    VALUES (v_month, CASE WHEN v_archive THEN 'archived' ELSE 'dropped' END, v_messages, v_flagged, v_keys,
            CASE WHEN v_archive THEN 'hrlake_archive.' || v_name END);
    v_total := v_total + v_messages;
  END LOOP;
  RETURN v_total;
END
$$;

-- Moves a detached month into hrlake_archive (adding to what an earlier
-- retention archived of that month), readable by admins.
CREATE OR REPLACE FUNCTION hrlake._archive_month(month_table text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF to_regclass(format('hrlake_archive.%I', month_table)) IS NULL THEN
    EXECUTE format('ALTER TABLE hrlake.%I SET SCHEMA hrlake_archive', month_table);
    EXECUTE format('GRANT SELECT ON hrlake_archive.%I TO hrlake_admin', month_table);
  ELSE
    EXECUTE format('INSERT INTO hrlake_archive.%I SELECT * FROM hrlake.%I', month_table, month_table);
    EXECUTE format('DROP TABLE hrlake.%I', month_table);
  END IF;
END
$$;

-- The rows of months without a partition wait in the default partitions:
-- on an update from 0.1.0 every message does, and moves into its month's
-- partition here. Partitions made now belong to the data, not to the
-- extension (its script would otherwise own them: pg_dump would skip
-- them, and retention could not drop them).
DO $$
DECLARE
  v_part regclass;
BEGIN
  PERFORM hrlake._message_partitions(NULL);
  FOR v_part IN
    SELECT c.oid::regclass FROM pg_catalog.pg_depend d
    JOIN pg_catalog.pg_class c ON c.oid = d.objid AND d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.deptype = 'e'
      AND d.refobjid = (SELECT e.oid FROM pg_catalog.pg_extension e WHERE e.extname = 'hrlake')
      AND n.nspname = 'hrlake' AND c.relname ~ '^(message|flagged_message)_p[0-9]{4}_[0-9]{2}$'
  LOOP
    EXECUTE pg_catalog.format('ALTER EXTENSION hrlake DROP TABLE %s', v_part);
  END LOOP;
END
$$;
