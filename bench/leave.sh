#!/usr/bin/env bash
# The leave reports (SPEC §2.5, §2.6) on 200,000 employees x 40 leave rows:
# hrlake's C++ reports over the per-year day bitmaps versus the same rules
# in plain SQL (with an index on the leave date), in the same database.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source bench/lib.sh
export PGDATABASE=hrlake_bench

have=$(psql -X -At -c "SELECT (SELECT count(*) FROM hrlake.employee_leave) > 7000000
  AND to_regclass('hrlake.bench_leave_by_date') IS NOT NULL
  AND (SELECT count(*) FROM hrlake.leave_days) > 0" 2>/dev/null || echo f)
if [ "$have" != t ]; then
  echo "== leave: generating data (8M leave rows)"
  psql -X -q -f bench/leave_data.sql >/dev/null
  # leave_days from scratch, as 0.1.0's _refresh_leave_days(NULL, NULL) built
  # it (0.2.0 dropped that function: the leave ingest keeps the bitmaps).
  build_days="TRUNCATE hrlake.leave_days;
    INSERT INTO hrlake.leave_days (emp_id, year, days)
    SELECT emp_id, extract(year FROM date)::integer, hrlake._year_days(array_agg(date))
    FROM hrlake.employee_leave WHERE status = 'ACTIVE' GROUP BY 1, 2"
  t_days=$(measure "$build_days")
  psql -X -q -c "$build_days" >/dev/null
  psql -X -q -c "VACUUM ANALYZE hrlake.leave_days" -c "VACUUM ANALYZE hrlake.employee_leave"
  echo "  building leave_days from 8M rows (done by the leave ingest, incrementally): ${t_days%% *} s"
fi
psql -X -q -f bench/leave_plain_sql.sql
rows8=$(psql -X -At -c "SELECT count(*) FROM hrlake.leave_8pct_report('2026-06-30')")
rows8s=$(psql -X -At -c "SELECT count(*) FROM bench_leave.report_8pct('2026-06-30')")
rows80=$(psql -X -At -c "SELECT count(*) FROM hrlake.leave_80pct_report('2026-12-01')")
rows80s=$(psql -X -At -c "SELECT count(*) FROM bench_leave.report_80pct('2026-12-01')")
read -r h8 m8 < <(best_of 3 "SELECT count(*) FROM hrlake.leave_8pct_report('2026-06-30')")
read -r s8 ms8 < <(best_of 3 "SELECT count(*) FROM bench_leave.report_8pct('2026-06-30')")
read -r h80 m80 < <(best_of 3 "SELECT count(*) FROM hrlake.leave_80pct_report('2026-12-01')")
read -r s80 ms80 < <(best_of 3 "SELECT count(*) FROM bench_leave.report_80pct('2026-12-01')")

printf '\nleave reports (200,000 employees, 8M leave rows, best of 3)\n'
printf '  %-44s %6s s  %5s rows  %4s MB\n' \
  "hrlake.leave_8pct_report('2026-06-30')" "$h8" "$rows8" "$m8" \
  "plain SQL 8%" "$s8" "$rows8s" "$ms8" \
  "hrlake.leave_80pct_report('2026-12-01')" "$h80" "$rows80" "$m80" \
  "plain SQL 80% (with notice text)" "$s80" "$rows80s" "$ms80"
awk -v a="$h8" -v b="$s8" -v c="$h80" -v d="$s80" 'BEGIN {
  printf "  plain SQL / hrlake: 8%% report %.1fx, 80%% report %.1fx\n", b / a, d / c }'
