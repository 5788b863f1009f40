// What a user does to their radars, shared by the CLI and the web: create and
// edit a definition (seed references resolved in the library), add seeds by id
// or from a reference manager's export, record feedback.
//
// Every function takes the owner and works only on the owner's radars: another
// user's radar is kNotFound, exactly as a radar that does not exist. Messages
// speak of fields ("description", "seeds"), never of CLI flags or HTTP.
// Thread-safety: stateless; the store is the caller's (one thread at a time).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "service/radar_service.h"
#include "store/radar_store.h"
#include "store/store.h"

namespace ah::service {

// Radar fields set by a create or an edit; unset = unchanged (an edit) or
// empty (a create). Seeds are references in any id form (arXiv id, doi:...,
// pmid:..., a library key).
struct RadarFields {
  std::optional<std::string> name;  // an edit: rename
  std::optional<std::string> description, query, exclude;
  std::optional<std::vector<std::string>> categories, exclude_categories, sources, exclude_sources,
      authors, seeds;
  std::optional<bool> is_public;
  std::optional<bool> include_updates;  // also updated papers never shown (RunRadar)
};

// The owner's radar by name or by id. Errors: kNotFound "no radar named ...".
[[nodiscard]] Result<store::RadarDefinition> FindRadar(store::RadarStore& radars,
                                                       std::string_view owner,
                                                       std::string_view name);
[[nodiscard]] Result<store::RadarDefinition> FindRadarById(store::RadarStore& radars,
                                                           std::string_view owner, int64_t id);

// Creates the owner's radar `name` (in fields.name) and returns it as stored.
// Categories are kept as ResolveCategory spells them.
// Errors: kInvalidArgument (bad name, contradictory filters, a category no
// taxonomy and no listed paper has: ResolveCategory), kNotFound (a seed not in
// the library: nothing is created), kAlreadyExists.
// `warnings` receives advice (e.g. a radar with nothing to rank by yet).
[[nodiscard]] Result<store::RadarDefinition> CreateRadar(store::Store& store,
                                                         store::RadarStore& radars,
                                                         std::string_view owner,
                                                         const RadarFields& fields,
                                                         std::vector<std::string>* warnings);

// Applies `fields` to the owner's radar `id` and returns it as stored.
// Errors: as CreateRadar, and kNotFound for a radar not the owner's.
[[nodiscard]] Result<store::RadarDefinition> EditRadar(store::Store& store,
                                                       store::RadarStore& radars,
                                                       std::string_view owner, int64_t id,
                                                       const RadarFields& fields,
                                                       std::vector<std::string>* warnings);

struct SeedsAdded {
  size_t added = 0;  // new seeds
  size_t total = 0;  // seeds of the radar now
};

// Adds seed papers by reference. Errors: kNotFound for the first reference
// not in the library (then nothing is added).
[[nodiscard]] Result<SeedsAdded> AddSeeds(store::Store& store, store::RadarStore& radars,
                                          std::string_view owner, int64_t id,
                                          const std::vector<std::string>& refs);

struct SeedFileImport {
  size_t entries = 0;  // usable entries in the export
  size_t matched = 0;  // entries found in the library (several entries may name one paper)
  size_t papers = 0;   // distinct papers found
  SeedsAdded seeds;
  std::vector<std::string> warnings;  // entries skipped, not found, or repeating a paper
};

// Adds the library papers of a BibTeX / RIS / CSL-JSON export (`format`
// "auto", "bibtex", "ris" or "csl-json") as seeds; `origin` names it in
// messages (a file path, an upload's name). An export of which no entry is in
// the library is a report too (matched 0; the radar is unchanged): callers
// that refuse it say NothingFound. Errors: kParse (not of the format; the
// radar is unchanged), kNotFound (no such radar of the owner's),
// kInvalidArgument (format).
[[nodiscard]] Result<SeedFileImport> ImportSeedText(store::Store& store, store::RadarStore& radars,
                                                    std::string_view owner, int64_t id,
                                                    std::string_view origin, std::string_view text,
                                                    const std::string& format);

// What to say of an import of which no entry is in the library (kNotFound):
// "<origin>: none of the N entries is in the library; the radar is unchanged".
Error NothingFound(std::string_view origin, const SeedFileImport& import);

// Records like / dislike / save / hide of a paper (any id form) at `now_unix`
// and returns the paper's library key. Errors: kInvalidArgument (action),
// kNotFound (radar or paper).
[[nodiscard]] Result<std::string> RecordFeedback(store::Store& store, store::RadarStore& radars,
                                                 std::string_view owner, int64_t id,
                                                 std::string_view paper, std::string_view action,
                                                 int64_t now_unix);

// The JSON of a radar, shared by `radar show --json` / `radar list --json` and
// the API: id, name, public, description, query, exclude, categories,
// exclude_categories, sources, exclude_sources, authors, seeds, include_updates, feedback
// (each {paper, action, at}, oldest first; empty for a definition loaded
// without it), created, updated (timestamps "YYYY-MM-DDTHH:MM:SSZ").
nlohmann::json RadarToJson(const store::RadarDefinition& r);
// One feedback event: {paper, action, at}.
nlohmann::json FeedbackToJson(const store::RadarFeedback& f);

// An import's report as `radar seed import --json` and the API print it:
// {entries, matched (entries found), papers (distinct papers found), added,
// seeds (the radar's count now), warnings}.
nlohmann::json SeedImportToJson(const SeedFileImport& import);

// A run's papers as `radar run --json` and the API print them: each paper's
// JSON (store::PaperViewToJson) with rank (1, 2, ...), score, reasons (English
// text), why (the same as [{kind, args}], radar::Reason), relevance (the
// calibrated one, null without a floor), strong (passes the floor),
// query_match, badge, listing_date, announce ("new", "cross", "updated vN")
// and version; best first.
// "updated vN" for an updated paper (announced as a replacement), else the
// announce type ("new", "cross").
std::string AnnounceOf(const RankedPaper& p);

nlohmann::json RankedPapersToJson(const std::vector<RankedPaper>& papers);

}  // namespace ah::service
