// The daemon's calendar (pure): given "now" and what exists (configured
// sources, radars, users' delivery preferences, which jobs are finished), the
// jobs that should exist by now. The runner enqueues them (idempotent by key)
// every tick, so a restart or a missed tick only re-proposes the same keys.
//
// Jobs and their keys:
//   fetch:<spec>:<date>       arXiv: the announcement listed <date> (20:00 US
//                             Eastern the evening before, Sunday-Thursday; none
//                             Friday/Saturday, nor on the evenings of
//                             `arxiv_holidays`), due `arxiv_delay` after it; a
//                             feed that does not have the day yet is retried
//                             every `arxiv_retry` within `arxiv_window` (the
//                             handler says "late", see runner.h).
//                             bioRxiv/medRxiv: daily, <date> = the US Eastern
//                             date, due `daily_delay` after 00:00 Eastern.
//   fetch:<spec>:<YYYY-MM-DDTHH>  everything else (journals, Crossref, PubMed,
//                             OpenAlex): every `every_hours`, slots aligned to
//                             00:00 UTC.
//   radar:<owner>:<id>:<date> the radar's day (service::RunRadar, recorded as
//                             shown) for arXiv's current day <date>, once every
//                             fetch job of that day is finished (done or failed).
//   brief:<owner>:<id>:<date> the day's briefing, for radars whose owner asked
//                             for briefings, once the radar job is done.
//   deliver:<user>:<local date>  at the user's chosen local time in their time
//                             zone, for the latest day; only when a deliver
//                             handler is registered (the delivery channels).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "daemon/time_zone.h"
#include "sources/calendar.h"

namespace ah::daemon {

// arXiv's holidays as bundled: the US Eastern dates, 2026-2027, of the
// Sunday-Thursday evenings on which arXiv makes no 20:00 announcement (US
// Thanksgiving; the Christmas to New Year break), as known when written from
// arXiv's published schedule (https://info.arxiv.org/help/availability.html);
// config.toml's `[arxiv] holidays` replaces them (README.md: updating them).
// Sorted "YYYY-MM-DD".
std::vector<std::string> DefaultArxivHolidays();

struct ScheduleOptions {
  int64_t arxiv_delay_seconds = 10 * 60;    // after 20:00 US Eastern
  int64_t arxiv_retry_seconds = 30 * 60;    // a late feed: try again after
  int64_t arxiv_window_seconds = 8 * 3600;  // ... for this long
  int64_t daily_delay_seconds = 60 * 60;    // bioRxiv/medRxiv: after 00:00 US Eastern
  int64_t every_hours = 4;                  // other sources
  // US Eastern dates ("YYYY-MM-DD") of evenings without an arXiv
  // announcement: nothing is expected then (no fetch job, no "late" retries,
  // /healthz stays healthy) and the radars' day stays the previous one.
  std::vector<std::string> arxiv_holidays = DefaultArxivHolidays();
};

struct RadarRef {
  std::string owner;
  int64_t id = 0;
  std::string name;
  bool briefing = false;  // the owner asked for a daily briefing
};

// What a user chose for deliveries: the schedule's part of their delivery
// settings (service/delivery_settings.h, what the settings page writes).
struct DeliveryPrefs {
  bool enabled = true;
  int minutes = 7 * 60;  // local time of day
  std::string time_zone = "UTC";
  bool briefing = false;  // write a briefing for each of the user's radars
};
// Reads a user's settings JSON through service::DeliverySettingsOf; missing or
// malformed fields keep their defaults (an unknown zone: UTC, reported in `warning`).
DeliveryPrefs DeliveryPrefsOf(const std::string& settings_json, std::string* warning = nullptr);

struct UserRef {
  std::string name;
  DeliveryPrefs prefs;
  TimeZone zone;  // prefs.time_zone loaded
};

struct PlannedJob {
  std::string kind, key, payload;  // payload: JSON object
  int64_t due_unix = 0;
  int max_attempts = 5;
};

struct ScheduleInput {
  int64_t now = 0;
  std::vector<std::string> source_specs;  // configured (ingest::BuildSources)
  std::vector<RadarRef> radars;
  std::vector<UserRef> users;
  bool deliveries = false;  // a deliver handler is registered
  // Whether the job with this key is finished (done or failed for good).
  std::function<bool(const std::string& key)> finished;
  // Whether the job with this key finished done.
  std::function<bool(const std::string& key)> done;
};

// The source family of a spec: "arxiv:rss:cs.LG" -> "arxiv".
std::string FamilyOf(const std::string& spec);
// arXiv's most recent announcement at or before `now`, holidays skipped
// (sources::CurrentAnnouncement with `holidays` as more evenings without one).
sources::Announcement CurrentArxivAnnouncement(int64_t now,
                                               const std::vector<std::string>& holidays);
// The day radars and deliveries work on at `now`: arXiv's current announcement date.
std::string RadarDay(int64_t now, const ScheduleOptions& options = {});

std::vector<PlannedJob> Plan(const ScheduleInput& in, const ScheduleOptions& options = {});

}  // namespace ah::daemon
