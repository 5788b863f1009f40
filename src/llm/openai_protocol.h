// The OpenAI-compatible wire format: request bodies, the response cache key and
// defensive parsers of /chat/completions (plain and streamed) and /embeddings
// answers, as OpenAI, DeepSeek, Qwen/DashScope compatible mode, Moonshot, vLLM,
// Ollama (/v1) and llama.cpp's server send them.
//
// Pure functions: no I/O, no clock. The stream assembler is not thread-safe
// (one per stream); everything else is.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "llm/client.h"
#include "llm/sse.h"

namespace ah::llm {

// The parameters of one chat call once the config's defaults are applied.
struct ResolvedChat {
  std::string model;
  double temperature = 0;
  int64_t max_tokens = 0;
  bool json_object = false;
};
ResolvedChat ResolveChat(const ChatRequest& request, const LlmConfig& config);

// What determines an answer, as canonical JSON (keys sorted, no whitespace):
// model, messages (role, content), temperature, max_tokens and response_format
// when json_object. `stream` is not part of it.
std::string CanonicalChatJson(const ChatRequest& request, const LlmConfig& config);
// 32 lower-case hex digits: two independent 64-bit hashes of `bytes` (FNV-1a and a
// multiply-rotate hash with another seed). Not cryptographic; stable across runs
// and platforms.
std::string Digest128Hex(std::string_view bytes);
// The response cache key of a chat request: Digest128Hex(CanonicalChatJson(...)).
std::string ChatCacheKey(const ChatRequest& request, const LlmConfig& config);

// Body of POST {base}/chat/completions: the canonical fields, plus "stream": true
// and "stream_options": {"include_usage": true} when `stream`.
std::string BuildChatBody(const ChatRequest& request, const LlmConfig& config, bool stream);
// Body of POST {base}/embeddings for texts[begin, end): {"model", "input": [...]}.
// Invalid UTF-8 in the texts is replaced (U+FFFD) rather than failing.
std::string BuildEmbeddingBody(std::string_view model, const std::vector<std::string>& texts,
                               size_t begin, size_t end);

// An error object: {"error": {"message", "type", "code"}} (OpenAI, DeepSeek, Qwen,
// llama.cpp), {"error": "text"} (Ollama), {"object": "error", "message", ...} (vLLM)
// or {"detail": "..."} (FastAPI servers).
struct ProviderError {
  std::string message;
  std::string type;
  std::string code;  // numeric codes as decimal text
};
std::optional<ProviderError> ParseProviderError(std::string_view body);
// "message (type, code)" of the body's error object (the message cut at 500
// bytes, control characters as spaces), else a short printable snippet of the
// body, else "empty body".
std::string DescribeProviderError(std::string_view body);
// kUnavailable for transient errors (server_error, overloaded, rate limits,
// timeouts, numeric code 429 or >= 500), kInvalidArgument for the rest.
Code ClassifyProviderError(const ProviderError& error);

struct ChatAnswer {
  ChatResponse response;   // usage.prompt/completion/cached_prompt_tokens as reported
  bool has_usage = false;  // the answer carried token counts
};

// Parses a /chat/completions answer (choices[0].message.content; a null content is
// ""; content given as an array of parts is joined). `origin` names the endpoint in
// error messages. Errors: kParse (empty, not JSON, invalid JSON at byte N, no
// choices, wrong types: the message names the field), and an error object in the
// body as classified by ClassifyProviderError.
[[nodiscard]] Result<ChatAnswer> ParseChatAnswer(std::string_view body, std::string_view origin);

struct EmbeddingAnswer {
  std::vector<std::vector<float>> vectors;  // reordered by "index", unit length (or zero)
  std::string model;
  int64_t prompt_tokens = 0;
  bool has_usage = false;
};

// Parses an /embeddings answer that must hold exactly `count` vectors with
// indices 0..count-1 (in any order; a missing index means array position) of one
// common dimension. Embeddings may be float arrays or base64 little-endian
// float32. Vectors are L2-normalised. Errors: kParse (as ParseChatAnswer, plus
// wrong count, duplicate/out-of-range index, mixed dimensions, non-finite
// values: the message names the record), provider error objects as above.
[[nodiscard]] Result<EmbeddingAnswer> ParseEmbeddingAnswer(std::string_view body, size_t count,
                                                           std::string_view origin);

// Builds a streamed answer from the events of a /chat/completions stream:
// "chat.completion.chunk" objects whose choices[0].delta.content pieces are
// joined, the last non-empty finish_reason and model, usage from the top-level
// "usage" (the include_usage chunk) or choices[0].usage (Moonshot); "[DONE]"
// ends the stream. Comments and empty deltas are skipped.
class ChatStreamAssembler {
 public:
  explicit ChatStreamAssembler(std::string origin) : origin_(std::move(origin)) {}

  // Handles one event; non-empty deltas go to `on_delta` (may be empty) in order.
  // Errors: kParse (malformed chunk: names the origin, the event number and its
  // stream byte offset), an error event/object as ClassifyProviderError says.
  // Events after "[DONE]" are ignored.
  [[nodiscard]] Status OnEvent(const SseEvent& event,
                               const std::function<void(std::string_view)>& on_delta);

  bool done() const { return done_; }  // "[DONE]" seen
  // The answer is complete: "[DONE]" or a finish_reason was seen.
  bool complete() const { return done_ || !answer_.response.finish_reason.empty(); }
  bool delivered() const { return delivered_; }  // a delta reached on_delta
  int64_t events() const { return events_; }
  const ChatAnswer& answer() const { return answer_; }

 private:
  std::string origin_;
  ChatAnswer answer_;
  bool done_ = false;
  bool delivered_ = false;
  int64_t events_ = 0;
};

// ~4 bytes a token, rounded up; the estimate used when a provider reports no usage.
int64_t EstimateTokens(std::string_view text);
int64_t EstimatePromptTokens(const std::vector<ChatMessage>& messages);

}  // namespace ah::llm
