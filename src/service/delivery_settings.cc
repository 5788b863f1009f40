#include "service/delivery_settings.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/json.h"
#include "core/time_zone.h"
#include "delivery/mail.h"
#include "service/feeds.h"

namespace ah::service {
namespace {

using nlohmann::json;

json SettingsOf(std::string_view s) {
  auto j = ParseJson(s.empty() ? std::string_view("{}") : s, "settings");
  if (!j || !j->is_object()) return json::object();
  return *j;
}

const json* ObjectAt(const json& all, const char* key) {
  auto it = all.find(key);
  return it != all.end() && it->is_object() ? &*it : nullptr;
}

// The field `key` of `primary`, else of `legacy`, when it has the wanted type.
const json* Field(const json* primary, const json* legacy, const char* key) {
  for (const json* o : {primary, legacy}) {
    if (!o) continue;
    if (auto it = o->find(key); it != o->end()) return &*it;
  }
  return nullptr;
}

void ReadString(const json* primary, const json* legacy, const char* key, std::string* out,
                std::vector<std::string>* warnings) {
  const json* f = Field(primary, legacy, key);
  if (!f) return;
  if (f->is_string()) {
    *out = f->get<std::string>();
  } else if (warnings) {
    warnings->push_back(std::string("delivery ") + key + " is not a string");
  }
}

void ReadBool(const json* o, const char* key, bool* out, std::vector<std::string>* warnings) {
  const json* f = Field(o, nullptr, key);
  if (!f) return;
  if (f->is_boolean()) {
    *out = f->get<bool>();
  } else if (warnings) {
    warnings->push_back(std::string("delivery ") + key + " is not true or false");
  }
}

// "7:05" and "07:05" -> 425; -1 when neither.
int MinutesOf(std::string_view t) {
  if (t.size() == 4 && t[1] == ':') return ParseHourMinute("0" + std::string(t));
  return ParseHourMinute(t);
}

std::string HourMinute(int minutes) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60 % 100, minutes % 60);
  return buf;
}

}  // namespace

DeliverySettings DeliverySettingsOf(std::string_view settings_json, std::string_view account_lang,
                                    std::vector<std::string>* warnings) {
  DeliverySettings s;
  s.lang = account_lang == "zh" ? "zh" : "en";
  const json all = SettingsOf(settings_json);
  const json* d = ObjectAt(all, "delivery");
  const json* legacy = ObjectAt(all, "digest");  // before "delivery" held the email fields
  ReadBool(d, "enabled", &s.enabled, warnings);
  ReadBool(d, "briefing", &s.briefing, warnings);
  std::string time = s.time;
  ReadString(d, nullptr, "time", &time, warnings);
  if (const int m = MinutesOf(time); m >= 0) {
    s.time = HourMinute(m);
  } else if (warnings) {
    warnings->push_back("delivery time '" + time.substr(0, 40) + "' is not HH:MM");
  }
  ReadString(d, nullptr, "time_zone", &s.time_zone, warnings);
  if (s.time_zone.empty()) s.time_zone = "UTC";
  ReadString(d, legacy, "email", &s.email, warnings);
  ReadString(d, legacy, "frequency", &s.frequency, warnings);
  ReadString(d, legacy, "empty", &s.empty, warnings);
  ReadString(d, legacy, "lang", &s.lang, warnings);
  ReadString(d, legacy, "unsubscribe", &s.unsubscribe, warnings);
  return s;
}

std::string WithDeliverySettings(std::string_view settings_json, const DeliverySettings& s) {
  json all = SettingsOf(settings_json);
  all.erase("digest");
  all["delivery"] = {{"enabled", s.enabled},   {"time", s.time},   {"time_zone", s.time_zone},
                     {"briefing", s.briefing}, {"email", s.email}, {"frequency", s.frequency},
                     {"empty", s.empty},       {"lang", s.lang},   {"unsubscribe", s.unsubscribe}};
  return all.dump();
}

Status CheckTimeZone(std::string_view name, const std::string& zoneinfo_dir) {
  if (name == "UTC") return Ok();
  const std::string shown(name.substr(0, 60));
  if (name.empty() || name.size() > 100)
    return MakeError(Code::kInvalidArgument, "time_zone: '" + shown + "' is not a time zone");
  auto z = TimeZone::Load(name, zoneinfo_dir);
  if (z) return Ok();
  return MakeError(Code::kInvalidArgument,
                   "time_zone: '" + shown +
                       "' is not a time zone this server knows (use an IANA name such as "
                       "Europe/Berlin, Asia/Shanghai or America/New_York)");
}

const std::vector<std::string>& CommonTimeZones() {
  static const std::vector<std::string> zones = {
      "UTC",
      "Asia/Shanghai",
      "Asia/Hong_Kong",
      "Asia/Taipei",
      "Asia/Singapore",
      "Asia/Tokyo",
      "Asia/Seoul",
      "Asia/Kolkata",
      "Asia/Dubai",
      "Europe/London",
      "Europe/Paris",
      "Europe/Berlin",
      "Europe/Zurich",
      "Europe/Moscow",
      "America/New_York",
      "America/Chicago",
      "America/Denver",
      "America/Los_Angeles",
      "America/Toronto",
      "America/Sao_Paulo",
      "Australia/Sydney",
      "Pacific/Auckland",
      "Africa/Johannesburg",
  };
  return zones;
}

Status CheckDeliveryFields(DeliverySettings* s) {
  if (!s->email.empty() && (delivery::AddressOf(s->email) != s->email || s->email.size() > 254))
    return MakeError(Code::kInvalidArgument,
                     "email: '" + s->email.substr(0, 60) + "' is not an email address");
  if (s->frequency != "daily" && s->frequency != "weekly" && s->frequency != "off")
    return MakeError(Code::kInvalidArgument, "frequency: must be daily, weekly or off");
  if (s->empty != "skip" && s->empty != "nothing_new")
    return MakeError(Code::kInvalidArgument, "empty: must be skip or nothing_new");
  if (s->lang != "en" && s->lang != "zh")
    return MakeError(Code::kInvalidArgument, "lang: must be en or zh");
  const int m = MinutesOf(s->time);
  if (m < 0)
    return MakeError(Code::kInvalidArgument, "time: '" + s->time.substr(0, 20) +
                                                 "' is not a time of day (HH:MM, 00:00 to 23:59)");
  s->time = HourMinute(m);
  return Ok();
}

Result<DeliverySettings> GetDeliverySettings(store::UserStore& users, std::string_view user) {
  auto u = users.GetUser(user);
  if (!u) return Fail(u.error());
  if (!*u) return MakeError(Code::kNotFound, "no user '" + std::string(user) + "'");
  return DeliverySettingsOf((*u)->settings_json, (*u)->lang);
}

Result<DeliverySettings> SaveDeliverySettings(store::UserStore& users, std::string_view user,
                                              DeliverySettings s, const std::string& zoneinfo_dir) {
  if (auto st = CheckDeliveryFields(&s); !st) return Fail(st.error());
  auto u = users.GetUser(user);
  if (!u) return Fail(u.error());
  if (!*u) return MakeError(Code::kNotFound, "no user '" + std::string(user) + "'");
  const DeliverySettings stored = DeliverySettingsOf((*u)->settings_json, (*u)->lang);
  if (s.time_zone != stored.time_zone)
    if (auto st = CheckTimeZone(s.time_zone, zoneinfo_dir); !st) return Fail(st.error());
  // The token is the server's: kept once made, never chosen by a caller.
  s.unsubscribe = stored.unsubscribe;
  if (s.unsubscribe.empty()) s.unsubscribe = std::string(user) + "." + NewFeedToken();
  store::User updated = **u;
  updated.settings_json = WithDeliverySettings(updated.settings_json, s);
  if (auto st = users.UpdateUser(updated); !st) return Fail(st.error());
  return s;
}

}  // namespace ah::service
