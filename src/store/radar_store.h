// What users keep in the library besides papers: their research radars (the
// definition, seed papers, feedback with its time, which papers were already
// shown), the briefings written for them, and a key/value cache of LLM answers
// (responses, per-paper TL;DRs) shared by every user and radar.
//
// Speaks domain types only; each backend implements it next to Store
// (Store::radar_store(): sqlite/sqlite_radar.cc, pg/pg_radar.h). Every method is atomic: a failed call changes nothing.
// Thread-safety: as Store (one thread at a time per instance).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ah::store {

struct RadarFeedback {
  std::string paper;   // library key
  std::string action;  // like | dislike | save | hide
  int64_t at_unix = 0;
};

inline bool IsFeedbackAction(std::string_view a) {
  return a == "like" || a == "dislike" || a == "save" || a == "hide";
}

struct RadarDefinition {
  int64_t id = 0;               // assigned by CreateRadar
  std::string owner = "local";  // user the radar belongs to
  std::string name;             // unique per owner
  std::string description;
  std::string query;    // keywords, search query language
  std::string exclude;  // negative keywords
  std::vector<std::string> include_categories, exclude_categories;
  std::vector<std::string> include_sources, exclude_sources;  // listing sources
  std::vector<std::string> authors;  // followed, as typed
  std::vector<std::string> seeds;    // library keys, in the order added
  // Shown to visitors on the instance's Curated Daily page (an admin's topic).
  bool is_public = false;
  // Also rank updated papers (announced as replacements) that this radar has
  // never shown. Stored in the definition's document: a radar stored before
  // the field existed reads as false.
  bool include_updates = false;
  std::vector<RadarFeedback> feedback;  // oldest first (filled by GetRadar)
  int64_t created_unix = 0, updated_unix = 0;
};

// A paper shown to the user by a radar (so that it is not shown again as new).
struct ShownPaper {
  std::string paper;  // library key
  std::string date;   // the radar day it was shown for
  int64_t at_unix = 0;
};

struct StoredBriefing {
  int64_t id = 0;
  int64_t radar_id = 0;
  std::string date_from, date_to, lang;
  std::string mode;  // llm | extractive
  std::string model, prompt_version;
  int64_t prompt_tokens = 0, completion_tokens = 0;
  double cost_usd = 0;
  std::string json;  // the whole briefing (brief/render.h BriefingToJson)
  int64_t created_unix = 0;
};

// Every call that reads or changes a radar, its feedback, shown papers or
// briefings takes the radar's owner: a radar of another owner is treated as
// absent (kNotFound), so that no user can reach, or learn of, another's radar.
class RadarStore {
 public:
  virtual ~RadarStore() = default;

  // Stores a new radar of r.owner. Errors: kAlreadyExists when the owner
  // already has a radar of that name; kInvalidArgument for an empty name.
  [[nodiscard]] virtual Result<int64_t> CreateRadar(const RadarDefinition& r) = 0;
  // The radar with its feedback, or nullopt when the owner has none of that name / id.
  [[nodiscard]] virtual Result<std::optional<RadarDefinition>> GetRadar(std::string_view owner,
                                                                        std::string_view name) = 0;
  [[nodiscard]] virtual Result<std::optional<RadarDefinition>> GetRadarById(
      std::string_view owner, int64_t radar_id) = 0;
  // Definitions without feedback, by name.
  [[nodiscard]] virtual Result<std::vector<RadarDefinition>> ListRadars(std::string_view owner) = 0;
  // Definitions without feedback of every owner's public radars, by owner and name.
  [[nodiscard]] virtual Result<std::vector<RadarDefinition>> ListPublicRadars() = 0;
  // Replaces the definition and seeds of the owner's radar r.id (feedback and
  // shown papers are kept; r.owner is ignored). Errors: kNotFound (no such
  // radar of this owner), kAlreadyExists on a name clash.
  [[nodiscard]] virtual Status UpdateRadar(std::string_view owner, const RadarDefinition& r) = 0;
  // Deletes the radar with its feedback, shown papers and briefings. kNotFound if absent.
  [[nodiscard]] virtual Status DeleteRadar(std::string_view owner, int64_t radar_id) = 0;

  // kNotFound when the owner has no such radar; kInvalidArgument for an unknown action.
  [[nodiscard]] virtual Status AddFeedback(std::string_view owner, int64_t radar_id,
                                           const RadarFeedback& f) = 0;

  // Records papers as shown (idempotent: the first showing is kept).
  [[nodiscard]] virtual Status MarkShown(std::string_view owner, int64_t radar_id,
                                         const std::vector<ShownPaper>& papers) = 0;
  [[nodiscard]] virtual Result<std::vector<ShownPaper>> ShownPapers(std::string_view owner,
                                                                    int64_t radar_id) = 0;

  // Saves a finished briefing of the owner's radar b.radar_id; returns its id.
  [[nodiscard]] virtual Result<int64_t> SaveBriefing(std::string_view owner,
                                                     const StoredBriefing& b) = 0;
  // The newest briefing of the radar for exactly this range and language.
  [[nodiscard]] virtual Result<std::optional<StoredBriefing>> FindBriefing(
      std::string_view owner, int64_t radar_id, std::string_view date_from,
      std::string_view date_to, std::string_view lang) = 0;
  // The radar's briefings, newest first, at most `limit` (without their JSON).
  [[nodiscard]] virtual Result<std::vector<StoredBriefing>> ListBriefings(std::string_view owner,
                                                                          int64_t radar_id,
                                                                          int64_t limit) = 0;
  // One briefing by id, when it belongs to a radar of the owner.
  [[nodiscard]] virtual Result<std::optional<StoredBriefing>> GetBriefing(std::string_view owner,
                                                                          int64_t briefing_id) = 0;

  // The shared answer cache (LLM responses, TL;DRs, embeddings): not a user's data.
  [[nodiscard]] virtual Result<std::optional<std::string>> CacheGet(std::string_view key) = 0;
  [[nodiscard]] virtual Status CachePut(std::string_view key, std::string_view value) = 0;
  // Cached float vectors (embeddings) by key, in the same cache, stored as bytes
  // (little-endian float32, core/floats.h), never as text. CacheGetVector: nullopt
  // when absent; kCorrupt when the stored bytes are not float32 values.
  [[nodiscard]] virtual Result<std::optional<std::vector<float>>> CacheGetVector(
      std::string_view key) = 0;
  [[nodiscard]] virtual Status CachePutVector(std::string_view key, std::span<const float> v) = 0;

  // --- Moving a whole library to another (service/migrate.h) ----------------
  // Not owner-scoped: only the migration calls these. A backend that does not
  // implement them answers kInternal ("... cannot list/import radars"), the
  // defaults, so that a migration to it fails before it writes anything.
  //
  // Every owner's radar definitions (without feedback), by id.
  [[nodiscard]] virtual Result<std::vector<RadarDefinition>> ListAllRadars();
  // Stores a radar of another library as given: r.id, r.owner, name,
  // definition, is_public, created_unix / updated_unix and its feedback (in the
  // order given, with their times). Later CreateRadar calls get ids above it.
  // Errors (nothing stored): kAlreadyExists when id r.id is taken or r.owner
  // has a radar of that name; kInvalidArgument for an empty name, an id <= 0
  // or an unknown feedback action.
  [[nodiscard]] virtual Status ImportRadar(const RadarDefinition& r);
  // Stores a briefing of another library as given (b.id, b.radar_id, every
  // field, its JSON, created_unix); later SaveBriefing calls get ids above it.
  // Errors: kAlreadyExists when id b.id is taken; kNotFound when there is no
  // radar b.radar_id.
  [[nodiscard]] virtual Status ImportBriefing(const StoredBriefing& b);
  // One entry of the answer cache: `value` is CacheGet's text, or when
  // `is_vector`, the vector CacheGetVector reads (its stored float32 bytes).
  struct CacheEntry {
    std::string key;
    std::string value;
    bool is_vector = false;
    std::vector<float> vector;
  };
  // Calls `fn` with every entry of the answer cache, by key. Stops at, and
  // returns, the first error `fn` returns; kCorrupt for a vector entry whose
  // bytes are not float32 values.
  [[nodiscard]] virtual Status ForEachCacheEntry(
      const std::function<Status(const CacheEntry&)>& fn);
};

}  // namespace ah::store
