// The request pipeline over loopback HTTP: the Curated Daily page, languages,
// static files, the error table, security headers, CSRF, sign-in and access.
#include "web_fixture.h"

namespace ah::web::testing {
namespace {

class PipelineTest : public WebTest {
 protected:
  void SetUp() override {
    WebTest::SetUp();
    StartServer();
  }
};

int CountOf(const std::string& s, const std::string& what) {
  int n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

TEST_F(PipelineTest, VisitorsSeeTheLatestDayOfEverySourceAsNumberedCards) {
  Browser b = NewBrowser();
  auto r = b.Get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("Academic Intelligence · Curated Daily"), std::string::npos);
  EXPECT_NE(r->body.find("探索全球前沿学术脉络"), std::string::npos);
  EXPECT_GE(CountOf(r->body, "class=\"card\""), 10);
  EXPECT_NE(r->body.find("<span class=\"num\">01.</span>"), std::string::npos);
  EXPECT_NE(r->body.find("arXiv (CS."), std::string::npos);
  EXPECT_NE(r->body.find("bioRxiv ("), std::string::npos);
  EXPECT_NE(r->body.find("2026-06-30"), std::string::npos);
  // Each source's section is headed by the source, not by its first card's category.
  EXPECT_NE(r->body.find("<h3 class=\"section-head\">arXiv · "), std::string::npos);
  EXPECT_EQ(r->body.find("<h3 class=\"section-head\">arXiv ("), std::string::npos);
  EXPECT_NE(r->body.find("<h3 class=\"section-head\">bioRxiv · "), std::string::npos);
  // A second visitor gets the same (cached) page.
  Browser other = NewBrowser();
  auto again = other.Get("/");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, r->body);
}

TEST_F(PipelineTest, LanguageFollowsAcceptLanguageAndTheSwitch) {
  Browser b = NewBrowser();
  auto zh = b.Get("/", {{"Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8"}});
  ASSERT_TRUE(zh);
  EXPECT_NE(zh->body.find("<html lang=\"zh-CN\">"), std::string::npos);
  EXPECT_NE(zh->body.find("每日精选"), std::string::npos);
  auto en = b.Get("/?lang=en", {{"Accept-Language", "zh-CN"}});
  ASSERT_TRUE(en);
  EXPECT_NE(en->body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_EQ(b.cookies()["lang"], "en");
  auto remembered = b.Get("/", {{"Accept-Language", "zh-CN"}});
  ASSERT_TRUE(remembered);
  EXPECT_NE(remembered->body.find("<html lang=\"en\">"), std::string::npos);
}

TEST_F(PipelineTest, StaticFilesComeFromTheBinaryWithValidators) {
  Browser b = NewBrowser();
  for (const char* path : {"/static/app.css", "/static/app.js", "/static/katex/katex.min.js",
                           "/static/katex/katex.min.css", "/static/katex/auto-render.min.js",
                           "/static/katex/fonts/KaTeX_Main-Regular.woff2", "/favicon.ico"}) {
    auto r = b.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_GT(r->body.size(), 100u) << path;
    const std::string etag = r->get_header_value("ETag");
    ASSERT_FALSE(etag.empty()) << path;
    auto again = b.Get(path, {{"If-None-Match", etag}});
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 304) << path;
  }
  auto missing = b.Get("/static/nothing.js");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_F(PipelineTest, EveryAnswerCarriesTheSecurityHeaders) {
  Browser b = NewBrowser();
  for (const char* path : {"/", "/nowhere", "/api/v1/nowhere", "/static/app.css"}) {
    auto r = b.Get(path);
    ASSERT_TRUE(r);
    const std::string csp = r->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << path;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << path;
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r->get_header_value("X-Frame-Options"), "DENY");
  }
}

TEST_F(PipelineTest, ErrorsAreOneFormatAndNeverShowInternals) {
  Browser b = NewBrowser();
  auto api = b.Get("/api/v1/nowhere");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 404);
  auto j = nlohmann::json::parse(api->body);
  EXPECT_EQ(j["error"]["code"], "not_found");
  EXPECT_TRUE(j["error"]["message"].is_string());
  auto page = b.Get("/nowhere");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 404);
  EXPECT_NE(page->get_header_value("Content-Type").find("text/html"), std::string::npos);
  auto method = b.Json("POST", "/api/v1/today", "{}");
  ASSERT_TRUE(method);
  EXPECT_EQ(method->status, 400);
}

TEST_F(PipelineTest, SignInNeedsTheCsrfTokenAndTheRightPassword) {
  AddUser("ada", "correct horse battery");
  Browser b = NewBrowser();
  ASSERT_TRUE(b.Get("/login"));
  auto no_token =
      b.PostForm("/login", {{"username", "ada"}, {"password", "correct horse battery"}}, false);
  ASSERT_TRUE(no_token);
  EXPECT_EQ(no_token->status, 403);
  EXPECT_FALSE(b.cookies().count("ah_session"));
  auto wrong = b.PostForm("/login", {{"username", "ada"}, {"password", "wrong password"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  auto unknown = b.PostForm("/login", {{"username", "nobody"}, {"password", "wrong password"}});
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 401);
  Browser ok = SignedIn("ada", "correct horse battery");
  auto settings = ok.Get("/settings");
  ASSERT_TRUE(settings);
  EXPECT_NE(settings->body.find("ada"), std::string::npos);
  // Signing out ends the session everywhere it was used.
  const std::string session = ok.cookies()["ah_session"];
  auto out = ok.PostForm("/logout", {});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 303);
  Browser replay = NewBrowser();
  replay.cookies()["ah_session"] = session;
  auto after = replay.Get("/radars");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 303);
  EXPECT_EQ(after->get_header_value("Location").rfind("/login", 0), 0u);
}

TEST_F(PipelineTest, VisitorsAreSentToSignInAndScriptsGet401) {
  Browser b = NewBrowser();
  auto page = b.Get("/radars");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 303);
  // (httplib's client decodes Location; the server sends next=%2Fradars)
  EXPECT_EQ(page->get_header_value("Location").rfind("/login?next=", 0), 0u);
  EXPECT_NE(page->get_header_value("Location").find("radars"), std::string::npos);
  auto api = b.Get("/api/v1/radars");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 401);
  EXPECT_EQ(nlohmann::json::parse(api->body)["error"]["code"], "unauthenticated");
  auto bad_token = b.Get("/api/v1/radars", {{"Authorization", "Bearer nope"}});
  ASSERT_TRUE(bad_token);
  EXPECT_EQ(bad_token->status, 401);
  auto admin = b.Get("/admin");
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->status, 303);
}

TEST_F(PipelineTest, PagesAreGzippedOnceWhenTheClientAsks) {
  Browser b = NewBrowser();
  b.client().set_decompress(false);
  auto r = b.Get("/", {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(r->get_header_value_count("Content-Encoding"), 1u);
  ASSERT_GT(r->body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(r->body[0]), 0x1f);
  auto plain = b.Get("/");
  ASSERT_TRUE(plain);
  EXPECT_TRUE(plain->get_header_value("Content-Encoding").empty());
}

TEST_F(PipelineTest, HealthzAnswers) {
  Browser b = NewBrowser();
  auto r = b.Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(nlohmann::json::parse(r->body)["status"], "ok");
}

class ClosedRegistrationTest : public WebTest {
 protected:
  void SetUp() override {
    WebTest::SetUp();
    options_.registration_open = false;
    StartServer();
  }
};

TEST_F(ClosedRegistrationTest, NobodyCanSignUp) {
  Browser b = NewBrowser();
  auto form = b.Get("/register");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 403);
  auto r = b.PostForm("/register", {{"username", "eve"}, {"password", "long enough pw"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  auto s = library_->OpenSession();
  auto eve = s->users().GetUser("eve");
  ASSERT_TRUE(eve);
  EXPECT_FALSE(eve->has_value());
}

}  // namespace
}  // namespace ah::web::testing
