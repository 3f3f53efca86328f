#!/usr/bin/env bash
# Makes a private copy of the PostgreSQL 15 installation under DIR, for a
# second checkout that must install and test while another one does:
#   scripts/private-pg.sh /var/tmp/pg-mine
#   export HRLAKE_PG_PREFIX=/var/tmp/pg-mine HRLAKE_PGPORT=54400 \
#          HRLAKE_RUN_DIR=/var/tmp/hrlake-mine
# PostgreSQL finds its share/ and lib/ relative to its binaries, so the copy
# works where it lies; headers stay shared (they are never written).
set -euo pipefail
dir=${1:?usage: scripts/private-pg.sh DIR}
src_lib=/usr/lib/postgresql/15
src_share=/usr/share/postgresql/15
[ -x "$src_lib/bin/postgres" ] || { echo "PostgreSQL 15 is missing: run scripts/install-deps.sh" >&2; exit 1; }
mkdir -p "$dir/usr/lib/postgresql" "$dir/usr/share/postgresql" "$dir/usr/include"
rm -rf "$dir/usr/lib/postgresql/15" "$dir/usr/share/postgresql/15"
cp -a "$src_lib" "$dir/usr/lib/postgresql/"
cp -a "$src_share" "$dir/usr/share/postgresql/"
[ -e "$dir/usr/include/postgresql" ] || ln -s /usr/include/postgresql "$dir/usr/include/postgresql"
chmod -R a+rX "$dir"
echo "private PostgreSQL in $dir: export HRLAKE_PG_PREFIX=$dir (and a port and run directory of its own)"
