// Citation exports over loopback HTTP (web/exports.cc): a radar's day, a
// briefing's papers, the saved papers, as pages and through the API; the
// files read back by the import parsers; another user's radar or briefing is
// 404; a bad format, date or limit is 400 naming the field.
#include "imports/references.h"
#include "service/radars.h"
#include "web_fixture.h"

namespace ah::web::testing {
namespace {

class DeliveryExportsTest : public WebTest {
 protected:
  void SetUp() override {
    WebTest::SetUp();
    StartServer();
    AddUser("alice", "alice-password");
    AddUser("bob", "bob-password");
    auto s = library_->OpenSession();
    service::RadarFields f;
    f.name = "lm";
    f.description = "large language models, reasoning and retrieval";
    auto r = service::CreateRadar(s->store(), s->radars(), "alice", f, nullptr);
    ASSERT_TRUE(r) << r.error().ToString();
    radar_ = r->id;
  }

  static std::vector<imports::Reference> Read(const std::string& body) {
    auto refs = imports::ParseReferences(body, "download");
    EXPECT_TRUE(refs) << refs.error().ToString();
    return refs ? refs->refs : std::vector<imports::Reference>{};
  }

  int64_t radar_ = 0;
};

TEST_F(DeliveryExportsTest, RadarDayAsBibtexRisAndCslJson) {
  Browser alice = SignedIn("alice", "alice-password");
  const std::string base = "/radars/" + std::to_string(radar_) + "/export/";
  auto bib = alice.Get(base + "bib?date=2026-06-30&limit=5");
  ASSERT_TRUE(bib);
  ASSERT_EQ(bib->status, 200) << bib->body;
  EXPECT_TRUE(Has(bib->get_header_value("Content-Type"), "application/x-bibtex"));
  EXPECT_EQ(bib->get_header_value("Content-Disposition"),
            "attachment; filename=\"radar-" + std::to_string(radar_) + "-2026-06-30.bib\"");
  const auto from_bib = Read(bib->body);
  ASSERT_EQ(from_bib.size(), 5u);
  for (const char* f : {"ris", "json"}) {
    auto r = alice.Get(base + f + "?date=2026-06-30&limit=5");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    const auto back = Read(r->body);
    ASSERT_EQ(back.size(), 5u) << f;
    for (size_t i = 0; i < back.size(); ++i) {
      EXPECT_EQ(back[i].arxiv, from_bib[i].arxiv) << f << i;
      EXPECT_EQ(back[i].title, from_bib[i].title) << f << i;
    }
  }
  // The API with a token: the same file.
  const std::string token = TokenOf("alice");
  Browser script = NewBrowser();
  auto api =
      script.Get("/api/v1/radars/" + std::to_string(radar_) + "/export/bib?date=2026-06-30&limit=5",
                 {{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 200);
  EXPECT_EQ(api->body, bib->body);
  // Exporting did not mark the papers as shown: the day page still lists them.
  auto s = library_->OpenSession();
  auto shown = s->radars().ShownPapers("alice", radar_);
  ASSERT_TRUE(shown);
  EXPECT_TRUE(shown->empty());
}

TEST_F(DeliveryExportsTest, AnotherUsersRadarOrBriefingIsNotFound) {
  store::StoredBriefing b;
  b.radar_id = radar_;
  b.date_from = b.date_to = "2026-06-30";
  b.lang = "en";
  b.mode = "extractive";
  b.json = R"({"mode":"extractive","lang":"en","papers":[{"n":1,"id":"2606.26139","title":"a"}]})";
  int64_t briefing = 0;
  {
    auto s = library_->OpenSession();
    auto id = s->radars().SaveBriefing("alice", b);
    ASSERT_TRUE(id);
    briefing = *id;
    ASSERT_TRUE(s->radars().AddFeedback("alice", radar_, {"2606.26139", "save", 1}));
  }
  Browser bob = SignedIn("bob", "bob-password");
  for (const std::string& path : {"/radars/" + std::to_string(radar_) + "/export/bib",
                                  "/briefings/" + std::to_string(briefing) + "/export/ris",
                                  "/saved/export/json?radar=" + std::to_string(radar_)}) {
    auto r = bob.Get(path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_FALSE(Has(r->body, "2606.26139")) << path;
  }
  const std::string token = TokenOf("bob");
  Browser script = NewBrowser();
  auto api = script.Get("/api/v1/briefings/" + std::to_string(briefing) + "/export/bib",
                        {{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 404);
  EXPECT_TRUE(Has(api->body, "\"error\""));
  // Bob's own saved papers: none.
  auto mine = bob.Get("/saved/export/json");
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->status, 200);
  EXPECT_EQ(mine->body.find("2606.26139"), std::string::npos);
  // A visitor gets nothing.
  Browser visitor = NewBrowser();
  auto anon = visitor.Get("/saved/export/bib");
  ASSERT_TRUE(anon);
  EXPECT_NE(anon->status, 200);

  // Alice gets both.
  Browser alice = SignedIn("alice", "alice-password");
  auto brief = alice.Get("/briefings/" + std::to_string(briefing) + "/export/ris");
  ASSERT_TRUE(brief);
  ASSERT_EQ(brief->status, 200) << brief->body;
  auto refs = Read(brief->body);
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].arxiv, "2606.26139");
  auto saved = alice.Get("/saved/export/bib");
  ASSERT_TRUE(saved);
  ASSERT_EQ(saved->status, 200);
  refs = Read(saved->body);
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].arxiv, "2606.26139");
}

TEST_F(DeliveryExportsTest, BadInputIs400NamingTheField) {
  Browser alice = SignedIn("alice", "alice-password");
  const std::string base = "/radars/" + std::to_string(radar_) + "/export/";
  struct Case {
    std::string path, field;
  } cases[] = {{base + "docx", "format"},
               {base + "bib?date=yesterday", "date"},
               {base + "bib?limit=-1", "limit"},
               {base + "bib?limit=5000", "limit"},
               {"/saved/export/bib?radar=abc", "radar"}};
  for (const auto& c : cases) {
    auto r = alice.Get(c.path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << c.path;
    EXPECT_TRUE(Has(r->body, c.field)) << c.path << r->body;
  }
}

}  // namespace
}  // namespace ah::web::testing
