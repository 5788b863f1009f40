// Date parsing and calendar arithmetic (pure; no clock access).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ah::date {

struct Ymd {
  int year = 0, month = 0, day = 0;
  bool operator==(const Ymd&) const = default;
  auto operator<=>(const Ymd&) const = default;
};

// Parses the date forms seen in the wild and returns the calendar date as written
// (no time-zone shift): "2026-06-01", "2026-06-01T04:30:00Z", "2026/06/01",
// "Mon, 01 Jun 2026 00:00:00 -0400" (RFC 822/1123, day name optional),
// "01 Jun 2026", "2026-6-1", "20260601", "2026 Jun 1", "2026 Jun" (day 1), "2026" (Jan 1).
// Returns nullopt for anything else or for impossible dates (2026-02-30).
std::optional<Ymd> Parse(std::string_view in);

// Parse() formatted as "YYYY-MM-DD", or empty string when unparseable.
std::string Normalize(std::string_view in);

std::string Format(const Ymd& d);  // "YYYY-MM-DD"
bool IsValid(const Ymd& d);
// Days since 1970-01-01 (may be negative) and back.
int64_t ToDays(const Ymd& d);
Ymd FromDays(int64_t days);
// 0 = Sunday ... 6 = Saturday.
int Weekday(const Ymd& d);
// "Monday" for a YYYY-MM-DD date; "" when `ymd` is not one.
std::string_view WeekdayName(std::string_view ymd);
Ymd AddDays(const Ymd& d, int n);

// Parses an RFC 822/1123 or ISO 8601 timestamp to Unix seconds (UTC), honouring the offset.
std::optional<int64_t> ParseTimestamp(std::string_view in);
// Unix seconds -> "YYYY-MM-DDTHH:MM:SSZ".
std::string FormatTimestamp(int64_t unix_seconds);

}  // namespace ah::date
