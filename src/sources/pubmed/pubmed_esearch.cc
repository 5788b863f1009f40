#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "core/ids.h"
#include "core/json.h"
#include "core/text.h"
#include "sources/pubmed/pubmed.h"
#include "sources/pubmed/pubmed_internal.h"

namespace ah::sources::pubmed {
namespace {

using json = nlohmann::json;
using internal::Text;

struct EsearchFields {
  int64_t count = -1;
  std::string webenv;
  std::string query_key;
};

void AddId(ParsedPage& page, std::string_view raw, const std::string& where, size_t index) {
  std::string pmid = ids::NormalizePmid(raw);
  if (pmid.empty()) {
    page.rejected.emplace_back(Code::kParse, where + ": id " + std::to_string(index) +
                                                 ": not a PMID: \"" + internal::Snippet(raw) +
                                                 "\"");
    return;
  }
  page.ids.push_back(std::move(pmid));
}

Result<ParsedPage> FromXml(std::string_view body, const std::string& where, EsearchFields& f) {
  pugi::xml_document doc;
  if (auto st = internal::LoadXml(body, where, doc); !st) return Fail(st.error());
  pugi::xml_node root = doc.document_element();
  std::string_view name = root.name();
  if (name == "eFetchResult" || name == "ERROR") {
    std::string msg = name == "ERROR" ? Text(root) : Text(root.child("ERROR"));
    return Fail(internal::ServerError(where, "E-utilities error", msg));
  }
  if (name != "eSearchResult") {
    return MakeError(Code::kParse, where + ": expected an eSearchResult, got <" +
                                       text::SanitizeUtf8(name.substr(0, 64)) + "> at byte " +
                                       std::to_string(root.offset_debug()));
  }
  if (pugi::xml_node err = root.child("ERROR"))
    return Fail(internal::ServerError(where, "esearch error", Text(err)));
  ParsedPage page;
  pugi::xml_node count = root.child("Count");
  if (!count) return MakeError(Code::kParse, where + ": eSearchResult without Count");
  f.count = internal::ParseCount(Text(count));
  if (f.count < 0)
    return MakeError(Code::kParse, where + ": bad Count \"" + Text(count) + "\" at byte " +
                                       std::to_string(count.offset_debug()));
  f.webenv = Text(root.child("WebEnv"));
  f.query_key = Text(root.child("QueryKey"));
  size_t i = 0;
  for (pugi::xml_node id : root.child("IdList").children("Id")) AddId(page, Text(id), where, i++);
  return page;
}

std::string JsonStr(const json& obj, const char* key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  if (it == obj.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_unsigned()) return std::to_string(it->get<uint64_t>());
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return "";
}

Result<ParsedPage> FromJson(std::string_view body, const std::string& where, EsearchFields& f) {
  auto parsed = ParseJson(body, where);
  if (!parsed) return Fail(parsed.error());
  json doc = std::move(*parsed);
  if (!doc.is_object())
    return MakeError(Code::kParse, where + ": expected a JSON object at byte 0");
  // {"error":"API rate limit exceeded","api-key":...} and similar top-level errors.
  if (std::string err = JsonStr(doc, "error"); !err.empty())
    return Fail(internal::ServerError(where, "E-utilities error", err));
  auto res = doc.find("esearchresult");
  if (res == doc.end() || !res->is_object())
    return MakeError(Code::kParse, where + ": JSON without an esearchresult object");
  if (std::string err = JsonStr(*res, "ERROR"); !err.empty())
    return Fail(internal::ServerError(where, "esearch error", err));
  ParsedPage page;
  std::string count = JsonStr(*res, "count");
  f.count = internal::ParseCount(count);
  if (f.count < 0) return MakeError(Code::kParse, where + ": esearchresult without a valid count");
  f.webenv = JsonStr(*res, "webenv");
  f.query_key = JsonStr(*res, "querykey");
  auto list = res->find("idlist");
  if (list != res->end() && list->is_array()) {
    page.ids.reserve(list->size());
    size_t i = 0;
    for (const json& id : *list) {
      std::string s = id.is_string()            ? id.get<std::string>()
                      : id.is_number_unsigned() ? std::to_string(id.get<uint64_t>())
                                                : std::string();
      AddId(page, s, where, i++);
    }
  }
  return page;
}

bool ValidField(std::string_view s) {
  if (s.empty() || s.size() > 512) return false;
  for (char c : s)
    if (c == '|' || static_cast<unsigned char>(c) < 0x21 || c == 0x7f) return false;
  return true;
}

}  // namespace

Result<ParsedPage> ParsePubmedEsearch(std::string_view body, const ParseContext& ctx) {
  const std::string where = internal::Where(ctx);
  std::string_view t = text::Trim(body);
  EsearchFields f;
  auto page = !t.empty() && t.front() == '{' ? FromJson(body, where, f) : FromXml(body, where, f);
  if (!page) return page;
  page->total = f.count;
  if (f.count > 0 && !f.webenv.empty() && !f.query_key.empty()) {
    if (!ValidField(f.webenv) || !ValidField(f.query_key))
      return MakeError(Code::kParse, where + ": unusable WebEnv/QueryKey \"" +
                                         internal::Snippet(f.webenv) + "\"/\"" +
                                         internal::Snippet(f.query_key) + "\"");
    page->next_cursor = EncodeEfetchCursor(EfetchCursor{f.webenv, f.query_key, 0, f.count});
  }
  return page;
}

std::string EncodeEfetchCursor(const EfetchCursor& c) {
  return "efetch|" + c.webenv + "|" + c.query_key + "|" + std::to_string(c.retstart) + "|" +
         std::to_string(c.count);
}

std::optional<EfetchCursor> DecodeEfetchCursor(std::string_view cursor) {
  constexpr std::string_view kPrefix = "efetch|";
  if (!text::StartsWith(cursor, kPrefix)) return std::nullopt;
  std::string_view rest = cursor.substr(kPrefix.size());
  std::string_view parts[4];
  for (int i = 0; i < 4; ++i) {
    size_t bar = rest.find('|');
    if (i < 3) {
      if (bar == std::string_view::npos) return std::nullopt;
      parts[i] = rest.substr(0, bar);
      rest = rest.substr(bar + 1);
    } else {
      if (bar != std::string_view::npos) return std::nullopt;
      parts[i] = rest;
    }
  }
  EfetchCursor c;
  if (!ValidField(parts[0]) || !ValidField(parts[1])) return std::nullopt;
  c.webenv = std::string(parts[0]);
  c.query_key = std::string(parts[1]);
  c.retstart = internal::ParseCount(parts[2]);
  if (c.retstart < 0) return std::nullopt;
  if (parts[3] == "-1") {
    c.count = -1;
  } else {
    c.count = internal::ParseCount(parts[3]);
    if (c.count < 0) return std::nullopt;
  }
  return c;
}

}  // namespace ah::sources::pubmed
