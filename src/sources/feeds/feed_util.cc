#include "sources/feeds/feed_util.h"

#include "core/date.h"
#include "core/ids.h"
#include "core/text.h"

namespace ah::sources::feeds::internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }

// Characters that end a DOI embedded in text or a URL.
bool EndsDoi(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '<' ||
         c == '>' || c == '?' || c == '#' || c == '&' || c == ';' || c == ',' || c == '|';
}

bool StripSuffixI(std::string& s, std::string_view suffix) {
  if (s.size() > suffix.size() &&
      text::IEquals(std::string_view(s).substr(s.size() - suffix.size()), suffix)) {
    s.resize(s.size() - suffix.size());
    return true;
  }
  return false;
}

// "N.", "P.-L.", "R. J.", "J.-F.", "W.-l.", "AB": the given-name part of an
// inverted "Surname, Initials" pair.
bool LooksLikeInitials(std::string_view t) {
  if (t.empty() || t.size() > 12 || !IsUpper(t[0])) return false;
  bool dot = false;
  bool all_upper = true;
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (c == '.') {
      dot = true;
    } else if (IsUpper(c) || c == '-' || c == ' ') {
    } else if (IsLower(c)) {
      all_upper = false;
      // Only a lower-case letter right after a hyphen ("W.-l.") is an initial.
      if (i == 0 || t[i - 1] != '-') return false;
    } else {
      return false;
    }
  }
  return dot || (all_upper && t.size() <= 3);
}

// "Smith, J." -> "J. Smith"; no comma -> as is.
std::string Uninvert(std::string_view name) {
  std::string_view n = text::Trim(name);
  size_t comma = n.find(',');
  if (comma == std::string_view::npos) return std::string(n);
  std::string_view family = text::Trim(n.substr(0, comma));
  std::string_view given = text::Trim(n.substr(comma + 1));
  if (given.empty()) return std::string(family);
  if (family.empty()) return std::string(given);
  return std::string(given) + " " + std::string(family);
}

// Splits "A and B" / "A & B" (the last element of a comma list). One pass, so
// long hostile author fields stay linear.
void SplitAnd(std::string_view s, std::vector<std::string>& out) {
  std::string_view rest = text::Trim(s);
  if (text::StartsWith(rest, "and ")) rest = text::Trim(rest.substr(4));
  size_t start = 0;
  auto emit = [&](size_t end) {
    std::string_view part = text::Trim(rest.substr(start, end - start));
    if (!part.empty()) out.emplace_back(part);
  };
  for (size_t i = 0; i < rest.size(); ++i) {
    size_t len = 0;
    if (rest.compare(i, 5, " and ") == 0)
      len = 5;
    else if (rest.compare(i, 3, " & ") == 0)
      len = 3;
    if (len == 0) continue;
    emit(i);
    start = i + len;
    i = start - 1;
  }
  emit(rest.size());
}

bool LooksLikeEmail(std::string_view s) {
  return s.find('@') != std::string_view::npos && s.find(' ') == std::string_view::npos;
}

}  // namespace

std::string ExtractDoi(std::string_view in) {
  size_t from = 0;
  while (from < in.size()) {
    size_t at = in.find("10.", from);
    if (at == std::string_view::npos) return "";
    from = at + 3;
    // Must not be the middle of a longer number ("2010.1234").
    if (at > 0 && (IsDigit(in[at - 1]) || in[at - 1] == '.')) continue;
    size_t j = at + 3;
    size_t digits = 0;
    while (j < in.size() && (IsDigit(in[j]) || in[j] == '.')) {
      ++j;
      ++digits;
    }
    if (digits < 4 || j >= in.size() || in[j] != '/') continue;
    size_t end = j + 1;
    while (end < in.size() && !EndsDoi(in[end])) ++end;
    std::string doi(in.substr(at, end - at));
    while (!doi.empty() &&
           (doi.back() == '.' || doi.back() == ')' || doi.back() == ']' || doi.back() == '/'))
      doi.pop_back();
    // Landing-page decorations, not part of the DOI.
    for (std::string_view suffix : {".full.pdf", ".full", ".abstract", ".pdf"})
      if (StripSuffixI(doi, suffix)) break;
    std::string norm = ids::NormalizeDoi(doi);
    if (norm.empty()) continue;
    if (text::StartsWith(norm, "10.1101/") || text::StartsWith(norm, "10.64898/")) {
      size_t v = norm.size();
      while (v > 0 && IsDigit(norm[v - 1])) --v;
      if (v < norm.size() && v > 1 && norm[v - 1] == 'v' && IsDigit(norm[v - 2]))
        norm.resize(v - 1);
    }
    return norm;
  }
  return "";
}

std::vector<std::string> SplitAuthorField(std::string_view field) {
  std::vector<std::string> out;
  std::string collapsed = text::CollapseWhitespace(field);
  std::string_view f = text::Trim(collapsed);
  if (f.empty()) return out;
  // RSS 2.0 <author>: "mail@example.org (Name)".
  size_t paren = f.find('(');
  if (paren != std::string_view::npos && LooksLikeEmail(text::Trim(f.substr(0, paren)))) {
    size_t close = f.rfind(')');
    std::string_view inner = close != std::string_view::npos && close > paren
                                 ? f.substr(paren + 1, close - paren - 1)
                                 : f.substr(paren + 1);
    f = text::Trim(inner);
    if (f.empty()) return out;
  }
  if (LooksLikeEmail(f)) return out;
  if (f.find(';') != std::string_view::npos) {
    for (const std::string& part : text::SplitTrim(f, ';')) out.push_back(Uninvert(part));
    return out;
  }
  std::vector<std::string> tokens = text::SplitTrim(f, ',');
  if (tokens.size() >= 2 && tokens.size() % 2 == 0) {
    bool pairs = true;
    for (size_t i = 1; i < tokens.size() && pairs; i += 2) pairs = LooksLikeInitials(tokens[i]);
    if (pairs) {
      for (size_t i = 0; i < tokens.size(); i += 2) out.push_back(tokens[i + 1] + " " + tokens[i]);
      return out;
    }
  }
  if (tokens.size() == 2 && tokens[0].find(' ') == std::string::npos &&
      tokens[1].find(' ') == std::string::npos && tokens[1].find(" and ") == std::string::npos) {
    // "Smith, John": one inverted name rather than two mononyms.
    out.push_back(tokens[1] + " " + tokens[0]);
    return out;
  }
  for (const std::string& t : tokens) SplitAnd(t, out);
  return out;
}

std::string NormalizeFeedDate(std::string_view in) {
  std::string_view s = text::Trim(in);
  if (s.empty()) return "";
  std::string d = date::Normalize(s);
  if (!d.empty()) return d;
  if (s.size() > 10 && IsDigit(s[0]) && s[4] == '-' && s[7] == '-')
    return date::Normalize(s.substr(0, 10));
  return "";
}

std::string ExtractOrcid(std::string_view in) {
  // dddd-dddd-dddd-ddd[dX]
  for (size_t i = 0; i + 19 <= in.size(); ++i) {
    bool ok = true;
    for (size_t k = 0; k < 19 && ok; ++k) {
      char c = in[i + k];
      if (k == 4 || k == 9 || k == 14)
        ok = c == '-';
      else if (k == 18)
        ok = IsDigit(c) || c == 'X' || c == 'x';
      else
        ok = IsDigit(c);
    }
    if (ok && (i == 0 || !IsDigit(in[i - 1]))) {
      std::string id(in.substr(i, 19));
      if (id[18] == 'x') id[18] = 'X';
      return id;
    }
  }
  return "";
}

std::string UrlHost(std::string_view url) {
  std::string_view u = text::Trim(url);
  bool scheme = false;
  for (std::string_view p : {"https://", "http://"}) {
    if (u.size() >= p.size() && text::IEquals(u.substr(0, p.size()), p)) {
      u.remove_prefix(p.size());
      scheme = true;
      break;
    }
  }
  if (!scheme) return "";
  std::string host(u.substr(0, u.find_first_of("/?#:")));
  for (char& c : host)
    if (IsUpper(c)) c = static_cast<char>(c - 'A' + 'a');
  if (text::StartsWith(host, "www.")) host.erase(0, 4);
  return host;
}

namespace {

// Length of the date opening `s` ("18 July 2024", "2 May 2024", "2024-07-18"); 0 if none.
size_t DateLength(std::string_view s) {
  size_t i = 0;
  auto digits = [&](size_t min, size_t max) {
    size_t n = 0;
    while (i < s.size() && IsDigit(s[i]) && n < max) ++i, ++n;
    return n >= min;
  };
  if (s.size() >= 10 && digits(4, 4) && i < s.size() && s[i] == '-') {
    ++i;
    if (digits(2, 2) && i < s.size() && s[i] == '-' && (++i, digits(2, 2))) return i;
    return 0;
  }
  i = 0;
  if (!digits(1, 2) || i >= s.size() || s[i] != ' ') return 0;
  ++i;
  const size_t month = i;
  while (i < s.size() && (IsUpper(s[i]) || IsLower(s[i]))) ++i;
  if (i - month < 3 || i >= s.size() || s[i] != ' ') return 0;
  ++i;
  return digits(4, 4) ? i : 0;
}

}  // namespace

std::string DropCitationLine(std::string_view raw, std::string_view title) {
  constexpr std::string_view kMarker = ", Published online: ";
  constexpr size_t kMaxJournalName = 120;
  const size_t raw_at = raw.find(kMarker);
  if (raw_at == std::string_view::npos) return std::string(raw);
  // The line opens the text: nothing but markup before it on its first line.
  if (text::Trim(raw.substr(0, raw_at)).find('\n') != std::string_view::npos)
    return std::string(raw);
  const std::string plain = text::StripMarkup(raw);
  const size_t at = plain.find(kMarker);
  if (at == std::string::npos || at == 0 || at > kMaxJournalName) return std::string(raw);
  // "<journal>, Published online: <date>", then "; doi:<doi>" when one follows.
  size_t end = at + kMarker.size();
  const size_t date = DateLength(std::string_view(plain).substr(end));
  if (date == 0) return std::string(raw);
  end += date;
  if (end < plain.size() && plain[end] == ';') {
    size_t doi = end + 1;
    while (doi < plain.size() && plain[doi] == ' ') ++doi;
    if (text::StartsWith(std::string_view(plain).substr(doi), "doi:")) {
      end = plain.find_first_of(" \n", doi);
      if (end == std::string::npos) end = plain.size();
    }
  }
  std::string rest(text::Trim(std::string_view(plain).substr(end)));
  // Keep the standfirst's markup when the line is a paragraph of its own.
  std::string_view r = text::Trim(raw);
  if (r.size() > 3 && text::IEquals(r.substr(0, 3), "<p>")) {
    size_t close = std::string::npos;
    for (size_t i = 3; i + 4 <= r.size(); ++i) {
      if (text::IEquals(r.substr(i, 4), "</p>")) {
        close = i;
        break;
      }
    }
    if (close != std::string::npos && text::StripMarkup(r.substr(0, close + 4)) ==
                                          text::Trim(std::string_view(plain).substr(0, end)))
      rest = std::string(text::Trim(r.substr(close + 4)));
  }
  if (text::StripMarkup(rest).empty() ||
      text::TitleKey(text::StripMarkup(rest)) == text::TitleKey(title))
    return "";
  return rest;
}

}  // namespace ah::sources::feeds::internal
