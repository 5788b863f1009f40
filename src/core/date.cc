#include "core/date.h"

#include <cctype>
#include <cstdio>

#include "core/text.h"

namespace ah::date {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int MonthFromName(std::string_view s) {
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  if (s.size() < 3) return 0;
  for (int i = 0; i < 12; ++i)
    if (text::IEquals(s.substr(0, 3), kMonths[i])) return i + 1;
  return 0;
}

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

// Splits into tokens of digits or letters; other characters separate.
struct Token {
  std::string_view text;
  bool digits;
  char sep_before;  // the separator that preceded this token ('\0' at start)
};

std::vector<Token> Tokenize(std::string_view s, size_t max_tokens) {
  std::vector<Token> out;
  size_t i = 0;
  char sep = '\0';
  while (i < s.size() && out.size() < max_tokens) {
    char c = s[i];
    if (IsDigit(c)) {
      size_t j = i;
      while (j < s.size() && IsDigit(s[j])) ++j;
      out.push_back({s.substr(i, j - i), true, sep});
      sep = '\0';
      i = j;
    } else if (std::isalpha(static_cast<unsigned char>(c))) {
      size_t j = i;
      while (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j]))) ++j;
      out.push_back({s.substr(i, j - i), false, sep});
      sep = '\0';
      i = j;
    } else {
      if (sep == '\0' || c != ' ') sep = c;
      ++i;
    }
  }
  return out;
}

int ToInt(std::string_view d) {
  int v = 0;
  for (char c : d) {
    v = v * 10 + (c - '0');
    if (v > 100000) return -1;
  }
  return v;
}

std::optional<Ymd> Checked(int y, int m, int d) {
  Ymd out{y, m, d};
  if (!IsValid(out)) return std::nullopt;
  return out;
}

}  // namespace

bool IsValid(const Ymd& d) {
  return d.year >= 1000 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= DaysInMonth(d.year, d.month);
}

std::optional<Ymd> Parse(std::string_view in) {
  std::string_view s = text::Trim(in);
  if (s.empty() || s.size() > 64) return std::nullopt;
  // Compact YYYYMMDD.
  if (s.size() == 8) {
    bool all = true;
    for (char c : s) all = all && IsDigit(c);
    if (all) return Checked(ToInt(s.substr(0, 4)), ToInt(s.substr(4, 2)), ToInt(s.substr(6, 2)));
  }
  std::vector<Token> t = Tokenize(s, 12);
  if (t.empty()) return std::nullopt;
  size_t i = 0;
  // Optional day name ("Mon,").
  if (!t[0].digits && MonthFromName(t[0].text) == 0) i = 1;
  if (i >= t.size()) return std::nullopt;
  if (t[i].digits && t[i].text.size() == 4) {
    int y = ToInt(t[i].text);
    if (i + 1 >= t.size()) return Checked(y, 1, 1);
    const Token& m = t[i + 1];
    int month = m.digits ? ToInt(m.text) : MonthFromName(m.text);
    if (month == 0) return std::nullopt;
    if (i + 2 >= t.size() || !t[i + 2].digits) return Checked(y, month, 1);
    // ISO time part: "2026-06-01T04:30:00Z" tokenizes day as "01" then "T04"? 'T' is alpha:
    // digits stop at 'T', so day token is fine.
    return Checked(y, month, ToInt(t[i + 2].text));
  }
  if (t[i].digits && t[i].text.size() <= 2 && i + 2 < t.size()) {
    // "01 Jun 2026" or "06/01/2026" (US) — only the month-name form is unambiguous.
    const Token& m = t[i + 1];
    if (!m.digits) {
      int month = MonthFromName(m.text);
      if (month && t[i + 2].digits && t[i + 2].text.size() == 4)
        return Checked(ToInt(t[i + 2].text), month, ToInt(t[i].text));
    }
    return std::nullopt;
  }
  if (!t[i].digits) {
    // "Jun 1, 2026" / "June 2026".
    int month = MonthFromName(t[i].text);
    if (!month) return std::nullopt;
    if (i + 2 < t.size() && t[i + 1].digits && t[i + 2].digits && t[i + 2].text.size() == 4)
      return Checked(ToInt(t[i + 2].text), month, ToInt(t[i + 1].text));
    if (i + 1 < t.size() && t[i + 1].digits && t[i + 1].text.size() == 4)
      return Checked(ToInt(t[i + 1].text), month, 1);
  }
  return std::nullopt;
}

std::string Format(const Ymd& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string Normalize(std::string_view in) {
  auto d = Parse(in);
  return d ? Format(*d) : std::string();
}

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t ToDays(const Ymd& d) {
  int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t mp = d.month + (d.month > 2 ? -3 : 9);
  int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Ymd FromDays(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return Ymd{static_cast<int>(y + (m <= 2 ? 1 : 0)), m, d};
}

int Weekday(const Ymd& d) {
  int64_t days = ToDays(d);
  return static_cast<int>(((days % 7) + 7 + 4) % 7);  // 1970-01-01 was a Thursday
}

std::string_view WeekdayName(std::string_view ymd) {
  static constexpr std::string_view kNames[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                "Thursday", "Friday", "Saturday"};
  const std::optional<Ymd> d = Parse(ymd);
  if (!d) return "";
  const int wd = Weekday(*d);
  return wd >= 0 && wd <= 6 ? kNames[wd] : "";
}

Ymd AddDays(const Ymd& d, int n) { return FromDays(ToDays(d) + n); }

std::optional<int64_t> ParseTimestamp(std::string_view in) {
  std::string_view s = text::Trim(in);
  auto day = Parse(s);
  if (!day) return std::nullopt;
  int64_t secs = ToDays(*day) * 86400;
  // Find a time "HH:MM(:SS)" and an offset "Z", "+hhmm", "-hh:mm", "GMT", "UTC", "EST/EDT".
  size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon < 2) return secs;
  size_t hs = colon - 2;
  if (!IsDigit(s[hs]) || !IsDigit(s[hs + 1])) return secs;
  int hh = ToInt(s.substr(hs, 2));
  if (colon + 3 > s.size() || !IsDigit(s[colon + 1]) || !IsDigit(s[colon + 2])) return std::nullopt;
  int mm = ToInt(s.substr(colon + 1, 2));
  int ss = 0;
  size_t p = colon + 3;
  if (p + 3 <= s.size() && s[p] == ':' && IsDigit(s[p + 1]) && IsDigit(s[p + 2])) {
    ss = ToInt(s.substr(p + 1, 2));
    p += 3;
  }
  while (p < s.size() && (s[p] == '.' || IsDigit(s[p]))) ++p;  // fractional seconds
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  secs += hh * 3600 + mm * 60 + ss;
  std::string_view rest = text::Trim(s.substr(p));
  int offset = 0;
  if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) {
    std::string digits;
    for (char c : rest.substr(1))
      if (IsDigit(c))
        digits.push_back(c);
      else if (c != ':')
        break;
    if (digits.size() == 4)
      offset = ToInt(digits.substr(0, 2)) * 3600 + ToInt(digits.substr(2, 2)) * 60;
    else if (digits.size() == 2)
      offset = ToInt(digits) * 3600;
    if (rest[0] == '-') offset = -offset;
  } else if (text::StartsWith(rest, "EDT")) {
    offset = -4 * 3600;
  } else if (text::StartsWith(rest, "EST")) {
    offset = -5 * 3600;
  }
  return secs - offset;
}

std::string FormatTimestamp(int64_t t) {
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t rem = t - days * 86400;
  Ymd d = FromDays(days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day,
                static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
                static_cast<int>(rem % 60));
  return buf;
}

}  // namespace ah::date
