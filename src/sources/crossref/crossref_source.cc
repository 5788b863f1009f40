#include <string>
#include <utility>

#include "core/date.h"
#include "core/ids.h"
#include "core/text.h"
#include "sources/crossref/crossref.h"

namespace ah::sources::crossref {
namespace {

constexpr int kDefaultRows = 100;
constexpr int kMaxRows = 1000;  // Crossref's limit for rows
// Only the fields ParseCrossref reads: keeps pages small (references can be megabytes).
// Every name must be in Crossref's select whitelist or the whole request fails with a
// validation-failure. "institution" (a preprint server's name) is not selectable; a
// journal's works are not preprints anyway.
constexpr const char* kSelect =
    "DOI,title,subtitle,author,abstract,container-title,ISSN,volume,issue,page,publisher,"
    "license,URL,type,published-print,published-online,issued,posted,relation,subject,"
    "group-title";

// Percent-encodes a query value; unreserved characters and those in `keep` stay as-is.
using text::PercentEncode;

}  // namespace

CrossrefJournalSource::CrossrefJournalSource(std::string issn) {
  std::string norm = ids::NormalizeIssn(issn);
  issn_ = norm.empty() ? std::move(issn) : std::move(norm);
}

std::string CrossrefJournalSource::name() const { return "crossref:" + issn_; }

Result<net::HttpRequest> CrossrefJournalSource::BuildRequest(const std::string& cursor,
                                                             const FetchParams& params) const {
  if (ids::NormalizeIssn(issn_).empty())
    return MakeError(Code::kInvalidArgument, "crossref: invalid ISSN \"" + issn_ + "\"");
  for (const std::string* d : {&params.since, &params.until}) {
    if (!d->empty() && date::Normalize(*d) != *d)
      return MakeError(Code::kInvalidArgument,
                       "crossref:" + issn_ + ": date \"" + *d + "\" is not YYYY-MM-DD");
  }
  int rows = params.page_size > 0 ? params.page_size : kDefaultRows;
  if (rows > kMaxRows) rows = kMaxRows;

  std::string filter;
  if (!params.since.empty()) filter += "from-index-date:" + params.since;
  if (!params.until.empty()) {
    if (!filter.empty()) filter += ",";
    filter += "until-index-date:" + params.until;
  }
  std::string url = "https://api.crossref.org/journals/" + PercentEncode(issn_) + "/works?";
  if (!filter.empty()) url += "filter=" + PercentEncode(filter, ":,") + "&";
  url += "rows=" + std::to_string(rows);
  url += "&cursor=" + PercentEncode(cursor.empty() ? "*" : cursor);
  if (!params.contact.empty()) url += "&mailto=" + PercentEncode(params.contact);
  url += "&select=" + PercentEncode(kSelect, ",");

  net::HttpRequest req;
  req.url = std::move(url);
  req.headers.emplace_back("Accept", "application/json");
  return req;
}

Result<ParsedPage> CrossrefJournalSource::Parse(std::string_view body,
                                                const ParseContext& ctx) const {
  return ParseCrossref(body, ctx);
}

std::unique_ptr<Source> MakeCrossrefSource(std::string_view spec) {
  constexpr std::string_view kPrefix = "crossref:";
  if (!text::StartsWith(spec, kPrefix)) return nullptr;
  std::string issn = ids::NormalizeIssn(spec.substr(kPrefix.size()));
  if (issn.empty()) return nullptr;
  return std::make_unique<CrossrefJournalSource>(std::move(issn));
}

}  // namespace ah::sources::crossref
