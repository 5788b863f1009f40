#include "ingest/config.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#define TOML_EXCEPTIONS 0
#define TOML_HEADER_ONLY 1  // the Debian library is built with exceptions
#include <toml++/toml.h>

#include "core/date.h"
#include "ingest/toml_guard.h"

namespace ah::ingest {
namespace {

std::string HomeDir() {
  const char* h = std::getenv("HOME");
  return h && *h ? h : ".";
}

std::string XdgDir(const char* var, const char* fallback) {
  const char* v = std::getenv(var);
  if (v && *v) return v;
  return HomeDir() + "/" + fallback;
}

Status ReadStrings(const toml::node_view<const toml::node>& node, const std::string& where,
                   const std::string& file, std::vector<std::string>* out) {
  if (!node) return Ok();
  const toml::array* arr = node.as_array();
  if (!arr) return MakeError(Code::kInvalidArgument, file + ": " + where + " must be an array of strings");
  out->clear();
  for (const auto& el : *arr) {
    auto s = el.value<std::string>();
    if (!s) {
      auto src = el.source();
      return MakeError(Code::kInvalidArgument, file + ":" + std::to_string(src.begin.line) + ":" +
                                                   std::to_string(src.begin.column) + ": " + where +
                                                   " must contain only strings");
    }
    out->push_back(*s);
  }
  return Ok();
}

// A number in [lo, hi] or an error naming the key.
template <typename T>
Status ReadNumber(const toml::node_view<const toml::node>& n, const char* key, const std::string& path,
                  double lo, double hi, T* out) {
  if (!n) return Ok();
  std::optional<double> v = n.value<double>();
  if (!v || *v < lo || *v > hi) {
    return MakeError(Code::kInvalidArgument, path + ": " + key + " must be a number between " +
                                                 std::to_string(static_cast<int64_t>(lo)) + " and " +
                                                 std::to_string(static_cast<int64_t>(hi)));
  }
  *out = static_cast<T>(*v);
  return Ok();
}

Status ReadLlm(const toml::table& t, const std::string& path, Config& cfg) {
  auto llm = t["llm"];
  LlmSettings& s = cfg.llm;
  for (auto [key, out] : {std::pair{"base_url", &s.base_url}, std::pair{"api_key", &s.api_key},
                          std::pair{"api_key_env", &s.api_key_env}, std::pair{"model", &s.model},
                          std::pair{"embedding_model", &s.embedding_model}}) {
    if (!llm[key]) continue;
    auto v = llm[key].value<std::string>();
    if (!v) return MakeError(Code::kInvalidArgument, path + ": llm." + key + " must be a string");
    *out = *v;
  }
  Status st = ReadNumber(llm["timeout_seconds"], "llm.timeout_seconds", path, 1, 3600, &s.timeout_seconds);
  if (st) st = ReadNumber(llm["deadline_seconds"], "llm.deadline_seconds", path, 0, 86400, &s.deadline_seconds);
  if (st) st = ReadNumber(llm["max_retries"], "llm.max_retries", path, 0, 20, &s.max_retries);
  if (st) st = ReadNumber(llm["concurrency"], "llm.concurrency", path, 1, 64, &s.concurrency);
  if (st) st = ReadNumber(llm["context_tokens"], "llm.context_tokens", path, 1000, 10'000'000, &s.context_tokens);
  if (st) st = ReadNumber(llm["max_answer_tokens"], "llm.max_answer_tokens", path, 100, 1'000'000, &s.max_answer_tokens);
  if (st) st = ReadNumber(llm["temperature"], "llm.temperature", path, 0, 2, &s.temperature);
  if (st) st = ReadNumber(llm["input_price_per_mtok"], "llm.input_price_per_mtok", path, 0, 1e6, &s.input_price_per_mtok);
  if (st) st = ReadNumber(llm["output_price_per_mtok"], "llm.output_price_per_mtok", path, 0, 1e6, &s.output_price_per_mtok);
  if (st) st = ReadNumber(llm["budget_usd"], "llm.budget_usd", path, 0, 1e9, &s.budget_usd);
  if (st) st = ReadNumber(t["brief"]["papers"], "brief.papers", path, 1, 500, &cfg.brief_papers);
  if (!st) return st;
  if (auto lang = t["brief"]["lang"]) {
    auto v = lang.value<std::string>();
    if (!v || (*v != "en" && *v != "zh"))
      return MakeError(Code::kInvalidArgument, path + ": brief.lang must be \"en\" or \"zh\"");
    cfg.brief_lang = *v;
  }
  return Ok();
}

// [web] base_url and [smtp].
Status ReadDelivery(const toml::table& t, const std::string& path, Config& cfg) {
  if (auto b = t["web"]["base_url"]) {
    auto v = b.value<std::string>();
    if (!v || (v->rfind("http://", 0) != 0 && v->rfind("https://", 0) != 0))
      return MakeError(Code::kInvalidArgument,
                       path + ": web.base_url must be an http:// or https:// address");
    cfg.web_base_url = *v;
    while (!cfg.web_base_url.empty() && cfg.web_base_url.back() == '/') cfg.web_base_url.pop_back();
  }
  if (auto b = t["web"]["single_user"]) {
    auto v = b.value<bool>();
    if (!v) return MakeError(Code::kInvalidArgument, path + ": web.single_user must be true or false");
    cfg.single_user = *v;
  }
  auto smtp = t["smtp"];
  SmtpSettings& s = cfg.smtp;
  for (auto [key, out] : {std::pair{"url", &s.url}, std::pair{"user", &s.user},
                          std::pair{"password", &s.password},
                          std::pair{"password_env", &s.password_env}, std::pair{"from", &s.from}}) {
    if (!smtp[key]) continue;
    auto v = smtp[key].value<std::string>();
    if (!v) return MakeError(Code::kInvalidArgument, path + ": smtp." + key + " must be a string");
    *out = *v;
  }
  if (!s.url.empty() && s.url.rfind("smtp://", 0) != 0 && s.url.rfind("smtps://", 0) != 0)
    return MakeError(Code::kInvalidArgument,
                     path + ": smtp.url must start with smtp:// (STARTTLS) or smtps:// (TLS)");
  return ReadNumber(smtp["timeout_seconds"], "smtp.timeout_seconds", path, 1, 3600,
                    &s.timeout_seconds);
}

}  // namespace

std::string DefaultConfigPath() { return XdgDir("XDG_CONFIG_HOME", ".config") + "/academichub/config.toml"; }
std::string DefaultDbPath() { return XdgDir("XDG_DATA_HOME", ".local/share") + "/academichub/library.db"; }

Result<Config> LoadConfig(const std::string& path, bool explicit_path) {
  Config cfg;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    if (explicit_path) return MakeError(Code::kNotFound, path + ": config file not found");
    return cfg;
  }
  std::string text;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) return MakeError(Code::kIo, path + ": cannot read the config file");
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  // What toml++ 3.3 mishandles (deep dotted keys, non-ASCII outside strings) is refused first.
  if (auto st = CheckToml(text, path); !st) return Fail(st.error());
  toml::parse_result parsed = toml::parse(text, path);
  if (!parsed) {
    const auto& err = parsed.error();
    return MakeError(Code::kInvalidArgument, path + ":" + std::to_string(err.source().begin.line) + ":" +
                                                 std::to_string(err.source().begin.column) + ": " +
                                                 std::string(err.description()));
  }
  const toml::table& t = parsed.table();
  cfg.path = path;
  if (auto v = t["contact"].value<std::string>()) cfg.contact = *v;
  if (auto v = t["db"].value<std::string>()) cfg.db_path = *v;
  if (auto s = ReadStrings(t["arxiv"]["categories"], "arxiv.categories", path, &cfg.arxiv_categories); !s)
    return Fail(s.error());
  if (auto v = t["arxiv"]["rss_url"].value<std::string>()) {
    if (v->rfind("http://", 0) != 0 && v->rfind("https://", 0) != 0)
      return MakeError(Code::kInvalidArgument, path + ": arxiv.rss_url must start with http:// or https://");
    cfg.arxiv_rss_url = *v;
  }
  if (t["arxiv"]["holidays"]) {
    std::vector<std::string> days;
    if (auto s = ReadStrings(t["arxiv"]["holidays"], "arxiv.holidays", path, &days); !s)
      return Fail(s.error());
    for (const auto& d : days) {
      auto ymd = date::Parse(d);
      if (!ymd || date::Format(*ymd) != d)
        return MakeError(Code::kInvalidArgument,
                         path + ": arxiv.holidays: '" + d + "' is not a date (YYYY-MM-DD)");
    }
    cfg.arxiv_holidays = std::move(days);
  }
  if (auto s = ReadStrings(t["biorxiv"]["servers"], "biorxiv.servers", path, &cfg.biorxiv_servers); !s)
    return Fail(s.error());
  if (auto s = ReadStrings(t["biorxiv"]["categories"], "biorxiv.categories", path, &cfg.biorxiv_categories); !s)
    return Fail(s.error());
  if (auto s = ReadStrings(t["journals"]["follow"], "journals.follow", path, &cfg.journals); !s)
    return Fail(s.error());
  if (auto s = ReadStrings(t["sources"]["extra"], "sources.extra", path, &cfg.extra_sources); !s)
    return Fail(s.error());
  if (const toml::array* custom = t["journals"]["custom"].as_array()) {
    for (const auto& el : *custom) {
      const toml::table* jt = el.as_table();
      if (!jt) return MakeError(Code::kInvalidArgument, path + ": journals.custom entries must be tables");
      CustomJournal j;
      j.slug = (*jt)["slug"].value_or(std::string());
      j.name = (*jt)["name"].value_or(std::string());
      j.feed_url = (*jt)["feed_url"].value_or(std::string());
      j.issn = (*jt)["issn"].value_or(std::string());
      j.eissn = (*jt)["eissn"].value_or(std::string());
      j.publisher = (*jt)["publisher"].value_or(std::string());
      j.field = (*jt)["field"].value_or(std::string());
      if (j.slug.empty() || (j.feed_url.empty() && j.issn.empty())) {
        auto src = jt->source();
        return MakeError(Code::kInvalidArgument, path + ":" + std::to_string(src.begin.line) +
                                                     ": journals.custom needs slug and feed_url or issn");
      }
      cfg.custom_journals.push_back(std::move(j));
    }
  }
  if (auto st = ReadLlm(t, path, cfg); !st) return Fail(st.error());
  if (auto st = ReadDelivery(t, path, cfg); !st) return Fail(st.error());
  return cfg;
}

}  // namespace ah::ingest
