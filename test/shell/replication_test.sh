#!/usr/bin/env bash
# Logical replication and session_replication_role (issue 21). Two clusters
# of this machine's PostgreSQL made for the test (the project's cluster runs
# at wal_level replica; these listen on their own sockets only): a publisher
# with a FOR ALL TABLES publication and a subscriber that created hrlake and
# subscribed, as a DBA sets a replica up. The sample story runs on the
# publisher, with writes made as session_replication_role = replica; the
# subscriber ends with every hrlake table equal to the publisher's.
source "$(dirname "$0")/lib.sh"
base="$HRLAKE_RUN_DIR/replication"
pub_port=$((HRLAKE_PGPORT + 1))
sub_port=$((HRLAKE_PGPORT + 2))
stop_clusters() {
  for c in pub sub; do
    [ -f "$base/$c/postmaster.pid" ] && as_pg_user "$PG_BINDIR/pg_ctl" -D "$base/$c" -m immediate stop >/dev/null 2>&1
  done
  return 0
}
trap 'stop_clusters; [ -n "${KEEP_REPL:-}" ] || rm -rf "$base"' EXIT
stop_clusters
rm -rf "$base"
mkdir -p "$base"
[ "$(id -u)" = 0 ] && chown "$HRLAKE_PG_OSUSER" "$base"
for c in pub sub; do
  port=$pub_port
  [ $c = sub ] && port=$sub_port
  as_pg_user "$PG_BINDIR/initdb" -D "$base/$c" -U postgres --auth=trust --no-sync \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  as_pg_user "$PG_BINDIR/pg_ctl" -D "$base/$c" -l "$base/$c.log" -w -t 60 \
    -o "-c port=$port -c listen_addresses='' -c unix_socket_directories='$base' -c wal_level=logical \
        -c fsync=off -c shared_buffers=32MB -c timezone=UTC" start >/dev/null
done
pub() { PGHOST="$base" PGPORT=$pub_port q hrlake_pub "$1"; }
sub() { PGHOST="$base" PGPORT=$sub_port q hrlake_sub "$1"; }
PGHOST="$base" PGPORT=$pub_port psql -X -q -d postgres -c "CREATE DATABASE hrlake_pub"
PGHOST="$base" PGPORT=$sub_port psql -X -q -d postgres -c "CREATE DATABASE hrlake_sub"
pub "SET client_min_messages = warning; CREATE EXTENSION hrlake" >/dev/null
pub "CREATE PUBLICATION hrlake_all FOR ALL TABLES WITH (publish_via_partition_root = true)" >/dev/null
# Rows made before the subscription are copied by its initial sync.
PGHOST="$base" PGPORT=$pub_port load_sample hrlake_pub
sub "SET client_min_messages = warning; CREATE EXTENSION hrlake" >/dev/null
sub "CREATE SUBSCRIPTION hrlake_sub CONNECTION 'host=$base port=$pub_port dbname=hrlake_pub user=postgres'
     PUBLICATION hrlake_all" >/dev/null 2>&1

pub "CALL hrlake.run_daily('2026-11-24')" >/dev/null 2>&1
pub "CALL hrlake.run_stream()" >/dev/null 2>&1

# Writes as session_replication_role = replica (a bulk loader's habit): a
# marked word and messages that use it. A session that flagged before (its
# matcher cached) flags them once, with the new word.
PGHOST="$base" PGPORT=$pub_port psql -X -q -At -d hrlake_pub >"$base/flags.out" 2>&1 <<'SQL'
SELECT count(*) FROM hrlake.flag_messages();
\! PGHOST="$PGHOST" psql -X -q -d hrlake_pub -c "SET session_replication_role = replica" -c "INSERT INTO hrlake.marked_word (word) VALUES ('REPLICAWORD')" -c "INSERT INTO hrlake.message (sender, receiver, message) VALUES ('20000000', '20000037', 'a replicaword here'), ('20000000', '20000038', 'nothing here')"
SELECT count(*) || ':' || string_agg(array_to_string(matched_words, ','), ' ') FROM hrlake.flag_messages();
SELECT count(*) FROM hrlake.flag_messages();
SQL
expect_eq "writes as session_replication_role = replica are flagged once, with the new word" \
  "$(tr '\n' ' ' < "$base/flags.out")" "0 1:REPLICAWORD 0 "

pub "CALL hrlake.run_daily('2026-11-25')" >/dev/null 2>&1
pub "CALL hrlake.run_monthly('2026-12-01')" >/dev/null 2>&1
pub "CALL hrlake.run_stream()" >/dev/null 2>&1

# The subscriber has caught up when every table is synchronized and it
# confirmed the publisher's last change.
lsn=$(pub "SELECT pg_current_wal_lsn()")
for _ in $(seq 1 300); do
  caught_up=$(sub "SELECT (SELECT bool_and(srsubstate = 'r') FROM pg_subscription_rel)
                   AND (SELECT latest_end_lsn >= '$lsn' FROM pg_stat_subscription WHERE relid IS NULL)")
  [ "$caught_up" = t ] && break
  sleep 0.1
done
expect_eq "the subscriber caught up" "$caught_up" "t"
expect_eq "the subscriber has every table as the publisher has it" \
  "$(PGHOST="$base" PGPORT=$sub_port table_contents hrlake_sub)" "$(PGHOST="$base" PGPORT=$pub_port table_contents hrlake_pub)"
errors=$(grep -c "ERROR" "$base/sub.log" || true)
expect_eq "the subscriber applied everything without an error" "$errors" "0"
# What flagging and key uniqueness rely on fires whatever the replication
# role (the key triggers step aside in a replication worker, which gets the
# publisher's keys); the one trigger for replication's own writes fires
# only for them. Partitions' clones of their parent's triggers not counted.
expect_eq "hrlake's triggers fire always (one: for replication only)" \
  "$(pub "SELECT string_agg(tgname || '=' || tgenabled::text, ' ' ORDER BY tgname) FROM pg_trigger t
          JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname IN ('hrlake', 'hrlake_stage') AND NOT t.tgisinternal AND t.tgparentid = 0")" \
  "marked_word_changed=A message_key_changed=A message_key_freed=A message_key_kept=A message_writers=A position_moves_forward=A replicated_step_replaces=R$(printf ' staged=A%.0s' $(seq 1 11))"

# A publication that sends the messages partition by partition would miss
# every month made later: the job that makes them refuses, saying how to fix it.
pub "CREATE PUBLICATION per_partition FOR ALL TABLES" >/dev/null
refused=$(pub "CALL hrlake.run_monthly('2027-06-01')" 2>&1 | grep -o 'publication "per_partition" sends hrlake.s messages partition by partition' || true)
expect_eq "a publication sending the messages partition by partition is refused" "$refused" \
  "publication \"per_partition\" sends hrlake's messages partition by partition"
pub "ALTER PUBLICATION per_partition SET (publish_via_partition_root = true)" >/dev/null
expect_eq "sent as the partitioned tables' changes, the months are made" \
  "$(pub "CALL hrlake.run_monthly('2027-06-01', true)" >/dev/null 2>&1 && echo done)" "done"
