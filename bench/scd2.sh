#!/usr/bin/env bash
# scd2_merge versus the same rules in plain SQL, versus the merge's own
# writes applied alone, versus plain COPY of the batch (the floor), on 5M
# history rows and a 1M-row batch. Each contender starts from the same
# state: a fresh copy of the generated data.
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

# fresh: a new copy of the data for the next contender, written out, with
# no dirty pages waiting for the kernel.
fresh() {
  psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $run_db" \
    -c "CREATE DATABASE $run_db TEMPLATE $data_db STRATEGY FILE_COPY" -c CHECKPOINT
  sync
  sleep 2
}

# The data is kept between runs, unless the install script changed (the
# data generation recreates the extension).
script_md5=$(cat hrlake--*.sql | md5sum | cut -d' ' -f1)
have=$(psql -X -At -c "SELECT (SELECT count(*) FROM hrlake.employee_timeframe) = 5000000
  AND (SELECT count(*) FROM hrlake_stage.timeframe) = 1000000
  AND to_regclass('bench.merge_inserts') IS NOT NULL
  AND (SELECT script_md5 FROM bench.meta) = '$script_md5'" 2>/dev/null || echo f)
if [ "$have" != t ]; then
  echo "== scd2: generating data (5M history rows, 1M staged rows; a few minutes)"
  psql -X -q -f bench/scd2_data.sql >/dev/null
  psql -X -q -f bench/scd2_floor.sql
  # The merge's own writes, found by merging once on a scratch copy.
  fresh
  psql -X -q -d $run_db -f bench/scd2_merge_writes.sql
  psql -X -q -c "CREATE TABLE bench.merge_updates (tid tid, designation text, salary numeric, end_date date,
                   end_date_given boolean, batch_id bigint, line_no bigint)" \
    -c "COPY bench.merge_updates FROM '/tmp/hrlake_bench_merge_updates.copy'" \
    -c "CREATE TABLE bench.merge_inserts (emp_id text, designation text, start_date date, end_date date,
                   salary numeric, end_date_given boolean, batch_id bigint, line_no bigint)" \
    -c "COPY bench.merge_inserts FROM '/tmp/hrlake_bench_merge_inserts.copy'" \
    -c "CREATE TABLE bench.meta AS SELECT '$script_md5'::text AS script_md5" \
    -c "VACUUM ANALYZE"
fi
psql -X -q -f bench/scd2_plain_sql.sql
# COPY input, written anew each run (files in /tmp may not outlive the
# data): the batch's rows as they would be stored, for the floor, and the
# merge's new rows.
psql -X -q -c "COPY (SELECT emp_id, designation, to_timestamp(start_date::numeric)::date, NULL::date,
                     salary::numeric, false, 2, e FROM bench.batch_rows) TO '/tmp/hrlake_bench_floor.copy'" \
  -c "COPY bench.merge_inserts TO '/tmp/hrlake_bench_merge_inserts.copy'"

columns="emp_id, designation, start_date, end_date, salary, end_date_given, batch_id, line_no"
# The merge's writes alone, the cheapest way PostgreSQL applies them:
# stored rows changed by TID (a nested loop of TID scans, as RowUpdater
# changes them), new rows by COPY.
writes_alone="SET LOCAL enable_hashjoin = off;
SET LOCAL enable_mergejoin = off;
UPDATE hrlake.employee_timeframe t SET designation = u.designation, salary = u.salary,
  end_date = u.end_date, end_date_given = u.end_date_given, batch_id = u.batch_id,
  line_no = u.line_no, updated_at = now()
FROM bench.merge_updates u WHERE t.ctid = u.tid;
COPY hrlake.employee_timeframe ($columns) FROM '/tmp/hrlake_bench_merge_inserts.copy'"

echo "== scd2: measuring (3 merges, 3 counted merges, 1 plain SQL, 3 writes alone, 3 COPY; each on a fresh copy)"
# Each measurement on a fresh copy.
before_each() { fresh; }
export PGDATABASE=$run_db
read -r t_hrlake m_hrlake < <(best_of 3 "SELECT count(*) FROM hrlake.scd2_merge()")
read -r t_job m_job < <(best_of 3 "SELECT hrlake._scd2_merge_count()")
read -r t_sql m_sql < <(best_of 1 "SELECT bench.scd2_sql()")
read -r t_writes m_writes < <(best_of 3 "$writes_alone")
read -r t_copy m_copy < <(best_of 3 "COPY bench.floor ($columns) FROM '/tmp/hrlake_bench_floor.copy'")
changes=$(psql -X -At -d $run_db -c "BEGIN; SELECT count(*) FROM hrlake.scd2_merge(); ROLLBACK;" | sed -n 2p)
sql_changes=$(psql -X -At -d $run_db -c "BEGIN; SELECT bench.scd2_sql(); ROLLBACK;" | sed -n 2p)
writes=$(psql -X -At -d $data_db -c "SELECT (SELECT count(*) FROM bench.merge_updates) || ' updates, '
                             || (SELECT count(*) FROM bench.merge_inserts) || ' inserts'")
psql -X -q -d postgres -c "DROP DATABASE $run_db"

printf '\nscd2 (5M history rows, 1M staged rows, 500k employees touched)\n'
printf '  %-52s %8s s  %6s MB peak\n' "hrlake.scd2_merge() (best of 3)" "$t_hrlake" "$m_hrlake" \
  "the daily job's call: the same, changes only counted" "$t_job" "$m_job" \
  "plain SQL (window functions + DML)" "$t_sql" "$m_sql" \
  "the merge's writes alone (by TID + COPY; best of 3)" "$t_writes" "$m_writes" \
  "floor: COPY 1M rows, same shape (best of 3)" "$t_copy" "$m_copy"
printf '  changes: scd2_merge %s, plain SQL %s; writes alone: %s\n' "$changes" "$sql_changes" "$writes"
awk -v h="$t_hrlake" -v s="$t_sql" -v w="$t_writes" -v c="$t_copy" 'BEGIN {
  printf "  plain SQL / scd2_merge = %.2fx   scd2_merge / COPY floor = %.2fx\n", s / h, h / c
  printf "  writes alone / COPY floor = %.2fx   scd2_merge / writes alone = %.2fx\n", w / c, h / w }'
