#!/usr/bin/env bash
# Starts the built gateway from the project root against the harness' broker ($BENCH_MQTT_URL); used by bench/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
# two malloc arenas instead of one per busy thread (glibc default), fewer untracked native pages
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec java ${GATEWAY_JVM:--Xms128m -Xmx128m -XX:+UseSerialGC} -jar "${GATEWAY_JAR:-target/contract-gateway.jar}" \
  "--mqtt.broker.url=${BENCH_MQTT_URL:?}" "--camel.server.port=${BENCH_HTTP_PORT:-18000}" ${GATEWAY_ARGS:-}
