#!/usr/bin/env python3
"""Reads the harness' JSON lines and prints, per run mode, the medians of gateway vs forwarder and their ratio.
When one pipeline process ran a mode more than once in a round (bench/run.sh WARM=1), only its last run counts:
the earlier ones warmed the process up."""
import json
import statistics
import sys
from collections import defaultdict

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
last = {}
for r in rows:  # in file order, so a later run of the same round, pipeline and mode replaces an earlier one
    last[(r.get("round"), r["pipeline"], r.get("run", r["mode"]))] = r
by = defaultdict(lambda: defaultdict(list))
for r in last.values():
    by[r.get("run", r["mode"])][r["pipeline"]].append(r)

for r in rows:  # CPU time of the pipeline process per output, in microseconds: cpu share / outputs per second
    if float(r.get("thr", 0)) > 0 and "cpu_pipe_pct" in r:
        r["cpu_us_per_msg"] = float(r["cpu_pipe_pct"]) / 100 / float(r["thr"]) * 1e6

def med(rs, key):
    vals = [float(r[key]) for r in rs if key in r and float(r[key]) >= 0]
    return statistics.median(vals) if vals else float("nan")

print(f"{'run':6} {'metric':12} {'forwarder':>10} {'gateway':>10} {'ratio':>7}  gateway lost/misrouted/dup, peak RSS MB")
for run, pipes in sorted(by.items()):
    fwd, gw = pipes.get("ceiling", []), pipes.get("cmd", [])
    if not gw:
        continue
    for metric in ("thr", "cpu_us_per_msg", "lat_p99_ms", "lat_max_ms"):
        f, g = med(fwd, metric), med(gw, metric)
        ratio = g / f if f and f == f else float("nan")
        extra = ""
        if metric == "thr":
            every = [r for r in rows if r["pipeline"] == "cmd" and r.get("run", r["mode"]) == run]  # warm-ups too
            extra = "  %d/%d/%d, %.0f" % (sum(r["lost"] for r in every), sum(r["misrouted"] for r in every),
                                          sum(r["dup"] for r in every),
                                          max(float(r["rss_pipe_peak_mb"]) for r in every))
        print(f"{run:6} {metric:12} {f:10.1f} {g:10.1f} {ratio:7.2f}{extra}")

# A/B (bench/run.sh VARIANT=name:args): the gateway against the same gateway with the variant's arguments
for variant in sorted({r["pipeline"] for r in rows if r["pipeline"].startswith("cmd:")}):
    print(f"\n{'run':6} {'metric':12} {variant:>22} {'gateway':>10} {'gateway/variant':>16}")
    for run, pipes in sorted(by.items()):
        base, gw = pipes.get(variant, []), pipes.get("cmd", [])
        if not gw or not base:
            continue
        for metric in ("thr", "cpu_us_per_msg", "lat_p99_ms"):
            b, g = med(base, metric), med(gw, metric)
            ratio = g / b if b and b == b else float("nan")
            print(f"{run:6} {metric:12} {b:22.1f} {g:10.1f} {ratio:16.2f}")
