#include "brief/llm_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "brief/answer.h"
#include "brief/render.h"
#include "fake_llm.h"
#include "testing.h"

namespace ah::brief {
namespace {

using ah::testing::ReadData;
using testing::AllUser;
using testing::AnswerFor;
using testing::FakeLlm;
using testing::LastUser;
using testing::LoadInput;
using testing::NumbersInPrompt;

bool Has(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

bool HasNote(const Briefing& b, std::string_view part) {
  for (const auto& n : b.notes) {
    if (Has(n, part)) return true;
  }
  return false;
}

// Every number the briefing cites, in lists and (as the renderer reads it) in prose.
std::vector<int> AllCited(const Briefing& b) {
  std::vector<int> out;
  std::vector<std::string> prose = {b.overview};
  for (const auto& t : b.themes) {
    out.insert(out.end(), t.papers.begin(), t.papers.end());
    prose.push_back(t.title);
    prose.push_back(t.summary);
    prose.insert(prose.end(), t.findings.begin(), t.findings.end());
  }
  for (const auto& br : b.bridges) {
    out.insert(out.end(), br.papers.begin(), br.papers.end());
    prose.push_back(br.why);
  }
  prose.insert(prose.end(), b.trends.begin(), b.trends.end());
  for (const auto& m : b.must_reads) {
    out.push_back(m.paper);
    prose.push_back(m.why);
  }
  for (const auto& s : prose) {
    for (const auto& span : FindCitations(s))
      out.insert(out.end(), span.numbers.begin(), span.numbers.end());
    for (int64_t n : InlineCitations(s)) out.push_back(static_cast<int>(n));
  }
  return out;
}

LlmBriefOptions Options() {
  LlmBriefOptions o;
  o.context_tokens = 32'000;
  o.max_answer_tokens = 2'000;
  return o;
}

TEST(LlmWriter, GoodAnswerGivesAnLlmBriefingWithProvenance) {
  FakeLlm llm;
  llm.Answer(ReadData("brief_llm/answer_good_en.json"));
  BriefInput in = LoadInput("en");
  auto b = WriteLlmBriefing(in, llm, Options());
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_EQ(b->mode, BriefMode::kLlm);
  EXPECT_EQ(b->lang, "en");
  EXPECT_EQ(b->radar, "ML for biology");
  EXPECT_EQ(b->date_from, "2024-05-06");
  EXPECT_EQ(b->date_to, "2024-05-12");
  EXPECT_EQ(b->model, "fake/fake-model");
  EXPECT_EQ(b->prompt_version, "brief-v2");
  EXPECT_EQ(b->llm_calls, 1);
  EXPECT_EQ(b->prompt_tokens, llm.accounting().prompt_tokens);
  EXPECT_EQ(b->completion_tokens, llm.accounting().completion_tokens);
  EXPECT_GT(b->prompt_tokens, 500);
  EXPECT_DOUBLE_EQ(b->cost_usd, 0.001);
  EXPECT_TRUE(b->notes.empty());
  EXPECT_EQ(b->papers.size(), 8u);
  ASSERT_EQ(b->themes.size(), 4u);
  EXPECT_EQ(b->themes[2].papers, (std::vector<int>{5, 6}));
  EXPECT_EQ(b->bridges.size(), 3u);
  EXPECT_EQ(b->must_reads.size(), 2u);
  EXPECT_TRUE(CheckBriefing(*b));

  ASSERT_EQ(llm.calls(), 1u);
  const auto requests = llm.requests();
  const auto& req = requests[0];
  EXPECT_TRUE(req.json_object);
  EXPECT_EQ(req.max_tokens, 2'000);
  ASSERT_EQ(req.messages.size(), 2u);
  EXPECT_EQ(req.messages[0].role, "system");
  EXPECT_EQ(req.messages[1].role, "user");
  EXPECT_EQ(NumbersInPrompt(req.messages[1].content), (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8}));
}

TEST(LlmWriter, UnknownCitationGetsOneStricterRetryListingTheValidNumbers) {
  FakeLlm llm;
  std::string bad = ReadData("brief_llm/answer_cite_unknown.json");
  llm.Answer(bad).Answer(ReadData("brief_llm/answer_good_en.json"));
  auto b = WriteLlmBriefing(LoadInput("en"), llm, Options());
  ASSERT_TRUE(b) << b.error().ToString();
  ASSERT_EQ(llm.calls(), 2u);
  const auto retry = llm.requests()[1];
  ASSERT_EQ(retry.messages.size(), 4u);
  EXPECT_EQ(retry.messages[2].role, "assistant");
  EXPECT_EQ(retry.messages[2].content, bad);  // the model sees what it said
  std::string msg = LastUser(retry);
  EXPECT_TRUE(Has(msg, "Cite only these paper numbers: 1-8."));
  EXPECT_TRUE(Has(msg, "themes[0].papers lists 15, not given"));
  EXPECT_TRUE(Has(msg, "overview cites 12, 14, 9, 10, 11, 20, not given"));
  EXPECT_TRUE(Has(msg, "- …\n"));  // at most 12 violations are listed
  EXPECT_TRUE(retry.json_object);
  EXPECT_EQ(b->themes.size(), 4u);
  EXPECT_EQ(b->llm_calls, 2);
  EXPECT_DOUBLE_EQ(b->cost_usd, 0.002);
  EXPECT_TRUE(HasNote(*b, "1 answer was corrected by a stricter retry"));
  EXPECT_FALSE(HasNote(*b, "dropped"));
}

TEST(LlmWriter, UnknownCitationsLeftAfterTheRetryAreDroppedNeverShown) {
  FakeLlm llm;
  std::string bad = ReadData("brief_llm/answer_cite_unknown.json");
  llm.Answer(bad).Answer(bad);
  auto b = WriteLlmBriefing(LoadInput("en"), llm, Options());
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_EQ(llm.calls(), 2u);  // exactly one retry
  for (int n : AllCited(*b)) {
    EXPECT_GE(n, 1);
    EXPECT_LE(n, 8);
  }
  std::string md = RenderMarkdown(*b);
  for (const char* shown : {"[12]", "[14]", "[15]", "[17]", "[99]", "Hallucinated theme"}) {
    EXPECT_FALSE(Has(md, shown)) << shown;
  }
  EXPECT_TRUE(HasNote(*b, "18 citations to papers that were not given dropped"));
  EXPECT_TRUE(HasNote(*b, "1 theme citing no given paper dropped"));
  EXPECT_FALSE(HasNote(*b, "corrected"));  // the retry did not fix it
  EXPECT_TRUE(CheckBriefing(*b));
}

TEST(LlmWriter, AnswerInTheWrongLanguageGetsARetryInTheUsersLanguage) {
  FakeLlm llm;
  llm.Answer(ReadData("brief_llm/answer_good_en.json"))
      .Answer(ReadData("brief_llm/answer_good_zh.json"));
  auto b = WriteLlmBriefing(LoadInput("zh"), llm, Options());
  ASSERT_TRUE(b) << b.error().ToString();
  ASSERT_EQ(llm.calls(), 2u);
  std::string msg = LastUser(llm.requests()[1]);
  EXPECT_TRUE(Has(msg, "你上一次的回答无法直接使用"));
  EXPECT_TRUE(Has(msg, "not written in Chinese"));
  EXPECT_TRUE(Has(msg, "所有文字一律用简体中文书写"));
  EXPECT_EQ(b->lang, "zh");
  EXPECT_EQ(b->themes[0].title, "图网络与学习势函数下的蛋白质结构");
  EXPECT_TRUE(HasNote(*b, "次回答经更严格的重试后修正"));
}

TEST(LlmWriter, WrongLanguageTwiceFails) {
  FakeLlm llm;
  std::string en = ReadData("brief_llm/answer_good_en.json");
  llm.Answer(en).Answer(en);
  LlmSpend spent;
  auto b = WriteLlmBriefing(LoadInput("zh"), llm, Options(), &spent);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, Code::kParse);
  EXPECT_TRUE(Has(b.error().message, "not in Chinese after a stricter retry")) << b.error().message;
  EXPECT_EQ(spent.calls, 2);
  EXPECT_GT(spent.prompt_tokens, 0);
}

TEST(LlmWriter, MalformedJsonGetsARetry) {
  FakeLlm llm;
  llm.Answer(ReadData("brief_llm/answer_malformed.txt"))
      .Answer(ReadData("brief_llm/answer_good_en.json"));
  auto b = WriteLlmBriefing(LoadInput("en"), llm, Options());
  ASSERT_TRUE(b) << b.error().ToString();
  ASSERT_EQ(llm.calls(), 2u);
  std::string msg = LastUser(llm.requests()[1]);
  EXPECT_TRUE(Has(msg,
                  "the answer is not valid JSON: fake/fake-model (write): line 1, column 1 "
                  "(byte 0): truncated JSON"));
  EXPECT_TRUE(Has(msg, "truncated"));
  EXPECT_EQ(b->themes.size(), 4u);
}

TEST(LlmWriter, MalformedJsonTwiceIsAParseError) {
  FakeLlm llm;
  std::string bad = ReadData("brief_llm/answer_malformed.txt");
  llm.Answer(bad).Answer("I'm sorry, I cannot produce JSON.");
  auto b = WriteLlmBriefing(LoadInput("en"), llm, Options());
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, Code::kParse);
  EXPECT_TRUE(Has(b.error().message, "malformed answer after a stricter retry"));
  EXPECT_EQ(llm.calls(), 2u);
}

TEST(LlmWriter, AnswerCutAtTheLengthLimitAsksForShorterTexts) {
  FakeLlm llm;
  llm.Answer(ReadData("brief_llm/answer_malformed.txt"), "length")
      .Answer(ReadData("brief_llm/answer_good_en.json"));
  auto b = WriteLlmBriefing(LoadInput("en"), llm, Options());
  ASSERT_TRUE(b);
  EXPECT_TRUE(Has(LastUser(llm.requests()[1]), "cut off at the length limit"));
}

TEST(LlmWriter, ProviderErrorsKeepTheirCode) {
  for (Code code : {Code::kUnavailable, Code::kIo, Code::kInvalidArgument}) {
    FakeLlm llm;
    llm.Fail(code, "HTTP 429 after 4 retries");
    auto b = WriteLlmBriefing(LoadInput("en"), llm, Options());
    ASSERT_FALSE(b);
    EXPECT_EQ(b.error().code, code);
    EXPECT_TRUE(Has(b.error().message, "briefing write: HTTP 429")) << b.error().message;
    EXPECT_EQ(llm.calls(), 1u);
  }
}

TEST(LlmWriter, FailedRetryKeepsTheRepairedFirstAnswer) {
  FakeLlm llm;
  llm.Answer(ReadData("brief_llm/answer_cite_unknown.json")).Fail(Code::kIo, "timeout after 120 s");
  auto b = WriteLlmBriefing(LoadInput("en"), llm, Options());
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_EQ(b->themes.size(), 2u);
  EXPECT_TRUE(HasNote(*b, "the stricter retry failed (timeout after 120 s)"));
  EXPECT_TRUE(HasNote(*b, "citations to papers that were not given dropped"));
  for (int n : AllCited(*b)) EXPECT_LE(n, 8);
}

TEST(LlmWriter, ChinesePromptsForChineseBriefings) {
  FakeLlm llm;
  llm.Answer(ReadData("brief_llm/answer_good_zh.json"));
  auto b = WriteLlmBriefing(LoadInput("zh"), llm, Options());
  ASSERT_TRUE(b) << b.error().ToString();
  ASSERT_EQ(llm.calls(), 1u);
  const auto req = llm.requests()[0];
  EXPECT_TRUE(Has(req.messages[0].content, "你是一名科研分析员"));
  EXPECT_TRUE(Has(req.messages[0].content, "所有文字一律用简体中文书写"));
  EXPECT_TRUE(Has(req.messages[1].content, "领域：cs"));
  EXPECT_TRUE(Has(req.messages[1].content, "现在输出简报的 JSON 对象。"));
  EXPECT_GT(MeasureLanguage(req.messages[0].content).CjkShare(), 0.6);
  EXPECT_TRUE(b->notes.empty());
}

TEST(LlmWriter, HintsFromTheClustersAreShown) {
  FakeLlm llm;
  llm.Answer(ReadData("brief_llm/answer_good_en.json"));
  auto b = WriteLlmBriefing(LoadInput("en"), llm, Options());
  ASSERT_TRUE(b);
  std::string user = AllUser(llm.requests()[0]);
  EXPECT_TRUE(Has(user, "Candidate clusters") || Has(user, "Bridge candidates")) << user;
  EXPECT_EQ(NumbersInPrompt(user).size(), 8u);  // hints never look like papers
}

// A responder playing a well-behaved model for map, merge and reduce prompts.
Result<std::string> StagedModel(const llm::ChatRequest& r) {
  std::string user = AllUser(r);
  std::vector<int> numbers = NumbersInPrompt(user);
  if (numbers.empty()) return MakeError(Code::kInternal, "no papers in the prompt");
  return AnswerFor(numbers, false);
}

TEST(LlmWriter, InputLargerThanTheContextIsMappedThenReduced) {
  BriefInput in = LoadInput("en");
  LlmBriefOptions o = Options();
  o.hints = false;
  o.max_answer_tokens = 300;
  int64_t whole = BuildBriefPrompt(in, {}, o.format).EstimatedTokens();
  o.context_tokens = o.max_answer_tokens + whole * 2 / 3;  // the whole prompt does not fit
  o.max_parallel = 3;
  FakeLlm llm;
  llm.SetResponder(StagedModel);
  auto b = WriteLlmBriefing(in, llm, o);
  ASSERT_TRUE(b) << b.error().ToString();

  std::vector<llm::ChatRequest> maps, reduces;
  for (const auto& r : llm.requests()) {
    (Has(AllUser(r), "Partial analyses") ? reduces : maps).push_back(r);
  }
  ASSERT_GE(maps.size(), 2u);
  ASSERT_EQ(reduces.size(), 1u);
  std::vector<int> seen;
  const double budget = static_cast<double>(o.context_tokens - o.max_answer_tokens);
  for (const auto& m : maps) {
    EXPECT_TRUE(Has(m.messages[0].content, "of the papers; the parts are merged later"));
    EXPECT_TRUE(m.json_object);
    int64_t tokens =
        EstimateTokens(m.messages[0].content) + EstimateTokens(m.messages[1].content) + 16;
    EXPECT_LE(static_cast<double>(tokens) * 1.1, budget);
    for (int n : NumbersInPrompt(AllUser(m))) seen.push_back(n);
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8}));  // each paper in one part
  // The partial themes reach the reduce with their global numbers.
  std::string reduce = AllUser(reduces[0]);
  std::vector<int> last_part = NumbersInPrompt(AllUser(maps.back()));
  std::string papers = "\"papers\":[" + std::to_string(last_part[0]);
  EXPECT_TRUE(Has(reduce, papers)) << reduce;
  EXPECT_EQ(NumbersInPrompt(reduce), (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8}));  // the index
  EXPECT_TRUE(Has(reduces[0].messages[0].content, "Merge them into the final briefing"));

  EXPECT_EQ(b->llm_calls, static_cast<int64_t>(maps.size() + 1));
  EXPECT_TRUE(
      HasNote(*b, "written in stages: " + std::to_string(maps.size()) + " parts, then merged"));
  ASSERT_EQ(b->themes.size(), 4u);  // the reduce's answer, global numbering
  EXPECT_EQ(b->themes[3].papers, (std::vector<int>{7, 8}));
  EXPECT_TRUE(CheckBriefing(*b));
}

TEST(LlmWriter, PartialAnswersTooBigForOneReduceAreMergedInLevels) {
  BriefInput in = LoadInput("zh");
  LlmBriefOptions o = Options();
  o.hints = false;
  o.max_answer_tokens = 300;
  o.context_tokens = 1200;  // Chinese prompts cost a token per character
  FakeLlm llm;
  llm.SetResponder([](const llm::ChatRequest& r) -> Result<std::string> {
    // One theme per paper with a long title: even the titles of all partial
    // answers do not fit one reduce prompt.
    std::vector<int> numbers = NumbersInPrompt(AllUser(r));
    if (Has(AllUser(r), "局部分析（JSON）")) {  // merging: fewer, broader themes
      return AnswerFor(numbers, true);
    }
    nlohmann::json themes = nlohmann::json::array();
    for (int n : numbers) {
      std::string title = "第" + std::to_string(n) + "篇论文的研究方向与方法创新及实验发现";
      themes.push_back({{"title", title},
                        {"summary", "该论文提出了新的方法 [" + std::to_string(n) + "]。"},
                        {"papers", {n}}});
    }
    return nlohmann::json{{"overview", "概述。"}, {"themes", themes}}.dump();
  });
  auto b = WriteLlmBriefing(in, llm, o);
  ASSERT_TRUE(b) << b.error().ToString();
  size_t maps = 0, merges = 0, finals = 0;
  for (const auto& r : llm.requests()) {
    std::string user = AllUser(r);
    if (Has(user, "现在输出合并后的局部分析 JSON 对象。")) {
      ++merges;
    } else if (Has(user, "局部分析（JSON）")) {
      ++finals;
    } else {
      ++maps;
    }
    const double tokens = static_cast<double>(EstimateTokens(r.messages[0].content) +
                                              EstimateTokens(r.messages[1].content) + 16);
    EXPECT_LE(tokens * 1.1, static_cast<double>(o.context_tokens - o.max_answer_tokens));
  }
  EXPECT_GE(maps, 3u) << maps << " maps, " << merges << " merges";
  EXPECT_GE(merges, 1u) << maps << " maps, " << merges << " merges";
  EXPECT_EQ(finals, 1u);
  EXPECT_FALSE(b->themes.empty());
  EXPECT_TRUE(CheckBriefing(*b));
}

TEST(LlmWriter, MapAnswerCitingAnotherPartsPaperIsRepaired) {
  BriefInput in = LoadInput("en");
  LlmBriefOptions o = Options();
  o.hints = false;
  o.max_answer_tokens = 300;
  o.context_tokens =
      o.max_answer_tokens + BuildBriefPrompt(in, {}, o.format).EstimatedTokens() * 2 / 3;
  o.max_parallel = 1;
  FakeLlm llm;
  llm.SetResponder([](const llm::ChatRequest& r) -> Result<std::string> {
    std::vector<int> numbers = NumbersInPrompt(AllUser(r));
    if (Has(AllUser(r), "Partial analyses")) return AnswerFor(numbers, false);
    // Every map answer also cites a paper of another part.
    int other = std::find(numbers.begin(), numbers.end(), 8) == numbers.end() ? 8 : 1;
    return AnswerFor(numbers, false, other);
  });
  auto b = WriteLlmBriefing(in, llm, o);
  ASSERT_TRUE(b) << b.error().ToString();
  size_t retries = 0;
  for (const auto& r : llm.requests()) {
    if (Has(LastUser(r), "Cite only these paper numbers")) ++retries;
  }
  EXPECT_GE(retries, 2u);  // one per part
  EXPECT_TRUE(HasNote(*b, "citations to papers that were not given dropped"));
}

TEST(LlmWriter, ContextTooSmallForOnePaperIsTooLarge) {
  FakeLlm llm;
  LlmBriefOptions o = Options();
  o.context_tokens = 500;
  o.max_answer_tokens = 100;
  auto b = WriteLlmBriefing(LoadInput("en"), llm, o);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, Code::kTooLarge);
  EXPECT_EQ(llm.calls(), 0u);
}

TEST(LlmWriter, InvalidInputs) {
  FakeLlm llm;
  BriefInput empty;
  auto none = WriteLlmBriefing(empty, llm, Options());
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, Code::kInvalidArgument);
  EXPECT_TRUE(Has(none.error().message, "no papers"));
  LlmBriefOptions o = Options();
  o.context_tokens = o.max_answer_tokens;
  auto bad = WriteLlmBriefing(LoadInput(), llm, o);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Code::kInvalidArgument);
  EXPECT_EQ(llm.calls(), 0u);
}

}  // namespace
}  // namespace ah::brief
