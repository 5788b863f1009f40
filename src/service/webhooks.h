// Webhooks per radar: Slack, Feishu, DingTalk and generic JSON posts of a
// radar's top papers of a day (payloads and signatures: delivery/webhook.h),
// sent through an injected net::HttpClient, each once per key
// "webhook:<owner>:<hook id>:<date>" (store::DeliveryStore, as digests: a
// post whose attempt died is posted again; a crash between the receiver's 2xx
// and its record posts it twice).
//
// A user's webhooks live in their settings JSON under "webhooks": a list of
// {"id", "radar", "kind", "url", "secret"}. The URL and secret are credentials
// of the receiving bot; they are kept as given (they must be sent back) and
// never shown again in full (ListWebhooks masks them).
//
// For the daemon: DeliverWebhooks(library, owner, radar_id, date, http, options).
// In a multi-user instance, give it an HttpClient that refuses private
// addresses (net/address_policy.h), as users' own LLM providers get, so that
// a webhook cannot reach the instance's internal network.
//
// Thread-safety: as the Library and Session (one Session per thread).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "delivery/webhook.h"
#include "net/http.h"
#include "service/digest.h"
#include "service/library.h"

namespace ah::service {

struct WebhookConfig {
  std::string id;  // random, 16 URL-safe characters
  int64_t radar_id = 0;
  std::string kind;  // slack | feishu | dingtalk | json
  std::string url;
  std::string secret;
};

// The owner's webhooks of radar `radar_id` (0 = all), url and secret included.
// Errors: kNotFound for an unknown user; the store's.
[[nodiscard]] Result<std::vector<WebhookConfig>> ListWebhooks(store::UserStore& users,
                                                              std::string_view owner,
                                                              int64_t radar_id = 0);
// Whether `url` may receive webhooks (pure): http:// or https:// with a host,
// no spaces or control characters, at most 2,000 characters. Errors:
// kInvalidArgument "url: ..." saying why it is refused.
[[nodiscard]] Status CheckWebhookUrl(std::string_view url);
// The URL as a list shows it: scheme, host and the last 4 characters
// ("https://hooks.slack.com/…Xy9z"); the rest of a bot's URL is its credential.
std::string MaskedWebhookUrl(std::string_view url);
// Whether the kind signs its requests with a secret (feishu, dingtalk, json).
bool WebhookKindSigns(std::string_view kind);

// Adds one; returns it with its id. Errors: kNotFound for a radar that is not
// the owner's; kInvalidArgument naming the field (kind; url: CheckWebhookUrl;
// secret at most 200 characters, only for kinds that sign; at most 50
// webhooks); the store's.
[[nodiscard]] Result<WebhookConfig> AddWebhook(store::UserStore& users, store::RadarStore& radars,
                                               std::string_view owner, WebhookConfig hook);
// kNotFound when the owner has no webhook with this id (of radar `radar_id`
// unless 0).
[[nodiscard]] Status DeleteWebhook(store::UserStore& users, std::string_view owner,
                                   std::string_view id, int64_t radar_id = 0);

// Builds the message of radar `radar_id`'s top papers for `date` (as the digest),
// and posts it to each of the radar's webhooks once. A 2xx answer is sent;
// another is a failure recorded for a later call (Slack, Feishu and DingTalk
// also answer 200 with an error code in the body: Feishu "code" != 0 and
// DingTalk "errcode" != 0 count as failures). Nothing is posted on a day with
// no paper. Returns one outcome per webhook; errors only for the store's and
// an unknown radar (kNotFound). A webhook's failure is in its outcome's `why`
// with state kSkipped.
struct WebhookOptions {
  std::string base_url = "http://127.0.0.1:8080";
  size_t papers = 10;
  int64_t now_ms = 0;           // 0: the library's clock
  int64_t timeout_ms = 30'000;  // per post
  // Each post's lease (store::DeliveryStore::BeginDelivery): a post whose
  // attempt died is posted again once it expired. 0: now + kDeliveryLeaseSeconds.
  int64_t lease_until_unix = 0;
};
[[nodiscard]] Result<std::vector<DeliveryOutcome>> DeliverWebhooks(
    Library& library, std::string_view owner, int64_t radar_id, const std::string& date,
    net::HttpClient& http, const WebhookOptions& options);

// "Send a test": posts radar `radar_id`'s latest day (as DeliverWebhooks would,
// the radar's name marked "(test)"; the message may list no paper) to the
// owner's webhook `hook_id` of that radar now, outside the once-per-day
// records (a test never uses up or repeats a day's delivery).
struct WebhookTestResult {
  int status = 0;     // the receiver's HTTP status; 0 when there was no answer
  bool ok = false;    // accepted (2xx, and no error code in a Feishu/DingTalk answer)
  std::string why;    // when not ok: what went wrong, secrets redacted
  size_t papers = 0;  // papers in the message
  std::string date;
  std::string kind, masked_url;  // the webhook tested (MaskedWebhookUrl)
};
// Errors: kNotFound for a radar or webhook that is not the owner's; the store's.
// A receiver's refusal or a failed connection is a result (ok false), not an error.
[[nodiscard]] Result<WebhookTestResult> TestWebhook(Library& library, std::string_view owner,
                                                    int64_t radar_id, std::string_view hook_id,
                                                    net::HttpClient& http,
                                                    const WebhookOptions& options);

}  // namespace ah::service
