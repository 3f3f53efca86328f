#!/usr/bin/env bash
# scd2_merge versus the same rules in plain SQL versus plain COPY of the
# batch (the floor), on 5M history rows and a 1M-row batch. Each contender
# starts from the same state: a fresh copy of the generated data.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source bench/lib.sh
# The data lives in a database of its own, never benchmarked on directly:
# each contender runs on a fresh file copy of it, so every run starts from
# the very same pages (rolled-back runs would otherwise leave split index
# pages and moved free space behind, and each run would be slower than the
# one before).
data_db=hrlake_bench_scd2
run_db=hrlake_bench_scd2_run
export PGDATABASE=$data_db
psql -X -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$data_db'" | grep -q 1 ||
  psql -X -d postgres -qc "CREATE DATABASE $data_db"

# The data is kept between runs, unless the install script changed (the
# data generation recreates the extension).
script_md5=$(cat hrlake--*.sql | md5sum | cut -d' ' -f1)
have=$(psql -X -At -c "SELECT (SELECT count(*) FROM hrlake.employee_timeframe) = 5000000
  AND (SELECT count(*) FROM hrlake_stage.timeframe) = 1000000
  AND to_regclass('bench.floor') IS NOT NULL
  AND (SELECT script_md5 FROM bench.meta) = '$script_md5'" 2>/dev/null || echo f)
if [ "$have" != t ]; then
  echo "== scd2: generating data (5M history rows, 1M staged rows; a few minutes)"
  psql -X -q -f bench/scd2_data.sql >/dev/null
  # The floor: a table shaped and indexed like employee_timeframe, holding
  # the same history, without the one-ACTIVE index (the batch's rows would
  # need the merge to satisfy it).
  psql -X -q -c "CREATE TABLE bench.floor (LIKE hrlake.employee_timeframe INCLUDING DEFAULTS INCLUDING CONSTRAINTS)" \
    -c "ALTER TABLE bench.floor DROP COLUMN timeframe_id, DROP COLUMN status" \
    -c "ALTER TABLE bench.floor ADD COLUMN timeframe_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY" \
    -c "DO \$\$ DECLARE f text := (SELECT option_value FROM pg_options_to_table((SELECT reloptions FROM pg_class
          WHERE oid = 'hrlake.employee_timeframe'::regclass)) WHERE option_name = 'fillfactor');
        BEGIN IF f IS NOT NULL THEN EXECUTE format('ALTER TABLE bench.floor SET (fillfactor = %s)', f::int); END IF; END \$\$" \
    -c "INSERT INTO bench.floor (emp_id, designation, start_date, end_date, salary, end_date_given, batch_id, line_no)
        SELECT emp_id, designation, start_date, end_date, salary, end_date_given, batch_id, line_no
        FROM hrlake.employee_timeframe" \
    -c "ALTER TABLE bench.floor ADD UNIQUE NULLS NOT DISTINCT (emp_id, start_date, end_date)" \
    -c "CREATE TABLE bench.meta AS SELECT '$script_md5'::text AS script_md5" \
    -c "VACUUM ANALYZE"
fi
psql -X -q -f bench/scd2_plain_sql.sql
# The floor's input: the batch's rows as they would be stored, in a file.
psql -X -q -c "COPY (SELECT emp_id, designation, to_timestamp(start_date::numeric)::date, NULL::date,
                     salary::numeric, false, 2, e FROM bench.batch_rows) TO '/tmp/hrlake_bench_floor.copy'"

# fresh: a new copy of the data for the next contender, written out, with
# no dirty pages waiting for the kernel.
fresh() {
  psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $run_db" \
    -c "CREATE DATABASE $run_db TEMPLATE $data_db STRATEGY FILE_COPY" -c CHECKPOINT
  sync
  sleep 2
}
best_fresh() {
  local n=$1 best="" line
  for _ in $(seq 1 "$n"); do
    fresh
    line=$(PGDATABASE=$run_db measure "$2")
    if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
      best=$line
    fi
  done
  echo "$best"
}
echo "== scd2: measuring (3 merges, 1 plain SQL, 3 COPY; each on a fresh copy)"
read -r t_hrlake m_hrlake < <(best_fresh 3 "SELECT count(*) FROM hrlake.scd2_merge()")
read -r t_sql m_sql < <(best_fresh 1 "SELECT bench.scd2_sql()")
read -r t_copy m_copy < <(best_fresh 3 "COPY bench.floor (emp_id, designation, start_date, end_date, salary, end_date_given, batch_id, line_no) FROM '/tmp/hrlake_bench_floor.copy'")
changes=$(psql -X -At -d $run_db -c "BEGIN; SELECT count(*) FROM hrlake.scd2_merge(); ROLLBACK;" | sed -n 2p)
sql_changes=$(psql -X -At -d $run_db -c "BEGIN; SELECT bench.scd2_sql(); ROLLBACK;" | sed -n 2p)
psql -X -q -d postgres -c "DROP DATABASE $run_db"

printf '\nscd2 (5M history rows, 1M staged rows, 500k employees touched)\n'
printf '  %-44s %8s s  %6s MB peak\n' "hrlake.scd2_merge() (best of 3)" "$t_hrlake" "$m_hrlake" \
  "plain SQL (window functions + DML)" "$t_sql" "$m_sql" \
  "floor: COPY 1M rows, same shape (best of 3)" "$t_copy" "$m_copy"
printf '  changes: scd2_merge %s, plain SQL %s\n' "$changes" "$sql_changes"
awk -v h="$t_hrlake" -v s="$t_sql" -v c="$t_copy" 'BEGIN {
  printf "  plain SQL / scd2_merge = %.2fx   scd2_merge / COPY floor = %.2fx\n", s / h, h / c }'
