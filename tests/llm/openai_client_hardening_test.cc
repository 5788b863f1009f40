// OpenAiClient's retry policy under hung providers and deadlines, the redaction
// of keys and URL credentials from its errors, and what its cache keeps.
#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/deadline.h"
#include "fakes/fake_clock.h"
#include "fakes/loopback_server.h"
#include "llm/openai_client.h"
#include "llm/openai_protocol.h"
#include "net/curl_http_client.h"
#include "testing.h"

namespace ah::llm {
namespace {

using ah::testing::CannedResponse;
using ah::testing::FakeClock;
using ah::testing::LoopbackServer;
using ah::testing::ReadData;

constexpr const char* kChat = "/v1/chat/completions";

CannedResponse Json(std::string body, int status = 200) {
  CannedResponse r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = "application/json";
  return r;
}

// Headers sent, then the body stalls (until the server stops).
CannedResponse Hung() {
  CannedResponse r = Json(ReadData("llm/openai_chat_completion.json"));
  r.chunk_bytes = 1;
  r.chunk_delay_ms = 60'000;
  return r;
}

// An answer whose content is `content`.
std::string AnswerWith(const std::string& content) {
  return nlohmann::json{
      {"choices",
       {{{"message", {{"role", "assistant"}, {"content", content}}}, {"finish_reason", "stop"}}}},
      {"model", "m"}}
      .dump();
}

ChatRequest Ask(std::string question) {
  ChatRequest r;
  r.messages = {{"system", "You write research briefings."}, {"user", std::move(question)}};
  return r;
}

bool Has(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

// Records requests and answers each with the next scripted result.
class ScriptedHttp final : public net::HttpClient {
 public:
  Result<net::HttpResponse> Send(const net::HttpRequest& request) override {
    std::lock_guard lock(mu_);
    requests_.push_back(request);
    if (script_.empty()) return MakeError(Code::kInternal, "script exhausted");
    auto r = std::move(script_.front());
    script_.erase(script_.begin());
    return r;
  }
  void Push(Result<net::HttpResponse> r) {
    std::lock_guard lock(mu_);
    script_.push_back(std::move(r));
  }
  std::vector<net::HttpRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<Result<net::HttpResponse>> script_;
  std::vector<net::HttpRequest> requests_;
};

class ClientHardeningTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.ok()); }
  LlmConfig Config() const {
    LlmConfig c;
    c.base_url = server_.Url("/v1");
    c.api_key = "sk-test-123";
    c.model = "gpt-4o-mini";
    c.timeout_ms = 20'000;
    c.max_retries = 4;
    c.backoff_ms = 500;
    c.max_backoff_ms = 60'000;
    return c;
  }
  std::unique_ptr<OpenAiClient> Make(LlmConfig c, ResponseCache* cache = nullptr,
                                     net::HttpClient* http = nullptr) {
    return std::make_unique<OpenAiClient>(std::move(c), http != nullptr ? http : &http_, &clock_,
                                          cache);
  }

  LoopbackServer server_;
  net::CurlHttpClient http_;
  FakeClock clock_;
};

// --- a hung provider -----------------------------------------------------------------------

TEST_F(ClientHardeningTest, TimeoutIsRetriedOnceNotLikeA5xx) {
  server_.SetDefault(kChat, Hung());
  LlmConfig c = Config();
  c.timeout_ms = 300;
  auto client = Make(c);
  auto res = client->Chat(Ask("q"));
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kIo) << res.error().ToString();
  EXPECT_TRUE(Has(res.error().message, "timed out")) << res.error().message;
  // Two timeouts, not max_retries + 1 = 5.
  EXPECT_EQ(server_.request_count(), 2u);
}

TEST_F(ClientHardeningTest, ExpiredDeadlineMakesNoRequest) {
  server_.SetDefault(kChat, Json(ReadData("llm/openai_chat_completion.json")));
  Deadline deadline(&clock_, 300'000);
  clock_.AdvanceMs(300'000);
  ChatRequest req = Ask("q");
  req.deadline = &deadline;
  auto res = Make(Config())->Chat(req);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kCancelled) << res.error().ToString();
  EXPECT_TRUE(Has(res.error().message, "deadline of 300 s passed")) << res.error().message;
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(ClientHardeningTest, TimeoutsAreRetriedOnceAndEachAttemptCarriesTheDeadline) {
  ScriptedHttp http;
  http.Push(MakeError(Code::kUnavailable, "POST x: timed out after 0 body bytes"));
  http.Push(MakeError(Code::kUnavailable, "POST x: timed out after 0 body bytes"));
  LlmConfig c = Config();
  c.timeout_ms = 120'000;
  auto client = Make(c, nullptr, &http);
  Deadline deadline(&clock_, 90'000);
  clock_.AdvanceMs(30'000);
  ChatRequest req = Ask("q");
  req.deadline = &deadline;
  ASSERT_FALSE(client->Chat(req));
  auto sent = http.requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[1].deadline, &deadline);  // CurlHttpClient bounds each timeout by it
  EXPECT_EQ(sent[0].deadline, &deadline);
}

TEST_F(ClientHardeningTest, BackoffThatWouldPassTheDeadlineIsNotWaited) {
  server_.SetDefault(kChat, CannedResponse::WithRetryAfter(503, "30"));
  Deadline deadline(&clock_, 10'000);
  ChatRequest req = Ask("q");
  req.deadline = &deadline;
  auto res = Make(Config())->Chat(req);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kCancelled) << res.error().ToString();
  EXPECT_TRUE(Has(res.error().message, "HTTP 503")) << res.error().message;
  EXPECT_TRUE(Has(res.error().message, "would pass the deadline")) << res.error().message;
  EXPECT_EQ(server_.request_count(), 1u);
  EXPECT_TRUE(clock_.sleeps().empty());
}

TEST_F(ClientHardeningTest, RetriesStopAtTheDeadline) {
  server_.SetDefault(kChat, Json("{}", 502));
  LlmConfig c = Config();
  c.max_retries = 20;
  c.backoff_ms = 1'000;
  c.max_backoff_ms = 8'000;
  Deadline deadline(&clock_, 12'000);
  ChatRequest req = Ask("q");
  req.deadline = &deadline;
  auto res = Make(c)->Chat(req);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kCancelled) << res.error().ToString();
  EXPECT_LE(clock_.total_slept_ms(), 12'000);
  EXPECT_LT(server_.request_count(), 21u);
}

TEST_F(ClientHardeningTest, CancelledWorkMakesNoRequest) {
  server_.SetDefault(kChat, CannedResponse::WithRetryAfter(429, "50"));
  Deadline deadline(&clock_, 0);  // no time limit
  deadline.Cancel();
  ChatRequest req = Ask("q");
  req.deadline = &deadline;
  auto res = Make(Config())->Chat(req);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kCancelled);
  EXPECT_TRUE(Has(res.error().message, "cancelled")) << res.error().message;
  EXPECT_EQ(server_.request_count(), 0u);
}

// --- messages ------------------------------------------------------------------------------

TEST_F(ClientHardeningTest, AbsurdRetryAfterIsReportedWithoutOverflow) {
  server_.Enqueue(kChat, CannedResponse::WithRetryAfter(429, "99999999999999999999"));
  auto res = Make(Config())->Chat(Ask("q"));
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kUnavailable);
  EXPECT_FALSE(Has(res.error().message, "-")) << res.error().message;
  EXPECT_TRUE(Has(res.error().message, "retry after 106751991167 days")) << res.error().message;
}

TEST_F(ClientHardeningTest, OversizedResponseIsAnUnusableAnswerNotAnInputTooLarge) {
  ScriptedHttp http;
  http.Push(
      MakeError(Code::kTooLarge, "POST x: response body exceeds the limit of 67108864 bytes"));
  auto res = Make(Config(), nullptr, &http)->Chat(Ask("q"));
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kParse) << res.error().ToString();
  EXPECT_EQ(http.requests().size(), 1u);
}

TEST_F(ClientHardeningTest, EchoedKeysAndUrlCredentialsAreRedacted) {
  const std::string echo =
      R"({"error": {"message": "bad request; headers were Authorization: Bearer sk-test-123, )"
      R"(X-Other: sk-abcdefghijklmnopqrstuvwxyz0123", "type": "invalid_request_error"}})";
  server_.SetDefault(kChat, Json(echo, 400));
  LlmConfig c = Config();
  std::string url = server_.Url("/v1");
  url.replace(url.find("://") + 3, 0, "alice:hunter2@");
  c.base_url = url;
  auto client = Make(c);
  auto res = client->Chat(Ask("q"));
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kInvalidArgument);
  const std::string& m = res.error().message;
  EXPECT_FALSE(Has(m, "sk-test-123")) << m;
  EXPECT_FALSE(Has(m, "sk-abcdefghijklmnopqrstuvwxyz0123")) << m;
  EXPECT_FALSE(Has(m, "hunter2")) << m;
  EXPECT_TRUE(Has(m, "HTTP 400")) << m;
  EXPECT_TRUE(Has(m, "[REDACTED]")) << m;
  EXPECT_FALSE(Has(client->Describe(), "hunter2"));
}

TEST_F(ClientHardeningTest, ProviderMessagesAreBoundedAndPrintable) {
  const std::string message = "\x1b[2J" + std::string(100'000, 'm');
  server_.SetDefault(kChat,
                     Json(nlohmann::json{{"error", {{"message", message}}}}.dump(), 400));
  auto res = Make(Config())->Chat(Ask("q"));
  ASSERT_FALSE(res);
  EXPECT_LT(res.error().message.size(), 1'000u) << res.error().message.size();
  EXPECT_FALSE(Has(res.error().message, "\x1b"));
  EXPECT_TRUE(Has(res.error().message, "mmmm..."));
}

TEST_F(ClientHardeningTest, KeyQuotedInAnAnswerIsRedacted) {
  server_.Enqueue(kChat, Json(AnswerWith("your key is sk-test-123, keep it safe")));
  auto res = Make(Config())->Chat(Ask("q"));
  ASSERT_TRUE(res) << res.error().ToString();
  EXPECT_EQ(res->content, "your key is [REDACTED], keep it safe");
}

// --- the cache keeps validated answers only -------------------------------------------------

TEST_F(ClientHardeningTest, AnswerRejectedByValidationIsNotCached) {
  MemoryResponseCache cache;
  server_.Enqueue(kChat, Json(AnswerWith("not the JSON we asked for")));
  server_.Enqueue(kChat, Json(AnswerWith("{\"ok\": true}")));
  auto client = Make(Config(), &cache);
  ChatRequest req = Ask("q");
  req.cacheable = [](std::string_view content) { return content.starts_with("{"); };
  auto first = client->Chat(req);
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->content, "not the JSON we asked for");  // returned, not kept
  EXPECT_EQ(cache.size(), 0u);
  auto second = client->Chat(req);
  ASSERT_TRUE(second);
  EXPECT_EQ(server_.request_count(), 2u);
  EXPECT_EQ(cache.size(), 1u);
  auto third = client->Chat(req);
  ASSERT_TRUE(third);
  EXPECT_TRUE(third->usage.cached);
  EXPECT_EQ(server_.request_count(), 2u);
}

TEST_F(ClientHardeningTest, OversizedAnswerIsNotCached) {
  MemoryResponseCache cache;
  server_.Enqueue(kChat,
                  Json(AnswerWith(std::string(OpenAiClient::kMaxCachedAnswerBytes + 1, 'x'))));
  auto client = Make(Config(), &cache);
  auto res = client->Chat(Ask("q"));
  ASSERT_TRUE(res) << res.error().ToString();
  EXPECT_EQ(res->content.size(), OpenAiClient::kMaxCachedAnswerBytes + 1);
  EXPECT_EQ(cache.size(), 0u);
}

TEST_F(ClientHardeningTest, CachedEntryTheValidationRejectsIsAMissAndReplaced) {
  MemoryResponseCache cache;
  LlmConfig c = Config();
  ChatRequest req = Ask("q");
  req.cacheable = [](std::string_view content) { return content.starts_with("{"); };
  // Left by an older version that cached whatever came back.
  ASSERT_TRUE(cache.Put(ChatCacheKey(req, c),
                        R"({"v":1,"content":"garbage","finish_reason":"stop","model":"m"})"));
  server_.Enqueue(kChat, Json(AnswerWith("{\"ok\": true}")));
  auto client = Make(c, &cache);
  auto res = client->Chat(req);
  ASSERT_TRUE(res) << res.error().ToString();
  EXPECT_FALSE(res->usage.cached);
  EXPECT_EQ(res->content, "{\"ok\": true}");
  auto again = client->Chat(req);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->usage.cached);
  EXPECT_EQ(again->content, "{\"ok\": true}");
  EXPECT_EQ(server_.request_count(), 1u);
}

}  // namespace
}  // namespace ah::llm
