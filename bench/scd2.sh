#!/usr/bin/env bash
# scd2_merge versus the same rules in plain SQL, versus a plain-SQL
# delete-and-reinsert of the touched histories, versus DuckDB merging the
# same rows in memory, versus the merge's own writes applied alone, versus
# plain COPY of the batch (the floor). Each contender in PostgreSQL starts
# from the same state: a fresh copy of the generated data.
#
# Sizes: 5M history rows and a 1M-row batch by default; SCD2_SIZE=small is
# 600k and 300k (the sizes of the issue that asked for the DuckDB peer);
# SCD2_HISTORY_ROWS and SCD2_BATCH_ROWS set others. The batch touches every
# other employee with two rows, so there are as many employees as batch
# rows, each with history/batch records (a whole number, at least 2).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source bench/lib.sh
case "${SCD2_SIZE:-full}" in
  full) history_rows=5000000 batch_rows=1000000 ;;
  small) history_rows=600000 batch_rows=300000 ;;
  *) echo "SCD2_SIZE: full or small, not '$SCD2_SIZE'" >&2; exit 2 ;;
esac
history_rows=${SCD2_HISTORY_ROWS:-$history_rows}
batch_rows=${SCD2_BATCH_ROWS:-$batch_rows}
employees=$batch_rows
records=$((history_rows / employees))
if [ $((batch_rows % 2)) != 0 ] || [ $((records * employees)) != "$history_rows" ] || [ "$records" -lt 2 ]; then
  echo "scd2: the batch rows must be even and divide the history rows at least twice" >&2
  exit 2
fi
# 5000000 -> 5M, 600000 -> 600k
short() { awk -v n="$1" 'BEGIN { if (n % 1000000 == 0) printf "%dM", n / 1000000
  else if (n % 1000 == 0) printf "%dk", n / 1000; else printf "%d", n }'; }
sizes="$(short "$history_rows") history rows, $(short "$batch_rows") staged rows, $(short $((employees / 2))) employees touched"
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

# The data is kept between runs, unless the sizes or the installed
# extension's script changed (the data generation recreates the extension).
script_md5=$(cat "$(pg_config --sharedir)"/extension/hrlake--*.sql | md5sum | cut -d' ' -f1)
have=$(psql -X -At -c "SELECT (SELECT count(*) FROM hrlake.employee_timeframe) = $history_rows
  AND (SELECT count(*) FROM hrlake_stage.timeframe) = $batch_rows
  AND to_regclass('bench.merge_inserts') IS NOT NULL
  AND (SELECT script_md5 FROM bench.meta) = '$script_md5'" 2>/dev/null || echo f)
if [ "$have" != t ]; then
  echo "== scd2: generating data ($sizes; minutes at the full size)"
  psql -X -q -v employees="$employees" -v records="$records" -f bench/scd2_data.sql >/dev/null
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

# The DuckDB peer's input: the history, and the staged rows the merge
# consumes, as CSV (DuckDB loads them into memory before its clock starts).
psql -X -q -c "SET datestyle = ISO" \
  -c "COPY (SELECT emp_id, designation, start_date, end_date, salary, end_date_given, batch_id, line_no
            FROM hrlake.employee_timeframe) TO '/tmp/hrlake_bench_scd2_history.csv' (FORMAT csv, HEADER)" \
  -c "COPY (SELECT emp_id, designation, start_date, end_date, salary, batch_id, line_no
            FROM hrlake_stage.timeframe ORDER BY batch_id, line_no)
        TO '/tmp/hrlake_bench_scd2_batch.csv' (FORMAT csv, HEADER)"
[ -d bench/duckdb/node_modules/@duckdb/node-api ] ||
  (cd bench/duckdb && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
# duckdb_peer: one run of the peer ("seconds MB history-rows-after
# RSS-before-MB threads").
duckdb_peer() {
  node bench/duckdb/scd2_peer.mjs /tmp/hrlake_bench_scd2_history.csv /tmp/hrlake_bench_scd2_batch.csv
}

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

echo "== scd2: measuring (3 merges, 3 counted merges, 1 plain SQL, 3 plain SQL replaces, 3 writes alone,"
echo "   3 COPY, each on a fresh copy; 3 DuckDB peers)"
# Each measurement on a fresh copy.
before_each() { fresh; }
export PGDATABASE=$run_db
read -r t_hrlake m_hrlake < <(best_of 3 "SELECT count(*) FROM hrlake.scd2_merge()")
read -r t_job m_job < <(best_of 3 "SELECT hrlake._scd2_merge_count()")
read -r t_sql m_sql < <(best_of 1 "SELECT bench.scd2_sql()")
read -r t_replace m_replace < <(best_of 3 "SELECT bench.scd2_sql_replace()")
read -r t_writes m_writes < <(best_of 3 "$writes_alone")
read -r t_copy m_copy < <(best_of 3 "COPY bench.floor ($columns) FROM '/tmp/hrlake_bench_floor.copy'")
read -r t_duck m_duck duck_rows duck_rss duck_threads < <(fastest_of 3 duckdb_peer)
# What each left behind, in a transaction rolled back: its count of
# changes, then the history's rows.
after() { psql -X -At -d $run_db -c "BEGIN; $1; SELECT count(*) FROM hrlake.employee_timeframe; ROLLBACK;" | sed -n 2,3p; }
{ read -r changes; read -r merge_rows; } < <(after "SELECT count(*) FROM hrlake.scd2_merge()")
{ read -r sql_changes; read -r sql_rows; } < <(after "SELECT bench.scd2_sql()")
{ read -r replaced; read -r replace_rows; } < <(after "SELECT deleted || ' deleted, ' || inserted || ' inserted' FROM bench.scd2_sql_replace()")
writes=$(psql -X -At -d $data_db -c "SELECT (SELECT count(*) FROM bench.merge_updates) || ' updates, '
                             || (SELECT count(*) FROM bench.merge_inserts) || ' inserts'")
psql -X -q -d postgres -c "DROP DATABASE $run_db"

printf '\nscd2 (%s)\n' "$sizes"
printf '  %-52s %8s s  %6s MB peak\n' "hrlake.scd2_merge() (best of 3)" "$t_hrlake" "$m_hrlake" \
  "the daily job's call: the same, changes only counted" "$t_job" "$m_job" \
  "plain SQL (window functions + DML)" "$t_sql" "$m_sql" \
  "plain SQL replace (touched histories re-inserted)" "$t_replace" "$m_replace" \
  "DuckDB in memory ($duck_threads threads; node RSS; best of 3)" "$t_duck" "$m_duck" \
  "the merge's writes alone (by TID + COPY; best of 3)" "$t_writes" "$m_writes" \
  "floor: COPY $(short "$batch_rows") rows, same shape (best of 3)" "$t_copy" "$m_copy"
printf '  changes: scd2_merge %s, plain SQL %s, plain SQL replace %s; writes alone: %s\n' \
  "$changes" "$sql_changes" "$replaced" "$writes"
printf '  history rows after: scd2_merge %s, plain SQL %s, plain SQL replace %s, DuckDB %s\n' \
  "$merge_rows" "$sql_rows" "$replace_rows" "$duck_rows"
printf '  DuckDB: %s MB resident before its merge (the history held in memory, loaded untimed)\n' "$duck_rss"
awk -v h="$t_hrlake" -v s="$t_sql" -v r="$t_replace" -v d="$t_duck" -v w="$t_writes" -v c="$t_copy" 'BEGIN {
  printf "  plain SQL / scd2_merge = %.2fx   scd2_merge / COPY floor = %.2fx\n", s / h, h / c
  printf "  plain SQL replace / scd2_merge = %.2fx   scd2_merge / DuckDB = %.2fx\n", r / h, h / d
  printf "  writes alone / COPY floor = %.2fx   scd2_merge / writes alone = %.2fx\n", w / c, h / w }'
