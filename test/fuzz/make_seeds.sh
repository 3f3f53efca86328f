#!/usr/bin/env bash
# Seeds for the fuzz harnesses made from data/sample, written to
# OUT/<harness>/ (scripts/fuzz.sh): the sample files cut into pieces of a
# few KB (libFuzzer mutates small inputs best), and the values, timestamps
# and messages they hold for the parser harnesses. Pieces are taken evenly
# across each file, so dirt anywhere in it has a chance; deterministic.
#   test/fuzz/make_seeds.sh OUT [SAMPLE_DIR]
set -euo pipefail
out=$1
sample=${2:-data/sample}
rm -rf "$out"
mkdir -p "$out"/{csv,json,number,message_time,word_matcher}

# Groups the lines of stdin `per` at a time, keeps at most `max` groups
# spread evenly, and writes each to PREFIX-N with `head`/`tail` lines
# around it and `sep` after every line but the group's last.
pieces() {  # prefix per max head tail sep
  awk -v prefix="$1" -v per="$2" -v max="$3" -v head="$4" -v tail="$5" -v sep="$6" '
    { line[++n] = $0 }
    END {
      groups = int((n + per - 1) / per)
      keep = groups < max ? groups : max
      for (k = 0; k < keep; k++) {
        g = int(k * groups / keep)
        file = sprintf("%s-%03d", prefix, g)
        printf "%s", head > file
        last = (g + 1) * per < n ? (g + 1) * per : n
        for (i = g * per + 1; i <= last; i++)
          printf "%s%s\n", line[i], (i < last ? sep : "") > file
        printf "%s", tail > file
        close(file)
      }
    }'
}

# One file per line of stdin (at most `max`, spread evenly), without newline.
values() {  # prefix max
  pieces "$1" 1 "$2" "" "" "" && for f in "$1"-*; do printf '%s' "$(cat "$f")" >"$f"; done
}

# CSV: the header and 40 rows a piece.
for f in "$sample"/*.csv; do
  name=$(basename "$f" .csv)
  tail -n +2 "$f" | pieces "$out/csv/$name" 40 12 "$(head -n 1 "$f")"$'\n' "" ""
done

# JSON: messages.json is one line "[{...}, {...}, ...]": one object a line.
objects=$(sed -e 's/^\[//' -e 's/\]$//' -e 's/}, {/}\n{/g' "$sample/messages.json")
pieces "$out/json/messages_array" 8 16 "[" "]" "," <<<"$objects"
pieces "$out/json/messages_lines" 8 16 "" "" "" <<<"$objects"
pieces "$out/json/messages_stream" 10 60 "" "" "" <"$sample/messages_stream.jsonl"
for f in "$sample/vocabulary.json" "$sample/marked_word.json"; do
  grep -o '"[^"]*"' "$f" | pieces "$out/json/$(basename "$f" .json)" 60 8 "[" "]" ","
done

# Values of the CSV files, one a seed: epochs, salaries, ages, dates, years.
for f in "$sample"/*.csv; do tail -n +2 "$f" | tr ',' '\n'; done | sort -u |
  values "$out/number/value" 150

# Timestamps of the messages, numbers and ISO-8601 strings.
grep -ho '"timestamp": *[^,}]*' "$sample/messages.json" "$sample/messages_stream.jsonl" |
  sed -e 's/^"timestamp": *//' -e 's/^"//' -e 's/"$//' | sort -u |
  values "$out/message_time/timestamp" 80

# Word matcher: the marked words on the first line, messages after it.
marked=$(grep -o '"[^"]*"' "$sample/marked_word.json" | tr -d '"' | paste -sd' ')
grep -o '"message": "[^"]*"' "$sample/messages.json" | sed -e 's/^"message": "//' -e 's/"$//' |
  pieces "$out/word_matcher/messages" 15 12 "$marked"$'\n' "" ""
