# Shared settings of the project's scripts: where the local PostgreSQL 15
# cluster lives and how to reach it. Sourced, not run.
#
# The cluster belongs to the project, never touches the system cluster: its
# own data directory, a fixed port and a private socket directory. As root
# it runs as the postgres user (PostgreSQL refuses root) under /var/tmp;
# as another user it runs as that user inside the checkout.

HRLAKE_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# HRLAKE_PG_PREFIX: a private copy of the PostgreSQL installation
# (scripts/private-pg.sh), so that several checkouts build, install and test
# at once, each with its own lib/ and extension/, port and run directory.
if [ -n "${HRLAKE_PG_PREFIX:-}" ]; then
  export PATH="$HRLAKE_PG_PREFIX/usr/lib/postgresql/15/bin:$PATH"
fi
PG_BINDIR="$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)"
export HRLAKE_PGPORT="${HRLAKE_PGPORT:-54329}"

if [ "$(id -u)" = 0 ]; then
  HRLAKE_RUN_DIR="${HRLAKE_RUN_DIR:-/var/tmp/hrlake-pg15}"
  HRLAKE_PG_OSUSER=postgres
else
  HRLAKE_RUN_DIR="${HRLAKE_RUN_DIR:-$HRLAKE_REPO/.hrlake}"
  HRLAKE_PG_OSUSER="$(id -un)"
fi
HRLAKE_PGDATA="$HRLAKE_RUN_DIR/data"
HRLAKE_SOCKET_DIR="$HRLAKE_RUN_DIR/socket"
HRLAKE_INBOX="$HRLAKE_RUN_DIR/inbox"     # files the server may read for hrlake.load()
HRLAKE_LOG="$HRLAKE_RUN_DIR/server.log"

# Clients connect through the private socket as the cluster's superuser.
export PGHOST="$HRLAKE_SOCKET_DIR" PGPORT="$HRLAKE_PGPORT" PGUSER=postgres
export PGDATABASE="${PGDATABASE:-hrlake}"

# Runs a command as the cluster's OS user.
as_pg_user() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$HRLAKE_PG_OSUSER" -- "$@"
  else
    "$@"
  fi
}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
