#include "fakes/loopback_server.h"

#include <httplib.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <chrono>

namespace ah::testing {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

CannedResponse CannedResponse::Text(std::string body, int status) {
  CannedResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

CannedResponse CannedResponse::WithRetryAfter(int status, std::string retry_after,
                                              std::string body) {
  CannedResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace_back("Retry-After", std::move(retry_after));
  return r;
}

std::string GzipCompress(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return {};
  }
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

LoopbackServer::LoopbackServer() : server_(std::make_unique<httplib::Server>()) {
  auto handler = [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res); };
  server_->Get(".*", handler);
  server_->Post(".*", handler);
  server_->set_keep_alive_timeout(1);
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) return;
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // stop() is a no-op until the accept loop runs, so Stop() right after construction
  // would hang in join() without this wait.
  for (int i = 0; i < 5000 && !server_->is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

LoopbackServer::~LoopbackServer() { Stop(); }

void LoopbackServer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

std::string LoopbackServer::Url(std::string_view path_and_query) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path_and_query);
}

void LoopbackServer::Enqueue(const std::string& key, CannedResponse r) {
  std::lock_guard<std::mutex> lock(mu_);
  queues_[key].push_back(std::move(r));
}

void LoopbackServer::SetDefault(const std::string& key, CannedResponse r) {
  std::lock_guard<std::mutex> lock(mu_);
  defaults_[key] = std::move(r);
}

std::vector<RecordedRequest> LoopbackServer::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

size_t LoopbackServer::request_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_.size();
}

bool LoopbackServer::WaitMs(int64_t ms) {
  std::unique_lock<std::mutex> lock(mu_);
  stop_cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_; });
  return !stopping_;
}

std::optional<CannedResponse> LoopbackServer::Next(const std::string& target,
                                                   const std::string& path) {
  for (const std::string& key : {target, path}) {
    auto q = queues_.find(key);
    if (q != queues_.end() && !q->second.empty()) {
      CannedResponse r = std::move(q->second.front());
      q->second.pop_front();
      return r;
    }
    auto d = defaults_.find(key);
    if (d != defaults_.end()) return d->second;
  }
  return std::nullopt;
}

void LoopbackServer::Handle(const httplib::Request& req, httplib::Response& res) {
  RecordedRequest rec;
  rec.method = req.method;
  rec.path = req.path;
  rec.target = req.target;
  if (size_t q = req.target.find('?'); q != std::string::npos) rec.query = req.target.substr(q + 1);
  for (const auto& [name, value] : req.headers) rec.headers[Lower(name)] = value;
  rec.body = req.body;

  std::optional<CannedResponse> canned;
  {
    std::lock_guard<std::mutex> lock(mu_);
    requests_.push_back(rec);
    canned = Next(req.target, req.path);
  }
  if (!canned) {
    res.status = 404;
    res.set_content("no canned response for " + req.target, "text/plain");
    return;
  }
  CannedResponse& r = *canned;
  res.status = r.status;
  for (const auto& [name, value] : r.headers) res.set_header(name, value);
  if (!r.etag.empty()) res.set_header("ETag", r.etag);
  if (!r.last_modified.empty()) res.set_header("Last-Modified", r.last_modified);
  if ((!r.etag.empty() && rec.Header("if-none-match") == r.etag) ||
      (!r.last_modified.empty() && rec.Header("if-modified-since") == r.last_modified)) {
    res.status = 304;
    return;
  }
  auto body = std::make_shared<std::string>(r.gzip ? GzipCompress(r.body) : std::move(r.body));
  if (r.gzip) res.set_header("Content-Encoding", "gzip");
  if (body->empty()) return;

  // Bodies go through content providers: a fixed-length provider is never
  // re-compressed by cpp-httplib, so tests see exactly the bytes scripted here.
  if (r.truncate_at) {
    const size_t keep = std::min(*r.truncate_at, body->size());
    res.set_content_provider(body->size(), r.content_type,
                             [body, keep](size_t offset, size_t, httplib::DataSink& sink) {
                               if (offset >= keep) return false;  // abort: connection closes
                               return sink.write(body->data() + offset, keep - offset);
                             });
    return;
  }
  const size_t chunk = r.chunk_bytes > 0 ? r.chunk_bytes : body->size();
  const int64_t delay = r.chunk_delay_ms;
  auto write_chunk = [this, body, chunk, delay](size_t offset, httplib::DataSink& sink) {
    if (offset > 0 && delay > 0 && !WaitMs(delay)) return false;
    const size_t n = std::min(chunk, body->size() - offset);
    return sink.write(body->data() + offset, n);
  };
  if (r.chunked_encoding) {
    res.set_chunked_content_provider(r.content_type,
                                     [body, write_chunk](size_t offset, httplib::DataSink& sink) {
                                       if (offset >= body->size()) {
                                         sink.done();
                                         return true;
                                       }
                                       return write_chunk(offset, sink);
                                     });
  } else {
    res.set_content_provider(body->size(), r.content_type,
                             [write_chunk](size_t offset, size_t, httplib::DataSink& sink) {
                               return write_chunk(offset, sink);
                             });
  }
}

}  // namespace ah::testing
