#include "web/server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "web/errors.h"

namespace ah::web {
namespace {

bool Compressible(const std::string& type) {
  return type.rfind("text/", 0) == 0 || type.rfind("application/json", 0) == 0 ||
         type.rfind("image/svg", 0) == 0;
}

bool AcceptsGzip(const std::string& accept) {
  // "gzip" listed and not refused with q=0.
  size_t at = accept.find("gzip");
  if (at == std::string::npos) return false;
  size_t end = accept.find(',', at);
  std::string part = accept.substr(at, end == std::string::npos ? std::string::npos : end - at);
  return part.find("q=0") == std::string::npos || part.find("q=0.") != std::string::npos;
}

// httplib's task queue: a task serves one connection (every keep-alive request
// on it), so a connection holds a worker until it closes or idles out. httplib's
// pool of a fixed size let as many slow clients (a request dribbled a byte at a
// time, or idle keep-alive connections) shut everybody else out, and connections
// past its size waited seconds. This one keeps `min` workers and adds one, up to
// `max`, whenever a connection arrives with none idle; added workers stay (bounded).
class ElasticPool : public httplib::TaskQueue {
 public:
  ElasticPool(size_t min, size_t max) : max_(std::max(min, max)) {
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t i = 0; i < min; ++i) Spawn();
  }
  ~ElasticPool() override { shutdown(); }

  void enqueue(std::function<void()> fn) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      jobs_.push_back(std::move(fn));
      if (idle_ < jobs_.size() && workers_.size() < max_) Spawn();
    }
    cv_.notify_one();
  }

  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
  }

 private:
  void Spawn() {  // with mu_ held
    workers_.emplace_back([this] { Work(); });
  }
  void Work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> lock(mu_);
        ++idle_;
        cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        --idle_;
        if (jobs_.empty()) return;  // stopping, and everything queued was served
        fn = std::move(jobs_.front());
        jobs_.pop_front();
      }
      fn();
    }
  }

  const size_t max_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> workers_;
  size_t idle_ = 0;
  bool stopping_ = false;
};

// httplib (0.11) reads a chunked request body, or one with no length, without
// any bound: such a body is refused before it is read (411, and the connection
// closes). Also refused: more headers than any browser sends (431; httplib has
// read them already, but nothing is done with them).
constexpr size_t kMaxHeaderCount = 100;

bool Refused(const httplib::Request& in, httplib::Response& out) {
  auto refuse = [&](int status, Code code, const std::string& message) {
    out.status = status;
    out.set_header("Connection", "close");
    out.set_content(JsonError(Error{code, message}, "").body, "application/json; charset=utf-8");
    return true;
  };
  if (in.headers.size() > kMaxHeaderCount)
    return refuse(431, Code::kInvalidArgument,
                  "too many request headers (at most " + std::to_string(kMaxHeaderCount) + ")");
  const bool has_body_method =
      in.method == "POST" || in.method == "PUT" || in.method == "PATCH" || in.method == "DELETE";
  if (!has_body_method) return false;
  std::string te = in.get_header_value("Transfer-Encoding");
  for (char& c : te) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!te.empty() && te != "identity")
    return refuse(411, Code::kInvalidArgument,
                  "a request body must say its length (Content-Length), not be sent in chunks");
  if (in.method != "DELETE" && !in.has_header("Content-Length"))
    return refuse(411, Code::kInvalidArgument,
                  "a request body must say its length (Content-Length)");
  return false;
}

Request Convert(const httplib::Request& in, bool trust_proxy) {
  Request r;
  r.method = in.method;
  r.path = in.path;
  r.target = in.target;
  for (const auto& [k, v] : in.headers) r.headers.emplace(k, v);
  r.remote_addr = in.remote_addr;
  if (trust_proxy && (in.remote_addr == "127.0.0.1" || in.remote_addr == "::1")) {
    std::string fwd = in.get_header_value("X-Forwarded-For");
    if (!fwd.empty()) {
      size_t comma = fwd.rfind(',');
      std::string last = comma == std::string::npos ? fwd : fwd.substr(comma + 1);
      while (!last.empty() && last.front() == ' ') last.erase(0, 1);
      if (!last.empty()) r.remote_addr = last;
    }
  }
  // The query, decoded by us (httplib merges it with the form fields).
  size_t q = in.target.find('?');
  if (q != std::string::npos) r.query = ParseUrlEncoded(std::string_view(in.target).substr(q + 1));
  const std::string type = in.get_header_value("Content-Type");
  if (type.rfind("application/x-www-form-urlencoded", 0) == 0) {
    r.form = ParseUrlEncoded(in.body);
  } else if (type.rfind("multipart/form-data", 0) == 0) {
    for (const auto& [name, file] : in.files) {
      if (file.filename.empty()) {
        r.form.emplace(name, file.content);
      } else {
        r.files.push_back({name, file.filename, file.content_type, file.content});
      }
    }
  }
  r.body = in.body;
  return r;
}


}  // namespace

struct HttpServer::Impl {
  httplib::Server server;
  // The socket httplib last created to listen on (its socket-options hook).
  int listen_fd = -1;
};

namespace {
// Connections the kernel completes before the listener accepts them. httplib
// listens with a backlog of 5: a burst of new connections (64 browsers, or
// clients reconnecting together after keep-alive's last request) overflowed it
// and lost SYNs, which clients resend after 1 s, then 3 s.
constexpr int kListenBacklog = 4096;
}  // namespace

HttpServer::HttpServer(WebApp& app, ServerOptions options)
    : impl_(std::make_unique<Impl>()), app_(app), options_(std::move(options)) {
  httplib::Server& s = impl_->server;
  const int threads = std::max(4, options_.threads);
  const int max_threads = std::max(threads, options_.max_threads);
  s.new_task_queue = [threads, max_threads] {
    return new ElasticPool(static_cast<size_t>(threads), static_cast<size_t>(max_threads));
  };
  s.set_keep_alive_max_count(1000);
  s.set_keep_alive_timeout(5);
  s.set_read_timeout(10, 0);
  s.set_write_timeout(10, 0);
  s.set_payload_max_length(options_.max_body_bytes);
  s.set_tcp_nodelay(true);
  // SO_REUSEADDR (a restart binds at once despite connections in TIME_WAIT),
  // not httplib's default SO_REUSEPORT, with which a second server on the
  // same port shared the port instead of failing to bind.
  s.set_socket_options([impl = impl_.get()](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    impl->listen_fd = sock;
  });
  const bool trust_proxy = app_.options().trust_proxy;
  // Every request is ours: the route table lives in the WebApp, not here.
  // GET and HEAD are answered before httplib's own routing (no regex per
  // request); the other methods after it has read the body, which its
  // pre-routing hook runs before.
  auto handle = [this, trust_proxy](const httplib::Request& in, httplib::Response& out) {
    Request req = Convert(in, trust_proxy);
    const bool gzip_ok = AcceptsGzip(in.get_header_value("Accept-Encoding"));
    // httplib would compress again (and with Brotli at its slowest): it does
    // not see the client's Accept-Encoding.
    const_cast<httplib::Request&>(in).headers.erase("Accept-Encoding");
    Response res = app_.Handle(std::move(req));
    out.status = res.status;
    for (const auto& [k, v] : res.headers) out.headers.emplace(k, v);
    if (res.shared_body) {
      // A page shared with the page cache, and its gzip made once: sent from
      // the shared bytes (no copy of ~75 KB per request).
      std::shared_ptr<const std::string> data =
          gzip_ok && res.shared_gzip ? res.shared_gzip : res.shared_body;
      if (data == res.shared_gzip) out.set_header("Content-Encoding", "gzip");
      if (in.method == "HEAD") {
        out.set_header("Content-Length", std::to_string(data->size()));
        return;
      }
      out.set_content_provider(data->size(), res.content_type.c_str(),
                               [data](size_t offset, size_t length, httplib::DataSink& sink) {
                                 return sink.write(data->data() + offset, length);
                               });
      return;
    }
    if (in.method == "HEAD") {
      out.set_header("Content-Length", std::to_string(res.body.size()));
      return;
    }
    if (!res.body.empty()) {
      if (gzip_ok && res.body.size() >= 1024 && Compressible(res.content_type)) {
        std::string z = Gzip(res.body);
        if (!z.empty()) {
          out.set_header("Content-Encoding", "gzip");
          out.set_content(std::move(z), res.content_type.c_str());
          return;
        }
      }
      out.set_content(std::move(res.body), res.content_type.c_str());
    } else if (!res.content_type.empty() && res.status != 304) {
      out.set_header("Content-Type", res.content_type);
    }
  };
  s.set_pre_routing_handler([handle](const httplib::Request& in, httplib::Response& out) {
    if (Refused(in, out)) return httplib::Server::HandlerResponse::Handled;
    if (in.method != "GET" && in.method != "HEAD")
      return httplib::Server::HandlerResponse::Unhandled;
    handle(in, out);
    return httplib::Server::HandlerResponse::Handled;
  });
  s.Post(".*", handle);
  s.Put(".*", handle);
  s.Patch(".*", handle);
  s.Delete(".*", handle);
  s.Options(".*", handle);
  const size_t max_body = options_.max_body_bytes;
  s.set_error_handler([max_body](const httplib::Request&, httplib::Response& res) {
    // Errors httplib answers itself (413 too large, 400 malformed, 414 URI too
    // long), in the one error format with the error table's codes.
    if (res.body.empty()) {
      const Error e =
          res.status == 413 ? Error{Code::kTooLarge, "the request body is over the limit of " +
                                                         std::to_string(max_body >> 20) + " MiB"}
          : res.status == 414
              ? Error{Code::kInvalidArgument, "the address is too long"}
              : Error{Code::kInvalidArgument, "bad request (" + std::to_string(res.status) + ")"};
      res.set_content(JsonError(e, "").body, "application/json; charset=utf-8");
    }
  });
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    res.status = 500;
    res.set_content("{\"error\":{\"code\":\"internal\",\"message\":\"internal error\"}}",
                    "application/json; charset=utf-8");
  });
}

HttpServer::~HttpServer() = default;

Status HttpServer::Bind() {
  httplib::Server& s = impl_->server;
  if (options_.port == 0) {
    port_ = s.bind_to_any_port(options_.host);
    if (port_ <= 0)
      return MakeError(Code::kIo, "cannot listen on " + options_.host + " (any port)");
  } else {
    if (!s.bind_to_port(options_.host, options_.port))
      return MakeError(Code::kIo, "cannot listen on " + options_.host + ":" +
                                      std::to_string(options_.port) + " (in use, or not allowed)");
    port_ = options_.port;
  }
  // Listening again on a listening socket sets its backlog (Linux, BSD).
  if (impl_->listen_fd >= 0) ::listen(impl_->listen_fd, kListenBacklog);
  return Ok();
}

void HttpServer::Run() { impl_->server.listen_after_bind(); }

void HttpServer::Stop() { impl_->server.stop(); }

}  // namespace ah::web
