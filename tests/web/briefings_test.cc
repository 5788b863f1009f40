// Briefings over loopback HTTP: written (extractive, or by a user's own
// provider speaking the OpenAI protocol on loopback), stored per range and
// language, shown with citations linking to the right papers, regenerated,
// listed and fetched through the API; another user's radar or briefing is
// 404; CSRF; bad input; a <script> in a paper title renders as text.
#include <fstream>
#include <iterator>

#include "fake_openai.h"
#include "service/radars.h"
#include "web/briefing_write.h"
#include "web/view.h"
#include "web_fixture.h"

namespace ah::web::testing {
namespace {

class BriefingsTest : public WebTest {
 protected:
  void SetUp() override {
    WebTest::SetUp();
    StartServer();
    AddUser("alice", "alice-password");
    AddUser("bob", "bob-password");
    AddUser("root", "root-password", true);
  }

  int64_t MakeRadar(const std::string& owner, const std::string& name, const std::string& query) {
    auto s = library_->OpenSession();
    service::RadarFields f;
    f.name = name;
    f.description = "graph neural networks for molecules, proteins and language";
    f.query = query;
    auto r = service::CreateRadar(s->store(), s->radars(), owner, f, nullptr);
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? r->id : 0;
  }

  // The administrator `root` makes radar `id` public on /admin.
  void MakePublic(int64_t id, Browser* root) {
    root->Get("/admin");
    ASSERT_EQ(root->PostForm("/admin", {{"action", "radar_public"},
                                        {"radar", std::to_string(id)},
                                        {"value", "public"}})
                  ->status,
              303);
  }

  std::vector<store::StoredBriefing> Stored(const std::string& owner, int64_t radar) {
    auto s = library_->OpenSession();
    auto list = s->radars().ListBriefings(owner, radar, 100);
    EXPECT_TRUE(list);
    return list ? *list : std::vector<store::StoredBriefing>{};
  }

  store::StoredBriefing StoredById(const std::string& owner, int64_t id) {
    auto s = library_->OpenSession();
    auto b = s->radars().GetBriefing(owner, id);
    EXPECT_TRUE(b && *b);
    return b && *b ? **b : store::StoredBriefing{};
  }

  // The citation links of a page, checked against the stored briefing: [n]
  // jumps to the card of paper n on the same page ("#card-<id>"), which links
  // to that paper's page.
  void ExpectCitationsLinkTheirPapers(const std::string& html, const nlohmann::json& stored) {
    static const std::regex cite(
        "<a class=\"cite\" href=\"#card-([^\"]+)\" title=\"[^\"]*\" data-paper=\"([^\"]+)\">"
        "\\[(\\d+)\\]</a>");
    int found = 0;
    for (auto it = std::sregex_iterator(html.begin(), html.end(), cite);
         it != std::sregex_iterator(); ++it, ++found) {
      const std::string target = (*it)[1];
      const std::string id = (*it)[2];
      const int n = std::stoi((*it)[3]);
      EXPECT_EQ(target, id);
      ASSERT_GE(n, 1);
      ASSERT_LE(static_cast<size_t>(n), stored["papers"].size());
      EXPECT_EQ(stored["papers"][n - 1]["id"], id) << "citation [" << n << "]";
      const std::string card =
          "<li class=\"brief-paper\" id=\"card-" + id + "\" data-paper=\"" + id + "\">";
      const size_t at = html.find(card);
      ASSERT_NE(at, std::string::npos) << card;
      // The card is paper n's: its number, then its link.
      EXPECT_EQ(html.find("<span class=\"num\">" + CardNumber(n) + ".</span>", at),
                html.find("<span class=\"num\">", at));
      EXPECT_NE(html.find("<a href=\"/papers/" + id + "\">", at), std::string::npos);
    }
    EXPECT_GE(found, 3);
  }

  std::string Latest() {
    auto s = library_->OpenSession();
    auto d = s->store().LatestListingDate({});
    EXPECT_TRUE(d);
    return d ? *d : "";
  }
};

TEST_F(BriefingsTest, ShowingNeverWritesAndOffersToWrite) {
  const int64_t id = MakeRadar("alice", "Graphs", "graph");
  Browser a = SignedIn("alice", "alice-password");
  auto page = a.Get("/radars/" + std::to_string(id) + "/briefing?lang=en");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_TRUE(Has(page->body, "No briefing of this radar for this range in this language yet."));
  EXPECT_TRUE(Has(page->body, "Write the briefing"));
  EXPECT_FALSE(Has(page->body, "briefing-panel"));
  EXPECT_TRUE(Stored("alice", id).empty());
}

TEST_F(BriefingsTest, AnExtractiveBriefingIsWrittenStoredAndShownWithCitationLinksInBothLanguages) {
  const int64_t id = MakeRadar("alice", "Graphs", "graph");
  const std::string base = "/radars/" + std::to_string(id) + "/briefing";
  Browser a = SignedIn("alice", "alice-password");
  for (const std::string lang : {"en", "zh"}) {
    SCOPED_TRACE(lang);
    a.Get(base + "?lang=" + lang);
    auto w = a.PostForm(base, {{"lang", lang}, {"days", "1"}});
    ASSERT_TRUE(w);
    ASSERT_EQ(w->status, 303) << w->body;
    const std::string location = w->get_header_value("Location");
    EXPECT_TRUE(Has(location, "date=" + Latest())) << location;
    EXPECT_TRUE(Has(location, "lang=" + lang)) << location;
    auto page = a.Get(location);
    ASSERT_TRUE(page);
    ASSERT_EQ(page->status, 200);
    auto list = Stored("alice", id);
    ASSERT_FALSE(list.empty());
    EXPECT_EQ(list.front().lang, lang);
    EXPECT_EQ(list.front().mode, "extractive");
    const auto stored = nlohmann::json::parse(StoredById("alice", list.front().id).json);
    EXPECT_TRUE(Has(page->body, "briefing-panel"));
    EXPECT_TRUE(Has(page->body, "<div class=\"briefing math full\" lang=\"" + lang + "\">"));
    if (lang == "zh") {
      EXPECT_TRUE(Has(page->body, "<html lang=\"zh-CN\">"));
      EXPECT_TRUE(Has(page->body, "抽取式简报（未使用语言模型）"));
      EXPECT_TRUE(Has(page->body, "必读"));
    } else {
      EXPECT_TRUE(Has(page->body, "Extractive briefing (no language model)"));
      EXPECT_TRUE(Has(page->body, "Must-reads"));
    }
    EXPECT_TRUE(Has(page->body, "Regenerate") || Has(page->body, "重新生成"));
    ExpectCitationsLinkTheirPapers(page->body, stored);
    // The numbered papers carry their badge and TL;DR.
    EXPECT_TRUE(Has(page->body, "<span class=\"badge source\">" +
                                    stored["papers"][0]["badge"].get<std::string>() + "</span>"));
    EXPECT_TRUE(Has(page->body, "class=\"tldr\""));
    // Each theme says why it matters to the radar's owner.
    ASSERT_FALSE(stored["themes"].empty());
    EXPECT_FALSE(stored["themes"][0]["why"].get<std::string>().empty());
    EXPECT_TRUE(Has(page->body, std::string("<p class=\"why\"><em>") +
                                    (lang == "zh" ? "与你的关系：" : "Why it matters to you:") +
                                    "</em>"));
  }
  // Stored per language: each page shows its own.
  auto en = a.Get(base + "?lang=en");
  ASSERT_TRUE(en);
  EXPECT_TRUE(Has(en->body, "<div class=\"briefing math full\" lang=\"en\">"));
  EXPECT_FALSE(Has(en->body, "not written yet"));
  EXPECT_EQ(Stored("alice", id).size(), 2u);
}

TEST_F(BriefingsTest, RegenerateWritesANewOneAndThePagesShowTheNewest) {
  const int64_t id = MakeRadar("alice", "Graphs", "graph");
  const std::string base = "/radars/" + std::to_string(id) + "/briefing";
  Browser a = SignedIn("alice", "alice-password");
  a.Get(base);
  ASSERT_EQ(a.PostForm(base, {{"lang", "en"}, {"extractive", "1"}})->status, 303);
  ASSERT_EQ(a.PostForm(base, {{"lang", "en"}, {"extractive", "1"}, {"days", "7"}})->status, 303);
  ASSERT_EQ(a.PostForm(base, {{"lang", "en"}, {"extractive", "1"}})->status, 303);
  auto list = Stored("alice", id);
  ASSERT_EQ(list.size(), 3u);
  // The day page marks the newest day briefing as the one shown.
  auto day = a.Get(base + "?lang=en");
  ASSERT_TRUE(day);
  EXPECT_TRUE(Has(day->body, "<li class=\"current\"><a href=\"/briefings/" +
                                 std::to_string(list[0].id) + "\">"));
  // The week page shows the week's.
  auto week = a.Get(base + "?lang=en&days=7");
  ASSERT_TRUE(week);
  EXPECT_TRUE(Has(week->body, "<li class=\"current\"><a href=\"/briefings/" +
                                  std::to_string(list[1].id) + "\">"));
  // One stored briefing by id.
  auto one = a.Get("/briefings/" + std::to_string(list[2].id));
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 200);
  EXPECT_TRUE(Has(one->body, "briefing-panel"));
  ExpectCitationsLinkTheirPapers(one->body,
                                 nlohmann::json::parse(StoredById("alice", list[2].id).json));
}

TEST_F(BriefingsTest, AnotherUsersRadarOrBriefingIs404AndNothingChanges) {
  const int64_t id = MakeRadar("alice", "Graphs", "graph");
  const std::string base = "/radars/" + std::to_string(id) + "/briefing";
  Browser a = SignedIn("alice", "alice-password");
  a.Get(base);
  ASSERT_EQ(a.PostForm(base, {{"lang", "en"}})->status, 303);
  const int64_t bid = Stored("alice", id).front().id;

  Browser b = SignedIn("bob", "bob-password");
  EXPECT_EQ(b.Get(base)->status, 404);
  EXPECT_EQ(b.PostForm(base, {{"lang", "en"}})->status, 404);
  EXPECT_EQ(b.Get("/briefings/" + std::to_string(bid))->status, 404);
  const std::string token = "Bearer " + TokenOf("bob");
  EXPECT_EQ(b.Get("/api/v1/radars/" + std::to_string(id) + "/briefings", {{"Authorization", token}})
                ->status,
            404);
  auto post = b.Json("POST", "/api/v1/radars/" + std::to_string(id) + "/briefings", "{}", false,
                     {{"Authorization", token}});
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 404);
  EXPECT_TRUE(Has(post->body, "\"code\""));
  EXPECT_EQ(b.Get("/api/v1/briefings/" + std::to_string(bid), {{"Authorization", token}})->status,
            404);
  // A radar that does not exist answers the same.
  EXPECT_EQ(b.Get("/radars/999999/briefing")->status, 404);
  EXPECT_EQ(b.Get("/briefings/999999")->status, 404);
  EXPECT_EQ(Stored("alice", id).size(), 1u);
  // Visitors are sent to sign in; scripts without credentials get 401.
  Browser visitor = NewBrowser();
  auto v = visitor.Get(base);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->status, 303);
  EXPECT_EQ(visitor.Get("/api/v1/briefings/" + std::to_string(bid))->status, 401);
}

TEST_F(BriefingsTest, WritingNeedsTheCsrfToken) {
  const int64_t id = MakeRadar("alice", "Graphs", "graph");
  const std::string base = "/radars/" + std::to_string(id) + "/briefing";
  Browser a = SignedIn("alice", "alice-password");
  auto r = a.PostForm(base, {{"lang", "en"}}, false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  auto api = a.Json("POST", "/api/v1/radars/" + std::to_string(id) + "/briefings", "{}", false);
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 403);
  EXPECT_TRUE(Stored("alice", id).empty());
  // With it (the pages' script sends X-CSRF-Token), the API writes.
  auto ok = a.Json("POST", "/api/v1/radars/" + std::to_string(id) + "/briefings",
                   R"({"extractive": true})");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 201) << ok->body;
}

TEST_F(BriefingsTest, BadInputIs400NamingTheField) {
  const int64_t id = MakeRadar("alice", "Graphs", "graph");
  const std::string base = "/radars/" + std::to_string(id) + "/briefing";
  const std::string api = "/api/v1/radars/" + std::to_string(id) + "/briefings";
  Browser a = SignedIn("alice", "alice-password");
  struct Case {
    std::string query;
    std::string field;
  };
  for (const Case& c : {Case{"?days=0", "days"}, Case{"?days=abc", "days"},
                        Case{"?days=400", "days"}, Case{"?date=not-a-date", "date"}}) {
    auto r = a.Get(base + c.query);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << c.query;
    EXPECT_TRUE(Has(r->body, c.field + ":")) << c.query;
  }
  auto form = a.PostForm(base, {{"lang", "fr"}});
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 400);
  EXPECT_TRUE(Has(form->body, "lang:"));
  // Writing is rate-limited per user (5 at once): the cases are spread over three users.
  const std::vector<Case> cases = {Case{R"({"days": "7"})", "days"},
                                   Case{R"({"days": 0})", "days"},
                                   Case{R"({"lang": "fr"})", "lang"},
                                   Case{R"({"date": 20260630})", "date"},
                                   Case{R"({"date": "yesterday-ish"})", "date"},
                                   Case{R"({"extractive": "yes"})", "extractive"}};
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    const std::string who = i < 2 ? "alice" : i < 4 ? "bob" : "root";
    const int64_t radar =
        who == "alice" ? id : MakeRadar(who, "Graphs " + std::to_string(i), "graph");
    Browser s = NewBrowser();
    auto r = s.Json("POST", "/api/v1/radars/" + std::to_string(radar) + "/briefings", c.query,
                    false, {{"Authorization", "Bearer " + TokenOf(who)}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << c.query;
    auto j = nlohmann::json::parse(r->body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r->body;
    EXPECT_EQ(j["error"]["code"], "invalid_argument") << r->body;
    EXPECT_TRUE(Has(j["error"]["message"].get<std::string>(), c.field + ":")) << r->body;
  }
  auto malformed = a.Json("POST", api, "{\"days\": ");
  ASSERT_TRUE(malformed);
  EXPECT_EQ(malformed->status, 400);
  EXPECT_EQ(a.Get("/radars/abc/briefing")->status, 404);
  EXPECT_EQ(a.Get("/briefings/-1")->status, 404);
  EXPECT_TRUE(Stored("alice", id).empty());
}

TEST_F(BriefingsTest, AScriptInAPaperTitleRendersAsTextInTheBriefing) {
  const std::string day = Latest();
  {
    auto s = library_->OpenSession();
    Paper p;
    p.ids.arxiv = "2606.99999";
    p.title = "<script>alert('xss')</script> Xsswidget graph networks \"quoted\"";
    p.abstract =
        "We show that xsswidget graph networks <img src=x onerror=alert(1)> beat every baseline "
        "on graphs. Xsswidget works.";
    p.primary_category = "cs.LG";
    p.categories = {"cs.LG"};
    p.listings = {{"arxiv", day, "new", "cs.LG"}};
    ASSERT_TRUE(s->store().UpsertPage({p}, std::nullopt));
  }
  const int64_t id = MakeRadar("alice", "Xss", "xsswidget");
  const std::string base = "/radars/" + std::to_string(id) + "/briefing";
  Browser a = SignedIn("alice", "alice-password");
  a.Get(base);
  auto w = a.PostForm(base, {{"lang", "en"}});
  ASSERT_TRUE(w);
  ASSERT_EQ(w->status, 303) << w->body;
  auto page = a.Get(w->get_header_value("Location"));
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_TRUE(Has(page->body, "Xsswidget graph networks"));
  EXPECT_FALSE(Has(page->body, "<script>alert"));
  EXPECT_FALSE(Has(page->body, "<img src=x"));
  EXPECT_TRUE(Has(page->body, "&lt;script&gt;alert("));
  // In attributes (a citation's title) the quotes are escaped too.
  EXPECT_FALSE(Has(page->body, "title=\"<script>"));
  EXPECT_FALSE(Has(page->body, "\"quoted\"\""));
  // The API gives the text as it is, as JSON.
  const int64_t bid = Stored("alice", id).front().id;
  auto j = a.Get("/api/v1/briefings/" + std::to_string(bid));
  ASSERT_TRUE(j);
  EXPECT_EQ(j->get_header_value("Content-Type").rfind("application/json", 0), 0u);
  EXPECT_TRUE(Has(nlohmann::json::parse(j->body)["papers"].dump(), "<script>alert('xss')"));
}

TEST_F(BriefingsTest, TheApiWritesListsAndGetsBriefingsInTheCliShape) {
  const int64_t id = MakeRadar("alice", "Graphs", "graph");
  const std::string token = "Bearer " + TokenOf("alice");
  Browser s = NewBrowser();
  auto w =
      s.Json("POST", "/api/v1/radars/" + std::to_string(id) + "/briefings",
             R"({"lang": "zh", "days": 7, "extractive": true})", false, {{"Authorization", token}});
  ASSERT_TRUE(w);
  ASSERT_EQ(w->status, 201) << w->body;
  auto b = nlohmann::json::parse(w->body);
  for (const char* key :
       {"id", "mode", "lang", "radar", "date_from", "date_to", "overview", "themes", "bridges",
        "trends", "must_reads", "papers", "model", "prompt_version", "tokens", "cost_usd", "notes"})
    EXPECT_TRUE(b.contains(key)) << key;
  EXPECT_EQ(b["mode"], "extractive");
  EXPECT_EQ(b["lang"], "zh");
  EXPECT_EQ(b["radar"], "Graphs");
  EXPECT_EQ(b["date_to"], Latest());
  ASSERT_FALSE(b["papers"].empty());
  for (const char* key : {"n", "id", "title", "badge", "url", "tldr"})
    EXPECT_TRUE(b["papers"][0].contains(key)) << key;
  EXPECT_EQ(w->get_header_value("Location"), "/api/v1/briefings/" + b["id"].dump());

  auto list =
      s.Get("/api/v1/radars/" + std::to_string(id) + "/briefings", {{"Authorization", token}});
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200);
  auto l = nlohmann::json::parse(list->body);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0]["id"], b["id"]);
  EXPECT_EQ(l[0]["lang"], "zh");
  EXPECT_EQ(l[0]["mode"], "extractive");
  EXPECT_EQ(l[0]["date_from"], b["date_from"]);

  auto one = s.Get("/api/v1/briefings/" + b["id"].dump(), {{"Authorization", token}});
  ASSERT_TRUE(one);
  ASSERT_EQ(one->status, 200);
  auto o = nlohmann::json::parse(one->body);
  EXPECT_EQ(o["id"], b["id"]);
  EXPECT_EQ(o["themes"], b["themes"]);
  EXPECT_EQ(o["papers"], b["papers"]);
  EXPECT_EQ(o["overview"], b["overview"]);
  EXPECT_EQ(s.Get("/api/v1/radars/" + std::to_string(id) + "/briefings?limit=0",
                  {{"Authorization", token}})
                ->status,
            400);
}

TEST_F(BriefingsTest, TldrsAndMeThroughTheApi) {
  const std::string token = "Bearer " + TokenOf("alice");
  Browser s = NewBrowser();
  auto me = s.Get("/api/v1/me", {{"Authorization", token}});
  ASSERT_TRUE(me);
  ASSERT_EQ(me->status, 200);
  auto m = nlohmann::json::parse(me->body);
  EXPECT_EQ(m["name"], "alice");
  EXPECT_EQ(m["admin"], false);
  EXPECT_TRUE(m["lang"] == "en" || m["lang"] == "zh");
  auto root = nlohmann::json::parse(
      s.Get("/api/v1/me", {{"Authorization", "Bearer " + TokenOf("root")}})->body);
  EXPECT_EQ(root["admin"], true);
  EXPECT_EQ(s.Get("/api/v1/me")->status, 401);

  std::string paper;
  {
    auto sess = library_->OpenSession();
    auto day = sess->store().ListByListing({});
    ASSERT_TRUE(day);
    ASSERT_FALSE(day->empty());
    paper = day->front().paper.key;
  }
  auto t = s.Json("POST", "/api/v1/tldr", R"({"papers": [")" + paper + R"("], "lang": "en"})",
                  false, {{"Authorization", token}});
  ASSERT_TRUE(t);
  ASSERT_EQ(t->status, 200) << t->body;
  auto a = nlohmann::json::parse(t->body);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0]["id"], paper);
  EXPECT_EQ(a[0]["lang"], "en");
  EXPECT_EQ(a[0]["mode"], "extractive");
  EXPECT_FALSE(a[0]["tldr"].get<std::string>().empty());
  EXPECT_EQ(a[0]["model"], "extractive");

  auto unknown = s.Json("POST", "/api/v1/tldr", R"({"papers": ["2999.00001"]})", false,
                        {{"Authorization", token}});
  EXPECT_EQ(unknown->status, 404);
  auto empty =
      s.Json("POST", "/api/v1/tldr", R"({"papers": []})", false, {{"Authorization", token}});
  EXPECT_EQ(empty->status, 400);
  EXPECT_TRUE(Has(empty->body, "papers:"));
  nlohmann::json many = {{"papers", std::vector<std::string>(51, paper)}};
  EXPECT_EQ(s.Json("POST", "/api/v1/tldr", many.dump(), false, {{"Authorization", token}})->status,
            413);
  EXPECT_EQ(s.Json("POST", "/api/v1/tldr", R"({"papers": ["x"], "lang": "fr"})", false,
                   {{"Authorization", token}})
                ->status,
            400);
  // A cookie request needs the CSRF token here too.
  Browser a2 = SignedIn("alice", "alice-password");
  EXPECT_EQ(a2.Json("POST", "/api/v1/tldr", R"({"papers": [")" + paper + R"("]})", false)->status,
            403);
}

// --- a user's own language model, over loopback ---

class OwnProviderTest : public BriefingsTest {
 protected:
  std::string ReadAll(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
  }
  FakeOpenAi provider_;
};

TEST_F(OwnProviderTest, ABriefingIsWrittenByTheUsersProviderWithTheirStoredKey) {
  const std::string key = "sk-alice-9f8e7d6c5b4a39281706";
  // The administrator lets users' providers be on private addresses (ours is on loopback).
  Browser root = SignedIn("root", "root-password");
  root.Get("/admin");
  ASSERT_EQ(root.PostForm("/admin", {{"action", "providers"}, {"value", "allow"}})->status, 303);

  const int64_t id = MakeRadar("alice", "Graphs", "graph");
  Browser a = SignedIn("alice", "alice-password");
  a.Get("/settings");
  auto save = a.PostForm("/settings", {{"section", "llm"},
                                       {"base_url", provider_.BaseUrl()},
                                       {"model", "test-model"},
                                       {"api_key", key}});
  ASSERT_TRUE(save);
  ASSERT_EQ(save->status, 303) << save->body;
  // Never shown again; stored encrypted: no byte of the library holds it.
  auto settings = a.Get("/settings");
  ASSERT_TRUE(settings);
  EXPECT_FALSE(Has(settings->body, key));
  EXPECT_TRUE(Has(settings->body, "A key is set"));
  for (const char* suffix : {"", "-wal"}) {
    const std::string bytes = ReadAll((dir_ / "lib.db").string() + suffix);
    EXPECT_FALSE(Has(bytes, key)) << "lib.db" << suffix;
    EXPECT_FALSE(Has(bytes, key.substr(3, 16))) << "lib.db" << suffix;
  }

  const std::string base = "/radars/" + std::to_string(id) + "/briefing";
  auto offer = a.Get(base + "?lang=en");
  EXPECT_TRUE(Has(offer->body, "Written with your own model:"));
  EXPECT_EQ(provider_.calls(), 0u);  // showing a page calls no model
  for (const std::string lang : {"en", "zh"}) {
    SCOPED_TRACE(lang);
    auto w = a.PostForm(base, {{"lang", lang}});
    ASSERT_TRUE(w);
    ASSERT_EQ(w->status, 303) << w->body;
    auto page = a.Get(w->get_header_value("Location"));
    ASSERT_TRUE(page);
    auto list = Stored("alice", id);
    ASSERT_FALSE(list.empty());
    EXPECT_EQ(list.front().mode, "llm");
    EXPECT_EQ(list.front().lang, lang);
    EXPECT_FALSE(Has(page->body, "extractive-label"));
    EXPECT_TRUE(Has(page->body, "127.0.0.1:" + std::to_string(provider_.port()) + "/test-model"));
    EXPECT_TRUE(Has(page->body, lang == "zh" ? "图学习的新方法" : "New graph learning methods"));
    ExpectCitationsLinkTheirPapers(
        page->body, nlohmann::json::parse(StoredById("alice", list.front().id).json));
  }
  auto auths = provider_.authorizations();
  ASSERT_FALSE(auths.empty());
  for (const auto& h : auths) EXPECT_EQ(h, "Bearer " + key);

  // Bob has no provider (and the server none): his briefings are extractive.
  const int64_t bobs = MakeRadar("bob", "Graphs", "graph");
  Browser b = SignedIn("bob", "bob-password");
  b.Get("/radars/" + std::to_string(bobs) + "/briefing");
  const size_t before = provider_.calls();
  ASSERT_EQ(b.PostForm("/radars/" + std::to_string(bobs) + "/briefing", {{"lang", "en"}})->status,
            303);
  EXPECT_EQ(Stored("bob", bobs).front().mode, "extractive");
  EXPECT_EQ(provider_.calls(), before);
}

TEST_F(OwnProviderTest, APrivateProviderIsRefusedUnlessTheAdministratorAllowsIt) {
  const int64_t id = MakeRadar("alice", "Graphs", "graph");
  Browser a = SignedIn("alice", "alice-password");
  a.Get("/settings");
  auto refused = a.PostForm("/settings", {{"section", "llm"},
                                          {"base_url", provider_.BaseUrl()},
                                          {"model", "test-model"},
                                          {"api_key", "sk-x"}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_TRUE(Has(refused->body, "private or local network address"));
  for (const char* url : {"http://169.254.169.254/latest", "http://[::1]:8080/v1",
                          "http://10.0.0.1/v1", "http://localhost:11434/v1"}) {
    auto r = a.PostForm("/settings", {{"section", "llm"}, {"base_url", url}, {"model", "m"}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << url;
  }
  // Allowed, saved; then no longer allowed: the connection itself is refused,
  // and the briefing is extractive and says why.
  {
    auto s = library_->OpenSession();
    ASSERT_TRUE(s->users().PutSetting(kPrivateProvidersSetting, "allow"));
  }
  ASSERT_EQ(a.PostForm("/settings", {{"section", "llm"},
                                     {"base_url", provider_.BaseUrl()},
                                     {"model", "test-model"},
                                     {"api_key", "sk-x"}})
                ->status,
            303);
  {
    auto s = library_->OpenSession();
    ASSERT_TRUE(s->users().PutSetting(kPrivateProvidersSetting, "deny"));
  }
  const std::string base = "/radars/" + std::to_string(id) + "/briefing";
  a.Get(base);
  auto w = a.PostForm(base, {{"lang", "en"}});
  ASSERT_TRUE(w);
  ASSERT_EQ(w->status, 303) << w->body;
  EXPECT_EQ(provider_.calls(), 0u);
  auto list = Stored("alice", id);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].mode, "extractive");
  auto page = a.Get(w->get_header_value("Location"));
  EXPECT_TRUE(Has(page->body, "private or local network address"));
}

TEST_F(BriefingsTest, APublicRadarsBriefingReachesVisitorsAtOnce) {
  const int64_t id = MakeRadar("root", "Graphs", "graph");
  Browser root = SignedIn("root", "root-password");
  ASSERT_NO_FATAL_FAILURE(MakePublic(id, &root));
  Browser visitor = NewBrowser();
  auto before = visitor.Get("/?lang=en");
  ASSERT_TRUE(before);
  EXPECT_FALSE(Has(before->body, "briefing-summary"));
  const std::string base = "/radars/" + std::to_string(id) + "/briefing";
  root.Get(base);
  ASSERT_EQ(root.PostForm(base, {{"lang", "en"}, {"extractive", "1"}})->status, 303);
  auto after = visitor.Get("/?lang=en");
  ASSERT_TRUE(after);
  EXPECT_TRUE(Has(after->body, "briefing-summary"));
}

TEST_F(BriefingsTest, TheCuratedDayOffersFiltersToTheWholeDayOfASource) {
  // The latest day has three medRxiv papers and no graph paper: the keywords
  // name the source, so that they pass the relevance floor and make cards.
  const int64_t id = MakeRadar("root", "Graphs", "graph OR src:medrxiv");
  Browser root = SignedIn("root", "root-password");
  ASSERT_NO_FATAL_FAILURE(MakePublic(id, &root));
  ASSERT_TRUE(library_->WaitIndex());  // the curated day needs the radar index
  Browser visitor = NewBrowser();
  auto curated = visitor.Get("/?lang=en");
  ASSERT_TRUE(curated);
  EXPECT_TRUE(Has(curated->body, "class=\"filters\""));
  EXPECT_FALSE(Has(curated->body, "section-head"));  // curated, not the every-source day
  // The first source the cards offer leads to that source's whole day.
  const std::string marker = "<option value=\"\">All sources</option><option value=\"";
  const size_t at = curated->body.find(marker);
  ASSERT_NE(at, std::string::npos);
  const size_t from = at + marker.size();
  const std::string source = curated->body.substr(from, curated->body.find('"', from) - from);
  ASSERT_FALSE(source.empty());
  auto day = visitor.Get("/?lang=en&source=" + source);
  ASSERT_TRUE(day);
  EXPECT_EQ(day->status, 200);
  EXPECT_TRUE(Has(day->body, "<option value=\"" + source + "\" selected"));
  EXPECT_TRUE(Has(day->body, "class=\"card\""));
}

TEST_F(BriefingsTest, AtMostAFewRequestsWriteWithAModelAtOnce) {
  std::vector<std::unique_ptr<WritingSlot>> held;
  for (int i = 0; i < kMaxBriefingsWriting; ++i) {
    held.push_back(std::make_unique<WritingSlot>(*app_));
    EXPECT_TRUE(held.back()->held());
  }
  {
    WritingSlot one_more(*app_);
    EXPECT_FALSE(one_more.held());
  }
  EXPECT_EQ(app_->briefings_writing().load(), kMaxBriefingsWriting);
  held.pop_back();
  WritingSlot again(*app_);
  EXPECT_TRUE(again.held());
}

TEST_F(OwnProviderTest, WhenEveryWritingPlaceIsTakenAModelBriefingWaitsItsTurnWith503) {
  {
    auto s = library_->OpenSession();
    ASSERT_TRUE(s->users().PutSetting(kPrivateProvidersSetting, "allow"));
  }
  const int64_t id = MakeRadar("alice", "Graphs", "graph");
  Browser a = SignedIn("alice", "alice-password");
  ASSERT_EQ(
      a.PostForm("/settings",
                 {{"section", "llm"}, {"base_url", provider_.BaseUrl()}, {"model", "test-model"}})
          ->status,
      303);
  std::vector<std::unique_ptr<WritingSlot>> held;
  for (int i = 0; i < kMaxBriefingsWriting; ++i)
    held.push_back(std::make_unique<WritingSlot>(*app_));
  const std::string base = "/radars/" + std::to_string(id) + "/briefing";
  a.Get(base);
  auto busy = a.PostForm(base, {{"lang", "en"}});
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->status, 503);
  EXPECT_TRUE(Has(busy->body, "try again in a minute"));
  EXPECT_TRUE(Stored("alice", id).empty());
  EXPECT_EQ(provider_.calls(), 0u);
  // An extractive one needs no place.
  EXPECT_EQ(a.PostForm(base, {{"lang", "en"}, {"extractive", "1"}})->status, 303);
  held.clear();
  EXPECT_EQ(a.PostForm(base, {{"lang", "en"}})->status, 303);
  EXPECT_EQ(Stored("alice", id).front().mode, "llm");
}

}  // namespace
}  // namespace ah::web::testing
