// A briefing's deadline (the LLM work is abandoned and the extractive writer
// takes over, saying why) and what the answer cache may keep (validated answers
// only), with the fake model and with the real client over loopback HTTP.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "brief/llm_writer.h"
#include "brief/pipeline.h"
#include "brief/tldr.h"
#include "core/deadline.h"
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
using ah::testing::FakeClock;
using ah::testing::LoopbackServer;
using ah::testing::ReadData;
using testing::AllUser;
using testing::AnswerFor;
using testing::FakeLlm;
using testing::LoadInput;
using testing::NumbersInPrompt;

bool Has(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

PipelineOptions Options() {
  PipelineOptions o;
  o.llm.context_tokens = 32'000;
  o.llm.max_answer_tokens = 2'000;
  return o;
}

TEST(BriefDeadline, ProviderSlowerThanTheDeadlineFallsBackWithANote) {
  FakeClock clock;
  Deadline deadline(&clock, 300'000);
  FakeLlm llm;
  // The first answer takes 301 s and is malformed: the stricter retry would be due,
  // but the deadline has passed.
  llm.SetResponder([&](const llm::ChatRequest&) -> Result<std::string> {
    clock.AdvanceMs(301'000);
    return std::string("{\"themes\": [");
  });
  PipelineOptions o = Options();
  o.llm.deadline = &deadline;
  auto b = GenerateBriefing(LoadInput("en"), &llm, o);
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_EQ(b->mode, BriefMode::kExtractive);
  EXPECT_EQ(llm.calls(), 1u);  // the retry was never sent
  ASSERT_FALSE(b->notes.empty());
  EXPECT_TRUE(text::StartsWith(b->notes[0], "provider too slow: ")) << b->notes[0];
  EXPECT_TRUE(Has(b->notes[0], "deadline of 300 s passed")) << b->notes[0];
  EXPECT_EQ(b->llm_calls, 1);  // what the failed attempt cost is still counted
  EXPECT_TRUE(CheckBriefing(*b));
}

TEST(BriefDeadline, QueuedMapCallsAreAbandoned) {
  FakeClock clock;
  Deadline deadline(&clock, 300'000);
  BriefInput in = LoadInput("en");
  LlmBriefOptions o;
  o.hints = false;
  o.max_answer_tokens = 300;
  const int64_t whole = BuildBriefPrompt(in, {}, o.format).EstimatedTokens();
  o.context_tokens = o.max_answer_tokens + whole / 2;  // several parts
  o.max_parallel = 1;
  o.deadline = &deadline;
  FakeLlm llm;
  llm.SetResponder([&](const llm::ChatRequest& r) -> Result<std::string> {
    clock.AdvanceMs(200'000);  // every call takes 200 s
    return AnswerFor(NumbersInPrompt(AllUser(r)), false);
  });
  auto b = WriteLlmBriefing(in, llm, o);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, Code::kCancelled) << b.error().ToString();
  EXPECT_EQ(llm.calls(), 2u);  // at 0 s and 200 s; nothing starts at 400 s
}

TEST(BriefDeadline, TldrsLeftWhenTheDeadlinePassesAreExtractive) {
  FakeClock clock;
  Deadline deadline(&clock, 300'000);
  FakeLlm llm;
  llm.SetResponder([&](const llm::ChatRequest& r) -> Result<std::string> {
    clock.AdvanceMs(400'000);
    nlohmann::json items = nlohmann::json::array();
    for (int n : NumbersInPrompt(AllUser(r))) {
      items.push_back({{"n", n}, {"text", "A method for this task and its main result."}});
    }
    return nlohmann::json{{"tldr", items}}.dump();
  });
  TldrOptions o;
  o.batch_size = 2;
  o.max_parallel = 1;
  o.deadline = &deadline;
  TldrReport report;
  auto papers = LoadInput().papers;
  papers.resize(6);
  auto t = WriteTldrs(papers, "en", &llm, o, &report);
  ASSERT_TRUE(t) << t.error().ToString();
  EXPECT_EQ(llm.calls(), 1u);
  EXPECT_EQ(report.from_llm, (std::vector<bool>{true, true, false, false, false, false}));
  EXPECT_TRUE(Has(report.provider_error, "deadline of 300 s passed")) << report.provider_error;
  for (size_t i = 2; i < 6; ++i) EXPECT_EQ((*t)[i], ExtractiveTldr(papers[i]));
}

TEST(BriefDeadline, FallbackNotesNeverCarrySecrets) {
  const std::string note =
      FallbackNote(Error(Code::kInvalidArgument,
                         "POST https://bob:pw123456@llm.example/v1/chat/completions: HTTP 401: "
                         "echo Authorization: Bearer sk-abcdefghijklmnopqrstuvwx"),
                   "en");
  EXPECT_FALSE(Has(note, "pw123456")) << note;
  EXPECT_FALSE(Has(note, "sk-abcdefghijklmnop")) << note;
  EXPECT_TRUE(text::StartsWith(note, "LLM request rejected: ")) << note;
  EXPECT_TRUE(
      text::StartsWith(FallbackNote(Error(Code::kCancelled, "x"), "zh"), "模型服务响应过慢"));
}

// ---- the real client and its cache, over loopback HTTP ----

std::string Completion(const std::string& content) {
  nlohmann::json j = {{"model", "test-model"},
                      {"choices",
                       {{{"index", 0},
                         {"message", {{"role", "assistant"}, {"content", content}}},
                         {"finish_reason", "stop"}}}},
                      {"usage", {{"prompt_tokens", 1200}, {"completion_tokens", 400}}}};
  return j.dump();
}

CannedResponse Json(const std::string& body) {
  CannedResponse r = CannedResponse::Text(body);
  r.content_type = "application/json";
  return r;
}

struct CachedClient {
  explicit CachedClient(const std::string& base_url) {
    llm::LlmConfig c;
    c.base_url = base_url;
    c.model = "test-model";
    c.max_retries = 0;
    c.timeout_ms = 20'000;
    client = std::make_unique<llm::OpenAiClient>(c, &http, &clock, &cache);
  }
  net::CurlHttpClient http;
  FakeClock clock;
  llm::MemoryResponseCache cache;
  std::unique_ptr<llm::OpenAiClient> client;
};

constexpr const char* kChat = "/v1/chat/completions";

TEST(BriefCache, OnlyTheValidatedAnswerIsCached) {
  LoopbackServer server;
  ASSERT_TRUE(server.ok());
  server.Enqueue(kChat, Json(Completion(ReadData("brief_llm/answer_malformed.txt"))));
  server.SetDefault(kChat, Json(Completion(ReadData("brief_llm/answer_good_en.json"))));
  CachedClient cc(server.Url("/v1"));
  auto b = GenerateBriefing(LoadInput("en"), cc.client.get(), Options());
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_EQ(b->mode, BriefMode::kLlm);
  EXPECT_EQ(server.request_count(), 2u);
  EXPECT_EQ(cc.cache.size(), 1u);  // the retry's good answer; the malformed one is not kept

  // A rerun: the first prompt's answer was never kept, so it is asked again; the
  // provider now answers well, and that answer is kept.
  auto again = GenerateBriefing(LoadInput("en"), cc.client.get(), Options());
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(server.request_count(), 3u);
  EXPECT_EQ(cc.cache.size(), 2u);
  auto third = GenerateBriefing(LoadInput("en"), cc.client.get(), Options());
  ASSERT_TRUE(third);
  EXPECT_EQ(server.request_count(), 3u);  // now served from the cache
}

TEST(BriefCache, RejectedAnswersAreNeverCached) {
  LoopbackServer server;
  ASSERT_TRUE(server.ok());
  // A large invalid answer, every time.
  server.SetDefault(kChat, Json(Completion(std::string(300'000, '{'))));
  CachedClient cc(server.Url("/v1"));
  auto b = GenerateBriefing(LoadInput("en"), cc.client.get(), Options());
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_EQ(b->mode, BriefMode::kExtractive);
  EXPECT_EQ(server.request_count(), 2u);
  EXPECT_EQ(cc.cache.size(), 0u);

  // TL;DRs in the wrong language are not kept either.
  server.SetDefault(kChat, Json(Completion(ReadData("brief_llm/tldr_good_zh.json"))));
  auto papers = LoadInput().papers;
  papers.resize(3);
  auto t = WriteTldrs(papers, "en", cc.client.get());
  ASSERT_TRUE(t) << t.error().ToString();
  EXPECT_EQ(cc.cache.size(), 0u);
}

}  // namespace
}  // namespace ah::brief
