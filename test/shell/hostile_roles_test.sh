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
        PERFORM cron.unschedule(jobid) FROM cron.job WHERE username LIKE 'mallory\_%';
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
               -v load_works="$load_works" \
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
