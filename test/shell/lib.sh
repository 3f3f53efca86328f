# Helpers for the shell tests: a scratch database per test, assertions.
# Sourced by test/shell/*_test.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/env.sh"
TEST_NAME="$(basename "$0" .sh)"

# Creates (again) a scratch database with hrlake and prints nothing.
fresh_db() {
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null 2>&1
  psql -X -q -d "$1" -c "SET client_min_messages = warning" -c "CREATE EXTENSION hrlake"
}

q() {  # q DB SQL: one value
  psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}

# After scheduling: pg_cron's launcher reads new jobs when it wakes, and
# with no other job it may sleep for minutes (seen on a fresh server). A
# reload wakes it.
wake_pg_cron() {
  q postgres "SELECT pg_reload_conf()" >/dev/null
}

fail() {
  echo "FAIL $TEST_NAME: $*" >&2
  exit 1
}

expect_eq() {  # expect_eq WHAT ACTUAL EXPECTED
  [ "$2" = "$3" ] || fail "$1: got '$2', expected '$3'"
  echo "ok - $TEST_NAME: $1"
}

# Copies the sample files where the server can read them; prints the dir.
sample_inbox() {
  as_pg_user mkdir -p "$HRLAKE_INBOX/sample"
  cp "$HRLAKE_REPO"/data/sample/* "$HRLAKE_INBOX/sample/"
  [ "$(id -u)" = 0 ] && chown -R "$HRLAKE_PG_OSUSER" "$HRLAKE_INBOX"
  echo "$HRLAKE_INBOX/sample"
}

load_sample() {  # load_sample DB
  local dir
  dir=$(sample_inbox)
  psql -X -q -d "$1" -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -c "
    SELECT hrlake.load(f.source, '$dir/' || f.file)
    FROM (VALUES ('employee', 'employee_1.csv'), ('employee', 'employee_2.csv'),
                 ('timeframe', 'timeframe_1.csv'), ('timeframe', 'timeframe_2.csv'),
                 ('leave_quota', 'leave_quota.csv'), ('leave_calendar', 'leave_calendar.csv'),
                 ('leave', 'leave_1.csv'), ('leave', 'leave_2.csv'),
                 ('vocabulary', 'vocabulary.json'), ('marked_word', 'marked_word.json'),
                 ('message', 'messages.json'), ('message', 'messages_stream.jsonl')) AS f(source, file)" >/dev/null
}

# A fingerprint of every result table: equal fingerprints, equal results.
fingerprint() {  # fingerprint DB
  q "$1" "SELECT md5(string_agg(t, '|' ORDER BY t)) FROM (
    SELECT 'e' || md5(string_agg(format('%s/%s/%s', emp_id, age, name), ',' ORDER BY emp_id, age, name)) FROM hrlake.employee
    UNION ALL SELECT 't' || md5(string_agg(format('%s/%s/%s/%s/%s', emp_id, designation, start_date, end_date, salary), ','
                                  ORDER BY emp_id, start_date, end_date)) FROM hrlake.employee_timeframe
    UNION ALL SELECT 'l' || md5(string_agg(format('%s/%s/%s', emp_id, date, status), ',' ORDER BY emp_id, date)) FROM hrlake.employee_leave
    UNION ALL SELECT 'q' || md5(string_agg(format('%s/%s/%s', emp_id, year, leave_quota), ',' ORDER BY emp_id, year)) FROM hrlake.leave_quota
    UNION ALL SELECT 'a' || md5(string_agg(format('%s/%s', designation, no_of_active_emp), ',' ORDER BY designation)) FROM hrlake.v_active_by_designation
    UNION ALL SELECT '8' || md5(string_agg(format('%s/%s/%s', emp_id, upcoming_leaves, working_days), ',' ORDER BY emp_id)) FROM hrlake.v_leave_8pct
    UNION ALL SELECT 'n' || md5(string_agg(format('%s/%s/%s', emp_id, period, report), ',' ORDER BY emp_id, period)) FROM hrlake.v_leave_80pct
    UNION ALL SELECT 's' || md5(string_agg(format('%s/%s/%s', emp_id, no_of_strikes, deactivated_on), ',' ORDER BY emp_id)) FROM hrlake.employee_strike
    UNION ALL SELECT 'f' || md5(string_agg(format('%s/%s', msg_id, matched_words), ',' ORDER BY msg_id)) FROM hrlake.flagged_message
    UNION ALL SELECT 'r' || count(*) FROM hrlake.rejected_row) x(t)"
}

# Every table of hrlake and hrlake_stage: its rows and a digest of their
# contents (rows in bytewise order); a partitioned table as a whole (which
# partition holds a row is the monthly job's business). Not the unlogged
# _marked_word_version, a cache key that dumps and replication leave out
# (98_dump.sql).
table_contents() {  # table_contents DB
  q "$1" "SELECT string_agg(format('%s=%s', t, (xpath('/row/d/text()', query_to_xml(format(
            'SELECT count(*) || '':'' || md5(coalesce(string_agg(r::text, E''\n'' ORDER BY r::text COLLATE \"C\"), '''')) AS d
             FROM %s r', t), false, true, '')))[1]), ' ' ORDER BY t::text)
          FROM (SELECT c.oid::regclass AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname IN ('hrlake', 'hrlake_stage') AND c.relkind IN ('r', 'p')
                  AND NOT c.relispartition AND c.relpersistence = 'p') x"
}

# A session kept open in the background, to hold locks while another
# session runs: holder_start DB; holder_send SQL (sent, not waited for);
# holder_stop. It shows in pg_stat_activity as application hrlake_test_holder.
holder_start() {
  HOLDER_FIFO=$(mktemp -u /tmp/hrlake_holder.XXXXXX)
  mkfifo "$HOLDER_FIFO"
  PGAPPNAME=hrlake_test_holder psql -X -q -d "$1" <"$HOLDER_FIFO" >/dev/null 2>&1 &
  HOLDER_PID=$!
  exec 9>"$HOLDER_FIFO"
}
holder_send() { echo "$1" >&9; }
holder_stop() {
  exec 9>&-
  wait "$HOLDER_PID" || true
  rm -f "$HOLDER_FIFO"
}

# wait_until DB SQL [WHAT]: polls until SQL returns t, at most WAIT_SECONDS
# (60 by default): a bounded wait for a condition, not a guess at how long
# something takes.
wait_until() {
  for _ in $(seq 1 $((${WAIT_SECONDS:-60} * 10))); do
    [ "$(q "$1" "$2")" = t ] && return 0
    sleep 0.1
  done
  fail "timed out waiting for ${3:-$2}"
}
