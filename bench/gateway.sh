#!/usr/bin/env bash
# Starts the gateway exactly as the README does (scripts/gateway.sh, its default JVM settings) against the harness'
# broker ($BENCH_MQTT_URL); used by bench/run.sh. GATEWAY_JVM, when set, replaces the JVM settings (JAVA_OPTS).
# Each run starts with an empty quarantine (a fresh data directory), as a new installation does: runs stay comparable
# however many failed messages earlier runs left.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${GATEWAY_JVM:-}" ] && export JAVA_OPTS="$GATEWAY_JVM"
QDIR=target/bench-quarantine; rm -rf "$QDIR"  # one gateway at a time: the previous run's is dropped
exec bash scripts/gateway.sh "--mqtt.broker.url=${BENCH_MQTT_URL:?}" "--quarantine.data-dir=$QDIR" "--camel.server.port=${BENCH_HTTP_PORT:-18000}" \
  ${GATEWAY_ARGS:-}
