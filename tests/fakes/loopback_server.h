// A real HTTP server on 127.0.0.1 (ephemeral port) for tests that go through
// libcurl: scriptable canned responses per path, and a record of every request.
//
// Responses are looked up by the request target ("/feed?cursor=2") first, then by
// its path ("/feed"); for each key a queue of one-shot responses is consumed before
// the key's default. No match: 404 "no canned response".
//
// Thread-safe; the server thread runs until Stop() or destruction.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace ah::testing {

struct CannedResponse {
  int status = 200;
  std::string body;
  std::string content_type = "text/plain";
  std::vector<std::pair<std::string, std::string>> headers;  // extra, e.g. Retry-After, Location
  // Conditional GET: sent as ETag / Last-Modified; a request carrying a matching
  // If-None-Match / If-Modified-Since gets 304 with no body instead.
  std::string etag;
  std::string last_modified;
  // Body gzip-compressed by the server with "Content-Encoding: gzip".
  bool gzip = false;
  // Slow body: sent `chunk_bytes` at a time, waiting `chunk_delay_ms` before every
  // chunk after the first. With `chunked_encoding`, Transfer-Encoding: chunked is
  // used (then cpp-httplib may itself compress text/* content types: prefer
  // application/octet-stream); otherwise Content-Length is announced.
  size_t chunk_bytes = 0;
  int64_t chunk_delay_ms = 0;
  bool chunked_encoding = false;
  // Truncated body: Content-Length announces body.size() but the connection is
  // closed after the first `truncate_at` bytes.
  std::optional<size_t> truncate_at;

  // Shorthands.
  static CannedResponse Text(std::string body, int status = 200);
  static CannedResponse WithRetryAfter(int status, std::string retry_after, std::string body = "");
};

struct RecordedRequest {
  std::string method;
  std::string path;                            // decoded path, no query
  std::string query;                           // raw query string without '?', "" when none
  std::string target;                          // raw request target as sent
  std::map<std::string, std::string> headers;  // names lower-cased; last value wins
  std::string body;

  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// gzip-compresses `data` (zlib, gzip wrapper).
std::string GzipCompress(std::string_view data);

class LoopbackServer {
 public:
  LoopbackServer();  // binds and starts serving; check ok()
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  bool ok() const { return port_ > 0; }
  int port() const { return port_; }
  // "http://127.0.0.1:<port>" + path_and_query.
  std::string Url(std::string_view path_and_query = "") const;

  // Queues a one-shot response for a key ("/path" or "/path?query").
  void Enqueue(const std::string& key, CannedResponse r);
  // Response for a key once its queue is empty (repeats forever).
  void SetDefault(const std::string& key, CannedResponse r);

  std::vector<RecordedRequest> requests() const;
  size_t request_count() const;
  // Stops serving and interrupts slow responses. Idempotent.
  void Stop();

 private:
  void Handle(const httplib::Request& req, httplib::Response& res);
  std::optional<CannedResponse> Next(const std::string& target, const std::string& path);
  // Waits up to `ms`; false when the server is stopping.
  bool WaitMs(int64_t ms);

  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = -1;

  mutable std::mutex mu_;
  std::map<std::string, std::deque<CannedResponse>> queues_;
  std::map<std::string, CannedResponse> defaults_;
  std::vector<RecordedRequest> requests_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
};

}  // namespace ah::testing
