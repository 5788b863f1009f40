#!/usr/bin/env python3
"""A minimal loopback SMTP sink for bench/daemon_day.sh: accepts every message, counts it, and
optionally saves it (one file per message). aiosmtpd parses and dispatches every line through
several layers and costs ~1 ms of CPU a message on this machine, which would share the 2 cores
with the daemon; this reads each message body with one readuntil.

usage: smtp_sink.py PORT_FILE [SAVE_DIR]
  Listens on 127.0.0.1 (a free port, written to PORT_FILE). SIGUSR1 or SIGTERM writes
  "messages bytes connections" to PORT_FILE.count; SIGTERM then exits.
"""
import asyncio
import os
import signal
import sys

count = 0
total_bytes = 0
connections = 0


async def session(reader, writer):
    global count, total_bytes, connections
    connections += 1
    writer.write(b"220 sink ESMTP\r\n")
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            cmd = line[:4].upper()
            if cmd in (b"EHLO",):
                writer.write(b"250-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 52428800\r\n")
            elif cmd == b"HELO":
                writer.write(b"250 sink\r\n")
            elif cmd == b"DATA":
                writer.write(b"354 go ahead\r\n")
                await writer.drain()
                body = await reader.readuntil(b"\r\n.\r\n")
                count += 1
                total_bytes += len(body)
                if SAVE_DIR:
                    with open(os.path.join(SAVE_DIR, f"{count:06d}.eml"), "wb") as f:
                        f.write(body[:-3])
                writer.write(b"250 OK queued\r\n")
            elif cmd == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                break
            else:  # MAIL, RCPT, RSET, NOOP, ...
                writer.write(b"250 OK\r\n")
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    writer.close()


def report():
    with open(PORT_FILE + ".count", "w") as f:
        f.write(f"{count} {total_bytes} {connections}\n")


async def main():
    server = await asyncio.start_server(session, "127.0.0.1", 0, limit=64 << 20, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    with open(PORT_FILE + ".tmp", "w") as f:
        f.write(f"{port}\n")
    os.rename(PORT_FILE + ".tmp", PORT_FILE)
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGUSR1, report)
    loop.add_signal_handler(signal.SIGTERM, lambda: stop.done() or stop.set_result(None))
    await stop
    report()


PORT_FILE = sys.argv[1]
SAVE_DIR = sys.argv[2] if len(sys.argv) > 2 else ""
asyncio.run(main())
