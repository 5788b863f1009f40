// IANA time zones: a user's delivery time "07:30 Europe/Berlin" (the daemon's
// schedule, the delivery settings' check).
//
// Why not std::chrono: GCC 12's libstdc++ has no tzdb (std::chrono::locate_zone,
// zoned_time arrive with GCC 13/14), and Debian bookworm has no packaged
// alternative installed here (Howard Hinnant's date/tz is libdate-tz-dev, not
// part of the build). So this reads the system's zoneinfo files (Debian's
// `tzdata` package, kept current by Debian's security updates; the same files
// glibc uses) with a small pure TZif parser (RFC 8536, version 2+ 64-bit
// section). Debian ships "fat" TZif files (explicit transitions up to 2037);
// after the last transition the last offset holds (the POSIX TZ footer rule is
// not evaluated), so instants after 2037 may be off by a DST hour.
// Values are immutable after loading; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ah {

class TimeZone {
 public:
  // UTC.
  TimeZone() : name_("UTC") {}
  // Parses TZif bytes (pure). kParse naming `name` and the problem.
  [[nodiscard]] static Result<TimeZone> Parse(std::string_view name, std::string_view tzif);
  // Loads `name` ("Europe/Berlin", "UTC") from `zoneinfo_dir`.
  // kInvalidArgument for a name that is not a zone name (no "..", no leading
  // '/', letters, digits, '_', '-', '+', '/'), kNotFound when no such zone.
  [[nodiscard]] static Result<TimeZone> Load(
      std::string_view name, const std::string& zoneinfo_dir = "/usr/share/zoneinfo");

  const std::string& name() const { return name_; }
  // Seconds east of UTC at that instant.
  int64_t OffsetAt(int64_t unix_seconds) const;
  // The local calendar date (YYYY-MM-DD) at that instant.
  std::string LocalDate(int64_t unix_seconds) const;
  // The instant when local wall-clock time is `date` `minutes` after midnight.
  // A time skipped by a DST jump is taken with the offset before the jump (so
  // 02:30 on a spring-forward day is 03:30); a repeated time, its first
  // occurrence. `date` must be YYYY-MM-DD (else 0).
  int64_t LocalToUnix(std::string_view date, int minutes) const;

 private:
  std::string name_;
  std::vector<int64_t> transitions_;  // ascending Unix times
  std::vector<int32_t> offsets_;      // offset from transitions_[i] on
  int32_t initial_offset_ = 0;        // before the first transition
};

// "07:30" -> 450; -1 when not HH:MM (00:00..23:59).
int ParseHourMinute(std::string_view s);

}  // namespace ah
