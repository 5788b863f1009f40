// Built-in static files (our CSS and JavaScript, KaTeX), the favicon, and the
// health check.
#include <unordered_map>

#include "web/embedded.h"
#include "web/pages.h"

namespace ah::web::pages {
namespace {

std::string ContentTypeOf(const std::string& name) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".json", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
      {".yaml", "text/yaml; charset=utf-8"},
  };
  for (const auto& [ext, type] : kTypes) {
    const size_t n = std::string_view(ext).size();
    if (name.size() > n && name.compare(name.size() - n, n, ext) == 0) return type;
  }
  return "application/octet-stream";
}

// FNV-1a of the bytes: a strong enough validator for files that change only
// with the binary.
std::string Etag(std::string_view data) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : data) h = (h ^ c) * 1099511628211ULL;
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
  return buf;
}

struct StaticFile {
  std::string_view data;
  std::string type, etag;
};

const StaticFile* FindStatic(const std::string& path) {
  static const std::unordered_map<std::string, StaticFile> files = [] {
    std::unordered_map<std::string, StaticFile> m;
    for (const auto& f : EmbeddedStatic())
      m.emplace(f.name, StaticFile{f.view(), ContentTypeOf(f.name), Etag(f.view())});
    return m;
  }();
  auto it = files.find(path);
  return it == files.end() ? nullptr : &it->second;
}

Response Serve(Context& ctx, const StaticFile& f) {
  Response r;
  if (ctx.req().Header("If-None-Match") == f.etag) {
    r.status = 304;
    r.content_type.clear();
  } else {
    r.content_type = f.type;
    r.body = std::string(f.data);
  }
  r.Header("ETag", f.etag);
  r.Header("Cache-Control", "public, max-age=86400");
  return r;
}

}  // namespace

Result<Response> Static(Context& ctx) {
  const StaticFile* f = FindStatic(ctx.req().Param("path"));
  if (f == nullptr) return MakeError(Code::kNotFound, "no file " + ctx.req().path);
  return Serve(ctx, *f);
}

Result<Response> Favicon(Context& ctx) {
  const StaticFile* f = FindStatic("favicon.svg");
  if (f == nullptr) return MakeError(Code::kNotFound, "no favicon");
  return Serve(ctx, *f);
}

Result<Response> Healthz(Context& ctx) {
  auto seq = ctx.session().store().LastChange();
  if (!seq) return Fail(seq.error());
  auto index = ctx.library().index();
  nlohmann::json j = {
      {"status", "ok"},
      {"library_change", *seq},
      {"index", index ? nlohmann::json{{"papers", index->corpus().size()}, {"change", index->seq()}}
                      : nlohmann::json(nullptr)}};
  const std::string err = ctx.library().last_refresh_error();
  if (!err.empty()) j["index_error"] = err;
  if (const auto& health = ctx.app().options().sources_health) {
    auto h = health();
    j["sources"] = h.detail.contains("sources") ? h.detail["sources"] : nlohmann::json::array();
    if (!h.healthy) {
      j["status"] = "overdue";
      return Response::Json(j, 503);
    }
  }
  return Response::Json(j);
}

Result<Response> MetricsText(Context& ctx) {
  const auto& text = ctx.app().options().metrics_text;
  return Response::Text(text ? text() : std::string("# nothing is counted in this process\n"),
                        "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace ah::web::pages
