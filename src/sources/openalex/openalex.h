// OpenAlex works API (api.openalex.org): JSON parser and a filter-based source.
//
// Field mapping (ParseOpenAlex), per work:
//   id -> ids.openalex ("W123"); ids.doi / ids.pmid / ids.pmcid (URLs) -> normalised ids
//   (top-level doi as a fallback); title, else display_name -> title (markup stripped);
//   abstract_inverted_index -> abstract rebuilt in position order (abstract_raw = the
//   rebuilt text, abstract = its plain text without a leading "Abstract" heading word):
//   gaps are skipped, a position claimed by several words keeps the first word in key
//   order, positions < 0, non-integer or > kMaxAbstractPosition are ignored (hostile
//   input cannot make it allocate per position);
//   authorships[]: author.display_name (else raw_author_name), author.orcid (bare),
//   affiliations = raw_affiliation_strings, else affiliations[].raw_affiliation_string,
//   else institutions[].display_name;
//   primary_location: source.display_name -> journal, source.issn[] (+ issn_l) -> issns,
//   landing_page_url -> url, pdf_url, license (else best_oa_location.license);
//   biblio volume / issue / first_page-last_page -> pages; publication_date -> published;
//   type; host_organization_name -> publisher;
//   categories = primary_topic, then the other topics, in the order given; concepts (the
//   deprecated vocabulary) only when there are no topics; primary_category =
//   primary_topic.display_name.
// Listing: source = ctx.source or "openalex", date = publication_date (else
//   ctx.default_date), announce_type "published", channel = journal (else ctx.channel).
// A work without an OpenAlex id or a title is skipped and reported in rejected.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "sources/source.h"

namespace ah::sources::openalex {

// Largest abstract_inverted_index position accepted.
inline constexpr int64_t kMaxAbstractPosition = 100000;

// Parses a works list ({"meta": {count, next_cursor}, "results": [...]}: total = count,
// next_cursor = meta.next_cursor, nullopt when null or absent) or a single work object.
// Error objects ({"error": ..., "message": ...}) -> kInvalidArgument with the server
// message; non-JSON, truncated or wrongly shaped bodies -> kParse naming ctx.origin and
// the byte offset. Pure; thread-safe.
[[nodiscard]] Result<ParsedPage> ParseOpenAlex(std::string_view body, const ParseContext& ctx);

// Rebuilds abstract text from an abstract_inverted_index given as JSON text
// ({"word": [positions...]}); "" when it is not such an object. Exposed for tests.
std::string RebuildAbstract(std::string_view inverted_index_json);

// Works matching an OpenAlex filter published in the fetch window, cursor-paged
// (resumable):
//   https://api.openalex.org/works?filter=<filter>,from_publication_date:<since>,
//   to_publication_date:<until>&per-page=<n, default 200>&cursor=<cursor or *>
//   &mailto=<contact>
// An empty since/until omits that bound. Immutable; thread-safe.
class OpenAlexSource final : public Source {
 public:
  // REQUIRES: filter is non-empty, e.g. "primary_location.source.id:S137773608".
  explicit OpenAlexSource(std::string filter);

  std::string name() const override { return "openalex:" + filter_; }
  std::string listing_source() const override { return "openalex"; }
  Format format() const override { return Format::kOpenAlex; }
  bool resumable() const override { return true; }
  [[nodiscard]] Result<net::HttpRequest> BuildRequest(const std::string& cursor,
                                                      const FetchParams& params) const override;
  [[nodiscard]] Result<ParsedPage> Parse(std::string_view body,
                                         const ParseContext& ctx) const override;

  const std::string& filter() const { return filter_; }

 private:
  std::string filter_;
};

// Builds a source from "openalex:<filter>"; nullptr when the spec is not of that form or
// the filter is empty.
std::unique_ptr<Source> MakeOpenAlexSource(std::string_view spec);

}  // namespace ah::sources::openalex
