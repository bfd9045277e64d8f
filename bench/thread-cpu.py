#!/usr/bin/env python3
"""Where the gateway's CPU goes, pass by pass: reads the harness' output on stdin and passes it through; at each
RESULT line it reads the CPU time of every thread of the gateway JVM (/proc/<pid>/task/*/stat) and prints, for the pass
that just ended, CPU microseconds per message by thread group (digits in thread names dropped: "C2 CompilerThread0"
and "C1 CompilerThread1" become "C# CompilerThread#"). Used by `THREAD_CPU=1 bench/run.sh`; shows when the JIT
compiler has settled (its group falls to ~1 µs) and which threads carry the rest.

The pass's figure includes the short idle gap before the next pass starts (a few ticks), so it reads slightly above
the harness' cpu_pipe_pct / thr."""
import collections
import os
import re
import subprocess
import sys

# the gateway the harness started: the one connected to the harness' broker (other gateways may run on the machine)
PATTERN = os.environ.get("THREAD_CPU_PATTERN", r"java .*contract-gateway\.jar.*--mqtt\.broker\.url=tcp://127\.0\.0\.1:"
                         + os.environ.get("BENCH_PORT", "18883") + r"( |$)")
TICK_US = 1e6 / os.sysconf("SC_CLK_TCK")


def snapshot():
    pids = subprocess.run(["pgrep", "-f", PATTERN], capture_output=True, text=True).stdout.split()
    threads = {}
    for pid in pids[:1]:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/stat") as f:
                    stat = f.read()
                with open(f"/proc/{pid}/task/{tid}/comm") as f:
                    name = f.read().strip()
            except OSError:
                continue  # the thread ended between listing and reading
            fields = stat[stat.rindex(")") + 2:].split()
            threads[tid] = (re.sub(r"\d+", "#", name), int(fields[11]) + int(fields[12]))  # utime + stime
    return threads


before = None
for line in sys.stdin:
    sys.stdout.write(line)
    sys.stdout.flush()
    if not line.startswith("RESULT"):
        continue
    now = snapshot()
    n = int(re.search(r" outputs=(\d+)", line).group(1))
    mode = re.search(r" run=(\S+)", line).group(1)
    if before and now and n > 0:
        groups = collections.Counter()
        for tid, (name, ticks) in now.items():
            groups[name] += ticks - before.get(tid, (name, 0))[1]
        total = sum(groups.values()) * TICK_US / n
        top = ", ".join(f"{k} {v * TICK_US / n:.1f}" for k, v in groups.most_common(8) if v > 0)
        print(f"THREAD_CPU {mode}: {total:.1f} µs/msg: {top}", flush=True)
    before = now
