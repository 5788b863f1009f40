// The HTTP server: cpp-httplib's listener and worker threads in front of a
// WebApp. Converts requests and responses, bounds what a client may send
// (URI, headers, body), compresses text answers itself (gzip, level 6: the
// library's Brotli default is slow on pages of ~100 KB), and on Stop drains
// the requests in flight before Run returns.
// Thread-safe: Stop may be called from any thread (a signal handler thread).
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "core/result.h"
#include "web/app.h"

namespace ah::web {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;   // 0: any free port (see port())
  // The most connections served at once: each open (keep-alive) connection
  // holds a worker thread; threads start as connections need them. More
  // connections wait for a thread.
  int threads = 256;
  size_t max_body_bytes = 8u << 20;
};

class HttpServer {
 public:
  HttpServer(WebApp& app, ServerOptions options);
  ~HttpServer();
  // Binds the address. Errors: kIo naming host and port.
  [[nodiscard]] Status Bind();
  int port() const { return port_; }
  // Serves until Stop(); returns once every request in flight is answered.
  void Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  WebApp& app_;
  ServerOptions options_;
  int port_ = 0;
};

}  // namespace ah::web
