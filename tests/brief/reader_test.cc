// A briefing that knows its reader: rising terms against the radar's earlier
// weeks (brief/trends.h), themes ordered by the radar's scores and a line on
// why each matters (brief/reader.h), and the same in the LLM prompt.
#include "brief/reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "brief/extractive.h"
#include "brief/pipeline.h"
#include "brief/prompts.h"
#include "brief/trends.h"
#include "brief_input_json.h"
#include "fake_llm.h"

namespace ah::brief {
namespace {

bool Has(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

BriefPaper Paper(std::string title, std::string abstract) {
  BriefPaper p;
  p.title = std::move(title);
  p.abstract = std::move(abstract);
  return p;
}

// Ten papers on neural rendering this week, five of them on Gaussian splatting;
// forty earlier, one on it. Every paper is "written" about rendering.
BriefInput RenderingWeek() {
  BriefInput in;
  in.date_from = in.date_to = "2026-06-24";
  for (int i = 0; i < 10; ++i)
    in.papers.push_back(
        Paper("Neural rendering study " + std::to_string(i),
              i < 5 ? "We accelerate neural rendering with Gaussian splatting on scene " +
                          std::to_string(i) + ", as written in the tutorial."
                    : "We study neural rendering of radiance on scene " + std::to_string(i) + "."));
  for (int i = 0; i < 40; ++i)
    in.earlier.push_back(
        Paper("Earlier neural rendering " + std::to_string(i),
              i == 0 ? "Neural rendering with Gaussian splatting."
                     : "Neural rendering of radiance fields, as written in the tutorial " +
                           std::to_string(i) + "."));
  in.earlier_from = "2026-05-27";
  in.earlier_to = "2026-06-23";
  return in;
}

TEST(BriefTrends, DunningsLogLikelihoodRatio) {
  EXPECT_NEAR(RisingG2(5, 10, 1, 40), 13.477, 1e-3);
  EXPECT_NEAR(RisingG2(10, 100, 10, 1000), 22.908, 1e-3);
  EXPECT_NEAR(RisingG2(3, 30, 0, 197), 12.413, 1e-3);
  EXPECT_EQ(RisingG2(1, 40, 5, 10), 0);  // falling is not rising
  EXPECT_EQ(RisingG2(0, 0, 1, 1), 0);
}

TEST(BriefTrends, ATermRisesAgainstTheRadarsEarlierWeeksWithItsCounts) {
  BriefInput in = RenderingWeek();
  PaperVectors v = PaperVectors::Build(in, {});
  auto trends = RisingTerms(in, v);
  ASSERT_EQ(trends.size(), 1u);
  EXPECT_EQ(trends[0].term, "Gaussian splatting");
  EXPECT_EQ(trends[0].now, 5u);
  EXPECT_EQ(trends[0].now_total, 10u);
  EXPECT_EQ(trends[0].before, 1u);
  EXPECT_EQ(trends[0].before_total, 40u);
  EXPECT_EQ(trends[0].papers, (std::vector<int>{1, 2, 3, 4, 5}));
  // "neural rendering" is everywhere, before as now; "written" is a common word.
  EXPECT_EQ(TrendText(trends[0], in, false),
            "“Gaussian splatting”: 5 of 10 papers (50%), against 1 of 40 (2.5%) in this radar's "
            "papers of 2026-05-27 – 2026-06-23 [1][2][3][4][5].");
  EXPECT_TRUE(Has(TrendText(trends[0], in, true), "本期 10 篇中 5 篇（50%）"))
      << TrendText(trends[0], in, true);
}

TEST(BriefTrends, AMeasureOrAModifierWithoutItsNounIsNoTrend) {
  // "success rate" and "task-specific" rise as much as "Gaussian splatting"
  // but name no subject a researcher would follow.
  BriefInput in = RenderingWeek();
  for (int i = 0; i < 5; ++i)
    in.papers[i].abstract += " Its success rate is task-specific.";
  PaperVectors v = PaperVectors::Build(in, {});
  auto trends = RisingTerms(in, v);
  ASSERT_EQ(trends.size(), 1u);
  EXPECT_EQ(trends[0].term, "Gaussian splatting");
}

TEST(BriefTrends, NothingRisesWithoutAPast) {
  BriefInput in = RenderingWeek();
  in.earlier.resize(19);
  PaperVectors v = PaperVectors::Build(in, {});
  EXPECT_TRUE(RisingTerms(in, v).empty());
  // The extractive briefing says why it has no trend.
  auto b = WriteExtractiveBriefing(in, ExtractiveOptions{});
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->trends.empty());
  bool said = false;
  for (const auto& n : b->notes) said = said || Has(n, "Trends need this radar's earlier weeks");
  EXPECT_TRUE(said);
  in = RenderingWeek();
  b = WriteExtractiveBriefing(in, ExtractiveOptions{});
  ASSERT_TRUE(b);
  ASSERT_EQ(b->trends.size(), 1u);
  EXPECT_TRUE(b->trends[0].starts_with("“Gaussian splatting”: 5 of 10 papers")) << b->trends[0];
}

TEST(BriefReader, ThemesAreOrderedByTheRadarsScores) {
  BriefInput in = testing::ReadBriefInput("brief/two_topics_12.json");
  // The radar likes the cancer-biology papers best this time.
  for (size_t i = 0; i < in.papers.size(); ++i)
    in.papers[i].score =
        in.papers[i].field == "cs" ? 1.0 + 0.01 * double(i) : 5.0 - 0.1 * double(i);
  auto b = WriteExtractiveBriefing(in, ExtractiveOptions{});
  ASSERT_TRUE(b);
  ASSERT_EQ(b->themes.size(), 2u);
  EXPECT_NE(in.papers[size_t(b->themes[0].papers[0] - 1)].field, "cs") << b->themes[0].title;
  std::vector<size_t> first, second;
  for (int n : b->themes[0].papers) first.push_back(size_t(n - 1));
  for (int n : b->themes[1].papers) second.push_back(size_t(n - 1));
  EXPECT_GT(ThemeInterest(in, first), ThemeInterest(in, second));
}

TEST(BriefReader, SaysWhyAThemeMattersToTheReader) {
  BriefInput in = testing::ReadBriefInput("brief/radar_pathology_30.json");
  in.reader.description = "spatial transcriptomics from histology images";
  in.reader.seed_titles = {
      "HiST: A Hierarchical Sparse Transformer for Cross-Modal Spatial Transcriptomics"};
  in.reader.authors = {in.papers[2].authors.empty() ? "Nobody Here" : in.papers[2].authors[0]};
  PaperVectors v = PaperVectors::Build(in, {});
  // Papers 1, 3, 8 and 14 are the spatial-transcriptomics ones.
  const std::vector<size_t> st = {0, 2, 7, 13};
  std::string why = WhyItMatters(in, v, st, v.Centroid(st), false);
  EXPECT_TRUE(why.starts_with("Matches your “spatial transcriptomics”")) << why;
  EXPECT_TRUE(Has(why, "of 4 papers)")) << why;
  EXPECT_TRUE(Has(why, "close to your seed “HiST: A Hierarchical Sparse Transformer")) << why;
  if (!in.papers[2].authors.empty()) {
    EXPECT_TRUE(Has(why, "by " + in.papers[2].authors[0] + ", whom you follow")) << why;
  }
  EXPECT_TRUE(Has(WhyItMatters(in, v, st, v.Centroid(st), true), "与你的描述相符"));
  // Nothing the reader said: the radar's rank.
  in.reader = {};
  EXPECT_EQ(WhyItMatters(in, v, {4, 9}, v.Centroid({4, 9}), false),
            "Your radar ranks its best paper #5.");
}

TEST(BriefReader, AFollowedAuthorIsThePersonNotTheSurname) {
  BriefInput in;
  in.papers = {Paper("A", "Graph learning."), Paper("B", "Graph learning.")};
  in.papers[0].authors = {"Yifan Wang"};
  in.papers[1].authors = {"Yu Wang"};
  in.reader.authors = {"Yu Wang"};
  PaperVectors v = PaperVectors::Build(in, {});
  EXPECT_FALSE(Has(WhyItMatters(in, v, {0}, v.Centroid({0}), false), "follow"));
  EXPECT_EQ(WhyItMatters(in, v, {1}, v.Centroid({1}), false), "By Yu Wang, whom you follow.");
}

TEST(BriefReader, ThePromptDescribesTheReaderAndTheRisingTerms) {
  BriefInput in = RenderingWeek();
  in.reader.description = "real-time neural rendering";
  in.reader.keywords = "\"Gaussian splatting\" OR NeRF";
  in.reader.authors = {"Ping Li"};
  in.reader.seed_titles = {"3D Gaussian Splatting for Real-Time Radiance Field Rendering"};
  in.reader.liked_titles = {"Mip-NeRF 360"};
  PromptHints h = ComputeHints(in, {}, ClusterOptions{});
  ASSERT_EQ(h.rising.size(), 1u);
  Prompt p = BuildBriefPrompt(in, h, {});
  EXPECT_TRUE(Has(p.user,
                  "About the reader (what they told the radar):\n"
                  "- Description: real-time neural rendering\n"
                  "- Keywords: \"Gaussian splatting\" OR NeRF\n"
                  "- Followed authors: Ping Li\n"
                  "- Papers they chose as seeds: \"3D Gaussian Splatting for Real-Time "
                  "Radiance Field Rendering\"\n"
                  "- Papers they liked: \"Mip-NeRF 360\"\n"))
      << p.user;
  EXPECT_TRUE(Has(p.user,
                  "- \"Gaussian splatting\": 5 of 10 papers (50%) against 1 of 40 (2.5%); "
                  "papers 1-5\n"))
      << p.user;
  EXPECT_TRUE(Has(p.system, "Order the themes by how closely they match this reader's interests"));
  EXPECT_TRUE(Has(p.system, "\"why\""));
  EXPECT_TRUE(Has(p.system, "named in both abstracts"));
  // Parts of a map-reduce do not count trends; the final merge does.
  Prompt map = BuildMapPrompt(in, {1, 2, 3}, 1, 2, h, {});
  EXPECT_FALSE(Has(map.user, "Rising terms"));
  EXPECT_TRUE(Has(map.user, "About the reader"));
  Prompt reduce = BuildReducePrompt(in, {1, 2, 3, 4}, "[]", h, true, 80);
  EXPECT_TRUE(Has(reduce.user, "Rising terms"));
  // In Chinese too.
  in.lang = "zh";
  Prompt zh = BuildBriefPrompt(in, h, {});
  EXPECT_TRUE(Has(zh.user, "关于读者（他们对雷达的设定）：\n- 描述：real-time neural rendering\n"));
  EXPECT_TRUE(Has(zh.user, "10 篇中 5 篇（50%）"));
}

TEST(BriefReader, TheModelsWhyIsKept) {
  BriefInput in = RenderingWeek();
  testing::FakeLlm llm;
  llm.SetResponder([](const llm::ChatRequest&) -> Result<std::string> {
    return std::string(
        R"({"overview": "Splatting [1].", "themes": [{"title": "Splatting", "why": "You follow real-time rendering [1].", "summary": "Fast [1].", "papers": [1, 2], "findings": []}], "bridges": [], "trends": [], "must_reads": []})");
  });
  auto b = WriteLlmBriefing(in, llm, LlmBriefOptions{});
  ASSERT_TRUE(b) << b.error().ToString();
  ASSERT_EQ(b->themes.size(), 1u);
  EXPECT_EQ(b->themes[0].why, "You follow real-time rendering [1].");
}

TEST(BriefPipeline, NoFallbackFailsWithoutAModel) {
  BriefInput in = RenderingWeek();
  PipelineOptions o;
  o.no_fallback = true;
  auto b = GenerateBriefing(in, nullptr, o);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, Code::kUnavailable);
  EXPECT_TRUE(Has(b.error().message, "no language model is configured")) << b.error().message;
  o.extractive = true;  // asked for: no model needed
  EXPECT_TRUE(GenerateBriefing(in, nullptr, o));
}

}  // namespace
}  // namespace ah::brief
