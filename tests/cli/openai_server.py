#!/usr/bin/python3
"""OpenAI-compatible loopback server for the CLI end-to-end tests of briefings.

Serves on 127.0.0.1 (--port 0 = an ephemeral port; the chosen port is printed
as the first line of stdout, then it serves until killed):
  POST /v1/chat/completions   plain JSON, or server-sent events when "stream": true
  POST /v1/embeddings         deterministic hashed bag-of-words vectors (--dims)
  GET  /v1/models             the one model
  anything else               404 with an OpenAI-style error object

Chat answers are computed from the prompt: the numbered papers ("[n] title"
lines, then "Field: x" / "领域：x") are parsed out of the user messages, and the
answer is a briefing JSON citing them (themes grouped by field, a bridge
between two fields, trends, must-reads), or a TL;DR JSON ({"tldr": [{"n",
"text"}]}) when the system prompt asks for "tldr". The answer is in the
prompt's language (Chinese when the system prompt contains CJK characters).

--mode makes the model misbehave:
  good            valid answers
  cite-unknown    every briefing answer also cites a paper that was not given
  wrong-lang      every answer is in the other language
  malformed       every chat answer is truncated JSON
  429-once        the first chat request gets 429 + Retry-After: 1, then good
  down-after-N    the first N requests (chat and embeddings) are served, then
                  503 + Retry-After: 3600 (clients give up at once)
  hang            chat requests are read, logged ("status": 0), then never answered
  echo-auth       chat requests get 401 with an error message quoting the request's
                  Authorization header (as some proxies do)
  huge-invalid    every chat answer is --huge-mb MB of text that is not JSON
  oversize        every chat response body is 65 MB (beyond the client's 64 MB limit)
  retry-after-huge  chat requests get 429 + Retry-After: 99999999999999999999
  deep-error      every chat request gets 400 with an error object whose message
                  is nested 60,000 deep: {"error":{"message":[[[...]]]}} (120 KB)
  deep-body       every chat request gets 200 whose JSON (or, streamed, whose
                  first event) carries a value nested 60,000 deep

Every request is appended to --log as one JSON line:
  {"t", "method", "path", "status", "mode", "kind" ("brief"|"tldr"|"embeddings"|...),
   "model", "stream", "json_object", "max_tokens", "lang" ("en"|"zh"), "numbers",
   "messages" (count), "system", "user" (last user message), "inputs" (embeddings count)}
Standard library only; no network beyond 127.0.0.1.
"""
import argparse
import hashlib
import json
import math
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAPER_RE = re.compile(r"^\[(\d+)\] (.*)$")
FIELD_RE = re.compile(r"^\s+(?:Field: |领域：)([^·\n]*)")
INDEX_FIELD_RE = re.compile(r"(?:\(Field: |（领域：)([^)）]*)[)）]\s*$")
CJK_RE = re.compile(r"[\u3400-\u9fff]")
DEEP = 60000  # nesting of the deep-error / deep-body modes


def has_cjk(text):
    return bool(CJK_RE.search(text or ""))


def parse_papers(text):
    """[(n, title, field)] in order of appearance, each number once."""
    papers, seen, current = [], set(), None
    for line in text.splitlines():
        m = PAPER_RE.match(line)
        if m:
            n, rest = int(m.group(1)), m.group(2)
            field = ""
            fm = INDEX_FIELD_RE.search(rest)
            if fm:  # a reduce prompt's index line: "[n] title (Field: x)"
                field = fm.group(1).strip()
                rest = rest[: fm.start()].strip()
            current = None
            if n not in seen:
                seen.add(n)
                current = [n, rest.strip(), field]
                papers.append(current)
            continue
        fm = FIELD_RE.match(line)
        if fm and current is not None and not current[2]:
            current[2] = fm.group(1).strip()
    return [tuple(p) for p in papers]


def short(title, words=6):
    parts = title.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def cite(numbers):
    return "".join("[%d]" % n for n in numbers)


def briefing(papers, zh, unknown=None):
    by_field = {}
    for n, title, field in papers:
        by_field.setdefault(field or "unknown", []).append((n, title))
    extra = [unknown] if unknown else []
    themes = []
    for field, items in sorted(by_field.items()):
        nums = [n for n, _ in items]
        if zh:
            title = "%s 领域的新进展" % field
            summary = "这些论文在该领域提出了新的方法，并报告了具体的实验结果 %s。" % cite(nums + extra)
            findings = ["论文《%s》给出了主要发现 %s。" % (short(t, 4), cite([n])) for n, t in items[:2]]
        else:
            title = "New work in %s" % field
            summary = "These papers propose new methods in %s and report concrete results %s." % (
                field, cite(nums + extra))
            findings = ["%s reports its main result %s." % (short(t), cite([n])) for n, t in items[:2]]
        themes.append({"title": title, "summary": summary, "papers": nums + extra, "findings": findings})
    fields = sorted(by_field)
    bridges = []
    if len(fields) >= 2:
        a, b = by_field[fields[0]][0][0], by_field[fields[1]][0][0]
        why = ("两篇论文共享相同的方法思路 %s。" % cite([a, b])) if zh else (
            "Both papers share the same methodological idea %s." % cite([a, b]))
        bridges.append({"papers": [a, b], "why": why})
    first = [n for n, _, _ in papers[:2]]
    if zh:
        overview = "本期共有 %d 篇论文，涉及 %d 个领域 %s。" % (len(papers), len(fields), cite(first + extra))
        trends = ["方法正在不同领域之间迁移 %s。" % cite(first)]
        must = [{"paper": n, "why": "这篇论文的结果最为具体。"} for n, _, _ in papers[:3]]
    else:
        overview = "This period brings %d papers from %d fields %s." % (len(papers), len(fields), cite(first + extra))
        trends = ["Methods are moving between fields %s." % cite(first)]
        must = [{"paper": n, "why": "The most concrete results."} for n, _, _ in papers[:3]]
    if unknown:
        must.append({"paper": unknown, "why": "A paper that was never given."})
    return {"overview": overview, "themes": themes, "bridges": bridges, "trends": trends,
            "must_reads": must}


def tldrs(papers, zh):
    items = []
    for n, title, _ in papers:
        if zh:
            text = "该研究围绕“%s”提出了新的方法，并报告了主要实验结果。" % short(title, 5)
        else:
            text = "The work on %s proposes a method and reports its main result." % short(title).lower()
        items.append({"n": n, "text": text})
    return {"tldr": items}


# A multilingual embedding model in miniature: Chinese terms embed as their
# English words (search_languages_test.sh: a radar described in Chinese).
GLOSSARY = {"大语言模型": "large language model", "规划": "planning", "工具": "tool",
            "医学": "medical", "图像": "image", "分割": "segmentation", "语言": "language",
            "模型": "model", "智能体": "agent", "翻译": "translation", "语音": "speech",
            "深度学习": "deep learning", "扩散": "diffusion", "强化学习": "reinforcement learning"}


def embedding(text, dims):
    v = [0.0] * dims
    text = text or ""
    for zh, en in GLOSSARY.items():
        text = text.replace(zh, " " + en + " ")
    for word in re.findall(r"\w+", text.lower()):
        h = hashlib.sha1(word.encode("utf-8")).digest()
        v[int.from_bytes(h[:4], "big") % dims] += 1.0 if h[4] & 1 else -1.0
    norm = math.sqrt(sum(x * x for x in v))
    if norm == 0:
        v[0], norm = 1.0, 1.0
    return [x / norm for x in v]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0, help="0 = ephemeral; printed on stdout's first line")
    ap.add_argument("--mode", default="good",
                    help="good | cite-unknown | wrong-lang | malformed | 429-once | down-after-N | hang | "
                         "echo-auth | huge-invalid | oversize | retry-after-huge | deep-error | deep-body")
    ap.add_argument("--log", default="", help="JSON-lines request log")
    ap.add_argument("--model", default="test-model")
    ap.add_argument("--dims", type=int, default=64, help="embedding dimensions")
    ap.add_argument("--huge-mb", type=float, default=3, help="answer size of --mode huge-invalid")
    args = ap.parse_args()

    mode, down_after = args.mode, None
    m = re.fullmatch(r"down-after-(\d+)", mode)
    if m:
        down_after = int(m.group(1))
    elif mode not in ("good", "cite-unknown", "wrong-lang", "malformed", "429-once", "hang",
                      "echo-auth", "huge-invalid", "oversize", "retry-after-huge", "deep-error",
                      "deep-body"):
        ap.error("unknown --mode %s" % mode)

    lock = threading.Lock()
    state = {"requests": 0, "chats": 0}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *a):  # keep stderr quiet; the JSON log records requests
            pass

        def _record(self, status, info):
            if not args.log:
                return
            entry = {"t": time.time(), "method": self.command, "path": self.path, "status": status,
                     "mode": mode}
            entry.update(info)
            with lock:
                with open(args.log, "a", encoding="utf-8") as out:
                    out.write(json.dumps(entry, ensure_ascii=False) + "\n")

        def _send_json(self, status, obj, info, headers=()):
            payload = json.dumps(obj, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(payload)
            self._record(status, info)

        def _send_bytes(self, status, payload, content_type, info):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            try:
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading at its limit
            self._record(status, info)

        def _error(self, status, message, info, headers=()):
            kind = {429: "rate_limit_exceeded", 503: "server_error", 404: "not_found"}.get(status, "invalid_request_error")
            self._send_json(status, {"error": {"message": message, "type": kind, "code": kind}}, info, headers)

        def do_GET(self):
            if self.path.split("?", 1)[0].rstrip("/").endswith("/models"):
                self._send_json(200, {"object": "list", "data": [{"id": args.model, "object": "model"}]},
                                {"kind": "models"})
            else:
                self._error(404, "no route " + self.path, {"kind": "unknown"})

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length > 0 else b""
            path = self.path.split("?", 1)[0].rstrip("/")
            try:
                body = json.loads(raw.decode("utf-8")) if raw else {}
            except (ValueError, UnicodeDecodeError) as e:
                self._error(400, "request body is not JSON: %s" % e, {"kind": "bad-json"})
                return
            if not isinstance(body, dict):
                self._error(400, "request body is not a JSON object", {"kind": "bad-json"})
                return
            with lock:
                state["requests"] += 1
                served = state["requests"]
            if down_after is not None and served > down_after:
                self._error(503, "the test provider is down", {"kind": "down"}, [("Retry-After", "3600")])
                return
            if path.endswith("/chat/completions"):
                self._chat(body)
            elif path.endswith("/embeddings"):
                self._embeddings(body)
            else:
                self._error(404, "no route " + self.path, {"kind": "unknown"})

        def _chat(self, body):
            messages = body.get("messages") or []
            system = "\n".join(m.get("content") or "" for m in messages
                               if isinstance(m, dict) and m.get("role") == "system")
            users = [m.get("content") or "" for m in messages if isinstance(m, dict) and m.get("role") == "user"]
            papers = parse_papers("\n".join(users))
            zh = has_cjk(system)
            is_tldr = '"tldr"' in system
            info = {"kind": "tldr" if is_tldr else "brief", "model": body.get("model"),
                    "stream": bool(body.get("stream")),
                    "json_object": (body.get("response_format") or {}).get("type") == "json_object",
                    "max_tokens": body.get("max_tokens"), "lang": "zh" if zh else "en",
                    "numbers": [p[0] for p in papers], "messages": len(messages), "system": system,
                    "user": users[-1] if users else ""}
            with lock:
                state["chats"] += 1
                first_chat = state["chats"] == 1
            if mode in ("deep-error", "deep-body"):
                self._deep(mode, bool(body.get("stream")), info)
                return
            if mode == "429-once" and first_chat:
                self._error(429, "Rate limit reached, retry after 1s", info, [("Retry-After", "1")])
                return
            if mode == "hang":
                self._record(0, info)  # logged on arrival: it is never answered
                time.sleep(3600)
                return
            if mode == "echo-auth":
                self._error(401, "Invalid credentials in header Authorization: %s"
                            % self.headers.get("Authorization", ""), info)
                return
            if mode == "retry-after-huge":
                self._error(429, "Rate limit reached", info, [("Retry-After", "99999999999999999999")])
                return
            if mode == "oversize":
                self._send_bytes(200, b" " * (65 << 20), "application/json", info)
                return
            if not papers:
                self._error(400, "no numbered papers in the prompt", info)
                return
            answer_zh = (not zh) if mode == "wrong-lang" else zh
            if is_tldr:
                answer = tldrs(papers, answer_zh)
            else:
                unknown = max(p[0] for p in papers) + 900 if mode == "cite-unknown" else None
                answer = briefing(papers, answer_zh, unknown)
            content = json.dumps(answer, ensure_ascii=False)
            if mode == "malformed":
                content = content[: len(content) // 2]
            if mode == "huge-invalid":
                content = "Here is my answer. " * int(args.huge_mb * (1 << 20) / 19)
            usage = {"prompt_tokens": sum(len(m.get("content") or "") for m in messages if isinstance(m, dict)) // 4,
                     "completion_tokens": max(1, len(content) // 4)}
            usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
            created = int(time.time())
            if body.get("stream"):
                self._stream(content, usage, created, bool((body.get("stream_options") or {}).get("include_usage")), info)
                return
            self._send_json(200, {
                "id": "chatcmpl-%d" % created, "object": "chat.completion", "created": created,
                "model": args.model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                             "finish_reason": "stop"}],
                "usage": usage}, info)

        def _stream(self, content, usage, created, include_usage, info):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True

            def event(obj):
                self.wfile.write(("data: " + json.dumps(obj, ensure_ascii=False) + "\n\n").encode("utf-8"))

            base = {"id": "chatcmpl-%d" % created, "object": "chat.completion.chunk", "created": created,
                    "model": args.model}
            event(dict(base, choices=[{"index": 0, "delta": {"role": "assistant", "content": ""},
                                       "finish_reason": None}]))
            for i in range(0, len(content), 40):
                event(dict(base, choices=[{"index": 0, "delta": {"content": content[i:i + 40]},
                                           "finish_reason": None}]))
            event(dict(base, choices=[{"index": 0, "delta": {}, "finish_reason": "stop"}]))
            if include_usage:
                event(dict(base, choices=[], usage=usage))
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
            self._record(200, info)

        def _deep(self, mode, stream, info):
            # Written by hand: json.dumps would itself recurse 60,000 deep.
            nested = "[" * DEEP + "]" * DEEP
            if mode == "deep-error":
                status, ctype = 400, "application/json"
                payload = '{"error":{"type":"invalid_request_error","message":' + nested + '}}'
            elif stream:
                status, ctype = 200, "text/event-stream"
                payload = 'data: {"choices":[{"index":0,"delta":{"content":' + nested + '}}]}\n\ndata: [DONE]\n\n'
            else:
                status, ctype = 200, "application/json"
                payload = ('{"id":"chatcmpl-deep","object":"chat.completion","model":"%s","choices":'
                           '[{"index":0,"message":{"role":"assistant","content":"{}"},"finish_reason":"stop"}],'
                           '"x":%s}' % (args.model, nested))
            data = payload.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            self._record(status, info)

        def _embeddings(self, body):
            inputs = body.get("input")
            if isinstance(inputs, str):
                inputs = [inputs]
            if not isinstance(inputs, list):
                self._error(400, "input must be a string or a list of strings", {"kind": "embeddings"})
                return
            texts = [t if isinstance(t, str) else "" for t in inputs]
            data = [{"object": "embedding", "index": i, "embedding": embedding(t, args.dims)}
                    for i, t in enumerate(texts)]
            tokens = sum(len(t) for t in texts) // 4
            self._send_json(200, {"object": "list", "data": data, "model": body.get("model") or args.model,
                                  "usage": {"prompt_tokens": tokens, "total_tokens": tokens}},
                            {"kind": "embeddings", "model": body.get("model"), "inputs": len(texts)})

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
