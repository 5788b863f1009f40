// Journal TOC feeds as Sources.
#include <memory>
#include <string>
#include <utility>

#include "sources/feeds/feeds.h"

namespace ah::sources::feeds {

FeedSource::FeedSource(std::string slug, std::string url)
    : slug_(std::move(slug)), url_(std::move(url)) {}

Result<net::HttpRequest> FeedSource::BuildRequest(const std::string& cursor,
                                                  const FetchParams& /*params*/) const {
  if (!cursor.empty())
    return MakeError(Code::kInvalidArgument,
                     slug_ + ": a feed has a single page, got cursor \"" + cursor + "\"");
  if (url_.empty()) return MakeError(Code::kInvalidArgument, slug_ + ": no feed URL");
  net::HttpRequest req;
  req.url = url_;
  req.headers.emplace_back(
      "Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8");
  return req;
}

Result<ParsedPage> FeedSource::Parse(std::string_view body, const ParseContext& ctx) const {
  ParseContext c = ctx;
  if (c.source.empty()) c.source = slug_;
  if (c.origin.empty()) c.origin = url_;
  return ParseFeed(body, c);
}

std::unique_ptr<Source> MakeJournalSource(std::string_view key, const std::vector<Journal>& extra) {
  const Journal* j = FindJournal(key, extra);
  if (j == nullptr || j->feed_url.empty()) return nullptr;
  return std::make_unique<FeedSource>(j->slug, j->feed_url);
}

}  // namespace ah::sources::feeds
