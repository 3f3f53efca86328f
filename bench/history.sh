#!/usr/bin/env bash
# Flagging cost against history size (issue 18): flags 1M new messages on
# top of 0, 10M and 50M messages already flagged, and the stream job's
# minute (3,500 new messages: 5M a day) at each size; time and peak memory
# of each, ratios against the 0 case measured in the same run. Then the
# storage per million messages and what retention frees.
# HRLAKE_BENCH_HISTORY="0 10000000 50000000" sets the history sizes.
# The data (in database hrlake_bench_history) is made anew each run: about
# 52M messages over 25 months, 100,000 employees, 10 tokens each, one in
# ten of the 5,000 words marked (about 65% of messages are flagged).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source bench/lib.sh
export PGDATABASE=hrlake_bench_history
sizes=(${HRLAKE_BENCH_HISTORY:-0 10000000 50000000})
new=${HRLAKE_BENCH_NEW:-1000000}
minute=3500

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS hrlake_bench_history WITH (FORCE)" -c "CREATE DATABASE hrlake_bench_history"
psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION hrlake;
CREATE SCHEMA bench_hist;
CREATE TABLE bench_hist.vocab AS
SELECT i, upper(substr(md5(i::text), 1, 10)) AS word FROM generate_series(0, 4999) i;
INSERT INTO hrlake.vocabulary (word, batch_id) SELECT DISTINCT word, 0 FROM bench_hist.vocab;
INSERT INTO hrlake.marked_word (word, batch_id) SELECT DISTINCT word, 0 FROM bench_hist.vocab WHERE i % 10 = 0;
-- History: 2024-01 .. 2025-12; new messages: 2026-01 (the current month).
SELECT hrlake._message_partitions(d::date) FROM generate_series(DATE '2024-01-01', DATE '2026-01-01', interval '4 months') d;
-- n messages numbered from g0, spread evenly over [t0, t1).
CREATE FUNCTION bench_hist.add(g0 bigint, n bigint, t0 timestamptz, t1 timestamptz) RETURNS void
LANGUAGE sql AS $$
INSERT INTO hrlake.message (sender, receiver, message, sent_at)
SELECT (50000000 + g % 100000)::text, (50000000 + (g * 7) % 100000)::text,
       concat_ws(' ', upper(substr(md5(floor(random() * 5000)::integer::text), 1, 10)),
                      upper(substr(md5(floor(random() * 5000)::integer::text), 1, 10)),
                      upper(substr(md5(floor(random() * 5000)::integer::text), 1, 10)),
                      upper(substr(md5(floor(random() * 5000)::integer::text), 1, 10)),
                      upper(substr(md5(floor(random() * 5000)::integer::text), 1, 10)),
                      upper(substr(md5(floor(random() * 5000)::integer::text), 1, 10)),
                      upper(substr(md5(floor(random() * 5000)::integer::text), 1, 10)),
                      upper(substr(md5(floor(random() * 5000)::integer::text), 1, 10)),
                      upper(substr(md5(floor(random() * 5000)::integer::text), 1, 10)),
                      upper(substr(md5(floor(random() * 5000)::integer::text), 1, 10))),
       t0 + (t1 - t0) * ((g - g0)::float8 / n)
FROM generate_series(g0, g0 + n - 1) g
$$;
SQL

# flagged so far; the next message number
history=0
g=0
# add_history N: N more messages in the history months, flagged (not timed).
add_history() {
  local n=$1 chunk
  while [ "$n" -gt 0 ]; do
    chunk=$(( n < 5000000 ? n : 5000000 ))
    psql -X -q -v ON_ERROR_STOP=1 -c "SELECT bench_hist.add($g, $chunk, '2024-01-01', '2026-01-01')" \
      -c "SELECT hrlake._flag_messages_count()" >/dev/null
    g=$((g + chunk)); n=$((n - chunk)); history=$((history + chunk))
  done
}
# add_new N: N new messages in the current month, not flagged.
add_new() {
  psql -X -q -v ON_ERROR_STOP=1 -c "SELECT bench_hist.add($g, $1, '2026-01-01', '2026-01-20')" >/dev/null
  g=$((g + $1))
}
# Every timed call starts from the same state but for the history: no
# strikes yet (else a history gives every employee strikes to update, or
# puts all of them at 10, which changes nothing any more) and no totals of
# the new month; a fresh checkpoint, no dirty pages waiting.
before_each() {
  psql -X -q -c "TRUNCATE hrlake.employee_strike" -c "DELETE FROM hrlake.message_month WHERE month >= '2026-01-01'" \
    -c "VACUUM ANALYZE" -c CHECKPOINT
  sync
  sleep 2
}

declare -A t_new m_new t_min m_min
for size in "${sizes[@]}"; do
  add_history $((size - history))
  echo "== history: $history messages flagged"
  add_new $new
  read -r t_new[$size] m_new[$size] < <(best_of 2 "SELECT hrlake._flag_messages_count()")
  psql -X -q -c "SELECT hrlake._flag_messages_count()" >/dev/null
  history=$((history + new))
  add_new $minute
  read -r t_min[$size] m_min[$size] < <(best_of 5 "SELECT hrlake._flag_messages_count()")
  psql -X -q -c "SELECT hrlake._flag_messages_count()" >/dev/null
  history=$((history + minute))
done

base=${sizes[0]}
printf '\nflag 1M new messages on top of a flagged history (the stream job call, hrlake._flag_messages_count)\n'
printf '  %-22s %9s %8s %9s   %-16s %8s %8s %9s\n' "history" "1M: s" "MB" "vs ${base}" "minute (3,500):" "s" "MB" "vs ${base}"
for size in "${sizes[@]}"; do
  awk -v h="$size" -v t="${t_new[$size]}" -v m="${m_new[$size]}" -v tb="${t_new[$base]}" \
      -v tm="${t_min[$size]}" -v mm="${m_min[$size]}" -v tmb="${t_min[$base]}" 'BEGIN {
    printf "  %-22s %9.2f %8d %8.2fx   %-16s %8.3f %8d %8.2fx\n", sprintf("%.1f M flagged", h / 1e6), t, m, t / tb, "", tm, mm, tm / tmb }'
done

printf '\nstorage (messages of 10 tokens, 65%% flagged)\n'
psql -X -q -At -F '|' <<'SQL' | awk -F'|' '{ printf "  %-40s %10.1f MB  (%d messages: %.1f MB per million)\n", $1, $2 / 1048576, $3, $2 / 1048576 / ($3 / 1e6) }'
SELECT 'message (all months, with indexes)', sum(pg_total_relation_size(i.inhrelid)), (SELECT count(*) FROM hrlake.message)
FROM pg_inherits i WHERE i.inhparent = 'hrlake.message'::regclass
UNION ALL
SELECT 'flagged_message (all months)', sum(pg_total_relation_size(i.inhrelid)), (SELECT count(*) FROM hrlake.message)
FROM pg_inherits i WHERE i.inhparent = 'hrlake.flagged_message'::regclass
UNION ALL
SELECT 'message_month (totals that stay)', pg_total_relation_size('hrlake.message_month'), (SELECT count(*) FROM hrlake.message);
SQL

# Retention of 12 months at the start of 2026: the months of 2024 go.
bytes_before=$(psql -X -q -At -c "SELECT sum(pg_total_relation_size(i.inhrelid)) FROM pg_inherits i
  WHERE i.inhparent IN ('hrlake.message'::regclass, 'hrlake.flagged_message'::regclass)")
read -r t_ret m_ret < <(measure "SET hrlake.message_retention_months = 12; SELECT hrlake._apply_message_retention('2026-01-01')")
dropped=$(psql -X -q -At -c "SET hrlake.message_retention_months = 12" -c "SELECT hrlake._apply_message_retention('2026-01-01')")
bytes_after=$(psql -X -q -At -c "SELECT sum(pg_total_relation_size(i.inhrelid)) FROM pg_inherits i
  WHERE i.inhparent IN ('hrlake.message'::regclass, 'hrlake.flagged_message'::regclass)")
add_new $minute
read -r t_after m_after < <(best_of 5 "SELECT hrlake._flag_messages_count()")
printf '\nretention of 12 months at 2026-01-01 (the 12 months of 2024)\n'
awk -v d="$dropped" -v b0="$bytes_before" -v b1="$bytes_after" -v t="$t_ret" -v ta="$t_after" -v tb="${t_min[$base]}" 'BEGIN {
  printf "  dropped %d messages in %.2f s (counted, keys forgotten, detached, dropped); freed %.0f MB of %.0f MB\n", d, t, (b0 - b1) / 1048576, b0 / 1048576
  printf "  the stream minute after it: %.3f s (%.2fx the empty history)\n", ta, ta / tb }'
psql -X -q -At -c "SELECT count(*) || ' months recorded in hrlake.message_retention, ' || sum(messages) || ' messages, ' || sum(flagged) || ' flagged'
                   FROM hrlake.message_retention" | sed 's/^/  /'
