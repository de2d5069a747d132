#!/usr/bin/env bash
# Run a command with AGENT_TEST_PG_URL pointing at a throwaway PostgreSQL cluster, AGENT_TEST_REDIS_URL
# at a throwaway Redis and AGENT_TEST_DBUS at a throwaway session bus with a Secret Service (gnome-keyring)
# (all started here when possible: root on Debian), then stop them — only the ones started here.
# Without them the command still runs and the tests that need them skip, saying why.
set -uo pipefail
here=$(dirname "$0")
before=$(ls -d /tmp/agent-pg.* /tmp/agent-redis.* /tmp/agent-keyring.* 2>/dev/null || true)
url=$(bash "$here/start_postgres.sh" 2>/dev/null || true)
if [ -n "$url" ]; then
  export AGENT_TEST_PG_URL="$url"
  echo "postgresql: throwaway cluster for the storage test"
else
  echo "postgresql: not available here; its test will skip"
fi
redis=$(bash "$here/start_redis.sh" 2>/dev/null || true)
if [ -n "$redis" ]; then
  export AGENT_TEST_REDIS_URL="$redis"
  echo "redis: throwaway server for the fleet test"
else
  echo "redis: not available here; the fleet test will skip"
fi
bus=$(bash "$here/start_keyring.sh" 2>/dev/null || true)
if [ -n "$bus" ]; then
  export AGENT_TEST_DBUS="$bus"
  echo "keyring: throwaway Secret Service for the store-in-the-page test"
else
  echo "keyring: not available here; the store-in-the-page test will skip"
fi
mine=$(comm -13 <(echo "$before" | sort) <(ls -d /tmp/agent-pg.* /tmp/agent-redis.* /tmp/agent-keyring.* 2>/dev/null | sort))
"$@"
rc=$?
for d in $mine; do
  if [ -f "$d/redis.pid" ]; then
    kill "$(cat "$d/redis.pid")" 2>/dev/null
  elif [ -f "$d/dbus.pid" ]; then
    kill $(cat "$d/keyring.pid" "$d/dbus.pid" 2>/dev/null) 2>/dev/null
  elif [ -d "$d/data" ]; then
    su postgres -c "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/pg_ctl -D $d/data -m fast stop" >/dev/null 2>&1
  fi
  rm -rf "$d"
done
exit $rc
