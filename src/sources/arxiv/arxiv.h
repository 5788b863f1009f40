// The arXiv source family: parsers for the three arXiv wire formats and the
// Source implementations that build their requests.
//
// Parsers are pure functions (no I/O, no clock, no global state) and are
// thread-safe. Each returns Error{kParse} for a document that is not
// well-formed XML or not the expected kind of document (an HTML error page,
// an Atom feed where RSS was expected, an empty or truncated body); the
// message names ctx.origin (or "<input>") and a byte offset. A record that
// lacks an arXiv identifier is skipped and reported in ParsedPage::rejected;
// the rest of the page is kept.
//
// Field conventions shared by all three parsers:
//  - Paper::ids.arxiv is the bare id ("2401.01234", "hep-th/9901001").
//  - The DOI arXiv reports is the journal version's: it goes to
//    Paper::published_doi, never to ids.doi.
//  - title and abstract are plain text (ah::text::StripMarkup), LaTeX kept as
//    typed; abstract_raw is the abstract as received (for RSS: without the
//    "arXiv:ID Announce Type: T Abstract:" prefix), outer whitespace trimmed.
//  - Author names and affiliations have TeX accents decoded ("G\"odel" ->
//    "Gödel").
//  - categories lists the primary category first; primary_category repeats it.
//  - url is the abs page, pdf_url https://arxiv.org/pdf/<id>[v<n>], type "preprint".
//  - Each paper carries exactly one Listing with source = ctx.source or "arxiv".
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sources/source.h"

namespace ah::sources::arxiv {

// Parses an rss.arxiv.org RSS 2.0 feed (2024+ format).
// Per item: id and version from the description prefix "arXiv:<id>v<n> Announce
// Type: <t>" (else from guid / link); announce type from <arxiv:announce_type>
// when present, else from the prefix; dc:creator split into authors
// (comma / " and " separated, parenthesised affiliations kept with their author);
// categories from every <category>, first = primary; dc:rights -> license;
// arxiv:DOI -> published_doi; arxiv:journal_reference -> journal_ref.
// Listing: date = item pubDate, else channel pubDate, else ctx.default_date;
// channel = primary category. ParsedPage::feed_date = channel pubDate.
// next_cursor is always nullopt (a feed is a single page).
[[nodiscard]] Result<ParsedPage> ParseArxivRss(std::string_view body, const ParseContext& ctx);

// Parses an export.arxiv.org/api/query Atom response, current (2025+) or
// legacy (2016) form. versions: v1 dated by <published>, plus v<n> dated by
// <updated> when the entry is a later version. Listing: announce_type "api",
// date = updated date, channel = primary category.
// total = opensearch:totalResults; next_cursor = start index of the next page
// as a decimal string (startIndex + entries on this page), nullopt when this
// page is empty or reaches totalResults.
// The API's error feed (an entry whose id is .../api/errors#...) yields
// Error{kInvalidArgument} carrying the server's message.
[[nodiscard]] Result<ParsedPage> ParseArxivApi(std::string_view body, const ParseContext& ctx);

// Parses an OAI-PMH ListRecords or GetRecord response with metadataPrefix
// "arXiv" (structured authors, created/updated dates) or "arXivRaw" (author
// string, dated version history). Deleted records are skipped silently.
// next_cursor = resumptionToken (nullopt when absent or empty: end of list);
// total = completeListSize when given. Listing: announce_type "oai",
// date = header datestamp, channel = first setSpec.
// OAI errors: noRecordsMatch -> an empty page (total 0); any other error code
// -> Error{kInvalidArgument} naming the code and the server's message.
[[nodiscard]] Result<ParsedPage> ParseArxivOai(std::string_view body, const ParseContext& ctx);

// https://rss.arxiv.org/rss/<cat1>+<cat2>..., a single page.
// name() "arxiv-rss:cs.LG+cs.AI"; listing_source() "arxiv"; not resumable.
// BuildRequest fails with kInvalidArgument when a category is empty or holds
// characters other than [A-Za-z0-9.-], or when a cursor is given.
class ArxivRssSource final : public Source {
 public:
  // `base`: where the feeds are ("<base><cat1>+<cat2>"); empty: rss.arxiv.org.
  explicit ArxivRssSource(std::vector<std::string> categories, std::string base = "");
  std::string name() const override;
  std::string listing_source() const override { return "arxiv"; }
  Format format() const override { return Format::kArxivRss; }
  [[nodiscard]] Result<net::HttpRequest> BuildRequest(const std::string& cursor,
                                                      const FetchParams& params) const override;
  [[nodiscard]] Result<ParsedPage> Parse(std::string_view body,
                                         const ParseContext& ctx) const override;

 private:
  std::vector<std::string> categories_;
  std::string base_;
};

// http://export.arxiv.org/api/query?search_query=<q>&start=<cursor>&max_results=<n>
//   &sortBy=submittedDate&sortOrder=descending
// `query` is an arXiv search query ("cat:cs.LG AND ti:transformer"; '+' in it
// means a space, as in arXiv's documentation) or an id list: "id_list:<ids>", or
// a comma-separated list of arXiv ids, which is sent as id_list=... instead.
// The cursor is the start index ("" = 0). FetchParams::page_size overrides
// page_size (capped at 2000, arXiv's limit). For search queries,
// FetchParams::since/until (YYYY-MM-DD) add a submittedDate range.
// name() "arxiv-api:<query>"; listing_source() "arxiv"; not resumable.
class ArxivApiSource final : public Source {
 public:
  explicit ArxivApiSource(std::string query, int page_size = 100);
  std::string name() const override;
  std::string listing_source() const override { return "arxiv"; }
  Format format() const override { return Format::kArxivApi; }
  [[nodiscard]] Result<net::HttpRequest> BuildRequest(const std::string& cursor,
                                                      const FetchParams& params) const override;
  [[nodiscard]] Result<ParsedPage> Parse(std::string_view body,
                                         const ParseContext& ctx) const override;

 private:
  std::string query_;
  int page_size_;
};

// https://oaipmh.arxiv.org/oai?verb=ListRecords&metadataPrefix=<prefix>&set=<set>
//   [&from=<since>][&until=<until>]; with a cursor only
// verb=ListRecords&resumptionToken=<token> (percent-encoded).
// `set` may be empty (all of arXiv); metadata_prefix is "arXiv" or "arXivRaw".
// name() "arxiv-oai:<set>" ("arxiv-oai-raw:<set>" for arXivRaw); resumable.
class ArxivOaiSource final : public Source {
 public:
  explicit ArxivOaiSource(std::string set, std::string metadata_prefix = "arXiv");
  std::string name() const override;
  std::string listing_source() const override { return "arxiv"; }
  Format format() const override { return Format::kArxivOai; }
  bool resumable() const override { return true; }
  [[nodiscard]] Result<net::HttpRequest> BuildRequest(const std::string& cursor,
                                                      const FetchParams& params) const override;
  [[nodiscard]] Result<ParsedPage> Parse(std::string_view body,
                                         const ParseContext& ctx) const override;

 private:
  std::string set_;
  std::string prefix_;
};

// Builds a source from a registry spec:
//   "rss:cs.LG+cs.AI"      -> ArxivRssSource({"cs.LG", "cs.AI"})
//   "api:<query>"          -> ArxivApiSource(<query>)
//   "oai:cs" / "oai-raw:cs" -> ArxivOaiSource("cs", "arXiv" / "arXivRaw")
// Returns nullptr for anything else (unknown kind, empty or malformed argument).
// `rss_base`: the RSS feeds' location for "rss:" specs (a mirror; config
// [arxiv] rss_url); empty: rss.arxiv.org.
std::unique_ptr<Source> MakeArxivSource(std::string_view spec, std::string_view rss_base = {});

}  // namespace ah::sources::arxiv
