#!/usr/bin/env bash
# A local fleet for trying it on one machine: Redis, PostgreSQL, the sandbox (one Alibaba.com store
# served to six store names), a beat and two workers ("m1", "m2", each with its own data and state
# folder as two machines would have). Ctrl-C stops everything it started.
#
#   bash scripts/local_fleet.sh            # then, in another shell, the printed `fleet status` line
#
# Uses REDIS_URL / DATABASE_URL when given; else starts throwaway servers (Debian packages, as root).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
WORK=$(mktemp -d /tmp/agent-fleet.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${started_redis:-}" ] && redis-cli -u "$REDIS" shutdown nosave >/dev/null 2>&1 || true
  [ -n "${PGDIR:-}" ] && su postgres -c "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/pg_ctl -D $PGDIR/data -m fast stop" >/dev/null 2>&1 || true
  echo "stopped; logs and config were in $WORK"
}
trap cleanup EXIT INT TERM

REDIS=${REDIS_URL:-$(bash scripts/start_redis.sh)}; [ -z "${REDIS_URL:-}" ] && started_redis=1
DB=${DATABASE_URL:-$(bash scripts/start_postgres.sh)}; [ -z "${DATABASE_URL:-}" ] && PGDIR=$(ls -dt /tmp/agent-pg.* 2>/dev/null | head -1)
[ -n "$REDIS" ] && [ -n "$DB" ] || { echo "needs Redis and PostgreSQL: set REDIS_URL and DATABASE_URL, or run as root on Debian"; exit 2; }

export SANDBOX_PASSWORD=$(head -c 12 /dev/urandom | base64 | tr -dc A-Za-z0-9) SANDBOX_STATE_TOKEN=$(head -c 16 /dev/urandom | base64 | tr -dc A-Za-z0-9)
setsid $PY -m sandbox serve --port=0 --products=200 > "$WORK/sandbox.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q "sandbox ready at" "$WORK/sandbox.log" 2>/dev/null && break; sleep 0.2; done
URL=$(grep -o "sandbox ready at [^ ]*" "$WORK/sandbox.log" | awk '{print $4}')
COMPANY=$(grep -o "company [0-9]*" "$WORK/sandbox.log" | head -1 | awk '{print $2}')

{
  echo "database_url = \"$DB\""
  echo "[schedule]"
  echo 'keepalive = ["every 1m"]'
  echo 'inquiries = ["every 2m"]'
  echo "[fleet]"
  echo "broker = \"$REDIS\""
  echo "heartbeat_seconds = 2"
  echo "dead_after_seconds = 10"
  echo "standby_after_seconds = 60"
  echo 'apply = ["every 1m"]'
  i=0
  for spec in m1:m2 m1:m2 m1: m2:m1 m2: m2:; do
    i=$((i + 1)); worker=${spec%%:*}; standby=${spec#*:}
    echo "[[stores]]"
    echo "name = \"shop$i\""
    echo "base_url = \"$URL\""
    echo "search_url = \"$URL/trade/search?SearchText={keyword}&page={page}\""
    echo "company_id = \"$COMPANY\""
    echo 'username = "demo@sandbox.test"'
    echo 'password_env = "SANDBOX_PASSWORD"'
    echo "worker = \"$worker\""
    [ -n "$standby" ] && echo "standby = \"$standby\""
  done
} > "$WORK/agent.toml"
export AGENT_CONFIG="$WORK/agent.toml"

for w in m1 m2; do
  AGENT_DATA_DIR="$WORK/$w/data" AGENT_STATE_DIR="$WORK/$w/state" setsid $PY -m agent fleet worker --name $w --concurrency 2 \
    > "$WORK/$w.log" 2>&1 &
  pids+=($!)
done
AGENT_DATA_DIR="$WORK/beat/data" AGENT_STATE_DIR="$WORK/beat/state" setsid $PY -m agent fleet beat > "$WORK/beat.log" 2>&1 &
pids+=($!)

echo "local fleet: sandbox $URL, six stores on workers m1 and m2 (logs in $WORK)"
echo "  status:     AGENT_CONFIG=$WORK/agent.toml $PY -m agent fleet status"
echo "  runs:       AGENT_CONFIG=$WORK/agent.toml $PY -m agent runs"
echo "  kill m1:    kill -KILL -${pids[1]}    (its stores wait; shop1 and shop2 move to m2 after 60 s)"
echo "Ctrl-C stops the fleet."
wait
