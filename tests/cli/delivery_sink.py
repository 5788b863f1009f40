#!/usr/bin/python3
"""Loopback receivers for the delivery crash tests: an SMTP server (aiosmtpd) and a
webhook receiver (http.server) in one process, logging every message and post they
accept as a JSON line to LOG: {"t": unix seconds (float), "kind": "mail"|"hook", ...}, and each
RCPT TO: as it starts ("kind": "rcpt": a send is under way).

usage: delivery_sink.py SMTP_PORT HTTP_PORT LOG [RCPT_DELAY_SECONDS]

RCPT_DELAY_SECONDS (default 0) slows every RCPT TO: down, so that a sender killed at a
random moment is often killed in the middle of a send (before the server accepted the
message), which is the case a retry must repair."""
import asyncio
import email
import email.policy
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

smtp_port, http_port, log_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rcpt_delay = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
lock = threading.Lock()


def log(entry):
    entry["t"] = time.time()
    with lock, open(log_path, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry) + "\n")
        f.flush()


class Mail:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        log({"kind": "rcpt", "to": address})  # a send is under way (the test may kill now)
        if rcpt_delay:
            await asyncio.sleep(rcpt_delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        m = email.message_from_bytes(envelope.content, policy=email.policy.default)
        # Logged before the 250 reply: from here on the message counts as delivered.
        log({"kind": "mail", "message_id": str(m["Message-ID"]),
             "key": str(m["X-AcademicHub-Delivery"]), "to": envelope.rcpt_tos,
             "date": str(m["Date"])})
        return "250 Message accepted for delivery"


class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            j = json.loads(body)
        except ValueError:
            j = {}
        log({"kind": "hook", "path": self.path, "radar": j.get("radar"), "date": j.get("date"),
             "papers": len(j.get("papers", []))})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


controller = Controller(Mail(), hostname="127.0.0.1", port=smtp_port)
controller.start()
try:
    ThreadingHTTPServer(("127.0.0.1", http_port), Hook).serve_forever()
finally:
    controller.stop()
