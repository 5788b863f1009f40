#!/usr/bin/python3
"""Baseline: parse-only throughput of feedparser (the parser the Python peers use) on arXiv RSS files.
Prints one JSON line: items, bytes, seconds, items_per_s, mb_per_s. Usage: feedparser_parse.py FILE..."""
import json, sys, time
import feedparser

datas = [open(p, "rb").read() for p in sys.argv[1:]]
t0 = time.perf_counter()
items = 0
for d in datas:
    items += len(feedparser.parse(d).entries)
dt = time.perf_counter() - t0
nbytes = sum(len(d) for d in datas)
print(json.dumps({"items": items, "bytes": nbytes, "seconds": round(dt, 3), "items_per_s": round(items / dt, 1),
                  "mb_per_s": round(nbytes / dt / 1e6, 2)}))
