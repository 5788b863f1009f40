// The Curated Daily page: a day's papers chosen by several radars at once —
// the instance's public radars for visitors, a user's own radars for them —
// interleaved (each radar's best first, in turn), one card per paper, and
// diversified so that one field does not fill the page.
// Thread-safety: stateless; the session is the caller's.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "service/radar_service.h"
#include "store/radar_store.h"
#include "store/store.h"

namespace ah::service {

struct CuratedOptions {
  std::string date;   // empty: each radar's latest announced day
  size_t limit = 30;  // cards on the page
  size_t per_radar = 30;
  // At most this share of the cards from one field (FieldOf), when other
  // fields have papers to offer.
  double max_field_share = 0.5;
  bool record_shown = false;  // remember the cards as shown (a user's own page)
  int64_t now_unix = 0;
};

struct CuratedCard {
  RankedPaper paper;
  int64_t radar_id = 0;
  std::string radar_name;
  std::string field;
};

struct CuratedDay {
  std::string date;  // the latest date among the radars' days
  std::vector<CuratedCard> cards;
  std::vector<std::string> warnings;  // radars that could not run, and why
};

// Runs every radar of `radars` (each loaded for its owner) for the day and
// merges them. A radar that fails is left out with a warning; with no radar
// able to run, the first error.
[[nodiscard]] Result<CuratedDay> Curate(store::Store& store, store::RadarStore& radar_store,
                                        const LibraryIndex& library,
                                        const std::vector<store::RadarDefinition>& radars,
                                        const CuratedOptions& options, RankCache* cache);

}  // namespace ah::service
