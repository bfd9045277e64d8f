#!/usr/bin/env bash
# One gateway against two in one shared group (mqtt.shared-group), on the shared workload (../shared/bench) and its
# Mosquitto, same machine, same session. Each fleet size runs thr1 thr0 twice (100,000 messages per pass); the
# second pass of each mode counts (the first warmed the JIT). Prints outputs/s per fleet size and the ratio.
#   bash bench/fleet.sh
#   N=50000 MODES="thr1 thr1" bash bench/fleet.sh
# On a 2-core machine the broker, the load generator and the gateways share the two cores: read docs/scaling.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="${SHARED_BENCH:-$ROOT/../shared/bench}"
[ -f "$SHARED/run.sh" ] || { echo "shared workload not found at $SHARED (set SHARED_BENCH)" >&2; exit 2; }
export MODES="${MODES:-thr1 thr0 thr1 thr0}"
N="${N:-100000}"
OUT="${OUT:-$ROOT/bench/results/fleet-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$(dirname "$OUT")"
(cd "$ROOT" && mvn -q -B -DskipTests package)
for members in 1 2; do
  echo "## $members member(s)" >&2
  MEMBERS=$members ROUND=$members JSON_OUT="$OUT-$members.jsonl" PIPELINE_CMD="$ROOT/bench/fleet-members.sh" \
    bash "$SHARED/run.sh" cmd "$N"
done
python3 - "$OUT-1.jsonl" "$OUT-2.jsonl" <<'PY'
import json, sys
def last(path):
    rows = [json.loads(l) for l in open(path) if l.strip()]
    out = {}
    for r in rows:  # the later pass of a mode replaces the warm-up pass
        out[r["run"]] = r
    return out, rows
one, rows1 = last(sys.argv[1])
two, rows2 = last(sys.argv[2])
print(f"{'run':5} {'1 member':>10} {'2 members':>10} {'ratio':>6}  cpu% gateways 1/2  cpu% broker 1/2  lost/misrouted/dup (all passes) 1 | 2")
for run in sorted(one):
    a, b = one[run], two.get(run)
    if not b:
        continue
    loss = lambda rows: "%d/%d/%d" % tuple(sum(r[k] for r in rows if r["run"] == run) for k in ("lost", "misrouted", "dup"))
    print(f"{run:5} {a['thr']:10.0f} {b['thr']:10.0f} {b['thr'] / a['thr']:6.2f}  {a.get('cpu_pipe_pct', 0):5.0f}/{b.get('cpu_pipe_pct', 0):<5.0f}"
          f"         {a.get('cpu_broker_pct', 0):5.0f}/{b.get('cpu_broker_pct', 0):<5.0f}   {loss(rows1)} | {loss(rows2)}   load1 {a.get('load1')}/{b.get('load1')}")
PY
