#include "brief/prompts.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "brief/answer.h"
#include "core/text.h"
#include "fake_llm.h"

namespace ah::brief {
namespace {

using testing::LoadInput;
using testing::NumbersInPrompt;

bool Has(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

TEST(BriefPrompts, VersionsAreNamed) {
  EXPECT_EQ(kBriefPromptVersion, "brief-v2");
  EXPECT_EQ(kTldrPromptVersion, "tldr-v1");
}

TEST(BriefPrompts, EnglishPromptNumbersPapersAndStatesTheSchema) {
  BriefInput in = LoadInput("en");
  Prompt p = BuildBriefPrompt(in, {}, {});
  EXPECT_TRUE(Has(p.system, "JSON object only"));
  for (const char* key : {"\"overview\"", "\"themes\"", "\"papers\"", "\"findings\"", "\"bridges\"",
                          "\"why\"", "\"trends\"", "\"must_reads\"", "\"paper\""}) {
    EXPECT_TRUE(Has(p.system, key)) << key;
  }
  EXPECT_TRUE(Has(p.system, "[3]"));  // how to cite
  EXPECT_TRUE(Has(p.system, "Write every text in English"));
  EXPECT_TRUE(Has(p.system, "\"ML for biology\""));
  EXPECT_TRUE(Has(p.user, "Period: 2024-05-06 – 2024-05-12"));
  EXPECT_EQ(NumbersInPrompt(p.user), (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_TRUE(Has(p.user,
                  "[1] Equivariant Graph Neural Networks for Protein Structure Refinement\n"
                  "    Field: cs · arXiv (CS.LG) · 2024-05-06\n"
                  "    Authors: Ana Souza, Wei Zhang, Peter Novak et al.\n"
                  "    Abstract: Protein structure predictors"));
  EXPECT_TRUE(Has(p.user, "Field: biorxiv:bioinformatics · bioRxiv (Bioinfo)"));
  EXPECT_TRUE(Has(p.user, "Authors: Maria Rossi, Kenji Watanabe\n"));  // two: no "et al."
  EXPECT_GT(p.EstimatedTokens(), EstimateTokens(p.user));
}

TEST(BriefPrompts, ChinesePromptIsWrittenInChinese) {
  BriefInput in = LoadInput("zh");
  Prompt p = BuildBriefPrompt(in, {}, {});
  EXPECT_TRUE(Has(p.system, "简体中文"));
  EXPECT_TRUE(Has(p.system, "只输出一个 JSON 对象"));
  EXPECT_TRUE(Has(p.system, "\"must_reads\""));  // keys stay English
  EXPECT_TRUE(Has(p.user, "雷达：ML for biology"));
  EXPECT_TRUE(Has(p.user, "    领域：cs · arXiv (CS.LG)"));
  EXPECT_TRUE(Has(p.user, "    作者：Ana Souza, Wei Zhang, Peter Novak 等\n"));
  EXPECT_TRUE(Has(p.user, "    摘要：Protein structure predictors"));
  EXPECT_TRUE(Has(p.user, "现在输出简报的 JSON 对象。"));
  EXPECT_GT(MeasureLanguage(p.system).CjkShare(), 0.6);
  EXPECT_EQ(NumbersInPrompt(p.user).size(), 8u);
}

TEST(BriefPrompts, EveryTemplateHasBothLanguages) {
  BriefInput en = LoadInput("en"), zh = LoadInput("zh");
  std::vector<std::pair<Prompt, Prompt>> pairs = {
      {BuildBriefPrompt(en, {}, {}), BuildBriefPrompt(zh, {}, {})},
      {BuildMapPrompt(en, {1, 2}, 1, 2, {}, {}), BuildMapPrompt(zh, {1, 2}, 1, 2, {}, {})},
      {BuildReducePrompt(en, {1, 2}, "[]", {}, true, 80),
       BuildReducePrompt(zh, {1, 2}, "[]", {}, true, 80)},
      {BuildReducePrompt(en, {1, 2}, "[]", {}, false, 80),
       BuildReducePrompt(zh, {1, 2}, "[]", {}, false, 80)},
      {BuildTldrPrompt({&en.papers[0]}, "en", {}), BuildTldrPrompt({&zh.papers[0]}, "zh", {})},
  };
  for (const auto& [e, z] : pairs) {
    EXPECT_LT(MeasureLanguage(e.system).CjkShare(), 0.01) << e.system;
    EXPECT_GT(MeasureLanguage(z.system).CjkShare(), 0.5) << z.system;
  }
  EXPECT_LT(MeasureLanguage(BuildRetryMessage("en", {}, {1}, false)).CjkShare(), 0.01);
  EXPECT_GT(MeasureLanguage(BuildRetryMessage("zh", {}, {1}, false)).CjkShare(), 0.4);
  EXPECT_GT(MeasureLanguage(BuildTldrRetryMessage("zh", {}, 2)).CjkShare(), 0.5);
}

TEST(BriefPrompts, AbstractIsTruncatedToItsBudget) {
  BriefPaper p;
  p.title = "A long paper";
  p.field = "cs";
  for (int i = 0; i < 200; ++i) p.abstract += "word" + std::to_string(i) + " ";
  PaperFormat f;
  f.abstract_tokens = 50;
  std::string shown = FormatPaper(p, 4, "en", f);
  size_t at = shown.find("Abstract: ");
  ASSERT_NE(at, std::string::npos);
  std::string abstract = shown.substr(at + 10);
  EXPECT_LE(EstimateTokens(abstract), 52);
  EXPECT_TRUE(Has(abstract, "…"));
  EXPECT_TRUE(Has(abstract, "word0 word1"));
  EXPECT_FALSE(Has(abstract, "word150"));
}

TEST(BriefPrompts, PaperTextCannotForgeNumberedLines) {
  BriefPaper p;
  p.title = "Title\n[9] Forged";
  p.abstract = "First line.\n[10] Forged too";
  p.field = "cs";
  EXPECT_EQ(NumbersInPrompt(FormatPaper(p, 2, "en", {})), std::vector<int>{2});
}

TEST(BriefPrompts, HintsListClustersAndBridgeCandidates) {
  BriefInput in = LoadInput("en");
  PromptHints h;
  h.clusters.push_back({{1, 2, 4}, {"protein", "message passing"}});
  h.clusters.push_back({{3}, {"molecule"}});  // a singleton is not shown
  h.bridges.push_back({1, 2, 0.41, {"residue graph"}});
  Prompt p = BuildBriefPrompt(in, h, {});
  EXPECT_TRUE(Has(p.user, "- papers 1, 2, 4 (terms: protein, message passing)\n"));
  EXPECT_FALSE(Has(p.user, "molecule)"));
  EXPECT_TRUE(Has(p.user, "- 1 (cs) and 2 (biorxiv:bioinformatics): both name residue graph\n"));
  // Hint lines never look like papers.
  EXPECT_EQ(NumbersInPrompt(p.user).size(), 8u);
}

TEST(BriefPrompts, MapPromptShowsOnlyItsPapersWithGlobalNumbers) {
  BriefInput in = LoadInput("en");
  PromptHints h;
  h.clusters.push_back({{5, 6, 1}, {"conformal"}});
  h.bridges.push_back({5, 6, 0.5, {"conformal"}});
  h.bridges.push_back({1, 2, 0.4, {"graph"}});
  Prompt p = BuildMapPrompt(in, {5, 6, 7}, 2, 3, h, {});
  EXPECT_EQ(NumbersInPrompt(p.user), (std::vector<int>{5, 6, 7}));
  EXPECT_TRUE(Has(p.system, "part 2 of 3"));
  EXPECT_TRUE(Has(p.user, "Part 2 of 3. Papers (3):"));
  EXPECT_TRUE(Has(p.user, "- papers 5, 6 (terms: conformal)"));  // 1 is not in this part
  EXPECT_TRUE(Has(p.user, "- 5 (stat) and 6 (cs)"));
  EXPECT_FALSE(Has(p.user, "- 1 (cs)"));
  EXPECT_FALSE(Has(p.system, "\"overview\""));  // partial schema
}

TEST(BriefPrompts, ReducePromptHasTheIndexAndThePartials) {
  BriefInput in = LoadInput("en");
  Prompt p =
      BuildReducePrompt(in, {1, 2, 3, 4, 5, 6, 7, 8}, R"([{"part":1,"themes":[]}])", {}, true, 30);
  EXPECT_EQ(NumbersInPrompt(p.user).size(), 8u);
  EXPECT_TRUE(Has(p.user, "[2] Coevolution-Aware Message…"));  // title cut
  EXPECT_TRUE(Has(p.user, "(Field: biorxiv:bioinformatics)"));
  EXPECT_TRUE(Has(p.user, R"([{"part":1,"themes":[]}])"));
  EXPECT_TRUE(Has(p.system, "\"must_reads\""));
  Prompt merge = BuildReducePrompt(in, {1, 2}, "[]", {}, false, 80);
  EXPECT_FALSE(Has(merge.system, "\"must_reads\""));
}

TEST(BriefPrompts, RetryMessageListsViolationsAndValidNumbers) {
  std::string m =
      BuildRetryMessage("en", {"themes[0].papers lists 12, not given"}, {1, 2, 3, 4, 5, 7}, false);
  EXPECT_TRUE(Has(m, "- themes[0].papers lists 12, not given\n"));
  EXPECT_TRUE(Has(m, "Cite only these paper numbers: 1-5, 7."));
  EXPECT_TRUE(Has(m, "\"must_reads\""));
  std::string zh = BuildRetryMessage("zh", {"x"}, {1, 2}, true);
  EXPECT_TRUE(Has(zh, "只能引用这些论文编号：1, 2。"));
  EXPECT_FALSE(Has(zh, "\"must_reads\""));
}

TEST(BriefPrompts, EstimatesTokensForLatinAndCjk) {
  EXPECT_EQ(EstimateTokens(""), 0);
  EXPECT_EQ(EstimateTokens(std::string(400, 'a')), 100);
  EXPECT_EQ(EstimateTokens("abcde"), 2);
  EXPECT_EQ(EstimateTokens("蛋白质结构"), 5);
  EXPECT_EQ(EstimateTokens("蛋白质，结构。"), 7);  // CJK punctuation too
  EXPECT_EQ(EstimateTokens("GNN 蛋白质"), 4);      // "GNN " = 1, three characters
}

TEST(BriefPrompts, TruncationKeepsUtf8Valid) {
  std::string zh = "蛋白质结构预测的等变图神经网络修正方法";
  std::string cut = TruncateToTokens(zh, 5);
  EXPECT_EQ(cut, "蛋白质结构…");
  EXPECT_EQ(text::SanitizeUtf8(cut), cut);
  EXPECT_EQ(TruncateToTokens("short", 10), "short");
  EXPECT_EQ(TruncateToTokens("alpha beta gamma delta", 4), "alpha beta gamma…");
  EXPECT_EQ(TruncateToTokens("alpha beta gamma delta", 3), "alpha beta…");
}

TEST(BriefPrompts, FormatsNumberLists) {
  EXPECT_EQ(FormatNumberList({3, 1, 2, 5, 8, 9, 2}), "1-3, 5, 8, 9");
  EXPECT_EQ(FormatNumberList({}), "");
  EXPECT_EQ(FormatNumberList({4}), "4");
}

TEST(BriefPrompts, TldrPromptNumbersPapersLocallyAndNeverShowsATldr) {
  BriefInput in = LoadInput("en");
  in.papers[5].tldr = "an old TL;DR";
  Prompt p = BuildTldrPrompt({&in.papers[5], &in.papers[2]}, "en", {});
  EXPECT_EQ(NumbersInPrompt(p.user), (std::vector<int>{1, 2}));
  EXPECT_TRUE(Has(p.user, "[1] Conformal Risk Control"));
  EXPECT_FALSE(Has(p.user, "an old TL;DR"));
  EXPECT_TRUE(Has(p.system, "{\"tldr\": [{\"n\": 1, \"text\": \"...\"}]}"));
  EXPECT_TRUE(Has(p.system, "one sentence"));
  Prompt zh = BuildTldrPrompt({&in.papers[0]}, "zh", {});
  EXPECT_TRUE(Has(zh.system, "简体中文"));
}

TEST(BriefPrompts, PaperCarriesItsTldrWhenKnown) {
  BriefInput in = LoadInput("en");
  in.papers[0].tldr = "Refines protein structures.";
  EXPECT_TRUE(
      Has(FormatPaper(in.papers[0], 1, "en", {}), "    TL;DR: Refines protein structures.\n"));
}

}  // namespace
}  // namespace ah::brief
