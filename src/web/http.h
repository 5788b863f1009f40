// The web layer's own request and response: what a handler reads and writes,
// independent of the HTTP library (server.cc converts), so that handlers are
// plain functions tested without sockets. Plain value types.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ah::web {

struct CaseLess {
  bool operator()(const std::string& a, const std::string& b) const;
};

struct UploadedFile {
  std::string field, filename, content_type, data;
};

struct Request {
  std::string method;  // GET, POST, ...
  std::string path;    // decoded, without the query
  std::string target;  // path and query as sent (for "back to where you were")
  std::multimap<std::string, std::string> query;  // decoded
  std::multimap<std::string, std::string> form;   // urlencoded or multipart text fields
  std::vector<UploadedFile> files;                // multipart file fields
  std::multimap<std::string, std::string, CaseLess> headers;
  std::string body;
  std::string remote_addr;
  std::map<std::string, std::string> params;  // from the route pattern, e.g. {id}

  // The first value, or "" when absent.
  std::string Query(std::string_view key) const;
  std::string Form(std::string_view key) const;
  std::string Header(std::string_view name) const;
  std::string Cookie(std::string_view name) const;
  std::string Param(std::string_view name) const;
  bool HasQuery(std::string_view key) const;
  // A field of the form, or of the query when the form lacks it.
  std::string Arg(std::string_view key) const;
  std::vector<std::string> Args(std::string_view key) const;  // every value, form then query
  bool WantsJson() const;                                     // an /api/ path
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Instead of `body`: bytes shared with a cache (sent without a copy), and
  // their gzip encoding (null: none) for clients that accept it.
  std::shared_ptr<const std::string> shared_body;
  std::shared_ptr<const std::string> shared_gzip;

  Response& Header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  static Response Html(std::string body, int status = 200);
  static Response Json(const nlohmann::json& j, int status = 200);
  static Response Text(std::string body, std::string content_type, int status = 200);
  // 303 See Other to `location` (a path of this site).
  static Response Redirect(const std::string& location, int status = 303);
};

// application/x-www-form-urlencoded (and query strings): '+' is a space,
// %XX a byte. Malformed escapes are kept as written.
std::multimap<std::string, std::string> ParseUrlEncoded(std::string_view s);
std::string UrlDecode(std::string_view s);
std::string UrlEncode(std::string_view s);
// gzip (level 6) of `in`; "" when zlib fails.
std::string Gzip(std::string_view in);
// A local path to go back to after an action: only "/..." paths of this site
// (never "//host" or a scheme), else `fallback`.
std::string SafeNext(std::string_view next, std::string_view fallback = "/");

}  // namespace ah::web
