// Webhooks end to end (service/webhooks.h, delivery/webhook.h): a radar's
// papers posted through libcurl to a loopback receiver as Slack blocks, a
// Feishu post and a DingTalk markdown message with their signatures, and a
// generic JSON post with an HMAC-SHA256 header; never twice; a failed post is
// recorded and posted again by the next call; another user's radar is refused.
#include "service/webhooks.h"

#include <gtest/gtest.h>

#include "core/json.h"
#include "core/text.h"
#include "delivery/mail.h"
#include "fakes/fake_clock.h"
#include "fakes/loopback_server.h"
#include "net/curl_http_client.h"
#include "testing.h"
#include "topic_papers.h"

namespace ah::service {
namespace {

TEST(HmacTest, Rfc4231Case2) {
  EXPECT_EQ(delivery::Hex(delivery::HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

class WebhooksTest : public ::testing::Test {
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
    for (int i = 0; i < 40; ++i) {
      page.push_back(TopicPaper("2401.1" + Pad(i), kGraphWords, i, "2024-01-02", "cs.LG"));
      page.push_back(TopicPaper("2401.2" + Pad(i), kOceanWords, i, "2024-01-02", "physics.ao-ph"));
    }
    for (int i = 0; i < 3; ++i)
      page.push_back(TopicPaper("2406.1" + Pad(i), kGraphWords, 50 + i, "2024-06-03", "cs.LG"));
    page.back().title = "Graphs <b>&</b> [links](x)";
    ASSERT_TRUE(s->store().UpsertPage(page, std::nullopt));
    for (const char* name : {"alice", "bob"}) {
      store::User u;
      u.name = name;
      ASSERT_TRUE(s->users().CreateUser(u));
    }
    store::RadarDefinition r;
    r.owner = "alice";
    r.name = "graphs";
    r.description = "graph neural networks and message passing on molecules";
    r.include_categories = {"cs.LG"};
    auto id = s->radars().CreateRadar(r);
    ASSERT_TRUE(id);
    radar_ = *id;
    ASSERT_TRUE(server_.ok());
    options_.base_url = "https://hub.example.org";
    options_.now_ms = 1717488000123;
  }

  WebhookConfig Add(const std::string& kind, const std::string& path, const std::string& secret) {
    auto s = lib_->OpenSession();
    WebhookConfig h;
    h.radar_id = radar_;
    h.kind = kind;
    h.url = server_.Url(path);
    h.secret = secret;
    auto added = AddWebhook(s->users(), s->radars(), "alice", h);
    EXPECT_TRUE(added) << added.error().ToString();
    return added ? *added : WebhookConfig{};
  }

  const ah::testing::RecordedRequest* At(const std::string& path) {
    static std::vector<ah::testing::RecordedRequest> reqs;
    reqs = server_.requests();
    for (const auto& r : reqs)
      if (r.path == path) return &r;
    return nullptr;
  }

  ah::testing::TempDir dir_;
  ah::testing::FakeClock clock_{1717488000};
  std::unique_ptr<Library> lib_;
  ah::testing::LoopbackServer server_;
  net::CurlHttpClient http_;
  WebhookOptions options_;
  int64_t radar_ = 0;
};

TEST_F(WebhooksTest, EachKindPostsItsPayloadSignedOnce) {
  server_.SetDefault("/slack", ah::testing::CannedResponse::Text("ok"));
  server_.SetDefault("/feishu", ah::testing::CannedResponse::Text(R"({"code":0,"msg":"success"})"));
  server_.SetDefault("/dingtalk",
                     ah::testing::CannedResponse::Text(R"({"errcode":0,"errmsg":"ok"})"));
  server_.SetDefault("/json", ah::testing::CannedResponse::Text("{}"));
  Add("slack", "/slack", "");
  Add("feishu", "/feishu", "feishu-secret");
  Add("dingtalk", "/dingtalk", "SECdingtalk-secret");
  Add("json", "/json", "json-secret");
  auto out = DeliverWebhooks(*lib_, "alice", radar_, "2024-06-03", http_, options_);
  ASSERT_TRUE(out) << out.error().ToString();
  ASSERT_EQ(out->size(), 4u);
  for (const auto& o : *out) EXPECT_EQ(o.state, DeliveryState::kSent) << o.key << " " << o.why;

  // Slack: blocks, mrkdwn links, control characters escaped.
  const auto* slack = At("/slack");
  ASSERT_TRUE(slack);
  auto sj = ParseJson(slack->body, "slack");
  ASSERT_TRUE(sj);
  EXPECT_EQ((*sj)["blocks"][0]["type"], "header");
  const std::string sec = (*sj)["blocks"].dump();
  EXPECT_NE(sec.find("<https://arxiv.org/abs/2406.10000|"), std::string::npos) << sec;
  EXPECT_NE(sec.find("Graphs &lt;b&gt;&amp;&lt;/b&gt;"), std::string::npos) << sec;

  // Feishu: timestamp (s) and sign = base64(HMAC(key = ts + "\n" + secret, "")).
  const auto* feishu = At("/feishu");
  ASSERT_TRUE(feishu);
  auto fj = ParseJson(feishu->body, "feishu");
  ASSERT_TRUE(fj);
  EXPECT_EQ((*fj)["timestamp"], "1717488000");
  EXPECT_EQ((*fj)["sign"],
            delivery::Base64(delivery::HmacSha256("1717488000\nfeishu-secret", ""), 0));
  EXPECT_EQ((*fj)["msg_type"], "post");
  EXPECT_NE(
      (*fj)["content"]["post"]["zh_cn"]["content"].dump().find("https://arxiv.org/abs/2406.10001"),
      std::string::npos);

  // DingTalk: timestamp (ms) and sign (urlencoded base64 HMAC(secret, ts + "\n" + secret)) in the
  // query.
  const auto* ding = At("/dingtalk");
  ASSERT_TRUE(ding);
  const std::string sign = delivery::Base64(
      delivery::HmacSha256("SECdingtalk-secret", "1717488000123\nSECdingtalk-secret"), 0);
  EXPECT_EQ(ding->query, "timestamp=1717488000123&sign=" + text::PercentEncode(sign));
  auto dj = ParseJson(ding->body, "dingtalk");
  ASSERT_TRUE(dj);
  EXPECT_EQ((*dj)["msgtype"], "markdown");
  const std::string md = (*dj)["markdown"]["text"];
  EXPECT_NE(md.find("](https://arxiv.org/abs/2406.10000)"), std::string::npos) << md;
  EXPECT_EQ(md.find("[links]"), std::string::npos) << md;  // brackets in titles cannot break links

  // Generic JSON: X-AcademicHub-Signature = sha256=hex(HMAC(secret, ts + "." + body)).
  const auto* js = At("/json");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->Header("x-academichub-timestamp"), "1717488000");
  EXPECT_EQ(
      js->Header("x-academichub-signature"),
      "sha256=" + delivery::Hex(delivery::HmacSha256("json-secret", "1717488000." + js->body)));
  auto jj = ParseJson(js->body, "json");
  ASSERT_TRUE(jj);
  EXPECT_EQ((*jj)["radar"], "graphs");
  EXPECT_EQ((*jj)["date"], "2024-06-03");
  EXPECT_EQ((*jj)["papers"].size(), 3u);
  EXPECT_EQ(
      (*jj)["papers"][0]["web_url"].get<std::string>().rfind("https://hub.example.org/papers/", 0),
      0u);

  // Never twice.
  const size_t before = server_.request_count();
  auto again = DeliverWebhooks(*lib_, "alice", radar_, "2024-06-03", http_, options_);
  ASSERT_TRUE(again);
  for (const auto& o : *again) EXPECT_EQ(o.state, DeliveryState::kAlreadySent);
  EXPECT_EQ(server_.request_count(), before);
}

TEST_F(WebhooksTest, AFailureIsRecordedAndPostedAgainByTheNextCall) {
  server_.Enqueue("/feishu",
                  ah::testing::CannedResponse::Text(R"({"code":19021,"msg":"sign match fail"})"));
  server_.SetDefault("/feishu", ah::testing::CannedResponse::Text(R"({"code":0})"));
  Add("feishu", "/feishu", "s");
  auto first = DeliverWebhooks(*lib_, "alice", radar_, "2024-06-03", http_, options_);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].state, DeliveryState::kSkipped);
  EXPECT_NE((*first)[0].why.find("19021"), std::string::npos);
  auto second = DeliverWebhooks(*lib_, "alice", radar_, "2024-06-03", http_, options_);
  ASSERT_TRUE(second);
  EXPECT_EQ((*second)[0].state, DeliveryState::kSent);
  EXPECT_EQ(server_.request_count(), 2u);
}

TEST_F(WebhooksTest, OwnerAndInputAreChecked) {
  auto s = lib_->OpenSession();
  WebhookConfig h;
  h.radar_id = radar_;
  h.kind = "slack";
  h.url = server_.Url("/x");
  auto theirs = AddWebhook(s->users(), s->radars(), "bob", h);
  ASSERT_FALSE(theirs);
  EXPECT_EQ(theirs.error().code, Code::kNotFound);
  auto bob = DeliverWebhooks(*lib_, "bob", radar_, "2024-06-03", http_, options_);
  ASSERT_FALSE(bob);
  EXPECT_EQ(bob.error().code, Code::kNotFound);
  h.kind = "telegram";
  auto bad = AddWebhook(s->users(), s->radars(), "alice", h);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("kind"), std::string::npos);
  h.kind = "json";
  h.url = "file:///etc/passwd";
  bad = AddWebhook(s->users(), s->radars(), "alice", h);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("url"), std::string::npos);
  h.url = server_.Url("/x");
  auto ok = AddWebhook(s->users(), s->radars(), "alice", h);
  ASSERT_TRUE(ok);
  EXPECT_FALSE(DeleteWebhook(s->users(), "bob", ok->id));
  EXPECT_TRUE(DeleteWebhook(s->users(), "alice", ok->id));
  auto left = ListWebhooks(s->users(), "alice");
  ASSERT_TRUE(left);
  EXPECT_TRUE(left->empty());
  EXPECT_EQ(server_.request_count(), 0u);
}

}  // namespace
}  // namespace ah::service
