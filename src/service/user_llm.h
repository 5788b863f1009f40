// A user's own LLM provider (the web's settings page): where it is, which
// model, and the API key sealed by the caller; and the runtime that calls it
// for one request (a briefing, a batch of TL;DRs), bounded in time and in
// where it may connect.
//
// A server calling URLs its users typed must be careful: only http(s), no
// credentials in the URL, no redirects, by default only public addresses
// (net/address_policy.h, enforced on every connection), at most one retry,
// and a deadline for the whole request's LLM work. What such a provider
// answers is cached apart from everyone else's (UserLlmOptions::cache_scope).
//
// Stateless functions; a runtime is used by one request (its client is
// thread-safe, as every LlmClient).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "llm/client.h"
#include "service/brief_service.h"
#include "store/radar_store.h"

namespace ah::service {

// As kept in a user's settings JSON under "llm": {"base_url", "model", "key"}.
struct UserProvider {
  std::string base_url;
  std::string model;
  std::string sealed_key;  // the API key as the caller encrypted it; "" = none
};

// The provider in a settings JSON object; nullopt when there is none (or the
// JSON is unreadable, or the provider lacks a base URL or model).
std::optional<UserProvider> ProviderOf(std::string_view settings_json);
// `settings_json` with its "llm" object replaced by `p` (nullopt: removed);
// the other keys are kept (unreadable JSON starts over from {}).
std::string WithProvider(std::string_view settings_json, const std::optional<UserProvider>& p);

// Checks the fields as a user typed them. Errors: kInvalidArgument naming the
// field: "base URL" (http:// or https://, a host, no user:password@, no query
// or fragment, at most 2000 bytes), "model" (1 to 200 bytes, no control
// characters), "API key" (at most 4096 bytes of printable ASCII, no spaces).
[[nodiscard]] Status CheckProviderFields(std::string_view base_url, std::string_view model,
                                         std::string_view api_key);
struct UserLlmOptions {
  // Connect to public addresses only (the default for a server with several
  // users; single-user mode and an administrator's choice lift it).
  bool public_addresses_only = true;
  int64_t deadline_ms = 120'000;     // all of the request's LLM calls together
  int64_t call_timeout_ms = 60'000;  // one HTTP attempt (cut to what the deadline leaves)
  std::string contact;               // for the User-Agent
  // Prefix of this provider's cached answers, e.g. "user:alice"; REQUIRES: not empty.
  std::string cache_scope;
};

// The runtime for one request, over `provider` (base_url, model, api_key in
// the clear): an OpenAiClient with at most one retry and a 5 s longest
// backoff, following no redirects; its StartDeadline() is options.deadline_ms,
// which the caller passes to the work (BriefOptions::deadline): every HTTP
// attempt gets at most what is left of it and none starts after it (the
// pipeline then writes extractively and says why). Answers are cached in `cache` (nullable)
// under options.cache_scope. nullptr when the provider has no base URL or
// model. `cache` must outlive the runtime, and the runtime must not be used
// from a thread while another uses `cache` (the briefing pipeline's rule).
std::unique_ptr<LlmRuntime> MakeUserLlmRuntime(const llm::LlmConfig& provider,
                                               const UserLlmOptions& options,
                                               store::RadarStore* cache);

}  // namespace ah::service
