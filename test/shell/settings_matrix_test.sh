#!/usr/bin/env bash
# Issue 21: any server, any session, the same answers. The sample story
# (every sample file loaded, ingested, merged, flagged, the jobs and the
# reports) runs in one database per setting, the setting applied as a real
# session gets it (ALTER DATABASE / ALTER ROLE ... IN DATABASE SET, PGOPTIONS,
# the database's own locale). Every hrlake table and view, dumped sorted
# with fixed output settings, must be byte-identical to the reference
# database's; what a setting cannot allow is refused with a clear error.
source "$(dirname "$0")/lib.sh"
dir=$(sample_inbox)
work=$(mktemp -d)  # KEEP=1 keeps it (the dumps), for a look at a difference
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

# A few marked words whose matching must not depend on the locale: German
# sharp s (STRASSE and straße are two words under simple case folding),
# Turkish dotted and dotless i, and messages that use them.
extra_words="$dir/settings_marked_word.json"
extra_messages="$dir/settings_messages.jsonl"
printf '%s\n' '["STRASSE", "straße", "İSTANBUL", "ırmak", "INFO"]' > "$work/w.json"
{
  echo '{"sender": "20000001", "receiver": "20000002", "message": "the strasse and the STRASSE", "timestamp": "2026-11-25T09:00:00Z"}'
  echo '{"sender": "20000001", "receiver": "20000003", "message": "die Straße ist lang", "timestamp": "2026-11-25T09:01:00+05:30"}'
  echo '{"sender": "20000002", "receiver": "20000003", "message": "info about istanbul and İstanbul", "timestamp": 1795424520}'
  echo '{"sender": "20000003", "receiver": "20000001", "message": "IRMAK, Irmak or ırmak; İNFO or info", "timestamp": 1795424580000}'
  echo '{"sender": "20000004", "receiver": "20000001", "message": "nothing to see", "timestamp": "2026-11-25 09:04:00"}'
} > "$work/m.jsonl"
cp "$work/w.json" "$extra_words"
cp "$work/m.jsonl" "$extra_messages"
[ "$(id -u)" = 0 ] && chown "$HRLAKE_PG_OSUSER" "$extra_words" "$extra_messages"

# One database per setting: NAME -> how it is made and set.
declare -A options=()  # PGOPTIONS a session of that database connects with
make_db() {  # make_db NAME [CREATE DATABASE options]
  local db=hrlake_t_set_$1
  psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" \
    -c "CREATE DATABASE $db ${2:-}" >/dev/null
  echo "$db"
}
hostile_objects() {  # look-alikes of built-ins and of hrlake's own names
  q "$1" "CREATE SCHEMA evil;
    CREATE FUNCTION evil.upper(text) RETURNS text LANGUAGE sql AS \$\$SELECT 'EVIL'\$\$;
    CREATE FUNCTION evil.lower(text) RETURNS text LANGUAGE sql AS \$\$SELECT 'evil'\$\$;
    CREATE FUNCTION evil.btrim(text) RETURNS text LANGUAGE sql AS \$\$SELECT 'evil'\$\$;
    CREATE FUNCTION evil.length(text) RETURNS integer LANGUAGE sql AS \$\$SELECT -1\$\$;
    CREATE FUNCTION evil.now() RETURNS timestamptz LANGUAGE sql AS \$\$SELECT '1999-01-01'::timestamptz\$\$;
    CREATE FUNCTION evil.md5(text) RETURNS text LANGUAGE sql AS \$\$SELECT 'evil'\$\$;
    CREATE FUNCTION evil.hashtext(text) RETURNS integer LANGUAGE sql AS \$\$SELECT 42\$\$;
    CREATE FUNCTION evil.text_eq(text, text) RETURNS boolean LANGUAGE sql AS \$\$SELECT false\$\$;
    CREATE FUNCTION evil.text_lt(text, text) RETURNS boolean LANGUAGE sql AS \$\$SELECT \$1 > \$2\$\$;
    CREATE OPERATOR evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.text_eq);
    CREATE OPERATOR evil.< (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.text_lt);
    CREATE TABLE evil.employee (emp_id text, age int, name text);
    CREATE TABLE evil.batch (batch_id bigint);
    CREATE TABLE evil.message (msg_id bigint, message text);
    CREATE TABLE evil.pg_locks (objid oid);
    CREATE VIEW evil.pg_class AS SELECT * FROM pg_catalog.pg_class WHERE false;
    GRANT USAGE ON SCHEMA evil TO PUBLIC" >/dev/null
}

# The DBA's usual additions, made once the extension exists: on every
# hrlake table a BEFORE row trigger that returns the row as is, an audit
# AFTER row trigger, and an extra index.
dba_additions() {
  run "$1" "CREATE SCHEMA audit;
    CREATE TABLE audit.log (tbl text, op text, at timestamptz DEFAULT clock_timestamp(), data jsonb);
    CREATE FUNCTION audit.pass() RETURNS trigger LANGUAGE plpgsql AS
      \$\$BEGIN IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END\$\$;
    -- SECURITY DEFINER, as audit triggers are: hrlake's writers run as
    -- roles that have no rights on the audit table.
    CREATE FUNCTION audit.record() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS
      \$\$BEGIN INSERT INTO audit.log (tbl, op, data)
             VALUES (TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, TG_OP,
                     to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END));
             RETURN NULL; END\$\$;
    -- On a partitioned table, its triggers and indexes, which every
    -- partition gets, the months made later too.
    DO \$\$DECLARE t regclass; c name; BEGIN
      FOR t IN SELECT c.oid FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
               WHERE s.nspname IN ('hrlake', 'hrlake_stage') AND c.relkind IN ('r', 'p') AND NOT c.relispartition LOOP
        EXECUTE format('CREATE TRIGGER dba_pass BEFORE INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION audit.pass()', t);
        EXECUTE format('CREATE TRIGGER dba_audit AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION audit.record()', t);
        SELECT attname INTO c FROM pg_attribute WHERE attrelid = t AND attnum = 1;
        EXECUTE format('CREATE INDEX ON %s (%I)', t, c);
      END LOOP; END\$\$"
}

declare -a names=()
add() { names+=("$1"); }

db=$(make_db ref); add ref
db=$(make_db utc); q "$db" "ALTER DATABASE $db SET TimeZone = 'UTC'"; add utc
db=$(make_db kolkata); q "$db" "ALTER DATABASE $db SET TimeZone = 'Asia/Kolkata'"; add kolkata
db=$(make_db kiritimati); options[kiritimati]="-c TimeZone=Pacific/Kiritimati"; add kiritimati
db=$(make_db dmy); q "$db" "ALTER ROLE postgres IN DATABASE $db SET DateStyle = 'SQL, DMY'"; add dmy
db=$(make_db rr); q "$db" "ALTER DATABASE $db SET default_transaction_isolation = 'repeatable read'"; add rr
db=$(make_db serializable); q "$db" "ALTER DATABASE $db SET default_transaction_isolation = 'serializable'"; add serializable
db=$(make_db replica); q "$db" "ALTER DATABASE $db SET session_replication_role = replica"; add replica
db=$(make_db emptypath); q "$db" "ALTER DATABASE $db SET search_path = ''"; add emptypath
db=$(make_db hostile); hostile_objects "$db"
q "$db" "ALTER DATABASE $db SET search_path = evil, pg_catalog, public"; add hostile
db=$(make_db dba); add dba
db=$(make_db workmem); options[workmem]="-c work_mem=64kB"; add workmem
db=$(make_db icu_tr "TEMPLATE template0 ENCODING UTF8 LOCALE_PROVIDER icu ICU_LOCALE 'tr-TR' LOCALE 'C.UTF-8'"); add icu_tr
db=$(make_db icu_de "TEMPLATE template0 ENCODING UTF8 LOCALE_PROVIDER icu ICU_LOCALE 'de-DE' LOCALE 'C.UTF-8'"); add icu_de
db=$(make_db c_locale "TEMPLATE template0 ENCODING UTF8 LOCALE 'C'"); add c_locale

# psql as a session of the database NAME: its settings, its PGOPTIONS.
session() {  # session NAME psql-args...
  local name=$1; shift
  PGOPTIONS="${options[$name]:-}" psql -X -q -v ON_ERROR_STOP=1 -d "hrlake_t_set_$name" "$@"
}
run() { session "$1" -At -c "$2" >/dev/null 2>"$work/$1.err" || { cat "$work/$1.err" >&2; fail "$1: $2"; }; }
refused() {  # refused NAME SQL SQLSTATE: the call fails at once with that SQLSTATE
  local out
  out=$(session "$1" -At -v VERBOSITY=verbose -c "$2" 2>&1 || true)
  case "$out" in
    *"ERROR:  $3:"*) ;;
    *) fail "$1: expected SQLSTATE $3 from $2, got: $out" ;;
  esac
}
load() {  # load NAME file source...
  local name=$1 sql=""
  shift
  while [ $# -gt 0 ]; do sql+="${sql:+, }('$1', '$dir/$2')"; shift 2; done
  run "$name" "SET client_min_messages = warning; SELECT hrlake.load(s, p) FROM (VALUES $sql) v(s, p)"
}

# The story, as the database's sessions tell it.
story() {  # story NAME
  local n=$1
  run "$n" "SET client_min_messages = warning; CREATE EXTENSION hrlake"
  [ "$n" = dba ] && dba_additions "$n"
  load "$n" employee employee_1.csv timeframe timeframe_1.csv leave_quota leave_quota.csv \
    leave_calendar leave_calendar.csv leave leave_1.csv vocabulary vocabulary.json \
    marked_word marked_word.json message messages.json
  run "$n" "CALL hrlake.run_daily('2026-11-24')"
  run "$n" "CALL hrlake.run_stream()"
  load "$n" employee employee_2.csv timeframe timeframe_2.csv leave leave_2.csv \
    message messages_stream.jsonl marked_word settings_marked_word.json message settings_messages.jsonl
  # The functions the jobs call, called directly.
  run "$n" "SELECT count(*) FROM hrlake.ingest('employee')"
  run "$n" "SELECT count(*) FROM hrlake.ingest('timeframe')"
  run "$n" "SELECT count(*) FROM hrlake.scd2_merge()"
  run "$n" "SELECT count(*) FROM hrlake.ingest('leave')"
  run "$n" "SELECT count(*) FROM hrlake.ingest('marked_word')"
  run "$n" "SELECT count(*) FROM hrlake.ingest('message')"
  case $n in
    rr | serializable)
      # Refused by design at a snapshot isolation level (the jobs run it
      # at READ COMMITTED); the hint's way works.
      refused "$n" "SELECT count(*) FROM hrlake.flag_messages()" 0A000
      run "$n" "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT count(*) FROM hrlake.flag_messages(); COMMIT" ;;
    *) run "$n" "SELECT count(*) FROM hrlake.flag_messages()" ;;
  esac
  run "$n" "CALL hrlake.run_daily('2026-11-25')"
  run "$n" "CALL hrlake.run_stream()"
  run "$n" "CALL hrlake.run_monthly('2026-12-01')"
}

# Every hrlake table and view (and the two report functions), one line per
# row prefixed by its relation, sorted bytewise; the comparing session fixes
# its own output settings. Columns that hold the wall-clock time of a write
# are left out (they differ between any two runs); message times are data
# and stay.
dump() {  # dump NAME > file
  local opts="-c DateStyle=ISO,YMD -c TimeZone=UTC -c IntervalStyle=postgres -c extra_float_digits=1"
  opts+=" -c search_path=pg_catalog -c default_transaction_isolation=read\\ committed -c client_encoding=UTF8"
  PGOPTIONS="$opts" psql -X -q -At -v ON_ERROR_STOP=1 -d "hrlake_t_set_$1" -c "
    SELECT format('COPY (SELECT %L, %s FROM %s) TO STDOUT;', c.oid::regclass,
                  string_agg(CASE WHEN a.atttypid = 'timestamptz'::regtype AND a.attname NOT IN ('sent_at')
                                  THEN 'NULL' ELSE quote_ident(a.attname) END, ', ' ORDER BY a.attnum),
                  c.oid::regclass)
    FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE s.nspname IN ('hrlake', 'hrlake_stage') AND c.relkind IN ('r', 'v', 'm', 'p')
      AND c.relname NOT IN ('v_job_health')
    GROUP BY c.oid
    UNION ALL SELECT 'COPY (SELECT ''leave_8pct_report'', * FROM hrlake.leave_8pct_report(''2026-11-25'')) TO STDOUT;'
    UNION ALL SELECT 'COPY (SELECT ''leave_80pct_report'', * FROM hrlake.leave_80pct_report(''2026-12-01'')) TO STDOUT;'" \
    > "$work/$1.sql"
  PGOPTIONS="$opts" psql -X -q -At -v ON_ERROR_STOP=1 -d "hrlake_t_set_$1" -f "$work/$1.sql" | LC_ALL=C sort
}

for n in "${names[@]}"; do
  story "$n"
  dump "$n" > "$work/$n.dump"
  if [ "$n" = ref ]; then
    expect_eq "the reference story flags the locale-independent words" \
      "$(q hrlake_t_set_ref "SELECT string_agg(array_to_string(matched_words, '+'), ' ' ORDER BY msg_id)
         FROM hrlake.flagged_message f JOIN hrlake.message m USING (msg_id) WHERE m.batch_id =
           (SELECT max(batch_id) FROM hrlake.batch WHERE path LIKE '%settings_messages.jsonl')")" \
      "STRASSE straße INFO+İSTANBUL INFO+ırmak"
    continue
  fi
  if [ "$n" = icu_tr ]; then
    # The database is Turkish indeed: SQL's own upper() would misread statuses.
    expect_eq "icu_tr: upper('active') is Turkish there" "$(q hrlake_t_set_icu_tr "SELECT upper('active')")" "ACTİVE"
  fi
  if [ "$n" = dba ]; then
    # Each table's rows are what its row triggers saw inserted less deleted
    # (but the job definitions, which the install script wrote).
    expect_eq "the DBA's triggers saw every row hrlake wrote" \
      "$(q hrlake_t_set_dba "SELECT coalesce(string_agg(t::text, ', ' ORDER BY t::text), 'all')
         FROM (SELECT c.oid::regclass AS t FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
               WHERE s.nspname IN ('hrlake', 'hrlake_stage') AND c.relkind = 'r' AND c.relname <> '_job_step') r
         WHERE (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %s', t), false, true, '')))[1]::text::bigint
            <> (SELECT count(*) FILTER (WHERE op = 'INSERT') - count(*) FILTER (WHERE op = 'DELETE')
                FROM audit.log WHERE tbl = t::text)")" "all"
  fi
  if cmp -s "$work/ref.dump" "$work/$n.dump"; then
    echo "ok - $TEST_NAME: $n gives byte-identical tables and reports"
  else
    diff "$work/ref.dump" "$work/$n.dump" | head -20 >&2
    fail "$n: tables or reports differ from the reference"
  fi
done
for n in "${names[@]}"; do
  psql -X -q -d postgres -c "DROP DATABASE hrlake_t_set_$n WITH (FORCE)"
done
