#!/usr/bin/env bash
# Intake at COPY speed (issue 20): per source, hrlake.load() of a clean file,
# the client path (COPY into staging, then hrlake.ingest()), load() of a
# file with a tenth of its rows bad, and the floor: a plain COPY of the same
# values into a twin of the target table (same columns, constraints and
# indexes), all measured in the same run. Each contender runs in a fresh
# session in a transaction that is rolled back (bench/lib.sh), after a
# checkpoint. INTAKE_ROWS (default 1,000,000) rows per source,
# INTAKE_MESSAGES (default 5,000,000) messages; INTAKE_RUNS (default 3)
# measurements of each, the fastest kept.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source bench/lib.sh
rows=${INTAKE_ROWS:-1000000}
messages=${INTAKE_MESSAGES:-5000000}
runs=${INTAKE_RUNS:-3}
export PGDATABASE=hrlake_bench_intake PGOPTIONS="-c client_min_messages=warning"
dir="$HRLAKE_RUN_DIR/bench_intake"

# The files and the twins are kept between runs unless the sizes or the
# installed extension changed.
script_md5=$(cat "$(pg_config --sharedir)"/extension/hrlake--*.sql | md5sum | cut -d' ' -f1)
psql -X -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$PGDATABASE'" | grep -q 1 ||
  psql -X -d postgres -qc "CREATE DATABASE $PGDATABASE"
have=$(psql -X -At -c "SELECT rows = $rows AND messages = $messages AND md5 = '$script_md5'
  FROM bench_intake.meta" 2>/dev/null || echo f)
if [ "$have" != t ]; then
  echo "== intake: writing files of $rows rows and $messages messages to $dir"
  mkdir -p "$dir"
  chown "$HRLAKE_PG_OSUSER" "$dir" 2>/dev/null || true
  psql -X -q -c "SET client_min_messages = warning" -c "DROP EXTENSION IF EXISTS hrlake CASCADE" \
    -c "CREATE EXTENSION hrlake CASCADE"
  psql -X -q -v dir="$dir" -v rows="$rows" -v messages="$messages" -f bench/intake_data.sql
  psql -X -q -c "ALTER TABLE bench_intake.meta ADD md5 text DEFAULT '$script_md5'"
fi
# Every contender runs rolled back, which leaves dead rows and index
# entries behind: vacuum them away so each starts from empty tables.
before_each() {
  psql -X -q -c "VACUUM hrlake.employee, hrlake.employee_leave, hrlake.leave_days, hrlake.leave_quota,
                   hrlake.leave_calendar, hrlake.vocabulary, hrlake.timeframe_row, hrlake.message,
                   hrlake.batch, hrlake.rejected_row" \
    -c "VACUUM bench_intake.employee, bench_intake.employee_leave, bench_intake.leave_quota,
          bench_intake.leave_calendar, bench_intake.vocabulary, bench_intake.timeframe_row, bench_intake.message" \
    -c CHECKPOINT
  sync
}

# row SOURCE ROWS LOAD_SQL COPY_INGEST_SQL FLOOR_SQL BAD_LOAD_SQL
row() {
  local source=$1 n=$2
  read -r t_load m_load < <(best_of "$runs" "$3")
  read -r t_copy m_copy < <(best_of "$runs" "$4")
  read -r t_floor m_floor < <(best_of "$runs" "$5")
  read -r t_bad m_bad < <(best_of "$runs" "$6")
  awk -v s="$source" -v n="$n" -v l="$t_load" -v ml="$m_load" -v c="$t_copy" -v mc="$m_copy" \
      -v f="$t_floor" -v b="$t_bad" -v mb="$m_bad" 'BEGIN {
    printf "  %-15s %9d %8.2f %6.2fx %5d %8.2f %6.2fx %5d %8.2f %8.2f %6.2fx %5d\n",
           s, n, l, l / f, ml, c, c / f, mc, f, b, b / f, mb }'
}

f() { echo "'$dir/$1'"; }
echo
echo "intake: load() and COPY + ingest() against a plain COPY into a twin of the target (best of $runs; s, ratio to the floor, peak MB)"
printf '  %-15s %9s %8s %7s %5s %8s %7s %5s %8s %8s %7s %5s\n' source rows load "" MB \
  "copy+ing" "" MB floor "bad load" "" MB
row employee "$rows" \
  "SELECT hrlake.load('employee', $(f employee.csv))" \
  "COPY hrlake_stage.employee (emp_id, age, name) FROM $(f employee.csv) CSV HEADER; SELECT count(*) FROM hrlake.ingest('employee')" \
  "COPY bench_intake.employee (emp_id, age, name) FROM $(f employee.csv) CSV HEADER" \
  "SELECT hrlake.load('employee', $(f employee_bad.csv))"
row leave "$rows" \
  "SELECT hrlake.load('leave', $(f leave.csv))" \
  "COPY hrlake_stage.leave (emp_id, date, status) FROM $(f leave.csv) CSV HEADER; SELECT count(*) FROM hrlake.ingest('leave')" \
  "COPY bench_intake.employee_leave (emp_id, date, status) FROM $(f leave.csv) CSV HEADER" \
  "SELECT hrlake.load('leave', $(f leave_bad.csv))"
row leave_quota "$rows" \
  "SELECT hrlake.load('leave_quota', $(f leave_quota.csv))" \
  "COPY hrlake_stage.leave_quota (emp_id, leave_quota, year) FROM $(f leave_quota.csv) CSV HEADER; SELECT count(*) FROM hrlake.ingest('leave_quota')" \
  "COPY bench_intake.leave_quota (emp_id, leave_quota, year) FROM $(f leave_quota.csv) CSV HEADER" \
  "SELECT hrlake.load('leave_quota', $(f leave_quota_bad.csv))"
calendar_rows=$(psql -X -At -c "SELECT least($rows, date '2999-12-31' - date '1900-01-01' + 1)")
row leave_calendar "$calendar_rows" \
  "SELECT hrlake.load('leave_calendar', $(f leave_calendar.csv))" \
  "COPY hrlake_stage.leave_calendar (reason, date) FROM $(f leave_calendar.csv) CSV HEADER; SELECT count(*) FROM hrlake.ingest('leave_calendar')" \
  "COPY bench_intake.leave_calendar (reason, date) FROM $(f leave_calendar.csv) CSV HEADER" \
  "SELECT hrlake.load('leave_calendar', $(f leave_calendar_bad.csv))"
row vocabulary "$rows" \
  "SELECT hrlake.load('vocabulary', $(f vocabulary.json))" \
  "COPY hrlake_stage.vocabulary (word) FROM $(f vocabulary.csv) CSV HEADER; SELECT count(*) FROM hrlake.ingest('vocabulary')" \
  "COPY bench_intake.vocabulary (word) FROM $(f vocabulary.csv) CSV HEADER" \
  "SELECT hrlake.load('vocabulary', $(f vocabulary_bad.json))"
row timeframe "$rows" \
  "SELECT hrlake.load('timeframe', $(f timeframe.csv))" \
  "COPY hrlake_stage.timeframe (emp_id, designation, start_date, end_date, salary) FROM $(f timeframe.csv) CSV HEADER; SELECT count(*) FROM hrlake.ingest('timeframe')" \
  "COPY bench_intake.timeframe_row (emp_id, start_date, end_date, salary, designation) FROM $(f timeframe_floor.csv) CSV HEADER" \
  "SELECT hrlake.load('timeframe', $(f timeframe_bad.csv))"
row message "$messages" \
  "SELECT hrlake.load('message', $(f message.jsonl))" \
  "COPY hrlake_stage.message (sender, receiver, message, timestamp) FROM $(f message_stage.csv) CSV HEADER; SELECT count(*) FROM hrlake.ingest('message')" \
  "COPY bench_intake.message (sender, receiver, message, sent_at) FROM $(f message.csv) CSV HEADER" \
  "SELECT hrlake.load('message', $(f message_bad.jsonl))"
echo "  (timeframe: load() stores the distinct rows; the merge into the history is bench/scd2.sh."
echo "   message: copy+ing stages parsed columns as a client's \\copy of a CSV would.)"
