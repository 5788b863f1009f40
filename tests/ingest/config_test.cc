// config.toml: defaults, the [llm] and [brief] sections, errors naming file and key.
#include "ingest/config.h"

#include <gtest/gtest.h>

#include <fstream>

#include "testing.h"

namespace ah::ingest {
namespace {

Result<Config> LoadText(const ah::testing::TempDir& dir, const std::string& text) {
  const std::string path = (dir / "config.toml").string();
  std::ofstream(path) << text;
  return LoadConfig(path, true);
}

TEST(Config, MissingDefaultFileGivesDefaults) {
  ah::testing::TempDir dir;
  auto c = LoadConfig((dir / "absent.toml").string(), false);
  ASSERT_TRUE(c) << c.error().ToString();
  EXPECT_FALSE(c->arxiv_categories.empty());
  EXPECT_TRUE(c->llm.base_url.empty());
  EXPECT_EQ(c->brief_lang, "en");
  EXPECT_EQ(c->brief_papers, 30);
  EXPECT_FALSE(LoadConfig((dir / "absent.toml").string(), true));
}

TEST(Config, ReadsTheLlmAndBriefSections) {
  ah::testing::TempDir dir;
  auto c = LoadText(dir, R"(
[llm]
base_url = "http://127.0.0.1:11434/v1"
model = "qwen2.5:7b"
api_key_env = "MY_KEY"
embedding_model = "nomic-embed-text"
context_tokens = 8192
timeout_seconds = 30
deadline_seconds = 90
concurrency = 2
temperature = 0.5
input_price_per_mtok = 0.27
budget_usd = 2
[brief]
lang = "zh"
papers = 12
)");
  ASSERT_TRUE(c) << c.error().ToString();
  EXPECT_EQ(c->llm.base_url, "http://127.0.0.1:11434/v1");
  EXPECT_EQ(c->llm.model, "qwen2.5:7b");
  EXPECT_EQ(c->llm.api_key_env, "MY_KEY");
  EXPECT_EQ(c->llm.embedding_model, "nomic-embed-text");
  EXPECT_EQ(c->llm.context_tokens, 8192);
  EXPECT_EQ(c->llm.timeout_seconds, 30);
  EXPECT_EQ(c->llm.deadline_seconds, 90);
  EXPECT_EQ(c->llm.concurrency, 2);
  EXPECT_DOUBLE_EQ(c->llm.temperature, 0.5);
  EXPECT_DOUBLE_EQ(c->llm.input_price_per_mtok, 0.27);
  EXPECT_DOUBLE_EQ(c->llm.budget_usd, 2.0);
  EXPECT_EQ(c->brief_lang, "zh");
  EXPECT_EQ(c->brief_papers, 12);
}

TEST(Config, ArxivHolidays) {
  ah::testing::TempDir dir;
  auto c = LoadText(dir, "[arxiv]\nholidays = [\"2026-11-26\", \"2027-11-25\"]\n");
  ASSERT_TRUE(c) << c.error().ToString();
  ASSERT_TRUE(c->arxiv_holidays);
  EXPECT_EQ(*c->arxiv_holidays, (std::vector<std::string>{"2026-11-26", "2027-11-25"}));
  c = LoadText(dir, "[arxiv]\nholidays = []\n");
  ASSERT_TRUE(c);
  // An empty list: no holidays at all.
  EXPECT_TRUE(c->arxiv_holidays && c->arxiv_holidays->empty());
  EXPECT_FALSE(LoadText(dir, "contact = \"x@y.org\"\n")->arxiv_holidays);  // the bundled list
  c = LoadText(dir, "[arxiv]\nholidays = [\"26 Nov 2026\"]\n");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("arxiv.holidays: '26 Nov 2026'"), std::string::npos);
}

TEST(Config, BadValuesNameTheKey) {
  ah::testing::TempDir dir;
  for (const auto& [text, key] : std::vector<std::pair<std::string, std::string>>{
           {"[llm]\nmodel = 3\n", "llm.model"},
           {"[llm]\nconcurrency = 0\n", "llm.concurrency"},
           {"[llm]\ndeadline_seconds = -1\n", "llm.deadline_seconds"},
           {"[llm]\ntemperature = \"hot\"\n", "llm.temperature"},
           {"[brief]\nlang = \"fr\"\n", "brief.lang"},
           {"[brief]\npapers = -1\n", "brief.papers"}}) {
    auto c = LoadText(dir, text);
    ASSERT_FALSE(c) << text;
    EXPECT_NE(c.error().message.find(key), std::string::npos) << c.error().message;
    EXPECT_NE(c.error().message.find("config.toml"), std::string::npos) << c.error().message;
  }
}

}  // namespace
}  // namespace ah::ingest
