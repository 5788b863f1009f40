// Managing webhooks (service/webhooks.h): which URLs are refused and why,
// masking, removal scoped to the owner's radar, the secret only for kinds that
// sign, and "send a test" through a loopback receiver: the receiver's status
// comes back, and a test never uses up the day's once-only delivery.
#include <gtest/gtest.h>

#include "fakes/fake_clock.h"
#include "fakes/loopback_server.h"
#include "net/curl_http_client.h"
#include "service/webhooks.h"
#include "testing.h"
#include "topic_papers.h"

namespace ah::service {
namespace {

bool Has(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(WebhookUrl, RefusedWithTheReason) {
  EXPECT_TRUE(CheckWebhookUrl("https://hooks.slack.com/services/T/B/x"));
  EXPECT_TRUE(CheckWebhookUrl("http://127.0.0.1:8080/hook"));
  EXPECT_TRUE(CheckWebhookUrl("HTTPS://open.feishu.cn/open-apis/bot/v2/hook/abc"));
  struct Case {
    const char* url;
    const char* why;
  };
  for (const Case& c : std::vector<Case>{{"ftp://example.org/x", "only http:// and https://"},
                                         {"javascript:alert(1)", "not javascript:"},
                                         {"example.org/hook", "only http:// and https://"},
                                         {"https:example.org", "https://host/path"},
                                         {"https://exa mple.org/", "space"},
                                         {"https:///path", "no host"},
                                         {"", "missing"}}) {
    auto st = CheckWebhookUrl(c.url);
    ASSERT_FALSE(st) << c.url;
    EXPECT_EQ(st.error().code, Code::kInvalidArgument);
    EXPECT_TRUE(Has(st.error().message, "url:")) << st.error().message;
    EXPECT_TRUE(Has(st.error().message, c.why)) << c.url << ": " << st.error().message;
  }
  EXPECT_FALSE(CheckWebhookUrl("https://x.org/" + std::string(2000, 'a')));
}

TEST(WebhookUrl, MaskedKeepsTheHostOnly) {
  EXPECT_EQ(MaskedWebhookUrl("https://hooks.slack.com/services/T000/B000/XXXXsecretYy9z"),
            "https://hooks.slack.com/…Yy9z");
  EXPECT_EQ(MaskedWebhookUrl("https://user:password@example.org/hook/abcdefghijk"),
            "https://…@example.org/…hijk");
  EXPECT_EQ(MaskedWebhookUrl("https://example.org"), "https://example.org");
  EXPECT_FALSE(Has(MaskedWebhookUrl("https://oapi.dingtalk.com/robot/send?access_token=SECRET1234"),
                   "SECRET"));
}

class WebhookManageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LibraryOptions lo;
    lo.location = (dir_ / "lib.db").string();
    lo.readers = 2;
    lo.clock = &clock_;
    auto lib = Library::Open(lo);
    ASSERT_TRUE(lib) << lib.error().ToString();
    lib_ = std::move(*lib);
    auto s = lib_->OpenSession();
    std::vector<Paper> page;
    for (int i = 0; i < 40; ++i)
      page.push_back(TopicPaper("2401.1" + Pad(i), kGraphWords, i, "2024-01-02", "cs.LG"));
    for (int i = 0; i < 3; ++i)
      page.push_back(TopicPaper("2406.1" + Pad(i), kGraphWords, 50 + i, "2024-06-03", "cs.LG"));
    ASSERT_TRUE(s->store().UpsertPage(page, std::nullopt));
    for (const char* name : {"alice", "bob"}) {
      store::User u;
      u.name = name;
      ASSERT_TRUE(s->users().CreateUser(u));
      store::RadarDefinition r;
      r.owner = name;
      r.name = "graphs";
      r.description = "graph neural networks and message passing on molecules";
      r.include_categories = {"cs.LG"};
      auto id = s->radars().CreateRadar(r);
      ASSERT_TRUE(id);
      (std::string(name) == "alice" ? alice_radar_ : bob_radar_) = *id;
    }
    ASSERT_TRUE(server_.ok());
    options_.base_url = "https://hub.example.org";
  }

  Result<WebhookConfig> Add(const std::string& owner, int64_t radar, const std::string& kind,
                            const std::string& url, const std::string& secret = "") {
    auto s = lib_->OpenSession();
    WebhookConfig h;
    h.radar_id = radar;
    h.kind = kind;
    h.url = url;
    h.secret = secret;
    return AddWebhook(s->users(), s->radars(), owner, h);
  }

  ah::testing::TempDir dir_;
  ah::testing::FakeClock clock_{1717488000};  // 2024-06-04
  std::unique_ptr<Library> lib_;
  ah::testing::LoopbackServer server_;
  net::CurlHttpClient http_;
  WebhookOptions options_;
  int64_t alice_radar_ = 0, bob_radar_ = 0;
};

TEST_F(WebhookManageTest, OwnersOnlyAndTheSecretOnlyWhereTheKindSigns) {
  auto bad = Add("alice", alice_radar_, "slack", "https://hooks.slack.com/x", "secret");
  ASSERT_FALSE(bad);
  EXPECT_TRUE(Has(bad.error().message, "secret:")) << bad.error().message;
  EXPECT_EQ(Add("bob", alice_radar_, "json", server_.Url("/j")).error().code, Code::kNotFound);
  auto hook = Add("alice", alice_radar_, "json", server_.Url("/j"), "s3cret");
  ASSERT_TRUE(hook) << hook.error().ToString();
  auto s = lib_->OpenSession();
  // Bob cannot remove it, by his radar nor by none; nor can alice through another radar.
  EXPECT_EQ(DeleteWebhook(s->users(), "bob", hook->id).error().code, Code::kNotFound);
  EXPECT_EQ(DeleteWebhook(s->users(), "bob", hook->id, bob_radar_).error().code, Code::kNotFound);
  EXPECT_EQ(DeleteWebhook(s->users(), "alice", hook->id, bob_radar_).error().code, Code::kNotFound);
  EXPECT_EQ(ListWebhooks(s->users(), "alice")->size(), 1u);
  EXPECT_TRUE(ListWebhooks(s->users(), "bob")->empty());
  // Nor test it.
  auto test = TestWebhook(*lib_, "bob", bob_radar_, hook->id, http_, options_);
  ASSERT_FALSE(test);
  EXPECT_EQ(test.error().code, Code::kNotFound);
  EXPECT_EQ(TestWebhook(*lib_, "bob", alice_radar_, hook->id, http_, options_).error().code,
            Code::kNotFound);
  EXPECT_TRUE(server_.requests().empty());
  EXPECT_TRUE(DeleteWebhook(s->users(), "alice", hook->id, alice_radar_));
  EXPECT_TRUE(ListWebhooks(s->users(), "alice")->empty());
}

TEST_F(WebhookManageTest, ATestShowsTheReceiversStatusAndLeavesTheDaysDelivery) {
  server_.SetDefault("/ok", ah::testing::CannedResponse::Text("{}"));
  auto refused = ah::testing::CannedResponse::Text("no such hook");
  refused.status = 404;
  server_.SetDefault("/gone", refused);
  auto ok = Add("alice", alice_radar_, "json", server_.Url("/ok"), "s3cret");
  auto gone = Add("alice", alice_radar_, "slack", server_.Url("/gone"));
  ASSERT_TRUE(ok && gone);
  auto t = TestWebhook(*lib_, "alice", alice_radar_, ok->id, http_, options_);
  ASSERT_TRUE(t) << t.error().ToString();
  EXPECT_TRUE(t->ok) << t->why;
  EXPECT_EQ(t->status, 200);
  EXPECT_EQ(t->date, "2024-06-03");
  EXPECT_GT(t->papers, 0u);
  ASSERT_EQ(server_.requests().size(), 1u);
  EXPECT_TRUE(Has(server_.requests()[0].body, "graphs (test)"));
  t = TestWebhook(*lib_, "alice", alice_radar_, gone->id, http_, options_);
  ASSERT_TRUE(t);
  EXPECT_FALSE(t->ok);
  EXPECT_EQ(t->status, 404);
  EXPECT_TRUE(Has(t->why, "404")) << t->why;
  EXPECT_FALSE(Has(t->why, server_.Url("/gone"))) << t->why;  // the URL is a credential
  // Tested twice: the day's delivery still goes out once.
  ASSERT_TRUE(TestWebhook(*lib_, "alice", alice_radar_, ok->id, http_, options_));
  auto s = lib_->OpenSession();
  ASSERT_TRUE(DeleteWebhook(s->users(), "alice", gone->id));
  auto out = DeliverWebhooks(*lib_, "alice", alice_radar_, "2024-06-03", http_, options_);
  ASSERT_TRUE(out) << out.error().ToString();
  ASSERT_EQ(out->size(), 1u);
  EXPECT_EQ((*out)[0].state, DeliveryState::kSent) << (*out)[0].why;
  // Nothing listening: no status, the reason.
  auto closed = Add("alice", alice_radar_, "json", "http://127.0.0.1:1/x");
  ASSERT_TRUE(closed);
  t = TestWebhook(*lib_, "alice", alice_radar_, closed->id, http_, options_);
  ASSERT_TRUE(t);
  EXPECT_FALSE(t->ok);
  EXPECT_EQ(t->status, 0);
  EXPECT_FALSE(t->why.empty());
}

}  // namespace
}  // namespace ah::service
