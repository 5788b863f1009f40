#!/usr/bin/env python3
"""Each query of the mix alone, one at a time over one keep-alive connection: p50/max
wall ms per query kind, and the server's CPU per search (bench/web_bench.sh search).

  search_kinds.py PORT QUERIES-FILE [REPEATS=5] [PID]
"""
import collections, http.client, os, statistics, sys, time
from urllib.parse import quote
port, path = int(sys.argv[1]), sys.argv[2]
reps = int(sys.argv[3]) if len(sys.argv) > 3 else 5
pid = int(sys.argv[4]) if len(sys.argv) > 4 else None
qs = [l.rstrip("\n").split("\t", 1) for l in open(path, encoding="utf-8") if "\t" in l and not l.startswith("#")]
c = http.client.HTTPConnection("127.0.0.1", port)
by_kind = collections.defaultdict(list)
slowest = []
def cpu():
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK") * 1000
c0 = cpu() if pid else 0
n = 0
for r in range(reps):
    for i, (kind, q) in enumerate(qs):
        t = time.perf_counter()
        c.request("GET", "/api/v1/search?q=" + quote(q, safe=""), headers={"X-Forwarded-For": f"127.9.{r}.{i + 1}"})
        resp = c.getresponse(); resp.read()
        ms = (time.perf_counter() - t) * 1000
        n += 1
        if resp.status != 200:
            print(f"{q!r}: {resp.status}")
        by_kind[kind].append(ms)
        slowest.append((ms, q))
print("| kind | queries x repeats | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|")
for kind, xs in by_kind.items():
    xs.sort()
    print(f"| {kind} | {len(xs)} | {statistics.median(xs):.2f} | {xs[min(len(xs) - 1, int(.99 * len(xs)))]:.2f} | {xs[-1]:.2f} |")
print("slowest:", ", ".join(f"{q} {ms:.1f} ms" for ms, q in sorted(slowest, reverse=True)[:5]))
if pid:
    print(f"server CPU per search: {(cpu() - c0) / n:.2f} ms (n={n})")
