#!/usr/bin/env bash
# Starts the gateway exactly as the README does (scripts/gateway.sh, its default JVM settings) against the harness'
# broker ($BENCH_MQTT_URL); used by bench/run.sh. GATEWAY_JVM, when set, replaces the JVM settings (JAVA_OPTS).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${GATEWAY_JVM:-}" ] && export JAVA_OPTS="$GATEWAY_JVM"
exec bash scripts/gateway.sh "--mqtt.broker.url=${BENCH_MQTT_URL:?}" "--camel.server.port=${BENCH_HTTP_PORT:-18000}" \
  ${GATEWAY_ARGS:-}
