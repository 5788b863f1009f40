#include "llm/openai_protocol.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <utility>

#include "core/json.h"
#include "core/text.h"

namespace ah::llm {
namespace {

using nlohmann::json;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

const json* Find(const json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() || it->is_null() ? nullptr : &*it;
}

std::string Str(const json* j) {
  if (j == nullptr) return {};
  if (j->is_string()) return j->get<std::string>();
  if (j->is_number_integer() || j->is_number_unsigned()) return Dump(*j);
  return {};
}

// A token count: non-negative integral numbers (also as floats), else nullopt.
std::optional<int64_t> Count(const json* j) {
  if (j == nullptr) return std::nullopt;
  if (j->is_number_unsigned()) {
    const uint64_t v = j->get<uint64_t>();
    return static_cast<int64_t>(std::min<uint64_t>(v, std::numeric_limits<int64_t>::max()));
  }
  if (j->is_number_integer()) return std::max<int64_t>(0, j->get<int64_t>());
  if (j->is_number_float()) {
    const double d = j->get<double>();
    if (!std::isfinite(d) || d < 0) return 0;
    if (d >= 9.2e18) return std::numeric_limits<int64_t>::max();
    return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

// A short printable excerpt of a body for error messages.
std::string Snippet(std::string_view s, size_t max = 160) {
  s = text::Trim(s);
  std::string out;
  for (char c : s.substr(0, max)) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u < 0x20 || u == 0x7f ? ' ' : c);
  }
  out = text::SanitizeUtf8(out);  // the cut may split a multi-byte character
  if (s.size() > max) out += "...";
  return out;
}

// Parses a JSON document that must be an object; errors name `origin` and the byte.
Result<json> ParseObject(std::string_view body, std::string_view origin) {
  const std::string where(origin);
  std::string_view trimmed = text::Trim(body);
  if (trimmed.empty()) return MakeError(Code::kParse, where + ": empty body at byte 0");
  const size_t start = static_cast<size_t>(trimmed.data() - body.data());
  if (trimmed.front() != '{') {
    // An HTML error page from a proxy, or plain text.
    return MakeError(Code::kParse, where + ": not a JSON object at byte " + std::to_string(start) +
                                       ": \"" + Snippet(trimmed) + "\"");
  }
  // Bounded nesting: an error body nested 50,000 deep must not crash the client.
  auto doc = ParseJson(body, where);
  if (!doc) return Fail(doc.error());
  if (!doc->is_object()) {
    return MakeError(Code::kParse, where + ": not a JSON object at byte " + std::to_string(start));
  }
  return std::move(*doc);
}

std::optional<ProviderError> ErrorOf(const json& doc) {
  if (!doc.is_object()) return std::nullopt;
  ProviderError pe;
  if (const json* err = Find(doc, "error")) {
    if (err->is_string()) {
      pe.message = err->get<std::string>();
    } else if (err->is_object()) {
      pe.message = Str(Find(*err, "message"));
      pe.type = Str(Find(*err, "type"));
      pe.code = Str(Find(*err, "code"));
      if (pe.message.empty()) pe.message = Snippet(Dump(*err));
    } else {
      return std::nullopt;
    }
    return pe;
  }
  if (Str(Find(doc, "object")) == "error") {  // vLLM
    pe.message = Str(Find(doc, "message"));
    pe.type = Str(Find(doc, "type"));
    pe.code = Str(Find(doc, "code"));
    return pe;
  }
  if (const json* detail = Find(doc, "detail")) {
    pe.message = detail->is_string() ? detail->get<std::string>() : Snippet(Dump(*detail));
    return pe;
  }
  return std::nullopt;
}

// A provider's message goes into errors, notes and stored briefings: bounded, and
// without control characters (no terminal escapes).
std::string Describe(const ProviderError& pe) {
  std::string out = pe.message.empty() ? std::string("(no message)") : Snippet(pe.message, 500);
  std::string extra;
  if (!pe.type.empty()) extra = Snippet(pe.type, 80);
  if (!pe.code.empty() && pe.code != pe.type) {
    extra += (extra.empty() ? "" : ", ") + Snippet(pe.code, 80);
  }
  if (!extra.empty()) out += " (" + extra + ")";
  return out;
}

Error ProviderFailure(std::string_view origin, const ProviderError& pe) {
  return Error(ClassifyProviderError(pe),
               std::string(origin) + ": provider error: " + Describe(pe));
}

// Text of a message "content": a string, null, or an array of {"type":"text","text"} parts.
Result<std::string> ContentText(const json* content, std::string_view origin,
                                const std::string& field) {
  if (content == nullptr) return std::string();
  if (content->is_string()) return content->get<std::string>();
  if (content->is_array()) {
    std::string out;
    for (const json& part : *content) {
      if (part.is_string()) {
        out += part.get<std::string>();
      } else if (const json* t = Find(part, "text"); t != nullptr && t->is_string()) {
        out += t->get<std::string>();
      }
    }
    return out;
  }
  return MakeError(Code::kParse, std::string(origin) + ": " + field + " is " +
                                     std::string(content->type_name()) + ", expected a string");
}

void ReadUsage(const json& usage, ChatAnswer* a) {
  const auto prompt = Count(Find(usage, "prompt_tokens"));
  const auto completion = Count(Find(usage, "completion_tokens"));
  if (!prompt && !completion) return;
  a->has_usage = true;
  a->response.usage.prompt_tokens = prompt.value_or(0);
  a->response.usage.completion_tokens = completion.value_or(0);
  std::optional<int64_t> cached = Count(Find(usage, "prompt_cache_hit_tokens"));  // DeepSeek
  if (!cached) {
    if (const json* details = Find(usage, "prompt_tokens_details")) {
      cached = Count(Find(*details, "cached_tokens"));
    }
  }
  a->response.usage.cached_prompt_tokens = cached.value_or(0);
}

constexpr std::string_view kB64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Decodes base64 (padding optional); nullopt on a bad character.
std::optional<std::string> Base64Decode(std::string_view in) {
  std::string out;
  out.reserve(in.size() / 4 * 3);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    const size_t v = kB64.find(c);
    if (v == std::string_view::npos) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

Result<std::vector<float>> ReadVector(const json& e, std::string_view origin, size_t record) {
  const std::string where = std::string(origin) + ": data[" + std::to_string(record) + "]";
  const json* emb = Find(e, "embedding");
  if (emb == nullptr) return MakeError(Code::kParse, where + ": no embedding");
  std::vector<float> v;
  if (emb->is_array()) {
    v.reserve(emb->size());
    for (size_t i = 0; i < emb->size(); ++i) {
      const json& x = (*emb)[i];
      if (!x.is_number()) {
        return MakeError(Code::kParse, where + ": embedding[" + std::to_string(i) + "] is " +
                                           std::string(x.type_name()) + ", expected a number");
      }
      v.push_back(static_cast<float>(x.get<double>()));
    }
  } else if (emb->is_string()) {
    auto bytes = Base64Decode(emb->get_ref<const std::string&>());
    if (!bytes || bytes->size() % 4 != 0) {
      return MakeError(Code::kParse, where + ": embedding is not base64 float32 data");
    }
    v.resize(bytes->size() / 4);
    for (size_t i = 0; i < v.size(); ++i) {
      const auto* p = reinterpret_cast<const unsigned char*>(bytes->data() + 4 * i);
      const uint32_t bits = static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
                            static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
      std::memcpy(&v[i], &bits, sizeof(float));
    }
  } else {
    return MakeError(Code::kParse, where + ": embedding is " + std::string(emb->type_name()) +
                                       ", expected an array");
  }
  if (v.empty()) return MakeError(Code::kParse, where + ": empty embedding");
  double norm = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    if (!std::isfinite(v[i])) {
      return MakeError(Code::kParse,
                       where + ": embedding[" + std::to_string(i) + "] is not a finite float");
    }
    norm += static_cast<double>(v[i]) * v[i];
  }
  norm = std::sqrt(norm);
  if (norm > 0 && std::isfinite(norm)) {
    for (float& x : v) x = static_cast<float>(x / norm);
  }
  return v;
}

json CanonicalChat(const ChatRequest& request, const LlmConfig& config) {
  const ResolvedChat r = ResolveChat(request, config);
  json messages = json::array();
  for (const ChatMessage& m : request.messages) {
    messages.push_back(json{{"role", m.role}, {"content", m.content}});
  }
  json j{{"model", r.model},
         {"messages", std::move(messages)},
         {"temperature", r.temperature},
         {"max_tokens", r.max_tokens}};
  if (r.json_object) j["response_format"] = json{{"type", "json_object"}};
  return j;
}

}  // namespace

ResolvedChat ResolveChat(const ChatRequest& request, const LlmConfig& config) {
  ResolvedChat r;
  r.model = request.model.empty() ? config.model : request.model;
  r.temperature = request.temperature.value_or(config.temperature);
  if (!std::isfinite(r.temperature)) r.temperature = config.temperature;
  r.max_tokens = request.max_tokens > 0 ? request.max_tokens : config.max_answer_tokens;
  r.json_object = request.json_object;
  return r;
}

std::string CanonicalChatJson(const ChatRequest& request, const LlmConfig& config) {
  return Dump(CanonicalChat(request, config));  // json objects keep keys sorted
}

std::string Digest128Hex(std::string_view bytes) {
  uint64_t fnv = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    fnv ^= c;
    fnv *= 0x100000001b3ULL;
  }
  // A second, independent hash: multiply-rotate over 8-byte words, then a
  // splitmix64 finaliser.
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ (bytes.size() * 0xff51afd7ed558ccdULL);
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t w = 0;
    for (int k = 7; k >= 0; --k) w = (w << 8) | static_cast<unsigned char>(bytes[i + k]);
    h ^= w * 0xc2b2ae3d27d4eb4fULL;
    h = (h << 31) | (h >> 33);
    h *= 0x9e3779b97f4a7c15ULL;
  }
  uint64_t tail = 0;
  for (size_t k = bytes.size(); k > i; --k)
    tail = (tail << 8) | static_cast<unsigned char>(bytes[k - 1]);
  h ^= tail * 0x165667b19e3779f9ULL;
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(32, '0');
  for (int k = 0; k < 16; ++k) {
    out[k] = kHex[(fnv >> (60 - 4 * k)) & 0xf];
    out[16 + k] = kHex[(h >> (60 - 4 * k)) & 0xf];
  }
  return out;
}

std::string ChatCacheKey(const ChatRequest& request, const LlmConfig& config) {
  return Digest128Hex(CanonicalChatJson(request, config));
}

std::string BuildChatBody(const ChatRequest& request, const LlmConfig& config, bool stream) {
  json j = CanonicalChat(request, config);
  if (stream) {
    j["stream"] = true;
    j["stream_options"] = json{{"include_usage", true}};
  }
  return Dump(j);
}

std::string BuildEmbeddingBody(std::string_view model, const std::vector<std::string>& texts,
                               size_t begin, size_t end) {
  json input = json::array();
  for (size_t i = begin; i < end && i < texts.size(); ++i) input.push_back(texts[i]);
  return Dump(json{{"model", std::string(model)}, {"input", std::move(input)}});
}

std::optional<ProviderError> ParseProviderError(std::string_view body) {
  std::string_view t = text::Trim(body);
  if (t.empty() || t.front() != '{') return std::nullopt;
  auto doc = ReadJson(t);  // nesting-limited: a deep error body is no error object
  if (!doc) return std::nullopt;
  return ErrorOf(*doc);
}

std::string DescribeProviderError(std::string_view body) {
  if (auto pe = ParseProviderError(body)) return Describe(*pe);
  if (text::Trim(body).empty()) return "empty body";
  return "\"" + Snippet(body) + "\"";
}

Code ClassifyProviderError(const ProviderError& error) {
  const std::string what = text::FoldForSearch(error.type + " " + error.code + " " + error.message);
  for (std::string_view transient : {"server_error", "overloaded", "rate_limit", "rate limit",
                                     "timeout", "timed out", "unavailable", "too many requests"}) {
    if (what.find(transient) != std::string::npos) return Code::kUnavailable;
  }
  if (!error.code.empty() && std::all_of(error.code.begin(), error.code.end(),
                                         [](char c) { return c >= '0' && c <= '9'; })) {
    const long code = error.code.size() <= 4 ? std::stol(error.code) : 0;
    if (code == 429 || code >= 500) return Code::kUnavailable;
  }
  return Code::kInvalidArgument;
}

Result<ChatAnswer> ParseChatAnswer(std::string_view body, std::string_view origin) {
  auto doc = ParseObject(body, origin);
  if (!doc) return Fail(doc.error());
  const json* choices = Find(*doc, "choices");
  if (choices == nullptr) {
    if (auto pe = ErrorOf(*doc)) return Fail(ProviderFailure(origin, *pe));
    return MakeError(Code::kParse, std::string(origin) + ": no \"choices\" in the answer");
  }
  if (!choices->is_array() || choices->empty()) {
    return MakeError(Code::kParse, std::string(origin) + ": \"choices\" is " +
                                       (choices->is_array() ? std::string("empty")
                                                            : std::string(choices->type_name())));
  }
  const json& choice = (*choices)[0];
  if (!choice.is_object()) {
    return MakeError(Code::kParse, std::string(origin) + ": choices[0] is " +
                                       std::string(choice.type_name()) + ", expected an object");
  }
  ChatAnswer a;
  if (const json* message = Find(choice, "message")) {
    auto content = ContentText(Find(*message, "content"), origin, "choices[0].message.content");
    if (!content) return Fail(content.error());
    a.response.content = std::move(*content);
  } else if (const json* t = Find(choice, "text")) {  // legacy /completions shape
    auto content = ContentText(t, origin, "choices[0].text");
    if (!content) return Fail(content.error());
    a.response.content = std::move(*content);
  } else {
    return MakeError(Code::kParse, std::string(origin) + ": choices[0] has no \"message\"");
  }
  a.response.finish_reason = Str(Find(choice, "finish_reason"));
  a.response.model = Str(Find(*doc, "model"));
  if (const json* usage = Find(*doc, "usage")) ReadUsage(*usage, &a);
  return a;
}

Result<EmbeddingAnswer> ParseEmbeddingAnswer(std::string_view body, size_t count,
                                             std::string_view origin) {
  auto doc = ParseObject(body, origin);
  if (!doc) return Fail(doc.error());
  const json* data = Find(*doc, "data");
  if (data == nullptr) {
    if (auto pe = ErrorOf(*doc)) return Fail(ProviderFailure(origin, *pe));
    return MakeError(Code::kParse, std::string(origin) + ": no \"data\" in the answer");
  }
  if (!data->is_array()) {
    return MakeError(Code::kParse, std::string(origin) + ": \"data\" is " +
                                       std::string(data->type_name()) + ", expected an array");
  }
  if (data->size() != count) {
    return MakeError(Code::kParse, std::string(origin) + ": " + std::to_string(data->size()) +
                                       " embeddings for " + std::to_string(count) + " inputs");
  }
  EmbeddingAnswer a;
  a.vectors.resize(count);
  std::vector<bool> seen(count, false);
  size_t dims = 0;
  for (size_t r = 0; r < data->size(); ++r) {
    const json& e = (*data)[r];
    const std::string where = std::string(origin) + ": data[" + std::to_string(r) + "]";
    if (!e.is_object()) return MakeError(Code::kParse, where + " is not an object");
    size_t index = r;
    if (const json* idx = Find(e, "index")) {
      if (!idx->is_number_integer() && !idx->is_number_unsigned()) {
        return MakeError(Code::kParse, where + ": index is not an integer");
      }
      const int64_t i = idx->is_number_unsigned()
                            ? static_cast<int64_t>(std::min<uint64_t>(idx->get<uint64_t>(), count))
                            : idx->get<int64_t>();
      if (i < 0 || static_cast<size_t>(i) >= count) {
        return MakeError(Code::kParse, where + ": index " + Dump(*idx) + " out of range");
      }
      index = static_cast<size_t>(i);
    }
    if (seen[index]) {
      return MakeError(Code::kParse, where + ": duplicate index " + std::to_string(index));
    }
    seen[index] = true;
    auto v = ReadVector(e, origin, r);
    if (!v) return Fail(v.error());
    if (dims == 0) dims = v->size();
    if (v->size() != dims) {
      return MakeError(Code::kParse, where + ": " + std::to_string(v->size()) +
                                         " dimensions, earlier vectors had " +
                                         std::to_string(dims));
    }
    a.vectors[index] = std::move(*v);
  }
  a.model = Str(Find(*doc, "model"));
  if (const json* usage = Find(*doc, "usage")) {
    if (auto p = Count(Find(*usage, "prompt_tokens"))) {
      a.prompt_tokens = *p;
      a.has_usage = true;
    } else if (auto t = Count(Find(*usage, "total_tokens"))) {
      a.prompt_tokens = *t;
      a.has_usage = true;
    }
  }
  return a;
}

Status ChatStreamAssembler::OnEvent(const SseEvent& event,
                                    const std::function<void(std::string_view)>& on_delta) {
  if (done_) return Ok();
  ++events_;
  const std::string where = origin_ + ": stream event " + std::to_string(events_) + " at byte " +
                            std::to_string(event.offset);
  const std::string_view data = text::Trim(event.data);
  if (data == "[DONE]") {
    done_ = true;
    return Ok();
  }
  if (event.event == "error") {
    ProviderError pe;
    if (auto parsed = ParseProviderError(data)) {
      pe = *parsed;
    } else {
      pe.message = data.empty() ? std::string("error event") : Snippet(data);
    }
    return Fail(ProviderFailure(where, pe));
  }
  if (data.empty()) return Ok();
  if (data.front() != '{') {
    return MakeError(Code::kParse, where + ": not a JSON object: \"" + Snippet(data) + "\"");
  }
  auto parsed = ReadJson(data);
  if (!parsed) {
    const JsonError& e = parsed.error();
    return MakeError(Code::kParse, where + ": event data, column " + std::to_string(e.column) +
                                       " (byte " + std::to_string(e.byte) + "): " + e.reason);
  }
  json chunk = std::move(*parsed);
  if (!chunk.is_object()) return MakeError(Code::kParse, where + ": not a JSON object");
  if (Find(chunk, "choices") == nullptr) {
    if (auto pe = ErrorOf(chunk)) return Fail(ProviderFailure(where, *pe));
  }
  if (std::string model = Str(Find(chunk, "model")); !model.empty()) {
    answer_.response.model = std::move(model);
  }
  if (const json* usage = Find(chunk, "usage")) ReadUsage(*usage, &answer_);
  const json* choices = Find(chunk, "choices");
  if (choices == nullptr || !choices->is_array() || choices->empty()) return Ok();
  const json& choice = (*choices)[0];
  if (!choice.is_object()) {
    return MakeError(Code::kParse, where + ": choices[0] is " + std::string(choice.type_name()));
  }
  if (const json* delta = Find(choice, "delta")) {
    auto piece = ContentText(Find(*delta, "content"), where, "choices[0].delta.content");
    if (!piece) return Fail(piece.error());
    if (!piece->empty()) {
      answer_.response.content += *piece;
      delivered_ = delivered_ || static_cast<bool>(on_delta);
      if (on_delta) on_delta(*piece);
    }
  } else if (const json* message = Find(choice, "message")) {
    // A server that sends the whole answer as one chunk.
    auto piece = ContentText(Find(*message, "content"), where, "choices[0].message.content");
    if (!piece) return Fail(piece.error());
    if (!piece->empty()) {
      answer_.response.content += *piece;
      delivered_ = delivered_ || static_cast<bool>(on_delta);
      if (on_delta) on_delta(*piece);
    }
  }
  if (std::string fr = Str(Find(choice, "finish_reason")); !fr.empty()) {
    answer_.response.finish_reason = std::move(fr);
  }
  if (const json* usage = Find(choice, "usage")) ReadUsage(*usage, &answer_);  // Moonshot
  return Ok();
}

int64_t EstimateTokens(std::string_view text) {
  return static_cast<int64_t>((text.size() + 3) / 4);
}

int64_t EstimatePromptTokens(const std::vector<ChatMessage>& messages) {
  int64_t n = 0;
  // A few tokens of framing per message, as chat templates add them.
  for (const ChatMessage& m : messages) n += 4 + EstimateTokens(m.content);
  return n;
}

}  // namespace ah::llm
