# Shared by the benchmarks: timing a statement in a fresh session.
# Sourced.

# measure SQL: runs SQL in a fresh session inside a transaction that is
# rolled back (every contender starts from the same state); prints the
# seconds it took and the backend's peak private memory in MB (VmHWM less
# the shared memory it touched).
measure() {
  psql -X -q -At -v ON_ERROR_STOP=1 <<SQL
SET jit = off;
BEGIN;
SELECT clock_timestamp() AS t0 \gset
\o /dev/null
$1;
\o
SELECT round(extract(epoch FROM clock_timestamp() - :'t0')::numeric, 2) AS seconds \gset
SELECT :'seconds' || ' ' || round((
  (regexp_match(pg_read_file('/proc/self/status'), 'VmHWM:\s+(\d+)'))[1]::numeric
  - (regexp_match(pg_read_file('/proc/self/status'), 'RssShmem:\s+(\d+)'))[1]::numeric) / 1024, 0);
ROLLBACK;
SQL
}

# before_each: runs before every measurement best_of makes. A benchmark
# whose contenders must each start from the same state redefines it after
# sourcing this file.
before_each() { :; }

# best_of N SQL: the fastest of N measurements ("seconds MB"), each after
# before_each.
best_of() { fastest_of "$1" measure_after_before_each "$2"; }

# measure_after_before_each SQL: before_each, then measure SQL.
measure_after_before_each() {
  before_each
  measure "$1"
}

# fastest_of N COMMAND [ARG...]: runs the command N times; prints the line
# it printed on its fastest run (the line's first field is the seconds).
fastest_of() {
  local n=$1 best="" line
  shift
  for _ in $(seq 1 "$n"); do
    line=$("$@")
    if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
      best=$line
    fi
  done
  echo "$best"
}
