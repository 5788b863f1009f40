#include "ingest/config.h"

#include <cstdlib>
#include <filesystem>

#define TOML_EXCEPTIONS 0
#define TOML_HEADER_ONLY 1  // the Debian library is built with exceptions
#include <toml++/toml.h>

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
  toml::parse_result parsed = toml::parse_file(path);
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
  return cfg;
}

}  // namespace ah::ingest
