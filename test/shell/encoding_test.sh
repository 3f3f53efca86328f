#!/usr/bin/env bash
# Encodings (issue 21). hrlake lives in UTF-8 databases only: CREATE
# EXTENSION elsewhere fails at once with a clear error and hint (the update
# path is checked by upgrade_test.sh). Clients may use any client_encoding:
# a file whose name, header and values are Japanese loads and ingests for a
# LATIN1 or SQL_ASCII client, whose messages quote that input escaped
# (\uXXXX) instead of failing to convert them.
source "$(dirname "$0")/lib.sh"

for enc in LATIN1 SQL_ASCII; do
  db=hrlake_t_enc_$(echo "$enc" | tr 'A-Z' 'a-z')
  psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" \
    -c "CREATE DATABASE $db TEMPLATE template0 ENCODING '$enc' LOCALE 'C'"
  out=$(psql -X -q -v VERBOSITY=verbose -d "$db" -c "CREATE EXTENSION hrlake" 2>&1 || true)
  case "$out" in
    *"ERROR:  0A000: hrlake needs a UTF8 database; \"$db\" is $enc"*"HINT:  Create the database with ENCODING 'UTF8'"*)
      echo "ok - $TEST_NAME: CREATE EXTENSION in a $enc database is refused with a hint" ;;
    *) fail "CREATE EXTENSION in a $enc database: $out" ;;
  esac
  expect_eq "nothing of hrlake is left in the $enc database" \
    "$(q "$db" "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'hrlake%'")" "0"
  psql -X -q -d postgres -c "DROP DATABASE $db"
done

# Input in Japanese: the file's name, an unknown header column, values.
inbox=$(sample_inbox)
dir="$inbox/encoding"
as_pg_user mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'name,age,emp_id,部署\n山田太郎,30,30000001,営業\nStraße,31,30000002,開発\n鈴木,三十,30000003,x\n' > "$tmp/従業員.csv"
printf 'emp_id,日付,status\n30000001,2026-12-01,ACTIVE\n' > "$tmp/休暇.csv"
printf '[{"sender": "30000001", "receiver": "送信者", "message": "会議 STRASSE", "timestamp": "2026-11-25T09:00:00Z"}]' \
  > "$tmp/メッセージ.json"
cp "$tmp"/*.csv "$tmp"/*.json "$dir/"
[ "$(id -u)" = 0 ] && chown -R "$HRLAKE_PG_OSUSER" "$dir"
# The path as the server sees it, spelled in ASCII for any client.
path() { printf "convert_from('\\\\x%s', 'UTF8')" "$(printf '%s' "$dir/$1" | od -An -tx1 | tr -d ' \n')"; }

for enc in LATIN1 SQL_ASCII; do
  db=hrlake_t_enc_client
  fresh_db $db >/dev/null
  q $db "INSERT INTO hrlake.marked_word (word) VALUES ('STRASSE')" >/dev/null
  client() { PGCLIENTENCODING=$enc psql -X -q -At -v VERBOSITY=verbose -d $db -c "$1" 2>&1 || true; }
  out=$(client "SELECT hrlake.load('employee', $(path 従業員.csv))")
  case "$enc:$out" in
    LATIN1:*'NOTICE:  00000: file "'*'/encoding/\u5F93\u696D\u54E1.csv": ignoring unknown column(s) "\u90E8\u7F72"'*'batch '*' 3 row(s), 2 loaded, 0 duplicate, 1 rejected'*) ;;
    SQL_ASCII:*'/encoding/従業員.csv": ignoring unknown column(s) "部署"'*'3 row(s), 2 loaded, 0 duplicate, 1 rejected'*) ;;
    *) fail "$enc client: the Japanese employee file did not load: $out" ;;
  esac
  echo "ok - $TEST_NAME: a $enc client loads a Japanese file; its notices quote it as the client can read it"
  [[ "$(client "SELECT hrlake.load('employee', $(path 従業員.csv))")" == *"was already loaded"* ]] ||
    fail "$enc client: loading the file again"
  out=$(client "SELECT hrlake.load('leave', $(path 休暇.csv))")
  case "$enc:$out" in
    LATIN1:*'ERROR:  22P04: file "'*'/encoding/\u4F11\u6687.csv" lacks required column(s) date'*'DETAIL:  header: emp_id,\u65E5\u4ED8,status'*) ;;
    SQL_ASCII:*'ERROR:  22P04: file "'*'/encoding/休暇.csv" lacks required column(s) date'*) ;;
    *) fail "$enc client: a file without the date column: $out" ;;
  esac
  echo "ok - $TEST_NAME: a $enc client gets the file's own error, not a conversion error"
  client "SELECT hrlake.load('message', $(path メッセージ.json))" >/dev/null
  [[ "$(client "CALL hrlake.run_daily('2026-11-24')")" == *succeeded* ]] || fail "$enc client: run_daily"
  [[ "$(client "CALL hrlake.run_stream()")" == *"flag messages 1"* ]] || fail "$enc client: run_stream"
  expect_eq "$enc client: the Japanese rows are stored as sent" \
    "$(q $db "SELECT string_agg(name, ',' ORDER BY emp_id) FROM hrlake.employee WHERE emp_id LIKE '3000000_'")/$(
       q $db "SELECT m.receiver || ' ' || m.message FROM hrlake.message m JOIN hrlake.flagged_message USING (msg_id)")" \
    "山田太郎,Straße/送信者 会議 STRASSE"
done
psql -X -q -d postgres -c "DROP DATABASE $db WITH (FORCE)"
