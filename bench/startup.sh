#!/usr/bin/env bash
# Start-up to first message validated, with the embedded broker: starts the jar, publishes a valid sensor1 reading
# every 50 ms from the moment the broker port opens, and stops the clock when its validated copy arrives.
# Needs mosquitto-clients. Prints one line per run; RUNS=5 by default. GATEWAY_JAR names another jar (e.g. a build of
# main, to compare), GATEWAY_JVM the JVM flags (e.g. with -XX:SharedArchiveFile=target/contract-gateway.jsa).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR="${GATEWAY_JAR:-target/contract-gateway.jar}"
[ -f "$JAR" ] || mvn -q -B -DskipTests package
PORT="${PORT:-18831}"; HTTP="${HTTP:-18081}"; RUNS="${RUNS:-5}"
MSG='{"sensor_id":"s1-0001","timestamp":"2026-11-27T00:00:00Z","temperature":21.5,"humidity":40.2}'
for r in $(seq "$RUNS"); do
  t0=$(date +%s%N)
  java ${GATEWAY_JVM:--Xms256m -Xmx256m -XX:+UseSerialGC} -jar "$JAR" \
    "--mqtt.embedded.port=$PORT" "--camel.server.port=$HTTP" >/tmp/startup-$r.log 2>&1 &
  pid=$!
  until (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do sleep 0.02; done
  mosquitto_sub -V mqttv5 -p "$PORT" -t sensors/sensor1/validated -C 1 -W 30 >/dev/null &
  sub=$!
  while kill -0 "$sub" 2>/dev/null; do
    mosquitto_pub -V mqttv5 -p "$PORT" -t sensors/sensor1 -m "$MSG" 2>/dev/null || true
    sleep 0.05
  done
  wait "$sub" && t1=$(date +%s%N) || t1=0
  # the gateway's CPU time (user + system) by then: less sensitive than wall time to other load on the machine
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$pid/stat" 2>/dev/null || echo "?")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  [ "$t1" -gt 0 ] && echo "run $r: first message validated $(( (t1 - t0) / 1000000 )) ms after start (CPU ${cpu} ms, load $(cut -d' ' -f1 /proc/loadavg))" \
                  || echo "run $r: no validated message within 30 s"
done
