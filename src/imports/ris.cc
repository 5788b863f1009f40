#include "imports/ris.h"

#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/text.h"
#include "imports/util.h"

namespace ah::imports {
namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "TY  - JOUR" -> {"TY", "JOUR"}. The '-' sits at column 4 in RIS and MEDLINE ("PMID- ",
// "FAU - "); some exporters write one space ("TY - ").
bool ParseTagLine(std::string_view line, std::string_view* tag, std::string_view* value) {
  if (line.size() < 4 || !IsUpper(line[0])) return false;
  size_t k = 1;
  while (k < line.size() && k < 4 && (IsUpper(line[k]) || IsDigit(line[k]))) ++k;
  if (k < 2) return false;
  size_t tag_end = k;
  while (k < line.size() && line[k] == ' ') ++k;
  if (k < 3 || k > 5 || k >= line.size() || line[k] != '-') return false;
  if (k + 1 < line.size() && line[k + 1] != ' ') return false;
  *tag = line.substr(0, tag_end);
  *value = k + 2 <= line.size() ? line.substr(k + 2) : std::string_view();
  return true;
}

// The tags Convert reads; others are not stored (nor their continuation lines).
bool IsUsedTag(std::string_view tag) {
  static const auto* const kTags = new std::unordered_set<std::string_view>{
      "ID", "PMID", "TI", "T1",  "CT", "BT", "ST", "BTI", "AU", "A1",  "FAU", "CN", "PY",
      "Y1", "DA",   "DP", "DEP", "DO", "M3", "DB", "AN",  "C2", "LID", "AID", "UR", "L1",
      "L2", "L3",   "L4", "LK",  "N1", "M1", "M2", "JO",  "JF", "JA",  "T2",  "SO"};
  return kTags->count(tag) > 0;
}

struct Field {
  std::string_view tag;
  std::string value;
};

struct Record {
  size_t index = 0;
  int line = 0;
  std::vector<Field> fields;
};

// U+2028/U+2029 (some Atypon sites wrap RIS lines with them) become spaces.
std::string CleanValue(std::string_view v) {
  v = text::Trim(v);
  std::string out;
  out.reserve(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\xE2' && i + 2 < v.size() && v[i + 1] == '\x80' &&
        (v[i + 2] == '\xA8' || v[i + 2] == '\xA9')) {
      out.push_back(' ');
      i += 2;
    } else {
      out.push_back(v[i]);
    }
  }
  return out;
}

// Calls fn(line, number) for each line (LF, CRLF or CR ends), without storing them.
template <typename Fn>
void ForEachLine(std::string_view body, Fn&& fn) {
  size_t i = 0;
  int number = 1;
  while (i < body.size()) {
    size_t end = body.find_first_of("\r\n", i);
    if (end == std::string_view::npos) {
      fn(body.substr(i), number);
      return;
    }
    if (!fn(body.substr(i, end - i), number)) return;
    i = end + ((body[end] == '\r' && end + 1 < body.size() && body[end + 1] == '\n') ? 2 : 1);
    ++number;
  }
}

Reference Convert(const Record& r, bool medline, Warnings& warnings);

class RecordReader {
 public:
  RecordReader(std::string_view origin, bool medline, ImportResult& out)
      : warnings_(origin), medline_(medline), out_(out) {}

  void Line(std::string_view line, int number) {
    std::string_view tag, value;
    if (ParseTagLine(line, &tag, &value)) {
      OnTag(tag, value, number);
      return;
    }
    if (text::Trim(line).empty()) {
      if (medline_) Close();
      return;
    }
    // An untagged line continues the previous value.
    if (open_ && !skipping_ && !rec_.fields.empty()) {
      std::string& v = rec_.fields.back().value;
      std::string more = CleanValue(line);
      if (!v.empty() && !more.empty()) v.push_back(' ');
      v += more;
    }
  }

  void End() {
    if (open_ && !medline_) {
      warnings_.AddEntry(rec_.index, Label(rec_), rec_.line,
                         "no ER line at the end of the file; record kept");
    }
    Close();
  }

  Warnings& warnings() { return warnings_; }
  size_t count() const { return count_; }

  // The label used in warnings before the record is converted.
  static std::string Label(const Record& r) {
    for (const Field& f : r.fields) {
      if (f.tag == "ID" && !f.value.empty()) return f.value;
      if (f.tag == "PMID" && !f.value.empty()) return "PMID " + f.value;
    }
    return "";
  }

 private:
  void Open(int number) {
    open_ = true;
    rec_ = Record();
    rec_.index = count_++;
    rec_.line = number;
  }
  void Close() {
    if (!open_) return;
    FinishEntry(Convert(rec_, medline_, warnings_), out_, warnings_);
    rec_ = Record();
    open_ = false;
  }

  void OnTag(std::string_view tag, std::string_view value, int number) {
    if (medline_) {
      if (tag == "PMID") {
        Close();
        Open(number);
      } else if (!open_) {
        Open(number);
      }
    } else if (tag == "TY") {
      if (open_) {
        warnings_.AddEntry(
            rec_.index, Label(rec_), rec_.line,
            "no ER line before the next TY (line " + std::to_string(number) + "); record kept");
        Close();
      }
      Open(number);
    } else if (tag == "ER") {
      Close();
      return;
    } else if (!open_) {
      Open(number);
      warnings_.AddEntry(rec_.index, "", number, "record does not start with a TY line");
    }
    skipping_ = !IsUsedTag(tag);
    if (!skipping_) rec_.fields.push_back(Field{tag, CleanValue(value)});
  }

  Warnings warnings_;
  bool medline_;
  bool open_ = false;
  bool skipping_ = false;  // the current tag is not stored
  size_t count_ = 0;
  Record rec_;
  ImportResult& out_;
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!IsDigit(c)) return false;
  return true;
}

Reference Convert(const Record& r, bool medline, Warnings& warnings) {
  Reference ref;
  ref.index = r.index;
  ref.line = r.line;
  auto first = [&](std::initializer_list<std::string_view> tags) -> std::string {
    for (std::string_view t : tags)
      for (const Field& f : r.fields)
        if (f.tag == t && !f.value.empty()) return f.value;
    return "";
  };
  auto each = [&](std::string_view tag, auto&& fn) {
    for (const Field& f : r.fields)
      if (f.tag == tag && !f.value.empty()) fn(f.value);
  };
  const std::string label = RecordReader::Label(r);
  auto warn_bad = [&](std::string_view what, const std::string& v) {
    warnings.AddEntry(r.index, label, r.line,
                      "ignored malformed " + std::string(what) + " '" + Truncate(v, 60) + "'");
  };

  if (medline) {
    each("PMID", [&](const std::string& v) {
      if (!TakePmid(ref, v)) warn_bad("PMID", v);
    });
    for (std::string_view tag : {"LID", "AID"}) {
      each(tag, [&](const std::string& v) {
        if (text::EndsWith(v, "[doi]")) TakeDoi(ref, v.substr(0, v.size() - 5));
      });
    }
  } else {
    each("DO", [&](const std::string& v) {
      std::string note;
      if (TakeDoiField(ref, v, &note)) {
        if (!note.empty()) warnings.AddEntry(r.index, label, r.line, note);
        return;
      }
      Reference probe;  // "DO - https://arxiv.org/abs/..." and other URLs
      ScanIds(probe, v);
      if (probe.HasId())
        ScanIds(ref, v);
      else
        warn_bad("DOI", v);
    });
    each("M3", [&](const std::string& v) { TakeDoi(ref, v); });
    std::string db = Lower(first({"DB", "DP"}));
    bool pubmed_db = db.empty() || db.find("pubmed") != std::string::npos ||
                     db.find("medline") != std::string::npos ||
                     db.find("nlm") != std::string::npos || db.find("ncbi") != std::string::npos;
    each("AN", [&](const std::string& v) {
      if (AllDigits(v) && pubmed_db) TakePmid(ref, v);
    });
    each("C2", [&](const std::string& v) {
      if (AllDigits(v)) TakePmid(ref, v);
    });
  }
  for (std::string_view tag : {"UR", "L1", "L2", "L3", "L4", "LK"})
    each(tag, [&](const std::string& v) { ScanIds(ref, v); });
  for (std::string_view tag : {"AN", "N1", "M1", "M2", "JO", "JF", "JA", "T2", "SO"})
    each(tag, [&](const std::string& v) { ScanIds(ref, v); });

  std::string title = medline ? first({"TI", "BTI"}) : first({"TI", "T1", "CT", "BT", "ST"});
  ref.title = text::StripMarkup(title);

  std::unordered_set<std::string> seen;
  auto add_author = [&](const std::string& v) {
    if (ref.authors.size() >= kMaxAuthors) return;
    std::string name = DisplayName(text::DecodeEntities(v));
    if (!name.empty() && seen.insert(name).second) ref.authors.push_back(std::move(name));
  };
  if (medline) {
    bool has_fau = false;
    each("FAU", [&](const std::string& v) {
      has_fau = true;
      add_author(v);
    });
    if (!has_fau) each("AU", add_author);
    each("CN", add_author);
  } else {
    each("AU", add_author);
    each("A1", add_author);
  }

  ref.year = ExtractYear(medline ? first({"DP", "DEP"}) : first({"PY", "Y1", "DA"}));
  ref.label = medline ? label : first({"ID"});
  return ref;
}

}  // namespace

Result<ImportResult> ParseRis(std::string_view body, std::string_view origin) {
  // The first tag line decides between RIS and MEDLINE.
  bool medline = false, any_tag = false;
  ForEachLine(body, [&](std::string_view line, int) {
    std::string_view tag, value;
    if (!ParseTagLine(line, &tag, &value)) return true;
    any_tag = true;
    medline = tag == "PMID";
    return false;
  });
  if (!any_tag)
    return MakeError(Code::kParse,
                     std::string(origin) + ": not RIS: no tag line such as 'TY  - JOUR' (line 1)");

  ImportResult out;
  out.format = RefFormat::kRis;
  RecordReader reader(origin, medline, out);
  ForEachLine(body, [&](std::string_view line, int number) {
    reader.Line(line, number);
    return true;
  });
  reader.End();
  if (reader.count() == 0) reader.warnings().Add("no records");
  out.warnings = reader.warnings().Take();
  return out;
}

}  // namespace ah::imports
