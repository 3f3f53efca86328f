#!/usr/bin/env bash
# pg_dump of a database with data, restored into a fresh database, gives the
# same reports; the restored database goes on working (new messages are
# flagged, re-loading a file is still a no-op).
source "$(dirname "$0")/lib.sh"
fresh_db hrlake_t_dump
load_sample hrlake_t_dump
q hrlake_t_dump "CALL hrlake.run_daily('2026-11-24')" >/dev/null
q hrlake_t_dump "CALL hrlake.run_stream()" >/dev/null
q hrlake_t_dump "CALL hrlake.run_monthly('2026-12-01')" >/dev/null
before=$(fingerprint hrlake_t_dump)
keys_before=$(q hrlake_t_dump "SELECT count(*) || '/' || md5(string_agg(key || msg_id, ',' ORDER BY key)) FROM hrlake.message_key")

dump=$(mktemp)
pg_dump -Fc -d hrlake_t_dump -f "$dump"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS hrlake_t_restored WITH (FORCE)" -c "CREATE DATABASE hrlake_t_restored"
# Any output is an error or a warning (pg_restore's exit status is not
# enough: it ignores some errors).
restored=$(pg_restore -d hrlake_t_restored "$dump" 2>&1) || true
[ -z "$restored" ] || fail "pg_restore reported errors: $restored"
rm -f "$dump"
expect_eq "same reports after dump and restore" "$(fingerprint hrlake_t_restored)" "$before"
# Not dumped: the restored messages' trigger makes the keys again.
expect_eq "the message keys are known again" \
  "$(q hrlake_t_restored "SELECT count(*) || '/' || md5(string_agg(key || msg_id, ',' ORDER BY key)) FROM hrlake.message_key")" \
  "$keys_before"
expect_eq "job history restored" "$(q hrlake_t_restored "SELECT count(*) FROM hrlake.job_run")" \
  "$(q hrlake_t_dump "SELECT count(*) FROM hrlake.job_run")"
expect_eq "a succeeded period is still skipped" \
  "$(psql -X -d hrlake_t_restored -c "CALL hrlake.run_daily('2026-11-24')" 2>&1 | grep -c 'already succeeded')" "1"
dir=$(sample_inbox)
expect_eq "a loaded file is still recognised" \
  "$(psql -X -d hrlake_t_restored -c "SELECT hrlake.load('employee', '$dir/employee_1.csv')" 2>&1 | grep -c 'already loaded')" "1"
# New messages after the restore are flagged once, old ones are not again.
q hrlake_t_restored "INSERT INTO hrlake.message (sender, receiver, message)
  SELECT '20000000', '20000037', 'after restore ' || (SELECT word FROM hrlake.marked_word LIMIT 1)" >/dev/null
expect_eq "only the new message is flagged after restore" \
  "$(q hrlake_t_restored "SELECT count(*) FROM hrlake.flag_messages()")" "1"
expect_eq "and nothing twice" "$(q hrlake_t_restored "SELECT count(*) FROM hrlake.flag_messages()")" "0"
psql -X -q -d postgres -c "DROP DATABASE hrlake_t_dump WITH (FORCE)" -c "DROP DATABASE hrlake_t_restored WITH (FORCE)"
