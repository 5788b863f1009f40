// Crossref REST API (api.crossref.org): works JSON parser and the per-journal source.
//
// Field mapping (ParseCrossref), per work item:
//   DOI -> ids.doi; title[0] (+ ": " + subtitle[0] when present) -> title, markup stripped;
//   author[] given+family (or name) / ORCID / affiliation[].name -> authors;
//   abstract (JATS) -> abstract_raw as received, abstract = plain text with a leading
//   "Abstract"/"Summary" heading dropped (section headings such as "Background" stay as
//   their own paragraph);
//   container-title[0] -> journal (for posted-content without one: institution[0].name);
//   ISSN[] -> issns; volume, issue, page, publisher; URL -> url; type -> type;
//   license: the URL of the "vor" license if any, else license[0].URL;
//   subject[] (or group-title for posted-content) -> categories.
// Dates:
//   published = the earlier of published-online and published-print (compared at their
//     common precision; on a tie the more precise one), else published, else issued.
//     Partial date-parts fill a missing month/day with 01 ("2019-01" -> 2019-01-01).
//   For posted-content (preprints) published stays empty and submitted = posted (else
//     issued); their journal version, relation.is-preprint-of (a DOI), -> published_doi.
//   created is NOT mapped: it is when the DOI was registered, not an author event.
// Listing: source = ctx.source or "crossref", date = published (else submitted, else
//   ctx.default_date), announce_type "published", channel = journal (else ctx.channel).
// Items without a DOI or without a title (journal-issue records, components) are skipped
// and reported in ParsedPage::rejected.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "sources/source.h"

namespace ah::sources::crossref {

// Parses a Crossref response: message-type "work-list" (items, total-results,
// next-cursor) or "work" (one item). next_cursor is set only when the page has items:
// Crossref repeats the same cursor forever and signals the end with an empty page.
// Errors: a body that is not JSON (e.g. "Resource not found.", an HTML page, truncated
// JSON) -> kParse naming ctx.origin and the byte offset; status != "ok" (e.g.
// validation-failure) -> kInvalidArgument carrying the server's messages.
// Pure; thread-safe.
[[nodiscard]] Result<ParsedPage> ParseCrossref(std::string_view body, const ParseContext& ctx);

// Works of one journal indexed in a date window, paged with Crossref deep-paging
// cursors (resumable). Request:
//   https://api.crossref.org/journals/<issn>/works?filter=from-index-date:<since>,
//   until-index-date:<until>&rows=<n>&cursor=<cursor or *>&mailto=<contact>&select=...
// An empty since/until omits that bound; rows defaults to 100 (max 1000).
// Immutable; thread-safe.
class CrossrefJournalSource final : public Source {
 public:
  // REQUIRES: issn is a valid ISSN (see ids::NormalizeIssn); it is normalised here.
  explicit CrossrefJournalSource(std::string issn);

  std::string name() const override;  // "crossref:<issn>"
  std::string listing_source() const override { return "crossref"; }
  Format format() const override { return Format::kCrossref; }
  bool resumable() const override { return true; }
  [[nodiscard]] Result<net::HttpRequest> BuildRequest(const std::string& cursor,
                                                      const FetchParams& params) const override;
  [[nodiscard]] Result<ParsedPage> Parse(std::string_view body,
                                         const ParseContext& ctx) const override;

  const std::string& issn() const { return issn_; }

 private:
  std::string issn_;
};

// Builds a source from a spec "crossref:<issn>" (e.g. "crossref:0028-0836").
// Returns nullptr when the spec is not of that form or the ISSN is invalid.
std::unique_ptr<Source> MakeCrossrefSource(std::string_view spec);

}  // namespace ah::sources::crossref
