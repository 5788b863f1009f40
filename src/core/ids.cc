#include "core/ids.h"

#include <cctype>

#include "core/text.h"

namespace ah::ids {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view StripPrefixI(std::string_view s, std::string_view prefix) {
  if (s.size() >= prefix.size() && text::IEquals(s.substr(0, prefix.size()), prefix))
    return s.substr(prefix.size());
  return s;
}

// Parses an optional "vN" suffix at s[pos...]; returns version or 0; sets *end.
int ParseVersion(std::string_view s, size_t pos, size_t* end) {
  *end = pos;
  if (pos < s.size() && (s[pos] == 'v' || s[pos] == 'V')) {
    size_t k = pos + 1;
    int v = 0;
    while (k < s.size() && IsDigit(s[k]) && v < 100000) v = v * 10 + (s[k++] - '0');
    if (k > pos + 1) {
      *end = k;
      return v;
    }
  }
  return 0;
}

}  // namespace

ArxivId ParseArxivId(std::string_view in) {
  std::string_view s = text::Trim(in);
  // URL and OAI forms.
  for (std::string_view p : {"https://", "http://"}) s = StripPrefixI(s, p);
  for (std::string_view p : {"www.", "export."}) s = StripPrefixI(s, p);
  s = StripPrefixI(s, "arxiv.org/");
  for (std::string_view p : {"abs/", "pdf/", "html/"}) s = StripPrefixI(s, p);
  s = StripPrefixI(s, "oai:arXiv.org:");
  s = StripPrefixI(s, "arXiv:");
  if (text::EndsWith(s, ".pdf")) s.remove_suffix(4);
  ArxivId out;
  // New style: YYMM.NNNN(N)
  if (s.size() >= 9 && IsDigit(s[0]) && IsDigit(s[1]) && IsDigit(s[2]) && IsDigit(s[3]) && s[4] == '.') {
    size_t k = 5;
    while (k < s.size() && IsDigit(s[k])) ++k;
    size_t n = k - 5;
    int month = (s[2] - '0') * 10 + (s[3] - '0');
    if ((n == 4 || n == 5) && month >= 1 && month <= 12) {
      size_t end;
      int v = ParseVersion(s, k, &end);
      if (end == s.size()) {
        out.id = std::string(s.substr(0, k));
        out.version = v;
      }
    }
    return out;
  }
  // Old style: archive(.SUBJ)?/YYMMNNN
  size_t slash = s.find('/');
  if (slash != std::string_view::npos && slash > 0 && slash + 8 <= s.size()) {
    std::string_view archive = s.substr(0, slash);
    for (char c : archive)
      if (!(std::isalpha(static_cast<unsigned char>(c)) || c == '-' || c == '.')) return out;
    std::string_view num = s.substr(slash + 1, 7);
    for (char c : num)
      if (!IsDigit(c)) return out;
    size_t end;
    int v = ParseVersion(s, slash + 8, &end);
    if (end != s.size()) return out;
    // Drop a subject class ("math.GT/0309136" -> "math/0309136").
    size_t dot = archive.find('.');
    std::string arch(archive.substr(0, dot));
    for (char& c : arch) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.id = arch + "/" + std::string(num);
    out.version = v;
  }
  return out;
}

std::string NormalizeDoi(std::string_view in) {
  std::string_view s = text::Trim(in);
  for (std::string_view p : {"https://", "http://"}) s = StripPrefixI(s, p);
  for (std::string_view p : {"dx.doi.org/", "doi.org/", "www.doi.org/"}) s = StripPrefixI(s, p);
  s = StripPrefixI(s, "doi:");
  s = text::Trim(s);
  if (s.size() < 7 || s[0] != '1' || s[1] != '0' || s[2] != '.') return "";
  size_t slash = s.find('/');
  if (slash == std::string_view::npos || slash < 4 || slash + 1 >= s.size()) return "";
  for (size_t i = 3; i < slash; ++i)
    if (!IsDigit(s[i]) && s[i] != '.') return "";
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return "";
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

std::string NormalizePmid(std::string_view in) {
  std::string_view s = text::Trim(in);
  s = StripPrefixI(s, "https://pubmed.ncbi.nlm.nih.gov/");
  s = StripPrefixI(s, "pmid:");
  while (!s.empty() && s.back() == '/') s.remove_suffix(1);
  s = text::Trim(s);
  if (s.empty() || s.size() > 12) return "";
  for (char c : s)
    if (!IsDigit(c)) return "";
  size_t nz = s.find_first_not_of('0');
  if (nz == std::string_view::npos) return "";
  return std::string(s.substr(nz));
}

std::string NormalizePmcid(std::string_view in) {
  std::string_view s = text::Trim(in);
  s = StripPrefixI(s, "https://www.ncbi.nlm.nih.gov/pmc/articles/");
  s = StripPrefixI(s, "pmcid:");
  while (!s.empty() && s.back() == '/') s.remove_suffix(1);
  s = StripPrefixI(s, "PMC");
  if (s.empty() || s.size() > 12) return "";
  for (char c : s)
    if (!IsDigit(c)) return "";
  return "PMC" + std::string(s);
}

std::string NormalizeOpenAlex(std::string_view in) {
  std::string_view s = text::Trim(in);
  s = StripPrefixI(s, "https://openalex.org/");
  s = StripPrefixI(s, "http://openalex.org/");
  s = StripPrefixI(s, "openalex:");
  if (s.size() < 2 || (s[0] != 'W' && s[0] != 'w')) return "";
  for (size_t i = 1; i < s.size(); ++i)
    if (!IsDigit(s[i])) return "";
  return "W" + std::string(s.substr(1));
}

std::string NormalizeIssn(std::string_view in) {
  std::string digits;
  for (char c : text::Trim(in)) {
    if (IsDigit(c) || c == 'x' || c == 'X') digits.push_back(static_cast<char>(std::toupper(c)));
    else if (c != '-' && c != ' ') return "";
  }
  if (digits.size() != 8) return "";
  for (size_t i = 0; i < 7; ++i)
    if (!IsDigit(digits[i])) return "";
  return digits.substr(0, 4) + "-" + digits.substr(4);
}

IdRef ParseIdRef(std::string_view in) {
  std::string_view s = text::Trim(in);
  IdRef r;
  auto scheme_is = [&](std::string_view p) {
    if (s.size() > p.size() && text::IEquals(s.substr(0, p.size()), p)) return true;
    return false;
  };
  if (scheme_is("pmid:")) {
    r.value = NormalizePmid(s.substr(5));
    if (!r.value.empty()) r.scheme = "pmid";
    return r;
  }
  if (scheme_is("pmcid:") || scheme_is("pmc")) {
    r.value = NormalizePmcid(s);
    if (!r.value.empty()) r.scheme = "pmcid";
    return r;
  }
  if (scheme_is("openalex:")) {
    r.value = NormalizeOpenAlex(s);
    if (!r.value.empty()) r.scheme = "openalex";
    return r;
  }
  if (scheme_is("arxiv:") || scheme_is("doi:") == false) {
    ArxivId a = ParseArxivId(s);
    if (!a.id.empty()) {
      r.scheme = "arxiv";
      r.value = a.id;
      return r;
    }
  }
  std::string doi = NormalizeDoi(s);
  if (!doi.empty()) {
    // arXiv's own DOIs name arXiv papers.
    if (text::StartsWith(doi, "10.48550/arxiv.")) {
      ArxivId a = ParseArxivId(doi.substr(15));
      if (!a.id.empty()) return IdRef{"arxiv", a.id};
    }
    return IdRef{"doi", doi};
  }
  std::string oa = NormalizeOpenAlex(s);
  if (!oa.empty()) return IdRef{"openalex", oa};
  return r;
}

}  // namespace ah::ids
