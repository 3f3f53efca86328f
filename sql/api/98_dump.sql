-- What pg_dump keeps of the extension: the rows of every table that holds
-- user data (all tables of hrlake and hrlake_stage but the extension's own
-- definitions, whose names start with "_", except the matcher's state and
-- the notes of rows staged for the next ingest),
-- and the sequences behind their identity columns, so restored ids continue.
-- Not hrlake.message_key: the restored messages' trigger makes it again.
DO $$
DECLARE
  rel regclass;
BEGIN
  FOR rel IN
    SELECT c.oid::regclass FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ('hrlake', 'hrlake_stage')
      AND (c.relkind = 'S' OR (c.relkind IN ('r', 'p') AND (NOT starts_with(c.relname, '_') OR c.relname IN ('_matcher_state', '_stage_arrival'))
                               AND c.relname <> 'message_key'))
      -- The extension's own tables: month partitions are the data's (pg_dump
      -- dumps them as any table).
      AND EXISTS (SELECT FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
                    AND d.deptype = 'e'
                    AND d.refobjid = (SELECT e.oid FROM pg_catalog.pg_extension e WHERE e.extname = 'hrlake'))
    ORDER BY c.relname
  LOOP
    PERFORM pg_catalog.pg_extension_config_dump(rel, '');
  END LOOP;
END
$$;
