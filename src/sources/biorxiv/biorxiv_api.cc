// Parser for api.biorxiv.org details pages (bioRxiv and medRxiv).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/text.h"
#include "sources/biorxiv/biorxiv.h"

namespace ah::sources::biorxiv {
namespace {

using nlohmann::json;

std::string Origin(const ParseContext& ctx) { return ctx.origin.empty() ? "<input>" : ctx.origin; }

// Counts beyond this are not plausible and would risk overflow in cursor + count.
constexpr int64_t kMaxCount = 1'000'000'000'000LL;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The string value of obj[key], or "" when absent, null or not a string.
// With `numbers`, integers are rendered as decimal (version may be a number).
std::string Str(const json& obj, const char* key, bool numbers = false) {
  auto it = obj.find(key);
  if (it == obj.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (numbers && (it->is_number_integer() || it->is_number_unsigned())) return it->dump();
  return "";
}

// Reads a non-negative integer that may be a JSON number or a decimal string.
// Absent, null or "" -> nullopt. Anything else -> error naming the field.
Result<std::optional<int64_t>> Count(const json& obj, const char* key, const ParseContext& ctx) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::optional<int64_t>();
  auto bad = [&](std::string_view why) {
    return MakeError(Code::kParse, Origin(ctx) + ": messages[0]." + key + ": " + std::string(why) +
                                       " (got " + it->dump().substr(0, 40) + ")");
  };
  if (it->is_number_unsigned()) {
    uint64_t v = it->get<uint64_t>();
    if (v > static_cast<uint64_t>(kMaxCount)) return bad("too large");
    return std::optional<int64_t>(static_cast<int64_t>(v));
  }
  if (it->is_number_integer()) {
    int64_t v = it->get<int64_t>();
    if (v < 0) return bad("negative");
    if (v > kMaxCount) return bad("too large");
    return std::optional<int64_t>(v);
  }
  if (it->is_number_float()) {
    double d = it->get<double>();
    if (!(d >= 0 && d <= static_cast<double>(kMaxCount)) ||
        static_cast<double>(static_cast<int64_t>(d)) != d)
      return bad("not a non-negative integer");
    return std::optional<int64_t>(static_cast<int64_t>(d));
  }
  if (it->is_string()) {
    std::string_view s = text::Trim(it->get_ref<const std::string&>());
    if (s.empty()) return std::optional<int64_t>();
    if (s.size() > 13) return bad("too large");
    int64_t v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return bad("not a decimal number");
      v = v * 10 + (c - '0');
    }
    return std::optional<int64_t>(v);
  }
  return bad("expected a number or a decimal string");
}

// "bioRxiv"/"biorxiv" -> "biorxiv"; "medRxiv" -> "medrxiv"; other -> "".
std::string ServerKey(std::string_view s) {
  std::string l = Lower(text::Trim(s));
  if (l == "biorxiv" || l == "medrxiv") return l;
  return "";
}

// Family-name key of an API author ("de Farias, C. B." -> "farias") or of a display
// name ("Caroline B. de Farias" -> "farias"): the last word, folded, letters only.
std::string SurnameWordKey(std::string_view family_or_full) {
  std::string_view s = text::Trim(family_or_full);
  size_t sp = s.find_last_of(" \t");
  std::string_view word = sp == std::string_view::npos ? s : s.substr(sp + 1);
  std::string folded = text::FoldForSearch(word);
  std::string out;
  for (char c : folded)
    if ((c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80) out.push_back(c);
  return out;
}

char FirstLetterFolded(std::string_view s) {
  std::string f = text::FoldForSearch(text::Trim(s));
  for (char c : f)
    if (c >= 'a' && c <= 'z') return c;
  return 0;
}

struct ApiAuthor {
  std::string family;  // "" for names without a comma
  std::string given;
};

ApiAuthor SplitApiName(std::string_view name) {
  std::string_view n = text::Trim(name);
  size_t comma = n.find(',');
  if (comma == std::string_view::npos) return {"", std::string(n)};
  return {std::string(text::Trim(n.substr(0, comma))),
          std::string(text::Trim(n.substr(comma + 1)))};
}

// Index of the one author matching the corresponding author's name, or -1.
int MatchCorresponding(const std::vector<ApiAuthor>& authors, std::string_view corresponding) {
  std::string_view c = text::Trim(corresponding);
  if (c.empty()) return -1;
  std::string c_surname, c_given;
  size_t comma = c.find(',');
  if (comma != std::string_view::npos) {
    c_surname = SurnameWordKey(c.substr(0, comma));
    c_given = std::string(c.substr(comma + 1));
  } else {
    // Skip generational suffixes when taking the last word.
    std::vector<std::string> words = text::SplitTrim(c, ' ');
    while (words.size() > 1) {
      std::string w = text::FoldForSearch(words.back());
      if (w == "jr" || w == "jr." || w == "sr" || w == "sr." || w == "ii" || w == "iii") {
        words.pop_back();
        continue;
      }
      break;
    }
    if (words.empty()) return -1;
    c_surname = SurnameWordKey(words.back());
    c_given = words.size() > 1 ? words.front() : "";
  }
  if (c_surname.empty()) return -1;
  char c_initial = FirstLetterFolded(c_given);
  int found = -1;
  int surname_hits = 0;
  int full_hits = 0;
  int surname_only = -1;
  for (size_t i = 0; i < authors.size(); ++i) {
    const ApiAuthor& a = authors[i];
    std::string key = SurnameWordKey(a.family.empty() ? a.given : a.family);
    if (key != c_surname) continue;
    ++surname_hits;
    surname_only = static_cast<int>(i);
    char initial = a.family.empty() ? 0 : FirstLetterFolded(a.given);
    if (c_initial != 0 && initial != 0 && initial == c_initial) {
      ++full_hits;
      found = static_cast<int>(i);
    }
  }
  if (full_hits == 1) return found;
  if (full_hits == 0 && surname_hits == 1) {
    // Accept a surname-only match when initials are missing on either side.
    const ApiAuthor& a = authors[surname_only];
    char initial = a.family.empty() ? 0 : FirstLetterFolded(a.given);
    if (c_initial == 0 || initial == 0) return surname_only;
  }
  return -1;
}

std::string CleanTitle(std::string_view raw) { return text::SanitizeUtf8(text::StripMarkup(raw)); }

struct PageInfo {
  std::string status;
  std::optional<int64_t> cursor, count, total;
};

Result<PageInfo> ReadMessages(const json& root, const ParseContext& ctx) {
  PageInfo info;
  auto it = root.find("messages");
  if (it == root.end() || it->is_null()) return info;
  const json* msg = nullptr;
  if (it->is_array()) {
    if (it->empty()) return info;
    msg = &(*it)[0];
  } else if (it->is_object()) {
    msg = &*it;
  } else {
    return MakeError(Code::kParse, Origin(ctx) + ": \"messages\" is not an array");
  }
  if (!msg->is_object())
    return MakeError(Code::kParse, Origin(ctx) + ": messages[0] is not an object");
  auto st = msg->find("status");
  if (st != msg->end() && st->is_string())
    info.status = std::string(text::Trim(st->get<std::string>()));
  auto cursor = Count(*msg, "cursor", ctx);
  if (!cursor) return Fail(cursor.error());
  auto count = Count(*msg, "count", ctx);
  if (!count) return Fail(count.error());
  auto total = Count(*msg, "total", ctx);
  if (!total) return Fail(total.error());
  info.cursor = *cursor;
  info.count = *count;
  info.total = *total;
  return info;
}

bool IsEmptyStatus(std::string_view status) {
  std::string l = text::FoldForSearch(status);
  return l.find("no posts found") != std::string::npos ||
         l.find("not found") != std::string::npos || l.find("no results") != std::string::npos;
}

// Builds the Paper for collection[index]; an Error when the record must be rejected.
Result<Paper> ParseItem(const json& item, size_t index, const ParseContext& ctx) {
  auto reject = [&](std::string why) {
    return MakeError(Code::kParse, Origin(ctx) + ": collection[" + std::to_string(index) +
                                       "]: " + std::move(why));
  };
  if (!item.is_object()) return reject("not an object");
  std::string doi_raw = Str(item, "doi", true);
  std::string doi = ids::NormalizeDoi(doi_raw);
  if (doi.empty())
    return reject(doi_raw.empty()
                      ? "no doi"
                      : "invalid doi \"" + text::SanitizeUtf8(doi_raw.substr(0, 80)) + "\"");
  Paper p;
  p.ids.doi = doi;
  p.title = CleanTitle(Str(item, "title"));
  if (p.title.empty()) return reject("doi " + doi + ": no title");

  // Authors: "Smith, J.; Doe, A. B.".
  std::vector<ApiAuthor> api_authors;
  for (const std::string& name : text::SplitTrim(Str(item, "authors"), ';')) {
    api_authors.push_back(SplitApiName(name));
    Author a;
    a.name = text::SanitizeUtf8(text::CollapseWhitespace(DisplayName(name)));
    p.authors.push_back(std::move(a));
  }
  std::string institution(text::Trim(Str(item, "author_corresponding_institution")));
  if (!institution.empty() && Lower(institution) != "na") {
    int who = MatchCorresponding(api_authors, Str(item, "author_corresponding"));
    if (who >= 0) p.authors[who].affiliations.push_back(text::SanitizeUtf8(institution));
  }

  p.abstract_raw = Str(item, "abstract");
  p.abstract = text::SanitizeUtf8(CleanAbstractMarkup(p.abstract_raw));

  std::string date = date::Normalize(Str(item, "date"));
  int version = 0;
  {
    std::string v_str = Str(item, "version", true);
    std::string_view v = text::Trim(v_str);
    if (!v.empty() && v.size() <= 4) {
      version = 0;
      for (char c : v) {
        if (c < '0' || c > '9') {
          version = 0;
          break;
        }
        version = version * 10 + (c - '0');
      }
    }
  }
  if (version > 0) p.versions.push_back(Version{version, date});
  if (version == 1) p.submitted = date;
  p.updated = date;

  p.type = std::string(text::Trim(Str(item, "type")));
  p.license = std::string(text::Trim(Str(item, "license")));
  std::string category = text::CollapseWhitespace(Str(item, "category"));
  if (!category.empty()) {
    p.categories.push_back(category);
    p.primary_category = category;
  }

  std::string server = ServerKey(Str(item, "server"));
  if (server.empty()) server = ServerKey(ctx.source);
  if (server.empty()) {
    std::string jats = Lower(Str(item, "jatsxml"));
    server = jats.find("medrxiv.org") != std::string::npos ? "medrxiv" : "biorxiv";
  }
  p.journal = server == "medrxiv" ? "medRxiv" : "bioRxiv";
  p.url = "https://www." + server + ".org/content/" + doi;
  if (version > 0) p.url += "v" + std::to_string(version);
  p.pdf_url = p.url + ".full.pdf";

  std::string published(text::Trim(Str(item, "published")));
  if (!published.empty() && Lower(published) != "na")
    p.published_doi = ids::NormalizeDoi(published);

  Listing l;
  l.source = ctx.source.empty() ? server : ctx.source;
  l.date = date.empty() ? ctx.default_date : date;
  l.announce_type = version > 1 ? "replace" : "new";
  l.channel = category.empty() ? ctx.channel : category;
  p.listings.push_back(std::move(l));
  return p;
}

}  // namespace

std::string DisplayName(std::string_view api_name) {
  ApiAuthor a = SplitApiName(api_name);
  if (a.family.empty()) return a.given;
  if (a.given.empty()) return a.family;
  // "King, M. L., Jr." -> "M. L. King Jr."
  size_t comma = a.given.find(',');
  if (comma != std::string::npos) {
    std::string given(text::Trim(std::string_view(a.given).substr(0, comma)));
    std::string suffix(text::Trim(std::string_view(a.given).substr(comma + 1)));
    std::string out = given.empty() ? a.family : given + " " + a.family;
    return suffix.empty() ? out : out + " " + suffix;
  }
  return a.given + " " + a.family;
}

Result<ParsedPage> ParseBiorxivApi(std::string_view body, const ParseContext& ctx) {
  std::string_view trimmed = text::Trim(body);
  if (trimmed.empty()) return MakeError(Code::kParse, Origin(ctx) + ": empty body at byte 0");
  if (trimmed.front() == '<') {
    size_t at = static_cast<size_t>(trimmed.data() - body.data());
    return MakeError(Code::kParse,
                     Origin(ctx) +
                         ": expected bioRxiv API JSON, got markup (an HTML/XML page) at byte " +
                         std::to_string(at));
  }
  auto parsed = ParseJson(body, Origin(ctx));
  if (!parsed) return Fail(parsed.error());
  json root = std::move(*parsed);
  if (!root.is_object())
    return MakeError(
        Code::kParse,
        Origin(ctx) + ": expected a JSON object with \"messages\" and \"collection\" at byte 0");
  if (!root.contains("messages") && !root.contains("collection")) {
    std::string hint;
    for (const char* key : {"error", "message", "detail"}) {
      auto it = root.find(key);
      if (it != root.end()) {
        hint = std::string(" (") + key + ": " + text::SanitizeUtf8(it->dump().substr(0, 200)) + ")";
        break;
      }
    }
    return MakeError(
        Code::kParse,
        Origin(ctx) +
            ": not a bioRxiv details response at byte 0: no \"messages\" or \"collection\"" + hint);
  }

  auto info = ReadMessages(root, ctx);
  if (!info) return Fail(info.error());

  ParsedPage page;
  const json* collection = nullptr;
  auto cit = root.find("collection");
  if (cit != root.end() && !cit->is_null()) {
    if (!cit->is_array())
      return MakeError(Code::kParse, Origin(ctx) + ": \"collection\" is not an array");
    collection = &*cit;
  }

  if (!info->status.empty() && !text::IEquals(info->status, "ok")) {
    if (IsEmptyStatus(info->status) && (collection == nullptr || collection->empty())) {
      page.total = info->total.value_or(0);
      page.page_count = 0;
      return page;
    }
    if (collection == nullptr || collection->empty())
      return MakeError(Code::kParse, Origin(ctx) + ": server status \"" +
                                         text::SanitizeUtf8(info->status.substr(0, 200)) + "\"");
  }

  if (collection != nullptr) {
    page.papers.reserve(collection->size());
    for (size_t i = 0; i < collection->size(); ++i) {
      auto paper = ParseItem((*collection)[i], i, ctx);
      if (paper)
        page.papers.push_back(std::move(*paper));
      else
        page.rejected.push_back(std::move(paper.error()));
    }
  }

  size_t items = collection == nullptr ? 0 : collection->size();
  page.page_count = info->count.value_or(static_cast<int64_t>(items));
  page.total = info->total.value_or(-1);
  if (!info->cursor && !ctx.cursor.empty() && ctx.cursor.size() <= 12 &&
      ctx.cursor.find_first_not_of("0123456789") == std::string::npos) {
    // The page did not echo its offset: fall back to the cursor it was requested with.
    info->cursor = std::stoll(ctx.cursor);
  }
  if (info->cursor && info->total && page.page_count > 0) {
    int64_t next = *info->cursor + page.page_count;
    if (next < *info->total) page.next_cursor = std::to_string(next);
  }
  return page;
}

}  // namespace ah::sources::biorxiv
