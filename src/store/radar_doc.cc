#include "store/radar_doc.h"

#include <nlohmann/json.hpp>

#include "core/json.h"

namespace ah::store {
namespace {

using nlohmann::json;

std::vector<std::string> Strings(const json& j, const char* field) {
  std::vector<std::string> out;
  auto it = j.find(field);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& v : *it)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::string String(const json& j, const char* field) {
  auto it = j.find(field);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string RadarDefinitionDoc(const RadarDefinition& r) {
  json j = {{"description", r.description},
            {"query", r.query},
            {"exclude", r.exclude},
            {"include_categories", r.include_categories},
            {"exclude_categories", r.exclude_categories},
            {"include_sources", r.include_sources},
            {"exclude_sources", r.exclude_sources},
            {"authors", r.authors},
            {"seeds", r.seeds}};
  if (r.include_updates) j["include_updates"] = true;
  return j.dump();
}

Status ReadRadarDefinitionDoc(std::string_view doc, std::string_view where, RadarDefinition& r) {
  auto parsed = ReadJson(doc);
  const json j = parsed ? std::move(*parsed) : json();
  if (!j.is_object())
    return MakeError(Code::kCorrupt,
                     std::string(where) + ": radar '" + r.name + "' has an unreadable definition");
  r.description = String(j, "description");
  r.query = String(j, "query");
  r.exclude = String(j, "exclude");
  r.include_categories = Strings(j, "include_categories");
  r.exclude_categories = Strings(j, "exclude_categories");
  r.include_sources = Strings(j, "include_sources");
  r.exclude_sources = Strings(j, "exclude_sources");
  r.authors = Strings(j, "authors");
  r.seeds = Strings(j, "seeds");
  auto updates = j.find("include_updates");
  r.include_updates = updates != j.end() && updates->is_boolean() && updates->get<bool>();
  return Ok();
}

}  // namespace ah::store
