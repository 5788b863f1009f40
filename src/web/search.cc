// The search page (/search?q=...): the fielded query language, the number of
// results, facets (source, category, year) that narrow the query, paging, and
// results as you type (app.js asks for ?fragment=1 and replaces #results).
#include <algorithm>
#include <cstdlib>

#include "search/query.h"
#include "web/pages.h"
#include "web/templates.h"
#include "web/view.h"

namespace ah::web::pages {
namespace {

constexpr Phrase kSearch[] = {
    {"search_title", "Search the library", "检索文献库"},
    {"search_button", "Search", "搜索"},
    {"search_label", "Query", "检索式"},
    {"query_error", "The query could not be read:", "无法解析检索式："},
    {"no_results", "No papers match this query.", "没有符合该检索式的论文。"},
    {"did_you_mean", "Did you mean:", "您是不是要找："},
    {"facet_source", "Source", "来源"},
    {"facet_category", "Category", "分类"},
    {"facet_year", "Year", "年份"},
    {"facets_of_best", "Counts among the best %s results.", "统计范围：最相关的 %s 条结果。"},
    {"refine", "Refine", "筛选"},
    {"remove_filter", "remove this filter", "移除此筛选"},
    {"page_prev", "Previous page", "上一页"},
    {"page_next", "Next page", "下一页"},
    {"syntax", "Search syntax", "检索语法"},
    {"syntax_all", "all of the words", "同时包含这些词"},
    {"syntax_phrase", "the exact phrase", "精确短语"},
    {"syntax_or", "either word; NOT or - leaves out", "任一词；NOT 或 - 表示排除"},
    {"syntax_fields", "in the title, authors, abstract, category, source, or an id",
     "限定标题、作者、摘要、分类、来源或编号"},
    {"syntax_prefix", "words starting with", "以此开头的词"},
    {"syntax_dates", "a date range (or a year, a month)", "日期范围（也可以是某年、某月）"},
};

constexpr int64_t kPageSize = 20;
constexpr int kMaxPage = 500;       // deeper pages: narrow the query instead
constexpr size_t kFacetDocs = 500;  // facets count the best this many results
constexpr size_t kMaxFacetValues = 12;

std::string Thousands(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string CountText(int64_t total, Lang lang) {
  if (lang == Lang::kZh) return "共 " + Thousands(total) + " 篇论文";
  return Thousands(total) + (total == 1 ? " paper" : " papers");
}

std::string SearchLink(const std::string& q, int page = 1) {
  std::string href = "/search?q=" + UrlEncode(q);
  if (page > 1) href += "&page=" + std::to_string(page);
  return href;
}

// `field:value` as the query language reads it back (a phrase when needed).
std::string FilterTerm(const std::string& field, const std::string& value) {
  bool plain = !value.empty();
  for (unsigned char c : value)
    if (c <= ' ' || c == '"' || c == '(' || c == ')' || c >= 0x80) plain = false;
  if (plain) return field + ":" + value;
  std::string v;
  for (char c : value) v += c == '"' ? ' ' : c;
  return field + ":\"" + v + "\"";
}

// A facet's values as links that add the filter to the query, or remove it
// when the query has it already.
nlohmann::json FacetView(const std::string& q, const std::string& field,
                         const std::vector<store::FacetCount>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (size_t i = 0; i < values.size() && i < kMaxFacetValues; ++i) {
    const std::string term = FilterTerm(field, values[i].value);
    const size_t at = (" " + q + " ").find(" " + term + " ");
    nlohmann::json f{
        {"value", values[i].value}, {"count", Thousands(values[i].count)}, {"active", false}};
    if (at != std::string::npos) {
      std::string rest = q;
      rest.erase(at, std::min(rest.size() - at, term.size() + 1));
      while (!rest.empty() && rest.back() == ' ') rest.pop_back();
      f["active"] = true;
      f["href"] = rest.empty() ? "/search" : SearchLink(rest);
    } else {
      f["href"] = SearchLink(q + " " + term);
    }
    out.push_back(std::move(f));
  }
  return out;
}

// The results part of the page (the whole answer of a ?fragment=1 request).
// Returns the status: 400 for a query that does not parse.
Result<int> ResultsView(Context& ctx, const std::string& q, nlohmann::json* v) {
  const std::string page_arg = ctx.req().Query("page");
  int page = 1;
  if (!page_arg.empty()) {
    char* end = nullptr;
    const long n = std::strtol(page_arg.c_str(), &end, 10);
    if (end == page_arg.c_str() || *end != '\0' || n < 1 || n > kMaxPage)
      return MakeError(Code::kInvalidArgument,
                       "page must be a number from 1 to " + std::to_string(kMaxPage));
    page = static_cast<int>(n);
  }
  if (q.empty()) return 200;
  (*v)["has_query"] = true;
  auto query = search::ParseQuery(q);
  if (!query) {
    // The parser names the position ("unbalanced '(' at column 7"): the
    // reader's own words, never the engine's.
    (*v)["query_error"] = query.error().message;
    return 400;
  }
  store::Store& store = ctx.session().store();
  auto summary = store.SearchFacets(*query, kFacetDocs);
  if (!summary) return Fail(summary.error());
  const int64_t offset = (page - 1) * kPageSize;
  auto views = store.Search(*query, kPageSize, offset);
  if (!views) return Fail(views.error());
  nlohmann::json cards = nlohmann::json::array();
  int n = static_cast<int>(offset);
  for (const auto& pv : *views) {
    CardOptions co;
    co.number = ++n;
    cards.push_back(CardView(pv, co, ctx.lang));
  }
  (*v)["cards"] = cards;
  (*v)["total"] = summary->total;
  if (summary->total < kPageSize) {
    // Fewer than a page: a mistyped word is the likely reason.
    auto suggestion = store.SuggestQuery(*query);
    if (!suggestion) return Fail(suggestion.error());
    if (!suggestion->empty()) {
      (*v)["suggestion"] = *suggestion;
      (*v)["suggestion_href"] = SearchLink(*suggestion);
    }
  }
  (*v)["count_text"] = CountText(summary->total, ctx.lang);
  const int64_t pages = std::min<int64_t>((summary->total + kPageSize - 1) / kPageSize, kMaxPage);
  if (pages > 1) {
    (*v)["page_text"] = ctx.lang == Lang::kZh
                            ? "第 " + std::to_string(page) + " / " + std::to_string(pages) + " 页"
                            : "page " + std::to_string(page) + " of " + std::to_string(pages);
  }
  if (page > 1) (*v)["page_prev_href"] = SearchLink(q, page - 1);
  if (page < pages) (*v)["page_next_href"] = SearchLink(q, page + 1);
  nlohmann::json facets = nlohmann::json::array();
  auto add = [&](const char* key, const char* field, const std::vector<store::FacetCount>& f,
                 bool only_active) {
    nlohmann::json values = FacetView(q, field, f);
    if (only_active) {
      nlohmann::json kept = nlohmann::json::array();
      for (auto& x : values)
        if (x.value("active", false)) kept.push_back(std::move(x));
      values = std::move(kept);
    }
    // One value shared by every result narrows nothing, unless it is the
    // reader's own filter (then it is the way to remove it).
    if (values.empty() || (values.size() == 1 && !values[0].value("active", false))) return;
    facets.push_back({{"name_key", key}, {"values", std::move(values)}});
  };
  add("facet_source", "src", summary->sources, false);
  add("facet_category", "cat", summary->categories, false);
  // A query takes one date: filter; with one of its own, a year would be a second.
  const bool dated = !query->from_date.empty() || !query->to_date.empty();
  add("facet_year", "date", summary->years, dated);
  (*v)["facets"] = facets;
  (*v)["has_facets"] = !facets.empty();
  if (summary->faceted < summary->total && !facets.empty())
    (*v)["facets_of_best"] = Thousands(summary->faceted);
  return 200;
}

}  // namespace

Result<Response> Search(Context& ctx) {
  const Request& req = ctx.req();
  std::string q = req.Query("q");
  while (!q.empty() && (q.back() == ' ' || q.back() == '\t')) q.pop_back();
  while (!q.empty() && (q.front() == ' ' || q.front() == '\t')) q.erase(q.begin());
  // Every key a template tests is set: a missing one would fall back to the
  // template of that name (every template is a partial of every other).
  nlohmann::json v{{"query_error", false},    {"has_query", false},
                   {"has_facets", false},     {"cards", nlohmann::json::array()},
                   {"page_text", false},      {"page_prev_href", false},
                   {"page_next_href", false}, {"facets_note", false},
                   {"suggestion", false}};
  auto status = ResultsView(ctx, q, &v);
  if (!status) return Fail(status.error());
  nlohmann::json t = CommonStrings(ctx.lang);
  AddStrings(kSearch, ctx.lang, &t);
  if (v.contains("facets_of_best")) {
    std::string note = t["facets_of_best"].get<std::string>();
    note.replace(note.find("%s"), 2, v["facets_of_best"].get<std::string>());
    v["facets_note"] = note;
  }
  if (v.contains("facets"))
    for (auto& f : v["facets"]) f["name"] = t[f["name_key"].get<std::string>()];
  v["t"] = t;
  v["q"] = q;
  if (req.Query("fragment") == "1") {
    v["lang"] = LangCode(ctx.lang);
    auto html = RenderTemplate("search_results", v);
    if (!html) return Fail(html.error());
    Response r = Response::Html(std::move(*html), *status);
    r.Header("Cache-Control", "no-store");
    return r;
  }
  v["page_css"] = "search.css";
  v["page_class"] = "search-page";
  const std::string title = q.empty() ? t["search_title"].get<std::string>()
                                      : q + " · " + t["nav_search"].get<std::string>();
  return Render(ctx, "search", v, title + " · " + Tr("product", ctx.lang), *status);
}

}  // namespace ah::web::pages
