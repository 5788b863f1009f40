#!/usr/bin/python3
"""JSON assertions for the CLI end-to-end tests.

usage: jcheck.py CODE FILE [FILE...]
Loads every FILE as JSON (js = list of them, j = the first) and runs CODE, a block of Python
statements using `assert cond, message`. Exits 0 when every assertion holds; otherwise prints
what failed (the assertion message, or the exception) and exits 1.
Helpers available to CODE: re, json, dates(paper) -> sorted known YYYY-MM-DD dates of a paper.
"""
import json
import re
import sys
import traceback


def dates(p):
    out = []
    for k in ("submitted", "published", "updated"):
        if p.get(k):
            out.append(p[k][:10])
    out += [v["date"][:10] for v in p.get("versions") or [] if v.get("date")]
    out += [l["date"][:10] for l in p.get("listings") or [] if l.get("date")]
    return sorted(out)


def main():
    code, files = sys.argv[1], sys.argv[2:]
    js = []
    for f in files:
        try:
            with open(f, encoding="utf-8") as fh:
                js.append(json.load(fh))
        except Exception as e:  # not JSON at all: a failure of the command under test
            with open(f, "rb") as fh:
                head = fh.read(300)
            print("%s is not valid JSON (%s): %r" % (f, e, head))
            return 1
    env = {"json": json, "re": re, "dates": dates, "js": js, "j": js[0] if js else None}
    try:
        exec(compile(code, "<check>", "exec"), env)
    except AssertionError as e:
        frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == "<check>"]
        lines = code.splitlines()
        line = lines[frames[-1].lineno - 1].strip() if frames and frames[-1].lineno <= len(lines) else ""
        print("assertion failed: %s%s" % (line, (" -- " + str(e)) if str(e) else ""))
        return 1
    except Exception as e:
        print("error while checking: %s: %s" % (type(e).__name__, e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
