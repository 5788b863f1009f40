#!/usr/bin/python3
"""Writes large and deeply nested seed inputs for one libFuzzer target.

usage: fuzz/seeds.py TARGET DIR [RECORDED_SEED...]

libFuzzer grows inputs slowly from small ones: in a 10 s run it never got past
about 1 KB, while the crashes of issue 9 needed 60,000 levels of nesting (about
120 KB). These seeds start it there: nesting of 10,000-150,000 levels (closed,
unclosed, inside a real document; XML stays shallower, pugixml nests 3+ bytes
per level), wide and long inputs of about 256 KB (larger ones make a 10 s run
too slow to mutate anything else; -max_len lets them grow to 1 MiB), and
UTF-16 copies. The first two RECORDED_SEED files (recorded responses the
corpus starts from) are grown into large documents by repeating their records.
Every file stays under 1 MiB. Standard library only.
"""
import json
import os
import re
import sys

MAX = 1 << 20  # -max_len of scripts/test.sh and scripts/fuzz_long.sh
BIG = 256_000  # the size of the "large" seeds: big, yet fast enough for 10 s runs

JSON_TARGETS = {"biorxiv", "crossref", "openalex", "csl_json", "llm_answer", "paper_json", "brief",
                "json", "brief_answer", "detect"}
XML_TARGETS = {"arxiv_rss", "arxiv_api", "arxiv_oai", "feed", "pubmed", "detect"}
# Targets whose first input byte is a control byte (piece size, limits, language...).
CONTROL_BYTE = {"json", "brief_answer", "llm_sse", "store_search"}
RECORD_TAGS = ["item", "entry", "record", "PubmedArticle"]


def nest(n, open_="[", close="]", inner=""):
    return open_ * n + inner + close * n


def json_seeds():
    yield "deep_error", '{"error":' + nest(60000) + "}"  # the file of issue 9
    yield "deep_error_message", '{"error":{"message":' + nest(60000) + "}}"
    yield "deep_array", nest(100000)
    yield "deep_objects", nest(40000, '{"a":', "}", "1")
    yield "deep_mixed", nest(30000, '[{"k":', "}]", "null")
    yield "deep_unclosed", "[" * 150000
    yield "deep_in_collection", '{"messages":[{"status":"ok"}],"collection":' + nest(60000) + "}"
    yield "deep_in_results", '{"meta":{"count":1},"results":[{"id":"https://openalex.org/W1","x":' + \
        nest(60000) + "}]}"
    yield "deep_in_message", '{"status":"ok","message-type":"work","message":{"DOI":"10.1/x","x":' + \
        nest(60000) + "}}"
    yield "deep_in_choices", '{"choices":[{"message":{"content":"{}"}}],"x":' + nest(60000) + "}"
    yield "long_string", '{"message":"' + "x" * BIG + '"}'
    yield "wide_array", "[" + ",".join(str(i) for i in range(40000)) + "]"
    yield "many_keys", "{" + ",".join('"k%d":%d' % (i, i) for i in range(20000)) + "}"
    yield "escapes", '["' + "\\u00e9\\ud83d\\ude00\\n" * 12000 + '"]'


def xml_seeds():
    yield "deep_elements", nest(30000, "<a>", "</a>")
    yield "deep_unclosed", '<?xml version="1.0"?>\n' + "<a>" * 60000
    yield "deep_rss_items", '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>x</title>' + \
        "<item><title>" * 15000
    yield "deep_in_description", '<rss version="2.0"><channel><title>x</title><item><title>t</title>' \
        '<link>https://arxiv.org/abs/2401.00001</link><description>' + nest(30000, "<b>", "</b>", "d") + \
        "</description></item></channel></rss>"
    yield "deep_atom", '<feed xmlns="http://www.w3.org/2005/Atom">' + "<entry><title>" * 15000
    yield "deep_pubmed", "<PubmedArticleSet><PubmedArticle><MedlineCitation><Article><Abstract>" + \
        nest(8000, "<AbstractText>", "</AbstractText>", "a") + "</Abstract></Article></MedlineCitation>" \
        "</PubmedArticle></PubmedArticleSet>"
    yield "deep_oai", '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>' + \
        "<record><metadata>" * 12000
    yield "long_text", '<rss version="2.0"><channel><title>' + "t" * BIG + "</title></channel></rss>"
    yield "many_attributes", "<rss " + " ".join('a%d="%d"' % (i, i) for i in range(20000)) + "/>"


def other_seeds(target):
    if target == "llm_sse":
        yield "deep_data", "data: " + nest(60000) + "\n\n"
        yield "deep_error_event", "event: error\ndata: {\"error\":{\"message\":" + nest(60000) + "}}\n\n"
        yield "huge_event", 'data: {"choices":[{"delta":{"content":"' + "x" * BIG + '"}}]}\n\n'
        yield "many_events", 'data: {"choices":[{"delta":{"content":"ab"}}]}\n\n' * 5000
    elif target == "bibtex":
        yield "deep_braces", "@article{k, title = {" + nest(100000, "{", "}") + "}}"
        yield "deep_unclosed", "@article{k, title = " + "{" * 150000
        yield "long_field", "@article{k, title = {" + "word " * 50000 + "}, year = 2024}"
        yield "many_entries", "".join("@misc{k%d, title={T %d}, doi={10.1/%d}}\n" % (i, i, i)
                                      for i in range(6000))
    elif target == "ris":
        yield "long_line", "TY  - JOUR\nTI  - " + "x" * BIG + "\nER  - \n"
        yield "many_authors", "TY  - JOUR\nTI  - T\n" + "AU  - Doe, J.\n" * 18000 + "ER  - \n"
        yield "many_records", "".join("TY  - JOUR\nTI  - T%d\nDO  - 10.1/%d\nER  - \n" % (i, i)
                                      for i in range(6000))
    elif target in ("query", "store_search"):
        yield "deep_parens", nest(60000, "(", ")", "a")
        yield "deep_not", "NOT " * 60000 + "a"
        yield "deep_negation", "-(" * 60000 + "a" + ")" * 60000
        yield "long_or", " OR ".join("t%d" % i for i in range(25000))
        yield "long_phrase", '"' + "word " * 50000 + '"'
        yield "long_field", "ti:" + "x" * BIG
    elif target == "radar_text":
        yield "deep_jsonl", ('{"task":' + nest(60000) + "}\n") * 3
        yield "long_words", "tokenization " * 20000
        yield "many_lines", '{"task":"t","seeds":["1"],"candidates":["2"],"relevant":[]}\n' * 4000
    elif target == "toml":
        yield "deep_dotted", ".".join(["a"] * 100000) + " = 1\n"
        yield "deep_header", "[" + ".".join(["a"] * 100000) + "]\n"
        yield "deep_arrays", "x = " + nest(100000) + "\n"
        yield "deep_inline", "x = " + nest(40000, "{a=", "}", "1") + "\n"
        yield "long_string", 'x = "' + "s" * BIG + '"\n'
        yield "many_tables", "".join("[t%d]\nk = %d\n" % (i, i) for i in range(15000))


def repeat_records(text):
    """A real document grown past BIG by repeating its first record (item/entry/...)."""
    for tag in RECORD_TAGS:
        m = re.search(r"<%s[\s>].*?</%s>" % (tag, tag), text, re.S)
        if m and len(m.group(0)) < BIG:
            k = max(1, (BIG - len(text)) // len(m.group(0)))
            return text[: m.start()] + m.group(0) * k + text[m.start():]
    try:  # JSON: the first array of objects, its elements repeated
        doc = json.loads(text)
    except ValueError:
        return None
    queue = [doc]
    while queue:
        v = queue.pop(0)
        if isinstance(v, list) and v and isinstance(v[0], dict):
            k = max(1, BIG // max(1, len(json.dumps(v[0]))))
            v[:] = (v * (k // len(v) + 1))[:k]
            return json.dumps(doc, ensure_ascii=False)
        queue += list(v.values()) if isinstance(v, dict) else v if isinstance(v, list) else []
    return None


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    target, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    seeds = []
    if target in JSON_TARGETS:
        seeds += list(json_seeds())
    if target in XML_TARGETS:
        seeds += list(xml_seeds())
    seeds += list(other_seeds(target))
    if target == "brief_answer":
        seeds.append(("fenced_deep", "Here is the JSON:\n```json\n{\"themes\":" + nest(60000) + "}\n```"))
        seeds.append(("braces_in_prose", "{ " * 100000))
    blobs = [(name, s.encode("utf-8")) for name, s in seeds]
    for path in sys.argv[3:5]:  # two recorded seeds grown and converted are enough
        raw = open(path, "rb").read()
        name = os.path.basename(path)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        grown = repeat_records(text)
        if grown:
            blobs.append(("large_" + name, grown.encode("utf-8")))
        if target in ("feed", "arxiv_rss", "detect", "biorxiv"):
            blobs.append(("utf16le_" + name, b"\xff\xfe" + text.encode("utf-16-le")))
            blobs.append(("utf16be_nobom_" + name, text.encode("utf-16-be")))
    for name, blob in blobs:
        if target in CONTROL_BYTE:
            blob = b"\x00" + blob
        with open(os.path.join(out, "gen_" + name), "wb") as f:
            f.write(blob[:MAX])
    return 0


if __name__ == "__main__":
    sys.exit(main())
