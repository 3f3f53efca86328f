#!/usr/bin/env bash
# Fuzzes the parsers of src/core for a bounded time (test/fuzz/README.md).
#   scripts/fuzz.sh [HARNESS...]     default: every test/fuzz/*_fuzz.cpp
#   HRLAKE_FUZZ_SECONDS=60           time shared by the harnesses run
# Builds the libFuzzer harnesses with clang++ in build/fuzz (fast when up to
# date), makes seeds from data/sample (build/fuzz/seeds), then runs each
# harness from those and test/fuzz/seeds/<harness> into a fresh working
# corpus, build/fuzz/corpus/<harness>. A crash (sanitizer report, broken
# invariant, exception, slow input, memory) fails the run, naming the saved
# input and showing the report. Replay one: build/fuzz/bin/<harness>_fuzz FILE
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

total_seconds=${HRLAKE_FUZZ_SECONDS:-60}
# Share of the time, in parts, and largest input of each harness; a harness
# not listed gets 2 parts and 4096 bytes.
declare -A PARTS=([csv]=3 [json]=3 [word_matcher]=2 [number]=1 [message_time]=1)
declare -A MAX_LEN=([csv]=8192 [json]=8192 [word_matcher]=4096 [number]=512 [message_time]=256)

if [ $# -gt 0 ]; then
  harnesses=("$@")
else
  harnesses=()
  for f in test/fuzz/*_fuzz.cpp; do
    f=${f##*/}
    harnesses+=("${f%_fuzz.cpp}")
  done
fi

command -v clang++ >/dev/null || { echo "clang++ is missing: run scripts/install-deps.sh" >&2; exit 1; }
say "building the fuzz harnesses (clang++, build/fuzz)"
cmake -S . -B build/fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DHRLAKE_FUZZ=ON >/dev/null
cmake --build build/fuzz -j"$(nproc)" >/dev/null

seeds=build/fuzz/seeds
if [ ! -f $seeds/.stamp ] || [ -n "$(find data/sample test/fuzz/make_seeds.sh -newer $seeds/.stamp)" ]; then
  test/fuzz/make_seeds.sh $seeds data/sample
  touch $seeds/.stamp
fi

parts=0
for h in "${harnesses[@]}"; do parts=$((parts + ${PARTS[$h]:-2})); done
mkdir -p build/fuzz/logs build/fuzz/crashes
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=()
for h in "${harnesses[@]}"; do
  bin=build/fuzz/bin/${h}_fuzz
  [ -x "$bin" ] || { echo "no harness $h (test/fuzz/${h}_fuzz.cpp)" >&2; exit 1; }
  seconds=$((total_seconds * ${PARTS[$h]:-2} / parts))
  [ "$seconds" -ge 1 ] || seconds=1
  corpus=build/fuzz/corpus/$h
  log=build/fuzz/logs/$h.log
  rm -rf "$corpus"
  mkdir -p "$corpus"
  say "fuzzing $h for ${seconds}s"
  # timeout: a last resort should the harness hang outside an input.
  if timeout $((seconds + 120)) "$bin" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=1024 \
      -max_len="${MAX_LEN[$h]:-4096}" -print_final_stats=1 \
      -artifact_prefix="build/fuzz/crashes/$h-" \
      "$corpus" "test/fuzz/seeds/$h" "$seeds/$h" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    echo "$h: $runs inputs ($speed/s), corpus of $(ls "$corpus" | wc -l), no crash"
  else
    failed+=("$h")
    input=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
    echo "$h FOUND A CRASH: input ${input:-(not saved)}; full log $log"
    # The report: from its first line to libFuzzer's summary.
    awk '/invariant broken|ERROR: |runtime error|terminate called|Sanitizer/ { on = 1 } on' "$log" |
      grep -v '^MS: \|^base64: \|^NOTE: libFuzzer\|^ *Combine libFuzzer' | head -n 120
    echo "replay: $bin ${input:-}"
  fi
done
[ ${#failed[@]} -eq 0 ] || { echo "fuzzing found crashes in: ${failed[*]}" >&2; exit 1; }
