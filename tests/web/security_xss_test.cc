// Cross-site scripting over loopback HTTP.
//  - Stored: crafted feeds (tests/data/xss: arXiv RSS, a journal's RSS 2.0,
//    the arXiv API and a Crossref JSON page) carry payloads in every field —
//    title, abstract, authors, affiliations, categories, journal, DOI, URLs
//    (javascript: too), comments, journal reference — and every page and API
//    that shows them is checked: no tag, attribute or address of a payload in
//    the markup, mustache in feed text shown as typed, JSON as JSON.
//  - Reflected: every query parameter the handlers read (taken from their
//    source), with a payload, on every GET route of the route table.
#include "ingest/ingest_files.h"
#include "security_fixture.h"
#include "web/view.h"

namespace ah::web::testing {
namespace {

constexpr const char* kXssDay = "2026-06-30";

std::string XssDir() { return std::string(AH_SOURCE_DIR) + "/tests/data/xss"; }

class StoredXssTest : public SecurityTest {
 protected:
  void SetUp() override {
    SecurityTest::SetUp();
    auto s = library_->OpenSession();
    auto rep = ingest::IngestPaths({XssDir()}, s->store(), {});
    ASSERT_TRUE(rep) << rep.error().ToString();
    ASSERT_GE(rep->totals.added, 6);
    ASSERT_EQ(rep->totals.rejected, 0);
    ASSERT_TRUE(library_->RefreshIndex());
    app_->pages().Clear();
  }

  // A page: 200 (or `status`), HTML, structurally clean, showing the crafted papers.
  void ExpectCleanPage(Browser& b, const std::string& path, bool shows_papers = true) {
    auto r = b.Get(path);
    ASSERT_TRUE(r) << path;
    ASSERT_EQ(r->status, 200) << path << ": " << r->body.substr(0, 300);
    ASSERT_NE(r->get_header_value("Content-Type").find("text/html"), std::string::npos) << path;
    const auto problems = HtmlProblems(r->body);
    EXPECT_TRUE(problems.empty()) << path << ":" << Joined(problems);
    if (shows_papers) {
      EXPECT_NE(Lower(r->body).find("xsswidget"), std::string::npos) << path;
      // Template syntax in feed text is shown as typed, never evaluated.
      EXPECT_NE(r->body.find("{{7*7}}"), std::string::npos) << path;
      EXPECT_EQ(r->body.find(">49<"), std::string::npos) << path;
    }
    ++pages_;
  }

  // The home page `query` (a day of 538 papers, 50 a page): every page of it
  // until the one showing the crafted arXiv papers (listed last), each clean.
  void ExpectCleanHomePages(Browser& b, const std::string& query) {
    for (int page = 1; page <= 20; ++page) {
      const std::string path = "/?" + query + "&page=" + std::to_string(page);
      auto r = b.Get(path);
      ASSERT_TRUE(r) << path;
      ASSERT_EQ(r->status, 200) << path;
      const auto problems = HtmlProblems(r->body);
      EXPECT_TRUE(problems.empty()) << path << ":" << Joined(problems);
      if (Lower(r->body).find("xsswidget") != std::string::npos) {
        ExpectCleanPage(b, path);
        return;
      }
      if (r->body.find("page=" + std::to_string(page + 1)) == std::string::npos) break;
    }
    ADD_FAILURE() << "no page of /?" << query << " shows the crafted papers";
  }

  // An API answer: JSON with the JSON content type (the payloads are data there).
  nlohmann::json ExpectJson(Browser& b, const std::string& path) {
    auto r = b.Get(path);
    EXPECT_TRUE(r) << path;
    if (!r) return nullptr;
    EXPECT_EQ(r->status, 200) << path << ": " << r->body.substr(0, 300);
    EXPECT_EQ(r->get_header_value("Content-Type").rfind("application/json", 0), 0u) << path;
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff") << path;
    try {
      return nlohmann::json::parse(r->body);
    } catch (const std::exception& e) {
      ADD_FAILURE() << path << ": not JSON: " << e.what();
      return nullptr;
    }
  }

  int pages_ = 0;
};

TEST_F(StoredXssTest, TheCraftedFeedsReallyStoreThePayloads) {
  // Otherwise the tests below would prove nothing.
  Browser b = NewBrowser();
  const nlohmann::json api = ExpectJson(b, "/api/v1/papers/2606.99901");
  const std::string all = api.dump();
  for (const char* raw : {"<script>window.__xss='api-author'", "<script>window.__xss='api-comment'",
                          "<script>window.__xss='api-jref'", "\"><img src=x onerror=alert(9)",
                          "cs.<script>alert(8)</script>", "{{{csrf}}}"})
    EXPECT_NE(all.find(raw), std::string::npos) << raw << " not stored: " << all.substr(0, 2000);
  const nlohmann::json cr = ExpectJson(b, "/api/v1/papers/doi:10.5555/xss.3");
  EXPECT_NE(cr.dump().find("<script>window.__xss='cr-abs-escaped'"), std::string::npos);
  EXPECT_NE(cr.dump().find("javascript:window.__xss='cr-url'"), std::string::npos);
}

TEST_F(StoredXssTest, EveryPageShowingThePapersEscapesEveryField) {
  Browser visitor = NewBrowser();
  ExpectCleanPage(visitor, "/", false);
  ExpectCleanHomePages(visitor, std::string("date=") + kXssDay);
  ExpectCleanPage(visitor, "/?source=crossref");
  ExpectCleanPage(visitor, "/?source=journal-of-xsswidget-alert-channel");
  ExpectCleanHomePages(visitor, std::string("source=arxiv&category=cs.LG&date=") + kXssDay);
  ExpectCleanHomePages(visitor, std::string("lang=zh&date=") + kXssDay);
  // A radar over the crafted papers: its day, the re-ranked fragment, a week,
  // feedback history, a briefing of them (both languages), edit and list pages.
  const int64_t id = CreateRadar(ada_token_, {{"name", "xss <script>alert('radar')</script>"},
                                              {"description", "xsswidget graph networks"},
                                              {"query", "xsswidget"}});
  ASSERT_GT(id, 0);
  const std::string p = "/radars/" + std::to_string(id);
  auto ids = RunIds(ada_token_, id, std::string("date=") + kXssDay);
  ASSERT_GE(ids.size(), 6u);
  // Likes of two crafted papers, a dislike of the day's last one (a dislike of
  // a crafted paper would sink its crafted near-duplicates out of the briefing).
  for (size_t i : {size_t{0}, size_t{2}, ids.size() - 1}) {
    const char* action = i == 0 || i == 2 ? "like" : "dislike";
    auto fb = Api(ada_token_, "POST", "/api/v1" + p + "/feedback",
                  nlohmann::json{{"paper", ids[i]}, {"action", action}}.dump());
    ASSERT_TRUE(fb);
    ASSERT_EQ(fb->status, 200) << fb->body;
  }
  for (const char* lang : {"en", "zh"}) {
    auto w = Api(ada_token_, "POST", "/api/v1" + p + "/briefings",
                 nlohmann::json{{"date", kXssDay}, {"extractive", true}, {"lang", lang}}.dump());
    ASSERT_TRUE(w);
    ASSERT_EQ(w->status, 201) << w->body;
  }
  Browser ada = SessionOf("ada");
  ExpectCleanPage(ada, p + "?date=" + kXssDay);
  ExpectCleanPage(ada, p + "?fragment=cards&date=" + kXssDay);
  ExpectCleanPage(ada, p + "?days=7&date=" + kXssDay);
  ExpectCleanPage(ada, p + "?date=" + kXssDay + "&lang=zh");
  ExpectCleanPage(ada, p + "/briefing?date=" + kXssDay + "&lang=en");
  ExpectCleanPage(ada, p + "/briefing?date=" + kXssDay + "&lang=zh");
  ExpectCleanPage(ada, std::string("/?date=") + kXssDay);  // signed in: the user's radars
  ExpectCleanPage(ada, "/radars", false);
  ExpectCleanPage(ada, p + "/edit", false);
  ExpectCleanPage(ada, "/settings", false);
  auto briefs = ExpectJson(ada, "/api/v1" + p + "/briefings");
  ASSERT_TRUE(briefs.is_array() && !briefs.empty());
  ExpectCleanPage(ada, "/briefings/" + std::to_string(briefs[0]["id"].get<int64_t>()));
  // The API: the same text, as JSON data.
  ExpectJson(ada, std::string("/api/v1/today?date=") + kXssDay);
  ExpectJson(ada, "/api/v1" + p + "/run?date=" + kXssDay);
  ExpectJson(ada, "/api/v1" + p + "/feedback");
  ExpectJson(ada, "/api/v1/briefings/" + std::to_string(briefs[0]["id"].get<int64_t>()));
  // Search, paper pages and exports.
  ExpectCleanPage(visitor, "/search?q=xsswidget");
  ExpectCleanPage(visitor, "/search?q=xsswidget&fragment=1");
  ExpectJson(visitor, "/api/v1/search?q=xsswidget");
  const std::vector<std::string> keys = {"2606.99901", "2606.99902", "2606.99903",
                                         "doi:10.5555/xss.1", "doi:10.5555/xss.2",
                                         "doi:10.5555/xss.3"};
  {
    for (const auto& k : keys) {
      ExpectCleanPage(visitor, PaperPath(k));
      for (const char* format : {"bibtex", "ris", "csl-json"}) {
        for (const std::string prefix : {"/export/", "/api/v1/export/"}) {
          auto r = visitor.Get(prefix + format + "/" + k);
          ASSERT_TRUE(r);
          EXPECT_EQ(r->status, 200) << prefix << format << "/" << k;
          // An export is never HTML: a browser opening it runs nothing.
          EXPECT_EQ(r->get_header_value("Content-Type").find("text/html"), std::string::npos)
              << prefix << format << "/" << k;
          EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
        }
      }
    }
  }
  EXPECT_GE(pages_, 18);
}

TEST_F(StoredXssTest, ARadarsOwnFieldsAreEscapedToo) {
  const std::string evil = "\"><img src=x onerror=alert(1) data-xss=1></textarea><script>alert(2)</script>{{{csrf}}}";
  const int64_t id = CreateRadar(ada_token_, {{"name", "n" + evil},
                                              {"description", "xsswidget " + evil},
                                              {"query", "xsswidget"},
                                              {"exclude", "e" + evil},
                                              {"authors", {"Ada " + evil}},
                                              {"categories", {"cs.LG"}}});
  ASSERT_GT(id, 0);
  Browser ada = SessionOf("ada");
  const std::string p = "/radars/" + std::to_string(id);
  // (Its exclusions, the payload's words, rightly exclude the crafted papers.)
  ExpectCleanPage(ada, p + "?date=" + kXssDay, false);
  ExpectCleanPage(ada, p + "/edit", false);
  ExpectCleanPage(ada, "/radars", false);
  ExpectCleanPage(ada, "/", false);
  ExpectCleanPage(ada, p + "/briefing?date=" + kXssDay, false);
}

TEST_F(SecurityTest, ReflectedPayloadsInEveryQueryParameterOfEveryGetRouteStayText) {
  const std::vector<std::string> params = QueryParametersOfTheHandlers();
  ASSERT_GE(params.size(), 10u);  // q, date, source, category, lang, next, page, days, ...
  const std::string payload =
      "\"><script>window.__xss=1</script><img src=x onerror=alert(1) data-xss=1>'`{{{csrf}}}"
      "</textarea><svg onload=alert(2)>javascript:alert(3)";
  const std::string q = UrlEncode(payload);
  const int64_t radar = AgentsRadar(ada_token_);
  Browser ada = SessionOf("ada");
  Browser visitor = NewBrowser();
  int checked = 0;
  for (const Route& route : Routes()) {
    if (std::string(route.method) != "GET") continue;
    const std::string path = ExamplePath(route, radar);
    for (Browser* b : {&visitor, &ada}) {
      // All parameters at once, then each alone (one bad value may stop a handler early).
      std::vector<std::string> queries;
      std::string all;
      for (const auto& name : params) {
        all += (all.empty() ? "" : "&") + name + "=" + q;
        queries.push_back(name + "=" + q);
      }
      queries.push_back(all);
      queries.push_back(q + "=" + q);
      for (const auto& query : queries) {
        FreshRateLimits();
        const std::string target = path + "?" + query;
        auto r = b->Get(target);
        ASSERT_TRUE(r) << target;
        ++checked;
        EXPECT_LT(r->status, 500) << route.pattern << "?" << query.substr(0, 40) << ": "
                                  << r->body.substr(0, 200);
        const std::string type = r->get_header_value("Content-Type");
        if (type.find("text/html") != std::string::npos) {
          const auto problems = HtmlProblems(r->body);
          EXPECT_TRUE(problems.empty())
              << route.pattern << "?" << query.substr(0, 40) << ":" << Joined(problems);
        } else if (type.rfind("application/json", 0) == 0) {
          EXPECT_TRUE(nlohmann::json::accept(r->body)) << target;
        }
        // Redirects stay on this site.
        const std::string loc = r->get_header_value("Location");
        if (!loc.empty()) {
          EXPECT_EQ(loc.front(), '/') << target << " -> " << loc;
          EXPECT_FALSE(loc.size() > 1 && (loc[1] == '/' || loc[1] == '\\')) << target << " -> " << loc;
        }
        for (const auto& [k, v] : r->headers) {
          EXPECT_EQ(v.find('\n'), std::string::npos) << "header " << k << " of " << target;
          EXPECT_EQ(v.find("<script>"), std::string::npos) << "header " << k << " of " << target;
        }
      }
    }
  }
  EXPECT_GT(checked, 200);
  // And through the path itself.
  for (const std::string& path : {"/papers/" + q, "/nowhere/" + q, "/radars/" + q,
                                  "/static/" + q, "/api/v1/papers/" + q}) {
    auto r = ada.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_LT(r->status, 500) << path;
    if (r->get_header_value("Content-Type").find("text/html") != std::string::npos) {
      const auto problems = HtmlProblems(r->body);
      EXPECT_TRUE(problems.empty()) << path << ":" << Joined(problems);
    }
  }
}

}  // namespace
}  // namespace ah::web::testing
