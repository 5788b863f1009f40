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
#include <vector>

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
//   sending  an attempt is in progress (attempts counts them), leased to
//            lease_owner until lease_expires_unix. A record left in this state
//            by a process that died (its lease expired) is attempted again.
//   sent     done: never attempted again
//   failed   the last attempt failed (last_error); may be attempted again
//
// Exactly once, as far as the channel allows: an attempt records "sent" as
// soon as the channel acknowledged the delivery (SMTP's reply to the end of
// DATA, a webhook's 2xx). What no record can close is the window between the
// recipient's acknowledgement and that record: a process killed inside it
// leaves "sending", and the retry after its lease delivers the message a
// second time. The retry carries the first attempt's `message_id` (an email's
// Message-ID), so that the second copy is recognisably the same message (mail
// clients and servers that deduplicate by Message-ID drop it). The window is
// the length of one acknowledgement plus one small write; docs/deployment.md
// tells operators about it.
struct DeliveryRecord {
  std::string key;      // e.g. "digest:alice:2026-06-30", "webhook:3:2026-06-30"
  std::string owner;    // the user it is for
  std::string channel;  // "email" | "webhook"
  std::string state;    // sending | sent | failed
  int64_t attempts = 0;
  std::string last_error;  // redacted, user-facing
  std::string detail;      // e.g. the address it was sent to
  // The message's identity (an email's Message-ID): stored by the first
  // attempt and kept by every later one (BeginDelivery ignores a new value).
  std::string message_id;
  // The attempt in progress ("sending"): who ("host:pid") and until when
  // another attempt must not start (it is presumed dead after).
  std::string lease_owner;
  int64_t lease_expires_unix = 0;
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
  // Starts an attempt of delivery r.key, atomically across processes: when
  // there is no record, its state is "failed", or it is "sending" with a lease
  // that expired (lease_expires_unix <= now: the attempt's process died),
  // stores state "sending" with attempts + 1, the lease r.lease_owner until
  // r.lease_expires_unix, and r.message_id unless the record has one already;
  // returns true. When the record is "sent", or "sending" under a lease that
  // has not expired (another attempt is in progress), changes nothing and
  // returns false.
  // REQUIRES: r.lease_expires_unix > now (else kInvalidArgument); the lease
  // must outlast the attempt (every try of the send and its waits), or a
  // second process may start the same delivery while the first still sends.
  [[nodiscard]] virtual Result<bool> BeginDelivery(const DeliveryRecord& r, int64_t now) = 0;
  // Ends the attempt: state "sent" or "failed" with `error` and `detail`; the
  // lease is cleared. Record "sent" at once when the channel acknowledged the
  // delivery (see DeliveryRecord: the window before this write is the one
  // where a crash causes a second copy).
  // kNotFound when there is no such record.
  [[nodiscard]] virtual Status FinishDelivery(std::string_view key, std::string_view state,
                                              std::string_view error, std::string_view detail,
                                              int64_t now) = 0;

  // --- Moving a whole library to another (service/migrate.h) ----------------
  // Every delivery record, by key.
  [[nodiscard]] virtual Result<std::vector<DeliveryRecord>> ListDeliveries() = 0;
  // Stores a record of another library exactly as given (state, attempts,
  // lease, message_id, times). kAlreadyExists when a record has its key;
  // kInvalidArgument for an empty key or a state other than sending | sent | failed.
  [[nodiscard]] virtual Status ImportDelivery(const DeliveryRecord& r) = 0;
};

}  // namespace ah::store
