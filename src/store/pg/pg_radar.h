// The RadarStore on PostgreSQL (migration 5, pg/schema.cc): radars with their
// feedback, shown papers and briefings, and the shared answer cache, with
// SQLite's semantics (store/radar_store.h): the owner is checked on every call
// (another owner's radar is kNotFound), every call is one transaction (or one
// statement), names are unique per owner (the table's constraint decides a
// race between two front ends: kAlreadyExists), ids in creation order, and
// the definition is stored as the same JSON document (store/radar_doc.h).
// Feedback, shown papers, briefings and the radar's feed token go with the
// radar (ON DELETE CASCADE). Cached values are bytes (bytea): answers as their
// UTF-8 text, vectors as little-endian float32 (core/floats.h).
//
// Connection: a PgRadarStore either owns its connection (Open) or uses one it
// is given (PgStore's: the radars are kept "in the same library", on the
// Store's connection). Thread-safety: one thread at a time per instance, and
// a borrowed connection's other users on that same thread only.
#pragma once

#include <memory>
#include <string>

#include "store/pg/conn.h"
#include "store/radar_store.h"

namespace ah::store::pg {

class PgRadarStore final : public RadarStore {
 public:
  // Connects to `url` and applies the migrations. Errors as Conn::Open / Migrate.
  [[nodiscard]] static Result<std::unique_ptr<PgRadarStore>> Open(const std::string& url);
  // Uses `conn` (migrated, outliving this store).
  explicit PgRadarStore(Conn& conn) : conn_(&conn) {}

  [[nodiscard]] Result<int64_t> CreateRadar(const RadarDefinition& r) override;
  [[nodiscard]] Result<std::optional<RadarDefinition>> GetRadar(std::string_view owner,
                                                                std::string_view name) override;
  [[nodiscard]] Result<std::optional<RadarDefinition>> GetRadarById(std::string_view owner,
                                                                    int64_t radar_id) override;
  [[nodiscard]] Result<std::vector<RadarDefinition>> ListRadars(std::string_view owner) override;
  [[nodiscard]] Result<std::vector<RadarDefinition>> ListPublicRadars() override;
  [[nodiscard]] Status UpdateRadar(std::string_view owner, const RadarDefinition& r) override;
  [[nodiscard]] Status DeleteRadar(std::string_view owner, int64_t radar_id) override;
  [[nodiscard]] Status AddFeedback(std::string_view owner, int64_t radar_id,
                                   const RadarFeedback& f) override;
  [[nodiscard]] Status MarkShown(std::string_view owner, int64_t radar_id,
                                 const std::vector<ShownPaper>& papers) override;
  [[nodiscard]] Result<std::vector<ShownPaper>> ShownPapers(std::string_view owner,
                                                            int64_t radar_id) override;
  [[nodiscard]] Result<int64_t> SaveBriefing(std::string_view owner,
                                             const StoredBriefing& b) override;
  [[nodiscard]] Result<std::optional<StoredBriefing>> FindBriefing(
      std::string_view owner, int64_t radar_id, std::string_view date_from,
      std::string_view date_to, std::string_view lang) override;
  [[nodiscard]] Result<std::vector<StoredBriefing>> ListBriefings(std::string_view owner,
                                                                  int64_t radar_id,
                                                                  int64_t limit) override;
  [[nodiscard]] Result<std::optional<StoredBriefing>> GetBriefing(std::string_view owner,
                                                                  int64_t briefing_id) override;
  [[nodiscard]] Result<std::optional<std::string>> CacheGet(std::string_view key) override;
  [[nodiscard]] Status CachePut(std::string_view key, std::string_view value) override;
  [[nodiscard]] Result<std::optional<std::vector<float>>> CacheGetVector(
      std::string_view key) override;
  [[nodiscard]] Status CachePutVector(std::string_view key, std::span<const float> v) override;

  // Moving a library (service/migrate.h). Imports keep the given ids and move
  // the identity sequences above them.
  [[nodiscard]] Result<std::vector<RadarDefinition>> ListAllRadars() override;
  [[nodiscard]] Status ImportRadar(const RadarDefinition& r) override;
  [[nodiscard]] Status ImportBriefing(const StoredBriefing& b) override;
  // Entries by key (byte order); llm_cache.vector tells vectors from answers.
  [[nodiscard]] Status ForEachCacheEntry(
      const std::function<Status(const CacheEntry&)>& fn) override;

 private:
  explicit PgRadarStore(std::unique_ptr<Conn> own) : own_(std::move(own)), conn_(own_.get()) {}
  // The radar `sql` selects (radar columns, then feedback columns of a LEFT
  // JOIN in feedback order), with its feedback; nullopt when none.
  [[nodiscard]] Result<std::optional<RadarDefinition>> LoadRadar(std::string_view sql,
                                                                 std::string_view owner,
                                                                 const Value& which);
  // True when the owner has radar `radar_id`; `lock` locks its row (FOR SHARE)
  // until the transaction ends, so that it is not deleted meanwhile.
  [[nodiscard]] Result<bool> OwnsRadar(std::string_view owner, int64_t radar_id, bool lock);
  [[nodiscard]] Result<std::optional<std::string>> CacheBytes(std::string_view key);
  [[nodiscard]] Status PutCacheBytes(std::string_view key, std::string_view bytes, bool vector);

  std::unique_ptr<Conn> own_;
  Conn* conn_;
};

}  // namespace ah::store::pg
