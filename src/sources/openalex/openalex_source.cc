#include <string>
#include <utility>

#include "core/date.h"
#include "core/text.h"
#include "sources/openalex/openalex.h"

namespace ah::sources::openalex {
namespace {

constexpr int kDefaultPerPage = 200;
constexpr int kMaxPerPage = 200;  // OpenAlex's limit

// Percent-encodes a query value; unreserved characters and those in `keep` stay as-is.
using text::PercentEncode;

}  // namespace

OpenAlexSource::OpenAlexSource(std::string filter) : filter_(std::move(filter)) {}

Result<net::HttpRequest> OpenAlexSource::BuildRequest(const std::string& cursor,
                                                      const FetchParams& params) const {
  if (text::Trim(filter_).empty())
    return MakeError(Code::kInvalidArgument, "openalex: empty filter");
  for (const std::string* d : {&params.since, &params.until}) {
    if (!d->empty() && date::Normalize(*d) != *d)
      return MakeError(Code::kInvalidArgument, name() + ": date \"" + *d + "\" is not YYYY-MM-DD");
  }
  std::string filter = filter_;
  if (!params.since.empty()) filter += ",from_publication_date:" + params.since;
  if (!params.until.empty()) filter += ",to_publication_date:" + params.until;
  int per_page = params.page_size > 0 ? params.page_size : kDefaultPerPage;
  if (per_page > kMaxPerPage) per_page = kMaxPerPage;

  net::HttpRequest req;
  req.url = "https://api.openalex.org/works?filter=" + PercentEncode(filter, ":,") +
            "&per-page=" + std::to_string(per_page) +
            "&cursor=" + PercentEncode(cursor.empty() ? "*" : cursor);
  if (!params.contact.empty()) req.url += "&mailto=" + PercentEncode(params.contact);
  req.headers.emplace_back("Accept", "application/json");
  return req;
}

Result<ParsedPage> OpenAlexSource::Parse(std::string_view body, const ParseContext& ctx) const {
  return ParseOpenAlex(body, ctx);
}

std::unique_ptr<Source> MakeOpenAlexSource(std::string_view spec) {
  constexpr std::string_view kPrefix = "openalex:";
  if (!text::StartsWith(spec, kPrefix)) return nullptr;
  std::string_view filter = text::Trim(spec.substr(kPrefix.size()));
  if (filter.empty()) return nullptr;
  return std::make_unique<OpenAlexSource>(std::string(filter));
}

}  // namespace ah::sources::openalex
