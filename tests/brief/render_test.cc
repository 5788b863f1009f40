#include "brief/render.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "brief/extractive.h"
#include "core/text.h"
#include "testing.h"

namespace ah::brief {
namespace {

using nlohmann::json;

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

size_t Count(std::string_view hay, std::string_view needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string_view::npos; at = hay.find(needle, at + 1))
    ++n;
  return n;
}

BriefPaper Paper(std::string id, std::string title, std::string field, std::string url) {
  BriefPaper p;
  p.id = std::move(id);
  p.title = std::move(title);
  p.field = std::move(field);
  p.url = std::move(url);
  p.badge = "arXiv (" + p.field + ")";
  return p;
}

// A small valid briefing with three papers of two fields.
Briefing Sample() {
  Briefing b;
  b.mode = BriefMode::kLlm;
  b.lang = "en";
  b.radar = "Graph ML";
  b.date_from = "2026-06-01";
  b.date_to = "2026-06-07";
  b.papers = {
      Paper("2606.00001", "Message passing on sheaves", "cs", "https://arxiv.org/abs/2606.00001"),
      Paper("2606.00002", "Sheaf Laplacians for spatial omics", "q-bio",
            "https://arxiv.org/abs/2606.00002"),
      Paper("doi:10.1101/2026.01.01.1", "Cell niches", "biorxiv:genomics",
            "https://www.biorxiv.org/content/10.1101/2026.01.01.1v1")};
  b.papers[1].tldr = "Sheaves model tissue [2].";
  b.overview = "Three papers on sheaves [1][2], one on cells [3].";
  b.themes = {Theme{"Sheaves",
                    "Sheaf methods spread [1, 2].",
                    {1, 2},
                    {"Wins by 3% [1]."},
                    "You follow sheaf methods [1]."},
              Theme{"Cells", "Niches [3].", {3}, {}, ""}};
  b.bridges = {Bridge{{1, 2}, "Both use sheaf Laplacians [1] [2]."}};
  b.trends = {"Sheaves rise [1-2]."};
  b.must_reads = {MustRead{2, "Bridges two fields."}, MustRead{1, ""}};
  b.model = "openai/gpt-4o-mini";
  b.prompt_version = "brief-v1";
  b.prompt_tokens = 1200;
  b.completion_tokens = 340;
  b.cost_usd = 0.0021;
  b.llm_calls = 1;
  b.notes = {"1 citation to an unknown paper was dropped"};
  return b;
}

// ---- Citations ----

TEST(BriefCitations, FindsSingleListsAndRanges) {
  auto c = FindCitations("a [1] b [2, 3] c [4-6] d [7–8] e [ 9 ]");
  ASSERT_EQ(c.size(), 5u);
  EXPECT_EQ(c[0].numbers, std::vector<int>{1});
  EXPECT_EQ(c[0].begin, 2u);
  EXPECT_EQ(c[0].end, 5u);
  EXPECT_EQ(c[1].numbers, (std::vector<int>{2, 3}));
  EXPECT_EQ(c[2].numbers, (std::vector<int>{4, 5, 6}));
  EXPECT_EQ(c[3].numbers, (std::vector<int>{7, 8}));
  EXPECT_EQ(c[4].numbers, std::vector<int>{9});
}

TEST(BriefCitations, IgnoresMathAndNonCitations) {
  EXPECT_TRUE(FindCitations("for $x \\in [0,1]$ and $$[2]$$").empty());
  EXPECT_TRUE(FindCitations("[Section 2] [a] [] [1,] [3-1] [1234567] [1-100]").empty());
  // An escaped or unclosed dollar is text.
  auto c = FindCitations("costs \\$5 [3] and $7 [4]");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].numbers, std::vector<int>{3});
  EXPECT_EQ(c[1].numbers, std::vector<int>{4});
  EXPECT_TRUE(FindCitations("").empty());
  EXPECT_TRUE(FindCitations("[[[[[").empty());
}

// ---- CheckBriefing ----

TEST(CheckBriefing, AcceptsAValidBriefing) {
  Briefing b = Sample();
  auto s = CheckBriefing(b);
  EXPECT_TRUE(s) << s.error().ToString();
  // Math is not a citation.
  b.overview += " For $p \\in [0, 9]$.";
  EXPECT_TRUE(CheckBriefing(b));
  EXPECT_TRUE(CheckBriefing(Briefing{}));
}

TEST(CheckBriefing, RejectsCitationsOutsideOneToN) {
  struct Case {
    const char* name;
    void (*mutate)(Briefing&);
    const char* where;
  };
  const Case cases[] = {
      {"overview 0", [](Briefing& b) { b.overview = "x [0]"; }, "overview"},
      {"overview N+1", [](Briefing& b) { b.overview = "x [4]"; }, "overview"},
      {"summary", [](Briefing& b) { b.themes[1].summary = "y [2, 5]"; }, "themes[1].summary"},
      {"finding", [](Briefing& b) { b.themes[0].findings.push_back("[9]"); },
       "themes[0].findings[1]"},
      {"theme paper", [](Briefing& b) { b.themes[0].papers.push_back(4); }, "themes[0].papers[2]"},
      {"bridge why", [](Briefing& b) { b.bridges[0].why = "[1-4]"; }, "bridges[0].why"},
      {"bridge paper",
       [](Briefing& b) {
         b.bridges[0].papers = {1, -2};
       },
       "bridges[0].papers[1]"},
      {"trend", [](Briefing& b) { b.trends = {"[77]"}; }, "trends[0]"},
      {"must read", [](Briefing& b) { b.must_reads[1].paper = 0; }, "must_reads[1]"},
      {"must read why", [](Briefing& b) { b.must_reads[0].why = "see [8]"; }, "must_reads[0].why"},
  };
  for (const auto& c : cases) {
    Briefing b = Sample();
    c.mutate(b);
    auto s = CheckBriefing(b);
    ASSERT_FALSE(s) << c.name;
    EXPECT_EQ(s.error().code, Code::kCorrupt) << c.name;
    EXPECT_TRUE(Contains(s.error().message, c.where)) << c.name << ": " << s.error().message;
  }
}

TEST(CheckBriefing, RejectsThemesWithoutPapers) {
  Briefing b = Sample();
  b.themes[1].papers.clear();
  auto s = CheckBriefing(b);
  ASSERT_FALSE(s);
  EXPECT_TRUE(Contains(s.error().message, "themes[1]"));
  EXPECT_TRUE(Contains(s.error().message, "Cells"));
}

TEST(CheckBriefing, RejectsBridgesWithinOneField) {
  Briefing b = Sample();
  b.papers[1].field = "CS ";  // same field as paper 1, whatever the case and spaces
  auto s = CheckBriefing(b);
  ASSERT_FALSE(s);
  EXPECT_TRUE(Contains(s.error().message, "bridges[0]"));
  b = Sample();
  b.papers[0].field.clear();  // an unknown field does not count
  EXPECT_FALSE(CheckBriefing(b));
  b = Sample();
  b.bridges[0].papers = {2};
  EXPECT_FALSE(CheckBriefing(b));
  b = Sample();
  b.bridges[0].papers = {1, 2, 3};
  EXPECT_TRUE(CheckBriefing(b));
}

// ---- Markdown ----

TEST(RenderMarkdown, LinksCitationsAndListsReferences) {
  std::string md = RenderMarkdown(Sample());
  EXPECT_TRUE(text::StartsWith(md, "# Briefing: Graph ML\n"));
  EXPECT_TRUE(Contains(md, "2026-06-01 – 2026-06-07 · 3 papers"));
  EXPECT_TRUE(Contains(
      md, "[[1]](https://arxiv.org/abs/2606.00001)[[2]](https://arxiv.org/abs/2606.00002)"));
  EXPECT_TRUE(Contains(
      md,
      "spread [[1]](https://arxiv.org/abs/2606.00001)[[2]](https://arxiv.org/abs/2606.00002)."));
  EXPECT_TRUE(Contains(md, "## Bridges across fields\n\n- Both use sheaf Laplacians [[1]]"));
  EXPECT_TRUE(Contains(md, "## Must reads\n\n1. **Sheaf Laplacians for spatial omics** [[2]]"));
  EXPECT_TRUE(
      Contains(md,
               "- \\[3\\] [Cell niches](https://www.biorxiv.org/content/10.1101/2026.01.01.1v1)"
               " — arXiv (biorxiv:genomics) · doi:10.1101/2026.01.01.1"));
  // A TL;DR's own reference marker links to no paper of the briefing (it went).
  EXPECT_TRUE(Contains(md, "  TL;DR: Sheaves model tissue.\n")) << md;
  EXPECT_TRUE(Contains(md, "*Why it matters to you:* You follow sheaf methods [[1]]("));
  EXPECT_TRUE(Contains(md, "Written by a language model: openai/gpt-4o-mini"));
  EXPECT_FALSE(Contains(md, "Extractive briefing"));
  EXPECT_TRUE(Contains(md, "Tokens: 1200 + 340 · Cost: $0.0021"));
  EXPECT_TRUE(Contains(md, "- 1 citation to an unknown paper was dropped"));
}

TEST(RenderMarkdown, LabelsAnExtractiveBriefing) {
  Briefing b = Sample();
  b.mode = BriefMode::kExtractive;
  std::string md = RenderMarkdown(b);
  EXPECT_TRUE(Contains(md, "> **Extractive briefing (no language model)**"));
  b.lang = "zh";
  md = RenderMarkdown(b);
  EXPECT_TRUE(Contains(md, "# 简报：Graph ML"));
  EXPECT_TRUE(Contains(md, "> **抽取式简报（未使用语言模型）**"));
  for (const char* h :
       {"## 概述", "## 主题", "**主要发现**", "**论文：**", "## 跨领域桥梁", "## 趋势", "## 必读",
        "## 参考文献", "3 篇论文", "2026-06-01 至 2026-06-07", "一句话总结："})
    EXPECT_TRUE(Contains(md, h)) << h;
}

TEST(RenderMarkdown, MakesHostileTextInert) {
  Briefing b = Sample();
  b.papers[0].title = "<script>alert(1)</script> [evil](javascript:alert(2)) &lt;b&gt;";
  b.papers[1].url = "javascript:alert(3)";
  b.papers[2].url = "https://x.org/a)(\"<";
  b.overview = "# Heading? <img src=x onerror=alert(4)> [1] [2] [3] [9] $a<b$";
  std::string md = RenderMarkdown(b);
  EXPECT_FALSE(Contains(md, "<script"));
  EXPECT_FALSE(Contains(md, "<img"));
  EXPECT_FALSE(Contains(md, "javascript:alert(3)"));
  EXPECT_FALSE(Contains(md, "[evil](javascript"));
  EXPECT_TRUE(Contains(md, "&lt;script&gt;"));
  EXPECT_TRUE(Contains(md, "\\[evil\\](javascript:alert(2))"));  // no link syntax left
  EXPECT_TRUE(Contains(md, "&amp;lt;b&amp;gt;"));
  EXPECT_TRUE(Contains(md, "\\# Heading?"));
  EXPECT_TRUE(Contains(md, "\\[2\\]"));  // no safe url: plain citation
  EXPECT_TRUE(Contains(md, "[[3]](https://x.org/a%29%28%22%3C)"));
  EXPECT_TRUE(Contains(md, "\\[9\\]"));  // unknown paper: not a link
  EXPECT_TRUE(Contains(md, "$a\\lt b$"));
}

TEST(RenderMarkdown, MathCannotSmuggleLinks) {
  // Found by fuzzing: brackets inside $...$ were left as they are, so a renderer
  // without math support would have made a link of them.
  Briefing b = Sample();
  b.papers[0].title = "On $[x](javascript:alert(1))$ and $\\left[0, 1\\right]$";
  std::string md = RenderMarkdown(b);
  EXPECT_FALSE(Contains(md, "[x](javascript"));
  EXPECT_TRUE(Contains(md, "$\\lbrack x\\rbrack (javascript:alert(1))$"));
  EXPECT_TRUE(Contains(md, "$\\left\\lbrack 0, 1\\right\\rbrack $"));
  b.papers.resize(1);
  EXPECT_TRUE(Contains(RenderMarkdown(b), " · 1 paper\n"));
}

// ---- HTML ----

TEST(RenderHtml, IsAStandaloneEscapedPageWithLinkedCitations) {
  Briefing b = Sample();
  b.papers[0].title = "<script>alert(1)</script> A &amp; B \"quoted\"";
  b.papers[1].url = "javascript:alert(3)";
  b.themes[0].summary = "Cost $x<y$ and <b>bold</b> [1] [2] [5].";
  std::string h = RenderHtml(b);
  EXPECT_TRUE(text::StartsWith(h, "<!DOCTYPE html>\n<html lang=\"en\">"));
  EXPECT_TRUE(Contains(h, "<meta charset=\"utf-8\">"));
  EXPECT_FALSE(Contains(h, "<script"));
  EXPECT_FALSE(Contains(h, "<b>"));
  EXPECT_FALSE(Contains(h, "javascript:"));
  EXPECT_TRUE(
      Contains(h, "&lt;script&gt;alert(1)&lt;/script&gt; A &amp;amp; B &quot;quoted&quot;"));
  EXPECT_TRUE(Contains(h, "Cost $x&lt;y$ and &lt;b&gt;bold&lt;/b&gt; "));
  EXPECT_TRUE(Contains(h, "<a class=\"cite\" href=\"https://arxiv.org/abs/2606.00001\" title=\""));
  EXPECT_TRUE(Contains(h, "<a class=\"cite\" href=\"#ref-2\""));  // unsafe url: the reference
  EXPECT_TRUE(Contains(h, "<span class=\"cite unknown\">[5]</span>"));
  EXPECT_TRUE(Contains(h, "<li id=\"ref-3\"><a href=\"https://www.biorxiv.org/content/"));
  EXPECT_TRUE(Contains(h, "<span class=\"label llm\">Written by a language model</span>"));
  EXPECT_EQ(Count(h, "<section"), Count(h, "</section>"));
  EXPECT_EQ(Count(h, "<li"), Count(h, "</li>"));
  EXPECT_TRUE(text::EndsWith(h, "</html>\n"));
}

TEST(RenderHtml, LabelsExtractiveChineseBriefings) {
  Briefing b = Sample();
  b.mode = BriefMode::kExtractive;
  b.lang = "zh";
  std::string h = RenderHtml(b);
  EXPECT_TRUE(Contains(h, "<html lang=\"zh-CN\">"));
  EXPECT_TRUE(Contains(h, "<span class=\"label extractive\">抽取式简报（未使用语言模型）</span>"));
  EXPECT_TRUE(Contains(h, "<h2>跨领域桥梁</h2>"));
  EXPECT_TRUE(Contains(h, "<h2>必读</h2>"));
}

TEST(RenderHtml, SurvivesInvalidUtf8AndEmptyBriefings) {
  Briefing b = Sample();
  b.papers[0].title = "bad \xff\xfe bytes";
  b.overview = "\xc3";
  std::string h = RenderHtml(b);
  EXPECT_EQ(text::SanitizeUtf8(h), h);
  std::string md = RenderMarkdown(b);
  EXPECT_EQ(text::SanitizeUtf8(md), md);
  EXPECT_TRUE(Contains(RenderHtml(Briefing{}), "</html>"));
  EXPECT_TRUE(Contains(RenderMarkdown(Briefing{}), "# Briefing"));
}

// ---- JSON ----

TEST(BriefingJson, FollowsTheContract) {
  json j = BriefingToJson(Sample());
  for (const char* key : {"mode", "lang", "radar", "date_from", "date_to", "overview", "themes",
                          "bridges", "trends", "must_reads", "must_reads_why", "papers", "model",
                          "prompt_version", "tokens", "cost_usd", "notes"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["mode"], "llm");
  EXPECT_EQ(j["themes"][0]["papers"], json({"2606.00001", "2606.00002"}));
  EXPECT_EQ(j["themes"][1]["papers"], json({"doi:10.1101/2026.01.01.1"}));
  EXPECT_EQ(j["themes"][0]["findings"], json({"Wins by 3% [1]."}));
  EXPECT_EQ(j["bridges"][0]["papers"], json({"2606.00001", "2606.00002"}));
  EXPECT_EQ(j["must_reads"], json({"2606.00002", "2606.00001"}));
  EXPECT_EQ(j["must_reads_why"], json({"Bridges two fields.", ""}));
  EXPECT_EQ(j["papers"][2]["n"], 3);
  EXPECT_EQ(j["papers"][1]["tldr"], "Sheaves model tissue [2].");
  EXPECT_EQ(j["papers"][0].size(), 8u);  // n, id, title, badge, field, score, url, tldr
  EXPECT_EQ(j["tokens"], json({{"prompt", 1200}, {"completion", 340}}));
  EXPECT_DOUBLE_EQ(j["cost_usd"].get<double>(), 0.0021);
  EXPECT_EQ(j["overview"], "Three papers on sheaves [1][2], one on cells [3].");
}

TEST(BriefingJson, RoundTrips) {
  Briefing a = Sample();
  json j = BriefingToJson(a);
  auto b = BriefingFromJson(json::parse(j.dump()));
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_EQ(BriefingToJson(*b), j);
  EXPECT_EQ(b->mode, a.mode);
  EXPECT_EQ(b->overview, a.overview);
  ASSERT_EQ(b->themes.size(), 2u);
  EXPECT_EQ(b->themes[0].papers, a.themes[0].papers);
  EXPECT_EQ(b->themes[0].findings, a.themes[0].findings);
  EXPECT_EQ(b->bridges[0].papers, a.bridges[0].papers);
  ASSERT_EQ(b->must_reads.size(), 2u);
  EXPECT_EQ(b->must_reads[0].paper, 2);
  EXPECT_EQ(b->must_reads[0].why, "Bridges two fields.");
  EXPECT_EQ(b->papers[2].id, a.papers[2].id);
  EXPECT_EQ(b->papers[2].url, a.papers[2].url);
  EXPECT_EQ(b->prompt_tokens, 1200);
  EXPECT_EQ(b->notes, a.notes);
  // Renders the same (fields are not stored, and rendering does not use them).
  EXPECT_EQ(RenderMarkdown(*b), RenderMarkdown(a));
}

TEST(BriefingJson, RoundTripsARealExtractiveBriefing) {
  BriefInput in;
  in.radar = "r";
  in.lang = "zh";
  auto papers = json::parse(ah::testing::ReadData("brief/two_topics_12.json"))["papers"];
  for (const auto& p : papers) {
    BriefPaper x;
    x.id = p["id"];
    x.title = p["title"];
    x.abstract = p["abstract"];
    x.field = p["field"];
    x.badge = p["badge"];
    x.url = p["url"];
    x.score = p["score"];
    in.papers.push_back(x);
  }
  auto b = WriteExtractiveBriefing(in, ExtractiveOptions{});
  ASSERT_TRUE(b);
  json j = BriefingToJson(*b);
  EXPECT_EQ(j["mode"], "extractive");
  EXPECT_EQ(j["lang"], "zh");
  auto back = BriefingFromJson(j);
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(BriefingToJson(*back), j);
  EXPECT_EQ(RenderHtml(*back), RenderHtml(*b));
}

TEST(BriefingJson, RejectsHostileJsonNamingTheField) {
  json good = BriefingToJson(Sample());
  struct Case {
    const char* name;
    json j;
    const char* where;
  };
  auto with = [&](auto mutate) {
    json j = good;
    mutate(j);
    return j;
  };
  const Case cases[] = {
      {"array", json::array(), "(root)"},
      {"error object", json({{"error", {{"code", "x"}}}}), "mode"},
      {"bad mode", with([](json& j) { j["mode"] = "magic"; }), "mode"},
      {"mode type", with([](json& j) { j["mode"] = 1; }), "mode"},
      {"no papers", with([](json& j) { j.erase("papers"); }), "papers"},
      {"papers type", with([](json& j) { j["papers"] = "x"; }), "papers"},
      {"paper n", with([](json& j) { j["papers"][1]["n"] = 7; }), "papers[1].n"},
      {"paper n type", with([](json& j) { j["papers"][1]["n"] = "2"; }), "papers[1].n"},
      {"paper id", with([](json& j) { j["papers"][2].erase("id"); }), "papers[2].id"},
      {"duplicate id", with([](json& j) { j["papers"][2]["id"] = "2606.00001"; }), "papers[2].id"},
      {"title type", with([](json& j) { j["papers"][0]["title"] = json::array(); }),
       "papers[0].title"},
      {"unknown id", with([](json& j) { j["themes"][0]["papers"][1] = "nope"; }),
       "themes[0].papers[1]"},
      {"empty theme", with([](json& j) { j["themes"][1]["papers"] = json::array(); }),
       "themes[1].papers"},
      {"finding type", with([](json& j) { j["themes"][0]["findings"][0] = 3; }),
       "themes[0].findings[0]"},
      {"summary cites", with([](json& j) { j["themes"][0]["summary"] = "[4]"; }),
       "themes[0].summary"},
      {"overview cites", with([](json& j) { j["overview"] = "see [0]"; }), "overview"},
      {"bridge one paper", with([](json& j) { j["bridges"][0]["papers"] = {"2606.00001"}; }),
       "bridges[0].papers"},
      {"bridge why", with([](json& j) {
         j["bridges"][0]["why"] = nullptr;
         j["bridges"][0]["why"] = 5;
       }),
       "bridges[0].why"},
      {"trend cites", with([](json& j) { j["trends"] = {"[12]"}; }), "trends[0]"},
      {"must read id", with([](json& j) { j["must_reads"][0] = "zzz"; }), "must_reads[0]"},
      {"why too long", with([](json& j) { j["must_reads_why"].push_back("x"); }), "must_reads_why"},
      {"tokens", with([](json& j) { j["tokens"]["prompt"] = -1; }), "tokens.prompt"},
      {"tokens type", with([](json& j) { j["tokens"] = 5; }), "tokens"},
      {"cost", with([](json& j) { j["cost_usd"] = "free"; }), "cost_usd"},
      {"notes", with([](json& j) {
         j["notes"] = {1, 2};
       }),
       "notes[0]"},
  };
  for (const auto& c : cases) {
    auto b = BriefingFromJson(c.j);
    ASSERT_FALSE(b) << c.name;
    EXPECT_EQ(b.error().code, Code::kParse) << c.name;
    EXPECT_TRUE(Contains(b.error().message, c.where)) << c.name << ": " << b.error().message;
  }
}

TEST(BriefingJson, AcceptsAMinimalStoredBriefing) {
  auto b = BriefingFromJson(json::parse(R"({"mode":"extractive","papers":[]})"));
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_EQ(b->lang, "en");
  EXPECT_TRUE(b->themes.empty());
  b = BriefingFromJson(json::parse(
      R"({"mode":"llm","papers":[{"n":1,"id":"x"}],"themes":null,"tokens":{"prompt":18446744073709551615}})"));
  ASSERT_FALSE(b);
  EXPECT_TRUE(Contains(b.error().message, "tokens.prompt"));
}

}  // namespace
}  // namespace ah::brief
