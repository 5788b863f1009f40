// A user's own LLM provider: the settings it is kept in, the checks of what a
// user typed, and the runtime for one request — its key sent as a Bearer
// token, its answers cached apart from everyone else's, no redirects, public
// addresses only unless allowed, and one deadline for all of its calls.
#include "service/user_llm.h"

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "brief/tldr.h"
#include "fakes/loopback_server.h"
#include "store/sqlite/sqlite_store.h"
#include "testing.h"

namespace ah::service {
namespace {

using ah::testing::CannedResponse;
using ah::testing::LoopbackServer;

TEST(UserProviderSettings, RoundTripKeepsOtherKeysAndRemoves) {
  UserProvider p{"https://api.deepseek.com/v1", "deepseek-chat", "sealed=="};
  const std::string s = WithProvider(R"({"theme":"dark"})", p);
  auto back = ProviderOf(s);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->base_url, p.base_url);
  EXPECT_EQ(back->model, p.model);
  EXPECT_EQ(back->sealed_key, p.sealed_key);
  EXPECT_NE(s.find("\"theme\":\"dark\""), std::string::npos);
  const std::string removed = WithProvider(s, std::nullopt);
  EXPECT_FALSE(ProviderOf(removed));
  EXPECT_NE(removed.find("\"theme\":\"dark\""), std::string::npos);
  EXPECT_FALSE(ProviderOf("not json"));
  EXPECT_FALSE(ProviderOf(R"({"llm": {"base_url": "https://x"}})"));  // no model
  EXPECT_TRUE(ProviderOf(WithProvider("[1,2]", p)));                  // not an object: starts over
}

TEST(UserProviderSettings, ChecksNameTheFieldThatIsWrong) {
  EXPECT_TRUE(CheckProviderFields("https://api.deepseek.com/v1", "deepseek-chat", "sk-abc123"));
  EXPECT_TRUE(CheckProviderFields("http://[2001:db8::1]:8080/v1", "qwen-plus", ""));
  EXPECT_TRUE(CheckProviderFields("http://127.0.0.1:11434/v1", "llama3", ""));
  struct Case {
    const char* url;
    const char* model;
    const char* key;
    const char* field;
  };
  for (const Case& c : {
           Case{"", "m", "", "base URL"},
           Case{"ftp://host/v1", "m", "", "base URL"},
           Case{"file:///etc/passwd", "m", "", "base URL"},
           Case{"gopher://127.0.0.1:6379/_x", "m", "", "base URL"},
           Case{"javascript:alert(1)", "m", "", "base URL"},
           Case{"https://user:pw@host/v1", "m", "", "base URL"},
           Case{"https:///v1", "m", "", "base URL"},
           Case{"https://host/v1?x=1", "m", "", "base URL"},
           Case{"https://host:99999/v1", "m", "", "base URL"},
           Case{"https://host:abc/v1", "m", "", "base URL"},
           Case{"https://ho st/v1", "m", "", "base URL"},
           Case{"https://host/v1\r\nX: y", "m", "", "base URL"},
           Case{"https://host/v1", "", "", "model"},
           Case{"https://host/v1", "a\nb", "", "model"},
           Case{"https://host/v1", "m", "sk abc", "API key"},
           Case{"https://host/v1", "m", "sk\r\nX-Evil: 1", "API key"},
           Case{"https://host/v1", "m", "ключ", "API key"},
       }) {
    auto st = CheckProviderFields(c.url, c.model, c.key);
    ASSERT_FALSE(st) << c.url << " " << c.model << " " << c.key;
    EXPECT_EQ(st.error().code, Code::kInvalidArgument);
    EXPECT_EQ(st.error().message.rfind(c.field, 0), 0u) << st.error().message;
  }
  EXPECT_FALSE(CheckProviderFields("https://h/" + std::string(3000, 'a'), "m", ""));
  EXPECT_FALSE(CheckProviderFields("https://h/v1", std::string(300, 'm'), ""));
  EXPECT_FALSE(CheckProviderFields("https://h/v1", "m", std::string(5000, 'k')));
}

std::string Completion(const std::string& content) {
  nlohmann::json j = {{"id", "c1"},
                      {"object", "chat.completion"},
                      {"model", "test-model"},
                      {"choices",
                       {{{"index", 0},
                         {"message", {{"role", "assistant"}, {"content", content}}},
                         {"finish_reason", "stop"}}}},
                      {"usage", {{"prompt_tokens", 100}, {"completion_tokens", 20}}}};
  return j.dump();
}

CannedResponse JsonAnswer(const std::string& content) {
  CannedResponse r = CannedResponse::Text(Completion(content));
  r.content_type = "application/json";
  return r;
}

class UserLlmTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.ok());
    auto s = store::sqlite::SqliteStore::Open((dir_ / "lib.db").string());
    ASSERT_TRUE(s) << s.error().ToString();
    store_ = std::move(*s);
    Paper p;
    p.ids.arxiv = "2606.00001";
    p.title = "Graph networks for protein folding";
    p.abstract = "We show that graph networks fold proteins. It works well.";
    p.primary_category = "cs.LG";
    p.categories = {"cs.LG"};
    p.listings = {{"arxiv", "2026-06-01", "new", "cs.LG"}};
    ASSERT_TRUE(store_->UpsertPage({p}, std::nullopt));
  }

  llm::LlmConfig Provider(const std::string& key = "sk-user-secret") const {
    llm::LlmConfig c;
    c.base_url = server_.Url("/v1");
    c.model = "test-model";
    c.api_key = key;
    return c;
  }

  UserLlmOptions Options(const std::string& scope = "user:alice") const {
    UserLlmOptions o;
    o.public_addresses_only = false;  // the test provider is on loopback
    o.cache_scope = scope;
    o.deadline_ms = 10'000;
    return o;
  }

  llm::ChatRequest Ask(const std::string& text) const {
    llm::ChatRequest r;
    r.messages = {{"user", text}};
    return r;
  }

  LoopbackServer server_;
  ah::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(UserLlmTest, SendsTheKeyAsBearerAndCachesUnderTheUsersScope) {
  server_.SetDefault("/v1/chat/completions", JsonAnswer("hello"));
  auto rt = MakeUserLlmRuntime(Provider(), Options(), store_->radar_store());
  ASSERT_TRUE(rt);
  auto a = rt->client->Chat(Ask("hi"));
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(a->content, "hello");
  ASSERT_EQ(server_.request_count(), 1u);
  EXPECT_EQ(server_.requests()[0].Header("authorization"), "Bearer sk-user-secret");
  // Asked again: from the cache.
  auto b = rt->client->Chat(Ask("hi"));
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->usage.cached);
  EXPECT_EQ(server_.request_count(), 1u);
  // Another user's provider with the same model and question is not served it.
  auto other = MakeUserLlmRuntime(Provider("sk-bob"), Options("user:bob"), store_->radar_store());
  auto c = other->client->Chat(Ask("hi"));
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->usage.cached);
  EXPECT_EQ(server_.request_count(), 2u);
}

TEST_F(UserLlmTest, TldrsOfAUsersProviderAreCachedForThatUserOnly) {
  server_.SetDefault(
      "/v1/chat/completions",
      JsonAnswer(R"({"tldr": [{"n": 1, "text": "Graph networks fold proteins well."}]})"));
  auto rt = MakeUserLlmRuntime(Provider(), Options(), store_->radar_store());
  auto out = WriteTldrs(*store_, *store_->radar_store(), {"2606.00001"}, "en", rt->client.get(),
                        nullptr, "user:alice");
  ASSERT_TRUE(out) << out.error().ToString();
  ASSERT_TRUE(out->from_llm[0]);
  const std::string model = rt->client->Describe();
  auto scoped = store_->radar_store()->CacheGet(
      brief::TldrCacheKey("2606.00001", "en", "user:alice|" + model));
  ASSERT_TRUE(scoped);
  EXPECT_TRUE(scoped->has_value());
  // The instance's key for the same model name stays empty: nobody else reads it.
  auto shared = store_->radar_store()->CacheGet(brief::TldrCacheKey("2606.00001", "en", model));
  ASSERT_TRUE(shared);
  EXPECT_FALSE(shared->has_value());
}

TEST_F(UserLlmTest, RefusesLoopbackUnlessAllowed) {
  server_.SetDefault("/v1/chat/completions", JsonAnswer("hello"));
  UserLlmOptions o = Options();
  o.public_addresses_only = true;
  auto rt = MakeUserLlmRuntime(Provider(), o, nullptr);
  auto a = rt->client->Chat(Ask("hi"));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, Code::kPermissionDenied);
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(UserLlmTest, FollowsNoRedirect) {
  CannedResponse hop;
  hop.status = 307;
  hop.headers.emplace_back("Location", server_.Url("/elsewhere"));
  server_.SetDefault("/v1/chat/completions", hop);
  server_.SetDefault("/elsewhere", JsonAnswer("moved"));
  auto rt = MakeUserLlmRuntime(Provider(), Options(), nullptr);
  auto a = rt->client->Chat(Ask("hi"));
  ASSERT_FALSE(a);
  for (const auto& r : server_.requests()) EXPECT_NE(r.path, "/elsewhere");
}

TEST_F(UserLlmTest, OneDeadlineBoundsEveryCallAndAttempt) {
  CannedResponse slow = JsonAnswer("late");
  slow.chunk_bytes = 4;
  slow.chunk_delay_ms = 1'000;  // the whole answer takes minutes
  server_.SetDefault("/v1/chat/completions", slow);
  UserLlmOptions o = Options();
  o.deadline_ms = 1'500;
  auto rt = MakeUserLlmRuntime(Provider(), o, nullptr);
  // The caller starts the runtime's deadline and hands it to every call.
  const auto deadline = rt->StartDeadline();
  ASSERT_NE(deadline, nullptr);
  EXPECT_EQ(deadline->budget_ms(), 1'500);
  const auto start = std::chrono::steady_clock::now();
  llm::ChatRequest first = Ask("hi");
  first.deadline = deadline.get();
  auto a = rt->client->Chat(first);
  ASSERT_FALSE(a);
  // Later calls start nothing.
  const size_t made = server_.request_count();
  llm::ChatRequest second = Ask("again");
  second.deadline = deadline.get();
  auto b = rt->client->Chat(second);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, Code::kCancelled) << b.error().message;
  EXPECT_NE(b.error().message.find("deadline of 2 s passed"), std::string::npos)
      << b.error().message;
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, std::chrono::seconds(8));
  EXPECT_EQ(server_.request_count(), made);
  server_.Stop();
}

TEST_F(UserLlmTest, NoRuntimeWithoutBaseUrlOrModel) {
  llm::LlmConfig c = Provider();
  c.model.clear();
  EXPECT_EQ(MakeUserLlmRuntime(c, Options(), nullptr), nullptr);
}

}  // namespace
}  // namespace ah::service
