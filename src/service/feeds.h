// Atom feeds of the library (delivery/atom.h) and the radar feed tokens:
//   - a radar's feed, reached by a secret token in its URL (no sign-in: feed
//     readers cannot sign in): the radar's ranked papers of the last days;
//   - a category's and a source's feed: the latest announced day's papers;
//   - the OPML list of a user's feeds.
// The web (GET /feeds/...) and the daemon call these; rendering is pure.
//
// Thread-safety: as the stores passed in (one thread at a time per Store).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "service/radar_service.h"
#include "store/delivery_store.h"
#include "store/radar_store.h"
#include "store/store.h"

namespace ah::service {

struct FeedOptions {
  // The web app's absolute address without a trailing slash
  // ("https://hub.example.org"): feed ids, self links and links to papers.
  std::string base_url;
  size_t limit = 100;    // entries at most
  int radar_days = 7;    // a radar feed: its ranked papers of this many days
  std::string date;      // last day (YYYY-MM-DD); empty = the latest announced
  int64_t now_unix = 0;  // the feed's <updated> when it has no entries
};

// A new random feed token: 43 URL-safe characters (256 bits).
std::string NewFeedToken();

// Creates or replaces (rotates) the feed token of the owner's radar and
// returns it; the old URL stops working. Errors: kNotFound for a radar that
// is not the owner's; the store's.
[[nodiscard]] Result<std::string> RotateFeedToken(store::DeliveryStore& delivery,
                                                  std::string_view owner, int64_t radar_id,
                                                  int64_t now_unix);

// The feed's URL path for a token: "/feeds/radar/<token>.atom".
std::string RadarFeedPath(std::string_view token);
// "/feeds/category/<cat>.atom", "/feeds/source/<source>.atom" (percent-encoded).
std::string CategoryFeedPath(std::string_view category);
std::string SourceFeedPath(std::string_view source);

// The Atom document of the radar whose token is `token`: its papers of the
// last options.radar_days days, best first (papers shown on the web before
// are included; nothing is recorded as shown), with the radar's reasons.
// Errors: kNotFound for an unknown or revoked token (and for a radar without
// papers in the range: an empty feed is returned instead); the store's.
[[nodiscard]] Result<std::string> RadarFeed(store::Store& store, store::RadarStore& radars,
                                            store::DeliveryStore& delivery,
                                            const LibraryIndex& library, std::string_view token,
                                            const FeedOptions& options, RankCache* cache = nullptr);

// The latest announced day's papers (options.date: that day) of a category
// (any of a paper's categories) or of a listing source, new ones first.
// Errors: kNotFound when the library has no such category or source; the store's.
[[nodiscard]] Result<std::string> CategoryFeed(store::Store& store, std::string_view category,
                                               const FeedOptions& options);
[[nodiscard]] Result<std::string> SourceFeed(store::Store& store, std::string_view source,
                                             const FeedOptions& options);

// OPML 2.0 of the owner's radar feeds that have a token. Errors: the store's.
[[nodiscard]] Result<std::string> UserFeedsOpml(store::RadarStore& radars,
                                                store::DeliveryStore& delivery,
                                                std::string_view owner, const FeedOptions& options);

}  // namespace ah::service
