#include "sources/crossref/crossref.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/text.h"

namespace ah::sources::crossref {
namespace {

using json = nlohmann::json;

std::string Where(const ParseContext& ctx) {
  return ctx.origin.empty() ? std::string("crossref input") : ctx.origin;
}

// A short, valid-UTF-8 excerpt of a body for error messages.
std::string Snippet(std::string_view body) {
  std::string_view t = text::Trim(body);
  if (t.size() > 120) t = t.substr(0, 120);
  return text::CollapseWhitespace(text::SanitizeUtf8(t));
}

const json* Find(const json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

std::optional<int64_t> IntOf(const json& v) {
  if (v.is_number_integer()) {
    int64_t n = v.get<int64_t>();
    return n;
  }
  if (v.is_number_unsigned()) {
    uint64_t n = v.get<uint64_t>();
    if (n > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(n);
  }
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (d >= -1e15 && d <= 1e15 && static_cast<double>(static_cast<int64_t>(d)) == d)
      return static_cast<int64_t>(d);
    return std::nullopt;
  }
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (s.empty() || s.size() > 15) return std::nullopt;
    int64_t n = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + (c - '0');
    }
    return n;
  }
  return std::nullopt;
}

// A string value; anything else "".
std::string Str(const json* v) {
  if (!v || !v->is_string()) return "";
  return v->get_ref<const std::string&>();
}

// A scalar as text (volume 7 and "7" alike): strings as-is, integers printed; else "".
std::string Scalar(const json* v) {
  if (!v) return "";
  if (v->is_string()) return v->get_ref<const std::string&>();
  if (v->is_number_integer() || v->is_number_unsigned()) {
    auto n = IntOf(*v);
    return n ? std::to_string(*n) : std::string();
  }
  return "";
}

// First string of an array of strings (Crossref wraps titles in arrays); a bare string
// is accepted too.
std::string FirstStr(const json* v) {
  if (!v) return "";
  if (v->is_string()) return v->get_ref<const std::string&>();
  if (v->is_array()) {
    for (const json& e : *v)
      if (e.is_string() && !text::Trim(e.get_ref<const std::string&>()).empty())
        return e.get_ref<const std::string&>();
  }
  return "";
}

// A Crossref date with its precision: 1 = year, 2 = year-month, 3 = full date.
struct PartialDate {
  date::Ymd ymd;
  int precision = 0;  // 0 = absent or invalid
};

// {"date-parts": [[2020, 9, 1]]}; missing month/day count as 01.
PartialDate DateOf(const json* v) {
  PartialDate out;
  if (!v) return out;
  const json* parts = Find(*v, "date-parts");
  if (!parts || !parts->is_array() || parts->empty()) return out;
  const json& first = (*parts)[0];
  if (!first.is_array() || first.empty()) return out;
  int64_t ymd[3] = {0, 1, 1};
  int precision = 0;
  for (size_t i = 0; i < 3 && i < first.size(); ++i) {
    auto n = IntOf(first[i]);
    if (!n || *n < 0 || *n > 9999) break;
    ymd[i] = *n;
    precision = static_cast<int>(i) + 1;
  }
  if (precision == 0) return out;
  date::Ymd d{static_cast<int>(ymd[0]), static_cast<int>(ymd[1]), static_cast<int>(ymd[2])};
  if (!date::IsValid(d)) return out;
  out.ymd = d;
  out.precision = precision;
  return out;
}

std::string Formatted(const PartialDate& d) {
  return d.precision == 0 ? std::string() : date::Format(d.ymd);
}

// The earlier of two dates compared at their common precision; when they agree there,
// the more precise one.
const PartialDate& Earlier(const PartialDate& a, const PartialDate& b) {
  if (a.precision == 0) return b;
  if (b.precision == 0) return a;
  int common = a.precision < b.precision ? a.precision : b.precision;
  int ka[3] = {a.ymd.year, a.ymd.month, a.ymd.day};
  int kb[3] = {b.ymd.year, b.ymd.month, b.ymd.day};
  for (int i = 0; i < common; ++i) {
    if (ka[i] != kb[i]) return ka[i] < kb[i] ? a : b;
  }
  return a.precision >= b.precision ? a : b;
}

std::string NormalizeOrcid(std::string_view in) {
  std::string_view s = text::Trim(in);
  for (std::string_view p : {"https://orcid.org/", "http://orcid.org/", "orcid.org/"}) {
    if (s.size() >= p.size() && text::IEquals(s.substr(0, p.size()), p)) s.remove_prefix(p.size());
  }
  if (s.size() != 19) return "";
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (i == 4 || i == 9 || i == 14) {
      if (c != '-') return "";
    } else if (c >= '0' && c <= '9') {
    } else if (i == 18 && (c == 'x' || c == 'X')) {
      c = 'X';
    } else {
      return "";
    }
    out.push_back(c);
  }
  return out;
}

// Plain text of a JATS abstract; a leading "Abstract"/"Summary" heading is dropped.
std::string AbstractText(std::string_view jats) {
  std::string plain = text::StripMarkup(jats);
  size_t nl = plain.find('\n');
  if (nl != std::string::npos) {
    std::string_view head = text::Trim(std::string_view(plain).substr(0, nl));
    if (text::IEquals(head, "abstract") || text::IEquals(head, "summary")) plain.erase(0, nl + 1);
  } else if (text::IEquals(plain, "abstract")) {
    plain.clear();
  }
  return plain;
}

// Title plus subtitle, unless the subtitle only repeats the title (a running head) or the
// title is a complete sentence.
std::string FullTitle(const json& item) {
  std::string title = text::StripMarkup(FirstStr(Find(item, "title")));
  std::string sub = text::StripMarkup(FirstStr(Find(item, "subtitle")));
  if (title.empty() || sub.empty()) return title;
  char last = title.back();
  if (last == '?' || last == '!' || last == '.' || last == ':') return title;
  if (text::TitleKey(title).find(text::TitleKey(sub)) != std::string::npos) return title;
  return title + ": " + sub;
}

std::vector<Author> AuthorsOf(const json& item) {
  std::vector<Author> out;
  const json* list = Find(item, "author");
  if (!list || !list->is_array()) return out;
  for (const json& a : *list) {
    if (!a.is_object()) continue;
    Author au;
    std::string given = text::StripMarkup(Str(Find(a, "given")));
    std::string family = text::StripMarkup(Str(Find(a, "family")));
    if (!family.empty()) {
      au.name = given.empty() ? family : given + " " + family;
    } else {
      au.name = text::StripMarkup(Str(Find(a, "name")));
      if (au.name.empty()) au.name = given;
    }
    if (au.name.empty()) continue;
    au.orcid = NormalizeOrcid(Str(Find(a, "ORCID")));
    if (const json* affs = Find(a, "affiliation"); affs && affs->is_array()) {
      for (const json& af : *affs) {
        std::string name = af.is_string() ? text::StripMarkup(af.get_ref<const std::string&>())
                                          : text::StripMarkup(Str(Find(af, "name")));
        if (!name.empty()) au.affiliations.push_back(std::move(name));
      }
    }
    out.push_back(std::move(au));
  }
  return out;
}

std::string LicenseOf(const json& item) {
  const json* list = Find(item, "license");
  if (!list || !list->is_array()) return "";
  std::string first;
  for (const json& l : *list) {
    std::string url(text::Trim(Str(Find(l, "URL"))));
    if (url.empty()) continue;
    if (Str(Find(l, "content-version")) == "vor") return url;
    if (first.empty()) first = url;
  }
  return first;
}

// The first DOI of a relation list such as relation["is-preprint-of"].
std::string RelationDoi(const json& item, const char* kind) {
  const json* rel = Find(item, "relation");
  if (!rel) return "";
  const json* list = Find(*rel, kind);
  if (!list) return "";
  auto one = [](const json& r) -> std::string {
    std::string type = Str(Find(r, "id-type"));
    if (!type.empty() && !text::IEquals(type, "doi")) return "";
    return ids::NormalizeDoi(Str(Find(r, "id")));
  };
  if (list->is_object()) return one(*list);
  if (list->is_array()) {
    for (const json& r : *list) {
      std::string doi = one(r);
      if (!doi.empty()) return doi;
    }
  }
  return "";
}

void AddUnique(std::vector<std::string>& v, std::string s) {
  if (s.empty()) return;
  for (const auto& e : v)
    if (e == s) return;
  v.push_back(std::move(s));
}

// Converts one work item. Returns an error message (without origin) when the item must
// be skipped.
Result<Paper> ConvertItem(const json& item, const ParseContext& ctx) {
  if (!item.is_object()) return MakeError(Code::kParse, "not a JSON object");
  Paper p;
  std::string raw_doi = Str(Find(item, "DOI"));
  p.ids.doi = ids::NormalizeDoi(raw_doi);
  if (p.ids.doi.empty())
    return MakeError(Code::kParse,
                     raw_doi.empty() ? "no DOI" : "invalid DOI \"" + Snippet(raw_doi) + "\"");
  p.title = FullTitle(item);
  if (p.title.empty()) return MakeError(Code::kParse, "doi " + p.ids.doi + ": no title");

  p.type = Str(Find(item, "type"));
  const bool preprint = p.type == "posted-content";
  p.authors = AuthorsOf(item);
  if (const json* abs = Find(item, "abstract"); abs && abs->is_string()) {
    p.abstract_raw = abs->get_ref<const std::string&>();
    p.abstract = AbstractText(p.abstract_raw);
  }
  p.journal = text::StripMarkup(FirstStr(Find(item, "container-title")));
  if (p.journal.empty() && preprint) {
    if (const json* inst = Find(item, "institution"); inst && inst->is_array() && !inst->empty())
      p.journal = text::StripMarkup(Str(Find((*inst)[0], "name")));
  }
  if (const json* issns = Find(item, "ISSN"); issns && issns->is_array()) {
    for (const json& i : *issns) AddUnique(p.issns, ids::NormalizeIssn(Str(&i)));
  }
  p.volume = text::CollapseWhitespace(Scalar(Find(item, "volume")));
  p.issue = text::CollapseWhitespace(Scalar(Find(item, "issue")));
  p.pages = text::CollapseWhitespace(Scalar(Find(item, "page")));
  p.publisher = text::StripMarkup(Str(Find(item, "publisher")));
  p.license = LicenseOf(item);
  p.url = std::string(text::Trim(Str(Find(item, "URL"))));
  if (const json* subj = Find(item, "subject"); subj && subj->is_array()) {
    for (const json& s : *subj) AddUnique(p.categories, text::StripMarkup(Str(&s)));
  }
  if (preprint) AddUnique(p.categories, text::StripMarkup(Str(Find(item, "group-title"))));

  if (preprint) {
    p.submitted = Formatted(DateOf(Find(item, "posted")));
    if (p.submitted.empty()) p.submitted = Formatted(DateOf(Find(item, "issued")));
    p.published_doi = RelationDoi(item, "is-preprint-of");
    if (p.published_doi == p.ids.doi) p.published_doi.clear();
  } else {
    // Crossref's own "published" is the earlier of print and online; computed here too
    // because select= cannot ask for it. Backfile digitisation makes online dates of old
    // papers years later than print, so the earlier date is the publication date.
    PartialDate online = DateOf(Find(item, "published-online"));
    PartialDate print = DateOf(Find(item, "published-print"));
    p.published = Formatted(Earlier(online, print));
    if (p.published.empty()) p.published = Formatted(DateOf(Find(item, "published")));
    if (p.published.empty()) p.published = Formatted(DateOf(Find(item, "issued")));
  }

  Listing l;
  l.source = ctx.source.empty() ? "crossref" : ctx.source;
  l.date = !p.published.empty()   ? p.published
           : !p.submitted.empty() ? p.submitted
                                  : ctx.default_date;
  l.announce_type = "published";
  l.channel = p.journal.empty() ? ctx.channel : p.journal;
  p.listings.push_back(std::move(l));
  return p;
}

// The server's explanation in an error body: message may be a string, an object or a
// list of {type, value, message} objects.
std::string ServerMessage(const json& doc) {
  const json* m = Find(doc, "message");
  if (!m) return "";
  if (m->is_string()) return m->get_ref<const std::string&>();
  std::string out;
  auto add = [&](const json& e) {
    std::string s = e.is_string() ? e.get_ref<const std::string&>() : Str(Find(e, "message"));
    if (s.empty()) s = Str(Find(e, "value"));
    if (s.empty()) return;
    if (!out.empty()) out += "; ";
    out += s;
  };
  if (m->is_array()) {
    for (const json& e : *m) add(e);
  } else {
    add(*m);
  }
  return out;
}

}  // namespace

Result<ParsedPage> ParseCrossref(std::string_view body, const ParseContext& ctx) {
  const std::string where = Where(ctx);
  std::string_view trimmed = text::Trim(body);
  if (trimmed.empty()) return MakeError(Code::kParse, where + ": empty body at byte 0");
  if (trimmed.front() != '{' && trimmed.front() != '[') {
    // Crossref answers unknown DOIs/routes with plain text ("Resource not found.") and
    // proxies with HTML pages.
    return MakeError(Code::kParse, where + ": not JSON at byte " +
                                       std::to_string(trimmed.data() - body.data()) + ": \"" +
                                       Snippet(trimmed) + "\"");
  }
  auto parsed = ParseJson(body, where);
  if (!parsed) return Fail(parsed.error());
  json doc = std::move(*parsed);
  if (!doc.is_object())
    return MakeError(Code::kParse, where + ": expected a JSON object at byte 0");

  std::string status = Str(Find(doc, "status"));
  std::string type = Str(Find(doc, "message-type"));
  if (status != "ok") {
    std::string msg = ServerMessage(doc);
    if (status.empty() && type.empty())
      return MakeError(Code::kParse, where + ": not a Crossref response (no status)");
    return MakeError(Code::kInvalidArgument, where + ": Crossref status \"" + status + "\"" +
                                                 (type.empty() ? "" : " (" + type + ")") +
                                                 (msg.empty() ? "" : ": " + msg));
  }
  const json* message = Find(doc, "message");
  if (!message || !message->is_object())
    return MakeError(Code::kParse, where + ": Crossref response without a message object");

  ParsedPage page;
  auto convert = [&](const json& item, const std::string& label) {
    auto paper = ConvertItem(item, ctx);
    if (paper) {
      page.papers.push_back(std::move(*paper));
    } else {
      page.rejected.emplace_back(paper.error().code,
                                 where + ": " + label + ": " + paper.error().message);
    }
  };

  if (type == "work") {
    convert(*message, "work");
    page.total = 1;
    return page;
  }
  if (type != "work-list") {
    return MakeError(Code::kParse, where + ": unsupported Crossref message-type \"" + type + "\"");
  }
  const json* items = Find(*message, "items");
  if (!items || !items->is_array())
    return MakeError(Code::kParse, where + ": work-list without an items array");
  for (size_t i = 0; i < items->size(); ++i) convert((*items)[i], "item " + std::to_string(i));
  if (const json* total = Find(*message, "total-results")) {
    if (auto n = IntOf(*total)) page.total = *n;
  }
  const json* cursor = Find(*message, "next-cursor");
  if (cursor && cursor->is_string() && !cursor->get_ref<const std::string&>().empty() &&
      !items->empty())
    page.next_cursor = cursor->get<std::string>();
  return page;
}

}  // namespace ah::sources::crossref
