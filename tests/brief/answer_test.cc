#include "brief/answer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "brief/render.h"
#include "fake_llm.h"
#include "testing.h"

namespace ah::brief {
namespace {

using ah::testing::ReadData;
using testing::LoadInput;

bool Has(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

AnswerRules Rules(const std::string& lang = "en") { return RulesFor(LoadInput(lang)); }

// Every text of an answer, for scanning citations.
std::vector<std::string> Prose(const BriefAnswer& a) {
  std::vector<std::string> out = {a.overview};
  for (const auto& t : a.themes) {
    out.push_back(t.title);
    out.push_back(t.summary);
    out.insert(out.end(), t.findings.begin(), t.findings.end());
  }
  for (const auto& b : a.bridges) out.push_back(b.why);
  out.insert(out.end(), a.trends.begin(), a.trends.end());
  for (const auto& m : a.must_reads) out.push_back(m.why);
  return out;
}

// Every number cited anywhere (lists and prose), by our scanner and the renderer's.
std::vector<int64_t> AllCited(const BriefAnswer& a) {
  std::vector<int64_t> out;
  for (const auto& t : a.themes) out.insert(out.end(), t.papers.begin(), t.papers.end());
  for (const auto& b : a.bridges) out.insert(out.end(), b.papers.begin(), b.papers.end());
  for (const auto& m : a.must_reads) out.push_back(m.paper);
  for (const auto& s : Prose(a)) {
    for (int64_t n : InlineCitations(s)) out.push_back(n);
    for (const auto& span : FindCitations(s))
      out.insert(out.end(), span.numbers.begin(), span.numbers.end());
  }
  return out;
}

Briefing AsBriefing(const BriefAnswer& a, const BriefInput& in) {
  Briefing b;
  b.papers = in.papers;
  b.overview = a.overview;
  b.themes = a.themes;
  b.bridges = a.bridges;
  b.trends = a.trends;
  b.must_reads = a.must_reads;
  return b;
}

TEST(BriefAnswer, GoodEnglishAnswerKeepsEverySection) {
  auto a = ParseBriefAnswer(ReadData("brief_llm/answer_good_en.json"), Rules(), "test");
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_TRUE(a->violations.empty()) << a->violations[0].detail;
  EXPECT_FALSE(a->NeedsRetry());
  ASSERT_EQ(a->themes.size(), 4u);
  EXPECT_EQ(a->themes[0].title, "Protein structure with graph networks and learned physics");
  EXPECT_EQ(a->themes[0].papers, (std::vector<int>{1, 2, 4}));
  ASSERT_EQ(a->themes[0].findings.size(), 3u);
  EXPECT_EQ(a->themes[0].findings[1],
            "Coevolution-aware message passing recovers 71% of long-range contacts for small "
            "families [2].");
  EXPECT_EQ(a->themes[1].papers, std::vector<int>{3});
  ASSERT_EQ(a->bridges.size(), 3u);
  EXPECT_EQ(a->bridges[1].papers, (std::vector<int>{5, 6}));
  EXPECT_EQ(a->trends.size(), 2u);
  ASSERT_EQ(a->must_reads.size(), 2u);
  EXPECT_EQ(a->must_reads[0].paper, 2);
  EXPECT_EQ(a->must_reads[1].why, "A practical abstention guarantee for language models.");
  EXPECT_TRUE(Has(a->overview, "machine learning [1] and bioinformatics [2]"));
  EXPECT_TRUE(CheckBriefing(AsBriefing(*a, LoadInput())));
}

TEST(BriefAnswer, GoodChineseAnswerPassesTheChineseCheck) {
  auto a = ParseBriefAnswer(ReadData("brief_llm/answer_good_zh.json"), Rules("zh"), "test");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->violations.empty()) << a->violations[0].detail;
  EXPECT_EQ(a->themes.size(), 4u);
  EXPECT_EQ(a->themes[3].title, "单细胞图谱与细胞嵌入");
  EXPECT_EQ(a->bridges.size(), 2u);
}

TEST(BriefAnswer, AnswerInTheWrongLanguageIsAViolation) {
  auto en_for_zh = ParseBriefAnswer(ReadData("brief_llm/answer_good_en.json"), Rules("zh"), "t");
  ASSERT_TRUE(en_for_zh);
  EXPECT_EQ(en_for_zh->Count(ViolationKind::kWrongLanguage), 1);
  EXPECT_TRUE(en_for_zh->NeedsRetry());
  EXPECT_TRUE(Has(en_for_zh->violations.back().detail, "not written in Chinese"));
  auto zh_for_en = ParseBriefAnswer(ReadData("brief_llm/answer_good_zh.json"), Rules("en"), "t");
  ASSERT_TRUE(zh_for_en);
  EXPECT_EQ(zh_for_en->Count(ViolationKind::kWrongLanguage), 1);
  EXPECT_TRUE(Has(zh_for_en->violations.back().detail, "not written in English"));
}

TEST(BriefAnswer, ChineseWithEnglishTermsIsChinese) {
  LanguageStats s = MeasureLanguage(
      "本文提出 LoRA-Flow，在 LLaMA-2 7B 和 Mistral 上对 MMLU、GSM8K "
      "进行评测，并在多数任务上优于基线方法。");
  EXPECT_TRUE(LanguageMatches(s, "zh"));
  EXPECT_FALSE(LanguageMatches(s, "en"));
  EXPECT_TRUE(
      LanguageMatches(MeasureLanguage("We study 蛋白质 folding with graph networks."), "en"));
  EXPECT_FALSE(
      LanguageMatches(MeasureLanguage("We study protein folding with graph networks."), "zh"));
  EXPECT_TRUE(LanguageMatches(MeasureLanguage("GNN [1]"), "zh"));  // too little to judge
}

TEST(BriefAnswer, FencedAnswerWithProseAroundIsFound) {
  auto a = ParseBriefAnswer(ReadData("brief_llm/answer_fenced.txt"), Rules(), "test");
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_TRUE(a->violations.empty());
  ASSERT_EQ(a->themes.size(), 2u);
  EXPECT_EQ(a->themes[1].papers, (std::vector<int>{5, 6}));
  EXPECT_EQ(a->trends[0], "Conformal methods spread {to new fields} [5][6].");
  EXPECT_EQ(a->bridges.size(), 1u);
}

TEST(BriefAnswer, ProseBeforeAnUnfencedObjectIsSkipped) {
  auto a = ParseBriefAnswer(
      "Note {draft}: here it is {\"overview\": \"x [1]\", \"themes\": [{\"title\": \"T\", "
      "\"summary\": \"s [2]\", \"papers\": [2]}]} -- done",
      Rules(), "test");
  ASSERT_TRUE(a) << a.error().ToString();
  ASSERT_EQ(a->themes.size(), 1u);
  EXPECT_EQ(a->themes[0].papers, std::vector<int>{2});
}

TEST(BriefAnswer, CitationsOfPapersNotGivenAreRemovedEverywhere) {
  BriefInput in = LoadInput();
  auto a = ParseBriefAnswer(ReadData("brief_llm/answer_cite_unknown.json"), RulesFor(in), "test");
  ASSERT_TRUE(a) << a.error().ToString();
  for (int64_t n : AllCited(*a)) {
    EXPECT_GE(n, 1);
    EXPECT_LE(n, 8);
  }
  EXPECT_TRUE(a->NeedsRetry());
  EXPECT_GE(a->Count(ViolationKind::kUnknownPaper), 8);
  // 12, 14, 9-11 (9, 10, 11), 20, 15 (prose), 15 (list), 99, 10 (prose), 10, 11 (list),
  // 13 (prose), 13 (list), 16 (list), 16 (prose), 17, 18.
  EXPECT_EQ(a->unknown_citations, 18);
  EXPECT_EQ(a->overview, "Protein work [1] and uncertainty [5] lead this week, see also and.");
  ASSERT_EQ(a->themes.size(), 2u);  // the hallucinated theme is gone
  EXPECT_EQ(a->dropped_themes, 1);
  EXPECT_EQ(a->themes[0].summary,
            "Refinement [1], contacts [2] and folding [3][4]; compare the earlier study.");
  EXPECT_EQ(a->themes[0].papers, (std::vector<int>{1, 2, 4}));
  EXPECT_EQ(a->themes[0].findings[0], "Contacts for shallow alignments [2].");
  EXPECT_EQ(a->themes[1].papers, (std::vector<int>{5, 6}));  // "5", 6.0 accepted
  EXPECT_EQ(a->themes[1].summary, "Conformal intervals [5] and abstention [6].");
  ASSERT_EQ(a->bridges.size(), 1u);
  EXPECT_EQ(a->bridges[0].papers, (std::vector<int>{5, 6}));
  EXPECT_EQ(a->bridges[0].why, "Calibration shared by [5] and [6] and.");
  EXPECT_EQ(a->trends[0], "Everything cites.");
  ASSERT_EQ(a->must_reads.size(), 1u);
  EXPECT_EQ(a->must_reads[0].paper, 2);
  EXPECT_TRUE(CheckBriefing(AsBriefing(*a, in)));
}

TEST(BriefAnswer, InlineCitationForms) {
  auto allowed = [](int64_t n) { return n >= 1 && n <= 4; };
  int unknown = 0;
  EXPECT_EQ(CleanCitations("a [3-5] b", allowed, &unknown), "a [3][4] b");
  EXPECT_EQ(CleanCitations("a [3, 7] b", allowed, &unknown), "a [3] b");
  EXPECT_EQ(CleanCitations("a [3–4]", allowed, &unknown), "a [3][4]");
  EXPECT_EQ(CleanCitations("a ［2］ and 【1，4】", allowed, &unknown), "a [2] and [1][4]");
  EXPECT_EQ(CleanCitations("see [Paper 2] and [papers 1; 9]", allowed, &unknown),
            "see [2] and [1]");
  EXPECT_EQ(CleanCitations("见[论文3]与[#9]。", allowed, &unknown), "见[3]与。");
  EXPECT_EQ(CleanCitations("[0] x [99999999999999999999]", allowed, &unknown), " x");
  EXPECT_EQ(unknown, 6);  // 5, 7, 9, 9 ([#9]), 0, the huge one
  EXPECT_EQ(InlineCitations("[1-3] and [2, 5]"), (std::vector<int64_t>{1, 2, 3, 2, 5}));
  EXPECT_EQ(InlineCitations("[1-1000]"), (std::vector<int64_t>{1, 1000}));  // no huge expansion
}

TEST(BriefAnswer, BracketsThatAreNoCitationsStay) {
  auto allowed = [](int64_t n) { return n == 1; };
  int unknown = 0;
  EXPECT_EQ(CleanCitations("see [Section 2] and [a, b]", allowed, &unknown),
            "see [Section 2] and [a, b]");
  EXPECT_EQ(CleanCitations("for $x \\in [0, 1]$ and $$[5]$$ [1]", allowed, &unknown),
            "for $x \\in [0, 1]$ and $$[5]$$ [1]");
  EXPECT_EQ(CleanCitations("[[2]] [1[2]]", allowed, &unknown),
            "[] [1]");  // removal joined "[1" and "]": paper 1 is allowed
  EXPECT_EQ(unknown, 2);
  EXPECT_EQ(CleanCitations("[2[1[3]]]", allowed, &unknown), "[2[1]]");
}

TEST(BriefAnswer, ThemeWithoutPapersIsDroppedOrUsesItsInlineCitations) {
  auto a = ParseBriefAnswer(
      R"({"overview": "o", "themes": [
           {"title": "Listed nothing", "summary": "But cites [3] and [4].", "papers": []},
           {"title": "Empty", "summary": "No citation at all.", "papers": []},
           {"title": "Unknown only", "summary": "x", "papers": [42]}]})",
      Rules(), "test");
  ASSERT_TRUE(a);
  ASSERT_EQ(a->themes.size(), 1u);
  EXPECT_EQ(a->themes[0].papers, (std::vector<int>{3, 4}));
  EXPECT_EQ(a->dropped_themes, 2);
  EXPECT_EQ(a->Count(ViolationKind::kThemeWithoutPapers), 2);
  EXPECT_TRUE(a->NeedsRetry());
}

TEST(BriefAnswer, BridgesMustJoinTwoFields) {
  auto a = ParseBriefAnswer(ReadData("brief_llm/answer_one_field_bridge.json"), Rules(), "test");
  ASSERT_TRUE(a);
  // [1, 3] are both cs: dropped; [1, 8] are cs too; [2, 7] are two bioRxiv subjects: kept.
  ASSERT_EQ(a->bridges.size(), 1u);
  EXPECT_EQ(a->bridges[0].papers, (std::vector<int>{2, 7}));
  EXPECT_EQ(a->dropped_bridges, 2);
  EXPECT_EQ(a->Count(ViolationKind::kBridgeOneField), 2);
  EXPECT_FALSE(a->NeedsRetry());  // dropping is enough
}

TEST(BriefAnswer, FieldsCompareCaseInsensitively) {
  BriefInput in = LoadInput();
  in.papers[2].field = "CS";
  auto a = ParseBriefAnswer(
      R"({"themes": [{"title": "t", "papers": [1]}], "bridges": [{"papers": [1, 3], "why": "w"}]})",
      RulesFor(in), "test");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->bridges.empty());
}

TEST(BriefAnswer, MapStageAllowsOnlyItsOwnPapers) {
  AnswerRules r = Rules();
  r.allowed = {5, 6, 7};
  r.partial = true;
  auto a = ParseBriefAnswer(
      R"({"themes": [{"title": "Uncertainty", "summary": "Intervals [5] as in [1].", "papers": [5, 6, 1]}]})",
      r, "map");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->themes[0].papers, (std::vector<int>{5, 6}));
  EXPECT_EQ(a->themes[0].summary, "Intervals [5] as in.");
  EXPECT_EQ(a->unknown_citations, 2);
}

TEST(BriefAnswer, MalformedJsonIsAParseErrorWithItsBytePosition) {
  std::string bad = ReadData("brief_llm/answer_malformed.txt");
  auto a = ParseBriefAnswer(bad, Rules(), "fake/model");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, Code::kParse);
  // Where the unclosed object opens, never an offset at or past the end of the answer.
  EXPECT_TRUE(Has(a.error().message, "fake/model: line 1, column 1 (byte 0): truncated JSON"))
      << a.error().message;
  EXPECT_TRUE(Has(a.error().message, "(" + std::to_string(bad.size()) + " bytes)"));

  auto syntax = ParseJsonAnswer(R"({"themes": [1, 2,, 3]})", "m");
  ASSERT_FALSE(syntax);
  EXPECT_TRUE(Has(syntax.error().message, "m: line 1, column 18 (byte 17): malformed JSON: "))
      << syntax.error().message;
  auto lines = ParseJsonAnswer("Here it is:\n{\"themes\":\n  [1, x]}", "m");
  ASSERT_FALSE(lines);
  EXPECT_TRUE(Has(lines.error().message, "m: line 3, column 7 (byte 29): malformed JSON: "))
      << lines.error().message;

  for (const char* hostile :
       {"", "no json here", "[1, 2, 3]", "{", "}{", "\"{\"", "{\"a\": \"\\\"}"}) {
    auto r = ParseBriefAnswer(hostile, Rules(), "m");
    ASSERT_FALSE(r) << hostile;
    EXPECT_EQ(r.error().code, Code::kParse);
    EXPECT_TRUE(Has(r.error().message, "m: line 1, column ")) << r.error().message;
  }
}

TEST(BriefAnswer, DeepNestingAndHugeAnswersAreRejected) {
  std::string deep = "{\"themes\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  auto a = ParseBriefAnswer(deep, Rules(), "m");
  ASSERT_FALSE(a);
  EXPECT_TRUE(Has(a.error().message, "nested deeper")) << a.error().message;
  std::string huge = "{\"overview\": \"" + std::string(5u << 20, 'a') + "\"}";
  auto h = ParseBriefAnswer(huge, Rules(), "m");
  ASSERT_FALSE(h);
  EXPECT_TRUE(Has(h.error().message, "too large"));
}

TEST(BriefAnswer, WrongTypesAreSchemaViolationsNotCrashes) {
  auto a = ParseBriefAnswer(
      R"({"overview": 3, "themes": [7, {"title": ["x"], "summary": null, "papers": "1",
          "findings": [1, "ok [1]"]}, {"title": "T", "papers": [1.5, -3, true, 1e300, 18446744073709551615, 2]}],
          "bridges": {"a": 1}, "trends": "t", "must_reads": [3, "4", {"paper": "x"}, {"why": "no paper"}]})",
      Rules(), "m");
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_TRUE(a->overview.empty());
  ASSERT_EQ(a->themes.size(), 2u);  // the second theme's "1" is no list: inline [1] stands in
  EXPECT_EQ(a->themes[0].papers, std::vector<int>{1});
  EXPECT_EQ(a->themes[0].findings, std::vector<std::string>{"ok [1]"});
  EXPECT_EQ(a->themes[1].papers, std::vector<int>{2});
  ASSERT_EQ(a->must_reads.size(), 2u);
  EXPECT_EQ(a->must_reads[1].paper, 4);
  EXPECT_GE(a->Count(ViolationKind::kSchema), 6);
  EXPECT_TRUE(a->NeedsRetry());
}

TEST(BriefAnswer, MissingThemesNeedARetry) {
  auto a = ParseBriefAnswer(R"({"overview": "Nothing [1]."})", Rules(), "m");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->themes.empty());
  EXPECT_EQ(a->Count(ViolationKind::kSchema), 1);
  auto wrapped = ParseBriefAnswer(
      R"({"briefing": {"themes": [{"title": "T", "summary": "s [1]", "papers": [1]}]}})", Rules(),
      "m");
  ASSERT_TRUE(wrapped);
  EXPECT_EQ(wrapped->themes.size(), 1u);
}

}  // namespace
}  // namespace ah::brief
