// Webhook posts of a radar's papers: Slack incoming webhooks (Block Kit),
// Feishu / Lark custom bots and DingTalk custom robots (each with its own
// signed-request scheme), and a generic JSON post signed with HMAC-SHA256.
//
// Pure: BuildWebhook turns a message into the HTTP request to send (URL,
// body, headers); the caller sends it through net::HttpClient. Thread-safe.
//
// Signatures (secret = the bot's / endpoint's secret; empty = unsigned):
//   feishu    body fields "timestamp" (seconds) and "sign" =
//             base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = "")),
//             Feishu's "signature verification" scheme
//   dingtalk  query parameters timestamp (milliseconds) and sign =
//             urlencode(base64(HMAC-SHA256(key = secret, message = timestamp + "\n" + secret)))
//   json      headers X-AcademicHub-Timestamp (seconds) and X-AcademicHub-Signature =
//             "sha256=" + hex(HMAC-SHA256(key = secret, message = timestamp + "." + body))
//   slack     none (the URL is the secret)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace ah::delivery {

enum class WebhookKind { kSlack, kFeishu, kDingTalk, kJson };

// "slack", "feishu" (also "lark"), "dingtalk", "json"; nullopt otherwise.
std::optional<WebhookKind> ParseWebhookKind(std::string_view name);
std::string_view WebhookKindName(WebhookKind kind);

struct WebhookPaper {
  std::string id;  // library key
  std::string title, url, web_url, badge, authors, tldr;
  std::vector<std::string> reasons;
};

struct WebhookMessage {
  std::string radar;
  std::string date;
  std::string radar_url;  // the radar's day on the web app
  std::vector<WebhookPaper> papers;
};

struct WebhookRequest {
  std::string url;
  std::string body;  // JSON
  std::vector<std::pair<std::string, std::string>> headers;
};

// The request to send. `now_unix_ms` stamps the signature. Errors:
// kInvalidArgument for a URL that is not http(s).
[[nodiscard]] Result<WebhookRequest> BuildWebhook(WebhookKind kind, const std::string& url,
                                                  const std::string& secret,
                                                  const WebhookMessage& message,
                                                  int64_t now_unix_ms);

// HMAC-SHA256 (libsodium), raw 32 bytes.
std::string HmacSha256(std::string_view key, std::string_view message);
std::string Hex(std::string_view bytes);

}  // namespace ah::delivery
