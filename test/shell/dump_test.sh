#!/usr/bin/env bash
# pg_dump of a database with data, restored into a fresh database by every
# method (plain SQL, custom format, directory format with pg_restore -j 4;
# the whole database, or the data alone into a database where hrlake was
# just created), keeps every row of every table as it was (rejects and the
# flagging position included) and gives the same reports; the restored
# database goes on working (new messages are flagged, old ones never again;
# re-loading a file is still a no-op).
source "$(dirname "$0")/lib.sh"
src=hrlake_t_dump
fresh_db $src
load_sample $src
q $src "CALL hrlake.run_daily('2026-11-24')" >/dev/null
q $src "CALL hrlake.run_stream()" >/dev/null
q $src "CALL hrlake.run_monthly('2026-12-01')" >/dev/null
before=$(fingerprint $src)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

contents_before=$(table_contents $src)
keys_before=$(q $src "SELECT count(*) || '/' || md5(string_agg(key || msg_id, ',' ORDER BY key)) FROM hrlake.message_key")

pg_dump -Fp -d $src -f "$work/full.sql"
pg_dump -Fc -d $src -f "$work/full.dump"
pg_dump -Fd -j 4 -d $src -f "$work/full.dir"
pg_dump -Fp --data-only -d $src -f "$work/data.sql"
pg_dump -Fd -j 4 --data-only -d $src -f "$work/data.dir"

dst=hrlake_t_restored
for method in "plain" "custom" "directory, pg_restore -j 4" "data-only plain" "data-only directory, pg_restore -j 4"; do
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $dst WITH (FORCE)" -c "CREATE DATABASE $dst"
  case $method in
    plain) out=$(psql -X -q -v ON_ERROR_STOP=1 -d $dst -f "$work/full.sql" 2>&1 >/dev/null) ;;
    custom) out=$(pg_restore -d $dst "$work/full.dump" 2>&1) ;;
    "directory, pg_restore -j 4") out=$(pg_restore -j 4 -d $dst "$work/full.dir" 2>&1) ;;
    data-only*)
      q $dst "CREATE EXTENSION hrlake" >/dev/null
      if [ "$method" = "data-only plain" ]; then
        out=$(psql -X -q -v ON_ERROR_STOP=1 -d $dst -f "$work/data.sql" 2>&1 >/dev/null)
      else
        out=$(pg_restore -j 4 --data-only -d $dst "$work/data.dir" 2>&1)
      fi ;;
  esac
  [ -z "$out" ] || fail "$method: the restore reported errors: $out"
  expect_eq "$method: every table restored as it was (rows and contents)" "$(table_contents $dst)" "$contents_before"
  # Not dumped: the restored messages' trigger makes the keys again.
  expect_eq "$method: the message keys are known again" \
    "$(q $dst "SELECT count(*) || '/' || md5(string_agg(key || msg_id, ',' ORDER BY key)) FROM hrlake.message_key")" \
    "$keys_before"
  expect_eq "$method: every reject has its batch" \
    "$(q $dst "SELECT count(*) FROM hrlake.rejected_row r WHERE NOT EXISTS (SELECT FROM hrlake.batch b WHERE b.batch_id = r.batch_id)")" "0"
  expect_eq "$method: same reports after dump and restore" "$(fingerprint $dst)" "$before"
  expect_eq "$method: nothing is flagged twice" "$(q $dst "SELECT count(*) FROM hrlake.flag_messages()")" "0"
  expect_eq "$method: a succeeded period is still skipped" \
    "$(psql -X -d $dst -c "CALL hrlake.run_daily('2026-11-24')" 2>&1 | grep -c 'already succeeded')" "1"
  dir=$(sample_inbox)
  expect_eq "$method: a loaded file is still recognised" \
    "$(psql -X -d $dst -c "SELECT hrlake.load('employee', '$dir/employee_1.csv')" 2>&1 | grep -c 'already loaded')" "1"
  # New messages after the restore are flagged once, old ones are not again;
  # so is one with a marked word added after the restore.
  q $dst "INSERT INTO hrlake.marked_word (word) VALUES ('RESTOREDWORD')" >/dev/null
  q $dst "INSERT INTO hrlake.message (sender, receiver, message)
    SELECT '20000000', '20000037', 'after restore ' || (SELECT word FROM hrlake.marked_word ORDER BY word LIMIT 1)
    UNION ALL SELECT '20000000', '20000038', 'after restore restoredword'" >/dev/null
  expect_eq "$method: only the new messages are flagged after restore" \
    "$(q $dst "SELECT count(*) FROM hrlake.flag_messages()")" "2"
  expect_eq "$method: and nothing twice" "$(q $dst "SELECT count(*) FROM hrlake.flag_messages()")" "0"
done
psql -X -q -d postgres -c "DROP DATABASE $src WITH (FORCE)" -c "DROP DATABASE $dst WITH (FORCE)"
