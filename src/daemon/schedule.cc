#include "daemon/schedule.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "core/date.h"
#include "core/json.h"
#include "service/delivery_settings.h"
#include "sources/calendar.h"

namespace ah::daemon {
namespace {

std::string Hour(int64_t t) {
  int64_t days = t / 86400;
  if (t % 86400 < 0) --days;
  const int64_t h = (t - days * 86400) / 3600;
  char buf[8];
  std::snprintf(buf, sizeof buf, "T%02d", static_cast<int>(h));
  return date::Format(date::FromDays(days)) + buf;
}

}  // namespace

std::vector<std::string> DefaultArxivHolidays() {
  // Evenings (US Eastern) that fall Sunday-Thursday; Friday and Saturday have
  // no announcement anyway. 2026: New Year's Day (Thu), Thanksgiving (Thu
  // 26 Nov), Christmas Eve (Thu 24 Dec), New Year's Eve (Thu 31 Dec). 2027:
  // Thanksgiving (Thu 25 Nov); Christmas Eve/Day and New Year's Eve/Day 2027
  // fall on Fridays and Saturdays.
  return {"2026-01-01", "2026-11-26", "2026-12-24", "2026-12-31", "2027-11-25"};
}

sources::Announcement CurrentArxivAnnouncement(int64_t now,
                                               const std::vector<std::string>& holidays) {
  sources::Announcement a = sources::CurrentAnnouncement("arxiv", now);
  // A listing date's announcement went out the evening before; step back over
  // holiday evenings (a bounded walk: at most one step per listed holiday).
  for (size_t guard = 0; guard <= holidays.size(); ++guard) {
    auto listed = date::Parse(a.date);
    if (!listed) break;
    const std::string evening = date::Format(date::FromDays(date::ToDays(*listed) - 1));
    if (std::find(holidays.begin(), holidays.end(), evening) == holidays.end()) break;
    a = sources::CurrentAnnouncement("arxiv", a.at_unix - 1);
  }
  return a;
}

std::string FamilyOf(const std::string& spec) { return spec.substr(0, spec.find(':')); }

std::string RadarDay(int64_t now, const ScheduleOptions& o) {
  return CurrentArxivAnnouncement(now, o.arxiv_holidays).date;
}

DeliveryPrefs DeliveryPrefsOf(const std::string& settings_json, std::string* warning) {
  // The one reader of what the settings page writes (service/delivery_settings.h).
  std::vector<std::string> warnings;
  const service::DeliverySettings s = service::DeliverySettingsOf(settings_json, "", &warnings);
  DeliveryPrefs p;
  p.enabled = s.enabled;
  p.briefing = s.briefing;
  p.minutes = std::max(0, ParseHourMinute(s.time));
  p.time_zone = s.time_zone;
  if (warning && !warnings.empty()) *warning = warnings.front();
  return p;
}

std::vector<PlannedJob> Plan(const ScheduleInput& in, const ScheduleOptions& o) {
  std::vector<PlannedJob> out;
  const int64_t now = in.now;
  const std::string day = RadarDay(now, o);
  std::vector<std::string> day_fetches;  // keys the radars of `day` wait for
  for (const auto& spec : in.source_specs) {
    const std::string family = FamilyOf(spec);
    PlannedJob j;
    j.kind = "fetch";
    switch (sources::CadenceOf(family)) {
      case sources::Cadence::kArxiv: {
        const auto a = CurrentArxivAnnouncement(now, o.arxiv_holidays);
        j.due_unix = a.at_unix + o.arxiv_delay_seconds;
        j.key = "fetch:" + spec + ":" + a.date;
        j.max_attempts = static_cast<int>(1 + o.arxiv_window_seconds /
                                                  std::max<int64_t>(60, o.arxiv_retry_seconds));
        j.payload = nlohmann::json{{"spec", spec},
                                   {"date", a.date},
                                   {"expect_listing", a.date},
                                   {"late_retry_seconds", o.arxiv_retry_seconds}}
                        .dump();
        if (a.date == day) day_fetches.push_back(j.key);
        break;
      }
      case sources::Cadence::kDailyEastern: {
        const auto a = sources::CurrentAnnouncement(family, now);
        j.due_unix = a.at_unix + o.daily_delay_seconds;
        j.key = "fetch:" + spec + ":" + a.date;
        j.payload = nlohmann::json{{"spec", spec}, {"date", a.date}}.dump();
        break;
      }
      case sources::Cadence::kDailyUtc: {
        const int64_t slot = std::max<int64_t>(1, o.every_hours) * 3600;
        const int64_t start = now - ((now % slot) + slot) % slot;
        j.due_unix = start;
        j.key = "fetch:" + spec + ":" + Hour(start);
        j.payload = nlohmann::json{{"spec", spec}}.dump();
        break;
      }
    }
    if (j.due_unix <= now) out.push_back(std::move(j));
  }
  auto finished = [&](const std::string& k) { return in.finished && in.finished(k); };
  auto done = [&](const std::string& k) { return in.done && in.done(k); };
  bool fetched = !day_fetches.empty();
  for (const auto& k : day_fetches) fetched = fetched && finished(k);
  // The radars' day needs its arXiv fetches finished (a library without arXiv
  // sources ranks whatever the other sources brought, from the day's start).
  const bool day_ready =
      fetched ||
      (day_fetches.empty() && CurrentArxivAnnouncement(now, o.arxiv_holidays).at_unix <= now);
  std::map<std::string, bool> owner_ready;  // every radar job of the owner's day finished
  for (const auto& r : in.radars) {
    const std::string id = std::to_string(r.id);
    const std::string radar_key = "radar:" + r.owner + ":" + id + ":" + day;
    bool ready = false;
    if (day_ready) {
      out.push_back({"radar", radar_key,
                     nlohmann::json{{"owner", r.owner}, {"radar", r.id}, {"date", day}}.dump(), now,
                     3});
      ready = finished(radar_key);
      if (r.briefing && done(radar_key)) {
        const std::string brief_key = "brief:" + r.owner + ":" + id + ":" + day;
        out.push_back({"brief", brief_key,
                       nlohmann::json{{"owner", r.owner}, {"radar", r.id}, {"date", day}}.dump(),
                       now, 3});
        ready = finished(brief_key);
      }
    }
    auto [it, inserted] = owner_ready.emplace(r.owner, ready);
    if (!inserted) it->second = it->second && ready;
  }
  if (!in.deliveries) return out;
  for (const auto& u : in.users) {
    if (!u.prefs.enabled) continue;
    const std::string local = u.zone.LocalDate(now);
    const int64_t due = u.zone.LocalToUnix(local, u.prefs.minutes);
    if (due > now) continue;
    auto it = owner_ready.find(u.name);
    if (it != owner_ready.end() && !it->second) continue;  // the day's radars are not finished
    out.push_back(
        {"deliver", "deliver:" + u.name + ":" + local,
         nlohmann::json{
             {"user", u.name}, {"local_date", local}, {"day", day}, {"time_zone", u.zone.name()}}
             .dump(),
         due, 5});
  }
  return out;
}

}  // namespace ah::daemon
