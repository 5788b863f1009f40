#include "sources/calendar.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "core/date.h"
#include "core/text.h"

namespace ah::sources {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kHour = 3600;
constexpr int64_t kArxivHour = 20;  // announcements go out at 20:00 Eastern
// 1970-01-01 .. 9998-12-31: keeps every day computation (a few weeks either way) in range.
constexpr int64_t kMinUnix = 0;
constexpr int64_t kMaxUnix = 253370764800 - kDay;

constexpr std::string_view kWeekdays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                          "Thursday", "Friday", "Saturday"};

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t Clamp(int64_t unix_seconds) { return std::clamp(unix_seconds, kMinUnix, kMaxUnix); }

int WeekdayOfDays(int64_t days) { return date::Weekday(date::FromDays(days)); }

// The day (days since epoch) of the n-th (1-based) `weekday` of year/month; n = -1: the last.
int64_t NthWeekday(int year, int month, int weekday, int n) {
  if (n > 0) {
    int64_t first = date::ToDays({year, month, 1});
    int64_t offset = (weekday - WeekdayOfDays(first) + 7) % 7;
    return first + offset + 7 * (n - 1);
  }
  int64_t next_first =
      month == 12 ? date::ToDays({year + 1, 1, 1}) : date::ToDays({year, month + 1, 1});
  int64_t last = next_first - 1;
  return last - (WeekdayOfDays(last) - weekday + 7) % 7;
}

// The local dates on which DST starts and ends in `year` (the switch is at 02:00 local).
void DstDates(int year, int64_t* start_day, int64_t* end_day) {
  if (year >= 2007) {
    *start_day = NthWeekday(year, 3, 0, 2);  // second Sunday of March
    *end_day = NthWeekday(year, 11, 0, 1);   // first Sunday of November
  } else {
    *start_day = NthWeekday(year, 4, 0, 1);  // first Sunday of April
    *end_day = NthWeekday(year, 10, 0, -1);  // last Sunday of October
  }
}

// Converts local Eastern seconds (as if the local clock were UTC) to Unix seconds. For the
// repeated hour in November the first (EDT) reading wins; the skipped hour in March maps past
// the gap. Neither matters for 00:00 and 20:00, the only times used here.
int64_t EasternToUnix(int64_t local_seconds) {
  int64_t as_edt = local_seconds + 4 * kHour;
  if (IsUsEasternDst(as_edt)) return as_edt;
  return local_seconds + 5 * kHour;
}

int64_t UnixToEastern(int64_t unix_seconds) {
  return unix_seconds + UsEasternUtcOffset(unix_seconds);
}

std::string FormatDays(int64_t days) { return date::Format(date::FromDays(days)); }

std::optional<int64_t> ParseDays(std::string_view date) {
  std::optional<date::Ymd> ymd = date::Parse(date);
  if (!ymd) return std::nullopt;
  int64_t days = date::ToDays(*ymd);
  if (days < kMinUnix / kDay || days > kMaxUnix / kDay) return std::nullopt;
  return days;
}

// arXiv announces on the evening of `day` (listed as day + 1) when `day` is Sunday-Thursday.
bool ArxivAnnouncesOnEvening(int64_t day) { return WeekdayOfDays(day) <= 4; }

bool ListsOn(Cadence c, int64_t day) {
  return c != Cadence::kArxiv || ArxivAnnouncesOnEvening(day - 1);
}

// The announcement listed under `day` (which must be a listing day for the cadence).
Announcement ListedOn(Cadence c, int64_t day) {
  switch (c) {
    case Cadence::kArxiv:
      return {FormatDays(day), EasternToUnix((day - 1) * kDay + kArxivHour * kHour)};
    case Cadence::kDailyEastern:
      return {FormatDays(day), EasternToUnix(day * kDay)};
    case Cadence::kDailyUtc:
      return {FormatDays(day), day * kDay};
  }
  return {};
}

// The local (Eastern or UTC) day and second of day of `now` for a cadence.
void LocalDay(Cadence c, int64_t now, int64_t* day, int64_t* second) {
  int64_t local = c == Cadence::kDailyUtc ? now : UnixToEastern(now);
  *day = FloorDiv(local, kDay);
  *second = local - *day * kDay;
}

}  // namespace

std::string_view DisplayName(std::string_view family) {
  std::string_view base = family.substr(0, family.find(':'));
  if (text::IEquals(base, "arxiv")) return "arXiv";
  if (text::IEquals(base, "biorxiv")) return "bioRxiv";
  if (text::IEquals(base, "medrxiv")) return "medRxiv";
  return base;
}

Cadence CadenceOf(std::string_view source_family) {
  std::string_view base = text::Trim(source_family.substr(0, source_family.find(':')));
  if (text::IEquals(base, "arxiv")) return Cadence::kArxiv;
  if (text::IEquals(base, "biorxiv") || text::IEquals(base, "medrxiv"))
    return Cadence::kDailyEastern;
  return Cadence::kDailyUtc;
}

bool IsUsEasternDst(int64_t unix_seconds) {
  int64_t t = Clamp(unix_seconds);
  int year = date::FromDays(FloorDiv(t, kDay)).year;
  int64_t start_day, end_day;
  DstDates(year, &start_day, &end_day);
  // 02:00 EST = 07:00 UTC; 02:00 EDT = 06:00 UTC.
  return t >= start_day * kDay + 7 * kHour && t < end_day * kDay + 6 * kHour;
}

int64_t UsEasternUtcOffset(int64_t unix_seconds) {
  return IsUsEasternDst(unix_seconds) ? -4 * kHour : -5 * kHour;
}

Announcement CurrentAnnouncement(std::string_view source_family, int64_t now_unix) {
  Cadence c = CadenceOf(source_family);
  int64_t day, second;
  LocalDay(c, Clamp(now_unix), &day, &second);
  if (c != Cadence::kArxiv) return ListedOn(c, day);
  // The evening of `day` counts from 20:00 on; before that the latest is an earlier evening.
  int64_t evening = second >= kArxivHour * kHour ? day : day - 1;
  while (!ArxivAnnouncesOnEvening(evening)) --evening;  // at most two steps (Fri, Sat)
  return ListedOn(c, evening + 1);
}

std::string CurrentAnnouncementDate(std::string_view source_family, int64_t now_unix) {
  return CurrentAnnouncement(source_family, now_unix).date;
}

Announcement NextAnnouncement(std::string_view source_family, int64_t now_unix) {
  Cadence c = CadenceOf(source_family);
  int64_t day, second;
  LocalDay(c, Clamp(now_unix), &day, &second);
  if (c != Cadence::kArxiv) return ListedOn(c, day + 1);
  int64_t evening = second >= kArxivHour * kHour ? day + 1 : day;
  while (!ArxivAnnouncesOnEvening(evening)) ++evening;
  return ListedOn(c, evening + 1);
}

bool HasAnnouncementOn(std::string_view source_family, std::string_view date) {
  std::optional<int64_t> day = ParseDays(date);
  return day && ListsOn(CadenceOf(source_family), *day);
}

Announcement AnnouncementListedOnOrAfter(std::string_view source_family, std::string_view date) {
  std::optional<int64_t> day = ParseDays(date);
  if (!day) return {};
  Cadence c = CadenceOf(source_family);
  int64_t d = *day;
  while (!ListsOn(c, d)) ++d;  // at most two steps
  return ListedOn(c, d);
}

std::string DescribeEasternTime(int64_t unix_seconds) {
  int64_t t = Clamp(unix_seconds);
  int64_t local = UnixToEastern(t);
  int64_t local_day = FloorDiv(local, kDay), utc_day = FloorDiv(t, kDay);
  int64_t ls = local - local_day * kDay, us = t - utc_day * kDay;
  char buf[96];
  std::snprintf(buf, sizeof buf, " %02d:%02d ET (%02d:%02d UTC", static_cast<int>(ls / kHour),
                static_cast<int>(ls % kHour / 60), static_cast<int>(us / kHour),
                static_cast<int>(us % kHour / 60));
  std::string out =
      std::string(kWeekdays[WeekdayOfDays(local_day)]) + " " + FormatDays(local_day) + buf;
  if (utc_day != local_day) out += " " + std::string(kWeekdays[WeekdayOfDays(utc_day)]);
  return out + ")";
}

}  // namespace ah::sources
