// HTTP types and the client interface. Implementations: CurlHttpClient
// (net/curl_http_client.h) and fakes in tests/fakes/.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/deadline.h"
#include "core/result.h"

namespace ah::net {

struct HttpRequest {
  std::string url;
  std::string method = "GET";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Accept etc.)
  std::string body;                                          // for POST
  // Conditional GET validators from a previous response; empty = none.
  std::string if_none_match;
  std::string if_modified_since;
  int64_t timeout_ms = 60'000;         // whole transfer
  int64_t connect_timeout_ms = 10'000;
  int64_t low_speed_timeout_ms = 30'000;  // abort when < 1 byte/s for this long
  int64_t max_body_bytes = 256LL << 20;   // abort (kTooLarge) beyond this, after decompression
  // Streaming (optional): called with each piece of the decoded body of a 2xx final
  // response as it arrives, on the thread calling Send(); returning false aborts the
  // transfer (Send then fails with kIo, "aborted by the body callback"). The body is
  // still accumulated in HttpResponse::body and max_body_bytes still applies. Bodies
  // of other statuses (errors, redirect hops) are not passed to it.
  std::function<bool(std::string_view chunk)> on_body;
  // The work this request belongs to (nullable; must outlive Send()). No transfer
  // starts once it has expired; the transfer's timeouts are bounded by what it
  // leaves, and cancelling it aborts the transfer within about a second. Either
  // way Send() fails with kCancelled.
  const Deadline* deadline = nullptr;
};

struct HttpResponse {
  int status = 0;                               // 0 when no HTTP answer
  std::map<std::string, std::string> headers;   // names lower-cased; last value wins
  std::string body;                             // decompressed
  std::string effective_url;                    // after redirects
  // Convenience views of headers.
  std::string etag() const { return Header("etag"); }
  std::string last_modified() const { return Header("last-modified"); }
  std::string content_type() const { return Header("content-type"); }
  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// Parses Retry-After (delta-seconds or HTTP-date) relative to `now_unix`; returns ms to wait.
std::optional<int64_t> ParseRetryAfterMs(const std::string& value, int64_t now_unix);

// Performs one HTTP exchange. No retries, no rate limiting: that is the fetch
// loop's job (ingest/fetch_loop.h). Returns an Error only when no HTTP response was
// obtained (DNS, connect, timeout, truncated body, body too large); HTTP error
// statuses are returned as responses. Error messages never carry credentials
// (core/redact.h). Implementations must be thread-safe.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  [[nodiscard]] virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

}  // namespace ah::net
