#include "brief/render.h"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <limits>
#include <map>
#include <set>

#include "brief/prose.h"
#include "core/text.h"

namespace ah::brief {
namespace {

using nlohmann::json;

// ---- Citations ----

bool ParseNumber(std::string_view s, size_t* i, int* out) {
  size_t start = *i;
  int v = 0;
  while (*i < s.size() && std::isdigit(static_cast<unsigned char>(s[*i])) && *i - start < 6) {
    v = v * 10 + (s[*i] - '0');
    ++*i;
  }
  if (*i == start) return false;
  if (*i < s.size() && std::isdigit(static_cast<unsigned char>(s[*i]))) return false;  // > 6 digits
  *out = v;
  return true;
}

void SkipSpaces(std::string_view s, size_t* i) {
  while (*i < s.size() && s[*i] == ' ') ++*i;
}

// Parses a citation at s[i] == '['; fills span on success.
bool ParseCitation(std::string_view s, size_t i, CitationSpan* span) {
  constexpr int kMaxRange = 64;
  size_t j = i + 1;
  std::vector<int> numbers;
  while (true) {
    SkipSpaces(s, &j);
    int a = 0;
    if (!ParseNumber(s, &j, &a)) return false;
    SkipSpaces(s, &j);
    bool range = false;
    if (j < s.size() && s[j] == '-') {
      ++j;
      range = true;
    } else if (s.substr(j, 3) == "\xE2\x80\x93") {  // en dash
      j += 3;
      range = true;
    }
    if (range) {
      SkipSpaces(s, &j);
      int b = 0;
      if (!ParseNumber(s, &j, &b) || b < a || b - a >= kMaxRange) return false;
      for (int x = a; x <= b; ++x) numbers.push_back(x);
      SkipSpaces(s, &j);
    } else {
      numbers.push_back(a);
    }
    if (j < s.size() && s[j] == ']') break;
    if (j < s.size() && s[j] == ',') {
      ++j;
      continue;
    }
    return false;
  }
  span->begin = i;
  span->end = j + 1;
  span->numbers = std::move(numbers);
  return true;
}

// ---- Labels ----

// Every label in English and Chinese.
// clang-format off
enum class L {
  kBriefing, kOverview, kThemes, kKeyFindings, kPapers, kBridges, kTrends, kMustReads,
  kReferences, kExtractive, kExtractiveHint, kLlm, kModel, kPrompt, kTokens, kCost, kNotes,
  kNPapers, kTo, kTldr, kWhy, kColon
};
// clang-format on
constexpr const char* kLabels[][2] = {
    {"Briefing", "简报"},
    {"Overview", "概述"},
    {"Themes", "主题"},
    {"Key findings", "主要发现"},
    {"Papers", "论文"},
    {"Bridges across fields", "跨领域桥梁"},
    {"Trends", "趋势"},
    {"Must reads", "必读"},
    {"References", "参考文献"},
    {"Extractive briefing (no language model)", "抽取式简报（未使用语言模型）"},
    {"themes are labelled by their key phrases; sentences are quoted from the abstracts.",
     "主题按其关键短语标注；句子摘自论文摘要。"},
    {"Written by a language model", "由语言模型撰写"},
    {"Model", "模型"},
    {"Prompt", "提示版本"},
    {"Tokens", "词元"},
    {"Cost", "费用"},
    {"Notes", "备注"},
    {"%d papers", "%d 篇论文"},
    {" – ", " 至 "},
    {"TL;DR", "一句话总结"},
    {"Why it matters to you", "与你的关系"},
    {": ", "："},
};
static_assert(std::size(kLabels) == static_cast<size_t>(L::kColon) + 1);

bool IsZh(std::string_view lang) { return text::StartsWith(text::FoldForSearch(lang), "zh"); }

// Labels of one language.
class Labels {
 public:
  explicit Labels(std::string_view lang) : zh_(IsZh(lang)) {}
  std::string operator()(L label) const { return kLabels[static_cast<size_t>(label)][zh_]; }
  std::string Colon() const { return (*this)(L::kColon); }
  std::string BareColon() const { return std::string(text::Trim((*this)(L::kColon))); }

 private:
  bool zh_;
};

std::string NPapers(const Labels& l, size_t n) {
  std::string fmt = l(L::kNPapers);
  if (n == 1 && text::EndsWith(fmt, "papers")) fmt.pop_back();
  size_t at = fmt.find("%d");
  return fmt.substr(0, at) + std::to_string(n) + fmt.substr(at + 2);
}
std::string Money(double usd) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "$%.4f", std::isfinite(usd) ? usd : 0.0);
  return buf;
}

// One line of text: valid UTF-8, whitespace (incl. newlines) collapsed.
std::string Line(std::string_view s) { return text::CollapseWhitespace(text::SanitizeUtf8(s)); }

// An http(s) URL without control characters or spaces, else "".
std::string SafeUrl(std::string_view url) {
  std::string u(text::Trim(url));
  std::string lower = text::FoldForSearch(u.substr(0, 8));
  if (!text::StartsWith(lower, "http://") && !text::StartsWith(lower, "https://")) return {};
  for (unsigned char c : u)
    if (c <= 0x20 || c == 0x7F) return {};
  return text::SanitizeUtf8(u);
}

const BriefPaper* PaperAt(const Briefing& b, int n) {
  if (n < 1 || static_cast<size_t>(n) > b.papers.size()) return nullptr;
  return &b.papers[static_cast<size_t>(n - 1)];
}

// ---- Markdown ----

bool EntityLike(std::string_view s, size_t amp) {
  size_t j = amp + 1;
  if (j < s.size() && s[j] == '#') ++j;
  size_t start = j;
  while (j < s.size() && std::isalnum(static_cast<unsigned char>(s[j]))) ++j;
  return j > start && j < s.size() && s[j] == ';';
}

// Inert Markdown text: no raw HTML, no entity, no link syntax.
std::string MdText(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '$' && !Escaped(s, i)) {
      // Math stays LaTeX for KaTeX; "<", ">", "[", "]" become \lt, \gt,
      // \lbrack, \rbrack, which KaTeX renders the same and which no HTML or
      // Markdown parser reads as a tag or a link.
      size_t end = MathEnd(s, i);
      if (end != std::string_view::npos) {
        for (; i < end; ++i) {
          if (s[i] == '<') {
            out += "\\lt ";
          } else if (s[i] == '>') {
            out += "\\gt ";
          } else if (s[i] == '[' || s[i] == ']') {
            // No link syntax for renderers without math support.
            if (i == 0 || s[i - 1] != '\\') out += '\\';
            out += s[i] == '[' ? "lbrack " : "rbrack ";
          } else if (s[i] == '&' && EntityLike(s, i)) {
            out += "&amp;";
          } else {
            out += s[i];
          }
        }
        --i;
        continue;
      }
    }
    if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&' && EntityLike(s, i)) {
      out += "&amp;";
    } else if (c == '[' || c == ']') {
      out += '\\';
      out += c;
    } else if (c == '\\' && (i + 1 == s.size() || s[i + 1] == '[' || s[i + 1] == ']')) {
      out += "\\\\";
    } else {
      out += c;
    }
  }
  return out;
}

// A paragraph must not start a heading or a quote.
std::string MdBlock(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 1);
  if (!s.empty() && (s[0] == '#' || s[0] == '>' || s[0] == '=')) out += '\\';
  out += s;
  return out;
}

std::string MdUrl(std::string_view url) {
  std::string out;
  for (unsigned char c : url) {
    if (c == '(' || c == ')' || c == '<' || c == '>' || c == '"' || c == '\\' || c == '`' ||
        c == '\'' || c == ' ') {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string MdCite(const Briefing& b, int n) {
  const BriefPaper* p = PaperAt(b, n);
  std::string url = p ? SafeUrl(p->url) : "";
  std::string label = "\\[" + std::to_string(n) + "\\]";
  if (url.empty()) return label;
  return "[[" + std::to_string(n) + "]](" + MdUrl(url) + ")";
}

// Prose with its citations turned into links.
std::string MdProse(const Briefing& b, std::string_view raw) {
  std::string s = Line(raw);
  std::string out;
  size_t pos = 0;
  for (const auto& c : FindCitations(s)) {
    out += MdText(std::string_view(s).substr(pos, c.begin - pos));
    for (size_t k = 0; k < c.numbers.size(); ++k) out += MdCite(b, c.numbers[k]);
    pos = c.end;
  }
  out += MdText(std::string_view(s).substr(pos));
  return MdBlock(out);
}

std::string MdTitle(const BriefPaper& p) {
  std::string title = MdBlock(MdText(Line(p.title)));
  std::string url = SafeUrl(p.url);
  if (url.empty()) return title;
  return "[" + title + "](" + MdUrl(url) + ")";
}

std::string DateRange(const Briefing& b, const Labels& l) {
  std::string from = Line(b.date_from), to = Line(b.date_to);
  if (from.empty()) return to;
  if (to.empty() || to == from) return from;
  return from + l(L::kTo) + to;
}

// ---- HTML ----

std::string H(std::string_view raw) {
  std::string s = text::SanitizeUtf8(raw);
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string HtmlCite(const Briefing& b, int n) {
  const BriefPaper* p = PaperAt(b, n);
  std::string label = "[" + std::to_string(n) + "]";
  if (!p) return "<span class=\"cite unknown\">" + label + "</span>";
  std::string url = SafeUrl(p->url);
  std::string href = url.empty() ? "#ref-" + std::to_string(n) : url;
  return "<a class=\"cite\" href=\"" + H(href) + "\" title=\"" + H(Line(p->title)) + "\">" + label +
         "</a>";
}

std::string HtmlProse(const Briefing& b, std::string_view raw) {
  std::string s = Line(raw);
  std::string out;
  size_t pos = 0;
  for (const auto& c : FindCitations(s)) {
    out += H(std::string_view(s).substr(pos, c.begin - pos));
    for (int n : c.numbers) out += HtmlCite(b, n);
    pos = c.end;
  }
  out += H(std::string_view(s).substr(pos));
  return out;
}

std::string HtmlTitleLink(const BriefPaper& p) {
  std::string url = SafeUrl(p.url);
  std::string title = H(Line(p.title));
  if (url.empty()) return title;
  return "<a href=\"" + H(url) + "\">" + title + "</a>";
}

constexpr const char* kCss =
    "body{font:16px/1.55 system-ui,-apple-system,'Segoe UI','PingFang SC','Noto Sans CJK SC',"
    "sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1f2328}"
    "h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de}"
    ".meta{color:#59636e}.label{display:inline-block;background:#fff8c5;border:1px solid #d4a72c;"
    "border-radius:4px;padding:.1rem .5rem;font-size:.9rem}a.cite{text-decoration:none;"
    "font-size:.85em}.badge{color:#59636e;font-size:.85em}.why{color:#424a53}"
    "footer{margin-top:2rem;color:#59636e;font-size:.85rem}";

// ---- JSON ----

std::string Where(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return std::string(parent) + "." + std::string(key);
}
std::string Idx(std::string_view parent, size_t i) {
  return std::string(parent) + "[" + std::to_string(i) + "]";
}
tl::unexpected<Error> Bad(const std::string& where, std::string_view what) {
  return MakeError(Code::kParse, "briefing json: " + where + ": " + std::string(what));
}

// Reads an optional string member.
Status GetString(const json& obj, const char* key, const std::string& parent, std::string* out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Ok();
  if (!it->is_string()) return Bad(Where(parent, key), "not a string");
  *out = it->get_ref<const std::string&>();
  return Ok();
}

Status GetStrings(const json& obj, const char* key, const std::string& parent,
                  std::vector<std::string>* out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Ok();
  std::string where = Where(parent, key);
  if (!it->is_array()) return Bad(where, "not an array");
  for (size_t i = 0; i < it->size(); ++i) {
    const json& v = (*it)[i];
    if (!v.is_string()) return Bad(Idx(where, i), "not a string");
    out->push_back(v.get_ref<const std::string&>());
  }
  return Ok();
}

Status GetInt(const json& obj, const char* key, const std::string& parent, int64_t* out) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return Ok();
  std::string where = Where(parent, key);
  if (it->is_number_unsigned()) {
    uint64_t v = it->get<uint64_t>();
    if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
      return Bad(where, "out of range");
    *out = static_cast<int64_t>(v);
  } else if (it->is_number_integer()) {
    *out = it->get<int64_t>();
  } else {
    return Bad(where, "not an integer");
  }
  if (*out < 0) return Bad(where, "negative");
  return Ok();
}

// Paper ids of `key` resolved to numbers.
Status GetIds(const json& obj, const char* key, const std::string& parent,
              const std::map<std::string, int>& number_of, std::vector<int>* out) {
  std::vector<std::string> ids;
  if (auto s = GetStrings(obj, key, parent, &ids); !s) return s;
  std::string where = Where(parent, key);
  for (size_t i = 0; i < ids.size(); ++i) {
    auto it = number_of.find(ids[i]);
    if (it == number_of.end()) return Bad(Idx(where, i), "unknown paper id \"" + ids[i] + "\"");
    out->push_back(it->second);
  }
  return Ok();
}

Status CheckProse(std::string_view text, const std::string& where, size_t n) {
  for (const auto& c : FindCitations(text))
    for (int x : c.numbers)
      if (x < 1 || static_cast<size_t>(x) > n)
        return Bad(where, "cites [" + std::to_string(x) + "] but there are " + std::to_string(n) +
                              " papers");
  return Ok();
}

json Ids(const Briefing& b, const std::vector<int>& numbers) {
  json out = json::array();
  for (int n : numbers)
    if (const BriefPaper* p = PaperAt(b, n)) out.push_back(p->id);
  return out;
}

Result<Briefing> FromJsonImpl(const json& j) {
  if (!j.is_object()) return Bad("(root)", "not an object");
  Briefing b;
  std::string mode;
  if (!j.contains("mode")) return Bad("mode", "missing");
  if (auto s = GetString(j, "mode", "", &mode); !s) return Fail(s.error());
  if (mode == "llm") {
    b.mode = BriefMode::kLlm;
  } else if (mode == "extractive") {
    b.mode = BriefMode::kExtractive;
  } else {
    return Bad("mode", "must be \"llm\" or \"extractive\"");
  }
  for (auto [key, out] : {std::pair<const char*, std::string*>{"lang", &b.lang},
                          {"radar", &b.radar},
                          {"date_from", &b.date_from},
                          {"date_to", &b.date_to},
                          {"overview", &b.overview},
                          {"model", &b.model},
                          {"prompt_version", &b.prompt_version}})
    if (auto s = GetString(j, key, "", out); !s) return Fail(s.error());

  auto papers = j.find("papers");
  if (papers == j.end()) return Bad("papers", "missing");
  if (!papers->is_array()) return Bad("papers", "not an array");
  std::map<std::string, int> number_of;
  for (size_t i = 0; i < papers->size(); ++i) {
    const json& p = (*papers)[i];
    std::string where = Idx("papers", i);
    if (!p.is_object()) return Bad(where, "not an object");
    int64_t n = 0;
    if (!p.contains("n")) return Bad(Where(where, "n"), "missing");
    if (auto s = GetInt(p, "n", where, &n); !s) return Fail(s.error());
    if (n != static_cast<int64_t>(i) + 1)
      return Bad(Where(where, "n"),
                 "is " + std::to_string(n) + ", expected " + std::to_string(i + 1));
    BriefPaper paper;
    for (auto [key, out] : {std::pair<const char*, std::string*>{"id", &paper.id},
                            {"title", &paper.title},
                            {"badge", &paper.badge},
                            {"field", &paper.field},
                            {"url", &paper.url},
                            {"tldr", &paper.tldr}})
      if (auto s = GetString(p, key, where, out); !s) return Fail(s.error());
    if (auto it = p.find("score"); it != p.end() && it->is_number())
      paper.score = it->get<double>();
    if (paper.id.empty()) return Bad(Where(where, "id"), "missing or empty");
    if (!number_of.emplace(paper.id, static_cast<int>(i) + 1).second)
      return Bad(Where(where, "id"), "duplicate id \"" + paper.id + "\"");
    b.papers.push_back(std::move(paper));
  }
  const size_t n = b.papers.size();

  if (auto it = j.find("themes"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return Bad("themes", "not an array");
    for (size_t i = 0; i < it->size(); ++i) {
      const json& t = (*it)[i];
      std::string where = Idx("themes", i);
      if (!t.is_object()) return Bad(where, "not an object");
      Theme theme;
      if (auto s = GetString(t, "title", where, &theme.title); !s) return Fail(s.error());
      if (auto s = GetString(t, "summary", where, &theme.summary); !s) return Fail(s.error());
      if (auto s = GetString(t, "why", where, &theme.why); !s) return Fail(s.error());
      if (auto s = CheckProse(theme.why, Where(where, "why"), n); !s) return Fail(s.error());
      if (auto s = GetIds(t, "papers", where, number_of, &theme.papers); !s) return Fail(s.error());
      if (theme.papers.empty())
        return Bad(Where(where, "papers"), "a theme needs at least one paper");
      if (auto s = GetStrings(t, "findings", where, &theme.findings); !s) return Fail(s.error());
      if (auto s = CheckProse(theme.summary, Where(where, "summary"), n); !s)
        return Fail(s.error());
      for (size_t k = 0; k < theme.findings.size(); ++k)
        if (auto s = CheckProse(theme.findings[k], Idx(Where(where, "findings"), k), n); !s)
          return Fail(s.error());
      b.themes.push_back(std::move(theme));
    }
  }
  if (auto it = j.find("bridges"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return Bad("bridges", "not an array");
    for (size_t i = 0; i < it->size(); ++i) {
      const json& x = (*it)[i];
      std::string where = Idx("bridges", i);
      if (!x.is_object()) return Bad(where, "not an object");
      Bridge bridge;
      if (auto s = GetIds(x, "papers", where, number_of, &bridge.papers); !s)
        return Fail(s.error());
      if (bridge.papers.size() < 2) return Bad(Where(where, "papers"), "a bridge needs two papers");
      if (auto s = GetString(x, "why", where, &bridge.why); !s) return Fail(s.error());
      if (auto s = CheckProse(bridge.why, Where(where, "why"), n); !s) return Fail(s.error());
      b.bridges.push_back(std::move(bridge));
    }
  }
  if (auto s = GetStrings(j, "trends", "", &b.trends); !s) return Fail(s.error());
  for (size_t i = 0; i < b.trends.size(); ++i)
    if (auto s = CheckProse(b.trends[i], Idx("trends", i), n); !s) return Fail(s.error());
  std::vector<int> reads;
  std::vector<std::string> whys;
  if (auto s = GetIds(j, "must_reads", "", number_of, &reads); !s) return Fail(s.error());
  if (auto s = GetStrings(j, "must_reads_why", "", &whys); !s) return Fail(s.error());
  if (whys.size() > reads.size()) return Bad("must_reads_why", "longer than must_reads");
  for (size_t i = 0; i < reads.size(); ++i)
    b.must_reads.push_back(MustRead{reads[i], i < whys.size() ? whys[i] : std::string()});
  if (auto s = CheckProse(b.overview, "overview", n); !s) return Fail(s.error());

  if (auto it = j.find("tokens"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) return Bad("tokens", "not an object");
    if (auto s = GetInt(*it, "prompt", "tokens", &b.prompt_tokens); !s) return Fail(s.error());
    if (auto s = GetInt(*it, "completion", "tokens", &b.completion_tokens); !s)
      return Fail(s.error());
  }
  if (auto it = j.find("cost_usd"); it != j.end() && !it->is_null()) {
    if (!it->is_number()) return Bad("cost_usd", "not a number");
    b.cost_usd = it->get<double>();
    if (!std::isfinite(b.cost_usd) || b.cost_usd < 0) return Bad("cost_usd", "out of range");
  }
  if (auto s = GetStrings(j, "notes", "", &b.notes); !s) return Fail(s.error());
  return b;
}

}  // namespace

bool Escaped(std::string_view s, size_t i) {
  size_t k = 0;
  while (i > k && s[i - k - 1] == '\\') ++k;
  return k % 2 == 1;
}

size_t MathEnd(std::string_view s, size_t i) {
  bool display = i + 1 < s.size() && s[i + 1] == '$';
  for (size_t j = i + (display ? 2 : 1); j < s.size(); ++j) {
    if (s[j] != '$' || Escaped(s, j)) continue;
    if (!display) return j + 1;
    if (j + 1 < s.size() && s[j + 1] == '$') return j + 2;
  }
  return std::string_view::npos;
}

std::vector<CitationSpan> FindCitations(std::string_view s) {
  std::vector<CitationSpan> out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '$' && !Escaped(s, i)) {
      size_t end = MathEnd(s, i);
      if (end != std::string_view::npos) {
        i = end;
        continue;
      }
    } else if (c == '[') {
      CitationSpan span;
      if (ParseCitation(s, i, &span)) {
        i = span.end;
        out.push_back(std::move(span));
        continue;
      }
    }
    ++i;
  }
  return out;
}

std::string RenderMarkdown(const Briefing& b) {
  const Labels l(b.lang);
  std::string md;
  md +=
      "# " + l(L::kBriefing) + (b.radar.empty() ? "" : l.Colon() + MdText(Line(b.radar))) + "\n\n";
  std::string range = DateRange(b, l);
  md += (range.empty() ? "" : MdText(range) + " · ") + NPapers(l, b.papers.size()) + "\n\n";
  if (b.mode == BriefMode::kExtractive) {
    md += "> **" + l(L::kExtractive) + "** — " + l(L::kExtractiveHint) + "\n\n";
  } else {
    md += "> " + l(L::kLlm) + (b.model.empty() ? "" : l.Colon() + MdText(Line(b.model))) + "\n\n";
  }
  if (!text::Trim(b.overview).empty())
    md += "## " + l(L::kOverview) + "\n\n" + MdProse(b, b.overview) + "\n\n";
  if (!b.themes.empty()) {
    md += "## " + l(L::kThemes) + "\n\n";
    for (size_t t = 0; t < b.themes.size(); ++t) {
      const Theme& theme = b.themes[t];
      md += "### " + std::to_string(t + 1) + ". " + MdProse(b, theme.title) + "\n\n";
      if (!text::Trim(theme.why).empty())
        md += "*" + l(L::kWhy) + l.BareColon() + "* " + MdProse(b, theme.why) + "\n\n";
      if (!text::Trim(theme.summary).empty()) md += MdProse(b, theme.summary) + "\n\n";
      if (!theme.findings.empty()) {
        md += "**" + l(L::kKeyFindings) + "**\n\n";
        for (const auto& f : theme.findings) md += "- " + MdProse(b, f) + "\n";
        md += "\n";
      }
      md += "**" + l(L::kPapers) + l.BareColon() + "**";
      for (int n : theme.papers) md += " " + MdCite(b, n);
      md += "\n\n";
    }
  }
  if (!b.bridges.empty()) {
    md += "## " + l(L::kBridges) + "\n\n";
    for (const auto& bridge : b.bridges) md += "- " + MdProse(b, bridge.why) + "\n";
    md += "\n";
  }
  if (!b.trends.empty()) {
    md += "## " + l(L::kTrends) + "\n\n";
    for (const auto& t : b.trends) md += "- " + MdProse(b, t) + "\n";
    md += "\n";
  }
  if (!b.must_reads.empty()) {
    md += "## " + l(L::kMustReads) + "\n\n";
    for (size_t i = 0; i < b.must_reads.size(); ++i) {
      const MustRead& m = b.must_reads[i];
      const BriefPaper* p = PaperAt(b, m.paper);
      md += std::to_string(i + 1) + ". ";
      if (p) md += "**" + MdText(Line(p->title)) + "** ";
      md += MdCite(b, m.paper);
      if (!text::Trim(m.why).empty()) md += " — " + MdProse(b, m.why);
      md += "\n";
    }
    md += "\n";
  }
  if (!b.papers.empty()) {
    md += "## " + l(L::kReferences) + "\n\n";
    for (size_t i = 0; i < b.papers.size(); ++i) {
      const BriefPaper& p = b.papers[i];
      md += "- \\[" + std::to_string(i + 1) + "\\] " + MdTitle(p);
      if (!text::Trim(p.badge).empty()) md += " — " + MdText(Line(p.badge));
      if (!p.id.empty()) md += " · " + MdText(Line(p.id));
      md += "\n";
      if (!text::Trim(p.tldr).empty())
        // A TL;DR is about its own paper: a bracket in it cites no paper of the briefing.
        md += "  " + l(L::kTldr) + l.Colon() + MdBlock(MdText(Line(ReadableText(p.tldr)))) + "\n";
    }
    md += "\n";
  }
  md += "---\n\n";
  md += l(L::kModel) + l.Colon() + MdText(Line(b.model)) + " · " + l(L::kPrompt) + l.Colon() +
        MdText(Line(b.prompt_version)) + " · " + l(L::kTokens) + l.Colon() +
        std::to_string(b.prompt_tokens) + " + " + std::to_string(b.completion_tokens) + " · " +
        l(L::kCost) + l.Colon() + Money(b.cost_usd) + "\n";
  if (!b.notes.empty()) {
    md += "\n" + l(L::kNotes) + l.BareColon() + "\n\n";
    for (const auto& n : b.notes) md += "- " + MdText(Line(n)) + "\n";
  }
  return md;
}

std::string RenderHtml(const Briefing& b) {
  const Labels l(b.lang);
  std::string title = l(L::kBriefing) + (b.radar.empty() ? "" : l.Colon() + Line(b.radar));
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"" + std::string(IsZh(b.lang) ? "zh-CN" : "en") + "\">\n";
  h += "<head>\n<meta charset=\"utf-8\">\n"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>" + H(title) + "</title>\n<style>" + kCss + "</style>\n</head>\n<body>\n";
  h += "<article class=\"briefing " +
       std::string(b.mode == BriefMode::kExtractive ? "extractive" : "llm") + "\">\n<header>\n";
  h += "<h1>" + H(title) + "</h1>\n";
  std::string range = DateRange(b, l);
  h += "<p class=\"meta\">" + (range.empty() ? "" : H(range) + " · ") +
       H(NPapers(l, b.papers.size())) + "</p>\n";
  if (b.mode == BriefMode::kExtractive) {
    h += "<p><span class=\"label extractive\">" + H(l(L::kExtractive)) + "</span> " +
         H(l(L::kExtractiveHint)) + "</p>\n";
  } else {
    h += "<p><span class=\"label llm\">" + H(l(L::kLlm)) + "</span>" +
         (b.model.empty() ? "" : " " + H(Line(b.model))) + "</p>\n";
  }
  h += "</header>\n";
  if (!text::Trim(b.overview).empty())
    h += "<section id=\"overview\">\n<h2>" + H(l(L::kOverview)) + "</h2>\n<p>" +
         HtmlProse(b, b.overview) + "</p>\n</section>\n";
  if (!b.themes.empty()) {
    h += "<section id=\"themes\">\n<h2>" + H(l(L::kThemes)) + "</h2>\n";
    for (size_t t = 0; t < b.themes.size(); ++t) {
      const Theme& theme = b.themes[t];
      h += "<section class=\"theme\" id=\"theme-" + std::to_string(t + 1) + "\">\n<h3>" +
           std::to_string(t + 1) + ". " + HtmlProse(b, theme.title) + "</h3>\n";
      if (!text::Trim(theme.why).empty())
        h += "<p class=\"why\"><em>" + H(l(L::kWhy)) + H(l.BareColon()) + "</em> " +
             HtmlProse(b, theme.why) + "</p>\n";
      if (!text::Trim(theme.summary).empty()) h += "<p>" + HtmlProse(b, theme.summary) + "</p>\n";
      if (!theme.findings.empty()) {
        h += "<h4>" + H(l(L::kKeyFindings)) + "</h4>\n<ul>\n";
        for (const auto& f : theme.findings) h += "<li>" + HtmlProse(b, f) + "</li>\n";
        h += "</ul>\n";
      }
      h += "<p class=\"papers\">" + H(l(L::kPapers)) + H(l.BareColon());
      for (int n : theme.papers) h += " " + HtmlCite(b, n);
      h += "</p>\n</section>\n";
    }
    h += "</section>\n";
  }
  if (!b.bridges.empty()) {
    h += "<section id=\"bridges\">\n<h2>" + H(l(L::kBridges)) + "</h2>\n<ul>\n";
    for (const auto& bridge : b.bridges) h += "<li>" + HtmlProse(b, bridge.why) + "</li>\n";
    h += "</ul>\n</section>\n";
  }
  if (!b.trends.empty()) {
    h += "<section id=\"trends\">\n<h2>" + H(l(L::kTrends)) + "</h2>\n<ul>\n";
    for (const auto& t : b.trends) h += "<li>" + HtmlProse(b, t) + "</li>\n";
    h += "</ul>\n</section>\n";
  }
  if (!b.must_reads.empty()) {
    h += "<section id=\"must-reads\">\n<h2>" + H(l(L::kMustReads)) + "</h2>\n<ol>\n";
    for (const auto& m : b.must_reads) {
      const BriefPaper* p = PaperAt(b, m.paper);
      h += "<li>";
      if (p) h += "<strong>" + H(Line(p->title)) + "</strong> ";
      h += HtmlCite(b, m.paper);
      if (!text::Trim(m.why).empty())
        h += " <span class=\"why\">— " + HtmlProse(b, m.why) + "</span>";
      h += "</li>\n";
    }
    h += "</ol>\n</section>\n";
  }
  if (!b.papers.empty()) {
    h += "<section id=\"references\">\n<h2>" + H(l(L::kReferences)) + "</h2>\n<ol>\n";
    for (size_t i = 0; i < b.papers.size(); ++i) {
      const BriefPaper& p = b.papers[i];
      h += "<li id=\"ref-" + std::to_string(i + 1) + "\">" + HtmlTitleLink(p);
      if (!text::Trim(p.badge).empty())
        h += " <span class=\"badge\">" + H(Line(p.badge)) + "</span>";
      if (!p.id.empty()) h += " <code>" + H(Line(p.id)) + "</code>";
      if (!text::Trim(p.tldr).empty())
        h += "<br><span class=\"tldr\">" + H(l(L::kTldr)) + H(l.Colon()) +
             H(Line(ReadableText(p.tldr))) + "</span>";
      h += "</li>\n";
    }
    h += "</ol>\n</section>\n";
  }
  h += "<footer>\n<p>" + H(l(L::kModel)) + H(l.Colon()) + H(Line(b.model)) + " · " +
       H(l(L::kPrompt)) + H(l.Colon()) + H(Line(b.prompt_version)) + " · " + H(l(L::kTokens)) +
       H(l.Colon()) + std::to_string(b.prompt_tokens) + " + " +
       std::to_string(b.completion_tokens) + " · " + H(l(L::kCost)) + H(l.Colon()) +
       H(Money(b.cost_usd)) + "</p>\n";
  if (!b.notes.empty()) {
    h += "<p>" + H(l(L::kNotes)) + H(l.BareColon()) + "</p>\n<ul>\n";
    for (const auto& n : b.notes) h += "<li>" + H(Line(n)) + "</li>\n";
    h += "</ul>\n";
  }
  h += "</footer>\n</article>\n</body>\n</html>\n";
  return h;
}

json BriefingToJson(const Briefing& b) {
  // Strings are made valid UTF-8: nlohmann::json throws when dumping invalid UTF-8.
  auto S = [](std::string_view s) { return text::SanitizeUtf8(s); };
  auto Strings = [&](const std::vector<std::string>& v) {
    json a = json::array();
    for (const auto& s : v) a.push_back(S(s));
    return a;
  };
  json j = json::object();
  j["mode"] = b.mode == BriefMode::kLlm ? "llm" : "extractive";
  j["lang"] = S(b.lang);
  j["radar"] = S(b.radar);
  j["date_from"] = S(b.date_from);
  j["date_to"] = S(b.date_to);
  j["overview"] = S(b.overview);
  json themes = json::array();
  for (const auto& t : b.themes)
    themes.push_back({{"title", S(t.title)},
                      {"why", S(t.why)},
                      {"summary", S(t.summary)},
                      {"papers", Ids(b, t.papers)},
                      {"findings", Strings(t.findings)}});
  j["themes"] = std::move(themes);
  json bridges = json::array();
  for (const auto& x : b.bridges)
    bridges.push_back({{"papers", Ids(b, x.papers)}, {"why", S(x.why)}});
  j["bridges"] = std::move(bridges);
  j["trends"] = Strings(b.trends);
  json reads = json::array(), whys = json::array();
  for (const auto& m : b.must_reads) {
    const BriefPaper* p = PaperAt(b, m.paper);
    if (!p) continue;
    reads.push_back(S(p->id));
    whys.push_back(S(m.why));
  }
  j["must_reads"] = std::move(reads);
  j["must_reads_why"] = std::move(whys);
  json papers = json::array();
  for (size_t i = 0; i < b.papers.size(); ++i) {
    const BriefPaper& p = b.papers[i];
    papers.push_back({{"n", i + 1},
                      {"id", S(p.id)},
                      {"title", S(p.title)},
                      {"badge", S(p.badge)},
                      {"field", S(p.field)},
                      {"score", std::isfinite(p.score) ? p.score : 0.0},
                      {"url", S(p.url)},
                      {"tldr", S(p.tldr)}});
  }
  j["papers"] = std::move(papers);
  j["model"] = S(b.model);
  j["prompt_version"] = S(b.prompt_version);
  j["tokens"] = {{"prompt", b.prompt_tokens}, {"completion", b.completion_tokens}};
  j["cost_usd"] = std::isfinite(b.cost_usd) ? b.cost_usd : 0.0;
  j["notes"] = Strings(b.notes);
  return j;
}

Result<Briefing> BriefingFromJson(const json& j) {
  try {
    return FromJsonImpl(j);
  } catch (const std::exception& e) {
    return MakeError(Code::kParse, std::string("briefing json: ") + e.what());
  }
}

}  // namespace ah::brief
