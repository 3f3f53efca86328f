-- Everything in sql/api/ is run by the fresh install and by every update,
-- so it must leave the same result on either: CREATE OR REPLACE, idempotent
-- statements, and privileges declared from scratch (99_privileges.sql).

-- Roles are cluster-wide: create them once, keep them if they exist.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hrlake_loader') THEN
    CREATE ROLE hrlake_loader NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hrlake_analyst') THEN
    CREATE ROLE hrlake_analyst NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hrlake_admin') THEN
    CREATE ROLE hrlake_admin NOLOGIN;
  END IF;
  -- Owns the SECURITY DEFINER functions (99_privileges.sql): they run with
  -- its few rights, never the extension owner's. Nobody logs in as it or
  -- is granted it.
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hrlake_definer') THEN
    CREATE ROLE hrlake_definer NOLOGIN NOINHERIT;
  END IF;
END
$$;
COMMENT ON ROLE hrlake_loader IS 'hrlake: may write staging tables and call load/ingest';
COMMENT ON ROLE hrlake_analyst IS 'hrlake: reads the BI views; no salaries, no message text';
COMMENT ON ROLE hrlake_admin IS 'hrlake: runs every job and function, reads everything, corrects silver data';
COMMENT ON ROLE hrlake_definer IS 'hrlake: owns the SECURITY DEFINER functions; not for login, not to be granted';
GRANT hrlake_loader, hrlake_analyst TO hrlake_admin;
