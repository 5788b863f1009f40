#!/usr/bin/env python3
"""Mixed traffic against one `academichub serve` for a while (bench/web_bench.sh soak).

Visitors (no account; each thread its own client address through X-Forwarded-For,
so the server must run with --trust-proxy) read the home page (both languages, other
days), paper pages, search (page and API) and static files; signed-in users (API
tokens, one thread each) read their radar's page and its run, their home page, and
click feedback. Each client keeps one keep-alive connection, as a browser does, and
stays under the per-client rate limits (search 10/s, writes 4/s), so that any answer
that is not 2xx/3xx is an error of the server. Meanwhile the server's RSS is read
from /proc every few seconds.

  soak.py --port P --pid PID --tokens FILE (lines "name token") --seconds S
          --queries FILE --out RESULT.json [--visitors N]

Prints a summary: per kind of request the count, errors and p50/p99 ms; memory (RSS,
and its anonymous and file-backed parts, and PSS) at the start (after the first
minute's warm-up), at the end, its maximum, and its slope over the rest of the run
and over its second half.
"""
import argparse
import collections
import http.client
import json
import os
import random
import re
import statistics
import threading
import time

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--pid", type=int, required=True)
ap.add_argument("--tokens", required=True)
ap.add_argument("--seconds", type=float, default=600)
ap.add_argument("--queries", required=True)
ap.add_argument("--out", required=True)
ap.add_argument("--visitors", type=int, default=10)
ap.add_argument("--sample", type=float, default=5.0, help="RSS sampling period, s")
args = ap.parse_args()

lock = threading.Lock()
counts = collections.Counter()        # kind -> requests
errors = collections.Counter()        # kind -> answers not 2xx/3xx, or failures
statuses = collections.Counter()      # (kind, status)
latency = collections.defaultdict(list)
error_examples = []
stop_at = time.monotonic() + args.seconds


class Client:
    def __init__(self, headers):
        self.headers = headers
        self.conn = None

    def request(self, kind, method, path, body=None, extra=None):
        h = dict(self.headers)
        if extra:
            h.update(extra)
        t = time.perf_counter()
        status, data = 0, b""
        for attempt in range(2):  # a keep-alive connection the server closed: reconnect once
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
                self.conn.request(method, path, body=body, headers=h)
                r = self.conn.getresponse()
                data = r.read()
                status = r.status
                if r.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as e:
                self.conn = None
                if attempt == 1:
                    status = -1
                    data = repr(e).encode()
            except Exception as e:  # noqa: BLE001 - counted as an error of that request
                self.conn = None
                status = -1
                data = repr(e).encode()
                break
        ms = (time.perf_counter() - t) * 1000
        with lock:
            counts[kind] += 1
            statuses[(kind, status)] += 1
            lat = latency[kind]
            if len(lat) < 200000:
                lat.append(ms)
            if not (200 <= status < 400):
                errors[kind] += 1
                if len(error_examples) < 20:
                    error_examples.append(f"{kind} {method} {path} -> {status} {data[:200]!r}")
        return status, data


def paced(last, per_second):
    """Sleeps so that calls of one kind stay under per_second."""
    wait = last + 1.0 / per_second - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    return time.monotonic()


queries = [l.rstrip("\n").split("\t", 1)[1] for l in open(args.queries, encoding="utf-8")
           if "\t" in l and not l.startswith("#")]  # "kind<TAB>query" lines
tokens = [l.split() for l in open(args.tokens) if l.strip()]
STATIC = ["/static/app.css", "/static/app.js", "/static/katex/katex.min.css",
          "/static/katex/katex.min.js", "/static/favicon.svg"]

setup = Client({})
st, home = setup.request("setup", "GET", "/")
papers = re.findall(r'data-paper="([^"]+)"', home.decode())
days = sorted(set(re.findall(r'datetime="(\d{4}-\d\d-\d\d)"', home.decode())))
st_paper, _ = setup.request("setup", "GET", "/papers/" + papers[0])
st_search, _ = setup.request("setup", "GET", "/api/v1/search?q=graph")
have_paper = st_paper == 200
have_search = st_search == 200
print(f"soak: {len(papers)} papers on the home page; paper pages {'on' if have_paper else 'NOT BUILT (' + str(st_paper) + ')'}"
      f", search {'on' if have_search else 'NOT BUILT (' + str(st_search) + ')'}", flush=True)
with lock:  # the probes are not part of the measure
    counts.clear(); errors.clear(); statuses.clear(); latency.clear(); error_examples.clear()


def visitor(n):
    rnd = random.Random(n)
    c = Client({"X-Forwarded-For": f"127.77.{n // 250}.{n % 250 + 1}",
                "User-Agent": "soak-visitor", "Accept-Encoding": "gzip" if n % 2 else "identity"})
    last_search = 0.0
    while time.monotonic() < stop_at:
        x = rnd.random()
        if x < 0.30:
            c.request("home", "GET", "/")
        elif x < 0.38:
            c.request("home-other", "GET", rnd.choice(["/?lang=zh", "/?lang=en",
                                                        "/?date=" + rnd.choice(days or ["2026-06-30"])]))
        elif x < 0.58 and have_paper:
            c.request("paper", "GET", "/papers/" + rnd.choice(papers))
        elif x < 0.75 and have_search:
            last_search = paced(last_search, 5)
            q = rnd.choice(queries)
            if rnd.random() < 0.5:
                c.request("search-api", "GET", "/api/v1/search?q=" + urlq(q))
            else:
                c.request("search-page", "GET", "/search?q=" + urlq(q))
        else:
            c.request("static", "GET", rnd.choice(STATIC))


def urlq(q):
    from urllib.parse import quote
    return quote(q, safe="")


def user(i, name, token):
    rnd = random.Random(1000 + i)
    c = Client({"Authorization": "Bearer " + token, "User-Agent": "soak-user"})
    st, body = c.request("setup", "POST", "/api/v1/radars", json.dumps({
        "name": f"soak-{name}",
        "description": rnd.choice([
            "large language models as agents: planning, tool use, memory",
            "diffusion models for image and video generation",
            "graph neural networks and molecular property prediction",
            "reinforcement learning from human feedback and alignment",
            "robot learning, manipulation and embodied perception"])}),
        {"Content-Type": "application/json"})
    if st != 201:
        print(f"soak: {name} could not create a radar: {st} {body[:200]!r}", flush=True)
        return
    rid = json.loads(body)["id"]
    ids = []
    last_write = 0.0
    while time.monotonic() < stop_at:
        x = rnd.random()
        if x < 0.25:
            c.request("radar-page", "GET", f"/radars/{rid}")
        elif x < 0.45:
            st, body = c.request("radar-run", "GET", f"/api/v1/radars/{rid}/run")
            if st == 200:
                ids = [p["id"] for p in json.loads(body)][:30] or ids
        elif x < 0.65 and ids:
            last_write = paced(last_write, 2)
            c.request("feedback", "POST", f"/api/v1/radars/{rid}/feedback",
                      json.dumps({"paper": rnd.choice(ids),
                                  "action": rnd.choice(["like", "dislike", "save", "like"])}),
                      {"Content-Type": "application/json"})
        elif x < 0.85:
            c.request("home-user", "GET", "/")
        elif x < 0.92 and have_search:
            c.request("search-api", "GET", "/api/v1/search?q=" + urlq(rnd.choice(queries)))
        else:
            c.request("me", "GET", "/api/v1/me")


rss = []  # (seconds since start, RSS MB, threads, anonymous MB, file-backed MB, PSS MB)
t0 = time.monotonic()


def sampler():
    while True:
        try:
            status = open(f"/proc/{args.pid}/status").read()
        except OSError:
            return
        kb = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        th = int(re.search(r"Threads:\s+(\d+)", status).group(1))
        # Anonymous pages are the heap (what a leak grows); file-backed ones are the
        # library's pages mapped by SQLite (mmap_size), counted once per connection
        # that maps them; PSS counts each page once.
        anon = int(re.search(r"RssAnon:\s+(\d+)", status).group(1))
        filekb = int(re.search(r"RssFile:\s+(\d+)", status).group(1))
        try:
            pss = int(re.search(r"^Pss:\s+(\d+)", open(f"/proc/{args.pid}/smaps_rollup").read(),
                                re.M).group(1))
        except (OSError, AttributeError):
            pss = 0
        rss.append((round(time.monotonic() - t0, 1), round(kb / 1024, 1), th,
                    round(anon / 1024, 1), round(filekb / 1024, 1), round(pss / 1024, 1)))
        if time.monotonic() >= stop_at:
            return
        time.sleep(args.sample)


threads = [threading.Thread(target=sampler, daemon=True)]
threads += [threading.Thread(target=visitor, args=(n,)) for n in range(args.visitors)]
threads += [threading.Thread(target=user, args=(i, n, t)) for i, (n, t) in enumerate(tokens)]
for t in threads:
    t.start()
last_report = time.monotonic()
while time.monotonic() < stop_at:
    time.sleep(1)
    if time.monotonic() - last_report >= 60:
        last_report = time.monotonic()
        with lock:
            n, e = sum(counts.values()), sum(errors.values())
        print(f"soak: {time.monotonic() - t0:5.0f} s: {n} requests, {e} errors, RSS "
              f"{rss[-1][1] if rss else 0} MB, {rss[-1][2] if rss else 0} threads", flush=True)
for t in threads[1:]:
    t.join()
threads[0].join(timeout=args.sample + 1)


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else 0.0


summary = {"seconds": args.seconds, "kinds": {}, "rss": rss, "errors": sum(errors.values()),
           "requests": sum(counts.values()), "error_examples": error_examples,
           "statuses": {f"{k}:{s}": n for (k, s), n in statuses.items()}}
print(f"\n| kind | requests | not 2xx/3xx | p50 ms | p99 ms |\n|---|---|---|---|---|")
for kind in sorted(counts):
    lat = latency[kind]
    summary["kinds"][kind] = {"requests": counts[kind], "errors": errors[kind],
                              "p50": pct(lat, .5), "p99": pct(lat, .99)}
    print(f"| {kind} | {counts[kind]:,} | {errors[kind]} | {pct(lat, .5):.1f} | {pct(lat, .99):.1f} |")
print(f"| all | {sum(counts.values()):,} ({sum(counts.values()) / args.seconds:,.0f}/s) | "
      f"{sum(errors.values())} | | |")
def slope_of(points):  # MB/min by least squares over (minutes, MB)
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / max(1e-9, sum((x - mx) ** 2 for x in xs))


warm = [r for r in rss if r[0] >= min(60, args.seconds / 5)]
if len(warm) >= 6:
    half = warm[len(warm) // 2:]
    report = {}
    for name, col in (("rss", 1), ("anon", 3), ("file", 4), ("pss", 5)):
        report[name] = {"first": rss[0][col], "start": warm[0][col], "end": warm[-1][col],
                        "max": max(r[col] for r in warm),
                        "slope": slope_of([(r[0] / 60, r[col]) for r in warm]),
                        "slope_second_half": slope_of([(r[0] / 60, r[col]) for r in half])}
    summary["memory"] = report
    summary.update(rss_first=rss[0][1], rss_start=warm[0][1], rss_end=warm[-1][1],
                   rss_max=report["rss"]["max"], rss_slope_mb_per_min=report["rss"]["slope"])
    print(f"\nMemory after warm-up ({warm[0][0]:.0f} s) to the end ({warm[-1][0] / 60:.1f} min), threads {rss[-1][2]}:")
    print("| MB | at 0 s | after warm-up | end | max | slope MB/min | slope, second half |")
    print("|---|---|---|---|---|---|---|")
    for name, label in (("rss", "RSS"), ("anon", "anonymous (heap)"), ("file", "file-backed (mapped library)"),
                        ("pss", "PSS")):
        m = report[name]
        print(f"| {label} | {m['first']} | {m['start']} | {m['end']} | {m['max']} | "
              f"{m['slope']:+.2f} | {m['slope_second_half']:+.2f} |")
if error_examples:
    print("errors, first ones:\n  " + "\n  ".join(error_examples))
json.dump(summary, open(args.out, "w"), indent=1)
