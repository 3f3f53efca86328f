#!/usr/bin/env bash
# scd2_merge versus the same rules in plain SQL versus plain COPY of the
# batch (the floor), on 5M history rows and a 1M-row batch. Each contender
# starts from the same state: it runs in a transaction that is rolled back.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source bench/lib.sh
export PGDATABASE=hrlake_bench

have=$(psql -X -At -c "SELECT (SELECT count(*) FROM hrlake.employee_timeframe) = 5000000
  AND (SELECT count(*) FROM hrlake_stage.timeframe) = 1000000
  AND to_regclass('bench.floor') IS NOT NULL" 2>/dev/null || echo f)
if [ "$have" != t ]; then
  echo "== scd2: generating data (5M history rows, 1M staged rows; a few minutes)"
  psql -X -q -f bench/scd2_data.sql >/dev/null
  # The floor: a table shaped and indexed like employee_timeframe, holding
  # the same history, without the one-ACTIVE index (the batch's rows would
  # need the merge to satisfy it).
  psql -X -q -c "CREATE TABLE bench.floor (LIKE hrlake.employee_timeframe INCLUDING DEFAULTS INCLUDING CONSTRAINTS)" \
    -c "ALTER TABLE bench.floor DROP COLUMN timeframe_id, DROP COLUMN status" \
    -c "ALTER TABLE bench.floor ADD COLUMN timeframe_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY" \
    -c "INSERT INTO bench.floor (emp_id, designation, start_date, end_date, salary, end_date_given, batch_id, line_no)
        SELECT emp_id, designation, start_date, end_date, salary, end_date_given, batch_id, line_no
        FROM hrlake.employee_timeframe" \
    -c "ALTER TABLE bench.floor ADD UNIQUE NULLS NOT DISTINCT (emp_id, start_date, end_date)" \
    -c "VACUUM ANALYZE bench.floor" -c "VACUUM ANALYZE hrlake.employee_timeframe" -c "CHECKPOINT"
fi
psql -X -q -f bench/scd2_plain_sql.sql
# The floor's input: the batch's rows as they would be stored, in a file.
psql -X -q -c "COPY (SELECT emp_id, designation, to_timestamp(start_date::numeric)::date, NULL::date,
                     salary::numeric, false, 2, e FROM bench.batch_rows) TO '/tmp/hrlake_bench_floor.copy'"

read -r t_hrlake m_hrlake < <(measure "SELECT count(*) FROM hrlake.scd2_merge()")
read -r t_sql m_sql < <(measure "SELECT bench.scd2_sql()")
read -r t_copy m_copy < <(measure "COPY bench.floor (emp_id, designation, start_date, end_date, salary, end_date_given, batch_id, line_no) FROM '/tmp/hrlake_bench_floor.copy'")
changes=$(psql -X -At -c "BEGIN; SELECT count(*) FROM hrlake.scd2_merge(); ROLLBACK;" | sed -n 2p)
sql_changes=$(psql -X -At -c "BEGIN; SELECT bench.scd2_sql(); ROLLBACK;" | sed -n 2p)

printf '\nscd2 (5M history rows, 1M staged rows, 500k employees touched)\n'
printf '  %-38s %8s s  %6s MB peak\n' "hrlake.scd2_merge()" "$t_hrlake" "$m_hrlake" \
  "plain SQL (window functions + DML)" "$t_sql" "$m_sql" \
  "floor: COPY 1M rows into same shape" "$t_copy" "$m_copy"
printf '  changes: scd2_merge %s, plain SQL %s\n' "$changes" "$sql_changes"
awk -v h="$t_hrlake" -v s="$t_sql" -v c="$t_copy" 'BEGIN {
  printf "  plain SQL / scd2_merge = %.2fx   scd2_merge / COPY floor = %.2fx\n", s / h, h / c }'
