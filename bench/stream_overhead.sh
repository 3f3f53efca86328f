#!/usr/bin/env bash
# The stream job's overhead (issue 16): CALL hrlake.run_stream() against
# its flag step alone, hrlake._flag_messages_count(), on the same data: N
# messages (HRLAKE_BENCH_STREAM_MESSAGES, default 1,000,000) that a client
# copied into hrlake_stage.message and hrlake.ingest('message') took in
# just before (so the staging table holds their dead rows, as it does
# right after an ingest). Each contender gets the same fresh state: the
# data is made again before every measurement. Prints both times and the
# ratio; the job may cost at most 10% more than its flag step.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
export PGDATABASE=hrlake_bench_stream
n="${HRLAKE_BENCH_STREAM_MESSAGES:-1000000}"
rounds="${HRLAKE_BENCH_STREAM_ROUNDS:-3}"

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $PGDATABASE WITH (FORCE)" -c "CREATE DATABASE $PGDATABASE"
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION hrlake;
-- 5,000 vocabulary words of 10 upper-case characters, 500 of them marked
-- (as bench/messages_data.sql).
INSERT INTO hrlake.vocabulary (word, batch_id)
SELECT DISTINCT upper(substr(md5(i::text), 1, 10)), 0 FROM generate_series(0, 4999) i;
INSERT INTO hrlake.marked_word (word, batch_id)
SELECT DISTINCT upper(substr(md5(i::text), 1, 10)), 0 FROM generate_series(0, 4999) i WHERE i % 10 = 0;
SQL

# The state every measurement starts from: N messages just ingested from
# staging, nothing flagged, a checkpoint behind.
fresh_messages() {
  psql -X -q -v ON_ERROR_STOP=1 -v n="$n" <<'SQL' >/dev/null
SET client_min_messages = warning;
TRUNCATE hrlake.message, hrlake.flagged_message, hrlake.employee_strike, hrlake.job_run, hrlake_stage.message;
DELETE FROM hrlake._matcher_state;  -- the scan starts again from the first message
SELECT setseed(0.5);
INSERT INTO hrlake_stage.message (key, sender, receiver, message, timestamp)
SELECT 'k' || g, (50000000 + g % 100000)::text, (50000000 + (g * 7) % 100000)::text,
       m.text, (1767225600 + g)::text
FROM generate_series(1, :n) g
CROSS JOIN LATERAL (SELECT string_agg(upper(substr(md5(floor(random() * 5000 + w * 0)::integer::text), 1, 10)), ' ')
                    FROM generate_series(1, 10) w WHERE g > 0) m(text);
SELECT count(*) FROM hrlake.ingest('message');
CHECKPOINT;
SQL
  sync
}

# time_of SQL: seconds SQL takes in a new session, in autocommit.
time_of() {
  psql -X -q -At -v ON_ERROR_STOP=1 <<SQL
SET client_min_messages = warning;
SET jit = off;
SELECT clock_timestamp() AS t0 \gset
\o /dev/null
$1;
\o
SELECT round(extract(epoch FROM clock_timestamp() - :'t0')::numeric, 3);
SQL
}

best_stream="" best_flag=""
for r in $(seq 1 "$rounds"); do
  # The two contenders take turns going first.
  for who in $([ $((r % 2)) = 1 ] && echo "stream flag" || echo "flag stream"); do
    fresh_messages
    if [ "$who" = stream ]; then
      t=$(time_of "CALL hrlake.run_stream()")
      flagged=$(psql -X -At -c "SELECT step_counts ->> 'flag messages' FROM hrlake.job_run WHERE job = 'stream'")
      [ -z "$best_stream" ] || awk -v a="$t" -v b="$best_stream" 'BEGIN { exit !(a < b) }' && best_stream=$t
    else
      t=$(time_of "SELECT hrlake._flag_messages_count()")
      flagged=$(psql -X -At -c "SELECT count(*) FROM hrlake.flagged_message")
      [ -z "$best_flag" ] || awk -v a="$t" -v b="$best_flag" 'BEGIN { exit !(a < b) }' && best_flag=$t
    fi
    echo "  round $r: $who $t s ($flagged flagged)"
  done
done

printf '\nstream job overhead (%s messages just ingested from staging; best of %s)\n' "$n" "$rounds"
printf '  %-58s %7s s\n' "CALL hrlake.run_stream()" "$best_stream" \
  "its flag step alone: SELECT hrlake._flag_messages_count()" "$best_flag"
awk -v s="$best_stream" -v f="$best_flag" 'BEGIN {
  printf "  run_stream / flag step = %.3f (%+.1f%%; the limit is +10%%)\n", s / f, 100 * (s / f - 1)
  exit !(s <= 1.10 * f) }'
