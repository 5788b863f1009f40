#include "brief/tldr.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fake_llm.h"
#include "testing.h"

namespace ah::brief {
namespace {

using ah::testing::ReadData;
using testing::AllUser;
using testing::FakeLlm;
using testing::LastUser;
using testing::LoadInput;
using testing::NumbersInPrompt;

bool Has(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

std::vector<BriefPaper> Papers(size_t n = 8) {
  auto p = LoadInput().papers;
  p.resize(std::min(n, p.size()));
  return p;
}

// A model that writes "TL;DR of <first title word>." for every numbered paper.
Result<std::string> Summarizer(const llm::ChatRequest& r) {
  std::string user = AllUser(r);
  nlohmann::json items = nlohmann::json::array();
  for (int n : NumbersInPrompt(user)) {
    size_t at = user.find("[" + std::to_string(n) + "] ");
    std::string word =
        user.substr(at + 4 + (n > 9), user.find(' ', at + 4 + (n > 9)) - at - 4 - (n > 9));
    items.push_back(
        {{"n", n}, {"text", "A summary of the " + word + " paper with its main result."}});
  }
  return nlohmann::json{{"tldr", items}}.dump();
}

TEST(Tldr, PapersAreSentInBatches) {
  FakeLlm llm;
  llm.SetResponder(Summarizer);
  TldrOptions o;
  o.batch_size = 3;
  o.max_parallel = 2;
  TldrReport report;
  auto t = WriteTldrs(Papers(), "en", &llm, o, &report);
  ASSERT_TRUE(t) << t.error().ToString();
  ASSERT_EQ(t->size(), 8u);
  EXPECT_EQ((*t)[0], "A summary of the Equivariant paper with its main result.");
  EXPECT_EQ((*t)[7], "A summary of the Contrastive paper with its main result.");
  EXPECT_EQ(llm.calls(), 3u);  // 3 + 3 + 2
  for (const auto& r : llm.requests()) {
    EXPECT_TRUE(r.json_object);
    EXPECT_LE(NumbersInPrompt(AllUser(r)).size(), 3u);
    EXPECT_TRUE(Has(r.messages[0].content, "one sentence"));
  }
  EXPECT_EQ(report.from_llm, std::vector<bool>(8, true));
  EXPECT_EQ(report.llm_calls, 3);
  EXPECT_EQ(report.extractive, 0);
  EXPECT_EQ(report.retried, 0);
  EXPECT_EQ(report.model, "fake/fake-model");
  EXPECT_GT(report.prompt_tokens, 0);
  EXPECT_DOUBLE_EQ(report.cost_usd, 0.003);
}

TEST(Tldr, RecordedAnswersInEnglishAndChinese) {
  FakeLlm en;
  en.Answer(ReadData("brief_llm/tldr_good_en.json"));
  auto t = WriteTldrs(Papers(3), "en", &en);
  ASSERT_TRUE(t);
  EXPECT_EQ(
      (*t)[1],
      "Message passing with coevolution recovers 71% of long-range contacts even for families "
      "with few homologs.");
  EXPECT_EQ(en.calls(), 1u);

  FakeLlm zh;
  zh.Answer(ReadData("brief_llm/tldr_good_zh.json"));
  TldrReport report;
  auto z = WriteTldrs(Papers(3), "zh", &zh, {}, &report);
  ASSERT_TRUE(z);
  EXPECT_EQ((*z)[2], "基于片段的离散扩散模型生成合法且更易合成的分子。");
  EXPECT_EQ(zh.calls(), 1u);
  EXPECT_TRUE(Has(zh.requests()[0].messages[0].content, "简体中文"));
  EXPECT_EQ(report.from_llm, std::vector<bool>(3, true));
}

TEST(Tldr, MissingOrInvalidOnesAreAskedAgainOnce) {
  FakeLlm llm;
  llm.Answer(ReadData("brief_llm/tldr_bad_en.json"));
  // The retry numbers the three papers 1..3 again; the third is still missing.
  llm.Answer(
      R"({"tldr": [{"n": 1, "text": "An equivariant network refines predicted protein structures."},
                           {"n": 2, "text": "Coevolution-aware message passing recovers contacts from shallow alignments."}]})");
  TldrReport report;
  auto t = WriteTldrs(Papers(3), "en", &llm, {}, &report);
  ASSERT_TRUE(t);
  ASSERT_EQ(llm.calls(), 2u);
  std::string retry = LastUser(llm.requests()[1]);
  EXPECT_EQ(NumbersInPrompt(retry), (std::vector<int>{1, 2, 3}));
  EXPECT_TRUE(Has(retry, "- 1: more than one sentence"));
  EXPECT_TRUE(Has(retry, "- 2: missing"));
  EXPECT_TRUE(Has(retry, "- 3: not in English"));
  EXPECT_TRUE(Has(retry, "Some TL;DRs were missing or invalid"));
  EXPECT_EQ((*t)[0], "An equivariant network refines predicted protein structures.");
  EXPECT_EQ((*t)[1],
            "Coevolution-aware message passing recovers contacts from shallow alignments.");
  EXPECT_EQ((*t)[2], ExtractiveTldr(Papers(3)[2]));  // Chinese twice: extractive
  EXPECT_EQ(report.from_llm, (std::vector<bool>{true, true, false}));
  EXPECT_EQ(report.retried, 3);
  EXPECT_EQ(report.extractive, 1);
}

TEST(Tldr, ExtraSentencesAfterTheRetryKeepTheFirst) {
  FakeLlm llm;
  std::string two =
      R"({"tldr": [{"n": 1, "text": "TL;DR: Graph networks refine protein structures. They also fix side chains."}]})";
  llm.Answer(two).Answer(two);
  TldrReport report;
  auto t = WriteTldrs(Papers(1), "en", &llm, {}, &report);
  ASSERT_TRUE(t);
  EXPECT_EQ((*t)[0], "Graph networks refine protein structures.");
  EXPECT_EQ(report.from_llm, std::vector<bool>{true});
  EXPECT_EQ(llm.calls(), 2u);
}

TEST(Tldr, ProviderDownFallsBackToExtractive) {
  FakeLlm llm;
  llm.Fail(Code::kIo, "connect to 127.0.0.1:9 failed");
  TldrOptions o;
  o.batch_size = 2;
  o.max_parallel = 1;
  TldrReport report;
  auto t = WriteTldrs(Papers(4), "en", &llm, o, &report);
  ASSERT_TRUE(t);
  EXPECT_EQ(llm.calls(), 1u);  // no more calls once the provider is down
  EXPECT_EQ(report.from_llm, std::vector<bool>(4, false));
  EXPECT_EQ(report.extractive, 4);
  EXPECT_TRUE(Has(report.provider_error, "connect to 127.0.0.1:9 failed"));
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ((*t)[i], ExtractiveTldr(Papers(4)[i]));
}

TEST(Tldr, WithoutAClientTheMostInformativeSentenceIsUsed) {
  TldrReport report;
  auto papers = Papers();
  auto t = WriteTldrs(papers, "en", nullptr, {}, &report);
  ASSERT_TRUE(t);
  EXPECT_EQ(report.model, "extractive");
  EXPECT_EQ(report.extractive, 8);
  for (size_t i = 0; i < papers.size(); ++i) {
    EXPECT_TRUE(Has(papers[i].abstract, (*t)[i])) << (*t)[i];  // a sentence of the abstract
    EXPECT_TRUE(ValidTldr((*t)[i], "en")) << (*t)[i];
  }
  // Not the background sentence that opens the abstract.
  EXPECT_NE((*t)[0],
            "Protein structure predictors still produce local errors in loops and side chains.");
}

TEST(Tldr, ExtractiveTldrOfAPaperWithoutAbstractIsItsTitle) {
  BriefPaper p;
  p.title = "  A title\nonly ";
  EXPECT_EQ(ExtractiveTldr(p), "A title only");
  p.abstract = std::string(3000, 'x');  // one endless "sentence" is cut
  EXPECT_LE(ExtractiveTldr(p).size(), 400u);
}

TEST(Tldr, CacheKeyNamesVersionLanguageModelAndPaper) {
  EXPECT_EQ(TldrCacheKey("2405.01001", "zh", "deepseek/deepseek-chat"),
            "tldr-v1|zh|deepseek/deepseek-chat|2405.01001");
  EXPECT_EQ(TldrCacheKey("doi:10.1/x", "zh-CN", "m"), "tldr-v1|zh|m|doi:10.1/x");
  EXPECT_EQ(TldrCacheKey("a", "en", "extractive"), "tldr-v1|en|extractive|a");
  EXPECT_NE(TldrCacheKey("a", "en", "m"), TldrCacheKey("a", "zh", "m"));
}

TEST(Tldr, Validation) {
  std::string why;
  EXPECT_TRUE(ValidTldr("Graph networks refine protein structures, e.g. side chains.", "en"));
  EXPECT_FALSE(ValidTldr("", "en", &why));
  EXPECT_EQ(why, "missing");
  EXPECT_FALSE(ValidTldr("It works. It is fast.", "en", &why));
  EXPECT_EQ(why, "more than one sentence");
  EXPECT_FALSE(ValidTldr("图神经网络修正蛋白质结构并提高了预测精度。", "en", &why));
  EXPECT_EQ(why, "not in English");
  EXPECT_TRUE(ValidTldr("图神经网络修正蛋白质结构，并提高了 CASP15 上的精度。", "zh"));
  EXPECT_FALSE(ValidTldr("图神经网络修正蛋白质结构。它还修复了侧链。", "zh", &why));
  EXPECT_EQ(why, "more than one sentence");
  EXPECT_FALSE(
      ValidTldr("Graph networks refine protein structures with message passing.", "zh", &why));
  EXPECT_EQ(why, "not in Chinese");
  EXPECT_FALSE(ValidTldr(std::string(500, 'a'), "en", &why));
  EXPECT_EQ(why, "too long");
}

TEST(Tldr, AnswerParsingIsDefensive) {
  auto ok = ParseTldrAnswer(R"(```json
{"tldr": [{"n": 2, "text": " Two. "}, {"n": "1", "text": "One"}, {"n": 9, "text": "nine"},
          {"n": 2, "text": "dup"}, {"n": -1, "text": "neg"}, {"text": "no n"}, 5, {"n": 1.5, "text": "f"}]}
```)",
                            3, "m");
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, (std::vector<std::string>{"One", "Two.", ""}));
  auto bad = ParseTldrAnswer("not json", 2, "m");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Code::kParse);
  auto other = ParseTldrAnswer(R"({"summaries": []})", 2, "m");
  ASSERT_TRUE(other);
  EXPECT_EQ(*other, (std::vector<std::string>{"", ""}));
  EXPECT_FALSE(WriteTldrs(Papers(1), "en", nullptr, TldrOptions{0, 1000, 100, {}, 1, true}));
}

}  // namespace
}  // namespace ah::brief
