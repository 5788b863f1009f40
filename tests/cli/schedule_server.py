#!/usr/bin/python3
"""Loopback HTTP server standing in for rss.arxiv.org in tests/cli/daemon_test.sh.

What it answers is read from --state on every request (the test rewrites it as its simulated
week goes on), one line:
  file <path>        200 with that recorded feed (a day's announcement, or yesterday's: a late feed)
  503 <seconds>      503 with Retry-After: <seconds>
  slow <path> <s>    the feed after <s> seconds (so a test can kill the daemon mid-request)
Binds 127.0.0.1 port 0 and prints the port on stdout. Every request is appended to --log as one
JSON line {"path", "status", "state"}. Standard library only.
"""
import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--state", required=True)
    ap.add_argument("--log", required=True)
    args = ap.parse_args()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *a):
            pass

        def _send(self, status, headers, payload, state):
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            with lock, open(args.log, "a", encoding="utf-8") as out:
                out.write(json.dumps({"path": self.path, "status": status, "state": state}) + "\n")

        def do_GET(self):
            with open(args.state, encoding="utf-8") as f:
                state = f.read().strip()
            parts = state.split()
            if not self.path.startswith("/rss/") or not parts:
                self._send(404, [], b"not found", state)
            elif parts[0] == "503":
                self._send(503, [("Retry-After", parts[1])], b"busy", state)
            else:
                if parts[0] == "slow":
                    time.sleep(float(parts[2]))
                with open(parts[1], "rb") as f:
                    body = f.read()
                self._send(200, [("Content-Type", "application/rss+xml; charset=utf-8")], body, state)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
