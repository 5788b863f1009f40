#!/usr/bin/python3
"""Baseline: the Python pipeline AcademicHub is compared against.

Does the same work as `academichub ingest` on an OAI-PMH harvest (metadataPrefix=arXiv):
gunzip each page, parse it with ElementTree, extract id/title/abstract/authors/categories/dates/doi/
journal-ref, and store every record in SQLite with an FTS5 index over title/abstract/authors/categories,
one transaction per page. Prints one JSON line: records, seconds, records_per_s, mb_per_s.

Usage: python_ingest.py DB PAGE.xml.gz...
"""
import gzip, json, os, sqlite3, sys, time
import xml.etree.ElementTree as ET

OAI = "{http://www.openarchives.org/OAI/2.0/}"
AX = "{http://arxiv.org/OAI/arXiv/}"


def text(el, tag):
    c = el.find(AX + tag)
    return " ".join(c.text.split()) if c is not None and c.text else ""


def main():
    db, pages = sys.argv[1], sys.argv[2:]
    if os.path.exists(db):
        os.remove(db)
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("CREATE TABLE papers(id INTEGER PRIMARY KEY, key TEXT UNIQUE, title TEXT, abstract TEXT,"
                " authors TEXT, categories TEXT, created TEXT, updated TEXT, doi TEXT, journal_ref TEXT)")
    con.execute("CREATE VIRTUAL TABLE papers_fts USING fts5(title, abstract, authors, categories,"
                " content='papers', content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
    t0 = time.perf_counter()
    n = 0
    nbytes = 0
    for page in pages:
        data = gzip.open(page).read() if page.endswith(".gz") else open(page, "rb").read()
        nbytes += len(data)
        root = ET.fromstring(data)
        rows = []
        for rec in root.iter(OAI + "record"):
            md = rec.find(OAI + "metadata")
            if md is None:
                continue
            a = md.find(AX + "arXiv")
            if a is None:
                continue
            names = []
            for au in a.iter(AX + "author"):
                fn, kn = au.find(AX + "forenames"), au.find(AX + "keyname")
                names.append(((fn.text + " ") if fn is not None and fn.text else "") + (kn.text or "" if kn is not None else ""))
            rows.append((text(a, "id"), text(a, "title"), text(a, "abstract"), ", ".join(names),
                         text(a, "categories"), text(a, "created"), text(a, "updated"), text(a, "doi"),
                         text(a, "journal-ref")))
        with con:
            for r in rows:
                cur = con.execute("INSERT OR REPLACE INTO papers(key,title,abstract,authors,categories,created,updated,doi,journal_ref)"
                                  " VALUES(?,?,?,?,?,?,?,?,?)", r)
                con.execute("INSERT INTO papers_fts(rowid,title,abstract,authors,categories) VALUES(?,?,?,?,?)",
                            (cur.lastrowid, r[1], r[2], r[3], r[4]))
        n += len(rows)
    dt = time.perf_counter() - t0
    print(json.dumps({"records": n, "seconds": round(dt, 3), "records_per_s": round(n / dt, 1),
                      "mb_per_s": round(nbytes / dt / 1e6, 2)}))


if __name__ == "__main__":
    main()
