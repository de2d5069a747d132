#!/usr/bin/env bash
# For the fleet test and the local fleet: install Debian's redis-server when missing (as root) and
# start a throwaway one on a free local port; print its URL. Prints nothing (exit 0) where that is
# not possible. Stop it with: redis-cli -u URL shutdown nosave (or kill the pid in its folder).
set -uo pipefail
if ! command -v redis-server >/dev/null; then
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then exit 0; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null 2>&1; } || exit 0
fi
DIR=$(mktemp -d /tmp/agent-redis.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$PORT" --bind 127.0.0.1 --dir "$DIR" --save "" --appendonly no --daemonize yes \
  --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" >/dev/null || exit 0
for _ in $(seq 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
echo "redis://127.0.0.1:$PORT/0"
