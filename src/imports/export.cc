#include "imports/export.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

#include "core/text.h"

namespace ah::imports {
namespace {

using text::FoldForSearch;
using text::PercentEncode;
using text::SplitTrim;
using text::Trim;

bool IsPreprint(const Paper& p) {
  if (p.type == "preprint" || p.type == "posted-content") return true;
  return p.journal.empty() && (!p.ids.arxiv.empty() || p.type.empty());
}

bool IsJournalArticle(const Paper& p) { return !p.journal.empty() && !IsPreprint(p); }

// Whitespace (line breaks included) collapsed, control characters dropped.
std::string OneLine(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = !out.empty();
      continue;
    }
    if (u < 0x20 || u == 0x7F) continue;
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// --- names ---

struct NameParts {
  std::string given, particle, family, suffix;
  std::string literal;  // an organisation or a name that does not split
};

bool IsSuffix(std::string_view t) {
  std::string f = FoldForSearch(t);
  if (!f.empty() && f.back() == '.') f.pop_back();
  return f == "jr" || f == "sr" || f == "ii" || f == "iii" || f == "iv";
}

bool LooksLikeOrganisation(std::string_view name) {
  const std::string f = " " + FoldForSearch(name) + " ";
  for (const char* w : {" collaboration", " consortium", " group", " team", " project ",
                        " initiative", " society", " association", " network ", " committee",
                        " institute", " university", " laboratory", " and ", " & "}) {
    if (f.find(w) != std::string::npos) return true;
  }
  return false;
}

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string Join(const std::vector<std::string>& w, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) out += (out.empty() ? "" : " ") + w[i];
  return out;
}

bool StartsLower(std::string_view w) {
  return !w.empty() && std::islower(static_cast<unsigned char>(w[0])) != 0;
}

// "Ping Li", "Li, Ping", "Ludwig van Beethoven", "Martin Luther King Jr.",
// "ATLAS Collaboration".
NameParts SplitName(std::string_view display) {
  NameParts n;
  const std::string name = OneLine(display);
  if (name.empty()) return n;
  if (LooksLikeOrganisation(name)) {
    n.literal = name;
    return n;
  }
  const size_t comma = name.find(',');
  if (comma != std::string::npos) {
    std::vector<std::string> parts = SplitTrim(name, ',');
    if (parts.empty()) return n;
    std::vector<std::string> fam = Words(parts[0]);
    size_t k = 0;
    while (k + 1 < fam.size() && StartsLower(fam[k])) ++k;
    n.particle = Join(fam, 0, k);
    n.family = Join(fam, k, fam.size());
    if (parts.size() >= 3) {
      n.suffix = parts[1];
      n.given = parts[2];
    } else if (parts.size() == 2) {
      n.given = parts[1];
    }
    return n;
  }
  std::vector<std::string> w = Words(name);
  if (w.size() >= 2 && IsSuffix(w.back())) {
    n.suffix = w.back();
    w.pop_back();
  }
  if (w.size() == 1) {
    n.family = w[0];
    return n;
  }
  size_t fam = w.size() - 1;  // the family name starts here
  while (fam > 1 && StartsLower(w[fam - 1])) --fam;
  n.given = Join(w, 0, fam);
  std::vector<std::string> rest(w.begin() + static_cast<std::ptrdiff_t>(fam), w.end());
  n.particle = Join(rest, 0, rest.size() - 1);
  n.family = rest.back();
  return n;
}

std::string FamilyWithParticle(const NameParts& n) {
  return n.particle.empty() ? n.family : n.particle + " " + n.family;
}

// --- dates and keys ---

std::string EarliestListing(const Paper& p) {
  std::string best;
  for (const auto& l : p.listings)
    if (!l.date.empty() && (best.empty() || l.date < best)) best = l.date;
  return best;
}

std::string Year(const Paper& p) {
  const std::string d = CitedDate(p);
  return d.size() >= 4 ? d.substr(0, 4) : "";
}

int Month(const Paper& p) {
  const std::string d = CitedDate(p);
  if (d.size() < 7 || d[4] != '-') return 0;
  const int m = std::atoi(d.substr(5, 2).c_str());
  return m >= 1 && m <= 12 ? m : 0;
}

bool IsStopWord(const std::string& w) {
  static const char* kStop[] = {"a",  "an",   "the",  "on",      "of",     "for",  "in",
                                "to", "and",  "with", "towards", "toward", "from", "via",
                                "is", "are",  "by",   "at",      "as",     "into", "using",
                                "do", "does", "what", "how",     "why",    "when"};
  for (const char* s : kStop)
    if (w == s) return true;
  return false;
}

std::string AsciiLower(std::string_view s) {
  std::string out;
  for (unsigned char c : FoldForSearch(s))
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += static_cast<char>(c);
  return out;
}

std::string FirstTitleWord(std::string_view title) {
  bool math = false;
  std::string word;
  auto take = [&]() -> std::string {
    std::string w = AsciiLower(word);
    word.clear();
    bool letters = std::any_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    return letters && !IsStopWord(w) ? w : "";
  };
  for (char c : title) {
    if (c == '$') {
      math = !math;
      word.clear();
      continue;
    }
    if (math) continue;
    if (c == ' ' || c == '-' || c == ':' || c == ',' || c == '/' || c == '.') {
      if (std::string w = take(); !w.empty()) return w;
    } else {
      word += c;
    }
  }
  return take();
}

// Keys made unique: the second "smith2020graph" becomes "smith2020grapha".
std::vector<std::string> UniqueKeys(const std::vector<Paper>& papers) {
  std::vector<std::string> keys;
  std::map<std::string, int> seen;
  for (const auto& p : papers) {
    std::string k = CiteKey(p);
    int n = seen[k]++;
    if (n > 0) {
      std::string suffix;
      for (int i = n - 1;; i = i / 26 - 1) {
        suffix.insert(suffix.begin(), static_cast<char>('a' + i % 26));
        if (i < 26) break;
      }
      k += suffix;
    }
    keys.push_back(std::move(k));
  }
  return keys;
}

std::string ArxivUrl(const Paper& p) { return "https://arxiv.org/abs/" + p.ids.arxiv; }

bool IsWebUrl(const std::string& u) {
  return u.rfind("https://", 0) == 0 || u.rfind("http://", 0) == 0;
}

std::string UrlOf(const Paper& p) {
  if (IsWebUrl(p.url)) return p.url;
  if (!p.ids.arxiv.empty()) return ArxivUrl(p);
  if (!p.ids.doi.empty()) return "https://doi.org/" + p.ids.doi;
  return "";
}

std::pair<std::string, std::string> PageRange(std::string_view pages) {
  const std::string s = OneLine(pages);
  for (std::string_view dash : {"--", "\xE2\x80\x93", "-"}) {
    const size_t at = s.find(dash);
    if (at != std::string::npos)
      return {std::string(Trim(s.substr(0, at))), std::string(Trim(s.substr(at + dash.size())))};
  }
  return {s, ""};
}

// --- BibTeX ---

// Text outside math with TeX's special characters escaped.
void AppendTexText(std::string_view s, std::string& out) {
  for (char c : s) {
    switch (c) {
      case '\\':
        out += "\\textbackslash{}";
        break;
      // BibTeX counts every brace, escaped or not: \{ alone would unbalance the entry.
      case '{':
        out += "\\textbraceleft{}";
        break;
      case '}':
        out += "\\textbraceright{}";
        break;
      case '&':
      case '%':
      case '$':
      case '#':
      case '_':
        out += '\\';
        out += c;
        break;
      case '~':
        out += "\\textasciitilde{}";
        break;
      case '^':
        out += "\\textasciicircum{}";
        break;
      default:
        out += c;
    }
  }
}

// Math kept as typed must not unbalance the entry: balanced braces (BibTeX
// counts \{ and \} too), no trailing backslash (which would escape the
// closing '$').
bool SafeMath(std::string_view m) {
  if (!m.empty() && m.back() == '\\') return false;
  int depth = 0;
  for (char c : m) {
    if (c == '{') ++depth;
    if (c == '}' && --depth < 0) return false;
  }
  return depth == 0;
}

bool NeedsCaseProtection(std::string_view word) {
  for (size_t i = 1; i < word.size(); ++i)
    if (std::isupper(static_cast<unsigned char>(word[i])) != 0) return true;
  return false;
}

// A text field's value: math between $...$ kept, the rest escaped; with
// `protect`, words with inner capitals braced.
std::string TexValue(std::string_view raw, bool protect) {
  const std::string s = OneLine(raw);
  std::string out;
  auto text = [&](std::string_view t) {
    if (!protect) {
      AppendTexText(t, out);
      return;
    }
    size_t i = 0;
    while (i < t.size()) {
      size_t sp = t.find(' ', i);
      if (sp == std::string_view::npos) sp = t.size();
      std::string_view w = t.substr(i, sp - i);
      if (NeedsCaseProtection(w)) {
        out += '{';
        AppendTexText(w, out);
        out += '}';
      } else {
        AppendTexText(w, out);
      }
      if (sp < t.size()) out += ' ';
      i = sp + 1;
    }
  };
  size_t i = 0;
  while (i < s.size()) {
    const size_t open = s.find('$', i);
    if (open == std::string::npos) {
      text(std::string_view(s).substr(i));
      break;
    }
    const bool display = open + 1 < s.size() && s[open + 1] == '$';
    const std::string delim = display ? "$$" : "$";
    const size_t close = s.find(delim, open + delim.size());
    if (close == std::string::npos ||
        !SafeMath(std::string_view(s).substr(open + delim.size(), close - open - delim.size()))) {
      text(std::string_view(s).substr(i, open + 1 - i));  // a lone '$' is text
      i = open + 1;
      continue;
    }
    text(std::string_view(s).substr(i, open - i));
    out.append(s, open, close + delim.size() - open);
    i = close + delim.size();
  }
  return out;
}

// URL, DOI and id fields: kept verbatim but for what would break the entry.
std::string VerbatimValue(std::string_view raw) {
  std::string out;
  for (char c : OneLine(raw)) {
    if (c == '{' || c == '}' || c == '\\') {
      out += PercentEncode(std::string(1, c));
    } else {
      out += c;
    }
  }
  return out;
}

std::string BibtexName(const NameParts& n) {
  if (!n.literal.empty()) return "{" + TexValue(n.literal, false) + "}";
  std::string out = TexValue(FamilyWithParticle(n), false);
  if (n.family.find(' ') != std::string::npos) out = "{" + out + "}";
  if (!n.suffix.empty()) out += ", " + TexValue(n.suffix, false);
  if (!n.given.empty()) out += ", " + TexValue(n.given, false);
  return out;
}

void BibtexEntry(const Paper& p, const std::string& key, std::string& out) {
  const bool article = IsJournalArticle(p);
  const bool arxiv = !p.ids.arxiv.empty() && !article;
  out += article ? "@article{" : "@misc{";
  out += key;
  auto field = [&](const char* name, const std::string& value) {
    if (value.empty()) return;
    out += ",\n  ";
    out += name;
    out += " = {";
    out += value;
    out += '}';
  };
  field("title", TexValue(p.title, true));
  std::string authors;
  for (const auto& a : p.authors) {
    NameParts n = SplitName(a.name);
    if (n.family.empty() && n.literal.empty()) continue;
    authors += (authors.empty() ? "" : " and ") + BibtexName(n);
  }
  field("author", authors);
  if (article) {
    field("journal", TexValue(p.journal, true));
  } else if (!arxiv) {
    field("howpublished", TexValue(p.journal, true));
  }
  field("volume", TexValue(p.volume, false));
  field("number", TexValue(p.issue, false));
  if (!p.pages.empty()) {
    auto [first, last] = PageRange(p.pages);
    field("pages", TexValue(last.empty() ? first : first + "--" + last, false));
  }
  field("year", Year(p));
  if (const int m = Month(p); m > 0) {
    static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                    "jul", "aug", "sep", "oct", "nov", "dec"};
    out += ",\n  month = ";
    out += kMonths[m - 1];
  }
  field("publisher", TexValue(p.publisher, false));
  if (arxiv) {
    field("eprint", VerbatimValue(p.ids.arxiv));
    field("archivePrefix", "arXiv");
    field("primaryClass", VerbatimValue(p.primary_category));
  }
  field("doi", VerbatimValue(p.ids.doi));
  field("pmid", VerbatimValue(p.ids.pmid));
  field("url", VerbatimValue(UrlOf(p)));
  field("abstract", TexValue(p.abstract, false));
  out += "\n}\n";
}

// --- RIS ---

void RisLine(const char* tag, std::string_view value, std::string& out) {
  const std::string v = OneLine(value);
  if (v.empty()) return;
  out += tag;
  out += "  - ";
  out += v;
  out += "\r\n";
}

void RisEntry(const Paper& p, const std::string& key, std::string& out) {
  out += IsPreprint(p) ? "TY  - UNPB\r\n" : "TY  - JOUR\r\n";
  RisLine("ID", key, out);
  RisLine("TI", p.title, out);
  for (const auto& a : p.authors) {
    NameParts n = SplitName(a.name);
    if (!n.literal.empty()) {
      RisLine("AU", n.literal, out);
      continue;
    }
    if (n.family.empty()) continue;
    std::string name = FamilyWithParticle(n);
    if (!n.given.empty()) name += ", " + n.given;
    if (!n.suffix.empty()) name += ", " + n.suffix;
    RisLine("AU", name, out);
  }
  RisLine("PY", Year(p), out);
  if (const std::string d = CitedDate(p); !d.empty()) {
    std::string da = d;
    std::replace(da.begin(), da.end(), '-', '/');
    RisLine("DA", da + (d.size() == 10 ? "/" : ""), out);
  }
  RisLine("T2", p.journal, out);
  RisLine("VL", p.volume, out);
  RisLine("IS", p.issue, out);
  if (!p.pages.empty()) {
    auto [first, last] = PageRange(p.pages);
    RisLine("SP", first, out);
    RisLine("EP", last, out);
  }
  RisLine("PB", p.publisher, out);
  RisLine("DO", p.ids.doi, out);
  if (!p.ids.pmid.empty()) {
    RisLine("AN", p.ids.pmid, out);
    RisLine("DB", "PubMed", out);
  }
  RisLine("UR", UrlOf(p), out);
  if (!p.ids.arxiv.empty() && UrlOf(p) != ArxivUrl(p)) RisLine("UR", ArxivUrl(p), out);
  if (IsWebUrl(p.pdf_url)) RisLine("L1", p.pdf_url, out);
  RisLine("AB", p.abstract, out);
  for (const auto& c : p.categories) RisLine("KW", c, out);
  if (!p.ids.arxiv.empty()) {
    RisLine("N1",
            "arXiv:" + p.ids.arxiv +
                (p.primary_category.empty() ? "" : " [" + p.primary_category + "]"),
            out);
  }
  out += "ER  - \r\n\r\n";
}

// --- CSL-JSON ---

nlohmann::json CslItem(const Paper& p, const std::string& key) {
  nlohmann::json j;
  j["id"] = key;
  const bool article = IsJournalArticle(p);
  j["type"] = article || !IsPreprint(p) ? "article-journal" : "article";
  auto set = [&](const char* name, const std::string& value) {
    const std::string v = OneLine(value);
    if (!v.empty()) j[name] = v;
  };
  set("title", p.title);
  nlohmann::json authors = nlohmann::json::array();
  for (const auto& a : p.authors) {
    NameParts n = SplitName(a.name);
    nlohmann::json na;
    if (!n.literal.empty()) {
      na["literal"] = n.literal;
    } else if (!n.family.empty()) {
      na["family"] = n.family;
      if (!n.given.empty()) na["given"] = n.given;
      if (!n.particle.empty()) na["non-dropping-particle"] = n.particle;
      if (!n.suffix.empty()) na["suffix"] = n.suffix;
    } else {
      continue;
    }
    authors.push_back(std::move(na));
  }
  if (!authors.empty()) j["author"] = std::move(authors);
  if (const std::string d = CitedDate(p); d.size() >= 4) {
    nlohmann::json parts = nlohmann::json::array();
    parts.push_back(std::atoi(d.substr(0, 4).c_str()));
    if (d.size() >= 7) parts.push_back(std::atoi(d.substr(5, 2).c_str()));
    if (d.size() >= 10) parts.push_back(std::atoi(d.substr(8, 2).c_str()));
    j["issued"] = {{"date-parts", nlohmann::json::array({parts})}};
  }
  set("container-title", p.journal);
  set("volume", p.volume);
  set("issue", p.issue);
  set("page", p.pages);
  set("publisher", p.publisher);
  if (!p.ids.arxiv.empty() && !article) {
    j["number"] = "arXiv:" + p.ids.arxiv;
    if (p.publisher.empty()) j["publisher"] = "arXiv";
  }
  set("DOI", p.ids.doi);
  set("PMID", p.ids.pmid);
  set("PMCID", p.ids.pmcid);
  set("URL", UrlOf(p));
  set("abstract", p.abstract);
  std::string keywords;
  for (const auto& c : p.categories) keywords += (keywords.empty() ? "" : ", ") + c;
  set("keyword", keywords);
  return j;
}

}  // namespace

std::optional<ExportFormat> ParseExportFormat(std::string_view name) {
  const std::string f = FoldForSearch(name);
  if (f == "bib" || f == "bibtex") return ExportFormat::kBibtex;
  if (f == "ris") return ExportFormat::kRis;
  if (f == "json" || f == "csl-json" || f == "csljson") return ExportFormat::kCslJson;
  return std::nullopt;
}

std::string_view ExportContentType(ExportFormat format) {
  switch (format) {
    case ExportFormat::kBibtex:
      return "application/x-bibtex; charset=utf-8";
    case ExportFormat::kRis:
      return "application/x-research-info-systems; charset=utf-8";
    case ExportFormat::kCslJson:
      return "application/vnd.citationstyles.csl+json; charset=utf-8";
  }
  return "application/octet-stream";
}

std::string_view ExportExtension(ExportFormat format) {
  switch (format) {
    case ExportFormat::kBibtex:
      return "bib";
    case ExportFormat::kRis:
      return "ris";
    case ExportFormat::kCslJson:
      return "json";
  }
  return "txt";
}

std::string CitedDate(const Paper& p) {
  if (IsJournalArticle(p) && !p.published.empty()) return p.published;
  if (!p.submitted.empty()) return p.submitted;
  for (const auto& v : p.versions)
    if (!v.date.empty()) return v.date;
  if (!p.published.empty()) return p.published;
  return EarliestListing(p);
}

std::string CiteKey(const Paper& p) {
  std::string who;
  for (const auto& a : p.authors) {
    NameParts n = SplitName(a.name);
    who = AsciiLower(!n.literal.empty() ? Words(n.literal).front() : n.family);
    if (!who.empty()) break;
  }
  std::string key = (who.empty() ? "anon" : who) + Year(p) + FirstTitleWord(p.title);
  if (key.size() > 64) key.resize(64);
  return key;
}

std::string ToBibtex(const std::vector<Paper>& papers) {
  const std::vector<std::string> keys = UniqueKeys(papers);
  std::string out;
  for (size_t i = 0; i < papers.size(); ++i) {
    if (i) out += '\n';
    BibtexEntry(papers[i], keys[i], out);
  }
  return out;
}

std::string ToRis(const std::vector<Paper>& papers) {
  const std::vector<std::string> keys = UniqueKeys(papers);
  std::string out;
  for (size_t i = 0; i < papers.size(); ++i) RisEntry(papers[i], keys[i], out);
  return out;
}

std::string ToCslJson(const std::vector<Paper>& papers) {
  const std::vector<std::string> keys = UniqueKeys(papers);
  nlohmann::json items = nlohmann::json::array();
  for (size_t i = 0; i < papers.size(); ++i) items.push_back(CslItem(papers[i], keys[i]));
  return items.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string Export(const std::vector<Paper>& papers, ExportFormat format) {
  switch (format) {
    case ExportFormat::kBibtex:
      return ToBibtex(papers);
    case ExportFormat::kRis:
      return ToRis(papers);
    case ExportFormat::kCslJson:
      return ToCslJson(papers);
  }
  return "";
}

}  // namespace ah::imports
