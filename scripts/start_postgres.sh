#!/usr/bin/env bash
# For the PostgreSQL storage test: install (Debian, as root) and start a throwaway cluster on a
# free local port, then print the SQLAlchemy URL. Prints nothing (exit 0) where that is not possible.
set -uo pipefail
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then exit 0; fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1; } || exit 0
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
DIR=$(mktemp -d /tmp/agent-pg.XXXXXX)
chown postgres "$DIR"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
su postgres -c "$BIN/initdb -D $DIR/data -A trust -U postgres >/dev/null" || exit 0
su postgres -c "$BIN/pg_ctl -D $DIR/data -o '-p $PORT -k $DIR -c listen_addresses=127.0.0.1' -l $DIR/log -w start >/dev/null" || exit 0
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
