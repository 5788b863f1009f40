// Generic journal table-of-contents feeds: RSS 0.91/0.92, RSS 1.0 (RDF, with the
// dc: / prism: / content: modules), RSS 2.0 and Atom 1.0, including the bioRxiv
// subject-collection RSS 1.0 feeds and JOSS's Atom feed with its own per-entry
// elements.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sources/feeds/journals.h"
#include "sources/source.h"

namespace ah::sources::feeds {

// Parses one feed document. Pure; thread-safe. Elements are matched by local
// name whatever their namespace prefix (feeds use varied prefixes).
//
// Per item/entry -> one Paper:
//   title          <title> (else dc:title), markup stripped
//   url            RSS <link>, Atom <link rel="alternate" href>, prism:url, a permalink
//                  <guid>, rdf:about, or an http(s) Atom <id>
//   ids.doi        prism:doi, dc:identifier ("doi:10..." / "info:doi/..."), <doi>, else a
//                  DOI inside dc:source, guid, link or id (bioRxiv "v2" suffixes dropped)
//   authors        JOSS <authors><author><given_name>..., else dc:creator(s) (a single
//                  creator holding "LAPALU, N., SIMON, A." or "A, B and C" is split),
//                  else Atom <author><name>, else RSS <author> "mail (Name)"
//   abstract_raw   content:encoded, else description, else Atom summary, else content
//                  (xhtml content serialised), else <abstract>, without a publisher's
//                  citation line (Nature's "Nature, Published online: ...; doi:...":
//                  only the standfirst after it is kept, nothing when it repeats the
//                  title); abstract = markup-free text of it
//   published      prism:publicationDate, dc:date, pubDate, published, issued, created,
//                  prism:coverDate (first parseable); updated <- updated/modified
//   journal        prism:publicationName (item, then channel), else the catalogue
//                  journal's name, else the channel title
//   volume/issue/pages  prism:volume/number/startingPage[-endingPage]/pageRange (or JOSS
//                  volume/issue/page); issns prism:issn/eIssn (item, channel, else the
//                  catalogue's); publisher dc:publisher (item, channel, catalogue)
//   categories     category (text or term), dc:subject, JOSS tags
//   type           "journal-article"; for bioRxiv/medRxiv feeds "preprint" with journal
//                  "bioRxiv"/"medRxiv", url https://www.biorxiv.org/content/<doi>v<n> and
//                  versions [{n, date}] when the link carries the version
//   listing        source: ctx.source, else the catalogue slug (matched by ctx.origin,
//                  the feed's self/channel link, its ISSNs or its journal name), else
//                  "biorxiv"/"medrxiv", else Slugify(channel title), else "feed";
//                  date: item date, else ctx.default_date, else the feed's date;
//                  announce_type "published" (bioRxiv feeds: "new" for v1, "replace" for
//                  later versions); channel: the channel title (bioRxiv subject feeds:
//                  the subject, lower-case, as the details API spells it).
// ParsedPage::feed_date = the channel's dc:date / lastBuildDate / pubDate / updated.
// next_cursor is always nullopt (a feed is one page).
// Items with no title, or with neither a link nor a DOI, are skipped into `rejected`
// (message names ctx.origin, the item index and its link/guid if any).
// Errors (kParse, naming ctx.origin and a byte offset): empty body, an HTML page,
// malformed or truncated XML, XML whose root is not rss / RDF / feed.
[[nodiscard]] Result<ParsedPage> ParseFeed(std::string_view body, const ParseContext& ctx);

// A journal TOC feed fetched as a single page. Immutable; thread-safe.
class FeedSource final : public Source {
 public:
  // slug: the source name and Listing::source ("nature"); url: the feed URL.
  FeedSource(std::string slug, std::string url);

  std::string name() const override { return slug_; }
  std::string listing_source() const override { return slug_; }
  Format format() const override { return Format::kFeed; }
  const std::string& url() const { return url_; }
  // GET url with Accept: application/rss+xml, application/atom+xml,
  // application/xml;q=0.9, */*;q=0.8. kInvalidArgument for a non-empty cursor (feeds
  // have one page) or an empty URL.
  [[nodiscard]] Result<net::HttpRequest> BuildRequest(const std::string& cursor,
                                                      const FetchParams& params) const override;
  // ParseFeed with ctx.source defaulted to the slug and ctx.origin to the URL.
  [[nodiscard]] Result<ParsedPage> Parse(std::string_view body,
                                         const ParseContext& ctx) const override;

 private:
  std::string slug_;
  std::string url_;
};

// The FeedSource for a catalogue journal found by FindJournal(slug / ISSN / feed URL);
// nullptr when no journal matches or it has no feed URL.
std::unique_ptr<Source> MakeJournalSource(std::string_view slug_or_issn_or_feed_url,
                                          const std::vector<Journal>& extra = {});

}  // namespace ah::sources::feeds
