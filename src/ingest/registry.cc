#include "ingest/registry.h"

#include "core/ids.h"
#include "core/text.h"
#include "sources/arxiv/arxiv.h"
#include "sources/biorxiv/biorxiv.h"
#include "sources/crossref/crossref.h"
#include "sources/feeds/feeds.h"
#include "sources/feeds/journals.h"
#include "sources/openalex/openalex.h"
#include "sources/pubmed/pubmed.h"

namespace ah::ingest {
namespace {

std::string SlugFromUrl(std::string_view url) {
  std::string_view s = url;
  size_t scheme = s.find("://");
  if (scheme != std::string_view::npos) s.remove_prefix(scheme + 3);
  size_t slash = s.find('/');
  std::string host(s.substr(0, slash));
  host = host.substr(0, host.find(':'));  // no port
  if (text::StartsWith(host, "www.")) host = host.substr(4);
  std::string slug;
  for (char c : host) slug.push_back(c == '.' ? '-' : c);
  return slug;
}

}  // namespace

std::vector<CatalogueEntry> Catalogue(const Config& config) {
  std::vector<CatalogueEntry> out;
  for (const auto& j : sources::feeds::BuiltinJournals())
    out.push_back({j.slug, j.name, j.publisher, j.issn, j.eissn, j.feed_url, j.field, false});
  for (const auto& j : config.custom_journals)
    out.push_back({j.slug, j.name, j.publisher, j.issn, j.eissn, j.feed_url, j.field, true});
  return out;
}

Result<std::unique_ptr<sources::Source>> MakeSource(std::string_view spec, const Config& config) {
  std::string_view s = text::Trim(spec);
  auto bad = [&](const std::string& why) {
    return MakeError(Code::kInvalidArgument, "source '" + std::string(spec) + "': " + why);
  };
  std::unique_ptr<sources::Source> src;
  if (text::StartsWith(s, "arxiv:")) {
    src = sources::arxiv::MakeArxivSource(s.substr(6), config.arxiv_rss_url);
  } else if (text::StartsWith(s, "biorxiv") || text::StartsWith(s, "medrxiv")) {
    src = sources::biorxiv::MakeBiorxivSource(s);
  } else if (text::StartsWith(s, "crossref:")) {
    src = sources::crossref::MakeCrossrefSource(s);
  } else if (text::StartsWith(s, "pubmed:")) {
    src = sources::pubmed::MakePubmedSource(s);
  } else if (text::StartsWith(s, "openalex:")) {
    src = sources::openalex::MakeOpenAlexSource(s);
  } else if (text::StartsWith(s, "journal:")) {
    std::string slug(s.substr(8));
    for (const auto& j : Catalogue(config)) {
      if (j.slug != slug) continue;
      if (!j.feed_url.empty()) return std::make_unique<sources::feeds::FeedSource>(j.slug, j.feed_url);
      if (!j.issn.empty()) return MakeSource("crossref:" + j.issn, config);
    }
    return bad("no journal '" + slug + "' in the catalogue (see `academichub sources`)");
  } else if (text::StartsWith(s, "feed:")) {
    std::string url(s.substr(5));
    if (!text::StartsWith(url, "http://") && !text::StartsWith(url, "https://"))
      return bad("a feed URL must start with http:// or https://");
    // A catalogue journal keeps its slug ("nature"), whatever spelling of its feed URL.
    std::vector<sources::feeds::Journal> extra;
    for (const auto& j : config.custom_journals)
      extra.push_back({j.slug, j.name, j.publisher, j.issn, j.eissn, j.feed_url, j.field});
    if (const auto* j = sources::feeds::FindJournal(url, extra))
      return std::make_unique<sources::feeds::FeedSource>(j->slug, url);
    return std::make_unique<sources::feeds::FeedSource>(SlugFromUrl(url), url);
  } else {
    return bad("unknown kind (expected arxiv:, biorxiv, medrxiv, crossref:, pubmed:, openalex:, journal:, feed:)");
  }
  if (!src) return bad("malformed spec");
  return src;
}

Result<std::vector<ConfiguredSource>> BuildSources(const Config& config) {
  std::vector<std::string> specs;
  if (!config.arxiv_categories.empty()) {
    std::string cats;
    for (const auto& c : config.arxiv_categories) cats += (cats.empty() ? "" : "+") + c;
    specs.push_back("arxiv:rss:" + cats);
  }
  for (const auto& server : config.biorxiv_servers) {
    if (config.biorxiv_categories.empty() || server == "medrxiv") {
      specs.push_back(server);
    } else {
      for (const auto& cat : config.biorxiv_categories) specs.push_back(server + ":" + cat);
    }
  }
  for (const auto& j : config.journals) specs.push_back("journal:" + j);
  for (const auto& e : config.extra_sources) specs.push_back(e);
  std::vector<ConfiguredSource> out;
  for (const auto& spec : specs) {
    auto src = MakeSource(spec, config);
    if (!src) return Fail(src.error());
    out.push_back({spec, std::move(*src)});
  }
  return out;
}

}  // namespace ah::ingest
