#!/usr/bin/python3
"""Loopback HTTP server for the CLI end-to-end tests (tests/cli/fetch_test.sh).

Serves one recorded feed file on 127.0.0.1 at an ephemeral port:
  /<name>          200 with an ETag and Last-Modified; 304 when If-None-Match matches
  /flaky/<name>    503 + Retry-After: 1 for the first --fail-first requests, then as /<name>
  /down/<name>     always 503 + Retry-After: 1
  /html/<name>     200 with an HTML error page (a captive portal / CDN error served as success)
  anything else    404

Binds port 0 and prints the chosen port on stdout (one line), then serves until killed.
Every request is appended to --log as one JSON line:
  {"t" (seconds since the epoch), "path", "status", "if_none_match", "if_modified_since",
   "user_agent", "accept"}
Standard library only; no network beyond 127.0.0.1.
"""
import argparse
import hashlib
import json
import os
import sys
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--file", required=True, help="feed file to serve")
    ap.add_argument("--name", default="nature.rss", help="URL path under which it is served")
    ap.add_argument("--content-type", default="application/rss+xml; charset=utf-8")
    ap.add_argument("--fail-first", type=int, default=1, help="503s answered on /flaky/ before success")
    ap.add_argument("--log", required=True, help="JSON-lines request log")
    args = ap.parse_args()

    with open(args.file, "rb") as f:
        body = f.read()
    etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
    last_modified = formatdate(os.path.getmtime(args.file), usegmt=True)
    lock = threading.Lock()
    state = {"failures_left": args.fail_first}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *a):  # keep stderr quiet; the JSON log records requests
            pass

        def _record(self, status):
            entry = {
                "t": time.time(),
                "path": self.path,
                "status": status,
                "if_none_match": self.headers.get("If-None-Match"),
                "if_modified_since": self.headers.get("If-Modified-Since"),
                "user_agent": self.headers.get("User-Agent"),
                "accept": self.headers.get("Accept"),
            }
            with lock:
                with open(args.log, "a", encoding="utf-8") as out:
                    out.write(json.dumps(entry) + "\n")

        def _send(self, status, headers, payload=b""):
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            if status != 304:
                self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if payload and self.command != "HEAD":
                self.wfile.write(payload)
            self._record(status)

        def do_GET(self):
            path = self.path.split("?", 1)[0]
            if path == "/flaky/" + args.name:
                with lock:
                    fail = state["failures_left"] > 0
                    if fail:
                        state["failures_left"] -= 1
                if fail:
                    self._send(503, [("Retry-After", "1"), ("Content-Type", "text/html")],
                               b"<html><body><h1>503 Service Unavailable</h1></body></html>")
                    return
                path = "/" + args.name
            if path == "/down/" + args.name:
                self._send(503, [("Retry-After", "1"), ("Content-Type", "text/html")],
                           b"<html><body><h1>503 Service Unavailable</h1></body></html>")
                return
            if path == "/html/" + args.name:
                self._send(200, [("Content-Type", "text/html; charset=utf-8")],
                           b"<!DOCTYPE html><html><head><title>Access denied</title></head>"
                           b"<body><h1>Please enable cookies.</h1></body></html>")
                return
            if path != "/" + args.name:
                self._send(404, [("Content-Type", "text/plain")], b"not found\n")
                return
            validators = [("ETag", etag), ("Last-Modified", last_modified)]
            inm = self.headers.get("If-None-Match")
            if inm is not None and etag in [t.strip() for t in inm.split(",")]:
                self._send(304, validators)
                return
            self._send(200, [("Content-Type", args.content_type)] + validators, body)

        do_HEAD = do_GET

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
