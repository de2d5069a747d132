#!/usr/bin/env bash
# Run a command with AGENT_TEST_PG_URL pointing at a throwaway PostgreSQL cluster (started here when
# possible: root on Debian), then stop the cluster. Without PostgreSQL the command still runs and the
# PostgreSQL test skips, saying why.
set -uo pipefail
here=$(dirname "$0")
url=$(bash "$here/start_postgres.sh" 2>/dev/null || true)
if [ -n "$url" ]; then
  export AGENT_TEST_PG_URL="$url"
  echo "postgresql: throwaway cluster for the storage test"
else
  echo "postgresql: not available here; its test will skip"
fi
"$@"
rc=$?
if [ -n "$url" ]; then
  for d in /tmp/agent-pg.*/data; do
    [ -d "$d" ] && su postgres -c "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/pg_ctl -D $d -m fast stop" >/dev/null 2>&1
    rm -rf "$(dirname "$d")"
  done
fi
exit $rc
