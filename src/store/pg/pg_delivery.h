// The DeliveryStore on PostgreSQL (migration 3, pg/schema.cc): one record per
// delivery by key, so that of several workers delivering at once one sends
// and none sends twice (BeginDelivery is one INSERT ... ON CONFLICT DO UPDATE
// ... WHERE state = 'failed': the row's lock decides).
//
// Feed tokens: a radar's token may only be set by its owner (radars of
// migration 5, pg/pg_radar.h): kNotFound ("no radar") for a radar the owner
// does not have; a token goes with its radar (ON DELETE CASCADE).
//
// Connection: owned (Open) or given (PgStore's, the library's other stores on
// one connection). Thread-safety: one thread at a time per instance (and a
// given connection's other users on that thread only).
#pragma once

#include <memory>
#include <string>

#include "store/delivery_store.h"
#include "store/pg/conn.h"

namespace ah::store::pg {

class PgDeliveryStore final : public DeliveryStore {
 public:
  // Connects to `url` and applies the migrations. Errors as Conn::Open / Migrate.
  [[nodiscard]] static Result<std::unique_ptr<PgDeliveryStore>> Open(const std::string& url);
  // Uses `conn` (migrated, outliving this store).
  explicit PgDeliveryStore(Conn& conn) : conn_(&conn) {}

  [[nodiscard]] Status SetFeedToken(const FeedToken& t) override;
  [[nodiscard]] Status DeleteFeedToken(std::string_view owner, int64_t radar_id) override;
  [[nodiscard]] Result<std::optional<FeedToken>> GetFeedToken(std::string_view owner,
                                                              int64_t radar_id) override;
  [[nodiscard]] Result<std::optional<FeedToken>> FindFeedToken(std::string_view token) override;
  [[nodiscard]] Result<std::optional<DeliveryRecord>> GetDelivery(std::string_view key) override;
  [[nodiscard]] Result<bool> BeginDelivery(const DeliveryRecord& r, int64_t now) override;
  [[nodiscard]] Status FinishDelivery(std::string_view key, std::string_view state,
                                      std::string_view error, std::string_view detail,
                                      int64_t now) override;
  [[nodiscard]] Result<std::vector<DeliveryRecord>> ListDeliveries() override;
  [[nodiscard]] Status ImportDelivery(const DeliveryRecord& r) override;

 private:
  explicit PgDeliveryStore(std::unique_ptr<Conn> own) : own_(std::move(own)), conn_(own_.get()) {}
  std::unique_ptr<Conn> own_;
  Conn* conn_;
};

}  // namespace ah::store::pg
