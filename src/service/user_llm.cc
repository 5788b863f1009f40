#include "service/user_llm.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/json.h"
#include "llm/openai_client.h"
#include "net/curl_http_client.h"
#include "net/url.h"

namespace ah::service {
namespace {

constexpr size_t kMaxUrlBytes = 2000;
constexpr size_t kMaxModelBytes = 200;
constexpr size_t kMaxKeyBytes = 4096;

// The library's answer cache, with every key under one user's scope.
class ScopedCache final : public llm::ResponseCache {
 public:
  ScopedCache(store::RadarStore* store, std::string scope)
      : cache_(store), scope_(std::move(scope) + "|") {}
  Result<std::optional<std::string>> Get(std::string_view key) override {
    return cache_.Get(scope_ + std::string(key));
  }
  Status Put(std::string_view key, std::string_view value) override {
    return cache_.Put(scope_ + std::string(key), value);
  }

 private:
  StoreResponseCache cache_;
  std::string scope_;
};

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// What follows "http://" or "https://" up to the path ("" when neither).
std::string_view Authority(std::string_view url) {
  size_t at = 0;
  if (StartsWith(url, "https://")) {
    at = 8;
  } else if (StartsWith(url, "http://")) {
    at = 7;
  } else {
    return {};
  }
  std::string_view rest = url.substr(at);
  return rest.substr(0, rest.find_first_of("/?#"));
}

}  // namespace

namespace {

// A user's settings as stored (an object; anything unreadable starts over as {}).
nlohmann::json SettingsObject(std::string_view settings_json) {
  auto j = ReadJson(settings_json);
  if (!j || !j->is_object()) return nlohmann::json::object();
  return std::move(*j);
}

std::string StringField(const nlohmann::json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::optional<UserProvider> ProviderOf(std::string_view settings_json) {
  const nlohmann::json j = SettingsObject(settings_json);
  auto it = j.find("llm");
  if (it == j.end() || !it->is_object()) return std::nullopt;
  UserProvider p;
  p.base_url = StringField(*it, "base_url");
  p.model = StringField(*it, "model");
  p.sealed_key = StringField(*it, "key");
  if (p.base_url.empty() || p.model.empty()) return std::nullopt;
  return p;
}

std::string WithProvider(std::string_view settings_json, const std::optional<UserProvider>& p) {
  nlohmann::json j = SettingsObject(settings_json);
  if (p) {
    nlohmann::json llm{{"base_url", p->base_url}, {"model", p->model}};
    if (!p->sealed_key.empty()) llm["key"] = p->sealed_key;
    j["llm"] = std::move(llm);
  } else {
    j.erase("llm");
  }
  return j.dump();
}

Status CheckProviderFields(std::string_view base_url, std::string_view model,
                           std::string_view api_key) {
  auto bad = [](const std::string& what) { return MakeError(Code::kInvalidArgument, what); };
  if (base_url.empty()) return bad("base URL: required (e.g. https://api.deepseek.com/v1)");
  if (base_url.size() > kMaxUrlBytes)
    return bad("base URL: longer than " + std::to_string(kMaxUrlBytes) + " bytes");
  for (unsigned char c : base_url)
    if (c <= 0x20 || c == 0x7f) return bad("base URL: no spaces or control characters");
  if (!StartsWith(base_url, "http://") && !StartsWith(base_url, "https://"))
    return bad("base URL: must start with https:// or http://");
  const std::string_view auth = Authority(base_url);
  if (auth.find('@') != std::string_view::npos)
    return bad("base URL: no user name or password in it (the key has a field of its own)");
  if (base_url.find_first_of("?#") != std::string_view::npos)
    return bad("base URL: no query or fragment (…/v1, the API's root)");
  const std::string host = net::HostOf(base_url);
  if (host.empty()) return bad("base URL: no host");
  if (const size_t colon = auth.rfind(':');
      colon != std::string_view::npos && auth.find(']', colon) == std::string_view::npos) {
    const std::string_view port = auth.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        std::stoi(std::string(port)) > 65535 || std::stoi(std::string(port)) == 0)
      return bad("base URL: bad port '" + std::string(port) + "'");
  }
  if (model.empty()) return bad("model: required (e.g. deepseek-chat)");
  if (model.size() > kMaxModelBytes)
    return bad("model: longer than " + std::to_string(kMaxModelBytes) + " bytes");
  for (unsigned char c : model)
    if (c < 0x20 || c == 0x7f) return bad("model: no control characters");
  if (api_key.size() > kMaxKeyBytes)
    return bad("API key: longer than " + std::to_string(kMaxKeyBytes) + " bytes");
  for (unsigned char c : api_key)
    if (c <= 0x20 || c >= 0x7f) return bad("API key: printable ASCII without spaces only");
  return Ok();
}

std::unique_ptr<LlmRuntime> MakeUserLlmRuntime(const llm::LlmConfig& provider,
                                               const UserLlmOptions& options,
                                               store::RadarStore* cache) {
  if (!provider.configured()) return nullptr;
  auto rt = std::make_unique<LlmRuntime>();
  llm::LlmConfig c;
  c.base_url = provider.base_url;
  c.model = provider.model;
  c.api_key = provider.api_key;
  c.timeout_ms = options.call_timeout_ms;
  c.max_retries = 1;
  c.backoff_ms = 1'000;
  c.max_backoff_ms = 5'000;  // a longer Retry-After fails the call at once
  c.deadline_ms = options.deadline_ms;  // LlmRuntime::StartDeadline: one for all the calls
  rt->config = c;
  rt->clock = std::make_unique<SystemClock>();
  net::CurlHttpClientOptions ho;
  ho.user_agent = net::MakeUserAgent(options.contact);
  ho.max_redirects = 0;  // an API answers where it is asked; a hop elsewhere is refused
  ho.public_addresses_only = options.public_addresses_only;
  rt->http = std::make_unique<net::CurlHttpClient>(ho);
  if (cache != nullptr) rt->cache = std::make_unique<ScopedCache>(cache, options.cache_scope);
  rt->client =
      std::make_unique<llm::OpenAiClient>(c, rt->http.get(), rt->clock.get(), rt->cache.get());
  return rt;
}

}  // namespace ah::service
