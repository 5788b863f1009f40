#!/usr/bin/env python3
"""A feedback click to a re-ranked day, as the radar page's script makes it.

POSTs the JSON feedback (/api/v1/radars/{id}/feedback), then GETs the page's
cards fragment (#cards' data-rerank URL), over one keep-alive connection like a
browser; prints the first page view (which builds the radar index on first use),
then 40 clicks after 5 warm-up clicks: wall times, and the server's CPU time per
click (load-independent on a shared machine).

  academichub --db LIB serve --port PORT --single-user & echo $! > PIDFILE
  python3 bench/web_feedback_click.py PORT PIDFILE [RADAR-NAME] [DAYS]

The issue's target: under 100 ms on the 102,538-paper 2016 cs harvest. That
library holds OAI listings only (no announced day), so give it real announced
days first: `academichub --db COPY ingest data/samples/arxiv` (958 papers, days
2026-06-26/29/30; the radar page shows 2026-06-30).
"""
import http.client, json, re, statistics, sys, time
port = int(sys.argv[1])
pidfile = sys.argv[2]
c = http.client.HTTPConnection("127.0.0.1", port)
def req(method, path, body=None, headers={}):
    c.request(method, path, body=body, headers=headers)
    r = c.getresponse()
    data = r.read()
    return r.status, r.getheader("Set-Cookie"), data
st, ck, _ = req("GET", "/radars")
tok = re.search(r"ah_csrf=([^;]+)", ck).group(1)
H = {"Cookie": "ah_csrf=" + tok, "X-CSRF-Token": tok, "Content-Type": "application/json"}
name = sys.argv[3] if len(sys.argv) > 3 else "agents"
days = int(sys.argv[4]) if len(sys.argv) > 4 else 1
st, _, body = req("POST", "/api/v1/radars", json.dumps({"name": name,
    "description": "large language models as autonomous agents: planning, tool use, memory, multi-agent collaboration",
    "query": "\"language model\" OR LLM OR agent"}), H)
rid = json.loads(body)["id"]
t0 = time.perf_counter()
st, _, page = req("GET", f"/radars/{rid}?date=2026-06-30&days={days}", headers=H)
print("first page view (index build on first use + model):", round((time.perf_counter()-t0)*1000), "ms", st)
url = re.search(r'data-rerank="([^"]*)"', page.decode()).group(1).replace("&amp;", "&")
ids = re.findall(r'data-paper="([^"]*)"', page.decode())
print("fragment", url, "cards", len(ids))
def click(paper, action):
    t = time.perf_counter()
    s1, _, _ = req("POST", f"/api/v1/radars/{rid}/feedback", json.dumps({"paper": paper, "action": action}), H)
    t1 = time.perf_counter()
    s2, _, frag = req("GET", url, headers=H)
    t2 = time.perf_counter()
    assert s1 == 200 and s2 == 200, (s1, s2)
    return (t1 - t) * 1000, (t2 - t1) * 1000, (t2 - t) * 1000, re.findall(r'data-paper="([^"]*)"', frag.decode())
# warm-up: a few clicks
for i in range(5):
    click(ids[i % len(ids)], "like" if i % 2 else "dislike")
pid = int(open(pidfile).read())
def cpu():
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / __import__("os").sysconf("SC_CLK_TCK") * 1000
c0 = cpu()
fb, fr, tot = [], [], []
order = ids
for i in range(40):
    paper = order[(7 * i + 3) % len(order)]
    a, b, t, order2 = click(paper, ["like", "dislike", "save", "like"][i % 4])
    fb.append(a); fr.append(b); tot.append(t)
    if order2: order = order2
c1 = cpu()
print(f"server CPU per click (feedback + re-rank): {(c1 - c0) / 40:.1f} ms")
def p(xs, q): xs = sorted(xs); return xs[min(len(xs)-1, int(q * len(xs)))]
print(f"feedback POST ms: median {statistics.median(fb):.1f} p90 {p(fb,.9):.1f} max {max(fb):.1f}")
print(f"fragment GET  ms: median {statistics.median(fr):.1f} p90 {p(fr,.9):.1f} max {max(fr):.1f}")
print(f"click->reranked ms: median {statistics.median(tot):.1f} p90 {p(tot,.9):.1f} max {max(tot):.1f}  (n={len(tot)}, feedback events {len(tot)+5})")
