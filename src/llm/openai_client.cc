#include "llm/openai_client.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <utility>

#include "core/redact.h"
#include "core/json.h"
#include "core/text.h"
#include "llm/openai_protocol.h"
#include "llm/sse.h"
#include "net/curl_http_client.h"

namespace ah::llm {
namespace {

using nlohmann::json;

const char* Env(const std::function<const char*(const char*)>& getenv, const char* name) {
  const char* v = getenv ? getenv(name) : nullptr;
  return v != nullptr && *v != '\0' ? v : nullptr;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "host[:port]" of a URL, lower-cased.
std::string Authority(std::string_view url) {
  if (size_t scheme = url.find("://"); scheme != std::string_view::npos) {
    url.remove_prefix(scheme + 3);
  }
  url = url.substr(0, url.find_first_of("/?#"));
  if (size_t at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
  return Lower(url);
}

std::string JoinUrl(std::string_view base, std::string_view endpoint) {
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  return std::string(base) + "/" + std::string(endpoint);
}

// "3 s", "3600 s", "106751991167 days": a wait for messages, rounded up to whole
// seconds without overflowing on absurd values.
std::string DescribeWait(int64_t ms) {
  const int64_t s = ms / 1000 + (ms % 1000 > 0 ? 1 : 0);
  if (s < 2 * 86400) return std::to_string(s) + " s";
  return std::to_string(s / 86400) + " days";
}

bool RetryableStatus(int status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

std::string EncodeCached(const ChatResponse& r) {
  return json{
      {"v", 1}, {"content", r.content}, {"finish_reason", r.finish_reason}, {"model", r.model}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<ChatResponse> DecodeCached(std::string_view value) {
  auto parsed = ReadJson(value);
  if (!parsed) return std::nullopt;  // a damaged entry is a miss; the fresh answer replaces it
  try {
    const json& j = *parsed;
    if (!j.is_object() || !j.contains("content") || !j["content"].is_string()) return std::nullopt;
    ChatResponse r;
    r.content = j["content"].get<std::string>();
    if (j.contains("finish_reason") && j["finish_reason"].is_string()) {
      r.finish_reason = j["finish_reason"].get<std::string>();
    }
    if (j.contains("model") && j["model"].is_string()) r.model = j["model"].get<std::string>();
    return r;
  } catch (const std::exception&) {
    return std::nullopt;  // a damaged entry is a miss; the fresh answer replaces it
  }
}

}  // namespace

// Feeds a streamed body through the SSE parser into a ChatStreamAssembler, one
// attempt at a time.
class OpenAiClient::StreamSink {
 public:
  StreamSink(std::string origin, const std::function<void(std::string_view)>* on_delta)
      : origin_(std::move(origin)), on_delta_(on_delta) {
    Reset();
  }

  void Reset() {
    parser_ = std::make_unique<SseParser>(static_cast<size_t>(kMaxBodyBytes));
    assembler_ = std::make_unique<ChatStreamAssembler>(origin_);
    error_.reset();
  }

  // The body callback: false (abort) once the stream failed.
  bool Consume(std::string_view bytes) {
    if (error_) return false;
    std::vector<SseEvent> events;
    if (auto st = parser_->Feed(bytes, &events); !st) {
      error_ = st.error().Wrap(origin_);
    }
    Deliver(events);  // events completed before a parser failure still count
    return !error_;
  }

  // End of a 2xx body. Ok when the answer is complete or the body held no event
  // at all (a server that ignored "stream": the caller parses the plain answer).
  Status Finish() {
    if (error_) return Fail(*error_);
    std::vector<SseEvent> events;
    if (auto st = parser_->Finish(&events); !st) error_ = st.error().Wrap(origin_);
    Deliver(events);
    if (error_) return Fail(*error_);
    if (assembler_->events() > 0 && !assembler_->complete()) {
      return MakeError(Code::kIo, origin_ + ": stream ended before [DONE] after " +
                                      std::to_string(assembler_->events()) + " events and " +
                                      std::to_string(parser_->bytes_consumed()) + " bytes");
    }
    return Ok();
  }

  bool delivered() const { return assembler_->delivered(); }
  const std::optional<Error>& error() const { return error_; }
  const ChatStreamAssembler& assembler() const { return *assembler_; }

 private:
  void Deliver(const std::vector<SseEvent>& events) {
    for (const SseEvent& e : events) {
      if (error_) return;
      if (auto st = assembler_->OnEvent(e, *on_delta_); !st) error_ = st.error();
    }
  }

  std::string origin_;
  const std::function<void(std::string_view)>* on_delta_;
  std::unique_ptr<SseParser> parser_;
  std::unique_ptr<ChatStreamAssembler> assembler_;
  std::optional<Error> error_;
};

void ApplyLlmEnvironment(LlmConfig* config, const std::function<const char*(const char*)>& getenv) {
  bool base_from_openai_env = false;
  if (const char* v = Env(getenv, "AH_LLM_BASE_URL")) {
    config->base_url = v;
  } else if (const char* o = Env(getenv, "OPENAI_BASE_URL");
             o != nullptr && config->base_url.empty()) {
    config->base_url = o;
    base_from_openai_env = true;
  }
  if (const char* v = Env(getenv, "AH_LLM_API_KEY")) {
    config->api_key = v;
  } else if (const char* o = Env(getenv, "OPENAI_API_KEY");
             o != nullptr && config->api_key.empty()) {
    const std::string host = Authority(config->base_url);
    const bool openai_host = host == "api.openai.com" || text::EndsWith(host, ".openai.com") ||
                             text::StartsWith(host, "api.openai.com:");
    if (config->base_url.empty() || openai_host || base_from_openai_env) config->api_key = o;
  }
  if (const char* v = Env(getenv, "AH_LLM_MODEL")) config->model = v;
  if (const char* v = Env(getenv, "AH_LLM_EMBEDDING_MODEL")) config->embedding_model = v;
}

std::string ProviderName(std::string_view base_url) {
  if (text::Trim(base_url).empty()) return "unconfigured";
  const std::string auth = Authority(base_url);
  std::string host = auth;
  std::string port;
  if (size_t colon = auth.rfind(':');
      colon != std::string::npos && auth.find(']', colon) == std::string::npos) {
    host = auth.substr(0, colon);
    port = auth.substr(colon + 1);
  }
  if (host == "openai.com" || text::EndsWith(host, ".openai.com")) return "openai";
  for (const char* known : {"deepseek", "dashscope", "moonshot"}) {
    if (host.find(known) != std::string::npos) return known;
  }
  if (port == "11434") return "ollama";
  return auth.empty() ? std::string("unknown") : auth;
}

Result<std::optional<std::string>> MemoryResponseCache::Get(std::string_view key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::optional<std::string>();
  return std::optional<std::string>(it->second);
}

Status MemoryResponseCache::Put(std::string_view key, std::string_view value) {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.insert_or_assign(std::string(key), std::string(value));
  return Ok();
}

size_t MemoryResponseCache::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

OpenAiClient::OpenAiClient(LlmConfig config, net::HttpClient* http, Clock* clock,
                           ResponseCache* cache)
    : config_(std::move(config)),
      http_(http),
      clock_(clock),
      cache_(cache),
      rng_(std::random_device{}()) {}

std::string OpenAiClient::Describe() const {
  return ProviderName(config_.base_url) + "/" + config_.model;
}

Accounting OpenAiClient::accounting() const {
  std::lock_guard<std::mutex> lock(mu_);
  return accounting_;
}

Status OpenAiClient::CheckBudget() const {
  if (config_.budget_usd <= 0) return Ok();
  std::lock_guard<std::mutex> lock(mu_);
  if (accounting_.cost_usd >= config_.budget_usd) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "budget exhausted: spent $%.4f of $%.4f", accounting_.cost_usd,
                  config_.budget_usd);
    return MakeError(Code::kUnavailable, Describe() + ": " + buf);
  }
  return Ok();
}

void OpenAiClient::Account(const Usage& usage) {
  std::lock_guard<std::mutex> lock(mu_);
  accounting_.prompt_tokens += usage.prompt_tokens;
  accounting_.completion_tokens += usage.completion_tokens;
  accounting_.cost_usd += usage.cost_usd;
}

int64_t OpenAiClient::BackoffMs(int retry) {
  int64_t d = std::max<int64_t>(0, config_.backoff_ms);
  for (int i = 1; i < retry && d < (int64_t{1} << 40); ++i) d *= 2;
  if (config_.max_backoff_ms > 0) d = std::min(d, config_.max_backoff_ms);
  if (d <= 1) return d;
  std::lock_guard<std::mutex> lock(mu_);
  std::uniform_int_distribution<int64_t> jitter(0, d - d / 2);
  return d / 2 + jitter(rng_);
}

void OpenAiClient::Acquire() {
  const int limit = std::max(1, config_.max_concurrency);
  std::unique_lock<std::mutex> lock(mu_);
  slot_free_.wait(lock, [&] { return in_flight_ < limit; });
  ++in_flight_;
}

void OpenAiClient::Release() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    --in_flight_;
  }
  slot_free_.notify_one();
}

void OpenAiClient::Wait(int64_t ms, const Deadline* deadline) {
  if (deadline == nullptr) {
    clock_->SleepMs(ms);
    return;
  }
  while (ms > 0 && !deadline->cancelled()) {
    const int64_t step = std::min<int64_t>(ms, 1'000);
    clock_->SleepMs(step);
    ms -= step;
  }
}

Result<net::HttpResponse> OpenAiClient::Post(const std::string& endpoint, const std::string& body,
                                             StreamSink* sink, const Deadline* deadline,
                                             int* attempts) {
  net::HttpRequest req;
  req.url = JoinUrl(config_.base_url, endpoint);
  req.method = "POST";
  req.body = body;
  req.headers = {{"Content-Type", "application/json"},
                 {"Accept", sink != nullptr ? "text/event-stream" : "application/json"},
                 {"User-Agent", net::MakeUserAgent("")}};
  if (!config_.api_key.empty())
    req.headers.emplace_back("Authorization", "Bearer " + config_.api_key);
  if (config_.timeout_ms > 0) {
    req.timeout_ms = config_.timeout_ms;
    // A model may think for long before its first byte: only the total timeout applies.
    req.low_speed_timeout_ms = config_.timeout_ms;
  }
  req.max_body_bytes = kMaxBodyBytes;
  req.deadline = deadline;
  if (sink != nullptr) req.on_body = [sink](std::string_view b) { return sink->Consume(b); };
  const std::string origin = "POST " + req.url;
  const int max_attempts = 1 + std::max(0, config_.max_retries);
  int timeouts = 0;

  for (int attempt = 1;; ++attempt) {
    const std::string tries =
        attempt > 1 ? " (after " + std::to_string(attempt - 1) + " attempts)" : "";
    if (deadline != nullptr && deadline->Expired()) {
      return Fail(deadline->ExpiredError(origin + tries));
    }
    if (sink != nullptr) sink->Reset();
    Acquire();
    // The deadline may have passed while this call waited for a slot.
    Result<net::HttpResponse> res = Fail(Error(Code::kInternal, ""));
    if (deadline != nullptr && deadline->Expired()) {
      res = Fail(deadline->ExpiredError(origin + tries));
    } else {
      res = http_->Send(req);
    }
    Release();
    *attempts = attempt;
    const std::string after =
        attempt > 1 ? " (after " + std::to_string(attempt) + " attempts)" : "";
    auto can_retry = [&] {
      return attempt < max_attempts && !(sink != nullptr && sink->delivered());
    };
    std::optional<int64_t> wait;
    Error last;
    if (!res) {
      // An abort from our own body callback carries the stream's error.
      const bool stream_error = sink != nullptr && sink->error().has_value();
      Error e = stream_error ? *sink->error() : res.error();
      switch (e.code) {
        case Code::kCancelled:
          return Fail(Error(e.code, e.message + after));
        case Code::kUnreachable:
          // Nothing listens there: asking again changes nothing.
          return MakeError(Code::kIo, e.message);
        case Code::kTooLarge:
          return MakeError(Code::kParse, e.message + ": not a usable answer");
        case Code::kUnavailable:
          if (!stream_error) {
            // A transport timeout (LlmClient reports those as kIo): a hung
            // provider is asked once more at most.
            e.code = Code::kIo;
            if (++timeouts > 1 || !can_retry()) return Fail(Error(e.code, e.message + after));
          } else if (!can_retry()) {
            return Fail(Error(e.code, e.message + after));
          }
          break;
        case Code::kIo:
          if (!can_retry()) return Fail(Error(e.code, e.message + after));
          break;
        default:
          return Fail(Error(e.code, e.message + after));
      }
      last = e;
    } else if (res->status >= 200 && res->status < 300) {
      if (sink == nullptr) return res;
      Status st = sink->Finish();
      if (st) return res;
      const bool transient = st.error().code == Code::kIo || st.error().code == Code::kUnavailable;
      if (!transient || !can_retry())
        return Fail(Error(st.error().code, st.error().message + after));
      last = st.error();
    } else {
      const std::string what = origin + ": HTTP " + std::to_string(res->status) + ": " +
                               DescribeProviderError(res->body);
      if (RetryableStatus(res->status)) {
        if (!can_retry()) return MakeError(Code::kUnavailable, what + after);
        std::string ms = res->Header("retry-after-ms");
        if (!ms.empty()) {
          char* end = nullptr;
          const double v = std::strtod(ms.c_str(), &end);
          if (end != ms.c_str() && std::isfinite(v) && v >= 0 && v < 1e12) {
            wait = static_cast<int64_t>(std::ceil(v));
          }
        }
        if (!wait) {
          if (std::string ra = res->Header("retry-after"); !ra.empty()) {
            wait = net::ParseRetryAfterMs(ra, clock_->NowUnix());
          }
        }
        if (wait && config_.max_backoff_ms > 0 && *wait > config_.max_backoff_ms) {
          return MakeError(Code::kUnavailable, what + after +
                                                   "; the provider asks to retry after " +
                                                   DescribeWait(*wait) + ", beyond max_backoff_ms");
        }
        last = Error(Code::kUnavailable, what);
      } else if (res->status >= 400 && res->status < 500) {
        return MakeError(Code::kInvalidArgument, what);
      } else if (res->status >= 500) {
        return MakeError(Code::kUnavailable, what);
      } else {
        return MakeError(Code::kIo,
                         origin + ": unexpected HTTP status " + std::to_string(res->status));
      }
    }
    const int64_t pause = wait ? std::max<int64_t>(0, *wait) : BackoffMs(attempt);
    if (deadline != nullptr && pause >= deadline->RemainingMs()) {
      // The wait would outlast the work's deadline: give up now, not after it.
      Error e = deadline->ExpiredError(last.message + after + "; no time left to retry");
      if (!deadline->cancelled()) {
        e.message = last.message + after + "; a retry in " + DescribeWait(pause) +
                    " would pass the deadline of " +
                    std::to_string((deadline->budget_ms() + 999) / 1000) + " s";
      }
      return Fail(e);
    }
    Wait(pause, deadline);
  }
}

Error OpenAiClient::Redacted(const Error& e) const {
  return Error(e.code, RedactSecrets(e.message, {config_.api_key}));
}

Result<ChatResponse> OpenAiClient::Chat(const ChatRequest& request) {
  auto r = DoChat(request);
  if (!r) return Fail(Redacted(r.error()));
  return r;
}

Result<EmbeddingResponse> OpenAiClient::Embed(const std::vector<std::string>& texts) {
  auto r = DoEmbed(texts);
  if (!r) return Fail(Redacted(r.error()));
  return r;
}

Result<ChatResponse> OpenAiClient::DoChat(const ChatRequest& request) {
  if (!config_.configured()) {
    return MakeError(Code::kInvalidArgument, "LLM not configured: base_url and model are required");
  }
  if (request.messages.empty()) {
    return MakeError(Code::kInvalidArgument, Describe() + ": chat request without messages");
  }
  const bool use_cache = cache_ != nullptr && request.use_cache;
  const std::string key = use_cache ? ChatCacheKey(request, config_) : std::string();
  auto keep = [&](const ChatResponse& r) {
    return r.finish_reason != "length" && r.content.size() <= kMaxCachedAnswerBytes &&
           (!request.cacheable || request.cacheable(r.content));
  };
  if (use_cache) {
    // A failing cache is only slower: fall through to the provider. An entry
    // that would not be stored today (oversized, rejected by the caller's
    // validation) is a miss, and the fresh answer replaces it when it may.
    if (auto got = cache_->Get(key); got && got->has_value()) {
      std::optional<ChatResponse> hit = DecodeCached(**got);
      if (hit && keep(*hit)) {
        hit->usage = Usage{};
        hit->usage.cached = true;
        if (request.stream && request.on_delta && !hit->content.empty()) {
          request.on_delta(hit->content);
        }
        std::lock_guard<std::mutex> lock(mu_);
        ++accounting_.calls;
        ++accounting_.cached_calls;
        return std::move(*hit);
      }
    }
  }
  if (auto st = CheckBudget(); !st) return Fail(st.error());

  const std::string endpoint = "chat/completions";
  const std::string origin = "POST " + JoinUrl(config_.base_url, endpoint);
  std::optional<StreamSink> sink;
  if (request.stream) sink.emplace(origin, &request.on_delta);
  int attempts = 0;
  auto res = Post(endpoint, BuildChatBody(request, config_, request.stream),
                  sink ? &*sink : nullptr, request.deadline, &attempts);
  if (!res) return Fail(res.error());

  ChatAnswer answer;
  if (sink && sink->assembler().events() > 0) {
    answer = sink->assembler().answer();
  } else {
    auto parsed = ParseChatAnswer(res->body, origin);
    if (!parsed) return Fail(parsed.error());
    answer = std::move(*parsed);
    if (sink && request.on_delta && !answer.response.content.empty()) {
      request.on_delta(answer.response.content);  // the server ignored "stream"
    }
  }
  ChatResponse out = std::move(answer.response);
  if (out.model.empty()) out.model = ResolveChat(request, config_).model;
  if (!answer.has_usage) {
    out.usage.prompt_tokens = EstimatePromptTokens(request.messages);
    out.usage.completion_tokens = EstimateTokens(out.content);
    out.usage.cached_prompt_tokens = 0;
    out.usage.estimated = true;
  }
  out.usage.cost_usd =
      (static_cast<double>(out.usage.prompt_tokens) * config_.input_price_per_mtok +
       static_cast<double>(out.usage.completion_tokens) * config_.output_price_per_mtok) /
      1e6;
  out.usage.attempts = attempts;
  Account(out.usage);
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++accounting_.calls;
  }
  // A provider may quote the request's key back in its answer.
  if (config_.api_key.size() >= 4 && out.content.find(config_.api_key) != std::string::npos) {
    out.content = RedactSecrets(out.content, {config_.api_key});
  }
  // An answer cut by max_tokens, an oversized one or one the caller's validation
  // rejects is returned but not kept: a rerun asks again instead of replaying it
  // forever (and the library does not grow by megabytes of garbage).
  if (use_cache && keep(out)) (void)cache_->Put(key, EncodeCached(out));  // best effort
  return out;
}

Result<EmbeddingResponse> OpenAiClient::DoEmbed(const std::vector<std::string>& texts) {
  if (config_.base_url.empty() || config_.embedding_model.empty()) {
    return MakeError(Code::kInvalidArgument,
                     "LLM embeddings not configured: base_url and embedding_model are required");
  }
  EmbeddingResponse out;
  out.model = config_.embedding_model;
  if (texts.empty()) return out;
  const std::string endpoint = "embeddings";
  const std::string origin = "POST " + JoinUrl(config_.base_url, endpoint);
  std::vector<std::string> inputs = texts;
  for (std::string& t : inputs) {
    if (text::Trim(t).empty()) t = " ";
  }
  out.vectors.reserve(texts.size());
  size_t dims = 0;
  for (size_t begin = 0; begin < inputs.size(); begin += kEmbeddingBatch) {
    const size_t end = std::min(inputs.size(), begin + kEmbeddingBatch);
    if (auto st = CheckBudget(); !st) return Fail(st.error());
    int attempts = 0;
    auto res = Post(endpoint, BuildEmbeddingBody(config_.embedding_model, inputs, begin, end),
                    nullptr, nullptr, &attempts);
    out.usage.attempts += attempts;
    if (!res) return Fail(res.error());
    const std::string where =
        origin + " (texts " + std::to_string(begin) + ".." + std::to_string(end - 1) + ")";
    auto parsed = ParseEmbeddingAnswer(res->body, end - begin, where);
    if (!parsed) return Fail(parsed.error());
    if (dims == 0 && !parsed->vectors.empty()) dims = parsed->vectors.front().size();
    if (!parsed->vectors.empty() && parsed->vectors.front().size() != dims) {
      return MakeError(Code::kParse, where + ": " + std::to_string(parsed->vectors.front().size()) +
                                         " dimensions, earlier batches had " +
                                         std::to_string(dims));
    }
    Usage batch;
    if (parsed->has_usage) {
      batch.prompt_tokens = parsed->prompt_tokens;
    } else {
      for (size_t i = begin; i < end; ++i) batch.prompt_tokens += EstimateTokens(inputs[i]);
      out.usage.estimated = true;
    }
    batch.cost_usd =
        static_cast<double>(batch.prompt_tokens) * config_.embedding_price_per_mtok / 1e6;
    Account(batch);  // spent even when a later batch fails
    out.usage.prompt_tokens += batch.prompt_tokens;
    out.usage.cost_usd += batch.cost_usd;
    if (!parsed->model.empty()) out.model = parsed->model;
    for (auto& v : parsed->vectors) out.vectors.push_back(std::move(v));
  }
  std::lock_guard<std::mutex> lock(mu_);
  ++accounting_.calls;
  return out;
}

}  // namespace ah::llm
