#include "net/http.h"

#include <array>
#include <cctype>
#include <cstdint>
#include <limits>
#include <string_view>

namespace ah::net {
namespace {

std::string_view TrimWs(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

bool IEq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// A tiny tokenizer over the three HTTP-date forms of RFC 9110 §5.6.7:
//   IMF-fixdate  "Sun, 06 Nov 1994 08:49:37 GMT"
//   rfc850-date  "Sunday, 06-Nov-94 08:49:37 GMT"
//   asctime      "Sun Nov  6 08:49:37 1994"
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  void SkipSpaces() {
    while (pos_ < s_.size() && s_[pos_] == ' ') ++pos_;
  }
  std::string_view Word() {
    size_t start = pos_;
    while (pos_ < s_.size() && std::isalpha(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    return s_.substr(start, pos_ - start);
  }
  // Reads 1..max_digits digits.
  bool Number(int max_digits, int64_t* out) {
    size_t start = pos_;
    int64_t v = 0;
    while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_])) &&
           static_cast<int>(pos_ - start) < max_digits) {
      v = v * 10 + (s_[pos_] - '0');
      ++pos_;
    }
    if (pos_ == start) return false;
    *out = v;
    return true;
  }
  bool Char(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool AtEnd() const { return pos_ >= s_.size(); }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

int MonthIndex(std::string_view w) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (IEq(w, kMonths[i])) return static_cast<int>(i) + 1;
  }
  return 0;
}

bool ParseClock(Scanner& sc, int64_t* h, int64_t* mi, int64_t* se) {
  return sc.Number(2, h) && sc.Char(':') && sc.Number(2, mi) && sc.Char(':') && sc.Number(2, se) &&
         *h < 24 && *mi < 60 && *se <= 60;
}

std::optional<int64_t> ToUnix(int64_t y, int mon, int64_t d, int64_t h, int64_t mi, int64_t se) {
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mon < 1 || mon > 12 || d < 1 || d > kDays[mon - 1] || y < 1900 || y > 9999) {
    return std::nullopt;
  }
  return DaysFromCivil(y, mon, static_cast<int>(d)) * 86400 + h * 3600 + mi * 60 + se;
}

std::optional<int64_t> ParseHttpDate(std::string_view v) {
  Scanner sc(v);
  std::string_view day_name = sc.Word();
  if (day_name.size() < 3) return std::nullopt;
  int64_t y = 0, d = 0, h = 0, mi = 0, se = 0;
  int mon = 0;
  if (sc.Char(',')) {
    sc.SkipSpaces();
    if (!sc.Number(2, &d)) return std::nullopt;
    if (sc.Char('-')) {  // rfc850-date: 06-Nov-94
      mon = MonthIndex(sc.Word());
      if (!sc.Char('-') || !sc.Number(4, &y)) return std::nullopt;
      // Two-digit years: RFC 9110 says interpret >50 years in the future as the past.
      if (y < 100) y += y < 70 ? 2000 : 1900;
    } else {  // IMF-fixdate: 06 Nov 1994
      sc.SkipSpaces();
      mon = MonthIndex(sc.Word());
      sc.SkipSpaces();
      if (!sc.Number(4, &y)) return std::nullopt;
    }
    sc.SkipSpaces();
    if (!ParseClock(sc, &h, &mi, &se)) return std::nullopt;
    sc.SkipSpaces();
    std::string_view zone = sc.Word();
    if (!IEq(zone, "GMT") && !IEq(zone, "UTC")) return std::nullopt;
  } else {  // asctime: Sun Nov  6 08:49:37 1994
    sc.SkipSpaces();
    mon = MonthIndex(sc.Word());
    sc.SkipSpaces();
    if (!sc.Number(2, &d)) return std::nullopt;
    sc.SkipSpaces();
    if (!ParseClock(sc, &h, &mi, &se)) return std::nullopt;
    sc.SkipSpaces();
    if (!sc.Number(4, &y)) return std::nullopt;
  }
  sc.SkipSpaces();
  if (!sc.AtEnd()) return std::nullopt;
  return ToUnix(y, mon, d, h, mi, se);
}

}  // namespace

std::optional<int64_t> ParseRetryAfterMs(const std::string& value, int64_t now_unix) {
  std::string_view v = TrimWs(value);
  if (v.empty()) return std::nullopt;
  bool all_digits = true;
  for (char c : v) all_digits = all_digits && std::isdigit(static_cast<unsigned char>(c));
  if (all_digits) {
    // Saturate absurd values instead of overflowing; the caller caps them anyway.
    constexpr int64_t kMaxSeconds = std::numeric_limits<int64_t>::max() / 1000;
    int64_t secs = 0;
    for (char c : v) {
      secs = secs * 10 + (c - '0');
      if (secs > kMaxSeconds / 10) return kMaxSeconds * 1000;
    }
    return secs * 1000;
  }
  std::optional<int64_t> when = ParseHttpDate(v);
  if (!when) return std::nullopt;
  if (*when <= now_unix) return 0;
  return (*when - now_unix) * 1000;
}

}  // namespace ah::net
