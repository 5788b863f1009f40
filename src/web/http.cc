#include "web/http.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>

namespace ah::web {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

template <typename Map>
std::string First(const Map& m, std::string_view key) {
  auto it = m.find(std::string(key));
  return it == m.end() ? std::string() : it->second;
}

}  // namespace

bool CaseLess::operator()(const std::string& a, const std::string& b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) <
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::string Request::Query(std::string_view key) const { return First(query, key); }
std::string Request::Form(std::string_view key) const { return First(form, key); }
std::string Request::Header(std::string_view name) const { return First(headers, name); }
std::string Request::Param(std::string_view name) const { return First(params, name); }
bool Request::HasQuery(std::string_view key) const { return query.count(std::string(key)) > 0; }

std::string Request::Arg(std::string_view key) const {
  auto it = form.find(std::string(key));
  return it != form.end() ? it->second : Query(key);
}

std::vector<std::string> Request::Args(std::string_view key) const {
  std::vector<std::string> out;
  auto [a, b] = form.equal_range(std::string(key));
  for (auto it = a; it != b; ++it) out.push_back(it->second);
  auto [c, d] = query.equal_range(std::string(key));
  for (auto it = c; it != d; ++it) out.push_back(it->second);
  return out;
}

std::string Request::Cookie(std::string_view name) const {
  auto [a, b] = headers.equal_range("Cookie");
  for (auto it = a; it != b; ++it) {
    std::string_view s = it->second;
    while (!s.empty()) {
      size_t semi = s.find(';');
      std::string_view part = s.substr(0, semi);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      size_t eq = part.find('=');
      if (eq != std::string_view::npos && part.substr(0, eq) == name) {
        std::string_view v = part.substr(eq + 1);
        while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
        if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
        return std::string(v);
      }
      if (semi == std::string_view::npos) break;
      s.remove_prefix(semi + 1);
    }
  }
  return "";
}

bool Request::WantsJson() const { return path.rfind("/api/", 0) == 0; }

Response Response::Html(std::string body, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Response::Json(const nlohmann::json& j, int status) {
  Response r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::Text(std::string body, std::string content_type, int status) {
  Response r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

Response Response::Redirect(const std::string& location, int status) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.Header("Location", location);
  return r;
}

std::string UrlDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 &&
               HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string UrlEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::multimap<std::string, std::string> ParseUrlEncoded(std::string_view s) {
  std::multimap<std::string, std::string> out;
  while (!s.empty()) {
    size_t amp = s.find('&');
    std::string_view part = s.substr(0, amp);
    if (!part.empty()) {
      size_t eq = part.find('=');
      if (eq == std::string_view::npos) {
        out.emplace(UrlDecode(part), "");
      } else {
        out.emplace(UrlDecode(part.substr(0, eq)), UrlDecode(part.substr(eq + 1)));
      }
    }
    if (amp == std::string_view::npos) break;
    s.remove_prefix(amp + 1);
  }
  return out;
}

std::string SafeNext(std::string_view next, std::string_view fallback) {
  if (next.size() < 1 || next.front() != '/' || next.size() > 2048) return std::string(fallback);
  if (next.size() >= 2 && (next[1] == '/' || next[1] == '\\')) return std::string(fallback);
  for (unsigned char c : next)
    if (c < 0x20 || c == 0x7f) return std::string(fallback);
  return std::string(next);
}

std::string Gzip(std::string_view in) {
  z_stream z{};
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return "";
  std::string out;
  out.resize(deflateBound(&z, in.size()) + 32);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : "";
}

}  // namespace ah::web
