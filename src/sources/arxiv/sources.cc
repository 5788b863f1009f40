// Request builders for the three arXiv endpoints.
#include <algorithm>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/ids.h"
#include "core/text.h"
#include "sources/arxiv/arxiv.h"
#include "sources/arxiv/internal.h"

namespace ah::sources::arxiv {
namespace {

constexpr std::string_view kRssBase = "https://rss.arxiv.org/rss/";
constexpr std::string_view kApiBase = "http://export.arxiv.org/api/query";
constexpr std::string_view kOaiBase = "https://oaipmh.arxiv.org/oai";
constexpr int kApiMaxPageSize = 2000;

bool IsUnreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// Percent-encodes everything but RFC 3986 unreserved characters and `keep`.
// With space_as_plus, ' ' becomes '+' (form encoding, as arXiv's docs write queries).
std::string Encode(std::string_view in, std::string_view keep = {}, bool space_as_plus = false) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(in.size() * 3 / 2);
  for (char c : in) {
    unsigned char u = static_cast<unsigned char>(c);
    if (IsUnreserved(c) || (!keep.empty() && keep.find(c) != std::string_view::npos)) {
      out.push_back(c);
    } else if (c == ' ' && space_as_plus) {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

bool IsCategory(std::string_view c) {
  if (c.empty() || c.size() > 64) return false;
  return std::all_of(c.begin(), c.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '.' || ch == '-';
  });
}

bool IsSetSpec(std::string_view s) {
  if (s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '.' || ch == '-' || ch == ':' || ch == '_';
  });
}

std::string JoinCategories(const std::vector<std::string>& cats) {
  std::string s;
  for (const auto& c : cats) {
    if (!s.empty()) s.push_back('+');
    s += c;
  }
  return s;
}

// "id_list:1234.5678,hep-th/9901001" or a bare comma-separated list of arXiv
// ids -> the id list; else empty.
std::string IdListOf(std::string_view query) {
  std::string_view q = text::Trim(query);
  bool explicit_list = text::StartsWith(q, "id_list:");
  if (explicit_list) q.remove_prefix(8);
  std::vector<std::string> parts = text::SplitTrim(q, ',');
  if (parts.empty()) return {};
  std::string out;
  for (const auto& part : parts) {
    ids::ArxivId id = ids::ParseArxivId(part);
    // A bare list must consist of ids only; "arXiv:" prefixes are dropped.
    if (id.id.empty() || part.find(' ') != std::string::npos) return {};
    if (!out.empty()) out.push_back(',');
    out += id.id;
    if (id.version > 0) out += "v" + std::to_string(id.version);
  }
  return out;
}

// "2026-06-01" -> "202606010000" (or "...2359" for an upper bound); empty if invalid.
std::string SubmittedDateBound(std::string_view d, bool upper) {
  std::string norm = date::Normalize(d);
  if (norm.size() != 10) return {};
  std::string out = norm.substr(0, 4) + norm.substr(5, 2) + norm.substr(8, 2);
  out += upper ? "2359" : "0000";
  return out;
}

Result<std::string> ValidDate(const std::string& d, std::string_view what) {
  std::string norm = date::Normalize(d);
  if (norm.empty()) {
    return MakeError(Code::kInvalidArgument,
                     "arXiv: invalid " + std::string(what) + " date '" + d + "' (want YYYY-MM-DD)");
  }
  return norm;
}

net::HttpRequest Get(std::string url, std::string accept) {
  net::HttpRequest r;
  r.url = std::move(url);
  r.headers.emplace_back("Accept", std::move(accept));
  return r;
}

}  // namespace

// ---- RSS ------------------------------------------------------------------

ArxivRssSource::ArxivRssSource(std::vector<std::string> categories, std::string base)
    : categories_(std::move(categories)), base_(std::move(base)) {}

std::string ArxivRssSource::name() const { return "arxiv-rss:" + JoinCategories(categories_); }

Result<net::HttpRequest> ArxivRssSource::BuildRequest(const std::string& cursor,
                                                      const FetchParams& /*params*/) const {
  if (!cursor.empty()) {
    return MakeError(Code::kInvalidArgument,
                     name() + ": an RSS feed is a single page; unexpected cursor '" + cursor + "'");
  }
  if (categories_.empty()) {
    return MakeError(Code::kInvalidArgument, "arxiv-rss: no categories given");
  }
  for (const auto& c : categories_) {
    if (!IsCategory(c)) {
      return MakeError(Code::kInvalidArgument, "arxiv-rss: invalid category '" + c + "'");
    }
  }
  return Get((base_.empty() ? std::string(kRssBase) : base_) + JoinCategories(categories_),
             "application/rss+xml");
}

Result<ParsedPage> ArxivRssSource::Parse(std::string_view body, const ParseContext& ctx) const {
  return ParseArxivRss(body, ctx);
}

// ---- API ------------------------------------------------------------------

ArxivApiSource::ArxivApiSource(std::string query, int page_size)
    : query_(std::move(query)), page_size_(page_size) {}

std::string ArxivApiSource::name() const { return "arxiv-api:" + query_; }

Result<net::HttpRequest> ArxivApiSource::BuildRequest(const std::string& cursor,
                                                      const FetchParams& params) const {
  std::string_view q = text::Trim(query_);
  if (q.empty()) return MakeError(Code::kInvalidArgument, "arxiv-api: empty query");
  int64_t start = 0;
  if (!cursor.empty()) {
    auto n = internal::ParseCount(cursor);
    if (!n) {
      return MakeError(Code::kInvalidArgument,
                       name() + ": cursor '" + cursor + "' is not a start index");
    }
    start = *n;
  }
  int size = params.page_size > 0 ? params.page_size : page_size_;
  if (size <= 0) size = 100;
  size = std::min(size, kApiMaxPageSize);

  std::string url(kApiBase);
  std::string id_list = IdListOf(q);
  if (!id_list.empty()) {
    url += "?id_list=" + Encode(id_list, ",/");
  } else {
    // '+' is how arXiv's documentation writes a space in a query.
    std::string search(q);
    std::replace(search.begin(), search.end(), '+', ' ');
    if (!params.since.empty() || !params.until.empty()) {
      std::string lo =
          params.since.empty() ? "000001010000" : SubmittedDateBound(params.since, false);
      std::string hi =
          params.until.empty() ? "999912312359" : SubmittedDateBound(params.until, true);
      if (lo.empty() || hi.empty()) {
        return MakeError(Code::kInvalidArgument, name() + ": invalid since/until date '" +
                                                     params.since + "'/'" + params.until + "'");
      }
      search = "(" + search + ") AND submittedDate:[" + lo + " TO " + hi + "]";
    }
    url += "?search_query=" + Encode(search, ":", /*space_as_plus=*/true);
    url += "&sortBy=submittedDate&sortOrder=descending";
  }
  url += "&start=" + std::to_string(start) + "&max_results=" + std::to_string(size);
  return Get(std::move(url), "application/atom+xml");
}

Result<ParsedPage> ArxivApiSource::Parse(std::string_view body, const ParseContext& ctx) const {
  return ParseArxivApi(body, ctx);
}

// ---- OAI-PMH --------------------------------------------------------------

ArxivOaiSource::ArxivOaiSource(std::string set, std::string metadata_prefix)
    : set_(std::move(set)), prefix_(std::move(metadata_prefix)) {}

std::string ArxivOaiSource::name() const {
  return (prefix_ == "arXivRaw" ? "arxiv-oai-raw:" : "arxiv-oai:") + set_;
}

Result<net::HttpRequest> ArxivOaiSource::BuildRequest(const std::string& cursor,
                                                      const FetchParams& params) const {
  std::string url(kOaiBase);
  if (!cursor.empty()) {
    // A resumption token carries the whole query; OAI-PMH forbids other arguments.
    url += "?verb=ListRecords&resumptionToken=" + Encode(cursor);
    return Get(std::move(url), "text/xml");
  }
  if (prefix_ != "arXiv" && prefix_ != "arXivRaw") {
    return MakeError(Code::kInvalidArgument, name() + ": unsupported metadataPrefix '" + prefix_ +
                                                 "' (want arXiv or arXivRaw)");
  }
  if (!IsSetSpec(set_)) {
    return MakeError(Code::kInvalidArgument, "arxiv-oai: invalid set '" + set_ + "'");
  }
  url += "?verb=ListRecords&metadataPrefix=" + prefix_;
  if (!set_.empty()) url += "&set=" + Encode(set_, ":");
  if (!params.since.empty()) {
    auto from = ValidDate(params.since, "since");
    if (!from) return Fail(from.error());
    url += "&from=" + *from;
  }
  if (!params.until.empty()) {
    auto until = ValidDate(params.until, "until");
    if (!until) return Fail(until.error());
    url += "&until=" + *until;
  }
  return Get(std::move(url), "text/xml");
}

Result<ParsedPage> ArxivOaiSource::Parse(std::string_view body, const ParseContext& ctx) const {
  return ParseArxivOai(body, ctx);
}

// ---- Registry factory -----------------------------------------------------

std::unique_ptr<Source> MakeArxivSource(std::string_view spec, std::string_view rss_base) {
  size_t colon = spec.find(':');
  if (colon == std::string_view::npos) return nullptr;
  std::string_view kind = spec.substr(0, colon);
  std::string_view arg = text::Trim(spec.substr(colon + 1));
  if (arg.empty()) return nullptr;
  if (kind == "rss") {
    std::vector<std::string> cats;
    size_t i = 0;
    while (i <= arg.size()) {
      size_t end = arg.find_first_of("+,", i);
      if (end == std::string_view::npos) end = arg.size();
      std::string_view c = text::Trim(arg.substr(i, end - i));
      if (!IsCategory(c)) return nullptr;
      cats.emplace_back(c);
      i = end + 1;
    }
    return std::make_unique<ArxivRssSource>(std::move(cats), std::string(rss_base));
  }
  if (kind == "api") return std::make_unique<ArxivApiSource>(std::string(arg));
  if (kind == "oai" || kind == "oai-raw") {
    if (!IsSetSpec(arg)) return nullptr;
    return std::make_unique<ArxivOaiSource>(std::string(arg), kind == "oai" ? "arXiv" : "arXivRaw");
  }
  return nullptr;
}

}  // namespace ah::sources::arxiv
