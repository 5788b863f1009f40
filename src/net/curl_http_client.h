// HttpClient over libcurl's easy interface.
//
// One easy handle per Send() call, so instances are thread-safe and may be
// shared by any number of threads. No retries and no rate limiting here: the
// fetch loop (ingest/fetch_loop.h) and net/politeness.h do that.
#pragma once

#include <string>
#include <string_view>

#include "net/http.h"

namespace ah::net {

// "AcademicHub/0.1 (+https://github.com/academichub; mailto:<contact>)", or without
// the mailto part when `contact` is empty. Control characters in `contact` are dropped
// so a contact string cannot inject header lines.
std::string MakeUserAgent(std::string_view contact);

struct CurlHttpClientOptions {
  std::string user_agent = MakeUserAgent("");  // sent with every request
  int max_redirects = 5;                       // 3xx hops followed per request
  // Connect only to public addresses (net/address_policy.h): every socket
  // libcurl opens, for the first request and for each redirect, is checked
  // against the address it connects to, and proxies from the environment are
  // not used (a proxy would reach the address on our behalf). For URLs that
  // users typed. A refused address fails the request with kPermissionDenied.
  bool public_addresses_only = false;
};

// Behaviour of Send():
// - sends the request's Accept/extra headers, If-None-Match / If-Modified-Since,
//   Accept-Encoding for every encoding libcurl was built with (bodies are decoded);
// - follows redirects (http/https only, at most `max_redirects`);
// - connect timeout, total timeout and a low-speed abort (< 1 byte/s for
//   low_speed_timeout_ms, rounded up to whole seconds) from the request;
// - returns HTTP error statuses as responses; response header names lower-cased;
// - passes the decoded body of a 2xx response to request.on_body as it arrives,
//   when set (returning false aborts with kIo);
// - Errors: kTooLarge (decoded body beyond max_body_bytes), kUnreachable (no
//   connection: refused, unknown host, no route; nothing was sent), kIo
//   (truncated body with the byte counts, bad encoding, too many redirects, other
//   transport failures), kUnavailable (timeout or too slow),
//   kCancelled (request.deadline expired or was cancelled, also when its
//   remaining time cut the timeout short), kInvalidArgument (bad URL or
//   header); every message names the URL, with any credentials in it redacted.
class CurlHttpClient final : public HttpClient {
 public:
  explicit CurlHttpClient(CurlHttpClientOptions options = {});
  [[nodiscard]] Result<HttpResponse> Send(const HttpRequest& request) override;

 private:
  Result<HttpResponse> Perform(const HttpRequest& request);

  CurlHttpClientOptions options_;
};

}  // namespace ah::net
