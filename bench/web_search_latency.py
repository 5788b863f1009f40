#!/usr/bin/env python3
"""Latency of the web app's search over a real library, as a reader sees it.

Runs ~200 realistic, distinct queries (common words, two words of a real
title, author surnames, phrases, fields, boolean, prefix, date and category
filters, ids) against a running `academichub serve`, one request at a time and
under the per-client search rate limit, and prints p50/p90/p99/max per kind of
request: the search page, the as-you-type fragment, the API, and page 2.

    build/academichub --db LIB serve --port 18111 --single-user &
    bench/web_search_latency.py --url http://127.0.0.1:18111 --db LIB

Queries drawn from the library come from a copy opened read-only. The first
round is cold for each query (SQLite's page cache aside); --rounds 2 measures
the repeat. With --pid (the server's), it also prints the server's CPU time
per request (all threads, from /proc/PID/task/*/schedstat), which a busy
machine does not inflate as it does wall time.
"""
import glob
import os
import argparse
import json
import random
import re
import sqlite3
import time
import urllib.error
import urllib.parse
import urllib.request

FIXED = [
    "learning", "neural network", "deep learning", "reinforcement learning", "graph",
    "convolutional neural networks", "support vector machine", "optimization", "quantum", "robot",
    "algorithm", "complexity", "privacy", "blockchain", "security", "image segmentation",
    "object detection", "machine translation", "word embeddings", "topic model",
    "bayesian inference", "matrix factorization", "recommender systems", "social network",
    "cloud computing", "wireless sensor networks", "compressed sensing", "sparse", "game theory",
    "network", "model", "data", "the", "ti:learning", "ti:graph", "abs:gradient descent",
    "cat:cs.LG", "cat:cs.CV", "cat:cs.AI learning", "cat:cs.CL", "cat:cs.DS graph",
    "src:arxiv learning", "date:2015 learning", "date:2016-01..2016-03 neural", "date:2010",
    "optim*", "learn*", "graph OR network", "(deep OR convolutional) neural -survey",
    "learning -deep", '"neural network"', '"deep learning" cat:cs.LG', "au:bengio", "au:lecun",
    'au:"Hinton, G"', "au:jordan", "id:1601.00001", "id:1312.6114", "generative adversarial",
    "lstm", "attention mechanism", "transfer learning", "semantic segmentation",
    "natural language processing", "question answering", "speech recognition", "knowledge graph",
    "crowdsourcing", "differential privacy", "approximation algorithm", "linear programming",
    "type theory", "formal verification", "model checking", "software engineering",
    "distributed systems", "consensus", "peer-to-peer", "scheduling", "routing", "cryptography",
    "homomorphic encryption", "malware", "computer vision", "face recognition",
    "3d reconstruction", "image retrieval", "hashing", "clustering", "k-means",
    "spectral clustering", "random forest", "boosting", "kernel methods", "gaussian process",
    "active learning", "semi-supervised", "multi-agent", "planning",
]
STOP = set("a an the of for in on to and with from by via is are at as into using based "
           "towards toward its their our we this that new".split())


def library_queries(db_path, n_titles=60, n_authors=30, n_phrases=10, seed=7):
    """Two words of real titles, first authors' surnames, title phrases."""
    random.seed(seed)
    db = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True)
    docs = [json.loads(r[0]) for r in db.execute("SELECT doc FROM papers WHERE id % 997 = 3")]
    out = []

    def words(d):
        return [w for w in re.findall(r"[A-Za-z][A-Za-z-]+", d.get("title", ""))
                if w.lower() not in STOP and len(w) > 3]

    for d in docs[:n_titles]:
        w = words(d)
        if len(w) >= 2:
            i = random.randrange(0, len(w) - 1)
            out.append(" ".join(w[i:i + 2]).lower())
    for d in docs[n_titles:n_titles + n_authors]:
        a = d.get("authors") or []
        if a:
            name = a[0]["name"] if isinstance(a[0], dict) else a[0]
            out.append("au:" + name.split()[-1])
    for d in docs[n_titles + n_authors:n_titles + n_authors + n_phrases]:
        w = words(d)
        if len(w) >= 3:
            out.append('"%s"' % " ".join(w[:2]).lower())
    return out


def get(url):
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        e.read()
        status = e.code
    return time.perf_counter() - t0, status


def cpu_ns(pid):
    total = 0
    for f in glob.glob("/proc/%d/task/*/schedstat" % pid):
        try:
            with open(f) as fh:
                total += int(fh.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    return total


def percentile(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:18111")
    ap.add_argument("--db", help="the served library, to draw title and author queries from")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--pid", type=int, help="the server's process id, to measure its CPU time")
    ap.add_argument("--pace", type=float, default=0.12,
                    help="seconds between requests (the search rate limit is 10/s per client)")
    args = ap.parse_args()
    queries = FIXED + (library_queries(args.db) if args.db else [])
    kinds = {
        "page": lambda q: "/search?q=" + urllib.parse.quote(q),
        "fragment": lambda q: "/search?fragment=1&q=" + urllib.parse.quote(q),
        "api": lambda q: "/api/v1/search?limit=20&q=" + urllib.parse.quote(q),
        "page2": lambda q: "/search?page=2&q=" + urllib.parse.quote(q),
    }
    for rnd in range(args.rounds):
        times = {k: [] for k in kinds}
        cpu = {k: [] for k in kinds}
        bad = []
        for q in queries:
            for kind, path in kinds.items():
                t0 = time.perf_counter()
                c0 = cpu_ns(args.pid) if args.pid else 0
                dt, status = get(args.url + path(q))
                if args.pid:
                    cpu[kind].append((cpu_ns(args.pid) - c0) / 1e6)
                if status not in (200, 400):
                    bad.append((kind, q, status))
                times[kind].append(dt * 1000)
                rest = args.pace - (time.perf_counter() - t0)
                if rest > 0:
                    time.sleep(rest)
        print("round %d: %d queries" % (rnd + 1, len(queries)))
        for kind, xs in times.items():
            print("  %-9s p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms  max %6.1f ms" %
                  (kind, percentile(xs, 50), percentile(xs, 90), percentile(xs, 99), max(xs)))
            if cpu[kind]:
                c = cpu[kind]
                print("  %-9s server CPU p50 %5.1f ms  p90 %5.1f ms  p99 %5.1f ms  max %5.1f ms" %
                      ("", percentile(c, 50), percentile(c, 90), percentile(c, 99), max(c)))
        slow = sorted(zip(times["page"], queries), reverse=True)[:5]
        print("  slowest pages: " + ", ".join("%s (%.0f ms)" % (q, t) for t, q in slow))
        for b in bad:
            print("  unexpected status", b)


if __name__ == "__main__":
    main()
