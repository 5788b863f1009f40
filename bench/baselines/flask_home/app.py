"""The peers' stack for the web benchmark (bench/web_bench.sh): Flask + Jinja2 +
SQLite rendering the Curated Daily page's visitor view from the same library
file — the latest announced day's numbered cards (title, badges, authors,
abstract, links), the source and category filters, the same layout — per
request, as a typical Flask app does (one SQLite connection per worker,
reused; Jinja2 autoescape on, templates compiled once).

Environment: AH_DB (the library), AH_CARDS (how many cards: the same count as
our page). Run: gunicorn --chdir bench/baselines/flask_home app:app
"""
import json
import os
import sqlite3
import threading

from flask import Flask, render_template

app = Flask(__name__)
DB = os.environ["AH_DB"]
CARDS = int(os.environ.get("AH_CARDS", "30"))
_local = threading.local()


def db():
    c = getattr(_local, "conn", None)
    if c is None:
        c = sqlite3.connect(f"file:{DB}?mode=ro", uri=True, check_same_thread=False)
        _local.conn = c
    return c


def badge(listing, primary):
    src = listing.get("src", "")
    if src == "arxiv":
        ch = listing.get("ch") or primary
        return f"arXiv ({ch.upper() if ch.startswith('cs.') else ch})"
    return src


def card(n, doc, day):
    listing = next((l for l in doc.get("listings", []) if l.get("date") == day), {})
    kind = listing.get("type", "")
    announce = {"new": "New", "cross": "Cross-list"}.get(kind, "")
    if kind.startswith("replace"):
        announce = f"Updated v{len(doc.get('versions', [])) or 1}"
    authors = [a["name"] for a in doc.get("authors", [])]
    short = ", ".join(authors[:8]) + (" et al." if len(authors) > 8 else "")
    return {
        "id": doc["key"], "number": f"{n:02d}", "href": "/papers/" + doc["key"],
        "badge": badge(listing, doc.get("primary", "")), "date": day,
        "announce": announce, "announce_kind": kind, "title": doc.get("title", ""),
        "authors": short, "abstract": doc.get("abs", ""), "abs_url": doc.get("url", ""),
        "pdf_url": doc.get("pdf_url", ""), "doi": doc.get("doi", ""),
    }


@app.route("/")
def home():
    c = db()
    (day,) = c.execute("SELECT max(date) FROM listings WHERE announce_type IN ('new','cross')").fetchone()
    rows = c.execute(
        "SELECT p.doc FROM listings l JOIN papers p ON p.id = l.paper_id "
        "WHERE l.date = ? AND l.announce_type IN ('new','cross') ORDER BY l.id LIMIT ?",
        (day, CARDS)).fetchall()
    cards = [card(i + 1, json.loads(doc), day) for i, (doc,) in enumerate(rows)]
    sources = c.execute("SELECT source, count(*) FROM listings WHERE date = ? GROUP BY source",
                        (day,)).fetchall()
    cats = {}
    for cd in cards:
        cats[cd["badge"]] = cats.get(cd["badge"], 0) + 1
    resp = app.make_response(render_template(
        "home.html", day=day, cards=cards, sources=sources, categories=sorted(cats.items())))
    resp.headers["Cache-Control"] = "no-cache"
    resp.headers["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'")
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Referrer-Policy"] = "same-origin"
    resp.headers["X-Frame-Options"] = "DENY"
    resp.headers["Vary"] = "Cookie, Accept-Language"
    return resp
