// Email digests: a user's radars' top papers of a day, with the briefings'
// themes, rendered (delivery/digest.h), composed as MIME (delivery/mail.h)
// and sent once per key through an injected MailSender.
//
// For the daemon (one call per user and day, as a job):
//
//   service::DeliverDigest(library, "alice", "2026-06-30", sender, options)
//
// is idempotent by the key "digest:alice:2026-06-30" recorded in the library
// (store::DeliveryStore): a digest sent is never sent again, whatever restarts;
// a failed one is attempted again by the next call; one that is being sent by
// another live attempt is reported as kInProgress; one whose attempt died (a
// crash in the middle of a send: its lease expired) is sent again with the
// same Message-ID. Exactly once, except when the process dies between the
// SMTP server's acceptance and the record of it (store/delivery_store.h): the
// recipient then gets a second copy with the same Message-ID.
//
// A user's digest settings are the email part of their delivery settings
// (service/delivery_settings.h: one object, one reader, the settings page's).
//
// Thread-safety: as the Library and Session (one Session per thread).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "delivery/digest.h"
#include "delivery/mail.h"
#include "service/library.h"

namespace ah::service {

struct DigestSettings {
  std::string email;
  std::string frequency = "off";  // daily | weekly | off
  std::string empty = "skip";     // skip | nothing_new
  std::string lang = "en";
  std::string unsubscribe;  // the token of the unsubscribe link
};

// The email part of the user's delivery settings (GetDeliverySettings). Errors: kNotFound
// for an unknown user; the store's.
[[nodiscard]] Result<DigestSettings> GetDigestSettings(store::UserStore& users,
                                                       std::string_view user);
// Stores them (other settings kept: SaveDeliverySettings); a missing
// unsubscribe token is created.
// Errors: kInvalidArgument naming the field (email, frequency, empty, lang);
// kNotFound for an unknown user; the store's.
[[nodiscard]] Status SaveDigestSettings(store::UserStore& users, std::string_view user,
                                        DigestSettings settings);
// Turns the digest off for the user whose unsubscribe token is `token`
// ("<user>.<random>"); returns the user's name. Errors: kNotFound for an
// unknown token; the store's.
[[nodiscard]] Result<std::string> Unsubscribe(store::UserStore& users, std::string_view token);

struct DigestOptions {
  std::string date;  // last day, YYYY-MM-DD; empty = latest announced
  int days = 1;      // 7 for a weekly digest
  size_t papers_per_radar = 10;
  std::string lang = "en";
  std::string base_url = "http://127.0.0.1:8080";  // the web app, for links
  std::string unsubscribe_token;                   // empty: the link goes to settings
  int64_t now_unix = 0;
};

// The digest of radars `radar_ids` of `owner` (empty = all their radars):
// each radar's top papers of the range (papers shown before on the web are
// included; nothing is recorded as shown), with the stored briefing's themes
// and TL;DRs when one exists for the range. Radars with nothing to rank by
// are left out. Errors: kNotFound for a radar that is not the owner's; the store's.
[[nodiscard]] Result<delivery::Digest> BuildDigest(store::Store& store, store::RadarStore& radars,
                                                   const LibraryIndex& library,
                                                   std::string_view owner,
                                                   const std::vector<int64_t>& radar_ids,
                                                   const DigestOptions& options,
                                                   RankCache* cache = nullptr);

// The Message-ID of delivery `key` from `from`: "<digest.alice.2026-06-30@example.org>".
std::string DigestMessageId(const std::string& key, const std::string& from);

// The message of a digest: RFC 5322 with both parts, List-Unsubscribe
// (one-click) and the Message-ID `message_id` (empty: DigestMessageId(key,
// from)), so that a client can recognise a duplicate.
std::string DigestMime(const delivery::Digest& digest, const std::string& from,
                       const std::string& to, const std::string& key, int64_t now_unix,
                       const std::string& message_id = "");

enum class DeliveryState { kSent, kAlreadySent, kInProgress, kSkipped };
struct DeliveryOutcome {
  DeliveryState state = DeliveryState::kSkipped;
  std::string key;
  int64_t attempts = 0;  // of this call
  std::string why;       // kSkipped: why nothing was sent ("nothing new", "digest off", ...)
};

// How long an attempt may take before another process presumes it dead and
// sends again: longer than every try of a send (the SMTP timeout, 60 s by
// default, three times) and its waits.
inline constexpr int64_t kDeliveryLeaseSeconds = 600;

// "host:pid": who holds a delivery's lease (for the record; informative).
std::string DeliveryWorkerName();

struct SendOnceOptions {
  int tries = 3;
  // The attempt's lease (DeliveryStore::BeginDelivery): until then no other
  // process starts this delivery. 0: now + kDeliveryLeaseSeconds.
  int64_t lease_until_unix = 0;
  // The Message-ID in `mime`, recorded by the first attempt. A retry of an
  // attempt that died must send the recorded one (DeliverDigest does).
  std::string message_id;
};

// Sends `mime` once under `key`: BeginDelivery, then up to `tries` attempts
// (transient failures, kUnavailable, waited for 1 s, 2 s, ... on `clock`),
// then FinishDelivery, "sent" as soon as the sender returns success.
// Errors: the last send failure (the record is then "failed" and a later call
// tries again); the store's.
[[nodiscard]] Result<DeliveryOutcome> SendOnce(store::DeliveryStore& deliveries, Clock& clock,
                                               delivery::MailSender& sender, const std::string& key,
                                               std::string_view owner, const std::string& from,
                                               const std::string& to, const std::string& mime,
                                               const SendOnceOptions& options = {});

struct DeliverOptions {
  std::string from;      // [smtp] from
  std::string base_url;  // [web] base_url
  // The user's local date the delivery is for (the daemon's deliver job);
  // empty: `date`. A weekly digest goes out on a local Monday only.
  std::string local_date;
  size_t papers_per_radar = 10;
  int tries = 3;
  int64_t lease_until_unix = 0;  // as SendOnceOptions (the daemon: the job's lease)
};

// The daemon's entry point: the digest of all of `user`'s radars for `date`,
// to the address of their settings, sent once (see above). The user's
// settings are read once: "daily" sends the day's digest (key
// "digest:user:date"); "weekly" sends on the user's local Monday
// (options.local_date) the digest of the seven days to `date` (key
// "digest:user:week:date"), and nothing (kSkipped) on other days. Nothing is
// sent (kSkipped) either when the user has no address or turned digests off,
// or when no radar has a paper and the user did not ask for "nothing new".
// Errors: kNotFound (no such user); the send's; the store's.
[[nodiscard]] Result<DeliveryOutcome> DeliverDigest(Library& library, std::string_view user,
                                                    const std::string& date,
                                                    delivery::MailSender& sender,
                                                    const DeliverOptions& options);

}  // namespace ah::service
