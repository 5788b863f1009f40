#include "brief/pipeline.h"

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/text.h"
#include "fake_llm.h"
#include "fakes/fake_clock.h"
#include "fakes/loopback_server.h"
#include "llm/openai_client.h"
#include "net/curl_http_client.h"
#include "testing.h"

namespace ah::brief {
namespace {

using ah::testing::CannedResponse;
using ah::testing::LoopbackServer;
using ah::testing::ReadData;
using testing::FakeLlm;
using testing::LoadInput;

bool Has(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

PipelineOptions Options() {
  PipelineOptions o;
  o.llm.context_tokens = 32'000;
  o.llm.max_answer_tokens = 2'000;
  return o;
}

void ExpectExtractive(const Briefing& b) {
  EXPECT_EQ(b.mode, BriefMode::kExtractive);
  EXPECT_EQ(b.model, "extractive");
  EXPECT_FALSE(b.themes.empty());
  EXPECT_EQ(b.papers.size(), 8u);
  EXPECT_TRUE(CheckBriefing(b));
}

TEST(BriefPipeline, NoPapersIsAnInvalidArgument) {
  FakeLlm llm;
  for (llm::LlmClient* client :
       {static_cast<llm::LlmClient*>(nullptr), static_cast<llm::LlmClient*>(&llm)}) {
    auto b = GenerateBriefing(BriefInput{}, client, Options());
    ASSERT_FALSE(b);
    EXPECT_EQ(b.error().code, Code::kInvalidArgument);
    EXPECT_TRUE(Has(b.error().message, "no papers"));
  }
  EXPECT_EQ(llm.calls(), 0u);
}

TEST(BriefPipeline, WithoutAModelTheBriefingIsExtractiveAndSaysSo) {
  auto b = GenerateBriefing(LoadInput("en"), nullptr, Options());
  ASSERT_TRUE(b) << b.error().ToString();
  ExpectExtractive(*b);
  ASSERT_FALSE(b->notes.empty());
  EXPECT_EQ(b->notes[0], "no language model configured — extractive briefing");
  auto zh = GenerateBriefing(LoadInput("zh"), nullptr, Options());
  ASSERT_TRUE(zh);
  EXPECT_EQ(zh->notes[0], "未配置语言模型 —— 抽取式简报");
  EXPECT_EQ(zh->lang, "zh");
}

TEST(BriefPipeline, ExtractiveOptionNeverCallsTheModel) {
  FakeLlm llm;
  PipelineOptions o = Options();
  o.extractive = true;
  auto b = GenerateBriefing(LoadInput("en"), &llm, o);
  ASSERT_TRUE(b);
  ExpectExtractive(*b);
  EXPECT_EQ(llm.calls(), 0u);
  for (const auto& n : b->notes) EXPECT_FALSE(Has(n, "configured")) << n;
}

TEST(BriefPipeline, GoodModelGivesTheLlmBriefing) {
  FakeLlm llm;
  llm.Answer(ReadData("brief_llm/answer_good_en.json"));
  auto b = GenerateBriefing(LoadInput("en"), &llm, Options());
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_EQ(b->mode, BriefMode::kLlm);
  EXPECT_EQ(b->model, "fake/fake-model");
  EXPECT_EQ(b->themes.size(), 4u);
}

TEST(BriefPipeline, MalformedJsonTwiceFallsBackToExtractiveWithANote) {
  FakeLlm llm;
  std::string bad = ReadData("brief_llm/answer_malformed.txt");
  llm.Answer(bad).Answer(bad);
  auto b = GenerateBriefing(LoadInput("en"), &llm, Options());
  ASSERT_TRUE(b) << b.error().ToString();
  ExpectExtractive(*b);
  ASSERT_FALSE(b->notes.empty());
  EXPECT_TRUE(text::StartsWith(b->notes[0], "provider answer unusable: ")) << b->notes[0];
  EXPECT_TRUE(Has(b->notes[0], "malformed answer after a stricter retry"));
  EXPECT_TRUE(text::EndsWith(b->notes[0], " — extractive briefing instead"));
  EXPECT_EQ(llm.calls(), 2u);
  EXPECT_EQ(b->llm_calls, 2);  // what the attempt cost is recorded
  EXPECT_DOUBLE_EQ(b->cost_usd, 0.002);
  EXPECT_GT(b->prompt_tokens, 0);
}

TEST(BriefPipeline, WrongLanguageTwiceFallsBackToExtractive) {
  FakeLlm llm;
  std::string en = ReadData("brief_llm/answer_good_en.json");
  llm.Answer(en).Answer(en);
  auto b = GenerateBriefing(LoadInput("zh"), &llm, Options());
  ASSERT_TRUE(b);
  ExpectExtractive(*b);
  EXPECT_TRUE(text::StartsWith(b->notes[0], "模型回答无法使用：")) << b->notes[0];
  EXPECT_TRUE(text::EndsWith(b->notes[0], " —— 改用抽取式简报"));
}

TEST(BriefPipeline, ProviderFailuresFallBackWithTheReason) {
  struct Case {
    Code code;
    std::string message;
    std::string note_start;
  };
  for (const Case& c :
       {Case{Code::kIo, "connect to 127.0.0.1:9: refused", "provider unreachable: "},
        Case{Code::kUnavailable, "HTTP 429 Too Many Requests after 4 retries",
             "provider unavailable: "},
        Case{Code::kUnavailable, "budget exhausted: $1.00 spent of $1.00",
             "provider budget exhausted: "},
        Case{Code::kInvalidArgument, "HTTP 401: invalid api key", "LLM request rejected: "}}) {
    FakeLlm llm;
    llm.Fail(c.code, c.message);
    auto b = GenerateBriefing(LoadInput("en"), &llm, Options());
    ASSERT_TRUE(b) << b.error().ToString();
    ExpectExtractive(*b);
    EXPECT_EQ(b->notes[0],
              c.note_start + "briefing write: " + c.message + " — extractive briefing instead");
    EXPECT_EQ(b->llm_calls, 0);
  }
}

TEST(BriefPipeline, NoFallbackReturnsTheProviderError) {
  FakeLlm llm;
  llm.Fail(Code::kUnavailable, "HTTP 503");
  PipelineOptions o = Options();
  o.no_fallback = true;
  auto b = GenerateBriefing(LoadInput("en"), &llm, o);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, Code::kUnavailable);
}

TEST(BriefPipeline, FallbackNoteWording) {
  EXPECT_EQ(FallbackNote(Error(Code::kIo, "timeout"), "en"),
            "provider unreachable: timeout — extractive briefing instead");
  EXPECT_EQ(FallbackNote(Error(Code::kIo, "timeout"), "zh"),
            "无法连接模型服务：timeout —— 改用抽取式简报");
  EXPECT_TRUE(text::StartsWith(FallbackNote(Error(Code::kTooLarge, "x"), "en"), "input too large"));
}

// ---- through the real OpenAI-compatible client, over loopback HTTP ----

std::string Completion(const std::string& content) {
  nlohmann::json j = {
      {"id", "chatcmpl-1"},
      {"object", "chat.completion"},
      {"model", "test-model"},
      {"choices",
       {{{"index", 0},
         {"message", {{"role", "assistant"}, {"content", content}}},
         {"finish_reason", "stop"}}}},
      {"usage", {{"prompt_tokens", 1200}, {"completion_tokens", 400}, {"total_tokens", 1600}}}};
  return j.dump();
}

CannedResponse Json(const std::string& body, int status = 200) {
  CannedResponse r = CannedResponse::Text(body, status);
  r.content_type = "application/json";
  return r;
}

struct RealClient {
  explicit RealClient(const std::string& base_url) {
    llm::LlmConfig c;
    c.base_url = base_url;
    c.model = "test-model";
    c.max_retries = 2;
    c.backoff_ms = 10;
    c.timeout_ms = 20'000;
    client = std::make_unique<llm::OpenAiClient>(c, &http, &clock);
  }
  net::CurlHttpClient http;
  ah::testing::FakeClock clock;
  std::unique_ptr<llm::OpenAiClient> client;
};

constexpr const char* kChat = "/v1/chat/completions";

TEST(BriefPipelineHttp, RateLimitedOnceThenSucceeds) {
  LoopbackServer server;
  ASSERT_TRUE(server.ok());
  server.Enqueue(
      kChat, CannedResponse::WithRetryAfter(429, "1", R"({"error": {"message": "slow down"}})"));
  server.SetDefault(kChat, Json(Completion(ReadData("brief_llm/answer_good_en.json"))));
  RealClient rc(server.Url("/v1"));
  auto b = GenerateBriefing(LoadInput("en"), rc.client.get(), Options());
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_EQ(b->mode, BriefMode::kLlm);
  EXPECT_EQ(b->themes.size(), 4u);
  EXPECT_EQ(b->llm_calls, 1);
  EXPECT_EQ(b->prompt_tokens, 1200);
  EXPECT_EQ(server.request_count(), 2u);       // the 429, then the answer
  EXPECT_EQ(rc.clock.total_slept_ms(), 1000);  // Retry-After honoured
  auto body = nlohmann::json::parse(server.requests()[1].body);
  EXPECT_EQ(body["response_format"]["type"], "json_object");
  EXPECT_EQ(body["messages"][0]["role"], "system");
}

TEST(BriefPipelineHttp, UnknownCitationIsRetriedOverHttp) {
  LoopbackServer server;
  ASSERT_TRUE(server.ok());
  server.Enqueue(kChat, Json(Completion(ReadData("brief_llm/answer_cite_unknown.json"))));
  server.SetDefault(kChat, Json(Completion(ReadData("brief_llm/answer_good_en.json"))));
  RealClient rc(server.Url("/v1"));
  auto b = GenerateBriefing(LoadInput("en"), rc.client.get(), Options());
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_EQ(b->mode, BriefMode::kLlm);
  ASSERT_EQ(server.request_count(), 2u);
  auto retry = nlohmann::json::parse(server.requests()[1].body);
  ASSERT_EQ(retry["messages"].size(), 4u);
  EXPECT_TRUE(Has(retry["messages"][3]["content"].get<std::string>(),
                  "Cite only these paper numbers: 1-8."));
}

TEST(BriefPipelineHttp, MalformedAnswersFallBackToExtractive) {
  LoopbackServer server;
  ASSERT_TRUE(server.ok());
  server.SetDefault(kChat, Json(Completion(ReadData("brief_llm/answer_malformed.txt"))));
  RealClient rc(server.Url("/v1"));
  auto b = GenerateBriefing(LoadInput("en"), rc.client.get(), Options());
  ASSERT_TRUE(b) << b.error().ToString();
  ExpectExtractive(*b);
  EXPECT_TRUE(text::StartsWith(b->notes[0], "provider answer unusable: ")) << b->notes[0];
  EXPECT_EQ(server.request_count(), 2u);
}

TEST(BriefPipelineHttp, UnreachableProviderFallsBackToExtractive) {
  std::string url;
  {
    LoopbackServer gone;
    ASSERT_TRUE(gone.ok());
    url = gone.Url("/v1");
  }  // closed: connections are refused
  RealClient rc(url);
  auto b = GenerateBriefing(LoadInput("en"), rc.client.get(), Options());
  ASSERT_TRUE(b) << b.error().ToString();
  ExpectExtractive(*b);
  EXPECT_TRUE(text::StartsWith(b->notes[0], "provider unreachable: ")) << b->notes[0];
}

}  // namespace
}  // namespace ah::brief
