#include "imports/bibtex.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/text.h"
#include "imports/tex.h"
#include "imports/util.h"

namespace ah::imports {
namespace {

constexpr size_t kMaxFieldBytes = size_t{1} << 20;
constexpr size_t kMacroBudget = size_t{64} << 20;
constexpr size_t kMaxUndefinedMacros = 100;  // named one by one; the uses of others are counted

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsNewline(char c) { return c == '\n' || c == '\r'; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Entry types that, at the start of a line, mark where the next entry begins. Used only to
// recover from a missing brace; any @type{ is parsed as an entry at the top level.
bool IsKnownType(std::string_view lower_type) {
  static const auto* const kTypes = new std::unordered_set<std::string_view>{
      "article",       "book",        "booklet",      "inbook",        "incollection",
      "inproceedings", "conference",  "manual",       "mastersthesis", "misc",
      "phdthesis",     "proceedings", "techreport",   "unpublished",   "online",
      "electronic",    "www",         "webpage",      "report",        "thesis",
      "software",      "dataset",     "patent",       "collection",    "mvbook",
      "mvcollection",  "periodical",  "suppbook",     "reference",     "inreference",
      "set",           "xdata",       "audio",        "video",         "artwork",
      "image",         "letter",      "movie",        "music",         "performance",
      "standard",      "preprint",    "jurisdiction", "legislation",   "legal",
      "string",        "comment",     "preamble",     "talk",          "presentation",
      "data",          "codefragment"};
  return kTypes->count(lower_type) > 0;
}

// Characters that end a field or macro name.
bool IsNameStop(char c, char close) {
  return c == ' ' || c == '\t' || IsNewline(c) || c == '=' || c == ',' || c == '{' || c == '}' ||
         c == '(' || c == ')' || c == '"' || c == '#' || c == close;
}

const char* const kMonths[] = {"jan", "January", "feb", "February", "mar", "March",
                               "apr", "April",   "may", "May",      "jun", "June",
                               "jul", "July",    "aug", "August",   "sep", "September",
                               "oct", "October", "nov", "November", "dec", "December"};

// Fields an entry is read for; the others are scanned over without being stored.
bool IsWantedField(std::string_view name) {
  static const auto* const kWanted = new std::unordered_set<std::string_view>{
      "title",      "author",     "year",         "date",   "doi",    "eprint", "archiveprefix",
      "eprinttype", "arxivid",    "arxiv",        "pmid",   "pubmed", "url",    "howpublished",
      "bdsk-url-1", "bdsk-url-2", "ee",           "link",   "note",   "annote", "annotation",
      "addendum",   "journal",    "journaltitle", "number", "volume", "extra",  "eid"};
  return kWanted->count(name) > 0;
}

// Splits an author list at top-level (brace depth 0) "and", case-insensitive and surrounded by
// whitespace: "{Barnes and Noble} and Doe, J." -> {"{Barnes and Noble}", "Doe, J."}.
std::vector<std::string_view> SplitNames(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t depth = 0, start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '{') {
      ++depth;
    } else if (c == '}') {
      if (depth > 0) --depth;
    } else if (depth == 0 && (c == ' ' || c == '\t' || IsNewline(c)) && i + 4 < s.size() &&
               (s[i + 1] == 'a' || s[i + 1] == 'A') && (s[i + 2] == 'n' || s[i + 2] == 'N') &&
               (s[i + 3] == 'd' || s[i + 3] == 'D') &&
               (s[i + 4] == ' ' || s[i + 4] == '\t' || IsNewline(s[i + 4]))) {
      parts.push_back(s.substr(start, i - start));
      start = i + 5;
      i += 4;
    }
  }
  parts.push_back(s.substr(start));
  return parts;
}

// Splits one name at top-level commas: "von Last, Jr, First".
std::vector<std::string_view> SplitCommas(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t depth = 0, start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '{')
      ++depth;
    else if (s[i] == '}' && depth > 0)
      --depth;
    else if (s[i] == ',' && depth == 0) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(s.substr(start));
  return parts;
}

// True when `decoded` still holds a TeX command or accent ("\lambda", "\emph", "\'e").
bool HasTexCommand(std::string_view decoded) {
  for (size_t i = 0; i + 1 < decoded.size(); ++i) {
    if (decoded[i] != '\\') continue;
    const char c = decoded[i + 1];
    if (IsAlpha(c) || std::string_view("'`^\"~=.").find(c) != std::string_view::npos) return true;
  }
  return false;
}

// A title's or a name's TeX as text. Zotero and Mendeley escape the TeX a user typed into a
// title ("\{\textbackslash lambda\}", "{\textbackslash}H", "$\backslash$emph\{k\}"): such a
// title is decoded twice. (A backslash written as "\textbackslash{}", as exports of plain text
// do, stays a backslash.) HTML entities ("&amp;", as some exports write them) are decoded too.
std::string DecodeText(std::string_view raw) {
  std::string t = DecodeTex(raw);
  const bool escaped_tex = raw.find("\\textbackslash ") != std::string_view::npos ||
                           raw.find("{\\textbackslash}") != std::string_view::npos ||
                           raw.find("$\\backslash$") != std::string_view::npos;
  if (escaped_tex && HasTexCommand(t)) t = DecodeTex(t);
  if (t.find('&') != std::string::npos) t = text::DecodeEntities(t);
  return t;
}

// Braces left in a name are escaped ones ("Remes, \{Bart D.W.\}", as Elsevier Pure writes
// them): never part of the name.
std::string DecodeName(std::string_view raw) {
  std::string name = DecodeText(raw);
  std::erase_if(name, [](char c) { return c == '{' || c == '}'; });
  return text::CollapseWhitespace(name);
}

std::vector<std::string> ParseAuthors(std::string_view raw) {
  std::vector<std::string> out;
  for (std::string_view name : SplitNames(raw)) {
    name = text::Trim(name);
    if (name.empty() || text::IEquals(name, "others")) continue;
    if (out.size() >= kMaxAuthors) break;
    std::vector<std::string_view> parts = SplitCommas(name);
    std::string display;
    if (parts.size() == 1) {
      display = DecodeName(name);
    } else if (parts.size() == 2) {
      display = JoinName(DecodeName(parts[1]), DecodeName(parts[0]), "");
    } else {
      std::string given;
      for (size_t k = 2; k < parts.size(); ++k) given += std::string(parts[k]) + " ";
      display = JoinName(DecodeName(given), DecodeName(parts[0]), DecodeName(parts[1]));
    }
    if (!display.empty()) out.push_back(std::move(display));
  }
  return out;
}

class Parser {
 public:
  Parser(std::string_view body, std::string_view origin)
      : s_(body), n_(body.size()), lines_(body), warnings_(origin) {}

  Result<ImportResult> Run();

 private:
  enum class Ws { kOk, kRecover, kEof };
  enum class Outcome { kClosed, kMissingClose, kBroken };

  struct Fields {
    bool is_string = false;
    std::unordered_map<std::string, std::string> values;  // first occurrence of each
  };

  int Line(size_t pos) const { return lines_.LineOf(pos); }
  bool LineStartsEntry(size_t p) const;
  Ws SkipWs();
  Ws SkipToFieldEnd(char close);
  Ws ScanBraced(std::string* out);
  Ws ScanQuoted(std::string* out, bool* bad);
  void Append(std::string* out, std::string_view part);
  void ExpandMacro(std::string_view name, std::string* out, std::string_view field, size_t at);
  Outcome ParseValue(std::string* out, std::string_view field, char close);
  Outcome ParseFields(char close, Fields& fields, size_t entry, std::string_view key, int line);
  void SkipBlock(char close, std::string_view type, size_t at);
  void ParseStringDef(char close, size_t at);
  void ParseEntry(char close, size_t at, std::string_view type);
  void FieldWarning(size_t entry, std::string_view key, int line, const std::string& what);
  void Build(size_t index, std::string_view key, int line, Fields& fields);

  std::string_view s_;
  size_t n_;
  size_t i_ = 0;
  // Start of the line where a new entry begins inside a broken one: every scan inside the
  // broken entry stops there (it is set once and i_ never moves back).
  size_t recover_at_ = static_cast<size_t>(-1);
  LineIndex lines_;
  Warnings warnings_;
  std::unordered_map<std::string, std::string> macros_;
  size_t macro_bytes_ = 0;
  bool budget_warned_ = false;
  bool saw_block_ = false;
  size_t entries_ = 0;
  std::string fail_;  // why the current value failed
  // Undefined @string macros by lower-cased name: where first used, how often.
  struct UndefinedUse {
    size_t order = 0, count = 0, entry = 0;
    std::string key, message;
    int line = 0;
  };
  std::unordered_map<std::string, UndefinedUse> undefined_;  // at most kMaxUndefinedMacros
  size_t undefined_dropped_ = 0;  // uses of further undefined macros
  // The entry whose fields are being read, for warnings from inside a value (-1: @string).
  size_t cur_entry_ = static_cast<size_t>(-1);
  std::string cur_key_;
  int cur_line_ = 0;
  ImportResult out_;
};

bool Parser::LineStartsEntry(size_t p) const {
  while (p < n_ && (s_[p] == ' ' || s_[p] == '\t')) ++p;
  if (p >= n_ || s_[p] != '@') return false;
  size_t t0 = ++p;
  while (p < n_ && IsAlpha(s_[p]) && p - t0 <= 16) ++p;
  if (p == t0 || p - t0 > 16) return false;
  if (!IsKnownType(Lower(s_.substr(t0, p - t0)))) return false;
  while (p < n_ && (s_[p] == ' ' || s_[p] == '\t')) ++p;
  return p < n_ && (s_[p] == '{' || s_[p] == '(');
}

Parser::Ws Parser::SkipWs() {
  if (i_ == recover_at_) return Ws::kRecover;
  while (i_ < n_) {
    char c = s_[i_];
    if (c == ' ' || c == '\t') {
      ++i_;
    } else if (IsNewline(c)) {
      ++i_;
      if (LineStartsEntry(i_)) {
        recover_at_ = i_;
        return Ws::kRecover;
      }
    } else {
      return Ws::kOk;
    }
  }
  return Ws::kEof;
}

// Skips the rest of a malformed field: up to a ',' (consumed) or the entry's closing
// delimiter (not consumed) at brace depth 0.
Parser::Ws Parser::SkipToFieldEnd(char close) {
  size_t depth = 0;
  while (i_ < n_) {
    char c = s_[i_];
    if (c == '{') {
      ++depth;
    } else if (c == '}' && depth > 0) {
      --depth;
    } else if (depth == 0 && c == close) {
      return Ws::kOk;
    } else if (depth == 0 && c == ',') {
      ++i_;
      return Ws::kOk;
    } else if (IsNewline(c)) {
      ++i_;
      if (LineStartsEntry(i_)) {
        recover_at_ = i_;
        return Ws::kRecover;
      }
      continue;
    }
    ++i_;
  }
  return Ws::kEof;
}

void Parser::Append(std::string* out, std::string_view part) {
  if (out == nullptr || out->size() >= kMaxFieldBytes) return;
  out->append(part.substr(0, kMaxFieldBytes - out->size()));
}

// s_[i_] == '{': the braced value, without its outer braces.
Parser::Ws Parser::ScanBraced(std::string* out) {
  const size_t start = i_ + 1;
  size_t depth = 0;
  for (size_t j = i_; j < n_; ++j) {
    char c = s_[j];
    if (c == '{') {
      ++depth;
    } else if (c == '}') {
      if (--depth == 0) {
        Append(out, s_.substr(start, j - start));
        i_ = j + 1;
        return Ws::kOk;
      }
    } else if (IsNewline(c) && LineStartsEntry(j + 1)) {
      i_ = recover_at_ = j + 1;
      return Ws::kRecover;
    }
  }
  i_ = n_;
  return Ws::kEof;
}

// s_[i_] == '"': the quoted value. Braces nest; a quote inside braces or after a backslash
// does not end it. *bad is set when an unbalanced '}' shows the entry ended inside it.
Parser::Ws Parser::ScanQuoted(std::string* out, bool* bad) {
  const size_t start = i_ + 1;
  size_t depth = 0;
  for (size_t j = start; j < n_; ++j) {
    char c = s_[j];
    if (c == '{') {
      ++depth;
    } else if (c == '}') {
      if (depth == 0) {
        *bad = true;
        i_ = j;
        return Ws::kOk;
      }
      --depth;
    } else if (c == '"' && depth == 0 && s_[j - 1] != '\\') {
      Append(out, s_.substr(start, j - start));
      i_ = j + 1;
      return Ws::kOk;
    } else if (IsNewline(c) && LineStartsEntry(j + 1)) {
      i_ = recover_at_ = j + 1;
      return Ws::kRecover;
    }
  }
  i_ = n_;
  return Ws::kEof;
}

void Parser::ExpandMacro(std::string_view name, std::string* out, std::string_view field,
                         size_t at) {
  std::string key = Lower(name);
  std::string_view value;
  bool defined = false;
  auto it = macros_.find(key);
  if (it != macros_.end()) {
    value = it->second;
    defined = true;
  } else {
    for (size_t k = 0; k < 24; k += 2)
      if (key == kMonths[k]) {
        value = kMonths[k + 1];
        defined = true;
      }
  }
  if (out == nullptr) return;  // a field that is not read: its macros do not matter
  if (!defined) {
    // BibTeX itself warns and reads an empty string: say so (once per macro, with its first
    // use and a count), or a value vanishes silently.
    auto found = undefined_.find(key);
    if (found == undefined_.end() && undefined_.size() >= kMaxUndefinedMacros) {
      ++undefined_dropped_;  // memory stays bounded however many names a hostile file invents
      return;
    }
    auto [use, first] = undefined_.try_emplace(key);
    if (first) {
      use->second.order = undefined_.size();
      use->second.message = "field '" + Truncate(field, 40) + "' uses @string macro '" +
                            Truncate(name, 40) + "' (line " + std::to_string(Line(at)) +
                            "), which is not defined before it; read as empty";
      use->second.entry = cur_entry_;
      use->second.key = cur_key_;
      use->second.line = cur_line_;
    }
    ++use->second.count;
    return;
  }
  if (value.empty()) return;
  if (macro_bytes_ + value.size() > kMacroBudget) {
    if (!budget_warned_) {
      warnings_.Add("@string expansion exceeds 64 MiB; further macro references left empty");
      budget_warned_ = true;
    }
    return;
  }
  macro_bytes_ += value.size();
  Append(out, value);
}

// Reads `part # part # ...` after the '='. On kBroken, fail_ says why.
Parser::Outcome Parser::ParseValue(std::string* out, std::string_view field, char close) {
  for (;;) {
    if (SkipWs() != Ws::kOk) {
      fail_ = "value of field '" + std::string(field) + "' is missing (file ends)";
      return Outcome::kBroken;
    }
    char c = s_[i_];
    const size_t part_at = i_;
    if (c == '{') {
      Ws r = ScanBraced(out);
      if (r != Ws::kOk) {
        fail_ = "unterminated value of field '" + std::string(field) + "' (line " +
                std::to_string(Line(part_at)) + "): missing '}'";
        return Outcome::kBroken;
      }
    } else if (c == '"') {
      bool bad = false;
      Ws r = ScanQuoted(out, &bad);
      if (r != Ws::kOk || bad) {
        fail_ = "unterminated quoted value of field '" + std::string(field) + "' (line " +
                std::to_string(Line(part_at)) + "): missing '\"'";
        return Outcome::kBroken;
      }
    } else if (IsDigit(c)) {
      size_t j = i_;
      while (j < n_ && IsDigit(s_[j])) ++j;
      Append(out, s_.substr(i_, j - i_));
      i_ = j;
    } else if (!IsNameStop(c, close)) {
      size_t j = i_;
      while (j < n_ && !IsNameStop(s_[j], close)) ++j;
      ExpandMacro(s_.substr(i_, j - i_), out, field, i_);
      i_ = j;
    } else {
      return Outcome::kClosed;  // an empty value ("title = ,"): nothing to read
    }
    if (SkipWs() != Ws::kOk) return Outcome::kClosed;  // the caller sees the end again
    if (s_[i_] != '#') return Outcome::kClosed;
    ++i_;
  }
}

void Parser::FieldWarning(size_t entry, std::string_view key, int line, const std::string& what) {
  if (entry == static_cast<size_t>(-1)) {
    warnings_.Add("@string (line " + std::to_string(line) + "): " + what);
  } else {
    warnings_.AddEntry(entry, key, line, what);
  }
}

Parser::Outcome Parser::ParseFields(char close, Fields& fields, size_t entry, std::string_view key,
                                    int line) {
  cur_entry_ = entry;
  cur_key_ = std::string(key);
  cur_line_ = line;
  for (;;) {
    if (SkipWs() != Ws::kOk) return Outcome::kMissingClose;
    char c = s_[i_];
    if (c == close) {
      ++i_;
      return Outcome::kClosed;
    }
    if (c == ',') {
      ++i_;
      continue;
    }
    const size_t name_at = i_;
    while (i_ < n_ && !IsNameStop(s_[i_], close)) ++i_;
    if (i_ == name_at) {
      FieldWarning(entry, key, line,
                   std::string("unexpected '") + c + "' at line " + std::to_string(Line(name_at)) +
                       "; skipped to the next field");
      ++i_;
      if (SkipToFieldEnd(close) != Ws::kOk) return Outcome::kMissingClose;
      continue;
    }
    std::string name = Lower(s_.substr(name_at, i_ - name_at));
    if (SkipWs() != Ws::kOk) return Outcome::kMissingClose;
    if (s_[i_] != '=') {
      FieldWarning(entry, key, line,
                   "field '" + Truncate(name, 40) + "' at line " + std::to_string(Line(name_at)) +
                       " has no '='; ignored");
      if (SkipToFieldEnd(close) != Ws::kOk) return Outcome::kMissingClose;
      continue;
    }
    ++i_;
    const bool want = fields.is_string || IsWantedField(name);
    std::string value;
    if (ParseValue(want ? &value : nullptr, name, close) == Outcome::kBroken)
      return Outcome::kBroken;
    if (want) fields.values.try_emplace(std::move(name), std::move(value));
    if (SkipWs() != Ws::kOk) return Outcome::kMissingClose;
    c = s_[i_];
    if (c == ',') {
      ++i_;
    } else if (c == close) {
      ++i_;
      return Outcome::kClosed;
    } else if (IsAlpha(c)) {
      FieldWarning(entry, key, line, "missing ',' before line " + std::to_string(Line(i_)));
    } else {
      FieldWarning(entry, key, line,
                   std::string("unexpected '") + c + "' at line " + std::to_string(Line(i_)) +
                       "; skipped to the next field");
      if (SkipToFieldEnd(close) != Ws::kOk) return Outcome::kMissingClose;
    }
  }
}

// @comment and @preamble: skipped up to the matching delimiter.
void Parser::SkipBlock(char close, std::string_view type, size_t at) {
  size_t depth = 0;
  while (i_ < n_) {
    char c = s_[i_];
    if (c == '{') {
      ++depth;
    } else if (c == '}' && depth > 0) {
      --depth;
    } else if (depth == 0 && c == close) {
      ++i_;
      return;
    } else if (IsNewline(c) && LineStartsEntry(i_ + 1)) {
      ++i_;
      warnings_.Add("@" + std::string(type) + " at line " + std::to_string(Line(at)) +
                    " is not closed; ignored up to line " + std::to_string(Line(i_)));
      return;
    }
    ++i_;
  }
  warnings_.Add("@" + std::string(type) + " at line " + std::to_string(Line(at)) +
                " is not closed");
}

void Parser::ParseStringDef(char close, size_t at) {
  Fields fields;
  fields.is_string = true;
  const int line = Line(at);
  Outcome o = ParseFields(close, fields, static_cast<size_t>(-1), "", line);
  if (o == Outcome::kBroken) {
    warnings_.Add("@string at line " + std::to_string(line) + ": " + fail_ + "; ignored");
    return;
  }
  if (o == Outcome::kMissingClose)
    warnings_.Add("@string at line " + std::to_string(line) + ": missing closing delimiter");
  for (auto& [name, value] : fields.values) macros_[name] = std::move(value);
}

void Parser::ParseEntry(char close, size_t at, std::string_view type) {
  const size_t index = entries_++;
  const int line = Line(at);
  std::string key;
  if (SkipWs() == Ws::kOk) {
    const size_t k0 = i_;
    while (i_ < n_ && s_[i_] != ',' && s_[i_] != close && s_[i_] != '=' && s_[i_] != '}' &&
           s_[i_] != ' ' && s_[i_] != '\t' && !IsNewline(s_[i_]))
      ++i_;
    key = std::string(s_.substr(k0, i_ - k0));
    size_t after = i_;
    SkipWs();
    if (i_ < n_ && s_[i_] == '=') {
      key.clear();  // "@article{title = ..." : no key, the first field follows
      i_ = k0;
    } else {
      i_ = after;
    }
  }
  Fields fields;
  Outcome o = ParseFields(close, fields, index, key, line);
  if (o == Outcome::kBroken) {
    warnings_.AddEntry(index, key, line, fail_ + "; entry skipped");
    return;
  }
  if (o == Outcome::kMissingClose) {
    warnings_.AddEntry(index, key, line,
                       std::string("missing closing '") + close + "'; entry kept");
  }
  if ((type == "set" || type == "xdata") && !fields.values.count("title")) {
    // biblatex: a @set groups entries of the file, an @xdata holds fields they share.
    warnings_.AddEntry(index, key, line,
                       "@" + std::string(type) + " groups other entries of the file; skipped");
    return;
  }
  Build(index, key, line, fields);
}

void Parser::Build(size_t index, std::string_view key, int line, Fields& fields) {
  auto get = [&](std::string_view name) -> const std::string* {
    auto it = fields.values.find(std::string(name));
    return it == fields.values.end() ? nullptr : &it->second;
  };
  auto verbatim = [&](std::string_view name) -> std::string {
    const std::string* v = get(name);
    return v ? std::string(text::Trim(DecodeTexVerbatim(*v))) : std::string();
  };
  auto warn_bad = [&](std::string_view what, const std::string& value) {
    warnings_.AddEntry(index, key, line,
                       "ignored malformed " + std::string(what) + " '" + Truncate(value, 60) + "'");
  };

  Reference ref;
  ref.index = index;
  ref.line = line;
  ref.label = std::string(key);

  auto take_doi = [&](std::string_view what, const std::string& value) {
    std::string note;
    if (!TakeDoiField(ref, value, &note))
      warn_bad(what, value);
    else if (!note.empty())
      warnings_.AddEntry(index, key, line, note);
  };
  std::string doi = verbatim("doi");
  if (!doi.empty()) take_doi("DOI", doi);

  std::string eprint = verbatim("eprint");
  if (!eprint.empty()) {
    std::string type = Lower(verbatim("archiveprefix"));
    if (type.empty()) type = Lower(verbatim("eprinttype"));
    if (type == "arxiv") {
      if (!TakeArxiv(ref, eprint)) warn_bad("arXiv eprint", eprint);
    } else if (type == "pubmed" || type == "pmid") {
      if (!TakePmid(ref, eprint)) warn_bad("PubMed eprint", eprint);
    } else if (type == "doi") {
      take_doi("DOI eprint", eprint);
    } else if (type.empty()) {
      if (!TakeArxiv(ref, eprint)) ScanIds(ref, eprint);
    } else {
      ScanIds(ref, eprint);  // jstor, hdl, ...: only a URL in it can help
    }
  }
  for (std::string_view f : {"arxivid", "arxiv"}) {
    std::string v = verbatim(f);
    if (!v.empty() && !TakeArxiv(ref, v)) warn_bad(f, v);
  }
  for (std::string_view f : {"pmid", "pubmed"}) {
    std::string v = verbatim(f);
    if (!v.empty() && !TakePmid(ref, v)) warn_bad("PMID", v);
  }
  for (std::string_view f : {"url", "howpublished", "bdsk-url-1", "bdsk-url-2", "ee", "link"}) {
    std::string v = verbatim(f);
    if (!v.empty()) ScanIds(ref, v);
  }
  // DBLP: journal = {CoRR}, volume = {abs/1706.03762}.
  std::string volume = verbatim("volume");
  if (text::StartsWith(volume, "abs/") && text::IEquals(verbatim("journal"), "CoRR"))
    TakeArxiv(ref, volume.substr(4));
  for (std::string_view f : {"note", "annote", "annotation", "addendum", "journal", "journaltitle",
                             "number", "extra", "eid"}) {
    std::string v = verbatim(f);
    if (!v.empty()) ScanIds(ref, v);
  }

  if (const std::string* t = get("title")) ref.title = DecodeText(*t);
  if (const std::string* a = get("author")) ref.authors = ParseAuthors(*a);
  if (const std::string* y = get("year")) ref.year = ExtractYear(DecodeTex(*y));
  if (ref.year.empty()) ref.year = ExtractYear(verbatim("date"));
  FinishEntry(std::move(ref), out_, warnings_);
}

Result<ImportResult> Parser::Run() {
  out_.format = RefFormat::kBibtex;
  bool line_start = true;
  while (i_ < n_) {
    char c = s_[i_];
    if (IsNewline(c)) {
      line_start = true;
      ++i_;
      continue;
    }
    if (c == ' ' || c == '\t') {
      ++i_;
      continue;
    }
    if (c == '%' && line_start) {  // a comment line between entries (JabRef, biber)
      while (i_ < n_ && !IsNewline(s_[i_])) ++i_;
      continue;
    }
    line_start = false;
    if (c != '@') {
      ++i_;
      continue;
    }
    const size_t at = i_;
    size_t j = i_ + 1;
    while (j < n_ && (s_[j] == ' ' || s_[j] == '\t')) ++j;
    const size_t t0 = j;
    while (j < n_ && IsAlpha(s_[j])) ++j;
    const size_t t1 = j;
    while (j < n_ && (s_[j] == ' ' || s_[j] == '\t' || IsNewline(s_[j]))) ++j;
    if (t1 == t0 || j >= n_ || (s_[j] != '{' && s_[j] != '(')) {
      i_ = at + 1;  // "user@example.org", "@media screen": not an entry
      continue;
    }
    const std::string type = Lower(s_.substr(t0, t1 - t0));
    const char close = s_[j] == '{' ? '}' : ')';
    i_ = j + 1;
    if (type == "comment" || type == "preamble") {
      saw_block_ = true;
      SkipBlock(close, type, at);
    } else if (type == "string") {
      saw_block_ = true;
      ParseStringDef(close, at);
    } else {
      ParseEntry(close, at, type);
    }
  }
  if (entries_ == 0 && !saw_block_)
    return MakeError(Code::kParse, warnings_.origin() +
                                       ": not BibTeX: no '@type{key, ...}' entry found (line 1)");
  if (entries_ == 0) warnings_.Add("no entries (only @string/@comment/@preamble)");
  std::vector<const UndefinedUse*> undefined;
  for (const auto& [name, use] : undefined_) undefined.push_back(&use);
  std::sort(undefined.begin(), undefined.end(),
            [](const UndefinedUse* a, const UndefinedUse* b) { return a->order < b->order; });
  for (const UndefinedUse* use : undefined) {
    std::string what = use->message;
    if (use->count > 1) what += " (and " + std::to_string(use->count - 1) + " more uses)";
    FieldWarning(use->entry, use->key, use->line, what);
  }
  if (undefined_dropped_ > 0)
    warnings_.Add("... and " + std::to_string(undefined_dropped_) +
                  " uses of further @string macros that are not defined");
  out_.warnings = warnings_.Take();
  return std::move(out_);
}

}  // namespace

Result<ImportResult> ParseBibtex(std::string_view body, std::string_view origin) {
  Parser parser(body, origin);
  return parser.Run();
}

}  // namespace ah::imports
