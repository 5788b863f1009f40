#include "brief/extractive.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "brief/render.h"
#include "brief_input_json.h"
#include "core/text.h"
#include "testing.h"

namespace ah::brief {
namespace {

BriefInput LoadInput(const std::string& rel) { return ah::brief::testing::ReadBriefInput(rel); }

// Every prose text of a briefing.
std::vector<std::string> Prose(const Briefing& b) {
  std::vector<std::string> out{b.overview};
  for (const auto& t : b.themes) {
    out.push_back(t.title);
    out.push_back(t.summary);
    out.insert(out.end(), t.findings.begin(), t.findings.end());
  }
  for (const auto& x : b.bridges) out.push_back(x.why);
  out.insert(out.end(), b.trends.begin(), b.trends.end());
  for (const auto& m : b.must_reads) out.push_back(m.why);
  return out;
}

std::set<int> Cited(const Briefing& b) {
  std::set<int> out;
  for (const auto& text : Prose(b))
    for (const auto& c : FindCitations(text)) out.insert(c.numbers.begin(), c.numbers.end());
  return out;
}

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

// ---- Sentences ----

TEST(BriefSentences, SplitsAtSentenceEnds) {
  auto s = SplitSentences("We study cells. They divide!  Do they die? Yes.");
  EXPECT_EQ(s,
            (std::vector<std::string>{"We study cells.", "They divide!", "Do they die?", "Yes."}));
}

TEST(BriefSentences, KeepsAbbreviationsDecimalsAndInitialsInside) {
  auto s = SplitSentences(
      "Prior work (e.g. Smith et al. 2020) reached 91.8 percent, i.e. less than ours. "
      "We use C. elegans and M. sativa as in Fig. 2 vs. baselines. Done.");
  ASSERT_EQ(s.size(), 3u) << s[0];
  EXPECT_EQ(s[0], "Prior work (e.g. Smith et al. 2020) reached 91.8 percent, i.e. less than ours.");
  EXPECT_EQ(s[1], "We use C. elegans and M. sativa as in Fig. 2 vs. baselines.");
}

TEST(BriefSentences, NeverSplitsInsideLatexMath) {
  auto s = SplitSentences("The bound is $O(n). Then m$ holds. Next $$a. B$$ too. End");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0], "The bound is $O(n). Then m$ holds.");
  EXPECT_EQ(s[1], "Next $$a. B$$ too.");
  EXPECT_EQ(s[2], "End");
}

TEST(BriefSentences, SplitsChineseAndKeepsClosingQuotes) {
  auto s = SplitSentences("我们提出一种方法。结果显著！He said \"yes.\" Then (see below.) More.");
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(s[0], "我们提出一种方法。");
  EXPECT_EQ(s[1], "结果显著！");
  EXPECT_EQ(s[2], "He said \"yes.\"");
  EXPECT_EQ(s[3], "Then (see below.)");
}

TEST(BriefSentences, SurvivesHostileText) {
  EXPECT_TRUE(SplitSentences("").empty());
  EXPECT_TRUE(SplitSentences("   \n ").empty());
  EXPECT_EQ(SplitSentences("$$$").size(), 1u);
  EXPECT_EQ(SplitSentences("unclosed $ math. Still text.").size(), 2u);
  std::string junk = "\xff\xfe.\x80. A.";
  EXPECT_FALSE(SplitSentences(junk).empty());
  std::string many(10000, '.');
  EXPECT_EQ(SplitSentences(many).size(), 1u);
}

TEST(BriefSentences, ScoresResultCues) {
  EXPECT_EQ(ResultCueScore("Hepatocellular carcinoma remains a leading cause of death."), 0);
  EXPECT_EQ(ResultCueScore("These scores reveal patterns underlying the predictions."), 0);
  EXPECT_EQ(ResultCueScore("We add a C2CA module for prediction."), 0);  // no real number
  EXPECT_GT(ResultCueScore("Our model outperforms the state-of-the-art by 10.2%."), 3);
  EXPECT_GT(ResultCueScore("We show that X improves Y."), 0);
  EXPECT_GT(ResultCueScore("Dice rose to 0.91 on 3 datasets."), 0);
}

TEST(BriefSentences, NeutralizesCitationLikeBracketsOutsideMath) {
  EXPECT_EQ(NeutralizeCitations("as in [12, 13] and [4]"), "as in (12, 13) and (4)");
  EXPECT_EQ(NeutralizeCitations("for $x \\in [0,1]$ [Section 2]"),
            "for $x \\in [0,1]$ [Section 2]");
  // An unclosed "$" becomes U+FF04 so it cannot pair with a later one.
  EXPECT_EQ(NeutralizeCitations("costs $5 [3]"),
            "costs \xEF\xBC\x84"
            "5 (3)");
}

// ---- The briefing ----

TEST(ExtractiveBriefing, WritesACheckedBriefingOfThirtyRealPapers) {
  BriefInput in = LoadInput("brief/radar_pathology_30.json");
  auto b = WriteExtractiveBriefing(in, ExtractiveOptions{});
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_TRUE(CheckBriefing(*b));
  EXPECT_EQ(b->mode, BriefMode::kExtractive);
  EXPECT_EQ(b->model, "extractive");
  EXPECT_EQ(b->prompt_version, "extractive-v1");
  EXPECT_EQ(b->radar, in.radar);
  EXPECT_EQ(b->date_from, "2026-06-01");
  ASSERT_EQ(b->papers.size(), 30u);
  EXPECT_EQ(b->papers[7].id, in.papers[7].id);
  EXPECT_EQ(b->prompt_tokens + b->completion_tokens, 0);

  // Citations only of the given papers; every paper in exactly one theme.
  for (int n : Cited(*b)) {
    EXPECT_GE(n, 1);
    EXPECT_LE(n, 30);
  }
  std::multiset<int> in_themes;
  ASSERT_GE(b->themes.size(), 2u);
  for (const auto& t : b->themes) {
    EXPECT_FALSE(t.papers.empty());
    EXPECT_FALSE(t.title.empty());
    EXPECT_FALSE(FindCitations(t.summary).empty()) << t.summary;
    in_themes.insert(t.papers.begin(), t.papers.end());
  }
  EXPECT_EQ(in_themes.size(), 30u);
  EXPECT_EQ(std::set<int>(in_themes.begin(), in_themes.end()).size(), 30u);

  // Most of the radar's top ten are cited somewhere (prose or must-reads).
  std::set<int> cited = Cited(*b);
  for (const auto& m : b->must_reads) cited.insert(m.paper);
  int top = 0;
  for (int n = 1; n <= 10; ++n) top += cited.count(n) ? 1 : 0;
  EXPECT_GE(top, 7);

  ASSERT_EQ(b->must_reads.size(), 5u);
  EXPECT_EQ(b->must_reads[0].paper, 1);
  for (const auto& m : b->must_reads) EXPECT_TRUE(Contains(m.why, "Radar rank #")) << m.why;
  EXPECT_TRUE(Contains(b->overview, "30 papers"));
  EXPECT_TRUE(Contains(b->overview, "[1]"));
  ASSERT_FALSE(b->notes.empty());
  EXPECT_TRUE(Contains(b->notes[0], "no language model"));
}

TEST(ExtractiveBriefing, QuotesSentencesOfTheCitedAbstracts) {
  BriefInput in = LoadInput("brief/radar_pathology_30.json");
  auto b = WriteExtractiveBriefing(in, ExtractiveOptions{});
  ASSERT_TRUE(b);
  size_t checked = 0;
  for (const auto& t : b->themes) {
    std::vector<std::string> quotes = t.findings;
    for (const auto& s : SplitSentences(t.summary)) quotes.push_back(s);
    for (const auto& q : quotes) {
      auto cites = FindCitations(q);
      ASSERT_EQ(cites.size(), 1u) << q;
      int n = cites[0].numbers.at(0);
      EXPECT_TRUE(std::count(t.papers.begin(), t.papers.end(), n)) << "cites outside its theme";
      // The sentence without " [n]" and its final punctuation is in paper n's abstract.
      std::string body = q.substr(0, cites[0].begin);
      body = std::string(text::Trim(body));
      EXPECT_TRUE(Contains(in.papers[size_t(n - 1)].abstract, body)) << body;
      ++checked;
    }
    EXPECT_LE(t.findings.size(), 3u);
  }
  EXPECT_GE(checked, 2 * b->themes.size());
}

TEST(ExtractiveBriefing, FindingsReportResults) {
  BriefInput in = LoadInput("brief/radar_pathology_30.json");
  auto b = WriteExtractiveBriefing(in, ExtractiveOptions{});
  ASSERT_TRUE(b);
  size_t findings = 0;
  for (const auto& t : b->themes)
    for (const auto& f : t.findings) {
      EXPECT_GT(ResultCueScore(f), 0) << f;
      ++findings;
    }
  EXPECT_GE(findings, b->themes.size());
}

// The input with the fields researchers mean: "arXiv (cs.CV)" -> "cs.CV".
BriefInput ByCategory(BriefInput in) {
  for (auto& p : in.papers) {
    size_t open = p.badge.find('('), close = p.badge.find(')');
    if (text::StartsWith(p.badge, "arXiv (") && close != std::string::npos)
      p.field = p.badge.substr(open + 1, close - open - 1);
  }
  return in;
}

TEST(ExtractiveBriefing, BridgesJoinFieldsAndSayWhy) {
  BriefInput in = ByCategory(LoadInput("brief/radar_pathology_30.json"));
  ExtractiveOptions o;
  auto b = WriteExtractiveBriefing(in, o);
  ASSERT_TRUE(b);
  ASSERT_GE(b->bridges.size(), 1u);
  // The method both name, and the sentence of each abstract that names it.
  EXPECT_TRUE(text::StartsWith(b->bridges[0].why, "Both rest on “IHC” — in cs.CV: “"))
      << b->bridges[0].why;
  EXPECT_TRUE(Contains(b->bridges[0].why, "; in biorxiv:cancer-biology: “")) << b->bridges[0].why;
  for (const auto& x : b->bridges) {
    ASSERT_EQ(x.papers.size(), 2u);
    EXPECT_NE(in.papers[size_t(x.papers[0] - 1)].field, in.papers[size_t(x.papers[1] - 1)].field);
    EXPECT_TRUE(text::StartsWith(x.why, "Both rest on “")) << x.why;
    auto cites = FindCitations(x.why);
    ASSERT_EQ(cites.size(), 2u) << x.why;
    EXPECT_EQ(cites[0].numbers[0], x.papers[0]);
    EXPECT_EQ(cites[1].numbers[0], x.papers[1]);
  }
}

TEST(ExtractiveBriefing, WritesChineseLabelsAndKeepsQuotedSentences) {
  BriefInput in = ByCategory(LoadInput("brief/radar_pathology_30.json"));
  in.lang = "zh";
  ExtractiveOptions o;
  auto b = WriteExtractiveBriefing(in, o);
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_TRUE(CheckBriefing(*b));
  EXPECT_EQ(b->lang, "zh");
  EXPECT_TRUE(Contains(b->overview, "本抽取式简报涵盖 30 篇论文")) << b->overview;
  EXPECT_TRUE(Contains(b->overview, "个主题"));
  ASSERT_FALSE(b->bridges.empty());
  for (const auto& x : b->bridges) EXPECT_TRUE(text::StartsWith(x.why, "两篇论文都基于")) << x.why;
  for (const auto& m : b->must_reads) EXPECT_TRUE(text::StartsWith(m.why, "雷达排名第")) << m.why;
  for (const auto& t : b->trends) EXPECT_TRUE(Contains(t, "篇论文中")) << t;
  EXPECT_TRUE(Contains(b->notes[0], "未使用语言模型"));
  // The quoted sentences stay in the abstracts' language.
  auto en = WriteExtractiveBriefing(ByCategory(LoadInput("brief/radar_pathology_30.json")), o);
  ASSERT_TRUE(en);
  ASSERT_EQ(en->themes.size(), b->themes.size());
  EXPECT_EQ(en->themes[0].summary, b->themes[0].summary);
  EXPECT_EQ(en->themes[0].findings, b->themes[0].findings);

  std::string md = RenderMarkdown(*b);
  for (const char* label : {"抽取式简报（未使用语言模型）", "## 概述", "## 主题", "## 跨领域桥梁",
                            "## 必读", "## 参考文献", "篇论文"})
    EXPECT_TRUE(Contains(md, label)) << label;
  EXPECT_FALSE(Contains(md, "## Themes"));
  EXPECT_FALSE(Contains(md, "Extractive briefing"));
}

TEST(ExtractiveBriefing, IsDeterministic) {
  BriefInput in = LoadInput("brief/radar_pathology_30.json");
  auto a = WriteExtractiveBriefing(in, ExtractiveOptions{});
  auto b = WriteExtractiveBriefing(in, ExtractiveOptions{});
  ASSERT_TRUE(a && b);
  EXPECT_EQ(BriefingToJson(*a).dump(), BriefingToJson(*b).dump());
}

TEST(ExtractiveBriefing, HonoursItsOptions) {
  BriefInput in = LoadInput("brief/two_topics_12.json");
  ExtractiveOptions o;
  o.sentences_per_theme = 1;
  o.must_reads = 0;
  o.cluster.max_themes = 1;
  auto b = WriteExtractiveBriefing(in, o);
  ASSERT_TRUE(b);
  ASSERT_EQ(b->themes.size(), 1u);
  EXPECT_EQ(b->themes[0].papers.size(), 12u);
  EXPECT_EQ(FindCitations(b->themes[0].summary).size(), 1u);
  EXPECT_TRUE(b->must_reads.empty());
  EXPECT_TRUE(b->trends.empty());  // no earlier weeks: nothing can rise

  // Embeddings: used, and said so.
  o = ExtractiveOptions{};
  o.embeddings.assign(in.papers.size(), std::vector<float>{1.f, 0.f});
  for (size_t i = 0; i < in.papers.size(); ++i)
    if (in.papers[i].field == "cs") o.embeddings[i] = {0.f, 1.f};
  auto e = WriteExtractiveBriefing(in, o);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->themes.size(), 2u);
  EXPECT_TRUE(Contains(e->notes.back(), "embeddings"));
}

TEST(ExtractiveBriefing, RejectsAnEmptyInput) {
  BriefInput in;
  in.radar = "empty";
  auto b = WriteExtractiveBriefing(in, ExtractiveOptions{});
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, Code::kInvalidArgument);
}

TEST(ExtractiveBriefing, WritesABriefingOfOnePaper) {
  BriefInput in = LoadInput("brief/two_topics_12.json");
  in.papers.resize(1);
  auto b = WriteExtractiveBriefing(in, ExtractiveOptions{});
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_TRUE(CheckBriefing(*b));
  ASSERT_EQ(b->themes.size(), 1u);
  EXPECT_EQ(b->themes[0].papers, std::vector<int>{1});
  EXPECT_FALSE(b->themes[0].summary.empty());
  EXPECT_TRUE(b->bridges.empty());
  ASSERT_EQ(b->must_reads.size(), 1u);
  EXPECT_EQ(b->must_reads[0].paper, 1);
  EXPECT_TRUE(Contains(b->overview, "1 paper "));
  EXPECT_EQ(Cited(*b), std::set<int>{1});
}

TEST(ExtractiveBriefing, ShorteningATitleCannotOpenMath) {
  // Found by fuzzing: a long title was neutralised, then shortened inside
  // $...$, and the "$" left open unhid the "[2]" that followed in the overview.
  BriefInput in = LoadInput("brief/two_topics_12.json");
  in.papers.resize(1);
  in.papers[0].title = std::string(80, 'a') + " $x [2] " + std::string(40, 'b') + "$ tail [3]";
  auto b = WriteExtractiveBriefing(in, ExtractiveOptions{});
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_EQ(Cited(*b), std::set<int>{1});
}

TEST(ExtractiveBriefing, HostileTextCannotForgeCitations) {
  BriefInput in = LoadInput("brief/two_topics_12.json");
  in.papers.resize(4);
  in.papers[0].title = "<script>alert(1)</script> Reasoning [99] with $x";
  in.papers[0].abstract =
      "We show that reasoning improves by 12% over [42] and [7, 8]. Costs $5 [3]. "
      "We propose RL for reasoning (e.g. GRPO) in $[0,1]$. \xff\xfe broken.";
  in.papers[1].abstract.clear();
  in.papers[1].title.clear();
  in.papers[2].field.clear();
  in.papers[3].reasons = {"matches [12]"};
  in.papers[3].score = std::numeric_limits<double>::quiet_NaN();
  auto b = WriteExtractiveBriefing(in, ExtractiveOptions{});
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_TRUE(CheckBriefing(*b));
  for (int n : Cited(*b)) EXPECT_TRUE(n >= 1 && n <= 4) << n;
  std::string all;
  for (const auto& p : Prose(*b)) all += p + "\n";
  EXPECT_FALSE(Contains(all, "[42]"));
  EXPECT_FALSE(Contains(all, "[99]"));
}

}  // namespace
}  // namespace ah::brief
