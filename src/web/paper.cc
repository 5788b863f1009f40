// The paper page (/papers/{id...}, any id form) and citation exports
// (/export/{format}/{id...}, also served as /api/v1/export/...).
#include <map>

#include "core/license.h"
#include "imports/export.h"
#include "service/paper_tldr.h"
#include "service/similar.h"
#include "store/view_json.h"
#include "web/pages.h"
#include "web/view.h"

namespace ah::web::pages {
namespace {

constexpr Phrase kPaper[] = {
    {"authors_heading", "Authors", "作者"},
    {"abstract_heading", "Abstract", "摘要"},
    {"tldr", "TL;DR", "一句话总结"},
    {"tldr_extractive", "the abstract's most informative sentence", "摘自摘要中信息量最大的一句"},
    {"tldr_by", "written by", "撰写："},
    {"versions", "Versions", "版本"},
    {"listings", "Listings", "发布记录"},
    {"identifiers", "Identifiers", "标识符"},
    {"links", "Links", "链接"},
    {"publication", "Publication", "出版信息"},
    {"similar", "Similar papers in the library", "库中的相似论文"},
    {"similar_none", "No similar papers in the library yet.", "库中暂无相似论文。"},
    {"similar_pending",
     "Similar papers appear here once the library's index is ready (a minute after the server "
     "starts).",
     "文献库索引就绪后（服务器启动约一分钟后），这里会显示相似论文。"},
    {"similar_method", "nearest by", "相似度依据"},
    {"method_lsa", "LSA embeddings of title and abstract", "标题与摘要的 LSA 语义向量"},
    {"method_tfidf", "shared terms (tf-idf)", "共有词项（tf-idf）"},
    {"export", "Cite / export", "引用与导出"},
    {"bibtex", "BibTeX", "BibTeX"},
    {"ris", "RIS (EndNote, Zotero)", "RIS（EndNote、Zotero）"},
    {"csl_json", "CSL-JSON", "CSL-JSON"},
    {"json_api", "JSON (API)", "JSON（API）"},
    {"library_key", "Library key", "库内编号"},
    {"arxiv_id", "arXiv", "arXiv"},
    {"pmid", "PubMed", "PubMed"},
    {"pmcid", "PMC", "PMC"},
    {"openalex", "OpenAlex", "OpenAlex"},
    {"submitted", "Submitted", "提交"},
    {"updated", "Updated", "更新"},
    {"published", "Published", "出版"},
    {"journal", "Journal", "期刊"},
    {"journal_ref", "Journal reference", "期刊引用"},
    {"volume", "Volume", "卷"},
    {"issue", "Issue", "期"},
    {"pages", "Pages", "页码"},
    {"publisher", "Publisher", "出版者"},
    {"comments", "Comments", "备注"},
    {"license", "License", "许可"},
    {"categories", "Categories", "分类"},
    {"version", "Version", "版本"},
    {"source", "Source", "来源"},
    {"date", "Date", "日期"},
    {"announce_type", "Type", "类型"},
    {"channel", "Channel", "频道"},
    {"in_library", "in this library", "本库中"},
    {"search_author", "Papers by this author", "该作者的论文"},
    {"search_category", "Papers in this category", "该分类的论文"},
};

constexpr size_t kSimilar = 8;

std::string EscapedKey(const std::string& key) {
  static const std::string kPrefix = "/papers/";
  return PaperPath(key).substr(kPrefix.size());
}

// A search for an exact field value: au:"Name", cat:cs.LG.
std::string SearchHref(const std::string& field, const std::string& value) {
  std::string v;
  for (char c : value) v += c == '"' ? ' ' : c;
  return "/search?q=" + UrlEncode(field + ":\"" + v + "\"");
}

// Templates test optional values as sections, where an empty string counts as
// present: absent values are false.
nlohmann::json OrFalse(const std::string& s) {
  return s.empty() ? nlohmann::json(false) : nlohmann::json(s);
}

bool IsWebUrl(const std::string& u) {
  return u.rfind("https://", 0) == 0 || u.rfind("http://", 0) == 0;
}

Result<store::PaperView> Find(Context& ctx, const std::string& ref) {
  if (ref.empty() || ref.size() > 512)
    return MakeError(Code::kNotFound, "no paper '" + ref.substr(0, 512) + "' in the library");
  auto got = ctx.session().store().Get(ref);
  if (!got) return Fail(got.error());
  if (!*got) return MakeError(Code::kNotFound, "no paper '" + ref + "' in the library");
  return std::move(**got);
}

nlohmann::json IdsView(const ah::Paper& p) {
  nlohmann::json ids = nlohmann::json::array();
  auto add = [&](const char* label, const std::string& value, const std::string& href) {
    if (value.empty()) return;
    ids.push_back({{"label", label}, {"value", value}, {"href", OrFalse(href)}});
  };
  add("arxiv_id", p.ids.arxiv, p.ids.arxiv.empty() ? "" : "https://arxiv.org/abs/" + p.ids.arxiv);
  add("doi", p.ids.doi, p.ids.doi.empty() ? "" : "https://doi.org/" + p.ids.doi);
  add("pmid", p.ids.pmid,
      p.ids.pmid.empty() ? "" : "https://pubmed.ncbi.nlm.nih.gov/" + p.ids.pmid + "/");
  add("pmcid", p.ids.pmcid,
      p.ids.pmcid.empty() ? "" : "https://www.ncbi.nlm.nih.gov/pmc/articles/" + p.ids.pmcid + "/");
  add("openalex", p.ids.openalex,
      p.ids.openalex.empty() ? "" : "https://openalex.org/" + p.ids.openalex);
  add("library_key", p.key, "");
  return ids;
}

nlohmann::json PublicationView(const ah::Paper& p) {
  nlohmann::json rows = nlohmann::json::array();
  auto add = [&](const char* label, const std::string& value) {
    if (value.empty()) return;
    rows.push_back(
        {{"label", label}, {"value", value}, {"href", OrFalse(IsWebUrl(value) ? value : "")}});
  };
  add("journal", p.journal);
  add("volume", p.volume);
  add("issue", p.issue);
  add("pages", p.pages);
  add("publisher", p.publisher);
  add("published", p.published);
  add("journal_ref", p.journal_ref);
  add("submitted", p.submitted);
  add("updated", p.updated);
  add("comments", p.comments);
  if (!p.license.empty()) {
    const LicenseName lic = NameLicense(p.license);
    rows.push_back({{"label", "license"}, {"value", lic.text}, {"href", OrFalse(lic.url)}});
  }
  return rows;
}

// Links out of the library and to the same work's other version in it.
nlohmann::json LinksView(const store::PaperView& v, Lang lang) {
  const ah::Paper& p = v.paper;
  nlohmann::json links = nlohmann::json::array();
  auto add = [&](const std::string& text, const std::string& href, bool internal) {
    if (!href.empty()) links.push_back({{"text", text}, {"href", href}, {"internal", internal}});
  };
  add(Tr("abstract_page", lang), AbsUrl(p), false);
  add(Tr("pdf", lang), PdfUrl(p), false);
  if (!p.ids.doi.empty()) add("DOI", "https://doi.org/" + p.ids.doi, false);
  if (!v.published_version_key.empty()) {
    add(Tr("published_version", lang), PaperPath(v.published_version_key), true);
  } else if (!p.published_doi.empty()) {
    add(Tr("published_version", lang) + " (DOI " + p.published_doi + ")",
        "https://doi.org/" + p.published_doi, false);
  }
  if (!v.preprint_key.empty()) add(Tr("preprint_version", lang), PaperPath(v.preprint_key), true);
  return links;
}

// Labels are keys of the page's strings `t`.
void Translate(const nlohmann::json& t, nlohmann::json* rows) {
  for (auto& r : *rows) {
    const std::string key = r["label"].get<std::string>();
    r["label"] = t.value(key, key);
  }
}

nlohmann::json PaperDetailView(Context& ctx, const store::PaperView& v, const nlohmann::json& t) {
  const ah::Paper& p = v.paper;
  const Lang lang = ctx.lang;
  nlohmann::json j;
  j["id"] = p.key;
  j["title"] = p.title;
  j["abstract"] = OrFalse(p.abstract);
  nlohmann::json authors = nlohmann::json::array();
  for (const auto& a : p.authors) {
    std::string aff;
    for (const auto& x : a.affiliations) aff += (aff.empty() ? "" : "; ") + x;
    authors.push_back({{"name", a.name},
                       {"href", SearchHref("au", a.name)},
                       {"affiliations", OrFalse(aff)},
                       {"orcid", OrFalse(a.orcid.empty() ? "" : "https://orcid.org/" + a.orcid)}});
  }
  j["authors"] = authors;
  // The card's head: source badge, date, announce badge.
  CardOptions co;
  nlohmann::json card = CardView(v, co, lang);
  for (const char* k : {"badge", "date", "announce", "announce_kind"})
    j[k] = OrFalse(card.value(k, ""));
  nlohmann::json versions = nlohmann::json::array();
  for (const auto& ver : p.versions)
    versions.push_back({{"number", "v" + std::to_string(ver.number)}, {"date", ver.date}});
  j["versions"] = versions;
  j["has_versions"] = !p.versions.empty();
  nlohmann::json listings = nlohmann::json::array();
  for (const auto& l : p.listings)
    listings.push_back({{"badge", store::SourceBadge(l)},
                        {"source", l.source},
                        {"date", l.date},
                        {"type", l.announce_type},
                        {"channel", l.channel}});
  j["listings"] = listings;
  j["has_listings"] = !p.listings.empty();
  nlohmann::json ids = IdsView(p);
  Translate(t, &ids);
  j["ids"] = ids;
  nlohmann::json pub = PublicationView(p);
  Translate(t, &pub);
  j["publication"] = pub;
  j["has_publication"] = !pub.empty();
  j["links"] = LinksView(v, lang);
  nlohmann::json cats = nlohmann::json::array();
  for (const auto& c : p.categories)
    cats.push_back(
        {{"name", c}, {"href", SearchHref("cat", c)}, {"primary", c == p.primary_category}});
  j["categories"] = cats;
  j["has_categories"] = !cats.empty();
  const std::string key = EscapedKey(p.key);
  nlohmann::json exports = nlohmann::json::array({
      {{"label", "bibtex"}, {"href", "/export/bib/" + key}, {"download", true}},
      {{"label", "ris"}, {"href", "/export/ris/" + key}, {"download", true}},
      {{"label", "csl_json"}, {"href", "/export/json/" + key}, {"download", true}},
      {{"label", "json_api"}, {"href", "/api/v1/papers/" + key}, {"download", false}},
  });
  Translate(t, &exports);
  j["exports"] = exports;
  return j;
}

// The TL;DR: a model's from the library's cache (the instance's model), else
// the extractive one. A page never calls a model.
void AddTldr(Context& ctx, const store::PaperView& v, nlohmann::json* j) {
  std::vector<std::string> models;
  if (auto* llm = ctx.library().llm(); llm != nullptr && llm->client)
    models.push_back(llm->client->Describe());
  auto tldr = service::CachedTldr(ctx.session().store(), ctx.session().radars(), v.paper.key,
                                  LangCode(ctx.lang), models);
  if (!tldr || tldr->text.empty()) return;  // the page stands without it
  (*j)["tldr"] = {{"text", tldr->text}, {"from_llm", tldr->from_llm}, {"model", tldr->model}};
}

void AddSimilar(Context& ctx, const store::PaperView& v, nlohmann::json* j) {
  // The snapshot as it is: a page never waits for the first one to be built.
  std::shared_ptr<const service::LibraryIndex> index = ctx.library().index();
  if (!index) {
    (*j)["similar_pending"] = true;
    return;
  }
  auto similar = service::FindSimilarPapers(ctx.session().store(), *index, v, kSimilar);
  if (!similar) return;
  nlohmann::json cards = nlohmann::json::array();
  for (const auto& s : similar->papers) cards.push_back(CardView(s.view, CardOptions{}, ctx.lang));
  (*j)["similar"] = cards;
  const nlohmann::json& t = (*j)["t"];
  (*j)["similar_method"] = OrFalse(similar->method == "lsa"      ? t.value("method_lsa", "")
                                   : similar->method == "tf-idf" ? t.value("method_tfidf", "")
                                                                 : similar->method);
}

}  // namespace

Result<Response> Paper(Context& ctx) {
  auto v = Find(ctx, ctx.req().Param("id"));
  if (!v) return Fail(v.error());
  nlohmann::json t = CommonStrings(ctx.lang);
  AddStrings(kPaper, ctx.lang, &t);
  // The paper under its own key: the similar papers' cards (the `card`
  // partial) must not see its fields when theirs are missing.
  // Every key a template tests is set: a missing one would fall back to the
  // template of that name (every template is a partial of every other).
  nlohmann::json view{{"t", t},
                      {"similar", nlohmann::json::array()},
                      {"similar_method", false},
                      {"similar_pending", false}};
  view["paper"] = PaperDetailView(ctx, *v, t);
  view["paper"]["tldr"] = false;
  AddTldr(ctx, *v, &view["paper"]);
  AddSimilar(ctx, *v, &view);
  view["page_css"] = "paper.css";
  view["page_class"] = "paper-page";
  return Render(ctx, "paper", view, v->paper.title + " · " + Tr("product", ctx.lang));
}

Result<Response> Export(Context& ctx) {
  const std::string format_name = ctx.req().Param("format");
  const auto format = imports::ParseExportFormat(format_name);
  if (!format)
    return MakeError(Code::kInvalidArgument, "unknown export format '" + format_name.substr(0, 40) +
                                                 "': use bib, ris or json");
  auto v = Find(ctx, ctx.req().Param("id"));
  if (!v) return Fail(v.error());
  const std::vector<ah::Paper> papers = {v->paper};
  Response r = Response::Text(imports::Export(papers, *format),
                              std::string(imports::ExportContentType(*format)));
  r.Header("Content-Disposition", "attachment; filename=\"" + imports::CiteKey(v->paper) + "." +
                                      std::string(imports::ExportExtension(*format)) + "\"");
  return r;
}

}  // namespace ah::web::pages
