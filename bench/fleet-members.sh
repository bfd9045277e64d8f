#!/usr/bin/env bash
# The pipeline command of bench/fleet.sh: MEMBERS gateways (default 1) in one shared group on the harness' broker
# ($BENCH_MQTT_URL), each with its own client ids, HTTP port and data folders, started as scripts/gateway.sh starts
# one (its JVM settings). Stays in the foreground; SIGTERM stops every member it started, by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
MEMBERS="${MEMBERS:-1}"
JAR="target/contract-gateway.jar"
[ -f "$JAR" ] || { echo "build the jar first: mvn -q -B -DskipTests package" >&2; exit 2; }
WORK="$(mktemp -d)"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
pids=()
stop() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap stop EXIT INT TERM
for i in $(seq "$MEMBERS"); do
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
  java ${JAVA_OPTS:--Xms128m -Xmx128m -XX:+UseSerialGC} -jar "$JAR" "--mqtt.broker.url=${BENCH_MQTT_URL:?}" \
    "--mqtt.shared-group=bench" "--mqtt.client-id=bench-$i" "--camel.server.port=$((18100 + i))" \
    "--admin.config-dir=$WORK/$i/config" "--quarantine.data-dir=$WORK/$i/quarantine" >"$WORK/member-$i.log" 2>&1 &
  pids+=($!)
done
# the harness' readiness probe needs one member; wait until every member is ready (routes up, MQTT connected), so
# the measured passes see the whole fleet
ready() {
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET /observe/health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  head -n 1 <&3 | grep -q ' 200 '
}
for i in $(seq "$MEMBERS"); do
  for _ in $(seq 300); do
    (ready $((18100 + i))) 2>/dev/null && break
    sleep 0.2
  done
  echo "member $i ready on $((18100 + i))"
done
wait "${pids[@]}"
