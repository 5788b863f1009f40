#include "fakes/fake_source.h"

#include <cctype>

namespace ah::testing {
namespace {

bool IsArxivLikeId(std::string_view id) {
  size_t dot = id.find('.');
  if (dot != 4 || id.size() < 9 || id.size() > 10) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    if (i != dot && !std::isdigit(static_cast<unsigned char>(id[i]))) return false;
  }
  return true;
}

}  // namespace

Result<net::HttpRequest> FakeSource::BuildRequest(const std::string& cursor,
                                                  const sources::FetchParams& /*params*/) const {
  if (options_.base_url.empty())
    return MakeError(Code::kInvalidArgument, "fake source without URL");
  net::HttpRequest req;
  req.url = options_.base_url;
  if (!cursor.empty()) req.url += "?cursor=" + cursor;
  req.headers.emplace_back("Accept", options_.accept);
  req.timeout_ms = options_.timeout_ms;
  req.low_speed_timeout_ms = options_.low_speed_timeout_ms;
  return req;
}

Result<sources::ParsedPage> FakeSource::Parse(std::string_view body,
                                              const sources::ParseContext& ctx) const {
  if (!body.empty() && body.front() == '<') {
    return MakeError(Code::kParse, ctx.origin + ": line 1: markup where a fake list was expected");
  }
  sources::ParsedPage page;
  int line_no = 0;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t end = body.find('\n', pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    if (line == "ERROR") {
      return MakeError(Code::kParse,
                       ctx.origin + ": line " + std::to_string(line_no) + ": ERROR marker");
    }
    if (line.substr(0, 5) == "NEXT ") {
      page.next_cursor = std::string(line.substr(5));
      continue;
    }
    size_t sp = line.find(' ');
    std::string_view id = line.substr(0, sp);
    if (!IsArxivLikeId(id)) {
      page.rejected.emplace_back(Code::kParse, ctx.origin + ": line " + std::to_string(line_no) +
                                                   ": bad id '" + std::string(id) + "'");
      continue;
    }
    Paper p;
    p.ids.arxiv = std::string(id);
    p.title = sp == std::string_view::npos ? "Paper " + std::string(id)
                                           : std::string(line.substr(sp + 1));
    Listing l;
    l.source = ctx.source;
    l.date = ctx.default_date;
    l.channel = ctx.channel;
    l.announce_type = "new";
    p.listings.push_back(std::move(l));
    page.papers.push_back(std::move(p));
  }
  return page;
}

}  // namespace ah::testing
