#!/usr/bin/env bash
# Message flagging (SPEC §2.8): hrlake.flag_messages() end to end (scan,
# Hyperscan matching, flagged rows, strikes) versus the same flagging in
# plain SQL (split words + hash join) versus a plain sequential read of the
# message text (the floor). HRLAKE_BENCH_MESSAGES sets the number of
# messages (default 10,000,000).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source bench/lib.sh
export PGDATABASE=hrlake_bench
n="${HRLAKE_BENCH_MESSAGES:-10000000}"

# The data is kept between runs, unless the install script changed (the
# data generation recreates the extension).
script_md5=$(cat hrlake--*.sql | md5sum | cut -d' ' -f1)
have=$(psql -X -At -c "SELECT (SELECT count(*) FROM hrlake.message) = $n
  AND (SELECT script_md5 FROM bench_msg.meta) = '$script_md5'" 2>/dev/null || echo f)
if [ "$have" != t ]; then
  echo "== messages: generating $n messages"
  psql -X -q -v n="$n" -v script_md5="$script_md5" -f bench/messages_data.sql >/dev/null
fi
psql -X -q -f bench/messages_plain_sql.sql
# Every contender starts from nothing flagged yet (no flagged rows, strikes
# or monthly totals), a fresh checkpoint and
# no dirty pages waiting for the kernel (the rolled-back rows and WAL of an
# earlier run would otherwise be in the way: runs varied by 25% without it).
before_each() {
  psql -X -q -c "TRUNCATE hrlake.flagged_message, hrlake.employee_strike, hrlake.message_month, bench_msg.flagged" -c CHECKPOINT
  sync
  sleep 2
}
read -r t_read m_read < <(best_of 2 "SELECT sum(length(message)) FROM hrlake.message")
read -r t_hr m_hr < <(best_of 3 "SELECT count(*) FROM hrlake.flag_messages()")
read -r t_job m_job < <(best_of 3 "SELECT hrlake._flag_messages_count()")
read -r t_sql m_sql < <(best_of 1 "SELECT bench_msg.flag_sql()")
read -r t_spaces m_spaces < <(best_of 1 "SELECT bench_msg.flag_sql_spaces()")

printf '\nmessage flagging (%s messages of 10 tokens, 500 of 5,000 words marked)\n' "$n"
printf '  %-62s %7s s  %4s MB\n' \
  "hrlake.flag_messages() (all writes, strikes; best of 3)" "$t_hr" "$m_hr" \
  "the stream job's call: the same, rows only counted (best of 3)" "$t_job" "$m_job" \
  "plain SQL: regexp split into words + hash join + insert" "$t_sql" "$m_sql" \
  "plain SQL: split on spaces (right for this data only)" "$t_spaces" "$m_spaces" \
  "floor: sequential read of the text" "$t_read" "$m_read"
awk -v n="$n" -v h="$t_hr" -v j="$t_job" -v s="$t_sql" -v sp="$t_spaces" -v r="$t_read" 'BEGIN {
  printf "  flag_messages: %.2f M messages/s; plain SQL / hrlake = %.1fx (split on spaces: %.1fx); hrlake / read floor = %.1fx\n",
         n / h / 1e6, s / h, sp / h, h / r
  printf "  stream job: %.2f M messages/s\n", n / j / 1e6 }'
# The matcher alone, outside the database, on one core.
g++ -O2 -std=c++17 -Isrc bench/word_matcher_bench.cpp src/core/word_matcher.cpp src/core/text.cpp src/core/case_fold.cpp \
  src/core/background_thread.cpp src/core/interrupts.cpp \
  -lhs -lpthread -o /tmp/hrlake_word_matcher_bench
/tmp/hrlake_word_matcher_bench 5000000 | sed 's/^/  matcher alone: /'
