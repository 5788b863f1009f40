// A user's delivery settings: what the settings page (/settings/delivery), the
// API (/api/v1/settings/delivery), the daemon's schedule (daemon/schedule.h)
// and the email digest (service/digest.h) all read, through ONE reader
// (DeliverySettingsOf) of ONE object in the user's settings JSON
// (store::User::settings_json):
//
//   "delivery": {"enabled": true, "time": "07:30", "time_zone": "Europe/Berlin",
//                "briefing": false, "email": "a@b.org", "frequency": "daily",
//                "empty": "skip", "lang": "en", "unsubscribe": "<token>"}
//
// Settings stored before the two were one are still read: the email fields of
// an older "digest" object ({email, frequency, empty, lang, unsubscribe}) count
// where "delivery" has none. Saving writes the one "delivery" object and drops
// "digest".
//
// Thread-safety: pure functions are; the store calls as the store's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/user_store.h"

namespace ah::service {

struct DeliverySettings {
  // When: the daemon delivers (and writes briefings) at `time` in `time_zone`.
  bool enabled = true;            // false: nothing is delivered (email, webhooks)
  std::string time = "07:00";     // local HH:MM
  std::string time_zone = "UTC";  // IANA name, from the system's tzdata
  bool briefing = false;          // write each radar's briefing before delivering
  // The email digest.
  std::string email;
  std::string frequency = "off";  // daily | weekly | off
  std::string empty = "skip";     // skip | nothing_new
  std::string lang = "en";        // en | zh
  std::string unsubscribe;        // the token of the one-click unsubscribe link
};

// THE reader (pure): the settings in `settings_json` (a user's whole settings
// object); missing or malformed fields keep their defaults, each malformed one
// noted in `warnings` ("delivery time '25:00' is not HH:MM"). `account_lang`
// ("zh"/"en") is the digest's language when none is stored. The time zone is
// not checked here (see CheckTimeZone).
DeliverySettings DeliverySettingsOf(std::string_view settings_json,
                                    std::string_view account_lang = "",
                                    std::vector<std::string>* warnings = nullptr);
// `settings_json` with its "delivery" object replaced by `s` (and an older
// "digest" object dropped); other settings are kept. Pure; no validation.
std::string WithDeliverySettings(std::string_view settings_json, const DeliverySettings& s);

// Whether `name` is a time zone of the system's tzdata (the daemon's, see
// core/time_zone.h); "UTC" always is. Errors: kInvalidArgument naming it.
[[nodiscard]] Status CheckTimeZone(std::string_view name,
                                   const std::string& zoneinfo_dir = "/usr/share/zoneinfo");
// Common zones for a picker (a short list; any tzdata name is accepted).
const std::vector<std::string>& CommonTimeZones();

// Checks every field but the time zone; normalises `time` ("7:05" -> "07:05").
// Errors: kInvalidArgument naming the field (email, frequency, empty, lang, time).
[[nodiscard]] Status CheckDeliveryFields(DeliverySettings* s);

// The user's settings. Errors: kNotFound for an unknown user; the store's.
[[nodiscard]] Result<DeliverySettings> GetDeliverySettings(store::UserStore& users,
                                                           std::string_view user);
// Checks (CheckDeliveryFields, and CheckTimeZone when the zone is not the one
// already stored: a zone stored before never blocks other changes) and stores
// them; the stored unsubscribe token is kept (`s.unsubscribe` is ignored), or
// created when there is none. Returns what was stored.
// Errors: kInvalidArgument naming the field; kNotFound for an unknown user;
// the store's.
[[nodiscard]] Result<DeliverySettings> SaveDeliverySettings(
    store::UserStore& users, std::string_view user, DeliverySettings s,
    const std::string& zoneinfo_dir = "/usr/share/zoneinfo");

}  // namespace ah::service
