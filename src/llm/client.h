// The LLM client interface: chat completions and embeddings, provider-agnostic.
//
// One implementation speaks the OpenAI-compatible protocol (llm/openai_client.h):
// OpenAI, DeepSeek, Qwen/DashScope, Moonshot, vLLM, Ollama and llama.cpp's server
// all work by base URL + model + key. Tests use fakes of this interface or the
// real client against a loopback server.
//
// Thread-safety: implementations are thread-safe (a briefing runs several
// calls concurrently, bounded by the client's concurrency limit).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/deadline.h"
#include "core/result.h"

namespace ah::llm {

// Where and how to reach a provider. Filled from config.toml [llm] and the
// environment (see ApplyLlmEnvironment in llm/openai_client.h).
struct LlmConfig {
  std::string base_url;          // e.g. "https://api.openai.com/v1", "http://127.0.0.1:11434/v1"
  std::string api_key;           // may be empty (local servers)
  std::string model;             // chat model, e.g. "gpt-4o-mini", "deepseek-chat", "qwen-plus"
  std::string embedding_model;   // empty = no remote embeddings
  int64_t timeout_ms = 120'000;  // one HTTP attempt
  int max_retries = 4;           // on 429 / 5xx / dropped connections (a timeout: once at most)
  int64_t backoff_ms = 1'000;    // first retry delay when no Retry-After, doubled each time
  int64_t max_backoff_ms = 60'000;
  int max_concurrency = 4;       // calls in flight at once, per client
  int64_t context_tokens = 32'000;   // the model's context window (prompt + answer)
  int64_t max_answer_tokens = 4'000;
  double temperature = 0.2;
  // Prices in USD per million tokens, for cost accounting; 0 = unknown (cost 0).
  double input_price_per_mtok = 0;
  double output_price_per_mtok = 0;
  double embedding_price_per_mtok = 0;  // input tokens of /embeddings calls
  // Spending limit for this client's lifetime in USD; 0 = none. A call that
  // would start after the limit is reached fails with kUnavailable
  // ("budget exhausted ...") without contacting the provider.
  double budget_usd = 0;
  // The budget of one briefing's (or TL;DR batch's) LLM work as a whole, for the
  // Deadline its caller creates (see ChatRequest::deadline); 0 = none. The client
  // itself only bounds single attempts (timeout_ms).
  int64_t deadline_ms = 300'000;

  bool configured() const { return !base_url.empty() && !model.empty(); }
};

struct ChatMessage {
  std::string role;  // "system" | "user" | "assistant"
  std::string content;
};

struct ChatRequest {
  std::vector<ChatMessage> messages;
  std::string model;                // empty = config's model
  std::optional<double> temperature;  // empty = config's
  int64_t max_tokens = 0;           // 0 = config's max_answer_tokens
  bool json_object = false;         // ask for response_format {"type":"json_object"}
  bool stream = false;              // server-sent events; deltas reported to on_delta
  std::function<void(std::string_view delta)> on_delta;  // called on the calling thread
  bool use_cache = true;            // look up / store in the response cache
  // Whether an answer may be kept in (and served from) the response cache: the
  // caller's validation of `content`, called on the calling thread. Empty = any
  // complete answer. A cached answer it rejects counts as a miss.
  std::function<bool(std::string_view content)> cacheable;
  // The work this call belongs to (nullable; must outlive the call): no attempt
  // starts once it has expired or was cancelled, attempts and backoff waits are
  // bounded by what it leaves, and the call then fails with kCancelled.
  const Deadline* deadline = nullptr;
};

struct Usage {
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  double cost_usd = 0;
  bool cached = false;  // served from the response cache (no tokens spent)
  int attempts = 0;     // HTTP attempts made (0 when cached)
  // The provider reported no usage: the token counts are estimates (~4 bytes a token).
  bool estimated = false;
  // Of prompt_tokens, those the provider served from its own prompt cache
  // (DeepSeek prompt_cache_hit_tokens, OpenAI/Qwen prompt_tokens_details.cached_tokens);
  // informational, cost_usd still prices them at the full input price.
  int64_t cached_prompt_tokens = 0;
};

struct ChatResponse {
  std::string content;        // the assistant's answer (streamed answers joined)
  std::string finish_reason;  // "stop", "length", ...
  std::string model;          // as reported by the provider
  Usage usage;
};

struct EmbeddingResponse {
  std::vector<std::vector<float>> vectors;  // one per input text, in order
  std::string model;
  Usage usage;
};

// Totals over a client's lifetime.
struct Accounting {
  int64_t calls = 0;         // answered calls (cached included)
  int64_t cached_calls = 0;
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  double cost_usd = 0;
};

class LlmClient {
 public:
  virtual ~LlmClient() = default;
  // "provider/model" for display and for what a briefing records.
  virtual std::string Describe() const = 0;
  virtual std::string model() const = 0;
  // Errors: kUnavailable (429/5xx after retries, budget exhausted), kIo
  // (unreachable, timeout), kParse (malformed or oversized answer; message names
  // the endpoint and byte position), kInvalidArgument (4xx other than 429,
  // with the provider's error message), kCancelled (request.deadline
  // passed or was cancelled). Messages never carry the API key or URL
  // credentials (core/redact.h).
  [[nodiscard]] virtual Result<ChatResponse> Chat(const ChatRequest& request) = 0;
  [[nodiscard]] virtual Result<EmbeddingResponse> Embed(const std::vector<std::string>& texts) = 0;
  virtual Accounting accounting() const = 0;
};

// A persistent cache of answers keyed by a digest of model + request.
// The library store implements it (table llm_cache); MemoryResponseCache is for tests.
class ResponseCache {
 public:
  virtual ~ResponseCache() = default;
  [[nodiscard]] virtual Result<std::optional<std::string>> Get(std::string_view key) = 0;
  [[nodiscard]] virtual Status Put(std::string_view key, std::string_view value) = 0;
};

}  // namespace ah::llm
