-- hrlake supports UTF-8 databases only: its C code reads and writes text as
-- UTF-8 (word matching under Unicode case folding, length limits in
-- characters, raw rejected rows). The first statement of sql/api/, which
-- every install and every update (ALTER EXTENSION ... UPDATE) runs: in a
-- database of another encoding the script stops here, and as it is one
-- transaction, nothing of it stays behind (nor of the tables before it).
-- Checked in SQL and not when the library loads: an error there would hit
-- every session that loads the library (pg_cron's workers, preloading)
-- instead of the one statement that can act on it.
DO $$
BEGIN
  IF pg_catalog.current_setting('server_encoding') <> 'UTF8' THEN
    RAISE EXCEPTION 'hrlake needs a UTF8 database; "%" is %', pg_catalog.current_database(),
                    pg_catalog.current_setting('server_encoding')
      USING ERRCODE = 'feature_not_supported',
            DETAIL = 'hrlake reads, matches and stores text as UTF-8.',
            HINT = 'Create the database with ENCODING ''UTF8'' (e.g. CREATE DATABASE ... TEMPLATE template0 '
                   'ENCODING ''UTF8'' LOCALE ''C.UTF-8''), then create or restore hrlake there. Clients may use '
                   'any client_encoding.';
  END IF;
END
$$;
