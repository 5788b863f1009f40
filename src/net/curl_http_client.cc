#include "net/curl_http_client.h"

#include <curl/curl.h>
#include <sys/socket.h>

#include <cctype>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "core/redact.h"
#include "net/address_policy.h"

namespace ah::net {
namespace {

std::once_flag g_curl_init_once;
CURLcode g_curl_init_code = CURLE_OK;

// curl_global_init is not thread-safe and must run once per process.
CURLcode GlobalInit() {
  std::call_once(g_curl_init_once,
                 [] { g_curl_init_code = curl_global_init(CURL_GLOBAL_DEFAULT); });
  return g_curl_init_code;
}

std::string_view TrimHeader(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsTokenChar(char c) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool ValidHeaderName(std::string_view n) {
  if (n.empty()) return false;
  for (char c : n) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

bool ValidHeaderValue(std::string_view v) {
  for (char c : v) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

// State shared with the libcurl callbacks of one transfer.
struct Transfer {
  HttpResponse response;
  size_t max_body = 0;
  bool too_large = false;
  std::string last_header;  // for obsolete folded continuation lines
  int status = 0;           // of the response whose headers were seen last
  const std::function<bool(std::string_view)>* on_body = nullptr;
  bool aborted = false;  // on_body returned false
  const Deadline* deadline = nullptr;
  bool deadline_hit = false;  // the progress callback saw the deadline expire
  std::string refused;   // an address public_addresses_only refused
};

// libcurl calls this about once a second even while no byte moves.
int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  if (t->deadline != nullptr && t->deadline->Expired()) {
    t->deadline_hit = true;
    return 1;  // non-zero aborts with CURLE_ABORTED_BY_CALLBACK
  }
  return 0;
}

// CURLOPT_OPENSOCKETFUNCTION with public_addresses_only: refuses sockets to
// addresses that are not public (libcurl then fails with COULDNT_CONNECT).
curl_socket_t OpenPublicSocket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  if (purpose != CURLSOCKTYPE_IPCXN || address == nullptr) return CURL_SOCKET_BAD;
  if (!IsPublicAddress(&address->addr)) {
    if (t->refused.empty()) t->refused = AddressText(&address->addr);
    if (t->refused.empty()) t->refused = "an address of another family";
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

// The status code of an "HTTP/1.1 200 OK" / "HTTP/2 200" line; 0 when unreadable.
int StatusOfLine(std::string_view line) {
  const size_t sp = line.find(' ');
  if (sp == std::string_view::npos) return 0;
  int code = 0;
  size_t i = sp + 1;
  for (int digits = 0; digits < 3; ++digits, ++i) {
    if (i >= line.size() || line[i] < '0' || line[i] > '9') return 0;
    code = code * 10 + (line[i] - '0');
  }
  return code;
}

size_t OnBody(char* data, size_t size, size_t nmemb, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * nmemb;
  if (t->response.body.size() + n > t->max_body) {
    t->too_large = true;
    return 0;  // a short count aborts the transfer with CURLE_WRITE_ERROR
  }
  t->response.body.append(data, n);
  if (t->on_body != nullptr && *t->on_body && t->status >= 200 && t->status < 300 &&
      !(*t->on_body)(std::string_view(data, n))) {
    t->aborted = true;
    return 0;
  }
  return n;
}

size_t OnHeader(char* data, size_t size, size_t nitems, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * nitems;
  std::string_view line(data, n);
  if (line.size() >= 5 && line.substr(0, 5) == "HTTP/") {
    // A new response in a redirect chain (or after 100 Continue): only the final
    // response's headers are reported.
    t->response.headers.clear();
    t->last_header.clear();
    t->status = StatusOfLine(line);
    return n;
  }
  if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
    std::string_view cont = TrimHeader(line);
    if (!t->last_header.empty() && !cont.empty()) {
      t->response.headers[t->last_header] += " " + std::string(cont);
    }
    return n;
  }
  line = TrimHeader(line);
  const size_t colon = line.find(':');
  if (line.empty() || colon == std::string_view::npos || colon == 0) return n;
  std::string name = Lower(TrimHeader(line.substr(0, colon)));
  t->response.headers[name] = std::string(TrimHeader(line.substr(colon + 1)));
  t->last_header = std::move(name);
  return n;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

// Appends to an slist; false on allocation failure.
bool Append(std::unique_ptr<curl_slist, SlistDeleter>& list, const std::string& line) {
  curl_slist* next = curl_slist_append(list.get(), line.c_str());
  if (next == nullptr) return false;
  (void)list.release();
  list.reset(next);
  return true;
}

}  // namespace

std::string MakeUserAgent(std::string_view contact) {
  std::string clean;
  for (char c : contact) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7f && c != '(' && c != ')') clean.push_back(c);
  }
  std::string_view trimmed = TrimHeader(clean);
  std::string ua = "AcademicHub/0.1 (+https://github.com/academichub";
  if (!trimmed.empty()) {
    ua += "; mailto:";
    ua += trimmed;
  }
  ua += ")";
  return ua;
}

CurlHttpClient::CurlHttpClient(CurlHttpClientOptions options) : options_(std::move(options)) {
  (void)GlobalInit();
}

Result<HttpResponse> CurlHttpClient::Send(const HttpRequest& request) {
  auto res = Perform(request);
  if (!res) return Fail(Error(res.error().code, RedactSecrets(res.error().message)));
  return res;
}

Result<HttpResponse> CurlHttpClient::Perform(const HttpRequest& request) {
  const std::string what = request.method + " " + request.url;
  if (request.deadline != nullptr && request.deadline->Expired()) {
    return Fail(request.deadline->ExpiredError(what));
  }
  // The deadline's remainder bounds the timeouts; a timeout it shortened is the deadline's.
  const int64_t timeout_ms = BoundByDeadline(request.timeout_ms, request.deadline);
  const int64_t connect_timeout_ms = BoundByDeadline(request.connect_timeout_ms, request.deadline);
  const bool deadline_bounds =
      request.deadline != nullptr && (request.timeout_ms <= 0 || timeout_ms < request.timeout_ms);
  if (GlobalInit() != CURLE_OK) {
    return MakeError(Code::kInternal, what + ": curl_global_init failed");
  }
  if (request.url.empty()) return MakeError(Code::kInvalidArgument, "HTTP request without URL");

  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return MakeError(Code::kInternal, what + ": curl_easy_init failed");
  CURL* h = curl.get();

  std::unique_ptr<curl_slist, SlistDeleter> headers;
  auto add_header = [&](std::string_view name, std::string_view value) -> Status {
    if (!ValidHeaderName(name) || !ValidHeaderValue(value)) {
      return MakeError(Code::kInvalidArgument,
                       what + ": invalid request header '" + std::string(name) + "'");
    }
    // "Name;" is libcurl's spelling for a header with an empty value.
    std::string line =
        value.empty() ? std::string(name) + ";" : std::string(name) + ": " + std::string(value);
    if (!Append(headers, line)) return MakeError(Code::kInternal, what + ": out of memory");
    return Ok();
  };
  for (const auto& [name, value] : request.headers) {
    if (auto st = add_header(name, value); !st) return Fail(st.error());
  }
  if (!request.if_none_match.empty()) {
    if (auto st = add_header("If-None-Match", request.if_none_match); !st) return Fail(st.error());
  }
  if (!request.if_modified_since.empty()) {
    if (auto st = add_header("If-Modified-Since", request.if_modified_since); !st) {
      return Fail(st.error());
    }
  }
  // Disable "Expect: 100-continue" round trips for POST bodies.
  if (!Append(headers, "Expect:")) return MakeError(Code::kInternal, what + ": out of memory");

  Transfer t;
  t.on_body = &request.on_body;
  t.deadline = request.deadline;
  t.max_body = request.max_body_bytes > 0 ? static_cast<size_t>(request.max_body_bytes)
                                          : static_cast<size_t>(-1);
  char errbuf[CURL_ERROR_SIZE] = {0};

  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // required for multi-threaded use
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, static_cast<long>(options_.max_redirects));
  if (options_.public_addresses_only) {
    curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, &OpenPublicSocket);
    curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &t);
    curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
  }
  if (connect_timeout_ms > 0) {
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout_ms));
  }
  if (timeout_ms > 0) {
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
  }
  if (request.deadline != nullptr) {
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &OnProgress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &t);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  }
  if (request.low_speed_timeout_ms > 0) {
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME,
                     static_cast<long>((request.low_speed_timeout_ms + 999) / 1000));
  }
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);

  if (request.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (request.method == "POST") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
  } else if (ValidHeaderName(request.method)) {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (!request.body.empty()) {
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    }
  } else {
    return MakeError(Code::kInvalidArgument, "invalid HTTP method for " + request.url);
  }

  const CURLcode rc = curl_easy_perform(h);
  std::string detail = errbuf[0] != '\0' ? std::string(errbuf) : curl_easy_strerror(rc);

  if (rc != CURLE_OK && !t.refused.empty()) {
    return MakeError(Code::kPermissionDenied,
                     what + ": refused to connect to " + t.refused +
                         ", a private or local network address");
  }
  if (rc != CURLE_OK) {
    curl_off_t got = 0;
    curl_off_t announced = -1;
    curl_easy_getinfo(h, CURLINFO_SIZE_DOWNLOAD_T, &got);
    curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced);
    if (t.deadline_hit || (rc == CURLE_OPERATION_TIMEDOUT && deadline_bounds)) {
      return Fail(
          request.deadline->ExpiredError(what + " (after " + std::to_string(got) + " body bytes)"));
    }
    switch (rc) {
      case CURLE_COULDNT_CONNECT:
      case CURLE_COULDNT_RESOLVE_HOST:
      case CURLE_COULDNT_RESOLVE_PROXY:
        return MakeError(Code::kUnreachable, what + ": cannot connect: " + detail);
      case CURLE_WRITE_ERROR:
        if (t.too_large) {
          return MakeError(Code::kTooLarge, what + ": response body exceeds the limit of " +
                                                std::to_string(request.max_body_bytes) + " bytes");
        }
        if (t.aborted) {
          return MakeError(Code::kIo, what + ": aborted by the body callback after " +
                                          std::to_string(got) + " body bytes");
        }
        return MakeError(Code::kIo, what + ": " + detail);
      case CURLE_PARTIAL_FILE:
        return MakeError(Code::kIo,
                         what + ": truncated body: connection closed after " + std::to_string(got) +
                             (announced >= 0 ? " of " + std::to_string(announced) : std::string()) +
                             " bytes (" + detail + ")");
      case CURLE_OPERATION_TIMEDOUT:
        return MakeError(Code::kUnavailable, what + ": timed out after " + std::to_string(got) +
                                                 " body bytes (" + detail + ")");
      case CURLE_URL_MALFORMAT:
      case CURLE_UNSUPPORTED_PROTOCOL:
        return MakeError(Code::kInvalidArgument, what + ": " + detail);
      case CURLE_TOO_MANY_REDIRECTS:
        return MakeError(Code::kIo, what + ": too many redirects (limit " +
                                        std::to_string(options_.max_redirects) + ")");
      case CURLE_OUT_OF_MEMORY:
        return MakeError(Code::kInternal, what + ": " + detail);
      default:
        return MakeError(Code::kIo, what + ": " + detail);
    }
  }

  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  char* effective = nullptr;
  curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &effective);
  t.response.status = static_cast<int>(status);
  t.response.effective_url = effective != nullptr ? effective : request.url;
  return std::move(t.response);
}

}  // namespace ah::net
