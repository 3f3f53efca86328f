#!/usr/bin/env bash
# hrlake's roles (SPEC §2.10) played by hostile login roles: mallory_loader,
# mallory_analyst and mallory_admin, each granted one of hrlake_loader,
# hrlake_analyst and hrlake_admin, and mallory_nobody, granted none (what
# PUBLIC may do). They connect over the cluster's socket (trust, see
# scripts/cluster.sh).
#   1. The story as non-superusers (issue 16): the loader loads every
#      sample file from the server and ingests every source, the admin runs
#      the jobs, the analyst reads every BI view with SELECT *; the loader
#      and the admin do it with hooks planted in their sessions and odd
#      settings. Every result equals a superuser's run.
#   2. Each role's privileges swept over every column, table, sequence,
#      routine and schema of hrlake: exactly what its role is meant to have.
#   3. Each role calls every routine of hrlake: the ones it may run work,
#      the others are refused.
#   4. Each role tries what its grants could be turned into
#      (test/shell/hostile/<role>.sql): every attempt is refused with its
#      exact error, or shown harmless.
#   5. The admin schedules the jobs with pg_cron, and cannot have pg_cron
#      run anything as another role.
source "$(dirname "$0")/lib.sh"
dir="$HRLAKE_REPO/test/shell/hostile"
db=hrlake_t_hostile
ref=hrlake_t_hostile_ref
cron_db=$(q postgres "SHOW cron.database_name")
log=$(mktemp)

cleanup() {
  psql -X -q -d postgres -c "SET client_min_messages = warning" \
    -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "DROP DATABASE IF EXISTS $ref WITH (FORCE)"
  psql -X -q -d "$cron_db" -c "SET client_min_messages = warning" -c "
    DO \$\$
    BEGIN
      IF to_regclass('cron.job') IS NOT NULL THEN
        PERFORM cron.unschedule(jobid) FROM cron.job
        WHERE username LIKE 'mallory\_%' OR jobname = 'hostile-superuser';
      END IF;
      IF to_regnamespace('cron') IS NOT NULL AND to_regrole('mallory_admin') IS NOT NULL THEN
        REVOKE ALL ON SCHEMA cron FROM mallory_admin;
      END IF;
    END
    \$\$" -c "DROP ROLE IF EXISTS mallory_loader, mallory_analyst, mallory_admin, mallory_nobody"
  rm -f "$log"
}
trap cleanup EXIT
cleanup >/dev/null 2>&1 || true
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "
  CREATE ROLE mallory_loader LOGIN IN ROLE hrlake_loader;
  CREATE ROLE mallory_analyst LOGIN IN ROLE hrlake_analyst;
  CREATE ROLE mallory_admin LOGIN IN ROLE hrlake_admin;
  CREATE ROLE mallory_nobody LOGIN;"

# as WHO DB FILE...: runs the files as mallory_WHO (superuser for WHO =
# postgres) in one session after helpers.sql; passes on their TAP lines and
# fails on a "not ok" or an error.
as() {
  local who=$1 database=$2 user=mallory_$1 out
  shift 2
  [ "$who" = postgres ] && user=postgres
  local files=()
  for f in "$@"; do files+=(-f "$dir/$f"); done
  if ! out=$(psql -X -q -At -v ON_ERROR_STOP=1 -v who="$who" -v inbox="$inbox" \
               -v load_works="$load_works" -v other_job="$other_job" -v expected_counts="$expected_counts" \
               -U "$user" -d "$database" -f "$dir/helpers.sql" "${files[@]}" 2>"$log"); then
    echo "$out"
    cat "$log" >&2
    fail "$who: $* stopped with an error"
  fi
  echo "$out" | sed "s/^\(not \)\{0,1\}ok - /&$TEST_NAME: /"
  if echo "$out" | grep -q '^not ok'; then
    fail "$who: $*"
  fi
}
inbox=$(sample_inbox)
load_works=ok
other_job=0
expected_counts=

# 1. The story, in the reference database as the superuser, then as the roles.
fresh_db $ref
fresh_db $db
as postgres $ref story_load.sql story_jobs.sql >/dev/null
# Server files are read by hrlake.load() as COPY FROM a file reads them:
# the role calling it needs pg_read_server_files (README).
q postgres "GRANT pg_read_server_files TO mallory_loader"
as loader $db hooks.sql settings.sql story_load.sql hooks_unused.sql
q postgres "REVOKE pg_read_server_files FROM mallory_loader"
as admin $db hooks.sql settings.sql story_jobs.sql hooks_unused.sql
expect_eq "what the roles produced equals the superuser's run" "$(fingerprint $db)" "$(fingerprint $ref)"
read_as_analyst=$(psql -X -q -At -v ON_ERROR_STOP=1 -U mallory_analyst -d $db -f "$dir/story_read.sql" 2>&1) ||
  fail "the analyst cannot read every view: $read_as_analyst"
read_as_superuser=$(psql -X -q -At -v ON_ERROR_STOP=1 -d $ref -f "$dir/story_read.sql")
expect_eq "the analyst reads every BI view with SELECT *, as the superuser reads them after the superuser's run" \
  "$read_as_analyst" "$read_as_superuser"

# 2, 3. Privileges, and every routine called.
load_works='42501 permission denied to read server files'
for who in loader analyst admin nobody; do
  as $who $db privileges.sql calls.sql
done

# 4. What each role's grants could be turned into.
as loader $db loader.sql
# Rows crafted as SQL, staged and ingested for real: stored as sent, none
# of it run.
read -r batches zero_salaries flagged messages <<<"$(q $db "SELECT (SELECT count(*) FROM hrlake.batch),
  (SELECT count(*) FILTER (WHERE salary = 0) FROM hrlake.employee_timeframe),
  (SELECT count(*) FROM hrlake.flagged_message), (SELECT count(*) FROM hrlake.message)" | tr '|' ' ')"
as loader $db loader_rows.sql
expected_counts="$((batches + 3)) batches, $zero_salaries zero salaries, $flagged flagged, $((messages + 1)) messages"
as postgres $db stored_as_sent.sql
# The planner's statistics exist (analyst.sql checks who sees them).
q $db "ANALYZE" >/dev/null
as analyst $db analyst.sql
as admin $db admin.sql

# Look-alikes in schema public, as in a database made before PostgreSQL 15
# (where every role may create there).
q $db "GRANT CREATE ON SCHEMA public TO mallory_admin"
as admin $db public_hooks.sql
q $db "REVOKE CREATE ON SCHEMA public FROM mallory_admin"

# hrlake.load() checks the role that calls it, as COPY FROM a file does: a
# function of a role without pg_read_server_files reads no file through
# it, even when a privileged session runs that function (SECURITY DEFINER,
# or an index expression that maintenance runs as its table's owner). The
# loader has a schema of its own here, as deployments often give.
printf 'emp_id,age,name\nsecret,40,Not For The Loader\n' | as_pg_user tee "$inbox/secret.csv" >/dev/null
q $db "CREATE SCHEMA mallory_own AUTHORIZATION mallory_loader"
psql -X -q -v ON_ERROR_STOP=1 -U mallory_loader -d $db -c "
  CREATE FUNCTION mallory_own.load_secret() RETURNS bigint LANGUAGE sql SECURITY DEFINER
    AS \$\$ SELECT hrlake.load('employee', '$inbox/secret.csv') \$\$;
  CREATE TABLE mallory_own.t (x text);
  CREATE FUNCTION mallory_own.f(text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS 'BEGIN RETURN \$1; END';
  CREATE INDEX ON mallory_own.t (mallory_own.f(x));
  INSERT INTO mallory_own.t VALUES ('x');
  CREATE OR REPLACE FUNCTION mallory_own.f(text) RETURNS text LANGUAGE plpgsql IMMUTABLE
    AS \$\$ BEGIN PERFORM hrlake.load('employee', '$inbox/secret.csv'); RETURN \$1; END \$\$;"
expect_eq "the superuser calling the loader's SECURITY DEFINER function loads nothing for it" \
  "$(psql -X -At -d $db -c "SELECT mallory_own.load_secret()" 2>&1 | head -1)" "ERROR:  permission denied to read server files"
expect_eq "the superuser reindexing the loader's table loads nothing for it" \
  "$(psql -X -At -d $db -c "REINDEX TABLE mallory_own.t" 2>&1 | head -1)" "ERROR:  permission denied to read server files"
expect_eq "the file was not loaded" "$(q $db "SELECT count(*) FROM hrlake.batch WHERE path LIKE '%secret.csv'")" "0"

# Any role may take advisory locks, hrlake's keys among them; that only
# delays. A run of a job while another seems to run is skipped, recorded
# and alerted; flagging waits behind a seeming message writer, and flags
# every message once when it is gone.
coproc holder { psql -X -q -At -U mallory_analyst -d $db 2>&1; }
echo "SELECT 'held' FROM (SELECT pg_advisory_lock(hashtext('hrlake.job'), hashtext('daily')),
                                 pg_advisory_lock_shared(1752329323, 0)) x;" >&"${holder[1]}"
read -r held <&"${holder[0]}"
expect_eq "an analyst holds the daily job's lock and a message writer's" "$held" held
word=$(q $db "SELECT min(word) FROM hrlake.marked_word")
psql -X -q -U mallory_loader -d $db -c "INSERT INTO hrlake.message (sender, receiver, message) VALUES ('lockwait', '1', 'a $word here')"
psql -X -q -U mallory_admin -d $db -c "SET client_min_messages = warning" -c "CALL hrlake.run_daily('2026-11-25')"
expect_eq "the daily run is skipped and recorded" \
  "$(q $db "SELECT status || ': ' || error FROM hrlake.job_run ORDER BY run_id DESC LIMIT 1")" \
  "skipped: another run of the job was in progress"
expect_eq "flagging waits" "$(psql -X -At -U mallory_admin -d $db -c "SELECT count(*) FROM hrlake.flag_messages()")" 0
echo "SELECT pg_advisory_unlock_all();" >&"${holder[1]}"
exec {holder[1]}>&-
wait "$holder_PID"
expect_eq "once the locks are gone, the message is flagged, once" \
  "$(psql -X -At -U mallory_admin -d $db -c "SELECT string_agg(sender, ',') FROM hrlake.flag_messages()")" lockwait

# 5. pg_cron, in its database, unless hrlake's jobs are scheduled there
# already (then they are left alone).
if [ "$(q "$cron_db" "SELECT count(*) FROM cron.job WHERE jobname LIKE 'hrlake-%'")" = 0 ]; then
  out=$(psql -X -U mallory_admin -d "$cron_db" -c "SELECT * FROM hrlake.schedule()" 2>&1 || true)
  echo "$out" | grep -q 'role "mallory_admin" may not use pg_cron' || fail "no clear error: $out"
  echo "$out" | grep -q 'GRANT USAGE ON SCHEMA cron TO mallory_admin' || fail "no hint: $out"
  echo "ok - $TEST_NAME: admin: without USAGE on schema cron, schedule() says what to grant"
  q "$cron_db" "GRANT USAGE ON SCHEMA cron TO mallory_admin"
  # A superuser's job, inactive, for the admin to try and take.
  other_job=$(q "$cron_db" "SELECT cron.schedule_in_database('hostile-superuser', '0 0 1 1 *', 'SELECT 1', current_database(), active => false)")
  as admin "$cron_db" cron.sql
  q "$cron_db" "REVOKE USAGE ON SCHEMA cron FROM mallory_admin"
  q "$cron_db" "SELECT cron.unschedule($other_job)" >/dev/null
else
  echo "ok - $TEST_NAME: # skip pg_cron as the admin: hrlake jobs are already scheduled in $cron_db"
fi
