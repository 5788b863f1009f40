// The OpenAI-compatible LlmClient: POST {base_url}/chat/completions and
// {base_url}/embeddings. OpenAI, DeepSeek, Qwen/DashScope compatible mode,
// Moonshot, vLLM, Ollama (/v1) and llama.cpp's server work by base URL + model +
// key (see LlmConfig in llm/client.h, ApplyLlmEnvironment below).
//
// Per call:
// - the response cache is consulted first (ChatRequest::use_cache, key
//   ChatCacheKey in llm/openai_protocol.h: model, messages, temperature,
//   max_tokens, response_format; `stream` does not change it). A hit makes no HTTP
//   request, costs nothing (Usage.cached, zero tokens) and is delivered to
//   on_delta in one piece when the request streams. Only complete answers
//   (finish_reason not "length") of at most kMaxCachedAnswerBytes that the
//   request's `cacheable` accepts are stored, and only such entries are served;
// - then the budget: once accounting().cost_usd >= budget_usd (> 0) a call fails
//   with kUnavailable "budget exhausted ..." without contacting the provider;
// - each HTTP attempt holds one of max_concurrency slots (backoff sleeps do not)
//   and gets timeout_ms for the whole transfer, less when the request's deadline
//   leaves less;
// - the retry policy, one for every call:
//   * 429/500/502/503/504 and dropped connections (reset, truncated body) are
//     retried up to max_retries times, waiting Retry-After (retry-after-ms,
//     delta-seconds or HTTP-date) when given, else backoff_ms * 2^(n-1) with
//     jitter in [d/2, d], capped at max_backoff_ms, all through Clock::SleepMs.
//     A Retry-After beyond max_backoff_ms is not waited for: the call fails with
//     kUnavailable at once;
//   * a timeout (no answer within timeout_ms) is retried once at most: a hung
//     provider costs two timeouts, not max_retries + 1;
//   * a refused connection / unknown host fails at once (kIo, "cannot connect");
//   * with a deadline: no attempt starts and no wait begins that it would not
//     leave time for; the call fails with kCancelled instead;
//   * a streamed call whose deltas already reached on_delta is not retried (the
//     caller would see them twice);
// - other 4xx fail with kInvalidArgument carrying the provider's error message;
// - a response body beyond kMaxBodyBytes is an unusable answer (kParse);
// - usage comes from the answer; when missing, tokens are estimated (~4 bytes a
//   token) and Usage.estimated is set. cost_usd = tokens x prices / 1e6.
// Embed() sends kEmbeddingBatch texts per request (empty texts are sent as " ",
// which every provider accepts), reorders vectors by "index" and L2-normalises them.
//
// Thread-safe. `http`, `clock` and `cache` (nullable) must outlive the client.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "llm/client.h"
#include "net/http.h"

namespace ah::llm {

// Overrides `config` from the environment (variables set to "" count as absent):
//   AH_LLM_BASE_URL, AH_LLM_API_KEY, AH_LLM_MODEL, AH_LLM_EMBEDDING_MODEL replace
//   the config's base_url, api_key, model, embedding_model;
//   OPENAI_BASE_URL fills base_url when AH_LLM_BASE_URL is absent and the config
//   has none; OPENAI_API_KEY fills api_key when AH_LLM_API_KEY is absent and the
//   config has none, and only if the resulting base_url is OpenAI's (api.openai.com)
//   or came from OPENAI_BASE_URL, so an OpenAI key is never sent to another provider.
// `getenv` is std::getenv in production, a map lookup in tests.
void ApplyLlmEnvironment(LlmConfig* config, const std::function<const char*(const char*)>& getenv);

// "openai", "deepseek", "dashscope", "moonshot", "ollama" (port 11434) from the
// base URL's host, else "host[:port]"; "unconfigured" when empty.
std::string ProviderName(std::string_view base_url);

// An in-memory ResponseCache for tests and single runs. Thread-safe.
class MemoryResponseCache final : public ResponseCache {
 public:
  [[nodiscard]] Result<std::optional<std::string>> Get(std::string_view key) override;
  [[nodiscard]] Status Put(std::string_view key, std::string_view value) override;
  size_t size() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::string, std::less<>> entries_;
};

class OpenAiClient final : public LlmClient {
 public:
  static constexpr size_t kEmbeddingBatch = 64;  // texts per /embeddings request
  static constexpr int64_t kMaxBodyBytes = 64LL << 20;
  // Answers larger than this are returned but never cached.
  static constexpr size_t kMaxCachedAnswerBytes = 1 << 20;

  OpenAiClient(LlmConfig config, net::HttpClient* http, Clock* clock,
               ResponseCache* cache = nullptr);

  std::string Describe() const override;  // "deepseek/deepseek-chat"
  std::string model() const override { return config_.model; }
  // Errors as LlmClient::Chat; kInvalidArgument also when the client is not
  // configured (no base_url or model) or the request has no messages.
  [[nodiscard]] Result<ChatResponse> Chat(const ChatRequest& request) override;
  // Errors as Chat; kInvalidArgument when no embedding_model is configured.
  [[nodiscard]] Result<EmbeddingResponse> Embed(const std::vector<std::string>& texts) override;
  Accounting accounting() const override;
  const LlmConfig& config() const { return config_; }

 private:
  class StreamSink;

  // One POST with retries. Returns the 2xx response, or the final error; `attempts`
  // counts HTTP attempts made. `sink` (nullable) receives a streamed body;
  // `deadline` (nullable) bounds the attempts and waits.
  Result<net::HttpResponse> Post(const std::string& endpoint, const std::string& body,
                                 StreamSink* sink, const Deadline* deadline, int* attempts);
  Result<ChatResponse> DoChat(const ChatRequest& request);
  Result<EmbeddingResponse> DoEmbed(const std::vector<std::string>& texts);
  // `e` without the API key and URL credentials.
  Error Redacted(const Error& e) const;
  // Waits `ms` through the clock; with a deadline in slices of at most a second,
  // stopping early once it is cancelled.
  void Wait(int64_t ms, const Deadline* deadline);
  Status CheckBudget() const;
  void Account(const Usage& usage);
  int64_t BackoffMs(int retry);
  void Acquire();
  void Release();

  const LlmConfig config_;
  net::HttpClient* const http_;
  Clock* const clock_;
  ResponseCache* const cache_;

  mutable std::mutex mu_;  // guards accounting_, rng_, in_flight_
  std::condition_variable slot_free_;
  int in_flight_ = 0;
  Accounting accounting_;
  std::mt19937_64 rng_;
};

}  // namespace ah::llm
