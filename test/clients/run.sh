#!/usr/bin/env bash
# BI client tests (SPEC §2.10): what JDBC, ODBC and SQLAlchemy/pandas show an
# analyst. A login role granted only hrlake_analyst connects over TCP with a
# password to a database holding the sample data after the jobs ran; each
# driver lists the views of schema hrlake through its metadata and reads, with
# SELECT *, every view the analyst may read (the catalog says which). Each
# driver's program only prints what it saw (facts); check.py judges them all
# the same way. One `ok`/`not ok` line per check; exits 1 on any failure.
set -euo pipefail
source "$(dirname "$0")/../shell/lib.sh"   # env.sh, fresh_db, load_sample, q
CLIENTS="$HRLAKE_REPO/test/clients"
DB=hrlake_clients
export HRLAKE_BI_HOST=127.0.0.1 HRLAKE_BI_PORT="$HRLAKE_PGPORT" HRLAKE_BI_DB="$DB" HRLAKE_BI_USER=hrlake_bi_test
HRLAKE_BI_PASSWORD="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export HRLAKE_BI_PASSWORD
JAVA_BIN=/usr/lib/jvm/default-java/bin
PYTHON=/usr/bin/python3   # the system's, which has the Debian packages
WORK="$(mktemp -d)"

cleanup() {
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" \
    -c "DROP ROLE IF EXISTS $HRLAKE_BI_USER" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

say "BI client tests: JDBC, ODBC, SQLAlchemy/pandas as an analyst over TCP"
"$HRLAKE_REPO/scripts/cluster.sh" start   # listens on 127.0.0.1, scram-sha-256 over TCP

# The programs, built now: javac (no build tool) and cc against unixODBC.
"$JAVA_BIN/javac" -d "$WORK/classes" "$CLIENTS/JdbcViews.java"
cc -std=c11 -O1 -Wall -Wextra -Werror -o "$WORK/odbc_views" "$CLIENTS/odbc_views.c" -lodbc

# The data: the sample files loaded and the demo's jobs run, as the superuser.
fresh_db "$DB"
load_sample "$DB"
psql -X -q -d "$DB" -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
  -c "CALL hrlake.run_daily('2026-11-24')" -c "CALL hrlake.run_stream()" -c "CALL hrlake.run_monthly('2026-12-01')"
psql -X -q -d postgres -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
  -c "DROP ROLE IF EXISTS $HRLAKE_BI_USER" \
  -c "CREATE ROLE $HRLAKE_BI_USER LOGIN PASSWORD '$HRLAKE_BI_PASSWORD' IN ROLE hrlake_analyst"

# The expectations, from the catalog: every column of the views of schema
# hrlake and whether the analyst may read the view (a grant on the view or on
# any of its columns: SPEC §2.10 wants SELECT * to work on every one of them).
q "$DB" "SELECT format(E'%s\t%s\t%s\t%s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                       has_any_column_privilege('hrlake_analyst', c.oid, 'SELECT'))
         FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         WHERE c.relnamespace = 'hrlake'::regnamespace AND c.relkind = 'v'
         ORDER BY c.relname, a.attnum" > "$WORK/catalog.tsv"
awk -F'\t' '$4 == "t" { print $1 }' "$WORK/catalog.tsv" | uniq > "$WORK/views.txt"
# The values of rejected rows that their reasons quote ("age \"abc\" is not an integer").
q "$DB" "SELECT DISTINCT regexp_replace(m[1], '[\t\r\n]', ' ', 'g')
         FROM hrlake.rejected_row r, regexp_matches(r.reason, '\"([^\"]+)\"', 'g') AS m
         WHERE strpos(r.raw, m[1]) > 0" > "$WORK/raw_values.txt"

RESULTS="$WORK/results"   # every check's line, counted at the end
check() {  # check PASSED WHAT: one line of the runner's own checks
  if [ "$1" = yes ]; then echo "ok - $2"; else echo "not ok - $2"; fi | tee -a "$RESULTS"
}
members=$(q "$DB" "SELECT string_agg(g.rolname, ',') FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                   WHERE m.member = '$HRLAKE_BI_USER'::regrole")
powers=$(q "$DB" "SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls OR NOT rolinherit
                  FROM pg_roles WHERE rolname = '$HRLAKE_BI_USER'")
check "$([ "$members" = hrlake_analyst ] && [ "$powers" = f ] && echo yes)" \
  "$HRLAKE_BI_USER is granted hrlake_analyst and nothing else (member of: $members)"
refused=$(PGPASSWORD=wrong psql -X -h 127.0.0.1 -p "$HRLAKE_PGPORT" -U "$HRLAKE_BI_USER" -d "$DB" -Atc "SELECT 1" 2>&1 || true)
check "$(grep -q 'password authentication failed' <<<"$refused" && echo yes)" \
  "TCP on 127.0.0.1:$HRLAKE_PGPORT refuses a wrong password"
check "$([ -s "$WORK/views.txt" ] && echo yes)" \
  "the analyst may read $(wc -l <"$WORK/views.txt") of the $(cut -f1 "$WORK/catalog.tsv" | uniq | wc -l) views of schema hrlake"

# run_driver NAME [CHECK OPTIONS] -- COMMAND...: runs a driver's program, then check.py on its facts.
run_driver() {
  local name=$1 options=()
  shift
  while [ "$1" != -- ]; do options+=("$1"); shift; done
  shift
  local rc=0
  timeout 60 "$@" "$WORK/views.txt" >"$WORK/$name.facts" 2>"$WORK/$name.err" || rc=$?
  [ "$rc" = 0 ] || echo "not ok - $name: the client program failed (exit $rc): $(tail -n 3 "$WORK/$name.err" | tr '\n' ' ')" |
    tee -a "$RESULTS"
  rc=0
  "$PYTHON" "$CLIENTS/check.py" "$name" "$WORK/$name.facts" "$WORK/catalog.tsv" "$WORK/raw_values.txt" \
    "${options[@]}" >"$WORK/$name.checks" 2>&1 || rc=$?
  tee -a "$RESULTS" <"$WORK/$name.checks"
  [ "$rc" -le 1 ] || echo "not ok - $name: check.py failed (exit $rc)" | tee -a "$RESULTS"
}

run_driver jdbc -- "$JAVA_BIN/java" -cp "$WORK/classes:/usr/share/java/postgresql.jar" JdbcViews
HRLAKE_ODBC_CONNECTION="Driver={PostgreSQL Unicode};Server=$HRLAKE_BI_HOST;Port=$HRLAKE_BI_PORT;Database=$DB;Uid=$HRLAKE_BI_USER;Pwd=$HRLAKE_BI_PASSWORD;" \
  run_driver odbc --no-remarks "psqlODBC leaves SQLColumns' REMARKS empty" -- "$WORK/odbc_views"
run_driver sqlalchemy -- "$PYTHON" "$CLIENTS/sqlalchemy_views.py"

failed=$(grep -c '^not ok' "$RESULTS" || true)
echo "clients: $(grep -c '^ok' "$RESULTS") passed, $failed failed"
[ "$failed" = 0 ]
