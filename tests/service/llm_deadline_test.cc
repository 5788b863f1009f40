// The service side of a briefing's deadline: [llm] deadline_seconds reaches the
// runtime, and TL;DRs asked past the deadline are extractive without a call.
#include <gtest/gtest.h>

#include "brief/fake_llm.h"
#include "fakes/fake_clock.h"
#include "service/brief_service.h"
#include "store/sqlite/sqlite_store.h"
#include "testing.h"

namespace ah::service {
namespace {

TEST(LlmDeadline, ConfiguredInSecondsAndStartedByTheRuntime) {
  ingest::LlmSettings s;
  s.base_url = "http://127.0.0.1:9/v1";
  s.model = "m";
  s.deadline_seconds = 42;
  auto getenv = [](const char*) -> const char* { return nullptr; };
  llm::LlmConfig c = LlmConfigFrom(s, getenv);
  EXPECT_EQ(c.deadline_ms, 42'000);
  EXPECT_EQ(LlmConfigFrom(ingest::LlmSettings{}, getenv).deadline_ms, 300'000);  // the default
  auto rt = MakeLlmRuntime(c, "", nullptr);
  ASSERT_NE(rt, nullptr);
  auto deadline = rt->StartDeadline();
  EXPECT_EQ(deadline->budget_ms(), 42'000);
  EXPECT_FALSE(deadline->Expired());
}

TEST(LlmDeadline, TldrsPastTheDeadlineAreExtractiveWithoutACall) {
  ah::testing::TempDir dir;
  auto s = store::sqlite::SqliteStore::Open((dir / "lib.db").string());
  ASSERT_TRUE(s) << s.error().ToString();
  Paper p;
  p.ids.arxiv = "2606.00001";
  p.title = "Agents that plan";
  p.abstract = "We show that planning agents solve more tasks. They also use fewer tools.";
  p.listings = {{"arxiv", "2026-06-30", "new", "cs.AI"}};
  p.submitted = "2026-06-29";
  ASSERT_TRUE((*s)->UpsertPage({p}, std::nullopt));

  ah::testing::FakeClock clock;
  Deadline deadline(&clock, 300'000);
  clock.AdvanceMs(300'000);
  brief::testing::FakeLlm llm;
  auto out = WriteTldrs(**s, **s, {"2606.00001"}, "en", &llm, &deadline);
  ASSERT_TRUE(out) << out.error().ToString();
  EXPECT_EQ(llm.calls(), 0u);
  EXPECT_EQ(out->from_llm, std::vector<bool>{false});
  EXPECT_FALSE(out->texts[0].empty());
  EXPECT_NE(out->provider_error.find("deadline of 300 s passed"), std::string::npos)
      << out->provider_error;
}

}  // namespace
}  // namespace ah::service
