// The paper page, citation exports, the search page and the papers API over
// loopback HTTP, on the real sample feeds plus a small crafted arXiv feed
// whose title, abstract and author carry script payloads.
#include <nlohmann/json.hpp>

#include "imports/bibtex.h"
#include "imports/csl_json.h"
#include "imports/ris.h"
#include "ingest/ingest_files.h"
#include "search/query.h"
#include "store/view_json.h"
#include "web_fixture.h"

namespace ah::web::testing {
namespace {

// An arXiv RSS day whose text holds markup: escaped twice in the XML, so that
// after the feed's own entity decoding the stored text still has the tags
// (authors once: the feed's author list is split before entities are decoded).
constexpr const char* kCraftedFeed = R"(<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
  <channel>
    <title>cs.CR updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/cs.CR</link>
    <description>cs.CR updates on the arXiv.org e-print archive.</description>
    <pubDate>Wed, 01 Jul 2026 00:00:00 -0400</pubDate>
    <item>
      <title>Escaping &amp;lt;script&amp;gt;alert("title")&amp;lt;/script&amp;gt; in $x&amp;lt;y$ zanzibarite payloads</title>
      <link>https://arxiv.org/abs/2607.00001</link>
      <description>arXiv:2607.00001v1 Announce Type: new
Abstract: We test &amp;lt;img src=x onerror=alert('abstract')&amp;gt; and &amp;lt;script&amp;gt;alert("abstract")&amp;lt;/script&amp;gt; zanzibarite payloads in abstracts.</description>
      <guid isPermaLink="false">oai:arXiv.org:2607.00001v1</guid>
      <category>cs.CR</category>
      <pubDate>Wed, 01 Jul 2026 00:00:00 -0400</pubDate>
      <arxiv:announce_type>new</arxiv:announce_type>
      <dc:creator>Mallory &lt;script&gt;alert("author")&lt;/script&gt;, Eve O'Hara</dc:creator>
    </item>
  </channel>
</rss>
)";

int CountOf(const std::string& s, const std::string& what) {
  int n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

class PapersTest : public WebTest {
 protected:
  void SetUp() override {
    WebTest::SetUp();
    StartServer();
    if (HasFatalFailure()) return;
    auto s = library_->OpenSession();
    auto r = ingest::IngestBuffer(kCraftedFeed, "crafted.xml", s->store(), {});
    ASSERT_TRUE(r) << r.error().ToString();
    ASSERT_EQ(r->added, 1);
  }

  nlohmann::json Json(const httplib::Result& r) {
    EXPECT_TRUE(r);
    if (!r) return nullptr;
    EXPECT_NE(r->get_header_value("Content-Type").find("application/json"), std::string::npos);
    return nlohmann::json::parse(r->body, nullptr, false);
  }

  // A page or API answer must never carry a script from the data.
  static void ExpectNoInjectedMarkup(const std::string& body) {
    EXPECT_FALSE(Has(body, "<script>alert")) << body.substr(0, 400);
    EXPECT_FALSE(Has(body, "<img src=x")) << body.substr(0, 400);
  }
};

TEST_F(PapersTest, PaperPageShowsTheWholeRecordWithLinksTldrSimilarAndExports) {
  ASSERT_TRUE(library_->WaitIndex());  // the server's maintenance thread builds it
  Browser b = NewBrowser();
  auto r = b.Get("/papers/2606.26139");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const std::string& html = r->body;
  EXPECT_TRUE(Has(html, "Multiscale Exit-Join Dynamics"));
  EXPECT_TRUE(Has(html, "<h1 class=\"paper-title math\">"));
  EXPECT_TRUE(Has(html, "Quanyan Zhu"));
  EXPECT_TRUE(Has(html, "href=\"/search?q=au%3A%22Quanyan%20Zhu%22\""));
  // Listing, version, ids, links.
  EXPECT_TRUE(Has(html, "arXiv (CS.GT)"));
  EXPECT_TRUE(Has(html, "<span class=\"v\">v1</span>"));
  EXPECT_TRUE(Has(html, "href=\"https://arxiv.org/abs/2606.26139\""));
  EXPECT_TRUE(Has(html, "https://arxiv.org/pdf/2606.26139"));
  EXPECT_TRUE(Has(html, "<code>2606.26139</code>"));
  // The TL;DR (extractive: no model here), the abstract with math enabled.
  EXPECT_TRUE(Has(html, "<section class=\"tldr\""));
  EXPECT_TRUE(Has(html, "the abstract&apos;s most informative sentence"));
  EXPECT_TRUE(Has(html, "<p class=\"math\">This paper develops a multiscale model"));
  // Exports, and similar papers from the library as cards.
  EXPECT_TRUE(Has(html, "href=\"/export/bib/2606.26139\""));
  EXPECT_TRUE(Has(html, "href=\"/export/ris/2606.26139\""));
  EXPECT_TRUE(Has(html, "href=\"/export/json/2606.26139\""));
  EXPECT_GE(CountOf(html, "class=\"card\""), 3);
  EXPECT_FALSE(Has(html, "id=\"card-2606.26139\""));  // never similar to itself
  EXPECT_TRUE(Has(html, "/static/paper.css"));

  auto zh = b.Get("/papers/2606.26139?lang=zh");
  ASSERT_TRUE(zh);
  EXPECT_TRUE(Has(zh->body, "一句话总结"));
  EXPECT_TRUE(Has(zh->body, "库中的相似论文"));
}

TEST_F(PapersTest, AnyIdFormFindsThePaper) {
  Browser b = NewBrowser();
  auto api = Json(b.Get("/api/v1/papers/doi:10.1136/gutjnl-2016-312510"));
  ASSERT_TRUE(api.is_object());
  const std::string pmid = api.value("pmid", "");
  ASSERT_FALSE(pmid.empty());
  for (const char* path :
       {"/papers/2606.26139", "/papers/arXiv:2606.26139v1", "/papers/2606.26139v2"}) {
    auto r = b.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_TRUE(Has(r->body, "Multiscale Exit-Join Dynamics")) << path;
  }
  for (const std::string& path :
       std::vector<std::string>{"/papers/doi:10.1136/gutjnl-2016-312510",
                                "/papers/10.1136/gutjnl-2016-312510", "/papers/pmid:" + pmid}) {
    auto r = b.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_TRUE(Has(r->body, "<code>doi:10.1136/gutjnl-2016-312510</code>")) << path;
  }
}

TEST_F(PapersTest, PreprintAndPublishedVersionLinkToEachOtherInTheLibrary) {
  {
    auto s = library_->OpenSession();
    Paper preprint;
    preprint.ids.arxiv = "2607.00002";
    preprint.title = "Linked versions of one work";
    preprint.authors = {{"Ada Lovelace", {}, ""}};
    preprint.abstract = "A preprint.";
    preprint.published_doi = "10.5555/linked.1";
    preprint.listings = {{"arxiv", "2026-07-01", "new", "cs.DL"}};
    preprint.type = "preprint";
    Paper journal;
    journal.ids.doi = "10.5555/linked.1";
    journal.title = "Linked versions of one work";
    journal.authors = {{"Lovelace, Ada", {}, ""}};
    journal.journal = "Journal of Links";
    journal.published = "2026-07-01";
    journal.type = "journal-article";
    journal.listings = {{"crossref", "2026-07-01", "published", ""}};
    ASSERT_TRUE(s->store().UpsertPage({preprint, journal}, std::nullopt));
  }
  Browser b = NewBrowser();
  auto pre = b.Get("/papers/2607.00002");
  ASSERT_TRUE(pre);
  EXPECT_TRUE(Has(pre->body, "href=\"/papers/doi:10.5555/linked.1\">Published version</a>"))
      << pre->body;
  auto pub = b.Get("/papers/doi:10.5555/linked.1");
  ASSERT_TRUE(pub);
  EXPECT_TRUE(Has(pub->body, "href=\"/papers/2607.00002\">Preprint</a>"));
  EXPECT_TRUE(Has(pub->body, "Journal of Links"));
  // A published DOI the library does not hold links out to doi.org.
  auto api = Json(b.Get("/api/v1/papers/2607.00002"));
  EXPECT_EQ(api["published_version"]["id"], "doi:10.5555/linked.1");
}

TEST_F(PapersTest, UnknownPapersAre404InPagesAndApi) {
  Browser b = NewBrowser();
  for (const char* path :
       {"/papers/2699.99999", "/papers/doi:10.9999/none", "/export/bib/2699.99999"}) {
    auto r = b.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_TRUE(Has(r->get_header_value("Content-Type"), "text/html")) << path;
  }
  for (const char* path : {"/api/v1/papers/2699.99999", "/api/v1/similar/2699.99999",
                           "/api/v1/export/ris/2699.99999"}) {
    auto r = b.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path;
    auto j = Json(r);
    EXPECT_EQ(j["error"]["code"], "not_found") << path;
    EXPECT_TRUE(Has(j["error"]["message"].get<std::string>(), "2699.99999")) << path;
  }
}

TEST_F(PapersTest, ExportsServeTheFormatsWithTypeAndFileName) {
  Browser b = NewBrowser();
  auto bib = b.Get("/export/bib/2606.26139");
  ASSERT_TRUE(bib);
  ASSERT_EQ(bib->status, 200);
  EXPECT_EQ(bib->get_header_value("Content-Type"), "application/x-bibtex; charset=utf-8");
  EXPECT_EQ(bib->get_header_value("Content-Disposition"),
            "attachment; filename=\"zhu2026multiscale.bib\"");
  auto parsed = imports::ParseBibtex(bib->body, "x.bib");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->refs.size(), 1u);
  EXPECT_EQ(parsed->refs[0].arxiv, "2606.26139");

  auto ris = b.Get("/export/ris/doi:10.1136/gutjnl-2016-312510");
  ASSERT_TRUE(ris);
  ASSERT_EQ(ris->status, 200);
  EXPECT_EQ(ris->get_header_value("Content-Type"),
            "application/x-research-info-systems; charset=utf-8");
  EXPECT_TRUE(Has(ris->get_header_value("Content-Disposition"), ".ris\""));
  auto rp = imports::ParseRis(ris->body, "x.ris");
  ASSERT_TRUE(rp);
  ASSERT_EQ(rp->refs.size(), 1u);
  EXPECT_EQ(rp->refs[0].doi, "10.1136/gutjnl-2016-312510");

  auto csl = b.Get("/api/v1/export/json/2606.26139");
  ASSERT_TRUE(csl);
  ASSERT_EQ(csl->status, 200);
  EXPECT_EQ(csl->get_header_value("Content-Type"),
            "application/vnd.citationstyles.csl+json; charset=utf-8");
  auto cp = imports::ParseCslJson(csl->body, "x.json");
  ASSERT_TRUE(cp);
  ASSERT_EQ(cp->refs.size(), 1u);
  EXPECT_EQ(cp->refs[0].arxiv, "2606.26139");

  auto bad = b.Get("/export/pdf/2606.26139");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  auto bad_api = b.Get("/api/v1/export/xml/2606.26139");
  ASSERT_TRUE(bad_api);
  EXPECT_EQ(bad_api->status, 400);
  EXPECT_TRUE(Has(Json(bad_api)["error"]["message"].get<std::string>(), "bib, ris or json"));
}

TEST_F(PapersTest, ScriptsInFeedDataRenderAsTextInPagesAndStayDataInJson) {
  Browser b = NewBrowser();
  // The stored text really holds the payloads (else this test proves nothing).
  auto api = b.Get("/api/v1/papers/2607.00001");
  ASSERT_TRUE(api);
  ASSERT_EQ(api->status, 200);
  auto j = Json(api);
  ASSERT_TRUE(Has(j["title"].get<std::string>(), "<script>alert(\"title\")</script>"));
  ASSERT_TRUE(Has(j["abstract"].get<std::string>(), "<img src=x onerror=alert('abstract')>"));
  ASSERT_TRUE(Has(j["authors"].dump(), "<script>"));
  // JSON: the payload is a string value, and the body is not HTML.
  EXPECT_FALSE(Has(api->body, "<script>alert(\"title\")"));  // quotes are escaped in JSON
  EXPECT_EQ(api->get_header_value("X-Content-Type-Options"), "nosniff");

  auto page = b.Get("/papers/2607.00001");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  ExpectNoInjectedMarkup(page->body);
  EXPECT_TRUE(Has(page->body, "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;"));
  EXPECT_TRUE(Has(page->body, "&lt;img src=x onerror=alert(&apos;abstract&apos;)&gt;"));
  EXPECT_TRUE(Has(page->body, "Mallory &lt;script&gt;"));

  for (const char* path : {"/search?q=zanzibarite", "/search?q=zanzibarite&fragment=1"}) {
    auto s = b.Get(path);
    ASSERT_TRUE(s) << path;
    ASSERT_EQ(s->status, 200) << path;
    EXPECT_TRUE(Has(s->body, "id=\"card-2607.00001\"")) << path;
    ExpectNoInjectedMarkup(s->body);
    EXPECT_TRUE(Has(s->body, "&lt;script&gt;alert(&quot;title&quot;)")) << path;
  }
  auto search_api = b.Get("/api/v1/search?q=zanzibarite");
  ASSERT_TRUE(search_api);
  auto sj = Json(search_api);
  ASSERT_EQ(sj.size(), 1u);
  EXPECT_TRUE(Has(sj[0]["title"].get<std::string>(), "<script>"));
}

TEST_F(PapersTest, CardsWithoutAPdfOrPageShowNoEmptyLink) {
  // Nature's feed gives no PDF: its cards link to the article and the DOI only.
  Browser b = NewBrowser();
  auto r = b.Get("/search?q=src%3Anature");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_GE(CountOf(r->body, "class=\"card\""), 5);
  EXPECT_FALSE(Has(r->body, "href=\"\"")) << r->body.substr(0, 2000);
}

TEST_F(PapersTest, QueryStringIsEscapedWhereverItIsShown) {
  Browser b = NewBrowser();
  const std::string payload = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";
  for (const std::string& path : std::vector<std::string>{
           "/search?q=" + UrlEncode(payload), "/search?fragment=1&q=" + UrlEncode(payload),
           "/search?q=" + UrlEncode("(" + payload), "/papers/" + UrlEncode(payload)}) {
    auto r = b.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_FALSE(Has(r->body, "<script>alert(1)")) << path;
    EXPECT_FALSE(Has(r->body, "<img src=x")) << path;
  }
  auto page = b.Get("/search?q=" + UrlEncode(payload));
  ASSERT_TRUE(page);
  EXPECT_TRUE(Has(page->body, "value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
}

TEST_F(PapersTest, SearchSuggestsACorrectionForATypo) {
  Browser b = NewBrowser();
  auto r = b.Get("/search?q=lerning");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_TRUE(Has(r->body, "<strong>0 papers</strong>"));
  EXPECT_TRUE(Has(r->body, "id=\"did-you-mean\">Did you mean: <a href=\"/search?q=learning\">"));
  auto api = b.Get("/api/v1/search?q=lerning");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->get_header_value("X-Total-Count"), "0");
  EXPECT_EQ(api->get_header_value("X-Did-You-Mean"), "learning");
  auto known = b.Get("/search?q=learning");
  ASSERT_TRUE(known);
  EXPECT_FALSE(Has(known->body, "did-you-mean"));
  EXPECT_FALSE(b.Get("/api/v1/search?q=learning")->has_header("X-Did-You-Mean"));
}

TEST_F(PapersTest, SearchShowsCountFacetsPagesAndResultsAsYouType) {
  Browser b = NewBrowser();
  auto api = b.Get("/api/v1/search?q=learning&limit=5");
  ASSERT_TRUE(api);
  ASSERT_EQ(api->status, 200);
  const int total = std::stoi(api->get_header_value("X-Total-Count"));
  ASSERT_GT(total, 40);
  EXPECT_EQ(Json(api).size(), 5u);

  auto r = b.Get("/search?q=learning");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const std::string& html = r->body;
  EXPECT_TRUE(Has(html, "<strong>" + std::to_string(total) + " papers</strong>"));
  EXPECT_TRUE(Has(html, "data-live-search"));
  EXPECT_TRUE(Has(html, "id=\"results\""));
  EXPECT_EQ(CountOf(html, "class=\"card\""), 20);
  EXPECT_TRUE(Has(html, "<span class=\"num\">01.</span>"));
  // Facets: categories of the matches, each a link that narrows the query.
  EXPECT_TRUE(Has(html, "<h2>Category</h2>"));
  EXPECT_TRUE(Has(html, "href=\"/search?q=learning%20cat%3Acs.CV\""));
  EXPECT_TRUE(Has(html, "href=\"/search?q=learning&amp;page=2\""));
  // Page 2 numbers on.
  auto p2 = b.Get("/search?q=learning&page=2");
  ASSERT_TRUE(p2);
  EXPECT_TRUE(Has(p2->body, "<span class=\"num\">21.</span>"));
  EXPECT_TRUE(Has(p2->body, "rel=\"prev\""));
  // A facet in the query is marked and links back to the query without it.
  auto narrowed = b.Get("/search?q=learning%20cat%3Acs.CV");
  ASSERT_TRUE(narrowed);
  EXPECT_TRUE(Has(narrowed->body, "<a href=\"/search?q=learning\" class=\"active\""));
  // Years narrow a query without dates; a dated one keeps its own date filter.
  auto undated = b.Get("/search?q=cancer");
  ASSERT_TRUE(undated);
  EXPECT_TRUE(Has(undated->body, "<h2>Year</h2>"));
  EXPECT_TRUE(Has(undated->body, "href=\"/search?q=cancer%20date%3A2016\""));
  auto dated = b.Get("/search?q=cancer+date%3A2000..2030");
  ASSERT_TRUE(dated);
  EXPECT_EQ(dated->status, 200);
  EXPECT_FALSE(Has(dated->body, "<h2>Year</h2>"));
  auto year = b.Get("/search?q=cancer%20date%3A2016");
  ASSERT_TRUE(year);
  EXPECT_EQ(year->status, 200);
  EXPECT_TRUE(Has(year->body, "<a href=\"/search?q=cancer\" class=\"active\""));
  // As you type: just the results, no layout.
  auto frag = b.Get("/search?fragment=1&q=learning");
  ASSERT_TRUE(frag);
  EXPECT_EQ(frag->status, 200);
  EXPECT_FALSE(Has(frag->body, "<html"));
  EXPECT_FALSE(Has(frag->body, "id=\"results\""));
  EXPECT_EQ(CountOf(frag->body, "class=\"card\""), 20);
  // Nothing typed yet: the form alone.
  auto empty = b.Get("/search");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 200);
  EXPECT_EQ(CountOf(empty->body, "class=\"card\""), 0);
  // zh.
  auto zh = b.Get("/search?q=learning&lang=zh");
  ASSERT_TRUE(zh);
  EXPECT_TRUE(Has(zh->body, "共 " + std::to_string(total) + " 篇论文"));
}

TEST_F(PapersTest, BadQueriesAre400NamingThePositionNeverSql) {
  Browser b = NewBrowser();
  for (const char* path : {"/search?q=graph+(neural", "/search?fragment=1&q=graph+(neural"}) {
    auto r = b.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 400) << path;
    EXPECT_TRUE(Has(r->body, "column 7")) << r->body;
    for (const char* internal : {"SELECT", "papers_fts", "MATCH", "sqlite"})
      EXPECT_FALSE(Has(r->body, internal)) << internal;
  }
  auto api = b.Get("/api/v1/search?q=%22unterminated");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 400);
  auto j = Json(api);
  EXPECT_EQ(j["error"]["code"], "invalid_argument");
  EXPECT_TRUE(Has(j["error"]["message"].get<std::string>(), "column")) << j.dump();
  struct Case {
    std::string path, field;
  };
  for (const Case& c :
       std::vector<Case>{{"/api/v1/search", "q"},
                         {"/api/v1/search?q=x&limit=-1", "limit"},
                         {"/api/v1/search?q=x&limit=1000000", "limit"},
                         {"/api/v1/search?q=x&limit=abc", "limit"},
                         {"/api/v1/search?q=x&offset=-5", "offset"},
                         {"/api/v1/search?q=x&offset=99999999999999999999", "offset"},
                         {"/api/v1/today?limit=-3", "limit"},
                         {"/api/v1/today?offset=1e9", "offset"},
                         {"/api/v1/today?date=yesterday", "date"},
                         {"/api/v1/similar/2606.26139?limit=0", "limit"},
                         {"/search?q=x&page=0", "page"},
                         {"/search?q=x&page=9999", "page"}}) {
    auto r = b.Get(c.path);
    ASSERT_TRUE(r) << c.path;
    EXPECT_EQ(r->status, 400) << c.path;
    EXPECT_TRUE(Has(r->body, c.field)) << c.path << ": " << r->body.substr(0, 300);
  }
}

TEST_F(PapersTest, ApiAnswersAreTheObjectsOfTheCli) {
  Browser b = NewBrowser();
  auto s = library_->OpenSession();
  // /papers: show --json.
  auto one = s->store().Get("2606.26139");
  ASSERT_TRUE(one && *one);
  EXPECT_EQ(Json(b.Get("/api/v1/papers/2606.26139")), store::PaperViewToJson(**one));
  // /search: search --json, with the total in a header.
  auto q = search::ParseQuery("ti:diffusion");
  ASSERT_TRUE(q);
  auto views = s->store().Search(*q, 3, 2);
  ASSERT_TRUE(views);
  auto r = b.Get("/api/v1/search?q=ti%3Adiffusion&limit=3&offset=2");
  ASSERT_TRUE(r);
  nlohmann::json want = nlohmann::json::array();
  for (const auto& v : *views) want.push_back(store::PaperViewToJson(v));
  EXPECT_EQ(Json(r), want);
  auto all = s->store().Search(*q, 0, 0);
  ASSERT_TRUE(all);
  EXPECT_EQ(r->get_header_value("X-Total-Count"), std::to_string(all->size()));
  // /today: today --json, the day and total in headers, paged.
  auto latest = b.Get("/api/v1/today?source=arxiv");  // the crafted day
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->get_header_value("X-AH-Date"), "2026-07-01");
  EXPECT_EQ(latest->get_header_value("X-Total-Count"), "1");
  EXPECT_EQ(Json(latest)[0]["id"], "2607.00001");
  auto day = b.Get("/api/v1/today?source=arxiv&date=2026-06-30");
  ASSERT_TRUE(day);
  ASSERT_EQ(day->status, 200);
  EXPECT_EQ(day->get_header_value("X-AH-Date"), "2026-06-30");
  EXPECT_EQ(day->get_header_value("X-AH-Previous-Date"), "2026-06-29");
  auto full = Json(day);
  ASSERT_GT(full.size(), 10u);
  EXPECT_EQ(day->get_header_value("X-Total-Count"), std::to_string(full.size()));
  auto page = Json(b.Get("/api/v1/today?source=arxiv&date=2026-06-30&limit=4&offset=3"));
  ASSERT_EQ(page.size(), 4u);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(page[i]["id"], full[i + 3]["id"]);
  auto cv = Json(b.Get("/api/v1/today?source=arxiv&category=cs.CV&date=2026-06-29"));
  ASSERT_FALSE(cv.empty());
  for (const auto& p : cv) EXPECT_TRUE(Has(p["categories"].dump(), "\"cs.CV\"")) << p["id"];
  // A category as typed is the taxonomy's spelling, and a typo is a 400 that suggests.
  auto lower = Json(b.Get("/api/v1/today?source=arxiv&category=cs.cv&date=2026-06-29"));
  EXPECT_EQ(lower.size(), cv.size());
  auto typo = b.Get("/api/v1/today?source=arxiv&category=cs.CVV&date=2026-06-29");
  ASSERT_TRUE(typo);
  EXPECT_EQ(typo->status, 400);
  EXPECT_TRUE(Has(typo->body, "cs.CV")) << typo->body;
  auto home = b.Get("/?source=arxiv&category=cs.cv&date=2026-06-29");
  ASSERT_TRUE(home);
  EXPECT_EQ(home->status, 200);
  EXPECT_TRUE(Has(home->body, "CS.CV")) << home->body.substr(0, 2000);
  auto typo_page = b.Get("/?source=arxiv&category=cs.CVV&date=2026-06-29");
  ASSERT_TRUE(typo_page);
  EXPECT_EQ(typo_page->status, 400);
  EXPECT_TRUE(Has(typo_page->body, "cs.CV"));
}

TEST_F(PapersTest, NothingWaitsForTheFirstIndexSnapshot) {
  ASSERT_EQ(library_->index(), nullptr);
  Browser b = NewBrowser();
  auto page = b.Get("/papers/2606.26139");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_TRUE(Has(page->body, "once the library&apos;s index is ready"));
  auto api = b.Get("/api/v1/similar/2606.26139");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 503);
  EXPECT_EQ(Json(api)["error"]["code"], "unavailable");
}

TEST_F(PapersTest, SimilarApiRanksOtherPapersWithScores) {
  ASSERT_TRUE(library_->WaitIndex());
  Browser b = NewBrowser();
  auto r = b.Get("/api/v1/similar/2606.26139?limit=3");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_FALSE(r->get_header_value("X-AH-Similarity").empty());
  auto j = Json(r);
  ASSERT_EQ(j.size(), 3u);
  double last = 2;
  for (const auto& p : j) {
    EXPECT_NE(p["id"], "2606.26139");
    ASSERT_TRUE(p["score"].is_number());
    EXPECT_LE(p["score"].get<double>(), last);
    last = p["score"].get<double>();
    EXPECT_TRUE(p.contains("title"));
  }
}

TEST_F(PapersTest, ThePaperPageNamesTheLicenceAndLinksItsDeed) {
  auto s = library_->OpenSession();
  const std::string body =
      ah::testing::ReadData("biorxiv/biorxiv_api_details_all_3items_trimmed_pretty.json");
  ASSERT_FALSE(body.empty());
  auto r = ingest::IngestBuffer(body, "biorxiv.json", s->store(), {});
  ASSERT_TRUE(r) << r.error().ToString();
  Browser b = NewBrowser();
  auto page = b.Get("/papers/doi:10.64898/2026.07.13.738249");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body.substr(0, 400);
  EXPECT_TRUE(Has(page->body, "CC BY-NC 4.0")) << page->body;
  EXPECT_TRUE(Has(page->body, "https://creativecommons.org/licenses/by-nc/4.0/"));
  EXPECT_FALSE(Has(page->body, "cc_by_nc"));
}

}  // namespace
}  // namespace ah::web::testing
