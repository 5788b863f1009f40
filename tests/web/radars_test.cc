// Radars over loopback HTTP, pages and API alike: who may reach a radar
// (another user's radar is 404 through every endpoint and nothing changes; no
// credentials is 401 or the sign-in page; a cookie without the CSRF token is
// 403; an API token needs none), public radars (administrators only), bad
// input (400 naming the field) and escaping.
#include "radars_fixture.h"

namespace ah::web::testing {
namespace {

struct Call {
  std::string method, path;
  std::string body;      // JSON (API) or "" (pages: `form` / `file`)
  httplib::Params form;  // a page's urlencoded form
  std::string file;      // a page's multipart upload (an export's name)
  bool api() const { return path.rfind("/api/", 0) == 0; }
  bool changes() const { return method != "GET"; }
};

// Every radar endpoint of radar `id`, each as it would succeed for its owner.
std::vector<Call> EveryRadarEndpoint(int64_t id, const std::string& paper) {
  const std::string p = "/radars/" + std::to_string(id);
  const std::string a = "/api/v1/radars/" + std::to_string(id);
  const std::string fb = nlohmann::json{{"paper", paper}, {"action", "hide"}}.dump();
  return {
      {"GET", p, "", {}, ""},
      {"GET", p + "?fragment=cards&date=" + std::string(kDay), "", {}, ""},
      {"GET", p + "/edit", "", {}, ""},
      {"POST", p + "/edit", "", {{"name", "hijacked"}, {"description", "mine now"}}, ""},
      {"POST", p + "/feedback", "", {{"paper", paper}, {"action", "hide"}}, ""},
      {"POST", p + "/seeds", "", {}, "zotero.bib"},
      {"POST", p + "/delete", "", {{"confirm", "yes"}}, ""},
      {"GET", a, "", {}, ""},
      {"GET", a + "/run?date=" + std::string(kDay), "", {}, ""},
      {"GET", a + "/feedback", "", {}, ""},
      {"PATCH", a, R"({"name": "hijacked", "description": "mine now"})", {}, ""},
      {"POST", a + "/feedback", fb, {}, ""},
      {"POST", a + "/seeds", nlohmann::json{{"ids", {paper}}}.dump(), {}, ""},
      {"POST", a + "/seeds/import?format=bibtex", ImportFile("zotero.bib"), {}, ""},
      {"DELETE", a, "", {}, ""},
  };
}

class RadarAccessTest : public RadarsTest {
 protected:
  // `call` made by a signed-in browser (with or without the CSRF token).
  httplib::Result ByBrowser(Browser& b, const Call& c, bool with_csrf) {
    if (c.api()) {
      return b.Json(c.method, c.path, c.body, with_csrf);
    }
    if (c.method == "GET") return b.Get(c.path);
    if (!c.file.empty())
      return Multipart(b, c.path, {{"file", ImportFile(c.file), c.file, "application/x-bibtex"}},
                       with_csrf);
    return b.PostForm(c.path, c.form, with_csrf);
  }
  // `call` made with an API token (pages too: a token signs any request in).
  httplib::Result ByToken(const std::string& token, const Call& c) {
    if (c.api() || c.method == "GET") return Api(token, c.method, c.path, c.body);
    httplib::Client cl("127.0.0.1", server_->port());
    httplib::Headers h{{"Authorization", "Bearer " + token}};
    if (!c.file.empty())
      return cl.Post(c.path.c_str(), h,
                     httplib::MultipartFormDataItems{{"file", ImportFile(c.file), c.file, ""}});
    return cl.Post(c.path.c_str(), h, c.form);
  }

  void SetUp() override {
    RadarsTest::SetUp();
    id_ = AgentsRadar(ada_token_);
    ASSERT_GT(id_, 0);
    auto ids = RunIds(ada_token_, id_, "date=" + std::string(kDay) + "&limit=5");
    ASSERT_EQ(ids.size(), 5u);
    paper_ = ids[0];
    auto like = Api(ada_token_, "POST", "/api/v1/radars/" + std::to_string(id_) + "/feedback",
                    nlohmann::json{{"paper", ids[1]}, {"action", "like"}}.dump());
    ASSERT_TRUE(like);
    ASSERT_EQ(like->status, 200) << like->body;
    before_ = Stored("ada", id_);
    shown_before_ = ShownCount("ada", id_);
    ASSERT_EQ(shown_before_, 5u);
  }

  void ExpectUnchanged(const std::string& what) {
    EXPECT_EQ(Stored("ada", id_), before_) << what;
    EXPECT_EQ(ShownCount("ada", id_), shown_before_) << what;
  }

  int64_t id_ = 0;
  std::string paper_;
  nlohmann::json before_;
  size_t shown_before_ = 0;
};

TEST_F(RadarAccessTest, AnotherUsersRadarIsNotFoundThroughEveryEndpointAndNothingChanges) {
  Browser bob = SignedIn("bob", kPassword);
  for (const Call& c : EveryRadarEndpoint(id_, paper_)) {
    auto r = ByBrowser(bob, c, true);
    ASSERT_TRUE(r) << c.method << " " << c.path;
    EXPECT_EQ(r->status, 404) << "browser " << c.method << " " << c.path << ": " << r->body;
    if (c.api()) {
      EXPECT_EQ(nlohmann::json::parse(r->body)["error"]["code"], "not_found") << c.path;
    }
    EXPECT_EQ(r->body.find("agents"), std::string::npos) << "the radar's name leaks: " << c.path;
    ExpectUnchanged("browser " + c.method + " " + c.path);

    auto t = ByToken(bob_token_, c);
    ASSERT_TRUE(t) << c.method << " " << c.path;
    EXPECT_EQ(t->status, 404) << "token " << c.method << " " << c.path << ": " << t->body;
    ExpectUnchanged("token " + c.method + " " + c.path);
  }
  // Nor does it appear in bob's lists; a radar id that is no number is not found either.
  auto list = Api(bob_token_, "GET", "/api/v1/radars");
  ASSERT_TRUE(list);
  EXPECT_EQ(nlohmann::json::parse(list->body), nlohmann::json::array());
  auto page = bob.Get("/radars");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->body.find("/radars/" + std::to_string(id_) + "\""), std::string::npos);
  for (const char* bad : {"/radars/abc", "/radars/-1", "/api/v1/radars/1e3", "/api/v1/radars/0"}) {
    auto r = bob.Get(bad);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404) << bad;
  }
  // And the owner still reaches it.
  Browser ada = SignedIn("ada", kPassword);
  auto own = ada.Get("/radars/" + std::to_string(id_));
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 200);
}

TEST_F(RadarAccessTest, WithoutCredentialsTheApiSays401AndPagesSendToSignIn) {
  Browser visitor = NewBrowser();
  ASSERT_TRUE(visitor.Get("/"));  // a visitor's CSRF cookie: credentials are still missing
  std::vector<Call> calls = EveryRadarEndpoint(id_, paper_);
  calls.push_back({"GET", "/radars", "", {}, ""});
  calls.push_back({"POST", "/radars", "", {{"name", "x"}, {"description", "y"}}, ""});
  calls.push_back({"GET", "/api/v1/radars", "", {}, ""});
  calls.push_back({"POST", "/api/v1/radars", R"({"name": "x", "description": "y"})", {}, ""});
  for (const Call& c : calls) {
    auto r = ByBrowser(visitor, c, true);
    ASSERT_TRUE(r) << c.method << " " << c.path;
    if (c.api()) {
      EXPECT_EQ(r->status, 401) << c.method << " " << c.path;
      EXPECT_EQ(nlohmann::json::parse(r->body)["error"]["code"], "unauthenticated");
    } else {
      EXPECT_EQ(r->status, 303) << c.method << " " << c.path;
      EXPECT_EQ(r->get_header_value("Location").rfind("/login?next=", 0), 0u) << c.path;
    }
    ExpectUnchanged(c.method + " " + c.path);
  }
  auto s = library_->OpenSession();
  auto all = s->radars().ListRadars("ada");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 1u);
}

TEST_F(RadarAccessTest, ACookieRequestWithoutTheCsrfTokenIsRefused) {
  Browser ada = SignedIn("ada", kPassword);
  std::vector<Call> calls = EveryRadarEndpoint(id_, paper_);
  calls.push_back({"POST", "/radars", "", {{"name", "x"}, {"description", "y"}}, ""});
  calls.push_back({"POST", "/api/v1/radars", R"({"name": "x", "description": "y"})", {}, ""});
  int changing = 0;
  for (const Call& c : calls) {
    if (!c.changes()) continue;
    ++changing;
    auto r = ByBrowser(ada, c, false);
    ASSERT_TRUE(r) << c.method << " " << c.path;
    EXPECT_EQ(r->status, 403) << c.method << " " << c.path << ": " << r->body;
    ExpectUnchanged(c.method + " " + c.path);
  }
  EXPECT_EQ(changing, 11);
  auto s = library_->OpenSession();
  auto all = s->radars().ListRadars("ada");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 1u);
  // With the token, the same browser succeeds.
  auto ok = ada.Json("POST", "/api/v1/radars/" + std::to_string(id_) + "/feedback",
                     nlohmann::json{{"paper", paper_}, {"action", "save"}}.dump());
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
}

TEST_F(RadarAccessTest, AnApiTokenWorksWithoutTheCsrfToken) {
  const std::string a = "/api/v1/radars/" + std::to_string(id_);
  auto patch = Api(ada_token_, "PATCH", a, R"({"exclude": "quantum"})");
  ASSERT_TRUE(patch);
  EXPECT_EQ(patch->status, 200) << patch->body;
  EXPECT_EQ(nlohmann::json::parse(patch->body)["exclude"], "quantum");
  auto fb = Api(ada_token_, "POST", a + "/feedback",
                nlohmann::json{{"paper", paper_}, {"action", "dislike"}}.dump());
  ASSERT_TRUE(fb);
  EXPECT_EQ(fb->status, 200) << fb->body;
  auto seeds = Api(ada_token_, "POST", a + "/seeds", nlohmann::json{{"ids", {paper_}}}.dump());
  ASSERT_TRUE(seeds);
  EXPECT_EQ(seeds->status, 200) << seeds->body;
  EXPECT_EQ(nlohmann::json::parse(seeds->body)["seeds"], 1);
  auto del = Api(ada_token_, "DELETE", a);
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 204);
  EXPECT_TRUE(del->body.empty());
  EXPECT_TRUE(Stored("ada", id_).is_null());
  auto gone = Api(ada_token_, "GET", a);
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 404);
}

TEST_F(RadarsTest, OnlyAnAdministratorMakesARadarPublic) {
  const nlohmann::json def = {
      {"name", "topic"}, {"description", "protein structure"}, {"public", true}};
  auto refused = Api(ada_token_, "POST", "/api/v1/radars", def.dump());
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  EXPECT_NE(ErrorMessage(refused).find("public"), std::string::npos);
  Browser ada = SignedIn("ada", kPassword);
  auto form = ada.PostForm("/radars", {{"name", "topic"},
                                       {"description", "protein structure"},
                                       {"public_field", "1"},
                                       {"is_public", "1"}});
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 403);
  const int64_t own = AgentsRadar(ada_token_);
  auto patch =
      Api(ada_token_, "PATCH", "/api/v1/radars/" + std::to_string(own), R"({"is_public": true})");
  ASSERT_TRUE(patch);
  EXPECT_EQ(patch->status, 403);
  EXPECT_EQ(Stored("ada", own)["public"], false);
  {
    auto s = library_->OpenSession();
    auto pub = s->radars().ListPublicRadars();
    ASSERT_TRUE(pub);
    EXPECT_TRUE(pub->empty());
  }
  // ada's page offers no such box; the administrator's does, and may.
  auto page = ada.Get("/radars");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->body.find("name=\"is_public\""), std::string::npos);
  Browser root = SignedIn("root", kPassword);
  auto admin_page = root.Get("/radars");
  ASSERT_TRUE(admin_page);
  EXPECT_NE(admin_page->body.find("name=\"is_public\""), std::string::npos);
  auto made = Api(root_token_, "POST", "/api/v1/radars", def.dump());
  ASSERT_TRUE(made);
  ASSERT_EQ(made->status, 201) << made->body;
  auto j = nlohmann::json::parse(made->body);
  EXPECT_EQ(j["public"], true);
  auto s = library_->OpenSession();
  auto pub = s->radars().ListPublicRadars();
  ASSERT_TRUE(pub);
  ASSERT_EQ(pub->size(), 1u);
  EXPECT_EQ((*pub)[0].name, "topic");
  // Unticking the box on the edit form makes it private again.
  auto edit = root.PostForm(
      "/radars/" + std::to_string(j["id"].get<int64_t>()) + "/edit",
      {{"name", "topic"}, {"description", "protein structure"}, {"public_field", "1"}});
  ASSERT_TRUE(edit);
  EXPECT_EQ(edit->status, 303) << edit->body;
  EXPECT_EQ(Stored("root", j["id"].get<int64_t>())["public"], false);
}

TEST_F(RadarsTest, BadInputIs400NamingTheField) {
  const int64_t id = AgentsRadar(ada_token_);
  const std::string a = "/api/v1/radars/" + std::to_string(id);
  struct Case {
    std::string method, path, body, field;
  };
  const std::vector<Case> cases = {
      {"POST", "/api/v1/radars", R"({"description": "no name"})", "name"},
      {"POST", "/api/v1/radars", R"({"name": "x", "categories": "cs.LG"})", "categories"},
      {"POST", "/api/v1/radars", R"({"name": "x", "authors": [1, 2]})", "authors"},
      {"POST", "/api/v1/radars", R"({"name": "x", "keywords": "LLM"})", "keywords"},
      {"POST", "/api/v1/radars", R"({"name": "x", "public": "yes"})", "public"},
      {"POST", "/api/v1/radars", R"({"name": "x", "seeds": ["2699.99999"]})", "seeds"},
      {"POST", "/api/v1/radars", R"({"name": "x", "categories": ["cs.AI"],
                                    "exclude_categories": ["cs.AI"]})",
       "cs.AI"},
      {"POST", "/api/v1/radars", R"({"name": "", "description": "x"})", "name"},
      {"POST", "/api/v1/radars",
       R"({"name": "x", "description": ")" + std::string(5000, 'a') + R"("})", "description"},
      {"POST", "/api/v1/radars", R"([1, 2])", "object"},
      {"POST", "/api/v1/radars", R"({"name": )", "truncated"},
      {"PATCH", a, R"({"seeds": ["doi:10.9999/nothing"]})", "seeds"},
      {"PATCH", a, R"({"sources": [""]})", "sources"},
      {"GET", a + "/run?date=yesterday", "", "date"},
      {"GET", a + "/run?days=0", "", "days"},
      {"GET", a + "/run?limit=-1", "", "limit"},
      {"GET", a + "/run?record=maybe", "", "record"},
      {"POST", a + "/feedback", R"({"paper": "2699.99999", "action": "like"})", "paper"},
      {"POST", a + "/feedback", R"({"action": "like"})", "paper"},
      {"POST", a + "/feedback", R"({"paper": "x", "action": "adore"})", "action"},
      {"POST", a + "/seeds", R"({"ids": "2401.00001"})", "ids"},
      {"POST", a + "/seeds", R"({"ids": ["2699.99999"]})", "ids"},
      {"POST", a + "/seeds/import?format=endnote", "x", "format"},
      {"POST", a + "/seeds/import", "", "file"},
      {"POST", a + "/seeds/import?format=csl-json", R"([{"id": "a", "title": )", "export"},
  };
  const nlohmann::json before = Stored("ada", id);
  for (const Case& c : cases) {
    auto r = Api(ada_token_, c.method, c.path, c.body);
    ASSERT_TRUE(r) << c.path;
    EXPECT_EQ(r->status, 400) << c.method << " " << c.path << " " << c.body << ": " << r->body;
    EXPECT_NE(ErrorMessage(r).find(c.field), std::string::npos)
        << c.path << " " << c.body << ": " << ErrorMessage(r);
  }
  EXPECT_EQ(Stored("ada", id), before);
  auto list = Api(ada_token_, "GET", "/api/v1/radars");
  ASSERT_TRUE(list);
  EXPECT_EQ(nlohmann::json::parse(list->body).size(), 1u);
  // A second radar of the same name is a conflict.
  auto again = Api(ada_token_, "POST", "/api/v1/radars", R"({"name": "agents"})");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409);

  // The forms: the page comes back filled in, with the message and the status.
  Browser ada = SignedIn("ada", kPassword);
  auto form = ada.PostForm("/radars", {{"name", "filters"},
                                       {"description", "kept as typed"},
                                       {"categories", "cs.AI, cs.LG"},
                                       {"exclude_categories", "cs.AI"}});
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 400);
  EXPECT_NE(form->body.find("category &apos;cs.AI&apos; is both included and excluded"),
            std::string::npos);
  EXPECT_NE(form->body.find("kept as typed"), std::string::npos);
  auto unnamed = ada.PostForm("/radars", {{"name", " "}, {"description", "x"}});
  ASSERT_TRUE(unnamed);
  EXPECT_EQ(unnamed->status, 400);
  EXPECT_NE(unnamed->body.find("name: "), std::string::npos);
  auto seed = ada.PostForm("/radars/" + std::to_string(id) + "/edit",
                           {{"name", "agents"}, {"seeds", "2699.99999"}});
  ASSERT_TRUE(seed);
  EXPECT_EQ(seed->status, 400);
  EXPECT_NE(seed->body.find("seeds: unknown paper &apos;2699.99999&apos;"), std::string::npos);
  auto day = ada.Get("/radars/" + std::to_string(id) + "?date=someday");
  ASSERT_TRUE(day);
  EXPECT_EQ(day->status, 400);
  EXPECT_NE(day->body.find("date: "), std::string::npos);
  auto nodelete = ada.PostForm("/radars/" + std::to_string(id) + "/delete", {});
  ASSERT_TRUE(nodelete);
  EXPECT_EQ(nodelete->status, 400);
  EXPECT_NE(nodelete->body.find("confirm"), std::string::npos);
  auto fb = ada.PostForm("/radars/" + std::to_string(id) + "/feedback",
                         {{"paper", "2699.99999"}, {"action", "like"}});
  ASSERT_TRUE(fb);
  EXPECT_EQ(fb->status, 400);
  EXPECT_NE(fb->body.find("paper: "), std::string::npos);
  EXPECT_EQ(Stored("ada", id), before);
}

TEST_F(RadarsTest, AScriptInARadarRendersAsText) {
  const std::string evil = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>";
  const int64_t id = CreateRadar(ada_token_, {{"name", evil},
                                              {"description", evil},
                                              {"query", "agent"},
                                              {"authors", {evil}},
                                              {"categories", {"cs.AI"}}});
  ASSERT_GT(id, 0);
  Browser ada = SignedIn("ada", kPassword);
  for (const std::string& path : {std::string("/radars"), "/radars/" + std::to_string(id),
                                  "/radars/" + std::to_string(id) + "/edit"}) {
    auto r = ada.Get(path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_EQ(r->body.find("<script>alert"), std::string::npos) << path;
    EXPECT_EQ(r->body.find("<img src=x"), std::string::npos) << path;
    EXPECT_NE(r->body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos) << path;
  }
  // A form coming back with an error escapes what was typed.
  auto back = ada.PostForm("/radars", {{"name", evil}, {"description", evil}});
  ASSERT_TRUE(back);
  EXPECT_EQ(back->status, 409);
  EXPECT_EQ(back->body.find("<script>alert"), std::string::npos);
  // JSON carries it as a string, served as JSON.
  auto j = Api(ada_token_, "GET", "/api/v1/radars/" + std::to_string(id));
  ASSERT_TRUE(j);
  EXPECT_EQ(nlohmann::json::parse(j->body)["name"], evil);
  EXPECT_NE(j->get_header_value("Content-Type").find("application/json"), std::string::npos);
}

}  // namespace
}  // namespace ah::web::testing
