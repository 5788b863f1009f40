// bioRxiv / medRxiv: the api.biorxiv.org "details" endpoint.
//
// One response page is JSON:
//   {"messages":[{"status":"ok","cursor":0,"count":100,"total":"250",...}],
//    "collection":[{"doi":"10.1101/...","title":...,"authors":"Smith, J.; Doe, A. B.",
//                   "author_corresponding":...,"author_corresponding_institution":...,
//                   "date":"2026-09-07","version":"2","type":"new results","license":"cc_by",
//                   "category":"cancer biology","abstract":...,"published":"NA"|"<doi>",
//                   "server":"bioRxiv"|"medrxiv",...}, ...]}
// Counts arrive as numbers or as decimal strings; both are accepted.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "sources/source.h"

namespace ah::sources::biorxiv {

// Parses one details page. Pure; thread-safe.
//
// Paging: total = messages[0].total, page_count = messages[0].count (or the
// collection size when absent), next_cursor = cursor + count as a decimal string
// when that is < total, else nullopt (also nullopt when total is unknown). When the
// page does not echo its cursor, a decimal ctx.cursor (the requested offset) is used.
// A status such as "no posts found" yields an empty page, not an error; any
// other non-"ok" status is a kParse error quoting it.
//
// Each collection item becomes one Paper:
//   ids.doi        normalised preprint DOI (10.1101/... or 10.64898/...)
//   title          plain text
//   authors        "Smith, J." -> Author{"J. Smith"} (given part first, family last, as
//                  written; a name without a comma, e.g. a consortium, is kept as is).
//                  author_corresponding_institution becomes the affiliation of the one
//                  author whose surname (and first initial) matches author_corresponding;
//                  no affiliation is set when the match is absent or ambiguous.
//   abstract_raw   as received; abstract: readable plain text (see CleanAbstractMarkup)
//   versions       [{version, date}]; submitted = date when version is 1; updated = date
//   categories     {category}; primary_category = category
//   type, license  as given ("new results", "PUBLISHAHEADOFPRINT"; "cc_by_nc_nd", "cc_no")
//   journal        "bioRxiv" or "medRxiv" (from `server`, else ctx.source, else the
//                  jatsxml host, else bioRxiv)
//   published_doi  the journal DOI from `published` ("NA" -> empty)
//   url            https://www.{biorxiv,medrxiv}.org/content/<doi>v<version>; pdf_url adds
//                  ".full.pdf"
//   listing        {ctx.source or "biorxiv"/"medrxiv", date or ctx.default_date,
//                   "new" for version 1 (or unknown) else "replace", category or ctx.channel}
// Items without a valid DOI or without a title are skipped into `rejected`
// (message names ctx.origin, the item index and what was wrong).
// Errors (kParse, naming ctx.origin): invalid or truncated JSON (with byte offset),
// an HTML page, a JSON value that is not a details response, messages/counts of the
// wrong type (naming the field).
[[nodiscard]] Result<ParsedPage> ParseBiorxivApi(std::string_view body, const ParseContext& ctx);

// Turns the highwire markup that the details API leaves in abstracts into
// readable text that ah::text::StripMarkup then flattens:
//   - paragraphs ("\n" in the raw text) and O_ST_ABS..C_ST_ABS section titles become
//     separate paragraphs;
//   - O_LI..C_LI list items become paragraphs starting "- ";
//   - O_SCPLOW/O_SCPCAP small-caps wrappers are dropped (their text kept);
//   - O_FIG..C_FIG, O_TBL..C_TBL and O_LINKSMALLFIG..C_LINKSMALLFIG blocks (image
//     links, table placeholders) are removed;
//   - a run-in heading glued to its text ("BackgroundThe modified ...") becomes
//     "Background: The modified ...";
//   - Greek letter and symbol escapes such as "{rho}", "{beta}", "{+/-}" become
//     the characters.
// Returns plain text (paragraphs separated by '\n'). Pure.
std::string CleanAbstractMarkup(std::string_view raw);

// "Smith, J. A." -> "J. A. Smith"; "King, M. L., Jr." -> "M. L. King Jr."; a name
// without a comma (a consortium) is returned trimmed.
std::string DisplayName(std::string_view api_name);

// A configured details endpoint: https://api.biorxiv.org/details/<server>/<since>/<until>/<cursor>
// [?category=<category>]. Immutable; thread-safe.
class BiorxivApiSource final : public Source {
 public:
  // server: "biorxiv" or "medrxiv" (lower-case); category: optional subject filter as
  // written by bioRxiv ("cancer biology" / "cancer_biology"; sent with '_' for spaces).
  BiorxivApiSource(std::string server, std::string category = {});

  // "biorxiv", "medrxiv", "biorxiv:cancer biology".
  std::string name() const override;
  // "biorxiv" / "medrxiv".
  std::string listing_source() const override { return server_; }
  Format format() const override { return Format::kBiorxivApi; }
  bool resumable() const override { return true; }
  // cursor: empty or a decimal offset ("0", "100", ...). params.until is required
  // (the caller fills in today); params.since defaults to the day before until, so
  // the default window is the last 2 days. kInvalidArgument for an unusable cursor
  // or date.
  [[nodiscard]] Result<net::HttpRequest> BuildRequest(const std::string& cursor,
                                                      const FetchParams& params) const override;
  // ParseBiorxivApi with ctx.source defaulted to listing_source() and ctx.channel to
  // the category.
  [[nodiscard]] Result<ParsedPage> Parse(std::string_view body,
                                         const ParseContext& ctx) const override;

 private:
  std::string server_;
  std::string category_;
};

// "biorxiv", "medrxiv", "biorxiv:genomics", "medrxiv:infectious diseases" (server
// case-insensitive). Returns nullptr for any other spec.
std::unique_ptr<Source> MakeBiorxivSource(std::string_view spec);

}  // namespace ah::sources::biorxiv
