#!/usr/bin/env bash
# Probe (session 7): the shared workload's no-validation forwarder rebuilt on the HiveMQ MQTT client 1.3.7 (Netty;
# the message handled on the event loop, acknowledged to the broker only after its output's PUBACK), run against the
# harness' Paho forwarder in alternating rounds. It asks how much of the gateway's CPU per message a different MQTT
# client could save (docs/performance.md, "What the CPU target needs"). Needs the jars in ~/.m2 (mvn dependency:get).
#   bash bench/probes/hivemq-forwarder.sh [rounds] -> bench/results/<date>-hivemq-forwarder-probe.jsonl
set -euo pipefail
cd "$(dirname "$0")/../.."
R=~/.m2/repository
CP="$R/com/hivemq/hivemq-mqtt-client/1.3.7/hivemq-mqtt-client-1.3.7.jar:$R/io/reactivex/rxjava2/rxjava/2.2.21/rxjava-2.2.21.jar"
CP="$CP:$R/org/reactivestreams/reactive-streams/1.0.4/reactive-streams-1.0.4.jar:$R/org/jctools/jctools-core/2.1.2/jctools-core-2.1.2.jar"
CP="$CP:$R/com/google/dagger/dagger/2.27/dagger-2.27.jar:$R/javax/inject/javax.inject/1/javax.inject-1.jar"
for m in buffer codec common handler transport resolver transport-native-unix-common; do
  CP="$CP:$R/io/netty/netty-$m/4.1.122.Final/netty-$m-4.1.122.Final.jar"
done
OUT=target/probes && mkdir -p "$OUT"
javac -cp "$CP" -d "$OUT" bench/probes/HiveMqForwarder.java
JSON="bench/results/$(date -u +%F)-hivemq-forwarder-probe.jsonl"
BENCH=${BENCH_DIR:-../shared/bench}
for _ in $(seq "${1:-3}"); do
  MODES="thr0 thr0 thr1 thr1" JSON_OUT="$PWD/$JSON.paho" "$BENCH/run.sh" ceiling 100000 >/dev/null
  MODES="thr0 thr0 thr1 thr1" JSON_OUT="$PWD/$JSON.hivemq" PIPELINE_CMD="java -Xms256m -Xmx512m -cp $PWD/$OUT:$CP HiveMqForwarder" \
    "$BENCH/run.sh" cmd 100000 >/dev/null
done
echo "results: $JSON.paho $JSON.hivemq"
