#include "imports/util.h"

#include <algorithm>
#include <cstdint>

#include "core/ids.h"
#include "core/text.h"

namespace ah::imports {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

bool StartsWithI(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && text::IEquals(s.substr(0, prefix.size()), prefix);
}

// Control characters (and the quotes that frame labels) become spaces in messages.
std::string PrintableLabel(std::string_view label) {
  std::string out = text::SanitizeUtf8(label);
  for (char& c : out) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F || c == '\'') c = ' ';
  }
  return Truncate(text::CollapseWhitespace(out), kMaxLabelBytes);
}

// Characters that end a token when scanning free text for identifiers. Whitespace, quotes,
// markup brackets and TeX braces never occur inside the URLs and ids we look for.
bool IsTokenBreak(unsigned char c) {
  return c <= 0x20 || c == 0x7F || c == '"' || c == '<' || c == '>' || c == '{' || c == '}' ||
         c == '|' || c == '\\' || c == '`';
}

// Strips sentence punctuation and the brackets a token is written in: "(arXiv:1234.5678)." ->
// "arXiv:1234.5678". Brackets that belong to the token (10.1002/(SICI)...) are kept: only a
// pair enclosing the whole token, or an unmatched one at either end, is removed.
std::string_view TrimToken(std::string_view t) {
  // Bracket counts, kept up to date as ends are stripped (recounting would be quadratic).
  long paren = 0, square = 0;  // opens minus closes
  for (char c : t) {
    paren += c == '(' ? 1 : c == ')' ? -1 : 0;
    square += c == '[' ? 1 : c == ']' ? -1 : 0;
  }
  auto balance = [&](char c) -> long& { return (c == '(' || c == ')') ? paren : square; };
  auto is_trailing = [](char c) {
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '\'' || c == '!' || c == '?';
  };
  for (;;) {
    const size_t before = t.size();
    while (!t.empty() && is_trailing(t.back())) t.remove_suffix(1);
    while (!t.empty() && t.front() == '\'') t.remove_prefix(1);
    if (t.size() >= 2 &&
        ((t.front() == '(' && t.back() == ')') || (t.front() == '[' && t.back() == ']'))) {
      t = t.substr(1, t.size() - 2);
    } else if (!t.empty() && (t.front() == '(' || t.front() == '[') && balance(t.front()) > 0) {
      --balance(t.front());
      t.remove_prefix(1);
    } else if (!t.empty() && (t.back() == ')' || t.back() == ']') && balance(t.back()) < 0) {
      ++balance(t.back());
      t.remove_suffix(1);
    }
    if (t.size() == before) return t;
  }
}

// Cuts a URL remainder at its query string or fragment.
std::string_view CutQuery(std::string_view s) {
  size_t q = s.find_first_of("?#");
  return q == std::string_view::npos ? s : s.substr(0, q);
}

std::string_view LeadingDigits(std::string_view s) {
  size_t k = 0;
  while (k < s.size() && IsDigit(s[k])) ++k;
  return s.substr(0, k);
}

// bioRxiv/medRxiv content URL remainder "10.1101/2020.01.01.123456v2.full.pdf" -> the DOI.
std::string_view BiorxivDoi(std::string_view rest) {
  rest = CutQuery(rest);
  for (std::string_view suffix :
       {".full.pdf+html", ".full.pdf", ".full-text", ".full", ".abstract", ".article-info",
        ".article-metrics", ".supplementary-material", ".figures-only"}) {
    if (text::EndsWith(rest, suffix)) {
      rest.remove_suffix(suffix.size());
      break;
    }
  }
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  // Drop a version suffix "v2".
  size_t k = rest.size();
  while (k > 0 && IsDigit(rest[k - 1])) --k;
  if (k < rest.size() && k > 0 && rest[k - 1] == 'v' && k >= 2 && IsDigit(rest[k - 2]))
    rest = rest.substr(0, k - 1);
  return rest;
}

// Looks at one token (with the next tokens available for "arXiv: ID" forms).
void ScanToken(Reference& ref, const std::vector<std::string_view>& tokens, size_t i) {
  std::string_view tok = TrimToken(tokens[i]);
  if (tok.empty()) return;
  std::string low = LowerAscii(tok);
  auto next = [&](size_t k) -> std::string_view {
    return i + k < tokens.size() ? TrimToken(tokens[i + k]) : std::string_view();
  };

  size_t at;
  if ((at = low.find("arxiv.org/")) != std::string::npos) {
    std::string_view rest = CutQuery(tok.substr(at + 10));
    while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    TakeArxiv(ref, "arxiv.org/" + std::string(rest));
    return;
  }
  if ((at = low.find("doi.org/")) != std::string::npos) {
    TakeDoi(ref, CutQuery(tok.substr(at + 8)));
    return;
  }
  for (std::string_view host : {"biorxiv.org/content/", "medrxiv.org/content/"}) {
    if ((at = low.find(host)) != std::string::npos) {
      std::string_view rest = tok.substr(at + host.size());
      if (StartsWithI(rest, "10.")) TakeDoi(ref, BiorxivDoi(rest));
      return;
    }
  }
  for (std::string_view path : {"pubmed.ncbi.nlm.nih.gov/", "ncbi.nlm.nih.gov/pubmed/",
                                "europepmc.org/article/med/", "europepmc.org/abstract/med/"}) {
    if ((at = low.find(path)) != std::string::npos) {
      TakePmid(ref, LeadingDigits(tok.substr(at + path.size())));
      return;
    }
  }
  if ((at = low.find("doi=")) != std::string::npos && at > 0 &&
      (low[at - 1] == '?' || low[at - 1] == '&')) {
    std::string_view v = tok.substr(at + 4);
    TakeDoi(ref, v.substr(0, v.find('&')));
    return;
  }
  if (text::StartsWith(low, "arxiv:")) {
    std::string_view rest = tok.substr(6);
    TakeArxiv(ref, rest.empty() ? next(1) : rest);
    return;
  }
  if (low == "arxiv") {
    std::string_view cand = next(1);
    size_t k = 1;
    if (text::IEquals(cand, "preprint") || text::IEquals(cand, "e-print") ||
        text::IEquals(cand, "id")) {
      cand = next(++k);
    }
    if (!StartsWithI(cand, "arxiv:")) TakeArxiv(ref, cand);
    return;
  }
  if (text::StartsWith(low, "doi:")) {
    std::string_view rest = tok.substr(4);
    TakeDoi(ref, rest.empty() ? next(1) : rest);
    return;
  }
  if (low == "doi") {
    TakeDoi(ref, next(1));
    return;
  }
  if (text::StartsWith(low, "pmid:") || text::StartsWith(low, "pm:")) {
    std::string_view rest = tok.substr(low[1] == 'm' && low[2] == 'i' ? 5 : 3);
    TakePmid(ref, rest.empty() ? next(1) : rest);
    return;
  }
  if (low == "pmid") {
    TakePmid(ref, next(1));
    return;
  }
  if (text::StartsWith(low, "10.") && low.find('/') != std::string::npos) TakeDoi(ref, tok);
}

}  // namespace

void Warnings::Add(std::string_view what) {
  if (list_.size() >= kMaxWarnings) {
    ++dropped_;
    return;
  }
  list_.push_back(origin_ + ": " + std::string(what));
}

void Warnings::AddEntry(size_t index, std::string_view label, int line, std::string_view what) {
  if (list_.size() >= kMaxWarnings) {
    ++dropped_;
    return;
  }
  Add(DescribeEntry(index, label, line) + ": " + std::string(what));
}

std::vector<std::string> Warnings::Take() {
  std::vector<std::string> out = std::move(list_);
  if (dropped_ > 0)
    out.push_back(origin_ + ": ... and " + std::to_string(dropped_) + " more warnings");
  list_.clear();
  dropped_ = 0;
  return out;
}

std::string DescribeEntry(size_t index, std::string_view label, int line) {
  std::string d = "entry " + std::to_string(index + 1);
  std::string l = PrintableLabel(label);
  if (!l.empty()) d += " '" + l + "'";
  if (line > 0) d += " (line " + std::to_string(line) + ")";
  return d;
}

int LineIndex::LineOf(size_t offset) const {
  offset = std::min(offset, body_.size());
  if (offset < pos_) {
    pos_ = 0;
    line_ = 1;
  }
  // A line starts after '\n', or after a '\r' that is not followed by '\n'.
  for (size_t k = pos_; k < offset; ++k) {
    char c = body_[k];
    if (c == '\n' || (c == '\r' && (k + 1 >= body_.size() || body_[k + 1] != '\n'))) ++line_;
  }
  pos_ = offset;
  return line_;
}

bool TakeArxiv(Reference& ref, std::string_view value) {
  std::string_view v = text::Trim(value);
  ids::ArxivId a = ids::ParseArxivId(v);
  if (a.id.empty()) {
    // "1706.03762 [cs.CL]", "arXiv:1706.03762v2 (cs)": the first token.
    size_t sp = v.find_first_of(" \t\r\n");
    if (sp != std::string_view::npos)
      a = ids::ParseArxivId(TrimToken(v.substr(0, sp)));
    else
      a = ids::ParseArxivId(TrimToken(v));
  }
  if (a.id.empty()) return false;
  if (ref.arxiv.empty()) ref.arxiv = a.id;
  return true;
}

bool TakeDoi(Reference& ref, std::string_view value) {
  std::string_view v = text::Trim(value);
  if (v.find_first_of(" \t\r\n") != std::string_view::npos) return false;
  // Trailing sentence punctuation is never part of a DOI we can use.
  while (!v.empty() && (v.back() == '.' || v.back() == ',' || v.back() == ';')) v.remove_suffix(1);
  std::string doi = v.find('%') != std::string_view::npos ? ids::NormalizeDoi(PercentDecode(v))
                                                          : ids::NormalizeDoi(v);
  if (doi.empty()) return false;
  // Percent-decoding can produce control characters or broken UTF-8 ("%86"): not a DOI.
  for (char c : doi)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
  if (text::SanitizeUtf8(doi) != doi) return false;
  if (text::StartsWith(doi, "10.48550/arxiv.")) TakeArxiv(ref, std::string_view(doi).substr(15));
  if (ref.doi.empty()) ref.doi = std::move(doi);
  return true;
}

namespace {

bool IsSpaceChar(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The value of the first href attribute in `s`, or empty.
std::string_view HrefOf(std::string_view s) {
  std::string low = LowerAscii(s);
  size_t at = low.find("href=");
  if (at == std::string::npos || at + 5 >= s.size()) return {};
  const char quote = s[at + 5];
  if (quote != '"' && quote != '\'') return {};
  size_t end = s.find(quote, at + 6);
  if (end == std::string_view::npos) return {};
  return s.substr(at + 6, end - at - 6);
}

// A DOI field's text without markup: the DOI as written (case kept), else empty. See
// TakeDoiField; `note` receives what was repaired or left out.
std::string RecoverDoi(std::string_view value, std::string& note) {
  std::string_view s = text::Trim(value);
  // A "DOI", "DOI:" or "doi :" label.
  if (StartsWithI(s, "doi") && s.size() > 3 && (IsSpaceChar(s[3]) || s[3] == ':')) {
    s.remove_prefix(3);
    s = text::Trim(s);
    if (!s.empty() && s.front() == ':') s = text::Trim(s.substr(1));
  }
  // A URL on any host (doi.org, a publisher's resolver, a library proxy): the path from "/10.".
  if (!StartsWithI(s, "10.")) {
    size_t at = s.find("/10.");
    std::string_view host = at == std::string_view::npos ? s : s.substr(0, at);
    if (at != std::string_view::npos && host.find('.') != std::string_view::npos &&
        host.find_first_of(" \t\r\n") == std::string_view::npos)
      s = s.substr(at + 1);
  }
  if (!StartsWithI(s, "10.")) return "";
  // Whitespace: inside the DOI when a piece ends or the next begins with a DOI separator.
  std::vector<std::string_view> parts;
  for (size_t i = 0; i < s.size();) {
    while (i < s.size() && IsSpaceChar(s[i])) ++i;
    size_t start = i;
    while (i < s.size() && !IsSpaceChar(s[i])) ++i;
    if (i > start) parts.push_back(s.substr(start, i - start));
  }
  auto separator = [](char c) { return c == '.' || c == '/' || c == '-' || c == '_' || c == ':'; };
  std::string doi(parts.front());
  size_t k = 1;
  while (k < parts.size() && !StartsWithI(parts[k], "10.") &&
         (separator(doi.back()) || separator(parts[k].front()))) {
    doi += parts[k++];
  }
  while (!doi.empty() && (doi.back() == ',' || doi.back() == ';')) doi.pop_back();
  const bool joined = k > 1;
  // "10.1519.JSC.x": the '/' after the registrant typed as a '.'.
  bool slashed = false;
  if (doi.find('/') == std::string::npos) {
    size_t d = 3;
    while (d < doi.size() && IsDigit(doi[d])) ++d;
    if (d >= 7 && d + 1 < doi.size() && doi[d] == '.' &&
        ((doi[d + 1] >= 'a' && doi[d + 1] <= 'z') || (doi[d + 1] >= 'A' && doi[d + 1] <= 'Z'))) {
      doi[d] = '/';
      slashed = true;
    }
  }
  if (joined || slashed) {
    note = "DOI '" + Truncate(text::CollapseWhitespace(s), 80) + "' read as " + doi +
           (joined ? " (a space inside it removed)" : " (a '.' for the '/' after 10.NNNN)");
  }
  if (k < parts.size()) {
    std::string rest;
    for (size_t r = k; r < parts.size(); ++r)
      rest += (rest.empty() ? "" : " ") + std::string(parts[r]);
    note += std::string(note.empty() ? "DOI " + doi + ": " : "; ") + "ignored the text after it '" +
            Truncate(rest, 60) + "'";
  }
  return doi;
}

}  // namespace

bool TakeDoiField(Reference& ref, std::string_view value, std::string* note) {
  std::string said;
  std::string_view v = text::Trim(value);
  std::string doi;
  if (v.find('<') != std::string_view::npos && v.find('>') != std::string_view::npos) {
    // An HTML link: its text, else its href.
    doi = RecoverDoi(text::StripMarkup(v), said);
    if (doi.empty() || ids::NormalizeDoi(PercentDecode(doi)).empty()) {
      said.clear();
      doi = RecoverDoi(HrefOf(v), said);
    }
  } else {
    doi = RecoverDoi(v, said);
  }
  bool ok = !doi.empty() && TakeDoi(ref, doi);
  if (!ok) {
    // A citation or a note with a DOI somewhere in it ("... (doi:10.1145/x <https://...>)").
    Reference probe;
    ScanIds(probe, v);
    if (!probe.doi.empty()) {
      ok = TakeDoi(ref, probe.doi);
      said = "the DOI field holds other text; used the DOI in it, " + probe.doi;
    }
  }
  if (note != nullptr) *note = ok ? said : std::string();
  return ok;
}

bool TakePmid(Reference& ref, std::string_view value) {
  std::string_view v = text::Trim(value);
  if (StartsWithI(v, "pmid")) {
    v.remove_prefix(4);
    v = text::Trim(v);
    if (!v.empty() && v.front() == ':') v.remove_prefix(1);
  } else if (StartsWithI(v, "pm:")) {
    v.remove_prefix(3);
  }
  std::string pmid = ids::NormalizePmid(v);
  if (pmid.empty() || pmid.size() > 8) return false;
  if (ref.pmid.empty()) ref.pmid = std::move(pmid);
  return true;
}

void ScanIds(Reference& ref, std::string_view text) {
  std::vector<std::string_view> tokens;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsTokenBreak(static_cast<unsigned char>(text[i]))) ++i;
    size_t start = i;
    while (i < text.size() && !IsTokenBreak(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) tokens.push_back(text.substr(start, i - start));
  }
  for (size_t k = 0; k < tokens.size(); ++k) {
    if (!ref.arxiv.empty() && !ref.doi.empty() && !ref.pmid.empty()) return;
    ScanToken(ref, tokens, k);
  }
}

std::string ExtractYear(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (!IsDigit(s[i])) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    size_t len = i - start;
    if ((len == 4 || len == 8) && (s[start] == '1' || s[start] == '2'))
      return std::string(s.substr(start, 4));
  }
  return "";
}

std::string JoinName(std::string_view given, std::string_view family, std::string_view suffix) {
  std::string out;
  for (std::string_view part : {given, family, suffix}) {
    std::string p = text::CollapseWhitespace(part);
    if (p.empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out += p;
  }
  return out;
}

std::string DisplayName(std::string_view name) {
  std::string_view n = text::Trim(name);
  size_t c1 = n.find(',');
  if (c1 == std::string_view::npos) return text::CollapseWhitespace(n);
  std::string_view family = n.substr(0, c1);
  std::string_view rest = n.substr(c1 + 1);
  size_t c2 = rest.find(',');
  if (c2 == std::string_view::npos) return JoinName(rest, family, "");
  // "Last, Jr., First" (BibTeX order) or "Last, First, Jr." (RIS order).
  std::string_view a = text::Trim(rest.substr(0, c2));
  std::string_view b = text::Trim(rest.substr(c2 + 1));
  auto is_suffix = [](std::string_view s) {
    std::string f = LowerAscii(s);
    return f == "jr" || f == "jr." || f == "sr" || f == "sr." || f == "ii" || f == "iii" ||
           f == "iv" || f == "2nd" || f == "3rd";
  };
  if (is_suffix(a)) return JoinName(b, family, a);
  return JoinName(a, family, b);
}

std::string Truncate(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "\xE2\x80\xA6";
}

std::string LabelFromTitle(std::string_view title) {
  std::string t = text::CollapseWhitespace(title);
  if (t.size() <= 40) return t;
  size_t cut = t.rfind(' ', 40);
  if (cut == std::string::npos || cut < 12) return Truncate(t, 40);
  return t.substr(0, cut) + "\xE2\x80\xA6";
}

std::string FoldTypography(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    if (len == 1 || i + len > s.size()) {
      out.push_back(s[i++]);
      continue;
    }
    uint32_t cp = c & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    static constexpr const char* kLigatures[] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};
    if (cp >= 0xFB00 && cp <= 0xFB06) {
      out += kLigatures[cp - 0xFB00];
    } else if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
               cp == 0x3000) {
      out.push_back(' ');
    } else if (cp == 0xAD || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF) {
      // dropped
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

void FinishEntry(Reference ref, ImportResult& out, Warnings& warnings) {
  ref.title = Truncate(text::CollapseWhitespace(FoldTypography(text::SanitizeUtf8(ref.title))),
                       kMaxTitleBytes);
  std::vector<std::string> authors;
  for (const std::string& a : ref.authors) {
    if (authors.size() >= kMaxAuthors) break;
    std::string name =
        Truncate(text::CollapseWhitespace(FoldTypography(text::SanitizeUtf8(a))), kMaxNameBytes);
    if (!name.empty()) authors.push_back(std::move(name));
  }
  ref.authors = std::move(authors);
  ref.label = text::CollapseWhitespace(text::SanitizeUtf8(ref.label));
  for (char& c : ref.label)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  ref.label = Truncate(ref.label, kMaxLabelBytes);
  if (ref.label.empty()) ref.label = LabelFromTitle(ref.title);
  if (!ref.HasId() && ref.title.empty()) {
    warnings.AddEntry(ref.index, ref.label, ref.line, "no identifier and no title");
    return;
  }
  if (out.refs.size() >= kMaxRefs) {
    if (warnings.First(warnings.ref_cap_warned))
      warnings.AddEntry(ref.index, ref.label, ref.line,
                        "more than " + std::to_string(kMaxRefs) +
                            " usable entries; this and later entries are ignored");
    return;
  }
  out.refs.push_back(std::move(ref));
}

std::string PercentDecode(std::string_view s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int h = hex(s[i + 1]), l = hex(s[i + 2]);
      if (h >= 0 && l >= 0) {
        out.push_back(static_cast<char>(h * 16 + l));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

}  // namespace ah::imports
