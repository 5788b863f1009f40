// OpenAiClient against the real CurlHttpClient and a loopback HTTP server.
#include "llm/openai_client.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "fakes/fake_clock.h"
#include "fakes/loopback_server.h"
#include "llm/openai_protocol.h"
#include "net/curl_http_client.h"
#include "testing.h"

namespace ah::llm {
namespace {

using ah::testing::CannedResponse;
using ah::testing::FakeClock;
using ah::testing::LoopbackServer;
using ah::testing::ReadData;
using nlohmann::json;

constexpr const char* kChat = "/v1/chat/completions";
constexpr const char* kEmbeddings = "/v1/embeddings";

CannedResponse Json(std::string body, int status = 200) {
  CannedResponse r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = "application/json";
  return r;
}

// A slow, chunked text/event-stream body.
CannedResponse Sse(std::string body, size_t chunk_bytes = 0, int64_t delay_ms = 0) {
  CannedResponse r;
  r.body = std::move(body);
  r.content_type = "text/event-stream";
  r.chunked_encoding = true;
  r.chunk_bytes = chunk_bytes;
  r.chunk_delay_ms = delay_ms;
  return r;
}

ChatRequest Ask(std::string question) {
  ChatRequest r;
  r.messages = {{"system", "You write research briefings."}, {"user", std::move(question)}};
  return r;
}

class OpenAiClientTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.ok()); }

  LlmConfig Config() const {
    LlmConfig c;
    c.base_url = server_.Url("/v1");
    c.api_key = "sk-test-123";
    c.model = "gpt-4o-mini";
    c.embedding_model = "text-embedding-3-small";
    c.timeout_ms = 20'000;
    c.max_retries = 3;
    c.backoff_ms = 500;
    c.max_backoff_ms = 4'000;
    return c;
  }
  std::unique_ptr<OpenAiClient> Make(LlmConfig c, ResponseCache* cache = nullptr) {
    return std::make_unique<OpenAiClient>(std::move(c), &http_, &clock_, cache);
  }

  LoopbackServer server_;
  net::CurlHttpClient http_;
  FakeClock clock_;
};

TEST_F(OpenAiClientTest, PlainAnswerWithUsageAndCost) {
  server_.Enqueue(kChat, Json(ReadData("llm/openai_chat_completion.json")));
  LlmConfig c = Config();
  c.input_price_per_mtok = 0.15;
  c.output_price_per_mtok = 0.60;
  auto client = Make(c);
  auto res = client->Chat(Ask("What stands out this week?"));
  ASSERT_TRUE(res) << res.error().ToString();
  EXPECT_TRUE(res->content.starts_with("Three themes stand out this week"));
  EXPECT_EQ(res->finish_reason, "stop");
  EXPECT_EQ(res->model, "gpt-4o-mini-2024-07-18");
  EXPECT_EQ(res->usage.prompt_tokens, 1843);
  EXPECT_EQ(res->usage.completion_tokens, 52);
  EXPECT_EQ(res->usage.cached_prompt_tokens, 1024);
  EXPECT_FALSE(res->usage.estimated);
  EXPECT_FALSE(res->usage.cached);
  EXPECT_EQ(res->usage.attempts, 1);
  EXPECT_NEAR(res->usage.cost_usd, (1843 * 0.15 + 52 * 0.60) / 1e6, 1e-12);
  const Accounting acc = client->accounting();
  EXPECT_EQ(acc.calls, 1);
  EXPECT_EQ(acc.cached_calls, 0);
  EXPECT_EQ(acc.prompt_tokens, 1843);
  EXPECT_EQ(acc.completion_tokens, 52);
  EXPECT_NEAR(acc.cost_usd, res->usage.cost_usd, 1e-12);
  EXPECT_TRUE(clock_.sleeps().empty());
}

TEST_F(OpenAiClientTest, SendsTheExpectedRequest) {
  server_.Enqueue(kChat, Json(ReadData("llm/ollama_v1_chat_completion.json")));
  LlmConfig c = Config();
  c.base_url += "/";  // a trailing slash is accepted
  c.temperature = 0.1;
  c.max_answer_tokens = 900;
  auto client = Make(c);
  ChatRequest req = Ask("Summarise [2507.02345].");
  req.json_object = true;
  ASSERT_TRUE(client->Chat(req));
  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_EQ(reqs[0].path, "/v1/chat/completions");
  EXPECT_EQ(reqs[0].Header("authorization"), "Bearer sk-test-123");
  EXPECT_EQ(reqs[0].Header("content-type"), "application/json");
  EXPECT_EQ(reqs[0].Header("accept"), "application/json");
  EXPECT_TRUE(reqs[0].Header("user-agent").starts_with("AcademicHub/"));
  const json body = json::parse(reqs[0].body);
  EXPECT_EQ(body["model"], "gpt-4o-mini");
  ASSERT_EQ(body["messages"].size(), 2u);
  EXPECT_EQ(body["messages"][0]["role"], "system");
  EXPECT_EQ(body["messages"][0]["content"], "You write research briefings.");
  EXPECT_EQ(body["messages"][1]["role"], "user");
  EXPECT_EQ(body["messages"][1]["content"], "Summarise [2507.02345].");
  EXPECT_DOUBLE_EQ(body["temperature"].get<double>(), 0.1);
  EXPECT_EQ(body["max_tokens"], 900);
  EXPECT_EQ(body["response_format"]["type"], "json_object");
  EXPECT_FALSE(body.contains("stream"));
  EXPECT_FALSE(body.contains("stream_options"));
}

TEST_F(OpenAiClientTest, NoAuthorizationHeaderWithoutKey) {
  server_.Enqueue(kChat, Json(ReadData("llm/llamacpp_chat_completion.json")));
  LlmConfig c = Config();
  c.api_key.clear();
  auto client = Make(c);
  auto res = client->Chat(Ask("q"));
  ASSERT_TRUE(res) << res.error().ToString();
  EXPECT_EQ(res->finish_reason, "length");
  EXPECT_EQ(server_.requests().at(0).Header("authorization"), "");
}

TEST_F(OpenAiClientTest, StreamedAnswerDeliversDeltasInOrder) {
  // Slow chunked body: 7 bytes at a time, so data lines arrive split.
  server_.Enqueue(kChat, Sse(ReadData("llm/openai_chat_stream.sse"), 7, 1));
  auto client = Make(Config());
  ChatRequest req = Ask("q");
  req.stream = true;
  std::vector<std::string> deltas;
  const auto caller = std::this_thread::get_id();
  bool other_thread = false;
  req.on_delta = [&](std::string_view d) {
    deltas.emplace_back(d);
    other_thread |= std::this_thread::get_id() != caller;
  };
  auto res = client->Chat(req);
  ASSERT_TRUE(res) << res.error().ToString();
  EXPECT_EQ(deltas, (std::vector<std::string>{"Sparse", " attention", " keeps", " long", " inputs",
                                              " cheap", ": [2507.02345]", "."}));
  EXPECT_FALSE(other_thread);
  EXPECT_EQ(res->content, "Sparse attention keeps long inputs cheap: [2507.02345].");
  EXPECT_EQ(res->finish_reason, "stop");
  EXPECT_EQ(res->usage.prompt_tokens, 412);
  EXPECT_EQ(res->usage.completion_tokens, 9);
  EXPECT_FALSE(res->usage.estimated);

  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].Header("accept"), "text/event-stream");
  const json body = json::parse(reqs[0].body);
  EXPECT_EQ(body["stream"], true);
  EXPECT_EQ(body["stream_options"]["include_usage"], true);
}

TEST_F(OpenAiClientTest, StreamsOfEveryProvider) {
  struct Case {
    const char* file;
    const char* content;
    bool usage;
  };
  for (const Case& c :
       {Case{"llm/deepseek_chat_stream.sse", "两篇论文都报告了长上下文的召回下降。", true},
        Case{"llm/qwen_dashscope_chat_stream.sse",
             "Long-context retrieval improves with sparse attention.", true},
        Case{"llm/ollama_v1_chat_stream.sse", "Two papers agree.", false},
        Case{"llm/llamacpp_chat_stream.sse", "The benchmark is saturated.", true},
        Case{"llm/moonshot_chat_stream.sse", "长上下文检索。", true}}) {
    server_.Enqueue(kChat, Sse(ReadData(c.file), 5));
    auto client = Make(Config());
    ChatRequest req = Ask(c.file);
    req.stream = true;
    std::string joined;
    req.on_delta = [&](std::string_view d) { joined += d; };
    auto res = client->Chat(req);
    ASSERT_TRUE(res) << c.file << ": " << res.error().ToString();
    EXPECT_EQ(res->content, c.content) << c.file;
    EXPECT_EQ(joined, c.content) << c.file;
    EXPECT_EQ(res->usage.estimated, !c.usage) << c.file;
    EXPECT_GT(res->usage.completion_tokens, 0) << c.file;
  }
}

TEST_F(OpenAiClientTest, StreamRequestAnsweredWithPlainJsonIsDeliveredWhole) {
  server_.Enqueue(kChat, Json(ReadData("llm/ollama_v1_chat_completion.json")));
  auto client = Make(Config());
  ChatRequest req = Ask("q");
  req.stream = true;
  std::vector<std::string> deltas;
  req.on_delta = [&](std::string_view d) { deltas.emplace_back(d); };
  auto res = client->Chat(req);
  ASSERT_TRUE(res) << res.error().ToString();
  ASSERT_EQ(deltas.size(), 1u);
  EXPECT_EQ(deltas[0], res->content);
}

TEST_F(OpenAiClientTest, RetriesAfter429HonouringRetryAfterSeconds) {
  server_.Enqueue(kChat, CannedResponse::WithRetryAfter(
                             429, "3", ReadData("llm/openai_error_rate_limit.json")));
  server_.Enqueue(kChat, Json(ReadData("llm/openai_chat_completion.json")));
  auto client = Make(Config());
  auto res = client->Chat(Ask("q"));
  ASSERT_TRUE(res) << res.error().ToString();
  EXPECT_EQ(res->usage.attempts, 2);
  EXPECT_EQ(server_.request_count(), 2u);
  EXPECT_EQ(clock_.sleeps(), std::vector<int64_t>{3000});
}

TEST_F(OpenAiClientTest, RetryAfterAsHttpDate) {
  // FakeClock's "now" is Mon, 01 Jun 2026 00:00:00 GMT.
  server_.Enqueue(kChat, CannedResponse::WithRetryAfter(503, "Mon, 01 Jun 2026 00:00:03 GMT"));
  server_.Enqueue(kChat, Json(ReadData("llm/openai_chat_completion.json")));
  auto client = Make(Config());
  ASSERT_TRUE(client->Chat(Ask("q")));
  EXPECT_EQ(clock_.sleeps(), std::vector<int64_t>{3000});
}

TEST_F(OpenAiClientTest, RetryAfterMsHeaderWins) {
  CannedResponse r = CannedResponse::WithRetryAfter(429, "2");
  r.headers.emplace_back("retry-after-ms", "787");
  server_.Enqueue(kChat, r);
  server_.Enqueue(kChat, Json(ReadData("llm/openai_chat_completion.json")));
  auto client = Make(Config());
  ASSERT_TRUE(client->Chat(Ask("q")));
  EXPECT_EQ(clock_.sleeps(), std::vector<int64_t>{787});
}

TEST_F(OpenAiClientTest, RetryAfterBeyondMaxBackoffFailsAtOnce) {
  server_.Enqueue(kChat, CannedResponse::WithRetryAfter(429, "3600"));
  auto client = Make(Config());
  auto res = client->Chat(Ask("q"));
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kUnavailable);
  EXPECT_NE(res.error().message.find("retry after 3600 s"), std::string::npos)
      << res.error().message;
  EXPECT_EQ(server_.request_count(), 1u);
  EXPECT_TRUE(clock_.sleeps().empty());
}

TEST_F(OpenAiClientTest, PersistentServiceUnavailableGivesUpAfterMaxRetries) {
  server_.SetDefault(kChat, Json(ReadData("llm/llamacpp_error_server.json"), 503));
  LlmConfig c = Config();
  auto client = Make(c);
  auto res = client->Chat(Ask("q"));
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kUnavailable);
  EXPECT_NE(res.error().message.find("HTTP 503"), std::string::npos) << res.error().message;
  EXPECT_NE(res.error().message.find("Loading model"), std::string::npos);
  EXPECT_NE(res.error().message.find("after 4 attempts"), std::string::npos);
  EXPECT_EQ(server_.request_count(), static_cast<size_t>(c.max_retries + 1));
  // Exponential backoff with jitter in [d/2, d], d = 500, 1000, 2000 (cap 4000).
  const auto sleeps = clock_.sleeps();
  ASSERT_EQ(sleeps.size(), static_cast<size_t>(c.max_retries));
  for (size_t i = 0; i < sleeps.size(); ++i) {
    const int64_t d = std::min<int64_t>(500 << i, 4000);
    EXPECT_GE(sleeps[i], d / 2) << i;
    EXPECT_LE(sleeps[i], d) << i;
  }
  EXPECT_EQ(client->accounting().calls, 0);
}

TEST_F(OpenAiClientTest, BackoffIsCappedAtMaxBackoff) {
  server_.SetDefault(kChat, Json("", 502));
  LlmConfig c = Config();
  c.max_retries = 6;
  c.backoff_ms = 1000;
  c.max_backoff_ms = 2500;
  auto client = Make(c);
  ASSERT_FALSE(client->Chat(Ask("q")));
  EXPECT_EQ(clock_.sleeps().size(), 6u);
  EXPECT_LE(clock_.max_sleep_ms(), 2500);
}

TEST_F(OpenAiClientTest, RefusedConnectionIsAnIoErrorAtOnce) {
  LlmConfig c = Config();
  {
    LoopbackServer gone;
    ASSERT_TRUE(gone.ok());
    c.base_url = gone.Url("/v1");
    gone.Stop();
  }
  c.max_retries = 2;
  auto client = Make(c);
  auto res = client->Chat(Ask("q"));
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kIo) << res.error().ToString();
  EXPECT_NE(res.error().message.find("cannot connect"), std::string::npos) << res.error().message;
  // Nothing listens there: no backoff, no second attempt.
  EXPECT_TRUE(clock_.sleeps().empty());
}

TEST_F(OpenAiClientTest, TimeoutIsAnIoError) {
  // The body stalls for 5 s after its first bytes; the call allows 300 ms.
  server_.Enqueue(kChat, Sse(ReadData("llm/openai_chat_stream.sse"), 100, 5000));
  LlmConfig c = Config();
  c.timeout_ms = 300;
  c.max_retries = 0;
  auto client = Make(c);
  ChatRequest req = Ask("q");
  req.stream = true;
  auto res = client->Chat(req);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kIo) << res.error().ToString();
  EXPECT_NE(res.error().message.find("timed out"), std::string::npos) << res.error().message;
}

TEST_F(OpenAiClientTest, ClientErrorsSurfaceTheProviderMessageWithoutRetry) {
  struct Case {
    const char* file;
    int status;
    const char* part;
  };
  for (const Case& c :
       {Case{"llm/openai_error_invalid_api_key.json", 401, "Incorrect API key"},
        Case{"llm/deepseek_error_insufficient_balance.json", 402, "Insufficient Balance"},
        Case{"llm/qwen_dashscope_error_invalid_api_key.json", 401, "Incorrect API key provided."},
        Case{"llm/ollama_error_model_not_found.json", 404, "model \"llama3.3:70b\" not found"},
        Case{"llm/vllm_error_bad_request.json", 400, "maximum context length"},
        Case{"llm/openai_error_context_length.json", 400, "context_length_exceeded"}}) {
    const size_t before = server_.request_count();
    server_.Enqueue(kChat, Json(ReadData(c.file), c.status));
    auto client = Make(Config());
    auto res = client->Chat(Ask("q"));
    ASSERT_FALSE(res) << c.file;
    EXPECT_EQ(res.error().code, Code::kInvalidArgument) << c.file;
    EXPECT_NE(res.error().message.find(c.part), std::string::npos) << res.error().message;
    EXPECT_NE(res.error().message.find("HTTP " + std::to_string(c.status)), std::string::npos);
    EXPECT_NE(res.error().message.find(server_.Url(kChat)), std::string::npos);
    EXPECT_EQ(server_.request_count(), before + 1) << c.file;
  }
  EXPECT_TRUE(clock_.sleeps().empty());
}

TEST_F(OpenAiClientTest, MalformedJsonIsAParseErrorWithPosition) {
  server_.Enqueue(kChat, Json(R"({"id":"x","choices":[{"message":{"content":"abc"}}],"usa)"));
  auto client = Make(Config());
  auto res = client->Chat(Ask("q"));
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kParse);
  EXPECT_NE(res.error().message.find("POST " + server_.Url(kChat)), std::string::npos)
      << res.error().message;
  EXPECT_NE(res.error().message.find("(byte 52): truncated JSON"), std::string::npos)
      << res.error().message;
  EXPECT_EQ(server_.request_count(), 1u);

  server_.Enqueue(kChat, CannedResponse::Text("<html><body>Bad gateway</body></html>"));
  auto html = client->Chat(Ask("q"));
  ASSERT_FALSE(html);
  EXPECT_EQ(html.error().code, Code::kParse);
  EXPECT_NE(html.error().message.find("at byte 0"), std::string::npos) << html.error().message;
}

TEST_F(OpenAiClientTest, MissingUsageIsEstimatedAndMarked) {
  server_.Enqueue(kChat, Json(ReadData("llm/chat_completion_no_usage.json")));
  LlmConfig c = Config();
  c.input_price_per_mtok = 1;
  auto client = Make(c);
  const ChatRequest req = Ask("Which papers disagree?");
  auto res = client->Chat(req);
  ASSERT_TRUE(res) << res.error().ToString();
  EXPECT_TRUE(res->usage.estimated);
  EXPECT_EQ(res->usage.prompt_tokens, EstimatePromptTokens(req.messages));
  EXPECT_EQ(res->usage.completion_tokens, EstimateTokens(res->content));
  EXPECT_GT(res->usage.cost_usd, 0);
  EXPECT_EQ(client->accounting().prompt_tokens, res->usage.prompt_tokens);
}

TEST_F(OpenAiClientTest, MidStreamErrorAfterDeltasIsNotRetried) {
  server_.SetDefault(kChat, Sse(ReadData("llm/openai_chat_stream_error.sse"), 16));
  auto client = Make(Config());
  ChatRequest req = Ask("q");
  req.stream = true;
  std::vector<std::string> deltas;
  req.on_delta = [&](std::string_view d) { deltas.emplace_back(d); };
  auto res = client->Chat(req);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kUnavailable);
  EXPECT_NE(res.error().message.find("The server had an error"), std::string::npos);
  EXPECT_EQ(deltas, std::vector<std::string>{"Sparse"});
  EXPECT_EQ(server_.request_count(), 1u);
}

TEST_F(OpenAiClientTest, StreamCutBeforeAnyDeltaIsRetried) {
  const std::string full = ReadData("llm/openai_chat_stream.sse");
  // Only the role chunk, then the server ends the body: no [DONE], no finish_reason.
  server_.Enqueue(kChat, Sse(full.substr(0, full.find("\n\n") + 2)));
  server_.Enqueue(kChat, Sse(full, 64));
  auto client = Make(Config());
  ChatRequest req = Ask("q");
  req.stream = true;
  std::string joined;
  req.on_delta = [&](std::string_view d) { joined += d; };
  auto res = client->Chat(req);
  ASSERT_TRUE(res) << res.error().ToString();
  EXPECT_EQ(res->usage.attempts, 2);
  EXPECT_EQ(joined, "Sparse attention keeps long inputs cheap: [2507.02345].");
  EXPECT_EQ(clock_.sleeps().size(), 1u);
}

TEST_F(OpenAiClientTest, StreamCutAfterDeltasIsAnIoError) {
  const std::string full = ReadData("llm/openai_chat_stream.sse");
  const size_t third = full.find("\n\n", full.find("\n\n", full.find("\n\n") + 2) + 2) + 2;
  server_.SetDefault(kChat, Sse(full.substr(0, third)));
  auto client = Make(Config());
  ChatRequest req = Ask("q");
  req.stream = true;
  std::string joined;
  req.on_delta = [&](std::string_view d) { joined += d; };
  auto res = client->Chat(req);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kIo);
  EXPECT_NE(res.error().message.find("stream ended before [DONE]"), std::string::npos)
      << res.error().message;
  EXPECT_EQ(joined, "Sparse attention");
  EXPECT_EQ(server_.request_count(), 1u);
}

TEST_F(OpenAiClientTest, CacheHitMakesNoRequest) {
  MemoryResponseCache cache;
  server_.Enqueue(kChat, Json(ReadData("llm/deepseek_chat_completion.json")));
  LlmConfig c = Config();
  c.input_price_per_mtok = 0.27;
  auto client = Make(c, &cache);
  auto first = client->Chat(Ask("Themes?"));
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_FALSE(first->usage.cached);
  EXPECT_EQ(cache.size(), 1u);

  auto second = client->Chat(Ask("Themes?"));
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_EQ(server_.request_count(), 1u);
  EXPECT_EQ(second->content, first->content);
  EXPECT_EQ(second->finish_reason, "stop");
  EXPECT_EQ(second->model, "deepseek-chat");
  EXPECT_TRUE(second->usage.cached);
  EXPECT_EQ(second->usage.attempts, 0);
  EXPECT_EQ(second->usage.prompt_tokens, 0);
  EXPECT_EQ(second->usage.cost_usd, 0);

  // The same question streamed: served from the cache, delivered in one piece.
  ChatRequest streamed = Ask("Themes?");
  streamed.stream = true;
  std::vector<std::string> deltas;
  streamed.on_delta = [&](std::string_view d) { deltas.emplace_back(d); };
  auto third = client->Chat(streamed);
  ASSERT_TRUE(third);
  EXPECT_EQ(deltas, std::vector<std::string>{first->content});
  EXPECT_EQ(server_.request_count(), 1u);

  // A rerun with a fresh client over the same cache costs nothing either.
  auto rerun = Make(c, &cache);
  ASSERT_TRUE(rerun->Chat(Ask("Themes?")));
  EXPECT_EQ(server_.request_count(), 1u);
  EXPECT_EQ(rerun->accounting().cost_usd, 0);

  const Accounting acc = client->accounting();
  EXPECT_EQ(acc.calls, 3);
  EXPECT_EQ(acc.cached_calls, 2);
  EXPECT_EQ(acc.prompt_tokens, 2210);
}

TEST_F(OpenAiClientTest, AnswerCutByMaxTokensIsNotCached) {
  MemoryResponseCache cache;
  std::string cut = ReadData("llm/deepseek_chat_completion.json");
  const size_t at = cut.find("\"finish_reason\":\"stop\"");
  ASSERT_NE(at, std::string::npos);
  cut.replace(at, 22, "\"finish_reason\":\"length\"");
  server_.Enqueue(kChat, Json(cut));
  server_.Enqueue(kChat, Json(ReadData("llm/deepseek_chat_completion.json")));
  auto client = Make(Config(), &cache);
  auto first = client->Chat(Ask("Themes?"));
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->finish_reason, "length");  // returned to the caller as is
  EXPECT_EQ(cache.size(), 0u);
  auto second = client->Chat(Ask("Themes?"));  // asked again, and this complete answer is kept
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_EQ(server_.request_count(), 2u);
  EXPECT_EQ(second->finish_reason, "stop");
  EXPECT_EQ(cache.size(), 1u);
}

TEST_F(OpenAiClientTest, CacheBypassAndDifferentPromptsGoToTheProvider) {
  MemoryResponseCache cache;
  server_.SetDefault(kChat, Json(ReadData("llm/openai_chat_completion.json")));
  auto client = Make(Config(), &cache);
  ASSERT_TRUE(client->Chat(Ask("a")));
  ASSERT_TRUE(client->Chat(Ask("b")));
  ChatRequest no_cache = Ask("a");
  no_cache.use_cache = false;
  auto res = client->Chat(no_cache);
  ASSERT_TRUE(res);
  EXPECT_FALSE(res->usage.cached);
  EXPECT_EQ(server_.request_count(), 3u);
}

TEST_F(OpenAiClientTest, DamagedCacheEntryIsAMiss) {
  MemoryResponseCache cache;
  LlmConfig c = Config();
  ASSERT_TRUE(cache.Put(ChatCacheKey(Ask("a"), c), "{not json"));
  server_.Enqueue(kChat, Json(ReadData("llm/openai_chat_completion.json")));
  auto client = Make(c, &cache);
  auto res = client->Chat(Ask("a"));
  ASSERT_TRUE(res) << res.error().ToString();
  EXPECT_FALSE(res->usage.cached);
  EXPECT_EQ(server_.request_count(), 1u);
  auto again = client->Chat(Ask("a"));
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->usage.cached);  // the fresh answer replaced the damaged entry
}

TEST_F(OpenAiClientTest, ExhaustedBudgetMakesNoRequest) {
  server_.SetDefault(kChat, Json(ReadData("llm/openai_chat_completion.json")));
  LlmConfig c = Config();
  c.input_price_per_mtok = 0.15;
  c.output_price_per_mtok = 0.60;
  c.budget_usd = 0.0001;  // the first answer costs ~0.0003
  auto client = Make(c);
  ASSERT_TRUE(client->Chat(Ask("first")));
  auto res = client->Chat(Ask("second"));
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kUnavailable);
  EXPECT_NE(res.error().message.find("budget exhausted"), std::string::npos);
  EXPECT_EQ(server_.request_count(), 1u);
  auto emb = client->Embed({"text"});
  ASSERT_FALSE(emb);
  EXPECT_NE(emb.error().message.find("budget exhausted"), std::string::npos);
  EXPECT_EQ(server_.request_count(), 1u);
}

TEST_F(OpenAiClientTest, UnconfiguredClientAndEmptyRequestsAreRejected) {
  LlmConfig none;
  auto client = Make(none);
  auto res = client->Chat(Ask("q"));
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kInvalidArgument);
  auto configured = Make(Config());
  auto empty = configured->Chat(ChatRequest{});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, Code::kInvalidArgument);
  LlmConfig no_emb = Config();
  no_emb.embedding_model.clear();
  auto e = Make(no_emb)->Embed({"x"});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, Code::kInvalidArgument);
  auto zero = configured->Embed({});
  ASSERT_TRUE(zero);
  EXPECT_TRUE(zero->vectors.empty());
  EXPECT_EQ(server_.request_count(), 0u);
}

// An embeddings answer for `n` inputs: input i gets the (unnormalised) vector
// [i + 1, 2, 0], listed in reverse index order.
std::string EmbeddingAnswer(size_t n, size_t first) {
  json data = json::array();
  for (size_t k = n; k-- > 0;) {
    data.push_back({{"object", "embedding"},
                    {"index", k},
                    {"embedding", {static_cast<double>(first + k + 1), 2.0, 0.0}}});
  }
  return json{{"object", "list"},
              {"data", data},
              {"model", "text-embedding-3-small"},
              {"usage", {{"prompt_tokens", 3 * n}, {"total_tokens", 3 * n}}}}
      .dump();
}

TEST_F(OpenAiClientTest, EmbeddingsAreBatchedReorderedAndNormalised) {
  const size_t n = OpenAiClient::kEmbeddingBatch + 6;
  server_.Enqueue(kEmbeddings, Json(EmbeddingAnswer(OpenAiClient::kEmbeddingBatch, 0)));
  server_.Enqueue(kEmbeddings, Json(EmbeddingAnswer(6, OpenAiClient::kEmbeddingBatch)));
  LlmConfig c = Config();
  c.embedding_price_per_mtok = 0.02;
  auto client = Make(c);
  std::vector<std::string> texts;
  for (size_t i = 0; i < n; ++i) texts.push_back("abstract " + std::to_string(i));
  texts[3].clear();  // sent as " "
  auto res = client->Embed(texts);
  ASSERT_TRUE(res) << res.error().ToString();
  ASSERT_EQ(res->vectors.size(), n);
  for (size_t i = 0; i < n; ++i) {
    const double a = static_cast<double>(i + 1);
    const double norm = std::sqrt(a * a + 4);
    ASSERT_EQ(res->vectors[i].size(), 3u);
    EXPECT_NEAR(res->vectors[i][0], a / norm, 1e-6) << i;
    EXPECT_NEAR(res->vectors[i][1], 2 / norm, 1e-6) << i;
  }
  EXPECT_EQ(res->model, "text-embedding-3-small");
  EXPECT_EQ(res->usage.prompt_tokens, static_cast<int64_t>(3 * n));
  EXPECT_EQ(res->usage.attempts, 2);
  EXPECT_NEAR(res->usage.cost_usd, 3.0 * n * 0.02 / 1e6, 1e-15);

  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].path, "/v1/embeddings");
  EXPECT_EQ(reqs[0].Header("authorization"), "Bearer sk-test-123");
  const json b0 = json::parse(reqs[0].body);
  EXPECT_EQ(b0["model"], "text-embedding-3-small");
  ASSERT_EQ(b0["input"].size(), OpenAiClient::kEmbeddingBatch);
  EXPECT_EQ(b0["input"][0], "abstract 0");
  EXPECT_EQ(b0["input"][3], " ");
  const json b1 = json::parse(reqs[1].body);
  ASSERT_EQ(b1["input"].size(), 6u);
  EXPECT_EQ(b1["input"][5], "abstract " + std::to_string(n - 1));
  const Accounting acc = client->accounting();
  EXPECT_EQ(acc.calls, 1);
  EXPECT_EQ(acc.prompt_tokens, static_cast<int64_t>(3 * n));
}

TEST_F(OpenAiClientTest, EmbeddingErrorsNameTheBatch) {
  server_.Enqueue(kEmbeddings, Json(R"({"data":[{"index":0,"embedding":[1,2]}]})"));
  auto client = Make(Config());
  auto res = client->Embed({"a", "b"});
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kParse);
  EXPECT_NE(res.error().message.find("texts 0..1"), std::string::npos) << res.error().message;
  EXPECT_NE(res.error().message.find("1 embeddings for 2 inputs"), std::string::npos);

  server_.Enqueue(kEmbeddings, Json(ReadData("llm/openai_error_invalid_api_key.json"), 401));
  auto auth = client->Embed({"a"});
  ASSERT_FALSE(auth);
  EXPECT_EQ(auth.error().code, Code::kInvalidArgument);
  EXPECT_NE(auth.error().message.find("Incorrect API key"), std::string::npos);
}

TEST_F(OpenAiClientTest, DescribeNamesProviderAndModel) {
  EXPECT_EQ(Make(Config())->Describe(),
            "127.0.0.1:" + std::to_string(server_.port()) + "/gpt-4o-mini");
  EXPECT_EQ(Make(Config())->model(), "gpt-4o-mini");
  EXPECT_EQ(ProviderName("https://api.openai.com/v1"), "openai");
  EXPECT_EQ(ProviderName("https://api.deepseek.com"), "deepseek");
  EXPECT_EQ(ProviderName("https://dashscope-intl.aliyuncs.com/compatible-mode/v1"), "dashscope");
  EXPECT_EQ(ProviderName("https://api.moonshot.cn/v1"), "moonshot");
  EXPECT_EQ(ProviderName("http://localhost:11434/v1"), "ollama");
  EXPECT_EQ(ProviderName("http://gpu-box:8000/v1/"), "gpu-box:8000");
  EXPECT_EQ(ProviderName(""), "unconfigured");
}

// A real server that counts requests in flight: each request waits (up to 2 s)
// for a second one, then holds 100 ms, so an unlimited client would overlap many.
class CountingServer {
 public:
  CountingServer() {
    server_.Post(".*", [this](const httplib::Request&, httplib::Response& res) {
      {
        std::unique_lock<std::mutex> lock(mu_);
        ++in_flight_;
        max_in_flight_ = std::max(max_in_flight_, in_flight_);
        cv_.notify_all();
        cv_.wait_for(lock, std::chrono::seconds(2), [this] { return in_flight_ >= 2; });
        // Hold the slot a little, so that requests beyond the limit would overlap.
        lock.unlock();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        lock.lock();
        --in_flight_;
        ++served_;
      }
      res.set_content(body_, "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 5000 && !server_.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  ~CountingServer() {
    server_.stop();
    thread_.join();
  }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }
  int max_in_flight() {
    std::lock_guard<std::mutex> lock(mu_);
    return max_in_flight_;
  }
  int served() {
    std::lock_guard<std::mutex> lock(mu_);
    return served_;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = -1;
  std::mutex mu_;
  std::condition_variable cv_;
  int in_flight_ = 0;
  int max_in_flight_ = 0;
  int served_ = 0;
  const std::string body_ = ReadData("llm/ollama_v1_chat_completion.json");
};

TEST_F(OpenAiClientTest, ConcurrencyLimitIsRespected) {
  CountingServer counting;
  LlmConfig c = Config();
  c.base_url = counting.Url();
  c.max_concurrency = 2;
  auto client = Make(c);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      if (client->Chat(Ask("question " + std::to_string(i)))) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 6);
  EXPECT_EQ(counting.served(), 6);
  EXPECT_LE(counting.max_in_flight(), 2);
  EXPECT_GE(counting.max_in_flight(), 1);
  EXPECT_EQ(client->accounting().calls, 6);
}

}  // namespace
}  // namespace ah::llm
