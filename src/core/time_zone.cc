#include "core/time_zone.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/date.h"

namespace ah {
namespace {

int64_t Be(std::string_view s, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  if (bytes == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

struct Header {
  int64_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

bool ReadHeader(std::string_view s, size_t at, Header& h) {
  if (s.size() < at + 44 || s.substr(at, 4) != "TZif") return false;
  h.isutcnt = Be(s, at + 20, 4);
  h.isstdcnt = Be(s, at + 24, 4);
  h.leapcnt = Be(s, at + 28, 4);
  h.timecnt = Be(s, at + 32, 4);
  h.typecnt = Be(s, at + 36, 4);
  h.charcnt = Be(s, at + 40, 4);
  for (int64_t v : {h.isutcnt, h.isstdcnt, h.leapcnt, h.timecnt, h.typecnt, h.charcnt})
    if (v < 0 || v > 100000) return false;
  return h.typecnt >= 1;
}

int64_t BodySize(const Header& h, int time_bytes) {
  return h.timecnt * time_bytes + h.timecnt + h.typecnt * 6 + h.charcnt +
         h.leapcnt * (time_bytes + 4) + h.isstdcnt + h.isutcnt;
}

bool ValidName(std::string_view n) {
  if (n.empty() || n.size() > 64 || n.front() == '/' || n.find("..") != std::string_view::npos)
    return false;
  return std::all_of(n.begin(), n.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '+' || c == '/';
  });
}

}  // namespace

Result<TimeZone> TimeZone::Parse(std::string_view name, std::string_view s) {
  auto bad = [&](const std::string& why) {
    return MakeError(Code::kParse, "time zone " + std::string(name) + ": " + why);
  };
  Header h{};
  if (!ReadHeader(s, 0, h)) return bad("not a TZif file");
  const char version = s[4];
  size_t at = 44;
  int time_bytes = 4;
  if (version >= '2') {
    // Skip the 32-bit body; use the 64-bit one.
    const int64_t v1 = BodySize(h, 4);
    if (static_cast<int64_t>(s.size()) < 44 + v1) return bad("truncated");
    at = 44 + static_cast<size_t>(v1);
    if (!ReadHeader(s, at, h)) return bad("bad version 2 header");
    at += 44;
    time_bytes = 8;
  }
  if (static_cast<int64_t>(s.size() - at) < BodySize(h, time_bytes)) return bad("truncated");
  TimeZone z;
  z.name_ = std::string(name);
  std::vector<int32_t> type_offsets(static_cast<size_t>(h.typecnt));
  const size_t idx_at = at + static_cast<size_t>(h.timecnt * time_bytes);
  const size_t types_at = idx_at + static_cast<size_t>(h.timecnt);
  for (int64_t i = 0; i < h.typecnt; ++i)
    type_offsets[static_cast<size_t>(i)] =
        static_cast<int32_t>(Be(s, types_at + static_cast<size_t>(i) * 6, 4));
  for (int64_t i = 0; i < h.timecnt; ++i) {
    const int64_t t = Be(s, at + static_cast<size_t>(i * time_bytes), time_bytes);
    const auto type = static_cast<unsigned char>(s[idx_at + static_cast<size_t>(i)]);
    if (type >= type_offsets.size()) return bad("transition with an unknown type");
    if (!z.transitions_.empty() && t <= z.transitions_.back())
      return bad("transitions out of order");
    z.transitions_.push_back(t);
    z.offsets_.push_back(type_offsets[type]);
  }
  // RFC 8536: local time before the first transition is type 0.
  z.initial_offset_ = type_offsets[0];
  return z;
}

Result<TimeZone> TimeZone::Load(std::string_view name, const std::string& zoneinfo_dir) {
  if (name == "UTC" || name == "Etc/UTC" || name == "Z") return TimeZone();
  if (!ValidName(name))
    return MakeError(Code::kInvalidArgument,
                     "'" + std::string(name) + "' is not a time zone name (e.g. Europe/Berlin)");
  std::ifstream in(zoneinfo_dir + "/" + std::string(name), std::ios::binary);
  if (!in) return MakeError(Code::kNotFound, "no time zone named " + std::string(name));
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string bytes = buf.str().substr(0, 1 << 20);
  return Parse(name, bytes);
}

int64_t TimeZone::OffsetAt(int64_t t) const {
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t);
  if (it == transitions_.begin()) return initial_offset_;
  return offsets_[static_cast<size_t>(it - transitions_.begin() - 1)];
}

std::string TimeZone::LocalDate(int64_t t) const {
  const int64_t local = t + OffsetAt(t);
  int64_t days = local / 86400;
  if (local % 86400 < 0) --days;
  return date::Format(date::FromDays(days));
}

int64_t TimeZone::LocalToUnix(std::string_view d, int minutes) const {
  auto ymd = date::Parse(d);
  if (!ymd || d.size() != 10) return 0;
  const int64_t local = date::ToDays(*ymd) * 86400 + int64_t{minutes} * 60;
  // The offset in force a day before is the "offset before" any jump near `local`.
  const int64_t before = OffsetAt(local - 86400);
  const int64_t guess = local - before;
  const int64_t after = OffsetAt(guess);
  if (after == before) return guess;
  // A jump between: try the new offset; if that instant is before the jump, the
  // time exists with the new offset (fall back: first occurrence is `guess`).
  const int64_t alt = local - after;
  if (OffsetAt(alt) == after && alt < guess) return alt;
  return guess;
}

int ParseHourMinute(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return -1;
  for (size_t i : {0u, 1u, 3u, 4u})
    if (s[i] < '0' || s[i] > '9') return -1;
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 23 || m > 59) return -1;
  return h * 60 + m;
}

}  // namespace ah
