#include "sources/openalex/openalex.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/text.h"

namespace ah::sources::openalex {
namespace {

using json = nlohmann::json;

std::string Where(const ParseContext& ctx) {
  return ctx.origin.empty() ? std::string("openalex input") : ctx.origin;
}

std::string Snippet(std::string_view body) {
  std::string_view t = text::Trim(body);
  if (t.size() > 120) t = t.substr(0, 120);
  return text::CollapseWhitespace(text::SanitizeUtf8(t));
}

const json* Find(const json* obj, const char* key) {
  if (!obj || !obj->is_object()) return nullptr;
  auto it = obj->find(key);
  if (it == obj->end() || it->is_null()) return nullptr;
  return &*it;
}

std::optional<int64_t> IntOf(const json& v) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number_unsigned()) {
    uint64_t n = v.get<uint64_t>();
    if (n > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(n);
  }
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (d >= -1e15 && d <= 1e15 && static_cast<double>(static_cast<int64_t>(d)) == d)
      return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

// A string value; anything else "".
std::string Str(const json* v) {
  if (!v || !v->is_string()) return "";
  return v->get_ref<const std::string&>();
}

// A scalar as text (volume 12 and "12" alike); else "".
std::string Scalar(const json* v) {
  if (!v) return "";
  if (v->is_string()) return v->get_ref<const std::string&>();
  if (v->is_number_integer() || v->is_number_unsigned()) {
    auto n = IntOf(*v);
    return n ? std::to_string(*n) : std::string();
  }
  return "";
}

std::string Clean(const json* v) { return text::CollapseWhitespace(Str(v)); }

std::string NormalizeOrcid(std::string_view in) {
  std::string_view s = text::Trim(in);
  for (std::string_view p : {"https://orcid.org/", "http://orcid.org/", "orcid.org/"}) {
    if (s.size() >= p.size() && text::IEquals(s.substr(0, p.size()), p)) s.remove_prefix(p.size());
  }
  if (s.size() != 19) return "";
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (i == 4 || i == 9 || i == 14)
                  ? c == '-'
                  : (c >= '0' && c <= '9') || (i == 18 && (c == 'x' || c == 'X'));
    if (!ok) return "";
    out.push_back(c == 'x' ? 'X' : c);
  }
  return out;
}

std::string NormalizePmcid(std::string_view in) {
  std::string_view s = text::Trim(in);
  // Newer PMC URLs: https://pmc.ncbi.nlm.nih.gov/articles/PMC123/
  for (std::string_view p :
       {"https://pmc.ncbi.nlm.nih.gov/articles/", "http://pmc.ncbi.nlm.nih.gov/articles/"}) {
    if (text::StartsWith(s, p)) s.remove_prefix(p.size());
  }
  return ids::NormalizePmcid(s);
}

void AddUnique(std::vector<std::string>& v, std::string s) {
  if (s.empty()) return;
  for (const auto& e : v)
    if (e == s) return;
  v.push_back(std::move(s));
}

std::string Rebuild(const json& index) {
  if (!index.is_object()) return "";
  // (position, word) pairs sorted by position: memory is bounded by the input size, not
  // by the largest position.
  std::vector<std::pair<int64_t, const std::string*>> words;
  for (auto it = index.begin(); it != index.end(); ++it) {
    if (!it.value().is_array()) continue;
    for (const json& pos : it.value()) {
      auto n = IntOf(pos);
      if (!n || *n < 0 || *n > kMaxAbstractPosition) continue;
      words.emplace_back(*n, &it.key());
    }
  }
  // Stable: on a duplicate position the word met first (key order) wins.
  std::stable_sort(words.begin(), words.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out;
  int64_t last = -1;
  for (const auto& [pos, word] : words) {
    if (pos == last) continue;
    last = pos;
    if (word->empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out += *word;
  }
  return out;
}

std::vector<Author> AuthorsOf(const json& work) {
  std::vector<Author> out;
  const json* list = Find(&work, "authorships");
  if (!list || !list->is_array()) return out;
  for (const json& a : *list) {
    if (!a.is_object()) continue;
    const json* author = Find(&a, "author");
    Author au;
    au.name = text::StripMarkup(Str(Find(author, "display_name")));
    if (au.name.empty()) au.name = text::StripMarkup(Str(Find(&a, "raw_author_name")));
    if (au.name.empty()) continue;
    au.orcid = NormalizeOrcid(Str(Find(author, "orcid")));
    if (const json* raw = Find(&a, "raw_affiliation_strings"); raw && raw->is_array()) {
      for (const json& s : *raw) AddUnique(au.affiliations, text::StripMarkup(Str(&s)));
    }
    if (au.affiliations.empty()) {
      if (const json* affs = Find(&a, "affiliations"); affs && affs->is_array()) {
        for (const json& af : *affs)
          AddUnique(au.affiliations, text::StripMarkup(Str(Find(&af, "raw_affiliation_string"))));
      }
    }
    if (au.affiliations.empty()) {
      if (const json* inst = Find(&a, "institutions"); inst && inst->is_array()) {
        for (const json& i : *inst)
          AddUnique(au.affiliations, text::StripMarkup(Str(Find(&i, "display_name"))));
      }
    }
    out.push_back(std::move(au));
  }
  return out;
}

void FillCategories(const json& work, Paper& p) {
  const json* primary = Find(&work, "primary_topic");
  p.primary_category = text::CollapseWhitespace(Str(Find(primary, "display_name")));
  AddUnique(p.categories, p.primary_category);
  bool had_topics = false;
  if (const json* topics = Find(&work, "topics"); topics && topics->is_array()) {
    for (const json& t : *topics) {
      std::string name = text::CollapseWhitespace(Str(Find(&t, "display_name")));
      had_topics = had_topics || !name.empty();
      AddUnique(p.categories, std::move(name));
    }
  }
  if (had_topics || !p.primary_category.empty()) return;
  if (const json* concepts = Find(&work, "concepts"); concepts && concepts->is_array()) {
    for (const json& c : *concepts)
      AddUnique(p.categories, text::CollapseWhitespace(Str(Find(&c, "display_name"))));
  }
}

Result<Paper> ConvertWork(const json& work, const ParseContext& ctx) {
  if (!work.is_object()) return MakeError(Code::kParse, "not a JSON object");
  Paper p;
  const json* ids_obj = Find(&work, "ids");
  p.ids.openalex = ids::NormalizeOpenAlex(Str(Find(&work, "id")));
  if (p.ids.openalex.empty())
    p.ids.openalex = ids::NormalizeOpenAlex(Str(Find(ids_obj, "openalex")));
  if (p.ids.openalex.empty()) return MakeError(Code::kParse, "no OpenAlex work id");
  p.title = text::StripMarkup(Str(Find(&work, "title")));
  if (p.title.empty()) p.title = text::StripMarkup(Str(Find(&work, "display_name")));
  if (p.title.empty()) return MakeError(Code::kParse, p.ids.openalex + ": no title");

  p.ids.doi = ids::NormalizeDoi(Str(Find(ids_obj, "doi")));
  if (p.ids.doi.empty()) p.ids.doi = ids::NormalizeDoi(Str(Find(&work, "doi")));
  p.ids.pmid = ids::NormalizePmid(Str(Find(ids_obj, "pmid")));
  p.ids.pmcid = NormalizePmcid(Str(Find(ids_obj, "pmcid")));

  if (const json* inv = Find(&work, "abstract_inverted_index")) {
    p.abstract_raw = Rebuild(*inv);
    p.abstract = text::StripMarkup(p.abstract_raw);
    // Publishers' "Abstract" heading arrives as the first word: "Abstract Driven by ...".
    if (text::StartsWith(p.abstract, "Abstract ") && p.abstract.size() > 9 &&
        p.abstract[9] >= 'A' && p.abstract[9] <= 'Z')
      p.abstract.erase(0, 9);
  }
  p.authors = AuthorsOf(work);

  const json* loc = Find(&work, "primary_location");
  const json* src = Find(loc, "source");
  p.journal = text::StripMarkup(Str(Find(src, "display_name")));
  if (const json* issns = Find(src, "issn"); issns && issns->is_array()) {
    for (const json& i : *issns) AddUnique(p.issns, ids::NormalizeIssn(Str(&i)));
  }
  AddUnique(p.issns, ids::NormalizeIssn(Str(Find(src, "issn_l"))));
  p.publisher = text::StripMarkup(Str(Find(src, "host_organization_name")));
  p.url = Clean(Find(loc, "landing_page_url"));
  p.pdf_url = Clean(Find(loc, "pdf_url"));
  p.license = Clean(Find(loc, "license"));
  if (p.license.empty()) p.license = Clean(Find(Find(&work, "best_oa_location"), "license"));
  if (p.license.empty()) p.license = Clean(Find(&work, "license"));

  const json* biblio = Find(&work, "biblio");
  p.volume = text::CollapseWhitespace(Scalar(Find(biblio, "volume")));
  p.issue = text::CollapseWhitespace(Scalar(Find(biblio, "issue")));
  std::string first = text::CollapseWhitespace(Scalar(Find(biblio, "first_page")));
  std::string last = text::CollapseWhitespace(Scalar(Find(biblio, "last_page")));
  p.pages = first.empty() ? last : (last.empty() || last == first) ? first : first + "-" + last;

  p.published = date::Normalize(Str(Find(&work, "publication_date")));
  p.type = Clean(Find(&work, "type"));
  FillCategories(work, p);

  Listing l;
  l.source = ctx.source.empty() ? "openalex" : ctx.source;
  l.date = p.published.empty() ? ctx.default_date : p.published;
  l.announce_type = "published";
  l.channel = p.journal.empty() ? ctx.channel : p.journal;
  p.listings.push_back(std::move(l));
  return p;
}

}  // namespace

std::string RebuildAbstract(std::string_view inverted_index_json) {
  auto j = ReadJson(inverted_index_json);
  if (!j) return "";
  try {
    return Rebuild(*j);
  } catch (const std::exception&) {
    return "";
  }
}

Result<ParsedPage> ParseOpenAlex(std::string_view body, const ParseContext& ctx) {
  const std::string where = Where(ctx);
  std::string_view t = text::Trim(body);
  if (t.empty()) return MakeError(Code::kParse, where + ": empty body at byte 0");
  if (t.front() != '{' && t.front() != '[') {
    return MakeError(Code::kParse, where + ": not JSON at byte " +
                                       std::to_string(t.data() - body.data()) + ": \"" +
                                       Snippet(t) + "\"");
  }
  auto parsed = ParseJson(body, where);
  if (!parsed) return Fail(parsed.error());
  json doc = std::move(*parsed);
  if (!doc.is_object())
    return MakeError(Code::kParse, where + ": expected a JSON object at byte 0");

  if (const json* err = Find(&doc, "error")) {
    std::string msg = Str(err);
    std::string detail = Str(Find(&doc, "message"));
    if (!detail.empty()) msg += msg.empty() ? detail : ": " + detail;
    std::string folded = text::FoldForSearch(msg);
    Code code = folded.find("rate limit") != std::string::npos ||
                        folded.find("too many") != std::string::npos
                    ? Code::kUnavailable
                    : Code::kInvalidArgument;
    return MakeError(code, where + ": OpenAlex error: " + (msg.empty() ? "(no message)" : msg));
  }

  ParsedPage page;
  auto convert = [&](const json& w, const std::string& label) {
    auto paper = ConvertWork(w, ctx);
    if (paper)
      page.papers.push_back(std::move(*paper));
    else
      page.rejected.emplace_back(paper.error().code,
                                 where + ": " + label + ": " + paper.error().message);
  };

  const json* results = Find(&doc, "results");
  if (!results) {
    if (!Find(&doc, "id"))
      return MakeError(Code::kParse, where + ": neither a works list (results) nor a work (id)");
    convert(doc, "work");
    page.total = 1;
    return page;
  }
  if (!results->is_array()) return MakeError(Code::kParse, where + ": results is not an array");
  for (size_t i = 0; i < results->size(); ++i) {
    const json& w = (*results)[i];
    std::string label = "result " + std::to_string(i);
    if (std::string id = Str(Find(&w, "id")); !id.empty()) label += " (" + Snippet(id) + ")";
    convert(w, label);
  }
  const json* meta = Find(&doc, "meta");
  if (const json* count = Find(meta, "count")) {
    if (auto n = IntOf(*count)) page.total = *n;
  }
  std::string cursor = Str(Find(meta, "next_cursor"));
  if (!cursor.empty() && !results->empty()) page.next_cursor = std::move(cursor);
  return page;
}

}  // namespace ah::sources::openalex
