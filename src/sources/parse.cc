#include "sources/parse.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "sources/arxiv/arxiv.h"
#include "sources/biorxiv/biorxiv.h"
#include "sources/crossref/crossref.h"
#include "sources/feeds/feeds.h"
#include "sources/openalex/openalex.h"
#include "sources/pubmed/pubmed.h"

namespace ah::sources {
namespace {

constexpr std::pair<Format, std::string_view> kNames[] = {
    {Format::kArxivRss, "arxiv-rss"},   {Format::kArxivApi, "arxiv-api"},
    {Format::kArxivOai, "arxiv-oai"},   {Format::kBiorxivApi, "biorxiv"},
    {Format::kFeed, "feed"},            {Format::kCrossref, "crossref"},
    {Format::kPubmed, "pubmed"},        {Format::kPubmedEsearch, "pubmed-esearch"},
    {Format::kOpenAlex, "openalex"},
};

bool Has(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

std::string_view SkipBomAndSpace(std::string_view s) {
  if (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xEF &&
      static_cast<unsigned char>(s[1]) == 0xBB && static_cast<unsigned char>(s[2]) == 0xBF)
    s.remove_prefix(3);
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
  return s.substr(i);
}

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
  std::string_view s = SkipBomAndSpace(body);
  if (s.empty()) return "empty input";
  if (s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0x1f && static_cast<unsigned char>(s[1]) == 0x8b)
    return "gzip data that was not decompressed";
  std::string lower = text::FoldForSearch(s.substr(0, std::min<size_t>(s.size(), 2048)));
  if (Has(lower, "<!doctype html") || Has(lower, "<html")) return "an HTML page, not a feed or API response";
  if (s[0] == '{' || s[0] == '[') {
    // An API error object: quote the server's own words.
    auto j = nlohmann::json::parse(s, nullptr, false);
    if (!j.is_discarded() && j.is_object()) {
      for (const char* key : {"message", "error", "detail", "status"}) {
        auto it = j.find(key);
        if (it == j.end()) continue;
        std::string what = it->is_string() ? it->get<std::string>() : it->dump();
        if (what.size() > 300) what = what.substr(0, 300) + "...";
        return std::string("a JSON error object (") + key + ": " + what + ")";
      }
    }
    return "JSON of no known shape (an error object?)";
  }
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

Result<ParsedPage> ParseAs(Format format, std::string_view body, const ParseContext& ctx) {
  if (format == Format::kUnknown) format = DetectFormat(body);
  switch (format) {
    case Format::kArxivRss: return arxiv::ParseArxivRss(body, ctx);
    case Format::kArxivApi: return arxiv::ParseArxivApi(body, ctx);
    case Format::kArxivOai: return arxiv::ParseArxivOai(body, ctx);
    case Format::kBiorxivApi: return biorxiv::ParseBiorxivApi(body, ctx);
    case Format::kFeed: return feeds::ParseFeed(body, ctx);
    case Format::kCrossref: return crossref::ParseCrossref(body, ctx);
    case Format::kPubmed: return pubmed::ParsePubmed(body, ctx);
    case Format::kPubmedEsearch: return pubmed::ParsePubmedEsearch(body, ctx);
    case Format::kOpenAlex: return openalex::ParseOpenAlex(body, ctx);
    case Format::kUnknown: break;
  }
  return MakeError(Code::kParse, ctx.origin + ": unrecognised input at byte 0: " + DescribeUnknown(body));
}

}  // namespace ah::sources
