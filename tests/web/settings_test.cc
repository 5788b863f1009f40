// Settings and administration over loopback HTTP: the interface language, the
// user's own LLM provider (checked, key kept only for its address, removed),
// API tokens (shown once, used with Bearer, revoked), the password (current
// one required, other sessions end), and the admin page (administrators only;
// registration closed blocks sign-up; public radars). CSRF everywhere.
#include "service/radars.h"
#include "web/briefing_write.h"
#include "web_fixture.h"

namespace ah::web::testing {
namespace {

class SettingsTest : public WebTest {
 protected:
  void SetUp() override {
    WebTest::SetUp();
    StartServer();
    AddUser("alice", "alice-password");
    AddUser("bob", "bob-password");
    AddUser("root", "root-password", true);
  }

  store::User Account(const std::string& name) {
    auto s = library_->OpenSession();
    auto u = s->users().GetUser(name);
    EXPECT_TRUE(u && *u);
    return u && *u ? **u : store::User{};
  }

  std::vector<store::ApiToken> Tokens(const std::string& name) {
    auto s = library_->OpenSession();
    auto t = s->users().ListApiTokens(name);
    EXPECT_TRUE(t);
    return t ? *t : std::vector<store::ApiToken>{};
  }

  static std::string NewToken(const std::string& html) {
    static const std::regex re("<code class=\"token\">([A-Za-z0-9_-]{43})</code>");
    std::smatch m;
    return std::regex_search(html, m, re) ? std::string(m[1]) : std::string();
  }
};

TEST_F(SettingsTest, TokensMadeInSettingsWorkWithBearerUntilRevoked) {
  Browser a = SignedIn("alice", "alice-password");
  auto made = a.PostForm("/settings/tokens", {{"label", "laptop <script>x</script>"}});
  ASSERT_TRUE(made);
  EXPECT_EQ(made->status, 201);
  const std::string token = NewToken(made->body);
  ASSERT_FALSE(token.empty()) << made->body;
  EXPECT_FALSE(Has(made->body, "<script>x"));
  EXPECT_TRUE(Has(made->body, "laptop &lt;script&gt;x&lt;/script&gt;"));

  Browser script = NewBrowser();
  auto me = script.Get("/api/v1/me", {{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(me);
  ASSERT_EQ(me->status, 200);
  EXPECT_EQ(nlohmann::json::parse(me->body)["name"], "alice");

  // Shown once: the list has its label and when it was used, never the token.
  auto page = a.Get("/settings");
  ASSERT_TRUE(page);
  EXPECT_FALSE(Has(page->body, token));
  EXPECT_TRUE(Has(page->body, "laptop &lt;script&gt;"));
  auto tokens = Tokens("alice");
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_GT(tokens[0].last_used_unix, 0);
  EXPECT_NE(tokens[0].token_hash, token);

  // Bob cannot revoke it.
  Browser b = SignedIn("bob", "bob-password");
  auto other = b.PostForm("/settings/tokens/" + std::to_string(tokens[0].id) + "/delete", {});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 404);
  EXPECT_EQ(script.Get("/api/v1/me", {{"Authorization", "Bearer " + token}})->status, 200);
  // Without the CSRF token nothing happens either.
  auto forged =
      a.PostForm("/settings/tokens/" + std::to_string(tokens[0].id) + "/delete", {}, false);
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 403);
  EXPECT_EQ(script.Get("/api/v1/me", {{"Authorization", "Bearer " + token}})->status, 200);

  auto revoked = a.PostForm("/settings/tokens/" + std::to_string(tokens[0].id) + "/delete", {});
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 303);
  EXPECT_EQ(script.Get("/api/v1/me", {{"Authorization", "Bearer " + token}})->status, 401);
  EXPECT_TRUE(Tokens("alice").empty());
}

TEST_F(SettingsTest, TokenCreationChecksItsInput) {
  Browser a = SignedIn("alice", "alice-password");
  auto empty = a.PostForm("/settings/tokens", {{"label", "  "}});
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 400);
  EXPECT_TRUE(Has(empty->body, "label:"));
  auto control = a.PostForm("/settings/tokens", {{"label", "a\x01"}});
  EXPECT_EQ(control->status, 400);
  auto forged = a.PostForm("/settings/tokens", {{"label", "x"}}, false);
  EXPECT_EQ(forged->status, 403);
  EXPECT_TRUE(Tokens("alice").empty());
  EXPECT_EQ(a.PostForm("/settings/tokens/abc/delete", {})->status, 404);
}

TEST_F(SettingsTest, PasswordChangeNeedsTheCurrentOneAndEndsOtherSessions) {
  Browser a = SignedIn("alice", "alice-password");
  Browser elsewhere = SignedIn("alice", "alice-password");
  auto wrong = a.PostForm(
      "/settings/password",
      {{"current", "not-it"}, {"password", "new-password-1"}, {"password2", "new-password-1"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 403);
  EXPECT_TRUE(Has(wrong->body, "The current password is wrong."));
  auto short_one =
      a.PostForm("/settings/password",
                 {{"current", "alice-password"}, {"password", "short"}, {"password2", "short"}});
  EXPECT_EQ(short_one->status, 400);
  auto differ = a.PostForm("/settings/password", {{"current", "alice-password"},
                                                  {"password", "new-password-1"},
                                                  {"password2", "new-password-2"}});
  EXPECT_EQ(differ->status, 400);
  auto forged = a.PostForm("/settings/password",
                           {{"current", "alice-password"},
                            {"password", "new-password-1"},
                            {"password2", "new-password-1"}},
                           false);
  EXPECT_EQ(forged->status, 403);
  EXPECT_EQ(elsewhere.Get("/settings")->status, 200);

  auto ok = a.PostForm("/settings/password", {{"current", "alice-password"},
                                              {"password", "new-password-1"},
                                              {"password2", "new-password-1"}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 303);
  // This browser stays signed in; the other one is signed out.
  auto here = a.Get("/settings?done=password");
  ASSERT_TRUE(here);
  EXPECT_EQ(here->status, 200);
  EXPECT_TRUE(Has(here->body, "Password changed"));
  auto there = elsewhere.Get("/settings");
  ASSERT_TRUE(there);
  EXPECT_EQ(there->status, 303);
  // The old password no longer signs in, the new one does.
  Browser c = NewBrowser();
  c.Get("/login");
  EXPECT_EQ(c.PostForm("/login", {{"username", "alice"}, {"password", "alice-password"}})->status,
            401);
  SignedIn("alice", "new-password-1");
}

TEST_F(SettingsTest, LanguageIsSavedAndFollowed) {
  Browser a = SignedIn("alice", "alice-password");
  auto r = a.PostForm("/settings", {{"section", "lang"}, {"lang", "zh"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303);
  EXPECT_EQ(a.cookies()["lang"], "zh");
  EXPECT_EQ(Account("alice").lang, "zh");
  auto page = a.Get("/settings");
  EXPECT_TRUE(Has(page->body, "<html lang=\"zh-CN\">"));
  EXPECT_TRUE(Has(page->body, "语言已保存") || Has(page->body, "界面语言"));
  auto me = a.Get("/api/v1/me");
  EXPECT_EQ(nlohmann::json::parse(me->body)["lang"], "zh");
  auto bad = a.PostForm("/settings", {{"section", "lang"}, {"lang", "fr"}});
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(a.PostForm("/settings", {{"section", "nothing"}})->status, 400);
  EXPECT_EQ(a.PostForm("/settings", {{"section", "lang"}, {"lang", "en"}}, false)->status, 403);
  EXPECT_EQ(Account("alice").lang, "zh");
}

TEST_F(SettingsTest, TheProviderIsCheckedAndItsKeyStaysWithItsAddress) {
  {
    auto s = library_->OpenSession();
    ASSERT_TRUE(s->users().PutSetting(kPrivateProvidersSetting, "allow"));
  }
  Browser a = SignedIn("alice", "alice-password");
  for (const char* url : {"ftp://example.org/v1", "file:///etc/passwd", "javascript:alert(1)",
                          "https://user:pw@example.org/v1", "https://example.org/v1?x=1"}) {
    auto r = a.PostForm("/settings", {{"section", "llm"}, {"base_url", url}, {"model", "m"}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << url;
    EXPECT_TRUE(Has(r->body, "base URL:")) << url;
  }
  auto no_model =
      a.PostForm("/settings", {{"section", "llm"}, {"base_url", "http://127.0.0.1:9/v1"}});
  EXPECT_EQ(no_model->status, 400);
  EXPECT_TRUE(Has(no_model->body, "model:"));
  EXPECT_EQ(Account("alice").settings_json.find("llm"), std::string::npos);

  ASSERT_EQ(a.PostForm("/settings", {{"section", "llm"},
                                     {"base_url", "http://127.0.0.1:9/v1"},
                                     {"model", "m"},
                                     {"api_key", "sk-first"}})
                ->status,
            303);
  auto s1 = nlohmann::json::parse(Account("alice").settings_json);
  ASSERT_TRUE(s1["llm"].contains("key"));
  EXPECT_FALSE(Has(s1.dump(), "sk-first"));
  // Saved again without a key: the key stays.
  ASSERT_EQ(a.PostForm("/settings",
                       {{"section", "llm"}, {"base_url", "http://127.0.0.1:9/v1"}, {"model", "m2"}})
                ->status,
            303);
  auto s2 = nlohmann::json::parse(Account("alice").settings_json);
  EXPECT_EQ(s2["llm"]["key"], s1["llm"]["key"]);
  EXPECT_EQ(s2["llm"]["model"], "m2");
  // A new address never receives the key given for the old one.
  ASSERT_EQ(a.PostForm("/settings",
                       {{"section", "llm"}, {"base_url", "http://127.0.0.2:9/v1"}, {"model", "m2"}})
                ->status,
            303);
  auto s3 = nlohmann::json::parse(Account("alice").settings_json);
  EXPECT_FALSE(s3["llm"].contains("key"));
  auto page = a.Get("/settings");
  EXPECT_TRUE(Has(page->body, "No key is set"));
  // The key can be removed, and the provider.
  ASSERT_EQ(a.PostForm("/settings", {{"section", "llm"},
                                     {"base_url", "http://127.0.0.2:9/v1"},
                                     {"model", "m2"},
                                     {"api_key", "sk-second"}})
                ->status,
            303);
  ASSERT_TRUE(nlohmann::json::parse(Account("alice").settings_json)["llm"].contains("key"));
  ASSERT_EQ(a.PostForm("/settings", {{"section", "llm"},
                                     {"base_url", "http://127.0.0.2:9/v1"},
                                     {"model", "m2"},
                                     {"remove_key", "1"}})
                ->status,
            303);
  EXPECT_FALSE(nlohmann::json::parse(Account("alice").settings_json)["llm"].contains("key"));
  EXPECT_EQ(a.PostForm("/settings", {{"section", "llm_remove"}}, false)->status, 403);
  ASSERT_EQ(a.PostForm("/settings", {{"section", "llm_remove"}})->status, 303);
  EXPECT_FALSE(nlohmann::json::parse(Account("alice").settings_json).contains("llm"));
  // Bob's settings were never touched.
  EXPECT_EQ(Account("bob").settings_json, "{}");
}

TEST_F(SettingsTest, TheAdminPageIsForAdministratorsOnly) {
  Browser visitor = NewBrowser();
  auto v = visitor.Get("/admin");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->status, 303);
  EXPECT_EQ(v->get_header_value("Location").rfind("/login", 0), 0u);
  Browser a = SignedIn("alice", "alice-password");
  EXPECT_EQ(a.Get("/admin")->status, 403);
  EXPECT_EQ(a.PostForm("/admin", {{"action", "registration"}, {"value", "closed"}})->status, 403);
  EXPECT_EQ(a.Get("/api/v1/me")->status, 200);
  auto token = "Bearer " + TokenOf("alice");
  EXPECT_EQ(visitor.Get("/admin", {{"Authorization", token}})->status, 403);
  {
    auto s = library_->OpenSession();
    auto reg = s->users().GetSetting("registration");
    ASSERT_TRUE(reg);
    EXPECT_FALSE(reg->has_value());
  }
  Browser root = SignedIn("root", "root-password");
  auto page = root.Get("/admin");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  for (const char* name : {"alice", "bob", "root"}) EXPECT_TRUE(Has(page->body, name));
  EXPECT_TRUE(Has(page->body, "administrator"));
  EXPECT_EQ(
      root.PostForm("/admin", {{"action", "registration"}, {"value", "closed"}}, false)->status,
      403);
  EXPECT_EQ(root.PostForm("/admin", {{"action", "registration"}, {"value", "maybe"}})->status, 400);
  EXPECT_EQ(root.PostForm("/admin", {{"action", "nothing"}})->status, 400);
}

TEST_F(SettingsTest, RegistrationClosedByTheAdminBlocksSignUp) {
  Browser root = SignedIn("root", "root-password");
  root.Get("/admin");
  auto closed = root.PostForm("/admin", {{"action", "registration"}, {"value", "closed"}});
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->status, 303);
  Browser newcomer = NewBrowser();
  auto form = newcomer.Get("/register");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 403);
  auto r = newcomer.PostForm("/register", {{"username", "mallory"},
                                           {"password", "mallory-password"},
                                           {"password2", "mallory-password"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  {
    auto s = library_->OpenSession();
    auto u = s->users().GetUser("mallory");
    ASSERT_TRUE(u);
    EXPECT_FALSE(u->has_value());
  }
  auto admin_page = root.Get("/admin");
  EXPECT_TRUE(Has(admin_page->body, "value=\"closed\" checked"));
  // Open again: sign-up works.
  ASSERT_EQ(root.PostForm("/admin", {{"action", "registration"}, {"value", "open"}})->status, 303);
  newcomer.Get("/register");
  auto ok = newcomer.PostForm("/register", {{"username", "mallory"},
                                            {"password", "mallory-password"},
                                            {"password2", "mallory-password"}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 303);
}

TEST_F(SettingsTest, TheAdminMakesOwnRadarsPublicOrPrivate) {
  int64_t mine = 0, alices = 0;
  {
    auto s = library_->OpenSession();
    service::RadarFields f;
    f.name = "Topic <b>one</b>";
    f.description = "graph neural networks";
    auto r = service::CreateRadar(s->store(), s->radars(), "root", f, nullptr);
    ASSERT_TRUE(r);
    mine = r->id;
    f.name = "Alice's";
    auto q = service::CreateRadar(s->store(), s->radars(), "alice", f, nullptr);
    ASSERT_TRUE(q);
    alices = q->id;
  }
  Browser root = SignedIn("root", "root-password");
  auto page = root.Get("/admin");
  EXPECT_TRUE(Has(page->body, "No public radar yet"));
  EXPECT_TRUE(Has(page->body, "Topic &lt;b&gt;one&lt;/b&gt;"));
  auto pub = root.PostForm(
      "/admin", {{"action", "radar_public"}, {"radar", std::to_string(mine)}, {"value", "public"}});
  ASSERT_TRUE(pub);
  EXPECT_EQ(pub->status, 303);
  auto other = root.PostForm(
      "/admin",
      {{"action", "radar_public"}, {"radar", std::to_string(alices)}, {"value", "public"}});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 404);
  {
    auto s = library_->OpenSession();
    auto list = s->radars().ListPublicRadars();
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ((*list)[0].id, mine);
  }
  page = root.Get("/admin");
  EXPECT_TRUE(Has(page->body, "Make private"));
  EXPECT_FALSE(Has(page->body, "No public radar yet"));
  ASSERT_EQ(root.PostForm("/admin", {{"action", "radar_public"},
                                     {"radar", std::to_string(mine)},
                                     {"value", "private"}})
                ->status,
            303);
  auto s = library_->OpenSession();
  auto list = s->radars().ListPublicRadars();
  ASSERT_TRUE(list);
  EXPECT_TRUE(list->empty());
}

class SingleUserSettingsTest : public WebTest {
 protected:
  void SetUp() override {
    WebTest::SetUp();
    options_.single_user = true;
    StartServer();
  }
};

TEST_F(SingleUserSettingsTest, TheLocalUserHasSettingsButNoPassword) {
  Browser b = NewBrowser();
  b.single_user_ = true;
  auto page = b.Get("/settings");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_FALSE(Has(page->body, "Change password"));
  // A provider on loopback is fine here: the user runs the server.
  auto r = b.PostForm(
      "/settings",
      {{"section", "llm"}, {"base_url", "http://127.0.0.1:11434/v1"}, {"model", "llama3"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303) << r->body;
  EXPECT_EQ(
      b.PostForm("/settings/password", {{"current", ""}, {"password", "new-password-1"}})->status,
      400);
  auto me = b.Get("/api/v1/me");
  ASSERT_TRUE(me);
  auto j = nlohmann::json::parse(me->body);
  EXPECT_EQ(j["name"], "local");
  EXPECT_EQ(j["admin"], true);
}

}  // namespace
}  // namespace ah::web::testing
