#include <string>
#include <utility>

#include "core/date.h"
#include "core/text.h"
#include "sources/pubmed/pubmed.h"
#include "sources/pubmed/pubmed_internal.h"

namespace ah::sources::pubmed {
namespace {

constexpr int kDefaultPage = 200;
constexpr int kMaxPage = 10000;  // E-utilities' retmax limit
constexpr int kDefaultWindowDays = 7;
constexpr const char* kBase = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/";

// Percent-encodes a query value; unreserved characters and those in `keep` stay as-is.
using text::PercentEncode;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size() && HexValue(in[i + 1]) >= 0 && HexValue(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2])));
      i += 2;
    } else {
      out.push_back(in[i] == '+' ? ' ' : in[i]);
    }
  }
  return out;
}

// Value of query parameter `key` in `url`; "" when absent.
std::string QueryParam(std::string_view url, std::string_view key) {
  size_t q = url.find('?');
  if (q == std::string_view::npos) return "";
  std::string_view query = url.substr(q + 1);
  size_t hash = query.find('#');
  if (hash != std::string_view::npos) query = query.substr(0, hash);
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view part = query.substr(0, amp);
    size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == key)
      return PercentDecode(part.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query = query.substr(amp + 1);
  }
  return "";
}

// The efetch state of a request URL we built (for fetch loops that do not pass the
// cursor in ParseContext). Count is unknown there.
std::optional<EfetchCursor> CursorFromUrl(std::string_view url, int64_t* retmax) {
  if (url.find("efetch.fcgi") == std::string_view::npos) return std::nullopt;
  EfetchCursor c;
  c.webenv = QueryParam(url, "WebEnv");
  c.query_key = QueryParam(url, "query_key");
  c.retstart = internal::ParseCount(QueryParam(url, "retstart"));
  *retmax = internal::ParseCount(QueryParam(url, "retmax"));
  if (c.webenv.empty() || c.query_key.empty() || c.retstart < 0) return std::nullopt;
  // Round-trip through the cursor syntax so both paths validate alike.
  return DecodeEfetchCursor(EncodeEfetchCursor(c));
}

// "2026-06-01" -> "2026/06/01" (E-utilities date syntax).
std::string EutilsDate(const std::string& ymd) {
  std::string out = ymd;
  for (char& c : out)
    if (c == '-') c = '/';
  return out;
}

bool LooksLikeEsearch(std::string_view body) {
  std::string_view t = text::Trim(body);
  if (!t.empty() && t.front() == '{') return true;
  return body.substr(0, 4096).find("<eSearchResult") != std::string_view::npos;
}

}  // namespace

PubmedSource::PubmedSource(std::string term) : term_(std::move(term)) {}

Result<net::HttpRequest> PubmedSource::BuildRequest(const std::string& cursor,
                                                    const FetchParams& params) const {
  if (text::Trim(term_).empty())
    return MakeError(Code::kInvalidArgument, "pubmed: empty search term");
  for (const std::string* d : {&params.since, &params.until}) {
    if (!d->empty() && date::Normalize(*d) != *d)
      return MakeError(Code::kInvalidArgument, name() + ": date \"" + *d + "\" is not YYYY-MM-DD");
  }
  std::string ident = "&tool=academichub";
  if (!params.contact.empty()) ident += "&email=" + PercentEncode(params.contact);

  net::HttpRequest req;
  if (cursor.empty()) {
    std::string url = std::string(kBase) + "esearch.fcgi?db=pubmed&term=" + PercentEncode(term_) +
                      "&usehistory=y&datetype=edat";
    if (params.since.empty() && params.until.empty()) {
      url += "&reldate=" + std::to_string(kDefaultWindowDays);
    } else {
      std::string since = params.since;
      if (since.empty()) {
        auto until = date::Parse(params.until);
        since = date::Format(date::AddDays(*until, -kDefaultWindowDays));
      }
      std::string until = params.until.empty() ? "2100-12-31" : params.until;
      url += "&mindate=" + PercentEncode(EutilsDate(since), "/") +
             "&maxdate=" + PercentEncode(EutilsDate(until), "/");
    }
    url += "&retmax=0" + ident;
    req.url = std::move(url);
    return req;
  }
  auto c = DecodeEfetchCursor(cursor);
  if (!c)
    return MakeError(Code::kInvalidArgument, name() + ": unrecognised cursor \"" + cursor + "\"");
  int page = params.page_size > 0 ? params.page_size : kDefaultPage;
  if (page > kMaxPage) page = kMaxPage;
  req.url = std::string(kBase) + "efetch.fcgi?db=pubmed&query_key=" + PercentEncode(c->query_key) +
            "&WebEnv=" + PercentEncode(c->webenv) + "&retstart=" + std::to_string(c->retstart) +
            "&retmax=" + std::to_string(page) + "&retmode=xml" + ident;
  return req;
}

Result<ParsedPage> PubmedSource::Parse(std::string_view body, const ParseContext& ctx) const {
  if (LooksLikeEsearch(body)) {
    auto page = ParsePubmedEsearch(body, ctx);
    // We always ask for usehistory: hits without WebEnv could never be fetched.
    if (page && page->total > 0 && !page->next_cursor)
      return MakeError(Code::kParse, internal::Where(ctx) +
                                         ": esearch found records but returned no WebEnv/QueryKey");
    return page;
  }
  int64_t records = 0;
  auto page = internal::ParseEfetch(body, ctx, &records);
  if (!page) return page;
  int64_t retmax = -1;
  std::optional<EfetchCursor> from_url = CursorFromUrl(ctx.origin, &retmax);
  std::optional<EfetchCursor> cur = DecodeEfetchCursor(ctx.cursor);
  if (!cur) cur = from_url;
  if (!cur || records == 0) return page;
  EfetchCursor next = *cur;
  next.retstart = cur->retstart + records;
  bool more = cur->count >= 0 ? next.retstart < cur->count : (retmax > 0 && records >= retmax);
  if (cur->count >= 0) page->total = cur->count;
  if (more) page->next_cursor = EncodeEfetchCursor(next);
  return page;
}

std::unique_ptr<Source> MakePubmedSource(std::string_view spec) {
  constexpr std::string_view kPrefix = "pubmed:";
  if (!text::StartsWith(spec, kPrefix)) return nullptr;
  std::string_view term = text::Trim(spec.substr(kPrefix.size()));
  if (term.empty()) return nullptr;
  return std::make_unique<PubmedSource>(std::string(term));
}

}  // namespace ah::sources::pubmed
