// The api.biorxiv.org details endpoint as a Source.
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "core/date.h"
#include "core/text.h"
#include "sources/biorxiv/biorxiv.h"

namespace ah::sources::biorxiv {
namespace {

constexpr std::string_view kApiBase = "https://api.biorxiv.org/details/";

// bioRxiv spells categories with '_' for spaces in the query ("cancer_biology").
std::string EncodeCategory(std::string_view category) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text::Trim(category)) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == ' ') {
      out.push_back('_');
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.' || c == '~') {
      out.push_back(c);
    } else if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xF]);
    }
  }
  return out;
}

bool IsDecimal(std::string_view s) {
  if (s.empty() || s.size() > 12) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

BiorxivApiSource::BiorxivApiSource(std::string server, std::string category)
    : server_(std::move(server)), category_(text::CollapseWhitespace(category)) {}

std::string BiorxivApiSource::name() const {
  return category_.empty() ? server_ : server_ + ":" + category_;
}

Result<net::HttpRequest> BiorxivApiSource::BuildRequest(const std::string& cursor,
                                                        const FetchParams& params) const {
  std::string offset = cursor.empty() ? "0" : cursor;
  if (!IsDecimal(offset))
    return MakeError(Code::kInvalidArgument,
                     name() + ": cursor \"" + cursor + "\" is not a decimal offset");
  auto until = date::Parse(params.until);
  if (!until)
    return MakeError(Code::kInvalidArgument,
                     name() + ": FetchParams.until must be a date (got \"" + params.until + "\")");
  date::Ymd since = date::AddDays(*until, -1);
  if (!params.since.empty()) {
    auto s = date::Parse(params.since);
    if (!s)
      return MakeError(Code::kInvalidArgument,
                       name() + ": FetchParams.since is not a date (\"" + params.since + "\")");
    since = *s;
  }
  if (*until < since)
    return MakeError(Code::kInvalidArgument, name() + ": since " + date::Format(since) +
                                                 " is after until " + date::Format(*until));
  net::HttpRequest req;
  req.url = std::string(kApiBase) + server_ + "/" + date::Format(since) + "/" +
            date::Format(*until) + "/" + offset;
  if (!category_.empty()) req.url += "?category=" + EncodeCategory(category_);
  req.headers.emplace_back("Accept", "application/json");
  return req;
}

Result<ParsedPage> BiorxivApiSource::Parse(std::string_view body, const ParseContext& ctx) const {
  ParseContext c = ctx;
  if (c.source.empty()) c.source = server_;
  if (c.channel.empty()) c.channel = category_;
  return ParseBiorxivApi(body, c);
}

std::unique_ptr<Source> MakeBiorxivSource(std::string_view spec) {
  std::string_view s = text::Trim(spec);
  std::string_view server = s;
  std::string_view category;
  size_t colon = s.find(':');
  if (colon != std::string_view::npos) {
    server = s.substr(0, colon);
    category = text::Trim(s.substr(colon + 1));
    if (category.empty()) return nullptr;
  }
  std::string key;
  if (text::IEquals(server, "biorxiv"))
    key = "biorxiv";
  else if (text::IEquals(server, "medrxiv"))
    key = "medrxiv";
  else
    return nullptr;
  return std::make_unique<BiorxivApiSource>(key, std::string(category));
}

}  // namespace ah::sources::biorxiv
