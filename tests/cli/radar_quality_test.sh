#!/usr/bin/env bash
# Radars do what the researcher said (issue 11), on a real day of arXiv (2026-06-16, 555 papers of
# cs.CV, cs.CL and cs.AI): a followed author is a person, not a surname; keywords keep their
# meaning as a query and exclusions filter; feedback acts (a dislike removes the paper, and rated
# or seeded papers are never recommended back nor cited in a briefing); a relevance floor says
# "nothing strongly relevant" instead of filling 20 slots; the default day is the radar's sources'
# latest; updated papers on request; reasons a person understands.
source "$(dirname "$0")/lib.sh" "$@"

DAY=$DATA/arxiv_rss_daily/2026-06-16.xml
D=2026-06-16
run ingest "$DAY"
check_rc "ingest $D" 0

# --- followed authors: the person ---------------------------------------------------------------
# Before: `--author "Yu Wang"` matched Yifan, Yiqi, Yun Wang ... 18 papers that day, 1 right.
run radar create yw --author "Yu Wang"
check_rc "follow Yu Wang" 0
run radar run yw --date $D --json --no-record
check_json "only Yu Wang's paper is shown" '
assert [p["id"] for p in j] == ["2606.16802"], [(p["id"], [a for a in p["authors"] if "Wang" in a]) for p in j]
assert j[0]["reasons"] == ["followed author: Yu Wang"], j[0]["reasons"]'
run radar run yw --date $D --json --no-record --all --limit 0
check_json "--all shows the rest, none of it with an author reason" '
assert len(j) == 555, len(j)
with_reason = [p["id"] for p in j if any(r.startswith("followed author") for r in p["reasons"])]
assert with_reason == ["2606.16802"], with_reason'

# --- keywords are a query; exclusions filter ----------------------------------------------------
run radar create marl --query '"multi-agent" AND ("reinforcement learning" OR RL)'
run radar run marl --date $D --json --no-record --all --limit 0
check_json "papers matching the keywords come first, then those that only share words" '
def matches(p):
    t = (p["title"] + " " + p["abstract"]).lower()
    return bool(re.search(r"multi[- ]agents?\b", t) and
                (re.search(r"reinforcement learning", t) or re.search(r"\brl\b", t)))
flags = [matches(p) for p in j]
n = sum(flags)
assert n >= 2, n
assert flags[:n] == [True] * n, [(p["id"], f) for p, f in zip(j, flags)][:n + 3]
assert [p["query_match"] for p in j] == flags
assert j[0]["reasons"][0].startswith("matches the keywords: \"multi-agent\""), j[0]["reasons"]'
run radar run marl --date $D --json --no-record
check_json "by default only the matches pass the floor" '
assert j and all(p["query_match"] for p in j), [(p["id"], p["query_match"]) for p in j]'

run radar create seg-x --description "medical image segmentation" --exclude "ultrasound MRI"
run radar run seg-x --date $D --json --no-record --all --limit 0
check_json "an excluded word removes the paper, also with --all" '
bad = [p["id"] for p in j if re.search(r"\b(ultrasounds?|mris?)\b", (p["title"] + " " + p["abstract"]).lower())]
assert not bad, bad
assert 500 < len(j) < 555, len(j)'

# --- the relevance floor ------------------------------------------------------------------------
run radar create seg --description "medical image segmentation"
run radar run seg --date $D --json --no-record --limit 0
cp "$T/out" "$T/seg.json"
check_json "a topic of the day: its papers first, and nothing off the topic" '
assert 10 <= len(j) <= 60, len(j)
def text(p): return (p["title"] + " " + p["abstract"]).lower()
both = [p for p in j[:10] if "segment" in text(p) and re.search(r"medical|clinical|lesion|tumou?r|mri|\bct\b", text(p))]
assert len(both) >= 8, [p["title"] for p in j[:10]]
off = [p["title"] for p in j if not re.search(r"segment|medical|clinical", text(p))]
assert not off, off
assert all(p["strong"] and p["relevance"] >= 4 for p in j)'
run radar create ocean --description "ocean circulation and sea ice in a warming climate"
run radar run ocean --date $D --no-record
check_rc "a radar on a topic the day does not have" 0
check_grep "it says nothing is strongly relevant" "Nothing strongly relevant on $D" "$T/out"
check_grep "and how to see the rest" "--all" "$T/out"
run radar run ocean --date $D --no-record --json --all
check_json "--all shows the weak matches" 'assert len(j) == 20 and not any(p["strong"] for p in j), len(j)'

# --- feedback acts; rated and seeded papers are never recommended back ---------------------------
run radar create agents --description "LLM agents for scientific discovery"
run radar run agents --date $D --json --no-record
cp "$T/out" "$T/a0.json"
check_json "a day to rate" 'assert len(j) >= 8, len(j)'
LIKED=$(json_get "$T/a0.json" 'j[0]["id"]')
SAVED=$(json_get "$T/a0.json" 'j[1]["id"]')
DISLIKED=$(json_get "$T/a0.json" 'j[2]["id"]')
HIDDEN=$(json_get "$T/a0.json" 'j[3]["id"]')
SAVED_TITLE=$(json_get "$T/a0.json" 'j[1]["title"]')
ah radar feedback agents "$LIKED" like >/dev/null
ah radar feedback agents "$SAVED" save >/dev/null
ah radar feedback agents "$DISLIKED" dislike >/dev/null
ah radar feedback agents "$HIDDEN" hide >/dev/null
run radar run agents --date $D --json --no-record --all --limit 0
cp "$T/out" "$T/a1.json"
check_json "liked, saved, disliked and hidden papers are not recommended back" "
ids = [p['id'] for p in j]
for k in ['$LIKED', '$SAVED', '$DISLIKED', '$HIDDEN']:
    assert k not in ids, k
assert len(ids) == 551, len(ids)"
check_json "a saved paper is called saved, and no reason points at its own paper" "
saved = [r for p in j for r in p['reasons'] if '$SAVED_TITLE'[:40] in r]
assert not any('liked' in r for r in saved), saved
for p in j:
    for w in p['why']:
        if w['kind'] in ('similar', 'coauthor'):
            assert p['id'] not in w['args'], (p['id'], w)"
run radar run agents --date $D --no-record
check_grep "the run says how many were rated" "4 rated or seeded|3 rated or seeded" "$T/out"
run brief agents --date $D --extractive --json
check_rc "a briefing of the rated radar" 0
check_json "a disliked or hidden paper is never cited in the briefing" "
text = json.dumps(j)
for k in ['$DISLIKED', '$HIDDEN']:
    assert k not in text, k"

SEED=$(json_get "$T/seg.json" 'j[0]["id"]')
SEED_TITLE=$(json_get "$T/seg.json" 'j[0]["title"]')
run radar create seeded --seed "$SEED"
run radar run seeded --date $D --json --no-record --limit 10
check_json "a seed of the day is not recommended back; the others name it by title" "
assert '$SEED' not in [p['id'] for p in j]
sim = [r for p in j for r in p['reasons'] if r.startswith('similar to seed')]
assert sim and all(r.startswith('similar to seed \"' + '''$SEED_TITLE'''[:30]) for r in sim), sim[:3]"

# --- reasons a person understands -----------------------------------------------------------------
run radar create speech --description "papers like speech translation based on data for low-resource languages"
run radar run speech --date $D --json --no-record --limit 10
check_json "reasons: no filler words, no word fragments" '
words = [a for p in j for w in p["why"] if w["kind"] in ("terms", "matches") for a in w["args"]]
assert words
for bad in ("like", "based", "data", "papers", "lingual", "end", "low"):
    assert bad not in words, (bad, words)
assert "low-resource" in words, words'

# --- the default day is the latest of the radar's sources ----------------------------------------
run ingest "$SAMPLES/biorxiv"
check_rc "bioRxiv announcements of September" 0
run radar create not-bio --description "medical image segmentation" --exclude-source biorxiv
run radar run not-bio --json --no-record --limit 5
check_json "a radar that excludes bioRxiv runs on its sources' latest day" "
assert j and all(p['listing_date'] == '$D' for p in j), [p['listing_date'] for p in j]"

# --- updated papers on request -------------------------------------------------------------------
# The next day's feed announces version 2 of two papers: one the radar showed, one it never did.
run radar create seg-upd --description "medical image segmentation" --include-updates
run radar show seg-upd --json
check_json "the radar keeps include_updates" 'assert j["include_updates"] is True, j'
ah radar run seg-upd --date $D --json --no-record --limit 10 > "$T/upd0.json"
SHOWN=$(json_get "$T/upd0.json" 'j[0]["id"]')
UNSEEN=$(json_get "$T/upd0.json" 'j[4]["id"]')
run radar run seg-upd --date $D --json --limit 2
check_json "day 1: the radar shows its two best papers" "assert [p['id'] for p in j][0] == '$SHOWN', j"
"$PY" - "$DAY" "$T/next.xml" "$SHOWN" "$UNSEEN" <<'EOF'
import re, sys
src, dst, ids = sys.argv[1], sys.argv[2], sys.argv[3:]
xml = open(src, encoding="utf-8").read()
head, rest = xml.split("<item>", 1)
items = ["<item>" + x for x in rest.split("<item>")]
keep = []
for it in items:
    m = re.search(r"<link>https://arxiv.org/abs/([0-9.]+)</link>", it)
    if m and m.group(1) in ids:
        it = it.replace("v1 Announce Type: new", "v2 Announce Type: replace")
        it = it.replace("v1 Announce Type: cross", "v2 Announce Type: replace-cross")
        it = it.replace(m.group(1) + "v1</guid>", m.group(1) + "v2</guid>")
        it = re.sub(r"<arxiv:announce_type>[a-z-]+</arxiv:announce_type>",
                    "<arxiv:announce_type>replace</arxiv:announce_type>", it)
        it = it.split("</item>")[0] + "</item>\n"
        keep.append(it.replace("Tue, 16 Jun 2026", "Wed, 17 Jun 2026"))
head = head.replace("Tue, 16 Jun 2026", "Wed, 17 Jun 2026")
open(dst, "w", encoding="utf-8").write(head + "".join(keep) + "  </channel>\n</rss>\n")
EOF
run ingest "$T/next.xml"
check_rc "ingest the next day's replacements" 0
run radar run seg-upd --date 2026-06-17 --json --no-record
check_json "the update of a paper never shown, with its badge; not the one shown before" "
assert [p['id'] for p in j] == ['$UNSEEN'], [p['id'] for p in j]
assert j[0]['announce'] == 'updated v2', j[0]['announce']"
run radar run seg-upd --date 2026-06-17 --no-record
check_grep "the card says updated v2" "updated v2" "$T/out"
run radar run seg --date 2026-06-17 --json --no-record --all
check_json "a radar without --include-updates: a replacement is not new" 'assert j == [], j'
run radar edit seg --include-updates
run radar run seg --date 2026-06-17 --json --no-record
check_json "radar edit --include-updates turns it on (seg never recorded what it showed)" "
assert '$SHOWN' in [p['id'] for p in j], [p['id'] for p in j]
assert all(p['announce'] == 'updated v2' for p in j), j"

finish
