#!/usr/bin/env bash
# Benchmark the gateway against the shared workload (../shared/bench), next to the no-validation forwarder,
# in one go, and print the ratios.
#
#   bench/run.sh                 # thr0 thr1 lat0 lat1 (+ low0 low1 thr0m with MODES=...), 3 interleaved rounds
#   ROUNDS=1 MODES=thr0 bench/run.sh
#   INFLUX=1 bench/run.sh        # with the Influx path on, writing to an in-JVM QuestDB (see bench/questdb.sh)
#
# Needs Debian's mosquitto (scripts/install-test-deps.sh installs it) and Java 17.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="${SHARED_BENCH:-$ROOT/../shared/bench}"
[ -x "$SHARED/run.sh" ] || [ -f "$SHARED/run.sh" ] || { echo "shared workload not found at $SHARED (set SHARED_BENCH)" >&2; exit 2; }
ROUNDS="${ROUNDS:-3}"
export MODES="${MODES:-thr0 thr1 lat0 lat1}"
N="${N:-50000}"
OUT="${OUT:-$ROOT/bench/results-$(date -u +%Y%m%dT%H%M%SZ).jsonl}"

(cd "$ROOT" && mvn -q -B -DskipTests package)
# the gateway runs from the project root (routes/, schemas/ = the workload's contracts), against the harness' broker
PIPE="$ROOT/bench/gateway.sh"

for r in $(seq "$ROUNDS"); do
  echo "## round $r: forwarder" >&2
  ROUND=$r JSON_OUT="$OUT" bash "$SHARED/run.sh" ceiling "$N"
  echo "## round $r: gateway" >&2
  ROUND=$r JSON_OUT="$OUT" PIPELINE_CMD="$PIPE" bash "$SHARED/run.sh" cmd "$N"
done
python3 "$ROOT/bench/ratios.py" "$OUT"
