#!/usr/bin/env python3
"""What came out of a fleet fault run (bench/probes/fleet-faults.sh): the lines FleetLoad count wrote.
  fleet-verdicts.py received.txt N [INVALID_EVERY] [CHANGED_AT_MS]
A seq is expected on <topic>/failed when seq % INVALID_EVERY == 0 (0: never), else on <topic>/validated; with
CHANGED_AT_MS (a contract change that fails everything, answered 200 then), a seq published after it is expected on
/failed, and one that still came out validated is counted as checked by the old version. Prints lost
(seqs never seen), duplicates, misrouted (wrong verdict), re-driven copies, then per 5 s of publish time the receive
delay (first copy of each seq): a late share shows a member whose session held its messages."""
import collections
import sys
import time

path, n = sys.argv[1], int(sys.argv[2])
every = int(sys.argv[3]) if len(sys.argv) > 3 else 10
changed_at = int(sys.argv[4]) if len(sys.argv) > 4 else None
old_version = []
seen, first, redriven = collections.Counter(), {}, collections.Counter()
misrouted = 0
for line in open(path):
    f = line.split()
    if len(f) < 6 or f[1] == '-':
        continue
    topic, seq, t, received, mark = f[0], int(f[1]), int(f[2]), int(f[4]), f[5]
    if mark == 'R':
        redriven[seq] += 1
        continue
    seen[seq] += 1
    first.setdefault(seq, (t, received))
    failed = topic.endswith('/failed')
    if changed_at is not None and t > changed_at:
        if not failed:
            old_version.append(t - changed_at)
    elif changed_at is None and failed != (every > 0 and seq % every == 0):
        misrouted += 1
lost = [s for s in range(n) if not seen[s]]
dup = sum(c - 1 for c in seen.values())
print(f"lost={len(lost)} dup={dup} misrouted={misrouted} received={sum(seen.values())} "
      f"redriven={sum(redriven.values())} ({len(redriven)} distinct)")
if lost:
    print("lost seqs, first 20:", lost[:20])
if changed_at is not None:
    print(f"validated by the old contract though published after the change's answer: {len(old_version)}"
          + (f", the latest published {max(old_version)} ms after it" if old_version else ""))
if first:
    t0 = min(t for t, _ in first.values())
    windows = collections.defaultdict(list)
    for t, r in first.values():
        windows[(t - t0) // 5000].append(r - t)
    for w in sorted(windows):
        d = sorted(windows[w])
        print(f"published {time.strftime('%H:%M:%S', time.gmtime((t0 + w * 5000) / 1000))}: {len(d)} "
              f"delay p50={d[len(d) // 2]} p99={d[int(len(d) * .99)]} max={d[-1]} ms, over 2 s: {sum(x > 2000 for x in d)}")
