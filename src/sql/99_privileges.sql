-- Functions are not for PUBLIC: the grants above name who may call what.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA hrlake FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA hrlake TO hrlake_admin;
-- Views call these helpers with the caller's rights.
GRANT EXECUTE ON FUNCTION hrlake._clean(text), hrlake._csv_line(text[]), hrlake.utc_today(),
  hrlake._year_days(date[])
  TO hrlake_loader, hrlake_analyst;

-- pg_dump keeps the rows of extension tables marked above; mark the
-- sequences behind their identity columns too, so restored ids continue.
DO $$
DECLARE
  seq regclass;
BEGIN
  FOR seq IN
    SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'S' AND n.nspname IN ('hrlake', 'hrlake_stage')
  LOOP
    PERFORM pg_catalog.pg_extension_config_dump(seq, '');
  END LOOP;
END
$$;
