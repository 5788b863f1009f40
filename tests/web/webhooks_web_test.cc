// A radar's webhooks on its delivery page and in the API, over loopback HTTP
// with a loopback receiver: add (URL validated, the reason shown), list
// (masked: neither the URL's credential part nor the secret), send a test
// (the receiver's status shown), remove; another user's radar or webhook is
// 404 and nothing changes; CSRF; a multi-user server refuses private
// addresses with the reason; every stored text is escaped.
#include "fakes/loopback_server.h"
#include "service/radars.h"
#include "service/webhooks.h"
#include "web_fixture.h"

namespace ah::web::testing {
namespace {

class WebhooksWebTest : public WebTest {
 protected:
  void SetUp() override {
    WebTest::SetUp();
    ASSERT_TRUE(receiver_.ok());
    receiver_.SetDefault("/hook", ah::testing::CannedResponse::Text("{}"));
    receiver_.SetDefault("/refuse", ah::testing::CannedResponse::Text("invalid token", 403));
  }
  void Start(bool private_ok) {
    options_.webhooks_private_addresses = private_ok;
    StartServer();
    AddUser("alice", "alice-password");
    AddUser("bob", "bob-password");
    auto s = library_->OpenSession();
    for (const char* owner : {"alice", "bob"}) {
      service::RadarFields f;
      f.name = std::string(owner) + " <script>x</script>";
      f.description = "large language models, reasoning and retrieval";
      f.query = "src:medrxiv OR language";
      auto r = service::CreateRadar(s->store(), s->radars(), owner, f, nullptr);
      ASSERT_TRUE(r) << r.error().ToString();
      (std::string(owner) == "alice" ? radar_ : bob_radar_) = r->id;
    }
  }
  std::vector<service::WebhookConfig> Hooks(const std::string& owner) {
    auto s = library_->OpenSession();
    auto h = service::ListWebhooks(s->users(), owner);
    EXPECT_TRUE(h);
    return h ? *h : std::vector<service::WebhookConfig>{};
  }
  std::string Page(int64_t radar) { return "/radars/" + std::to_string(radar) + "/feed"; }
  std::string Hooks(int64_t radar) { return "/radars/" + std::to_string(radar) + "/webhooks"; }

  ah::testing::LoopbackServer receiver_;
  int64_t radar_ = 0, bob_radar_ = 0;
};

TEST_F(WebhooksWebTest, AddListTestRemoveFromTheRadarsPage) {
  Start(true);
  Browser alice = SignedIn("alice", "alice-password");
  // The radar's page links to its feed, webhooks and exports, and to the delivery settings.
  auto radar = alice.Get("/radars/" + std::to_string(radar_));
  ASSERT_TRUE(radar);
  EXPECT_EQ(radar->status, 200);
  for (const char* part : {"/feed#feed", "/feed#webhooks", "/feed#exports"})
    EXPECT_TRUE(Has(radar->body, "/radars/" + std::to_string(radar_) + part)) << part;
  EXPECT_TRUE(Has(radar->body, "href=\"/settings/delivery\""));
  auto page = alice.Get(Page(radar_));
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_TRUE(Has(page->body, "id=\"webhooks\""));
  EXPECT_TRUE(Has(page->body, "href=\"/settings/delivery\""));
  EXPECT_FALSE(Has(page->body, "<script>x</script>"));

  // Refused URLs say why; nothing is stored.
  auto bad = alice.PostForm(Hooks(radar_), {{"kind", "json"}, {"url", "ftp://example.org/x"}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_TRUE(Has(bad->body, "only http:// and https://")) << bad->body.substr(0, 200);
  EXPECT_TRUE(Has(bad->body, "value=\"ftp://example.org/x\""));  // the form keeps what was typed
  bad =
      alice.PostForm(Hooks(radar_), {{"kind", "carrier-pigeon"}, {"url", receiver_.Url("/hook")}});
  EXPECT_EQ(bad->status, 400);
  EXPECT_TRUE(Has(bad->body, "kind:"));
  EXPECT_TRUE(Hooks("alice").empty());

  const std::string url = receiver_.Url("/hook?token=S3CRETTOKENxyzw");
  auto added =
      alice.PostForm(Hooks(radar_), {{"kind", "json"}, {"url", url}, {"secret", "sh-secret"}});
  ASSERT_TRUE(added);
  EXPECT_EQ(added->status, 303) << added->body;
  ASSERT_EQ(Hooks("alice").size(), 1u);
  const std::string id = Hooks("alice")[0].id;
  page = alice.Get(Page(radar_) + "?done=added");
  EXPECT_TRUE(Has(page->body, "Webhook added."));
  EXPECT_TRUE(Has(page->body, "…xyzw"));         // masked
  EXPECT_FALSE(Has(page->body, "S3CRETTOKEN"));  // the URL's credential part
  EXPECT_FALSE(Has(page->body, "sh-secret"));    // the secret
  EXPECT_TRUE(Has(page->body, "/webhooks/" + id + "/test"));

  // Send a test: the receiver got the radar's day, signed; its status is shown.
  auto tested = alice.PostForm(Hooks(radar_) + "/" + id + "/test", {});
  ASSERT_TRUE(tested);
  EXPECT_EQ(tested->status, 200) << tested->body.substr(0, 300);
  EXPECT_TRUE(Has(tested->body, "The receiver accepted the test: HTTP 200")) << tested->body;
  auto reqs = receiver_.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_TRUE(reqs[0].headers.count("x-academichub-signature"));
  EXPECT_TRUE(Has(reqs[0].body, "(test)"));

  // A receiver that refuses: its status, in Chinese too.
  auto refusing =
      alice.PostForm(Hooks(radar_), {{"kind", "slack"}, {"url", receiver_.Url("/refuse")}});
  ASSERT_EQ(refusing->status, 303);
  std::string id2;
  for (const auto& h : Hooks("alice"))
    if (h.id != id) id2 = h.id;
  tested = alice.PostForm(Hooks(radar_) + "/" + id2 + "/test?lang=zh", {});
  EXPECT_EQ(tested->status, 200);
  EXPECT_TRUE(Has(tested->body, "接收方拒绝了测试消息：HTTP 403")) << tested->body.substr(0, 300);

  auto removed = alice.PostForm(Hooks(radar_) + "/" + id + "/delete", {});
  EXPECT_EQ(removed->status, 303);
  ASSERT_EQ(Hooks("alice").size(), 1u);
  EXPECT_EQ(Hooks("alice")[0].id, id2);
}

TEST_F(WebhooksWebTest, AnotherUserNeverListsRemovesOrTestsThem) {
  Start(true);
  Browser alice = SignedIn("alice", "alice-password");
  ASSERT_EQ(
      alice.PostForm(Hooks(radar_), {{"kind", "json"}, {"url", receiver_.Url("/hook")}})->status,
      303);
  const std::string id = Hooks("alice")[0].id;
  const auto before = Hooks("alice");
  Browser bob = SignedIn("bob", "bob-password");
  // Through alice's radar, and through bob's own radar with alice's webhook id.
  for (int64_t radar : {radar_, bob_radar_}) {
    const std::string base = Hooks(radar) + "/" + id;
    EXPECT_EQ(bob.PostForm(base + "/test", {})->status, 404);
    EXPECT_EQ(bob.PostForm(base + "/delete", {})->status, 404);
    EXPECT_EQ(bob.Json("POST", "/api/v1" + base + "/test", "")->status, 404);
    EXPECT_EQ(bob.Json("DELETE", "/api/v1" + base, "")->status, 404);
  }
  EXPECT_EQ(bob.Get(Page(radar_))->status, 404);
  auto list = bob.Json("GET", "/api/v1/radars/" + std::to_string(radar_) + "/webhooks", "");
  EXPECT_EQ(list->status, 404);
  list = bob.Json("GET", "/api/v1/radars/" + std::to_string(bob_radar_) + "/webhooks", "");
  ASSERT_EQ(list->status, 200);
  EXPECT_EQ(nlohmann::json::parse(list->body)["webhooks"].size(), 0u);
  EXPECT_EQ(bob.PostForm(Hooks(radar_), {{"kind", "json"}, {"url", receiver_.Url("/bob")}})->status,
            404);
  EXPECT_TRUE(receiver_.requests().empty());
  EXPECT_EQ(Hooks("alice").size(), before.size());
  EXPECT_TRUE(Hooks("bob").empty());
  // Alice's own requests without the CSRF token: 403, nothing changes.
  EXPECT_EQ(alice.PostForm(Hooks(radar_) + "/" + id + "/delete", {}, false)->status, 403);
  EXPECT_EQ(alice.PostForm(Hooks(radar_), {{"kind", "json"}, {"url", receiver_.Url("/x")}}, false)
                ->status,
            403);
  EXPECT_EQ(alice.Json("DELETE", "/api/v1" + Hooks(radar_) + "/" + id, "", false)->status, 403);
  EXPECT_EQ(Hooks("alice").size(), 1u);
}

TEST_F(WebhooksWebTest, TheApi) {
  Start(true);
  const std::string token = TokenOf("alice");
  httplib::Client api("127.0.0.1", server_->port());
  api.set_read_timeout(60, 0);
  httplib::Headers auth{{"Authorization", "Bearer " + token}};
  const std::string base = "/api/v1/radars/" + std::to_string(radar_) + "/webhooks";
  auto r = api.Post(
      base.c_str(), auth,
      nlohmann::json{{"kind", "feishu"}, {"url", receiver_.Url("/hook")}, {"secret", "fs"}}.dump(),
      "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  auto hook = nlohmann::json::parse(r->body);
  EXPECT_EQ(hook["kind"], "feishu");
  EXPECT_EQ(hook["signed"], true);
  EXPECT_FALSE(hook.contains("secret"));
  for (const char* bad : {R"({"kind": "json", "url": "file:///etc/passwd"})", R"({"kind": "json"})",
                          R"({"url": "https://a.org/x"})",
                          R"({"kind": "json", "url": "https://a.org/x", "extra": 1})",
                          R"({"kind": "slack", "url": "https://a.org/x", "secret": "s"})"}) {
    auto b = api.Post(base.c_str(), auth, bad, "application/json");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->status, 400) << bad << " " << b->body;
    EXPECT_EQ(nlohmann::json::parse(b->body)["error"]["code"], "invalid_argument");
  }
  auto list = api.Get(base.c_str(), auth);
  ASSERT_EQ(list->status, 200);
  auto hooks = nlohmann::json::parse(list->body)["webhooks"];
  ASSERT_EQ(hooks.size(), 1u);
  const std::string id = hooks[0]["id"];
  auto test = api.Post((base + "/" + id + "/test").c_str(), auth, "", "application/json");
  ASSERT_TRUE(test);
  ASSERT_EQ(test->status, 200) << test->body;
  auto t = nlohmann::json::parse(test->body);
  EXPECT_EQ(t["ok"], true);
  EXPECT_EQ(t["status"], 200);
  auto del = api.Delete((base + "/" + id).c_str(), auth);
  EXPECT_EQ(del->status, 204);
  EXPECT_EQ(api.Delete((base + "/" + id).c_str(), auth)->status, 404);
  EXPECT_TRUE(Hooks("alice").empty());
}

TEST_F(WebhooksWebTest, AMultiUserServerRefusesPrivateAddressesSayingWhy) {
  Start(false);
  Browser alice = SignedIn("alice", "alice-password");
  auto page = alice.Get(Page(radar_));
  EXPECT_TRUE(Has(page->body, "public internet addresses"));
  auto r = alice.PostForm(Hooks(radar_), {{"kind", "json"}, {"url", receiver_.Url("/hook")}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_TRUE(Has(r->body, "127.0.0.1")) << r->body.substr(0, 300);
  EXPECT_TRUE(Has(r->body, "public addresses only"));
  EXPECT_TRUE(Hooks("alice").empty());
}

}  // namespace
}  // namespace ah::web::testing
