// What delivery keeps in the library: the secret feed token of each radar
// (GET /feeds/radar/{token}.atom), and one record per delivery (an email
// digest, a webhook post) keyed by what it delivers ("digest:alice:2026-06-30"),
// so that a delivery is attempted again after a failure but never sent twice,
// whatever restarts.
//
// Speaks domain types only; the SQLite backend implements it next to Store
// (Store::delivery_store()). Every method is atomic.
// Thread-safety: as Store (one thread at a time per instance).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ah::store {

// A radar's feed token: a random value (256 bits, URL-safe) that is the whole
// credential of the feed's URL. Kept in the clear so that the radar page and
// the OPML export can show the URL again; rotating replaces it, revoking
// deletes it (the old URL then answers 404).
struct FeedToken {
  std::string token;
  std::string owner;
  int64_t radar_id = 0;
  int64_t created_unix = 0;
};

// One delivery, by key. States:
//   sending  an attempt started (attempts counts them); a record left in this
//            state by a crash may or may not have reached the recipient
//   sent     done: never attempted again
//   failed   the last attempt failed (last_error); may be attempted again
struct DeliveryRecord {
  std::string key;      // e.g. "digest:alice:2026-06-30", "webhook:3:2026-06-30"
  std::string owner;    // the user it is for
  std::string channel;  // "email" | "webhook"
  std::string state;    // sending | sent | failed
  int64_t attempts = 0;
  std::string last_error;  // redacted, user-facing
  std::string detail;      // e.g. the Message-ID sent
  int64_t created_unix = 0, updated_unix = 0;
};

class DeliveryStore {
 public:
  virtual ~DeliveryStore() = default;

  // Sets (creates or rotates) the feed token of the owner's radar.
  // Errors: kNotFound when the owner has no such radar; kAlreadyExists when
  // the token is taken (a random token never is).
  [[nodiscard]] virtual Status SetFeedToken(const FeedToken& t) = 0;
  // Revokes the radar's feed token (nothing to do when it has none).
  // kNotFound when the owner has no such radar.
  [[nodiscard]] virtual Status DeleteFeedToken(std::string_view owner, int64_t radar_id) = 0;
  [[nodiscard]] virtual Result<std::optional<FeedToken>> GetFeedToken(std::string_view owner,
                                                                      int64_t radar_id) = 0;
  // The token's record, whoever owns it (the feed URL is the credential).
  [[nodiscard]] virtual Result<std::optional<FeedToken>> FindFeedToken(std::string_view token) = 0;

  [[nodiscard]] virtual Result<std::optional<DeliveryRecord>> GetDelivery(std::string_view key) = 0;
  // Starts an attempt of delivery r.key, atomically: when there is no record
  // or its state is "failed", stores state "sending" with attempts + 1 and
  // returns true; when the record is "sent" or "sending" (another attempt, or
  // one a crash interrupted), changes nothing and returns false.
  [[nodiscard]] virtual Result<bool> BeginDelivery(const DeliveryRecord& r, int64_t now) = 0;
  // Ends the attempt: state "sent" or "failed" with `error` and `detail`.
  // kNotFound when there is no such record.
  [[nodiscard]] virtual Status FinishDelivery(std::string_view key, std::string_view state,
                                              std::string_view error, std::string_view detail,
                                              int64_t now) = 0;
};

}  // namespace ah::store
