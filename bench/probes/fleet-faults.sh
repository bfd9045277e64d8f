#!/usr/bin/env bash
# Probe (session 9): a fault injected by hand into a fleet of gateways that share their configuration in PostgreSQL
# (docs/fleet-state.md) and their quarantine there, on an external Mosquitto 2 with persistence, under a QoS 1 load
# with a seq per message; then what came out: lost, duplicated, misrouted (bench/probes/fleet-verdicts.py).
#   bash bench/probes/fleet-faults.sh kill|contract|pg-down|broker-settings
#   kill             member 2 killed (SIGKILL) FAULT_AT s into the load, started again DOWN s later
#   contract         a contract version failing every message saved on member 1 (load at TEMP=60, nothing invalid):
#                    how long the other members check with the old one
#   pg-down          PostgreSQL stopped for DOWN s: admin changes get 503, messages and quarantine rows are kept
#   broker-settings  mqtt.keep-alive changed on member 2: every MQTT route of every member reconnects
# Environment: MEMBERS (3), N (60000), RATE (1500/s), FAULT_AT (12 s), DOWN (10 s), BASE (18400: Mosquitto BASE+1,
# PostgreSQL BASE+10, member i's HTTP BASE+20+i). Needs Debian's postgresql and mosquitto (scripts/install-test-deps.sh)
# and the Paho jar in ~/.m2 (any build). Everything runs in a new temporary folder (kept: logs, received.txt) and is
# stopped by PID at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
SCENARIO="${1:?usage: fleet-faults.sh kill|contract|pg-down|broker-settings}"
MEMBERS="${MEMBERS:-3}" N="${N:-60000}" RATE="${RATE:-1500}" FAULT_AT="${FAULT_AT:-12}" DOWN="${DOWN:-10}"
BASE="${BASE:-18400}" MQ_PORT=$((BASE + 1)) PG_PORT=$((BASE + 10))
WORK="$(mktemp -d /tmp/fleet-faults.XXXXXX)"
chmod 755 "$WORK"
echo "fleet-faults $SCENARIO: $MEMBERS members, $N messages at $RATE/s; folder $WORK" >&2
[ -f target/contract-gateway.jar ] || mvn -o -B -q -DskipTests package
cp target/contract-gateway.jar "$WORK/gateway.jar" # a later build must not change the jar under running members
PAHO="$(ls ~/.m2/repository/org/eclipse/paho/org.eclipse.paho.mqttv5.client/1.2.5/org.eclipse.paho.mqttv5.client-1.2.5.jar)"
javac -d "$WORK/load" -cp "$PAHO" bench/probes/FleetLoad.java
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else bash -c "$*"; fi; }
pids=()
stop_all() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  as_pg "$PGBIN/pg_ctl -D $WORK/pg/data -m fast -w stop" >/dev/null 2>&1 || true
}
trap stop_all EXIT INT TERM

# PostgreSQL (trust auth, user gateway), Mosquitto (persistence, queues large enough for a member that is away)
mkdir -p "$WORK/pg" "$WORK/mq"
[ "$(id -u)" = 0 ] && chown postgres "$WORK/pg" && chown mosquitto "$WORK/mq"
as_pg "$PGBIN/initdb -D $WORK/pg/data -U gateway --auth=trust -E UTF8 --no-sync --no-instructions" >/dev/null
pg() { as_pg "$PGBIN/pg_ctl -D $WORK/pg/data -l $WORK/pg/log -w -t 60 -o '-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1' $1" >/dev/null; }
pg start
cat >"$WORK/mq/mosquitto.conf" <<CONF
listener $MQ_PORT 127.0.0.1
allow_anonymous true
persistence true
persistence_location $WORK/mq/
autosave_interval 10
max_queued_messages 1000000
CONF
mosquitto -c "$WORK/mq/mosquitto.conf" >"$WORK/mq/log" 2>&1 &
pids+=($!)

declare -A member
start_member() {
  local i=$1 home="$WORK/gw$1"
  if [ ! -d "$home" ]; then mkdir -p "$home"; cp -r routes schemas application.properties "$home/"; fi
  (cd "$home" && MALLOC_ARENA_MAX=2 exec java -Xms128m -Xmx256m -XX:+UseSerialGC -jar "$WORK/gateway.jar" \
    --mqtt.broker.url="tcp://127.0.0.1:$MQ_PORT" --mqtt.shared-group=fleet --mqtt.client-id="fleet-gw$i" \
    --camel.server.port=$((BASE + 20 + i)) --admin.password=probe --web.dir="$ROOT/web" \
    --state.jdbc-url="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" --state.user=gateway --state.instance-id="gw$i" \
    --quarantine.jdbc-url="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" --quarantine.user=gateway >>"$home/gateway.log" 2>&1) &
  member[$i]=$!
  pids+=($!)
  for _ in $(seq 300); do
    curl -sf -o /dev/null "http://127.0.0.1:$((BASE + 20 + i))/observe/health/ready" && return 0
    kill -0 "${member[$i]}" 2>/dev/null || { tail -5 "$home/gateway.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "member $i not ready" >&2
  exit 1
}
api() { curl -s -m 20 -u admin:probe -w ' -> %{http_code}\n' "$@"; }
for i in $(seq "$MEMBERS"); do start_member "$i"; done
echo "$MEMBERS members ready" >&2

load() { URL="tcp://127.0.0.1:$MQ_PORT" exec java -Xmx256m -cp "$WORK/load:$PAHO" FleetLoad "$1"; }
OUT="$WORK/received.txt" CLIENT=fleet-count load count 2>"$WORK/count.log" &
pids+=($!)
sleep 2
INVALID_EVERY=10 TEMP=20
[ "$SCENARIO" = contract ] && INVALID_EVERY=0 TEMP=60
N="$N" RATE="$RATE" INVALID_EVERY=$INVALID_EVERY TEMP=$TEMP CLIENT=fleet-pub load pub 2>"$WORK/pub.log" &
pub=$!
pids+=($pub)
sleep "$FAULT_AT"
changed_at=""
case "$SCENARIO" in
  kill)
    kill -9 "${member[2]}"; echo "$(date -u +%T) member 2 killed" >&2
    sleep "$DOWN"; start_member 2; echo "$(date -u +%T) member 2 back" >&2 ;;
  contract)
    python3 -c "import json; s=json.load(open('schemas/sensor1.schema.json')); s['properties']['temperature']['maximum']=50; print(json.dumps(s))" >"$WORK/tighter.json"
    api -X PUT -H 'Content-Type: application/json' --data @"$WORK/tighter.json" \
      "http://127.0.0.1:$((BASE + 21))/api/contracts/sensor1?acceptBreak=true" | cut -c1-120 >&2
    changed_at=$(date +%s%3N) ;;
  pg-down)
    pg stop; echo "$(date -u +%T) PostgreSQL stopped" >&2
    api -X PUT -H 'Content-Type: application/json' -d '{"mqtt.keep-alive":"30"}' "http://127.0.0.1:$((BASE + 21))/api/broker" >&2
    sleep "$DOWN"; pg start; echo "$(date -u +%T) PostgreSQL back" >&2 ;;
  broker-settings)
    api -X PUT -H 'Content-Type: application/json' -d '{"mqtt.keep-alive":"30"}' "http://127.0.0.1:$((BASE + 22))/api/broker" | cut -c1-60 >&2 ;;
  *) echo "unknown scenario $SCENARIO" >&2; exit 2 ;;
esac
wait "$pub"
# until nothing more arrives for 5 s
last=-1
while [ "$(wc -l <"$WORK/received.txt")" != "$last" ]; do last=$(wc -l <"$WORK/received.txt"); sleep 5; done
python3 bench/probes/fleet-verdicts.py "$WORK/received.txt" "$N" "$INVALID_EVERY" $changed_at
if [ "$SCENARIO" != contract ]; then
  rows=$(psql -h 127.0.0.1 -p "$PG_PORT" -U gateway postgres -Atc "SELECT count(DISTINCT user_properties) FROM quarantine_message")
  echo "quarantine rows: $rows distinct of $(( (N + INVALID_EVERY - 1) / INVALID_EVERY )) failed"
fi
for i in $(seq "$MEMBERS"); do kill -0 "${member[$i]}" 2>/dev/null || echo "member $i is not running" >&2; done
