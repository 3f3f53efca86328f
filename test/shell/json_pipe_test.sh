#!/usr/bin/env bash
# JSON lines from a pipe (issue 19): what a broker consumer prints (kcat -C
# ... -e) piped straight into psql, reading its standard input, as a
# loader:
#   ... | psql -c "\copy hrlake_stage.message_raw (doc) from stdin with (format csv, quote e'\x01', delimiter e'\x02')"
# and the next stream run stores the same messages, rejects and counts as
# hrlake.load() of the same lines as a file; the word lists alike.
source "$(dirname "$0")/lib.sh"
sample="$HRLAKE_REPO/data/sample"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
copy_options="with (format csv, quote e'\\x01', delimiter e'\\x02')"

# The word lists as JSON lines (one string per line), as a broker would
# carry them.
for list in vocabulary marked_word; do
  python3 -c 'import json, sys
for w in json.load(sys.stdin): print(json.dumps(w, ensure_ascii=False))' <"$sample/$list.json" >"$work/$list.jsonl"
done
# Lines that COPY's text format would change (backslashes) and that a CSV
# quote would break: they must arrive as sent.
cat >"$work/tricky.jsonl" <<'EOF'
{"key":"t1","sender":"20000000","receiver":"20000001","message":"a \"quoted\" word, a \\ backslash, a tab\tand \u00e9","timestamp":1767225600}
{"key":"t2","sender":20000001,"receiver":20000000,"message":"line\nbreak; comma, \"quote","timestamp":"2026-01-01T00:00:01Z"}
EOF

# The reference: the same lines loaded as files.
fresh_db hrlake_t_pipe_ref >/dev/null
inbox=$(sample_inbox)
for list in vocabulary marked_word; do
  cp "$work/$list.jsonl" "$inbox/$list.jsonl"
  q hrlake_t_pipe_ref "SELECT hrlake.load('$list', '$inbox/$list.jsonl')" >/dev/null 2>&1
done
cp "$work/tricky.jsonl" "$inbox/tricky.jsonl"
q hrlake_t_pipe_ref "SELECT hrlake.load('message', '$inbox/messages_stream.jsonl')" >/dev/null 2>&1
q hrlake_t_pipe_ref "SELECT hrlake.load('message', '$inbox/tricky.jsonl')" >/dev/null 2>&1
q hrlake_t_pipe_ref "CALL hrlake.run_stream()" >/dev/null 2>&1

# Through a pipe, as a login role that is a loader (no file access at all).
fresh_db hrlake_t_pipe >/dev/null
q postgres "DO \$\$ BEGIN CREATE ROLE t_pipe_loader LOGIN IN ROLE hrlake_loader; EXCEPTION WHEN duplicate_object THEN END \$\$" >/dev/null
pipe() {  # pipe TABLE < lines
  psql -X -q -v ON_ERROR_STOP=1 -d hrlake_t_pipe -U t_pipe_loader -c "\\copy hrlake_stage.$1 (doc) from stdin $copy_options"
}
cat "$work/vocabulary.jsonl" | pipe vocabulary_raw
cat "$work/marked_word.jsonl" | pipe marked_word_raw
cat "$sample/messages_stream.jsonl" | pipe message_raw
expect_eq "the piped lines wait in staging, one row each" \
  "$(q hrlake_t_pipe "SELECT count(*) FROM hrlake_stage.message_raw")" "$(wc -l <"$sample/messages_stream.jsonl")"
# What was piped in since the last run becomes one batch at the next.
q hrlake_t_pipe "CALL hrlake.run_stream()" >/dev/null 2>&1
cat "$work/tricky.jsonl" | pipe message_raw
expect_eq "a row holds its line exactly (backslashes, quotes, commas, escapes)" \
  "$(q hrlake_t_pipe "SELECT doc FROM hrlake_stage.message_raw WHERE doc LIKE '%\"t1\"%'")" "$(head -1 "$work/tricky.jsonl")"
q hrlake_t_pipe "CALL hrlake.run_stream()" >/dev/null 2>&1

same() {  # same WHAT SQL: equal in both databases
  expect_eq "$1" "$(q hrlake_t_pipe "$2")" "$(q hrlake_t_pipe_ref "$2")"
}
same "piped: the same messages as from the files" \
  "SELECT md5(string_agg(format('%s|%s|%s|%s|%s', key, sender, receiver, message, sent_at), ',' ORDER BY msg_id)) FROM hrlake.message"
same "piped: the same words" \
  "SELECT string_agg(word, ',' ORDER BY word) FROM hrlake.vocabulary UNION ALL SELECT string_agg(word, ',' ORDER BY word) FROM hrlake.marked_word"
same "piped: the same rejects, at the same lines, for the same reasons" \
  "SELECT md5(string_agg(format('%s|%s|%s|%s', source, line_no, reason, raw), ',' ORDER BY batch_id, line_no)) FROM hrlake.rejected_row"
same "piped: the same counts per batch" \
  "SELECT string_agg(format('%s:%s=%s+%s+%s', source, rows_total, rows_loaded, rows_duplicate, rows_rejected), ' ' ORDER BY batch_id) FROM hrlake.batch WHERE source <> 'timeframe'"
same "piped: the same messages flagged" \
  "SELECT md5(string_agg(format('%s|%s', msg_id, matched_words), ',' ORDER BY msg_id)) FROM hrlake.flagged_message"
expect_eq "the tricky message arrived as sent" \
  "$(q hrlake_t_pipe "SELECT message FROM hrlake.message WHERE key = 't1'")" "$(printf 'a "quoted" word, a \\ backslash, a tab\tand é')"
expect_eq "the staging tables are empty after the run" \
  "$(q hrlake_t_pipe "SELECT (SELECT count(*) FROM hrlake_stage.message_raw) + (SELECT count(*) FROM hrlake_stage.vocabulary_raw) + (SELECT count(*) FROM hrlake_stage.marked_word_raw)")" "0"

# A redelivery (at-least-once upstream): keyed messages are stored once.
cat "$sample/messages_stream.jsonl" | pipe message_raw
q hrlake_t_pipe "CALL hrlake.run_stream()" >/dev/null 2>&1
expect_eq "a redelivered stream adds no keyed message" \
  "$(q hrlake_t_pipe "SELECT count(*) FROM hrlake.message WHERE key IS NOT NULL")" \
  "$(q hrlake_t_pipe_ref "SELECT count(*) FROM hrlake.message WHERE key IS NOT NULL")"

q postgres "DROP ROLE t_pipe_loader" >/dev/null
psql -X -q -d postgres -c "DROP DATABASE hrlake_t_pipe WITH (FORCE)" -c "DROP DATABASE hrlake_t_pipe_ref WITH (FORCE)"
