// Citation exports of sets of papers, for the CLI (`academichub export ...`),
// the web (/radars/{id}/export/..., /briefings/{id}/export/..., /saved/export/...)
// and the daemon: a radar's day, the papers a stored briefing cites, a user's
// saved papers. Each set is rendered by imports::Export (BibTeX, RIS,
// CSL-JSON), which the project's own import parsers read back.
//
// Every function takes the owner: another owner's radar or briefing is
// kNotFound, exactly like a missing one. Nothing here records papers as shown.
// Thread-safety: as the store passed in (one thread at a time per Store).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/paper.h"
#include "core/result.h"
#include "imports/export.h"
#include "service/radar_service.h"
#include "store/radar_store.h"
#include "store/store.h"

namespace ah::service {

struct ExportSet {
  // A file name stem naming what was exported, [a-z0-9-] only:
  // "radar-<id>-<date>", "briefing-<id>", "saved", "saved-radar-<id>".
  std::string name;
  std::vector<Paper> papers;  // in the order shown (best first, numbered, or saved first)
};

// The papers radar `radar_id` of `owner` shows for `date` (YYYY-MM-DD; empty =
// the latest announced day), best first, at most `limit` (0 = all): the same
// list as the radar's day page, without recording them as shown.
// Errors: kNotFound (no such radar of this owner; nothing announced);
// kInvalidArgument (a bad date; a radar with nothing to rank by); the store's.
[[nodiscard]] Result<ExportSet> ExportRadarDay(store::Store& store, store::RadarStore& radars,
                                               const LibraryIndex& library, std::string_view owner,
                                               int64_t radar_id, const std::string& date,
                                               size_t limit, RankCache* cache = nullptr);

// The papers of a stored briefing, in its numbering (1..N). Papers no longer in
// the library are left out. Errors: kNotFound (no such briefing of a radar of
// this owner); kCorrupt (the stored briefing cannot be read); the store's.
[[nodiscard]] Result<ExportSet> ExportBriefing(store::Store& store, store::RadarStore& radars,
                                               std::string_view owner, int64_t briefing_id);

// The papers the owner saved: those whose latest feedback in a radar is
// "save", in the order saved (oldest first), each paper once. `radar_id` 0 =
// every radar of the owner, else that radar only (kNotFound when it is not
// theirs). Errors: the store's.
[[nodiscard]] Result<ExportSet> ExportSaved(store::Store& store, store::RadarStore& radars,
                                            std::string_view owner, int64_t radar_id = 0);

// "<set.name>.<bib|ris|json>".
std::string ExportFileName(const ExportSet& set, imports::ExportFormat format);

}  // namespace ah::service
