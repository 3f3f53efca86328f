#!/usr/bin/env bash
# Creates (once) and starts the project's PostgreSQL 15 cluster; idempotent.
#   scripts/cluster.sh start | stop | restart | status
set -euo pipefail
source "$(dirname "$0")/env.sh"

init_cluster() {
  say "creating the cluster in $HRLAKE_PGDATA"
  mkdir -p "$HRLAKE_RUN_DIR"
  [ "$(id -u)" = 0 ] && chown "$HRLAKE_PG_OSUSER" "$HRLAKE_RUN_DIR"
  as_pg_user mkdir -p "$HRLAKE_SOCKET_DIR" "$HRLAKE_INBOX"
  # Trust on the private socket (the scripts), a password over TCP (BI clients).
  as_pg_user "$PG_BINDIR/initdb" -D "$HRLAKE_PGDATA" -U postgres \
    --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  as_pg_user tee -a "$HRLAKE_PGDATA/postgresql.conf" >/dev/null <<CONF

# --- hrlake local cluster ---
port = $HRLAKE_PGPORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$HRLAKE_SOCKET_DIR'
shared_preload_libraries = 'pg_cron'
$PRELOAD_CONF
cron.database_name = 'hrlake'
cron.use_background_workers = on
max_worker_processes = 16
timezone = 'UTC'
log_timezone = 'UTC'
shared_buffers = 512MB
work_mem = 64MB
maintenance_work_mem = 256MB
max_wal_size = 4GB
# Keep WAL segments for reuse: a big run then recycles them instead of
# creating and zero-filling new ones.
min_wal_size = 1GB
checkpoint_timeout = 15min
# test/specs/flag_prepared_writer.spec prepares a message writer's
# transaction (two-phase commit).
max_prepared_transactions = 10
CONF
}

# hrlake's settings (hrlake.*, src/pg/module.cpp) exist once its library is
# loaded: loaded at the start of every session, they show in pg_settings
# (with their descriptions) and SHOW before any hrlake function is called.
# Not shared_preload_libraries: no setting needs the postmaster (all are
# user or superuser settings), and a new build is then picked up by new
# sessions without a restart.
PRELOAD_CONF="session_preload_libraries = 'hrlake'"

# Whether a cluster created before the preload still needs it.
needs_preload_conf() {
  ! grep -q "^session_preload_libraries" "$HRLAKE_PGDATA/postgresql.conf"
}

# Whether a cluster created before TCP access still needs configure_tcp.
needs_tcp_conf() {
  grep -q "^listen_addresses = ''" "$HRLAKE_PGDATA/postgresql.conf" ||
    grep -Eq '^host[[:space:]].*[[:space:]]trust[[:space:]]*$' "$HRLAKE_PGDATA/pg_hba.conf"
}

# Brings such a cluster to what init_cluster makes now: listening on
# 127.0.0.1, scram-sha-256 over TCP, trust on the socket.
configure_tcp() {
  as_pg_user sed -i "s/^listen_addresses = ''/listen_addresses = '127.0.0.1'/" "$HRLAKE_PGDATA/postgresql.conf"
  as_pg_user sed -i -E 's/^(host[[:space:]].*[[:space:]])trust[[:space:]]*$/\1scram-sha-256/' "$HRLAKE_PGDATA/pg_hba.conf"
}

start_cluster() {
  [ -f "$HRLAKE_PGDATA/PG_VERSION" ] || init_cluster
  as_pg_user mkdir -p "$HRLAKE_SOCKET_DIR" "$HRLAKE_INBOX"
  local reload=no
  if needs_tcp_conf; then
    configure_tcp
    reload=yes
  fi
  if needs_preload_conf; then
    echo "$PRELOAD_CONF" | as_pg_user tee -a "$HRLAKE_PGDATA/postgresql.conf" >/dev/null
    reload=yes
  fi
  if as_pg_user "$PG_BINDIR/pg_ctl" -D "$HRLAKE_PGDATA" status >/dev/null 2>&1; then
    # A running server rereads pg_hba.conf on reload; listen_addresses only at start.
    [ "$reload" = no ] || as_pg_user "$PG_BINDIR/pg_ctl" -D "$HRLAKE_PGDATA" reload >/dev/null
    if [ "$(psql -X -At -d postgres -c 'SHOW listen_addresses')" != 127.0.0.1 ]; then
      say "restarting PostgreSQL to listen on 127.0.0.1:$HRLAKE_PGPORT"
      as_pg_user "$PG_BINDIR/pg_ctl" -D "$HRLAKE_PGDATA" -l "$HRLAKE_LOG" -w -t 60 -m fast restart >/dev/null
    fi
    return 0
  fi
  say "starting PostgreSQL 15 on port $HRLAKE_PGPORT (socket $HRLAKE_SOCKET_DIR)"
  as_pg_user "$PG_BINDIR/pg_ctl" -D "$HRLAKE_PGDATA" -l "$HRLAKE_LOG" -w -t 60 start >/dev/null
}

case "${1:-start}" in
  start) start_cluster ;;
  restart)
    start_cluster
    say "restarting PostgreSQL"
    as_pg_user "$PG_BINDIR/pg_ctl" -D "$HRLAKE_PGDATA" -l "$HRLAKE_LOG" -w -t 60 -m fast restart >/dev/null ;;
  stop) as_pg_user "$PG_BINDIR/pg_ctl" -D "$HRLAKE_PGDATA" -m fast stop ;;
  status) as_pg_user "$PG_BINDIR/pg_ctl" -D "$HRLAKE_PGDATA" status ;;
  *) echo "usage: $0 start|stop|restart|status" >&2; exit 2 ;;
esac
