#!/usr/bin/env python3
"""Creates N users with R radars each in a library, for bench/daemon_day.sh.

usage: daemon_day_users.py LIBRARY.db N_USERS [RADARS_PER_USER] [--port SMTP_PORT-unused]

Written with SQL matching the schema (src/store/sqlite/schema.cc: users, radars; the radar
document as store::sqlite DefinitionDoc writes it), in one transaction, so that 10,000 users take
a second. Each user gets digest settings (an address, daily, skip empty days, an unsubscribe
token) and a delivery time (07:00 in one of a dozen time zones, all past 07:00 local at the
bench's clock). The radars are varied and drawn from the library's own papers: topics are the
most frequent title bigrams of the month, keywords single title words, categories the papers'
categories weighted by frequency. Deterministic (seeded). The library must be migrated already
(any academichub command that opens it for writing does that).
"""
import collections
import json
import random
import re
import secrets
import sqlite3
import sys

STOP = set("""a an and are as at be by for from in into is it its of on or our over the their this
to towards toward under via we with without using based through than that these those can not new
how what when which while do does via vs versus beyond across between one two three all more
learning model models""".split())
# Time zones whose local date is 2026-06-02 and whose 07:00 is past at the bench's clock
# (2026-06-02T12:00Z): the whole day's deliveries are due. Varied so the planner's time zone work
# is real.
ZONES = ["UTC", "Europe/London", "Europe/Berlin", "Europe/Paris", "Europe/Moscow", "Africa/Cairo",
         "Asia/Kolkata", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney", "America/New_York",
         "America/Sao_Paulo"]


def words(title):
    return [w for w in re.findall(r"[a-z][a-z0-9\-]+", title.lower()) if w not in STOP and len(w) > 2]


def main():
    db_path, n_users = sys.argv[1], int(sys.argv[2])
    per_user = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    rng = random.Random(20260602)
    db = sqlite3.connect(db_path)
    unigrams, bigrams, cats = collections.Counter(), collections.Counter(), collections.Counter()
    for doc, categories in db.execute("SELECT doc, categories FROM papers"):
        title = json.loads(doc).get("title", "")
        ws = words(title)
        unigrams.update(ws)
        bigrams.update(f"{a} {b}" for a, b in zip(ws, ws[1:]))
        cats.update(c for c in re.split(r"[ ,|]+", categories) if c)
    topics = [b for b, _ in bigrams.most_common(400)]
    keywords = [w for w, _ in unigrams.most_common(600)[20:]]
    cat_list, cat_weights = zip(*cats.most_common(40))
    now = 1780300000
    users, radars = [], []
    for i in range(n_users):
        name = f"u{i:05d}"
        settings = {
            "digest": {"email": f"{name}@bench.example.org", "frequency": "daily",
                       "empty": "skip", "lang": "zh" if i % 10 == 9 else "en",
                       "unsubscribe": f"{name}.{secrets.token_hex(16)}"},
            "delivery": {"time": "07:00", "time_zone": ZONES[i % len(ZONES)]},
        }
        users.append((name, json.dumps(settings), now))
        for k in range(per_user):
            kind = rng.randrange(3)
            t = rng.sample(topics, 2)
            doc = {"description": f"{t[0]} and {t[1]}", "query": "", "exclude": "",
                   "include_categories": [], "exclude_categories": [], "include_sources": [],
                   "exclude_sources": [], "authors": [], "seeds": []}
            if kind >= 1:  # keywords too
                doc["query"] = " OR ".join(rng.sample(keywords, rng.randint(1, 3)))
            if kind == 2:  # and categories
                doc["include_categories"] = sorted(set(rng.choices(cat_list, cat_weights, k=2)))
            radars.append((name, f"topic {k + 1}", json.dumps(doc), now, now))
    with db:
        db.executemany("INSERT INTO users(name, password_hash, admin, lang, settings, created_unix) "
                       "VALUES (?, '', 0, '', ?, ?)", users)
        db.executemany("INSERT INTO radars(owner, name, doc, created_unix, updated_unix, public) "
                       "VALUES (?, ?, ?, ?, ?, 0)", radars)
    print(f"{len(users)} users, {len(radars)} radars")


if __name__ == "__main__":
    main()
