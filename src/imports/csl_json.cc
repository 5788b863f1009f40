#include "imports/csl_json.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>

#include "core/json.h"
#include "core/text.h"
#include "imports/util.h"

namespace ah::imports {
namespace {

using json = nlohmann::json;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Item keys kept while parsing (lower-cased); everything else is dropped unread.
bool IsWantedKey(std::string_view lower_key) {
  static const auto* const kKeys = new std::unordered_set<std::string_view>{"id",
                                                                            "citation-key",
                                                                            "title",
                                                                            "doi",
                                                                            "pmid",
                                                                            "url",
                                                                            "number",
                                                                            "archive",
                                                                            "archive_location",
                                                                            "note",
                                                                            "container-title",
                                                                            "publisher",
                                                                            "source",
                                                                            "author",
                                                                            "issued"};
  return kKeys->count(lower_key) > 0;
}

class ItemReader {
 public:
  ItemReader(Warnings& warnings, ImportResult& out) : warnings_(warnings), out_(out) {}

  void Convert(const json& item, size_t index);

 private:
  const json* Find(const json& item, std::string_view key) const;
  std::optional<std::string> Str(const json& item, std::string_view key, bool numbers_ok);
  void Warn(std::string_view what) { warnings_.AddEntry(index_, label_, 0, what); }
  void ReadAuthors(const json& authors, Reference& ref);
  void ReadIssued(const json& issued, Reference& ref);

  Warnings& warnings_;
  ImportResult& out_;
  size_t index_ = 0;
  std::string label_;
};

const json* ItemReader::Find(const json& item, std::string_view key) const {
  auto it = item.find(std::string(key));
  if (it != item.end()) return &*it;
  for (auto kv = item.begin(); kv != item.end(); ++kv)
    if (text::IEquals(kv.key(), key)) return &kv.value();
  return nullptr;
}

// The string value of `key`; numbers become their decimal text when numbers_ok. Absent or
// null -> nullopt; any other type -> nullopt with a warning.
std::optional<std::string> ItemReader::Str(const json& item, std::string_view key,
                                           bool numbers_ok) {
  const json* v = Find(item, key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_string()) return v->get_ref<const std::string&>();
  if (numbers_ok && v->is_number_unsigned()) return std::to_string(v->get<uint64_t>());
  if (numbers_ok && v->is_number_integer()) return std::to_string(v->get<int64_t>());
  Warn("field '" + std::string(key) + "' is " + (v->is_number() ? "a number" : v->type_name()) +
       ", expected a string; ignored");
  return std::nullopt;
}

void ItemReader::ReadAuthors(const json& authors, Reference& ref) {
  if (!authors.is_array()) {
    Warn(std::string("field 'author' is ") + authors.type_name() + ", expected an array; ignored");
    return;
  }
  bool warned = false;
  for (const json& a : authors) {
    if (ref.authors.size() >= kMaxAuthors) break;
    std::string name;
    if (a.is_string()) {
      name = DisplayName(a.get_ref<const std::string&>());
    } else if (a.is_object()) {
      auto part = [&](const char* key) -> std::string {
        auto it = a.find(key);
        return it != a.end() && it->is_string() ? it->get<std::string>() : std::string();
      };
      std::string literal = part("literal");
      if (!literal.empty()) {
        name = text::CollapseWhitespace(literal);
      } else {
        std::string given = JoinName(part("given"), part("dropping-particle"), "");
        std::string family = JoinName(part("non-dropping-particle"), part("family"), "");
        name = JoinName(given, family, part("suffix"));
      }
    } else if (!warned) {
      Warn(std::string("an 'author' element is ") + a.type_name() + "; ignored");
      warned = true;
    }
    if (!name.empty()) ref.authors.push_back(std::move(name));
  }
}

void ItemReader::ReadIssued(const json& issued, Reference& ref) {
  if (issued.is_string()) {
    ref.year = ExtractYear(issued.get_ref<const std::string&>());
    return;
  }
  if (issued.is_number_integer()) {
    ref.year = ExtractYear(std::to_string(issued.get<int64_t>()));
    return;
  }
  if (!issued.is_object()) {
    Warn(std::string("field 'issued' is ") + issued.type_name() + ", expected an object; ignored");
    return;
  }
  auto parts = issued.find("date-parts");
  if (parts != issued.end()) {
    if (parts->is_array() && !parts->empty() && (*parts)[0].is_array() && !(*parts)[0].empty()) {
      const json& y = (*parts)[0][0];
      if (y.is_number_integer())
        ref.year = ExtractYear(std::to_string(y.get<int64_t>()));
      else if (y.is_string())
        ref.year = ExtractYear(y.get_ref<const std::string&>());
    }
    if (ref.year.empty()) Warn("field 'issued' has unusable date-parts; ignored");
    return;
  }
  for (const char* key : {"raw", "literal"}) {
    auto it = issued.find(key);
    if (it != issued.end() && it->is_string()) {
      ref.year = ExtractYear(it->get_ref<const std::string&>());
      return;
    }
  }
}

void ItemReader::Convert(const json& item, size_t index) {
  index_ = index;
  label_.clear();
  Reference ref;
  ref.index = index;
  ref.line = 0;
  if (auto id = Str(item, "id", true)) label_ = *id;
  if (label_.empty())
    if (auto key = Str(item, "citation-key", false)) label_ = *key;
  ref.label = label_;

  if (auto doi = Str(item, "DOI", false); doi && !text::Trim(*doi).empty()) {
    std::string note;
    if (!TakeDoiField(ref, *doi, &note))
      Warn("ignored malformed DOI '" + Truncate(*doi, 60) + "'");
    else if (!note.empty())
      Warn(note);
  }
  if (auto pmid = Str(item, "PMID", true); pmid && !text::Trim(*pmid).empty()) {
    if (!TakePmid(ref, *pmid)) Warn("ignored malformed PMID '" + Truncate(*pmid, 60) + "'");
  }
  std::optional<std::string> container = Str(item, "container-title", false);
  std::string context = container ? Lower(*container) : "";  // where arXiv may be named
  for (std::string_view key : {"publisher", "source", "archive"})
    if (auto v = Str(item, key, false)) context += " " + Lower(*v);
  const bool arxiv_context = context.find("arxiv") != std::string::npos;
  std::optional<std::string> number = Str(item, "number", true);
  if (number && arxiv_context) TakeArxiv(ref, *number);
  std::optional<std::string> location = Str(item, "archive_location", true);
  if (location && arxiv_context) TakeArxiv(ref, *location);
  for (const std::optional<std::string>& v :
       {number, location, Str(item, "URL", false), Str(item, "note", false), container}) {
    if (v) ScanIds(ref, *v);
  }

  if (auto title = Str(item, "title", false)) ref.title = text::StripMarkup(*title);
  if (const json* authors = Find(item, "author"); authors && !authors->is_null())
    ReadAuthors(*authors, ref);
  if (const json* issued = Find(item, "issued"); issued && !issued->is_null())
    ReadIssued(*issued, ref);
  FinishEntry(std::move(ref), out_, warnings_);
}

}  // namespace

Result<ImportResult> ParseCslJson(std::string_view body, std::string_view origin) {
  const std::string o(origin);
  std::string_view trimmed = text::Trim(body);
  if (trimmed.empty()) return MakeError(Code::kParse, o + ": empty file at byte 0");
  Warnings warnings(origin);
  ImportResult out;
  out.format = RefFormat::kCslJson;
  ItemReader reader(warnings, out);

  enum class Top { kUnknown, kArray, kObject, kOther };
  Top top = Top::kUnknown;
  size_t seen = 0;  // top-level array elements read so far
  auto callback = [&](int depth, json::parse_event_t event, json& parsed) -> bool {
    using E = json::parse_event_t;
    if (depth == 0 && top == Top::kUnknown) {
      top = event == E::array_start    ? Top::kArray
            : event == E::object_start ? Top::kObject
                                       : Top::kOther;
      return true;
    }
    const int key_depth = top == Top::kArray ? 2 : 1;
    if (event == E::key && depth == key_depth)
      return parsed.is_string() && IsWantedKey(Lower(parsed.get_ref<const std::string&>()));
    if (top == Top::kArray && depth == 1) {
      if (event == E::object_end) {
        reader.Convert(parsed, seen++);
        return false;  // converted: drop it
      }
      if (event == E::value || event == E::array_end) {
        warnings.AddEntry(
            seen++, "", 0,
            std::string("not a JSON object (got ") + parsed.type_name() + "); skipped");
        return false;
      }
    }
    return true;
  };

  // The depth limit stops a hostile file before any value is built; the callback
  // converts and drops each item as soon as it is read.
  auto parsed = ParseJson(body, origin, callback);
  if (!parsed) return Fail(parsed.error());
  json doc = std::move(*parsed);

  if (top == Top::kObject) {
    if (!doc.is_object() || doc.empty())
      return MakeError(Code::kParse,
                       o + ": not CSL-JSON: a JSON object without CSL item fields (id, type, "
                           "title, DOI, author...) at byte 0");
    reader.Convert(doc, 0);
  } else if (top != Top::kArray) {
    return MakeError(Code::kParse, o +
                                       ": not CSL-JSON: expected an array of items or one item "
                                       "object, got " +
                                       doc.type_name() + " at byte 0");
  }
  if (seen == 0 && top == Top::kArray) warnings.Add("no entries (empty array)");
  out.warnings = warnings.Take();
  return out;
}

}  // namespace ah::imports
