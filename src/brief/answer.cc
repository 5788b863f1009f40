#include "brief/answer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <set>

#include "brief/prompts.h"
#include "brief/render.h"
#include "core/json.h"
#include "core/text.h"

namespace ah::brief {
namespace {

using nlohmann::json;

constexpr size_t kMaxAnswerBytes = 4u << 20;
constexpr int kMaxDepth = 64;
constexpr int kMaxCandidates = 16;  // '{' positions tried when prose surrounds the JSON
constexpr int64_t kMaxRangeExpansion = 64;
constexpr size_t kMaxViolations = 64;  // kept; counts go on
constexpr int64_t kHuge = std::numeric_limits<int64_t>::max();

// "ORIGIN: line L, column C (byte B)", as core ParseJson names positions.
std::string At(std::string_view origin, std::string_view answer, size_t byte) {
  const TextPosition p = PositionOf(answer, byte);
  return std::string(origin) + ": line " + std::to_string(p.line) + ", column " +
         std::to_string(p.column) + " (byte " + std::to_string(byte) + ")";
}

// ---- locating the JSON object ----

enum class Match { kOk, kTruncated, kTooDeep, kMismatch };

// Finds the end of the JSON value opening at s[start] ('{'), string-aware.
// On kOk *end is one past the closing brace; otherwise *end is the failing byte.
Match MatchObject(std::string_view s, size_t start, size_t* end) {
  std::string stack;
  bool in_string = false;
  for (size_t i = start; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '{':
      case '[':
        if (stack.size() >= static_cast<size_t>(kMaxDepth)) {
          *end = i;
          return Match::kTooDeep;
        }
        stack += c;
        break;
      case '}':
      case ']':
        if (stack.empty() || (c == '}') != (stack.back() == '{')) {
          *end = i;
          return Match::kMismatch;
        }
        stack.pop_back();
        if (stack.empty()) {
          *end = i + 1;
          return Match::kOk;
        }
        break;
      default:
        break;
    }
  }
  *end = s.size();
  return Match::kTruncated;
}

// ---- citations ----

bool IsOpener(uint32_t cp) { return cp == '[' || cp == 0xFF3B || cp == 0x3010; }
bool IsCloser(uint32_t cp) { return cp == ']' || cp == 0xFF3D || cp == 0x3011; }
bool IsSpace(uint32_t cp) { return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0; }
bool IsSeparator(uint32_t cp) {
  return cp == ',' || cp == ';' || cp == 0xFF0C || cp == 0x3001 || cp == 0xFF1B;
}
bool IsDash(uint32_t cp) {
  return cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == '~' || cp == 0xFF5E || cp == 0x2212;
}

struct Cursor {
  std::string_view s;
  size_t i;
  uint32_t Peek() const {
    size_t j = i;
    return i < s.size() ? DecodeUtf8(s, &j) : 0;
  }
  void Next() {
    if (i < s.size()) DecodeUtf8(s, &i);
  }
  void SkipSpaces() {
    while (i < s.size() && IsSpace(Peek())) Next();
  }
  bool Literal(std::string_view word) {  // ASCII case-insensitive for ASCII words
    if (s.size() - i < word.size()) return false;
    if (!text::IEquals(s.substr(i, word.size()), word)) return false;
    i += word.size();
    return true;
  }
  void SkipPrefix() {
    static constexpr std::string_view kPrefixes[] = {"papers", "paper", "refs", "ref",  "p.",
                                                     "p",      "#",     "论文", "文献", "no."};
    for (auto p : kPrefixes) {
      size_t save = i;
      if (Literal(p)) {
        SkipSpaces();
        if (i < s.size() && s[i] >= '0' && s[i] <= '9') return;
        i = save;
      }
    }
  }
  bool Number(int64_t* n) {
    size_t start = i;
    int64_t v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      v = (v > kHuge / 10 - 10) ? kHuge : v * 10 + (s[i] - '0');
      ++i;
    }
    *n = v;
    return i > start;
  }
};

// Reads a citation group opening at `start`; on success returns the numbers
// and sets *end past the closer.
std::optional<std::vector<int64_t>> ReadGroup(std::string_view s, size_t start, size_t* end) {
  // No length limit: a group holds no opener, so scans from successive openers
  // never overlap and the whole scan stays linear.
  Cursor c{s, start};
  if (!IsOpener(c.Peek())) return std::nullopt;
  c.Next();
  c.SkipSpaces();
  c.SkipPrefix();
  std::vector<int64_t> numbers;
  int64_t n = 0;
  if (!c.Number(&n)) return std::nullopt;
  numbers.push_back(n);
  while (true) {
    c.SkipSpaces();
    uint32_t cp = c.Peek();
    if (IsCloser(cp)) {
      c.Next();
      *end = c.i;
      return numbers;
    }
    if (IsSeparator(cp)) {
      c.Next();
      c.SkipSpaces();
      c.SkipPrefix();
      if (!c.Number(&n)) return std::nullopt;
      numbers.push_back(n);
    } else if (IsDash(cp)) {
      c.Next();
      c.SkipSpaces();
      c.SkipPrefix();
      int64_t to = 0;
      if (!c.Number(&to)) return std::nullopt;
      int64_t from = numbers.back();
      if (to > from && to - from < kMaxRangeExpansion) {
        for (int64_t k = from + 1; k <= to; ++k) numbers.push_back(k);
      } else {
        numbers.push_back(to);
      }
    } else {
      return std::nullopt;
    }
  }
}

// Calls on_group(numbers, &out) for each citation group outside math, copying
// everything else to the result.
template <typename OnGroup>
std::string ScanCitations(std::string_view prose, OnGroup on_group) {
  std::string out;
  out.reserve(prose.size());
  size_t i = 0;
  while (i < prose.size()) {
    size_t start = i;
    if (prose[i] == '$' && !Escaped(prose, i)) {
      size_t end = MathEnd(prose, i);
      if (end != std::string_view::npos) {
        out.append(prose.substr(start, end - start));
        i = end;
        continue;
      }
    }
    uint32_t cp = DecodeUtf8(prose, &i);
    if (IsOpener(cp)) {
      size_t end = 0;
      if (auto numbers = ReadGroup(prose, start, &end)) {
        on_group(*numbers, &out);
        i = end;
        continue;
      }
    }
    out.append(prose.substr(start, i - start));
  }
  return out;
}

std::string CleanOnce(std::string_view prose, const std::function<bool(int64_t)>& is_allowed,
                      std::vector<int64_t>* removed) {
  return ScanCitations(prose, [&](const std::vector<int64_t>& numbers, std::string* out) {
    std::vector<int64_t> kept;
    for (int64_t n : numbers) {
      if (!is_allowed(n)) {
        removed->push_back(n);
      } else if (std::find(kept.begin(), kept.end(), n) == kept.end()) {
        kept.push_back(n);
      }
    }
    if (kept.empty()) {
      while (!out->empty() && (out->back() == ' ' || out->back() == '\t')) out->pop_back();
      return;
    }
    for (int64_t n : kept) *out += "[" + std::to_string(n) + "]";
  });
}

// Removing a group can join text into a new one ("[1[99]]" -> "[1]"): clean
// until nothing changes; text that keeps changing is dropped.
std::string CleanImpl(std::string_view prose, const std::function<bool(int64_t)>& is_allowed,
                      std::vector<int64_t>* removed) {
  std::string cur(prose);
  for (int pass = 0; pass < 8; ++pass) {
    size_t before = removed->size();
    std::string next = CleanOnce(cur, is_allowed, removed);
    if (next == cur && removed->size() == before) return cur;
    cur = std::move(next);
  }
  return "";
}

// ---- JSON walking ----

class Validator {
 public:
  Validator(const AnswerRules& rules, BriefAnswer* out) : rules_(rules), out_(out) {
    size_t n = rules.fields.size();
    allowed_.assign(n + 1, rules.allowed.empty());
    if (n > 0) allowed_[0] = false;
    for (int a : rules.allowed) {
      if (a >= 1 && static_cast<size_t>(a) <= n) allowed_[static_cast<size_t>(a)] = true;
    }
  }

  bool Allowed(int64_t n) const {
    return n >= 1 && static_cast<uint64_t>(n) < allowed_.size() && allowed_[static_cast<size_t>(n)];
  }

  void Add(ViolationKind kind, std::string detail) {
    if (out_->violations.size() < kMaxViolations) {
      if (detail.size() > 300) detail = detail.substr(0, 300) + "…";
      out_->violations.push_back({kind, text::SanitizeUtf8(detail)});
    }
  }

  // Cleans one prose string, reporting unknown inline numbers.
  std::string Prose(const json& v, const std::string& where) {
    if (!v.is_string()) {
      if (!v.is_null()) Add(ViolationKind::kSchema, where + ": not a string");
      return "";
    }
    std::vector<int64_t> removed;
    std::string s = CleanImpl(
        v.get_ref<const std::string&>(), [this](int64_t n) { return Allowed(n); }, &removed);
    s = std::string(text::Trim(s));
    if (!removed.empty()) {
      out_->unknown_citations += static_cast<int>(removed.size());
      Add(ViolationKind::kUnknownPaper, where + " cites " + List(removed) + ", not given");
    }
    prose_ += s;
    prose_ += '\n';
    return s;
  }

  // A paper number in a list: 3, 3.0, "3", "[3]".
  static std::optional<int64_t> Number(const json& v) {
    if (v.is_number_integer()) {
      if (v.is_number_unsigned()) {
        uint64_t u = v.get<uint64_t>();
        return u > static_cast<uint64_t>(kHuge) ? kHuge : static_cast<int64_t>(u);
      }
      return v.get<int64_t>();
    }
    if (v.is_number_float()) {
      double d = v.get<double>();
      if (!std::isfinite(d) || d != std::floor(d)) return std::nullopt;
      if (d > 1e15) return kHuge;
      if (d < -1e15) return -1;
      return static_cast<int64_t>(d);
    }
    if (v.is_string()) {
      std::string_view s = text::Trim(v.get_ref<const std::string&>());
      if (s.size() >= 2 && s.front() == '[' && s.back() == ']')
        s = text::Trim(s.substr(1, s.size() - 2));
      if (s.empty() || s.size() > 18) return std::nullopt;
      int64_t n = 0;
      for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + (c - '0');
      }
      return n;
    }
    return std::nullopt;
  }

  std::vector<int> Papers(const json& v, const std::string& where) {
    std::vector<int> out;
    if (!v.is_array()) {
      if (!v.is_null()) Add(ViolationKind::kSchema, where + ": not a list of paper numbers");
      return out;
    }
    std::vector<int64_t> unknown;
    for (const auto& e : v) {
      auto n = Number(e);
      if (!n) {
        Add(ViolationKind::kSchema, where + ": " + Short(e) + " is not a paper number");
      } else if (!Allowed(*n)) {
        unknown.push_back(*n);
      } else if (std::find(out.begin(), out.end(), static_cast<int>(*n)) == out.end()) {
        out.push_back(static_cast<int>(*n));
      }
    }
    if (!unknown.empty()) {
      out_->unknown_citations += static_cast<int>(unknown.size());
      Add(ViolationKind::kUnknownPaper, where + " lists " + List(unknown) + ", not given");
    }
    return out;
  }

  std::vector<std::string> Strings(const json& v, const std::string& where) {
    std::vector<std::string> out;
    if (!v.is_array()) {
      if (!v.is_null()) Add(ViolationKind::kSchema, where + ": not a list of strings");
      return out;
    }
    for (size_t i = 0; i < v.size(); ++i) {
      std::string s = Prose(v[i], where + "[" + std::to_string(i) + "]");
      if (!s.empty()) out.push_back(std::move(s));
    }
    return out;
  }

  void Theme(const json& t, size_t i) {
    std::string where = "themes[" + std::to_string(i) + "]";
    if (!t.is_object()) {
      Add(ViolationKind::kSchema, where + ": not an object");
      return;
    }
    brief::Theme theme;
    theme.title = Prose(Get(t, "title"), where + ".title");
    if (theme.title.empty()) Add(ViolationKind::kSchema, where + ".title: missing");
    theme.summary = Prose(Get(t, "summary"), where + ".summary");
    theme.why = Prose(Get(t, "why"), where + ".why");  // optional: why it matters to the reader
    theme.papers = Papers(Get(t, "papers"), where + ".papers");
    theme.findings = Strings(Get(t, "findings"), where + ".findings");
    if (theme.papers.empty()) {
      // The list was empty or all unknown: the theme's own (valid) inline citations stand in.
      std::string cited = theme.summary;
      for (const auto& f : theme.findings) cited += " " + f;
      for (int64_t n : InlineCitations(cited)) {
        if (Allowed(n) &&
            std::find(theme.papers.begin(), theme.papers.end(), n) == theme.papers.end())
          theme.papers.push_back(static_cast<int>(n));
      }
    }
    if (theme.papers.empty()) {
      ++out_->dropped_themes;
      Add(ViolationKind::kThemeWithoutPapers,
          where + " (\"" + theme.title + "\") cites no given paper");
      return;
    }
    out_->themes.push_back(std::move(theme));
  }

  void Bridge(const json& b, size_t i) {
    std::string where = "bridges[" + std::to_string(i) + "]";
    if (!b.is_object()) {
      Add(ViolationKind::kSchema, where + ": not an object");
      return;
    }
    brief::Bridge bridge;
    bridge.papers = Papers(Get(b, "papers"), where + ".papers");
    bridge.why = Prose(Get(b, "why"), where + ".why");
    std::set<std::string> fields;
    for (int n : bridge.papers) {
      size_t k = static_cast<size_t>(n - 1);
      if (k < rules_.fields.size() && !rules_.fields[k].empty())
        fields.insert(text::FoldForSearch(text::Trim(rules_.fields[k])));
    }
    if (fields.size() < 2) {
      ++out_->dropped_bridges;
      Add(ViolationKind::kBridgeOneField,
          where + " joins papers of " + std::to_string(fields.size()) + " field(s), not two");
      return;
    }
    out_->bridges.push_back(std::move(bridge));
  }

  void MustRead(const json& m, size_t i) {
    std::string where = "must_reads[" + std::to_string(i) + "]";
    brief::MustRead read;
    std::optional<int64_t> n;
    if (m.is_object()) {
      n = Number(Get(m, "paper"));
      read.why = Prose(Get(m, "why"), where + ".why");
    } else {
      n = Number(m);
    }
    if (!n) {
      Add(ViolationKind::kSchema, where + ": no paper number");
      return;
    }
    if (!Allowed(*n)) {
      ++out_->unknown_citations;
      Add(ViolationKind::kUnknownPaper, where + ".paper " + std::to_string(*n) + " is not given");
      return;
    }
    read.paper = static_cast<int>(*n);
    for (const auto& r : out_->must_reads) {
      if (r.paper == read.paper) return;
    }
    out_->must_reads.push_back(std::move(read));
  }

  void Root(const json& root) {
    const json* obj = &root;
    if (!root.contains("themes") && root.size() == 1 && root.begin()->is_object() &&
        root.begin()->contains("themes")) {
      obj = &*root.begin();  // {"briefing": {...}}
    }
    out_->overview = Prose(Get(*obj, "overview"), "overview");
    const json& themes = Get(*obj, "themes");
    if (!themes.is_array()) {
      Add(ViolationKind::kSchema, themes.is_null() ? "themes: missing" : "themes: not a list");
    } else {
      for (size_t i = 0; i < themes.size(); ++i) Theme(themes[i], i);
      if (themes.empty()) Add(ViolationKind::kSchema, "themes: empty");
    }
    const json& bridges = Get(*obj, "bridges");
    if (bridges.is_array()) {
      for (size_t i = 0; i < bridges.size(); ++i) Bridge(bridges[i], i);
    }
    out_->trends = Strings(Get(*obj, "trends"), "trends");
    for (const char* key : {"must_reads", "mustReads", "must_read", "must-reads"}) {
      const json& m = Get(*obj, key);
      if (m.is_array()) {
        for (size_t i = 0; i < m.size(); ++i) MustRead(m[i], i);
        break;
      }
    }
    LanguageStats stats = MeasureLanguage(prose_);
    if (!LanguageMatches(stats, rules_.lang)) {
      char share[32];
      std::snprintf(share, sizeof share, "%.2f", stats.CjkShare());
      Add(ViolationKind::kWrongLanguage, std::string("the answer is not written in ") +
                                             (IsChinese(rules_.lang) ? "Chinese" : "English") +
                                             " (CJK share " + share + ")");
    }
  }

 private:
  static const json& Get(const json& obj, const char* key) {
    static const json kNull;
    if (!obj.is_object()) return kNull;
    auto it = obj.find(key);
    return it == obj.end() ? kNull : *it;
  }
  static std::string Short(const json& v) {
    std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
    return s.size() > 40 ? s.substr(0, 40) + "…" : s;
  }
  static std::string List(const std::vector<int64_t>& numbers) {
    std::string out;
    for (size_t i = 0; i < numbers.size() && i < 10; ++i) {
      if (i) out += ", ";
      out += numbers[i] == kHuge ? std::string("(huge)") : std::to_string(numbers[i]);
    }
    if (numbers.size() > 10) out += ", …";
    return out;
  }

  const AnswerRules& rules_;
  BriefAnswer* out_;
  std::vector<bool> allowed_;
  std::string prose_;
};

}  // namespace

std::string_view ViolationKindName(ViolationKind kind) {
  switch (kind) {
    case ViolationKind::kUnknownPaper:
      return "unknown-paper";
    case ViolationKind::kWrongLanguage:
      return "wrong-language";
    case ViolationKind::kSchema:
      return "schema";
    case ViolationKind::kThemeWithoutPapers:
      return "theme-without-papers";
    case ViolationKind::kBridgeOneField:
      return "bridge-one-field";
  }
  return "?";
}

AnswerRules RulesFor(const BriefInput& input) {
  AnswerRules r;
  r.lang = input.lang;
  r.fields.reserve(input.papers.size());
  for (const auto& p : input.papers) r.fields.push_back(p.field);
  return r;
}

int BriefAnswer::Count(ViolationKind kind) const {
  return static_cast<int>(std::count_if(violations.begin(), violations.end(),
                                        [kind](const Violation& v) { return v.kind == kind; }));
}

int BriefAnswer::RetryWorthy() const {
  return static_cast<int>(violations.size()) - Count(ViolationKind::kBridgeOneField);
}

bool BriefAnswer::NeedsRetry() const { return RetryWorthy() > 0; }

Result<nlohmann::json> ParseJsonAnswer(std::string_view answer, std::string_view origin) {
  if (answer.size() > kMaxAnswerBytes) {
    return MakeError(Code::kParse, std::string(origin) + ": answer of " +
                                       std::to_string(answer.size()) +
                                       " bytes is too large (limit 4 MiB)");
  }
  size_t base = 0;
  std::string_view region = answer;
  if (text::StartsWith(region, "\xEF\xBB\xBF")) base = 3;
  // A fenced block (```json ... ```) wins when it holds an object.
  size_t fence = answer.find("```", base);
  if (fence != std::string_view::npos) {
    size_t body = answer.find('\n', fence);
    if (body != std::string_view::npos) {
      size_t close = answer.find("```", body + 1);
      std::string_view inner = answer.substr(
          body + 1, close == std::string_view::npos ? std::string_view::npos : close - body - 1);
      if (inner.find('{') != std::string_view::npos) {
        base = body + 1;
        region = answer.substr(0, body + 1 + inner.size());
      }
    }
  }
  std::optional<Error> first_error;
  size_t pos = region.find('{', base);
  if (pos == std::string_view::npos) {
    return MakeError(Code::kParse, At(origin, answer, base) + ": no JSON object in the answer (" +
                                       std::to_string(answer.size()) + " bytes)");
  }
  for (int tries = 0; tries < kMaxCandidates && pos != std::string_view::npos; ++tries) {
    size_t end = 0;
    Match m = MatchObject(region, pos, &end);
    if (m == Match::kTruncated) {
      // Name where the unclosed object opens, never the end (an offset past the last byte).
      Error e(Code::kParse, At(origin, answer, pos) +
                                ": truncated JSON: the object opened here is not closed before "
                                "the end of the answer (" +
                                std::to_string(answer.size()) + " bytes)");
      return Fail(first_error.value_or(e));
    }
    if (m == Match::kTooDeep) {
      return MakeError(Code::kParse, At(origin, answer, end) + ": JSON nested deeper than " +
                                         std::to_string(kMaxDepth) + " levels");
    }
    if (m == Match::kMismatch) {
      if (!first_error) {
        first_error =
            Error(Code::kParse, At(origin, answer, end) + ": malformed JSON: unbalanced brackets");
      }
      pos = region.find('{', end + 1);
      continue;
    }
    std::string_view candidate = region.substr(pos, end - pos);
    auto j = ReadJson(candidate, JsonLimits{kMaxDepth});
    if (j && j->is_object()) return std::move(*j);
    if (!j && !first_error) {
      first_error = Error(Code::kParse, At(origin, answer, pos + j.error().byte) +
                                            ": malformed JSON: " + j.error().reason);
    }
    pos = region.find('{', end);
  }
  return Fail(first_error.value_or(
      Error(Code::kParse, At(origin, answer, base) + ": no JSON object in the answer")));
}

Result<BriefAnswer> ParseBriefAnswer(std::string_view answer, const AnswerRules& rules,
                                     std::string_view origin) {
  auto j = ParseJsonAnswer(answer, origin);
  if (!j) return Fail(j.error());
  BriefAnswer out;
  Validator v(rules, &out);
  v.Root(*j);
  return out;
}

std::vector<int64_t> InlineCitations(std::string_view prose) {
  std::vector<int64_t> out;
  ScanCitations(prose, [&](const std::vector<int64_t>& numbers, std::string*) {
    out.insert(out.end(), numbers.begin(), numbers.end());
  });
  return out;
}

std::string CleanCitations(std::string_view prose, const std::function<bool(int64_t)>& is_allowed,
                           int* unknown) {
  std::vector<int64_t> removed;
  std::string out = CleanImpl(prose, is_allowed, &removed);
  if (unknown != nullptr) *unknown += static_cast<int>(removed.size());
  return out;
}

double LanguageStats::Weight() const { return static_cast<double>(cjk) + 1.5 * latin_words; }

double LanguageStats::CjkShare() const {
  double w = Weight();
  return w > 0 ? static_cast<double>(cjk) / w : 0.0;
}

LanguageStats MeasureLanguage(std::string_view prose) {
  LanguageStats s;
  bool in_word = false;
  size_t i = 0;
  while (i < prose.size()) {
    uint32_t cp = DecodeUtf8(prose, &i);
    bool latin = (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
                 (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
    if (latin) {
      if (!in_word) ++s.latin_words;
      in_word = true;
      continue;
    }
    in_word = false;
    if (IsCjkLetter(cp)) ++s.cjk;
  }
  return s;
}

bool LanguageMatches(const LanguageStats& stats, std::string_view lang, double min_weight) {
  if (stats.Weight() < min_weight) return true;
  return IsChinese(lang) ? stats.CjkShare() >= 0.35 : stats.CjkShare() <= 0.5;
}

}  // namespace ah::brief
