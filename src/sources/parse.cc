#include "sources/parse.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/json.h"
#include "core/text.h"
#include "core/utf16.h"
#include "sources/arxiv/arxiv.h"
#include "sources/biorxiv/biorxiv.h"
#include "sources/crossref/crossref.h"
#include "sources/feeds/feeds.h"
#include "sources/openalex/openalex.h"
#include "sources/pubmed/pubmed.h"

namespace ah::sources {
namespace {

constexpr std::pair<Format, std::string_view> kNames[] = {
    {Format::kArxivRss, "arxiv-rss"}, {Format::kArxivApi, "arxiv-api"},
    {Format::kArxivOai, "arxiv-oai"}, {Format::kBiorxivApi, "biorxiv"},
    {Format::kFeed, "feed"},          {Format::kCrossref, "crossref"},
    {Format::kPubmed, "pubmed"},      {Format::kPubmedEsearch, "pubmed-esearch"},
    {Format::kOpenAlex, "openalex"},
};

bool Has(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

std::string_view SkipBomAndSpace(std::string_view s) {
  if (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xEF &&
      static_cast<unsigned char>(s[1]) == 0xBB && static_cast<unsigned char>(s[2]) == 0xBF)
    s.remove_prefix(3);
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
  return s.substr(i);
}

// What a JSON document of no known format is: the server's own words when it is an
// error object, else its shape. Bounded memory: only the top-level keys and the
// values of the error keys are kept while parsing.
std::string DescribeJson(std::string_view s, JsonError* error) {
  enum class Top { kUnknown, kObject, kArray };
  Top top = Top::kUnknown;
  std::vector<std::string> keys;
  size_t nkeys = 0, elements = 0;
  constexpr const char* kErrorKeys[] = {"message", "error", "detail", "status"};
  auto callback = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& v) {
    using E = nlohmann::json::parse_event_t;
    if (depth == 0 && top == Top::kUnknown) {
      top = event == E::object_start ? Top::kObject : event == E::array_start ? Top::kArray : top;
      return true;
    }
    if (top == Top::kObject && depth == 1 && event == E::key) {
      const std::string& k = v.get_ref<const std::string&>();
      if (++nkeys <= 8) keys.push_back(text::SanitizeUtf8(k.substr(0, 40)));
      return std::find(std::begin(kErrorKeys), std::end(kErrorKeys), k) != std::end(kErrorKeys);
    }
    if (top == Top::kArray && depth == 1 &&
        (event == E::value || event == E::object_end || event == E::array_end)) {
      ++elements;
      return false;
    }
    return true;
  };
  auto j = ReadJson(s, JsonLimits{}, callback);
  if (!j) {
    if (error != nullptr) *error = j.error();
    return "JSON that does not parse (line " + std::to_string(j.error().line) + ", column " +
           std::to_string(j.error().column) + ", byte " + std::to_string(j.error().byte) +
           "): " + j.error().reason;
  }
  if (j->is_object()) {
    // An API error object: quote the server's own words.
    for (const char* key : kErrorKeys) {
      auto it = j->find(key);
      if (it == j->end()) continue;
      std::string what = it->is_string()
                             ? it->get<std::string>()
                             : it->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      if (what.size() > 300) what = what.substr(0, 300) + "...";
      return std::string("a JSON error object (") + key + ": " + text::SanitizeUtf8(what) + ")";
    }
    if (nkeys == 0) return "an empty JSON object";
    std::string list;
    for (const std::string& k : keys) list += (list.empty() ? "\"" : ", \"") + k + "\"";
    if (nkeys > keys.size()) list += ", ...";
    return "a JSON object of no known format (keys " + list + ")";
  }
  if (j->is_array()) {
    return "a JSON array of " + std::to_string(elements) + (elements == 1 ? " value" : " values") +
           ", of no known format";
  }
  return std::string("a JSON ") + j->type_name() + ", of no known format";
}

std::string Describe(std::string_view body, JsonError* json_error) {
  std::string_view s = SkipBomAndSpace(body);
  if (s.empty()) return "empty input";
  if (s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0x1f &&
      static_cast<unsigned char>(s[1]) == 0x8b)
    return "gzip data that was not decompressed";
  std::string lower = text::FoldForSearch(s.substr(0, std::min<size_t>(s.size(), 2048)));
  if (Has(lower, "<!doctype html") || Has(lower, "<html"))
    return "an HTML page, not a feed or API response";
  if (s[0] == '{' || s[0] == '[') return DescribeJson(body, json_error);
  if (s[0] == '<') return "XML of no known feed or API format";
  size_t binary = 0;
  size_t n = std::min<size_t>(s.size(), 512);
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x09 || (c > 0x0d && c < 0x20)) ++binary;
  }
  if (binary > n / 10) return "binary data";
  return "text of no known format";
}

Result<ParsedPage> ParseUtf8As(Format format, std::string_view body, const ParseContext& ctx);

}  // namespace

std::string_view FormatName(Format f) {
  for (const auto& [fmt, name] : kNames)
    if (fmt == f) return name;
  return "unknown";
}

Format FormatFromName(std::string_view name) {
  for (const auto& [fmt, n] : kNames)
    if (n == name) return fmt;
  if (name == "rss" || name == "atom" || name == "rdf") return Format::kFeed;
  if (name == "medrxiv") return Format::kBiorxivApi;
  if (name == "oai") return Format::kArxivOai;
  return Format::kUnknown;
}

Format DetectFormat(std::string_view body) {
  if (auto u = DetectUtf16(body)) {
    // The head is enough to tell the format: convert 32 KiB of UTF-16 (16 KiB of text or more).
    const size_t n = std::min<size_t>(body.size() - u->bom, 32768) & ~size_t{1};
    return DetectFormat(Utf16ToUtf8(body.substr(u->bom, n), u->little_endian));
  }
  std::string_view s = SkipBomAndSpace(body);
  std::string_view head = s.substr(0, std::min<size_t>(s.size(), 16384));
  if (head.empty()) return Format::kUnknown;
  if (head[0] == '{' || head[0] == '[') {
    if (Has(head, "\"collection\"") && Has(head, "\"messages\"")) return Format::kBiorxivApi;
    if (Has(head, "\"messages\"") && Has(head, "\"cursor\"")) return Format::kBiorxivApi;
    if (Has(head, "\"message-type\"")) return Format::kCrossref;
    if (Has(head, "\"esearchresult\"")) return Format::kPubmedEsearch;
    if (Has(head, "openalex.org/W") || (Has(head, "\"meta\"") && Has(head, "\"results\"")))
      return Format::kOpenAlex;
    return Format::kUnknown;
  }
  if (head[0] != '<') return Format::kUnknown;
  std::string lower = text::FoldForSearch(head.substr(0, std::min<size_t>(head.size(), 2048)));
  if (Has(lower, "<!doctype html") || Has(lower, "<html")) return Format::kUnknown;
  if (Has(head, "<OAI-PMH")) return Format::kArxivOai;
  if (Has(head, "<PubmedArticleSet") || Has(head, "<PubmedArticle>")) return Format::kPubmed;
  if (Has(head, "<eSearchResult")) return Format::kPubmedEsearch;
  if (Has(head, "<feed") && (Has(head, "arxiv.org/api") || Has(head, "arxiv.org/schemas/atom")))
    return Format::kArxivApi;
  if (Has(head, "<rss") && (Has(head, "rss.arxiv.org") || Has(head, "arxiv:announce_type") ||
                            Has(head, "updates on arXiv.org")))
    return Format::kArxivRss;
  if (Has(head, "<rss") || Has(head, "<rdf:RDF") || Has(head, "<RDF") || Has(head, "<feed") ||
      Has(head, ":RDF"))
    return Format::kFeed;
  return Format::kUnknown;
}

std::string DescribeUnknown(std::string_view body) {
  if (auto u = DetectUtf16(body)) {
    return "UTF-16 text: " + DescribeUnknown(Utf16ToUtf8(body.substr(u->bom), u->little_endian));
  }
  return Describe(body, nullptr);
}

Result<ParsedPage> ParseAs(Format format, std::string_view body, const ParseContext& ctx) {
  if (auto u = DetectUtf16(body)) {
    // Windows tools save "Unicode" as UTF-16: every parser reads UTF-8.
    auto page = ParseUtf8As(format, Utf16ToUtf8(body.substr(u->bom), u->little_endian), ctx);
    if (!page) {
      return MakeError(
          page.error().code,
          page.error().message + " (UTF-16 input: positions are in its UTF-8 conversion)");
    }
    return page;
  }
  return ParseUtf8As(format, body, ctx);
}

namespace {

Result<ParsedPage> ParseUtf8As(Format format, std::string_view body, const ParseContext& ctx) {
  if (format == Format::kUnknown) format = DetectFormat(body);
  switch (format) {
    case Format::kArxivRss:
      return arxiv::ParseArxivRss(body, ctx);
    case Format::kArxivApi:
      return arxiv::ParseArxivApi(body, ctx);
    case Format::kArxivOai:
      return arxiv::ParseArxivOai(body, ctx);
    case Format::kBiorxivApi:
      return biorxiv::ParseBiorxivApi(body, ctx);
    case Format::kFeed:
      return feeds::ParseFeed(body, ctx);
    case Format::kCrossref:
      return crossref::ParseCrossref(body, ctx);
    case Format::kPubmed:
      return pubmed::ParsePubmed(body, ctx);
    case Format::kPubmedEsearch:
      return pubmed::ParsePubmedEsearch(body, ctx);
    case Format::kOpenAlex:
      return openalex::ParseOpenAlex(body, ctx);
    case Format::kUnknown:
      break;
  }
  JsonError e;
  std::string what = Describe(body, &e);
  if (!e.reason.empty()) {
    // JSON that does not parse: say where, not "unrecognised".
    return MakeError(Code::kParse, e.Message(ctx.origin));
  }
  return MakeError(Code::kParse, ctx.origin + ": unrecognised input at byte 0: " + what);
}

}  // namespace

}  // namespace ah::sources
