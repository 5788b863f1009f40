// Source registry: turns source specs and the user's config into configured
// Source objects for the fetch loop.
//
// Specs: "arxiv:rss:cs.LG+cs.AI", "arxiv:api:<search_query>", "arxiv:oai:<set>",
// "biorxiv", "medrxiv", "biorxiv:<subject>", "crossref:<issn>", "pubmed:<term>",
// "openalex:<filter>", "journal:<catalogue slug>", "feed:<url>".
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "ingest/config.h"
#include "sources/source.h"

namespace ah::ingest {

// Builds one source from a spec; errors name the spec.
[[nodiscard]] Result<std::unique_ptr<sources::Source>> MakeSource(std::string_view spec, const Config& config);

struct ConfiguredSource {
  std::string spec;
  std::unique_ptr<sources::Source> source;
};

// Every source the config asks for (arXiv RSS for its categories, bioRxiv/medRxiv,
// followed journals, extra specs), in that order.
[[nodiscard]] Result<std::vector<ConfiguredSource>> BuildSources(const Config& config);

// One line per journal of the catalogue (built-in + custom) for `academichub sources`.
struct CatalogueEntry {
  std::string slug, name, publisher, issn, eissn, feed_url, field;
  bool custom = false;
};
std::vector<CatalogueEntry> Catalogue(const Config& config);

}  // namespace ah::ingest
