#!/usr/bin/env bash
# Benchmark the gateway against the shared workload (../shared/bench), next to the no-validation forwarder,
# in one go, and print the ratios.
#
#   bench/run.sh                 # the targets' measure: 3 interleaved rounds; each pipeline process runs thr0 and thr1
#                                # three times (N=100000) and the ratios use the third pass, once the JIT compiler has
#                                # settled (sustained throughput; THREAD_CPU=1 shows it); then lat0 lat1 on the warmed
#                                # process
#   WARM=1 bench/run.sh          # the same, throughput only (thr0 thr1 thr0 thr1 thr0 thr1)
#   THREAD_CPU=1 bench/run.sh    # also prints, after each gateway pass from the second on, its CPU per message by
#                                # thread group (bench/thread-cpu.py): the JIT compiler's share shows when it settled
#   COLD=1 bench/run.sh          # right after start: thr0 thr1 lat0 lat1 once per process, N=50000
#   ROUNDS=1 MODES=thr0 bench/run.sh
#   INFLUX=1 bench/run.sh        # with the Influx path on, writing to VictoriaMetrics (Debian victoria-metrics), a real
#                                # time-series server taking the InfluxDB v2 write API; INFLUX_SERVER=questdb for QuestDB
#   VARIANT='quarantine-off:--quarantine.enabled=false' WARM=1 bench/run.sh
#                                # A/B: each round also runs the gateway with these extra arguments (labelled
#                                # "cmd:quarantine-off"); ratios.py prints gateway / variant beside gateway / forwarder
#   NO_FORWARDER=1 VARIANT=... bench/run.sh   # the A/B alone, without the forwarder rounds
#   FORWARDER_RESULTS=bench/results-<earlier>.jsonl INFLUX=1 bench/run.sh
#                                # gateway rounds only, compared with the forwarder rows of an earlier run of the same
#                                # session (the harness' forwarder can hang in thr1: it spins on a full in-flight window)
#
# Needs Debian's mosquitto (scripts/install-test-deps.sh installs it) and Java 17.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="${SHARED_BENCH:-$ROOT/../shared/bench}"
[ -x "$SHARED/run.sh" ] || [ -f "$SHARED/run.sh" ] || { echo "shared workload not found at $SHARED (set SHARED_BENCH)" >&2; exit 2; }
ROUNDS="${ROUNDS:-3}"
if [ "${COLD:-0}" = 1 ]; then
  export MODES="${MODES:-thr0 thr1 lat0 lat1}"
  N="${N:-50000}"
elif [ "${WARM:-0}" = 1 ]; then
  export MODES="${MODES:-thr0 thr1 thr0 thr1 thr0 thr1}"
  N="${N:-100000}"
else
  export MODES="${MODES:-thr0 thr1 thr0 thr1 thr0 thr1 lat0 lat1}"
  N="${N:-100000}"
fi
OUT="${OUT:-$ROOT/bench/results-$(date -u +%Y%m%dT%H%M%SZ).jsonl}"

(cd "$ROOT" && mvn -q -B -DskipTests package)

QDB_PID=""
cleanup() { [ -n "$QDB_PID" ] && kill "$QDB_PID" 2>/dev/null || true; }
trap cleanup EXIT
if [ "${INFLUX:-0}" = 1 ]; then
  # a real time-series server speaking the InfluxDB v2 write API, on the same two cores:
  # VictoriaMetrics (Debian package victoria-metrics, a Go TSDB, the default) or QuestDB (from the test classpath, a JVM)
  QDB_PORT="${QDB_PORT:-19000}"; QDB_DIR="$(mktemp -d)"
  case "${INFLUX_SERVER:-victoria}" in
    victoria)
      command -v victoria-metrics >/dev/null || { echo "INFLUX=1 needs VictoriaMetrics: apt-get install -y victoria-metrics (or INFLUX_SERVER=questdb)" >&2; exit 2; }
      # retention far back and ahead: the workload's payload timestamps are fixed dates
      victoria-metrics -httpListenAddr="127.0.0.1:$QDB_PORT" -storageDataPath="$QDB_DIR" -retentionPeriod=100y \
        >"$QDB_DIR/victoria.log" 2>&1 &
      QDB_PID=$! ;;
    questdb)
      (cd "$ROOT" && mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=test)
      java -Xmx512m -cp "$ROOT/target/test-classes:$(cat "$ROOT/target/jmh.classpath")" io.contractgate.bench.QuestDbMain \
        "$QDB_PORT" "$QDB_DIR" >"$QDB_DIR/questdb.log" 2>&1 &
      QDB_PID=$! ;;
    *) echo "INFLUX_SERVER must be victoria or questdb" >&2; exit 2 ;;
  esac
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$QDB_PORT") 2>/dev/null && break; sleep 0.2; done
  export GATEWAY_ARGS="${GATEWAY_ARGS:-} --influx.url=http://127.0.0.1:$QDB_PORT --influx.token=bench --influx.org=bench --influx.bucket=bench"
  echo "## Influx path on: ${INFLUX_SERVER:-victoria} on 127.0.0.1:$QDB_PORT" >&2
fi
# the gateway runs from the project root (routes/, schemas/ = the workload's contracts), against the harness' broker
PIPE="$ROOT/bench/gateway.sh"

if [ -n "${FORWARDER_RESULTS:-}" ]; then
  grep '"pipeline": *"ceiling"' "$FORWARDER_RESULTS" >>"$OUT"
  echo "## forwarder: $(grep -c '"pipeline": *"ceiling"' "$FORWARDER_RESULTS") earlier runs from $FORWARDER_RESULTS" >&2
fi
for r in $(seq "$ROUNDS"); do
  if [ -z "${FORWARDER_RESULTS:-}" ] && [ "${NO_FORWARDER:-0}" != 1 ]; then
    echo "## round $r: forwarder" >&2
    ROUND=$r JSON_OUT="$OUT" bash "$SHARED/run.sh" ceiling "$N"
  fi
  echo "## round $r: gateway" >&2
  if [ "${THREAD_CPU:-0}" = 1 ]; then
    ROUND=$r JSON_OUT="$OUT" PIPELINE_CMD="$PIPE" bash "$SHARED/run.sh" cmd "$N" 2>&1 | python3 "$ROOT/bench/thread-cpu.py" >&2
  else
    ROUND=$r JSON_OUT="$OUT" PIPELINE_CMD="$PIPE" bash "$SHARED/run.sh" cmd "$N"
  fi
  if [ -n "${VARIANT:-}" ]; then
    # the same gateway with the variant's extra arguments; its rows are relabelled "cmd:<name>"
    name="${VARIANT%%:*}"; args="${VARIANT#*:}"
    echo "## round $r: gateway, variant $name ($args)" >&2
    part="$(mktemp)"
    ROUND=$r JSON_OUT="$part" PIPELINE_CMD="$PIPE" GATEWAY_ARGS="${GATEWAY_ARGS:-} $args" bash "$SHARED/run.sh" cmd "$N"
    sed -E "s/\"pipeline\": *\"cmd\"/\"pipeline\": \"cmd:$name\"/" "$part" >>"$OUT"
    rm -f "$part"
  fi
done
python3 "$ROOT/bench/ratios.py" "$OUT"
if [ -n "$QDB_PID" ]; then
  echo "time-series server CPU over the whole run: $(awk -v t="$(getconf CLK_TCK)" '{print ($14+$15)/t}' "/proc/$QDB_PID/stat") s"
  if [ "${INFLUX_SERVER:-victoria}" = questdb ]; then
    echo "points stored in QuestDB (table mqtt_messages):" \
      "$(curl -s "http://127.0.0.1:$QDB_PORT/exec?query=select%20count()%20from%20mqtt_messages" | python3 -c 'import json,sys; print(json.load(sys.stdin)["dataset"][0][0])')"
  else
    # VictoriaMetrics stores each numeric field of a point as one row (sample); string fields are not stored
    curl -s "http://127.0.0.1:$QDB_PORT/metrics" | grep -E '^vm_(rows_inserted_total|rows_invalid_total)\{type="influx"\}|^vm_http_requests_total\{path="/api/v2/write"\}|^vm_http_request_errors_total\{path="/api/v2/write"' || true
  fi
fi
