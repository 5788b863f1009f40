// Readable abstracts and result sentences, on text from the June 2026 arXiv
// feeds (/work/shared/datasets/arxiv-daily-2026-06-rss, ids given) and the
// recorded OpenAlex / Crossref responses under tests/data.
#include "brief/prose.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "brief/render.h"

namespace ah::brief {
namespace {

bool Has(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

TEST(ReadableText, RemovesTextMarkupAndKeepsMath) {
  // 2606.29712
  const std::string in =
      "To resolve this, we propose \\textbf{Discrete Latent Reasoning~(DLR)}, the first method "
      "that converts continuous latent states into explicit discrete tokens. Experiments on five "
      "reasoning benchmarks and two model series~(Qwen3-VL and LLaMA-3) confirm that "
      "\\textbf{DLR} outperforms prior latent reasoning baselines with up to "
      "\\textbf{20$\\times$ compression}.";
  EXPECT_EQ(ReadableText(in),
            "To resolve this, we propose Discrete Latent Reasoning (DLR), the first method that "
            "converts continuous latent states into explicit discrete tokens. Experiments on five "
            "reasoning benchmarks and two model series (Qwen3-VL and LLaMA-3) confirm that DLR "
            "outperforms prior latent reasoning baselines with up to 20$\\times$ compression.");
}

TEST(ReadableText, AuthorsMacrosBecomeNames) {
  // 2606.16541: \emph{...}, acronym macros with empty arguments, math with \%.
  const std::string in =
      "We introduce \\emph{Bidirectional Provability Fingerprinting} (\\bpf{}), a framework that "
      "certifies faithfulness. \\bpf{}\\,+\\,\\cpg{} detects $89.6\\%$ of drifted formalizations "
      "at a $3.0\\%$ false-positive rate. We release \\driftbench{}, a benchmark of $2{,}183$ "
      "NL/Lean~4 pairs.";
  EXPECT_EQ(ReadableText(in),
            "We introduce Bidirectional Provability Fingerprinting (BPF), a framework that "
            "certifies faithfulness. BPF + CPG detects $89.6\\%$ of drifted formalizations at a "
            "$3.0\\%$ false-positive rate. We release driftbench, a benchmark of $2{,}183$ "
            "NL/Lean 4 pairs.");
  // 2606.28708: a stray comment sign and the usual placeholders.
  const std::string antena =
      "However, labels and auxiliary data may be inaccurate, or unavailable. % We propose "
      "\\fullmethod (\\method), which leverages the knowledge of large language models (LLMs) to "
      "explain the hidden patterns in human narratives. \\method uses task-agnostic and "
      "task-specific prompts.";
  EXPECT_EQ(ReadableText(antena),
            "However, labels and auxiliary data may be inaccurate, or unavailable. We propose our "
            "method, which leverages the knowledge of large language models (LLMs) to explain the "
            "hidden patterns in human narratives. Our method uses task-agnostic and task-specific "
            "prompts.");
  // 2606.05976: a macro with an argument keeps the argument.
  EXPECT_EQ(ReadableText("a \\role{user} message, a \\role{tool} response"),
            "a user message, a tool response");
  // A sentence end the feed glued to the next sentence (2606.09105).
  EXPECT_EQ(ReadableText("difficult to identify and trace.To address this challenge, we propose "
                         "Graph2Idea. See arXiv.org and e.g. Fig.3"),
            "difficult to identify and trace. To address this challenge, we propose Graph2Idea. "
            "See arXiv.org and e.g. Fig.3");
  // "~30B" means "about"; a tie between words is a space.
  EXPECT_EQ(ReadableText("at ~30B parameters, series~(Qwen)"), "at ~30B parameters, series (Qwen)");
  // A spaced percent sign is not a comment sign.
  EXPECT_EQ(ReadableText("improves accuracy by 10 % over the baseline"),
            "improves accuracy by 10 % over the baseline");
}

TEST(ReadableText, DropsReferenceMarkersAndCitationsButNotIntervals) {
  // 2606.18510 and 2606.26359.
  EXPECT_EQ(ReadableText("compared to 0.75% reported in an LBP-based work [6], representing an "
                         "83% reduction."),
            "compared to 0.75% reported in an LBP-based work, representing an 83% reduction.");
  EXPECT_EQ(ReadableText("This paper positions the Qualitative Engine for Science (QES) [3] as a "
                         "response [4, 5-7]."),
            "This paper positions the Qualitative Engine for Science (QES) as a response.");
  // 2606.22472: \cite and \(...\).
  EXPECT_EQ(ReadableText("the algebraic puncturing framework of Guruswami and Golowich "
                         "\\cite{GG24}, which turns classical codes into CSS codes with "
                         "transversal \\(CCZ\\)."),
            "the algebraic puncturing framework of Guruswami and Golowich, which turns classical "
            "codes into CSS codes with transversal $CCZ$.");
  EXPECT_EQ(ReadableText("scores normalised to [0, 1] and weights in the range [1, 10]"),
            "scores normalised to [0, 1] and weights in the range [1, 10]");
  // No reference marker survives for the Markdown to turn into a link.
  EXPECT_TRUE(FindCitations(ReadableText("as shown in [12] and [2, 7]")).empty());
}

TEST(ReadableText, LinksFootnotesAndEquations) {
  // 2606.30319
  EXPECT_EQ(ReadableText("The code is available at "
                         "\\href{https://github.com/HaitaoWuTJU/BrainJanus}{GitHub}."),
            "The code is available at GitHub (https://github.com/HaitaoWuTJU/BrainJanus).");
  // 2606.29815
  EXPECT_EQ(ReadableText("leakage patterns beyond prior overlap-based analyses\\footnote{"
                         "\\footnotesize Source code at https://github.com/x/y}."),
            "leakage patterns beyond prior overlap-based analyses.");
  // 2606.19493
  EXPECT_EQ(ReadableText("the linear forced heat equation \\begin{equation*} D_tΨ=Ψ_{ss}-2, "
                         "\\end{equation*} while the Bures--Helstrom metric"),
            "the linear forced heat equation $$D_tΨ=Ψ_{ss}-2,$$ while the Bures–Helstrom metric");
  EXPECT_EQ(ReadableText("{\\em Pre-training} and Schr\\\"odinger"),
            "Pre-training and Schro\u0308dinger");
}

TEST(ReadableText, RebuildsJatsSectionLabels) {
  // Crossref JATS (tests/data/crossref, doi:10.7717/peerj.7416): labels on lines of their own.
  const std::string in =
      "Background\nGlobal warming can cause variation in plant functional traits. Here, we "
      "hypothesize that long-term warming can shift the mean seed mass of species.\nMethods\nWe "
      "tested our hypothesis in plots that had been warmed over 18 years.\nResults\nWe found that "
      "warming increased the mean seed mass of 4 species.";
  EXPECT_EQ(ReadableText(in),
            "Background: Global warming can cause variation in plant functional traits. Here, we "
            "hypothesize that long-term warming can shift the mean seed mass of species. Methods: "
            "We tested our hypothesis in plots that had been warmed over 18 years. Results: We "
            "found that warming increased the mean seed mass of 4 species.");
  auto s = ReadableSentences(in);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].section, Section::kBackground);
  EXPECT_EQ(s[0].text, "Global warming can cause variation in plant functional traits.");
  EXPECT_EQ(s[2].section, Section::kMethods);
  EXPECT_EQ(s[3].section, Section::kResults);
  EXPECT_EQ(s[3].text, "We found that warming increased the mean seed mass of 4 species.");
}

TEST(ReadableText, RebuildsOpenAlexLabelsGluedToTheirText) {
  // tests/data/openalex/openalex_works_list_cursor.json, W3008827533 (NEJM, Covid-19).
  const std::string in =
      "BackgroundSince December 2019, when coronavirus disease 2019 (Covid-19) emerged in Wuhan "
      "city, data have been needed on the clinical characteristics of the affected "
      "patients.MethodsWe extracted data regarding 1099 patients with laboratory-confirmed "
      "Covid-19 from 552 hospitals.ResultsThe median age of the patients was 47 years; 41.9% of "
      "the patients were female.ConclusionsDuring the first 2 months of the current outbreak, "
      "Covid-19 spread rapidly throughout China.";
  const std::string out = ReadableText(in);
  EXPECT_TRUE(out.starts_with("Background: Since December 2019, when")) << out;
  EXPECT_TRUE(Has(out, "affected patients. Methods: We extracted data")) << out;
  EXPECT_TRUE(Has(out, "from 552 hospitals. Results: The median age")) << out;
  EXPECT_TRUE(Has(out, "were female. Conclusions: During the first 2 months")) << out;
  auto s = ReadableSentences(in);
  ASSERT_GE(s.size(), 4u);
  EXPECT_EQ(s.back().section, Section::kConclusions);
  EXPECT_TRUE(s.back().text.starts_with("During the first 2 months")) << s.back().text;
  // "Abstract" left as a heading by OpenAlex goes (W1985355269).
  EXPECT_EQ(ReadableText("Abstract Driven by smart distribution technologies, networks evolve."),
            "Driven by smart distribution technologies, networks evolve.");
}

TEST(ReadableText, LeavesUnstructuredAbstractsAlone) {
  const std::string in =
      "Design Space Exploration (DSE) is costly. We propose a surrogate. Results show a speedup.";
  EXPECT_EQ(ReadableText(in), in);
  for (const auto& s : ReadableSentences(in)) EXPECT_EQ(s.section, Section::kNone);
  EXPECT_EQ(ReadableText("Background subtraction is a classic task."),
            "Background subtraction is a classic task.");
}

TEST(ReadableText, IsIdempotentAndSafeOnHostileText) {
  for (std::string in : {std::string("\\textbf{a {b \\emph{c}} d} [3] e~f"),
                         std::string("BackgroundSince x.MethodsWe y."),
                         std::string("$\\textbf{x}$ and \\$5 and $a$"), std::string("}}}{{{\\"),
                         std::string("\\"), std::string("$"), std::string("\\href{x}")}) {
    std::string once = ReadableText(in);
    EXPECT_EQ(ReadableText(once), once) << in;
  }
  // Unclosed groups, math openers and environments, 100 KB of each: linear, bounded.
  for (std::string unit :
       {"\\textbf{", "\\(", "\\begin{equation}", "{", "\\cite{", "[1] ", "~", "\\href{", "% "}) {
    std::string hostile;
    while (hostile.size() < 100'000) hostile += unit;
    auto start = std::chrono::steady_clock::now();
    std::string out = ReadableText(hostile);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    EXPECT_LT(ms, 2000) << unit;
    EXPECT_LE(out.size(), 2 * hostile.size());
  }
}

TEST(LeansOnPrevious, ConnectivesAndPointersBack) {
  EXPECT_TRUE(LeansOnPrevious("Moreover, the method is fast.").leans);
  EXPECT_TRUE(LeansOnPrevious("Specifically, BRDFusion recovers explicit scene properties.").leans);
  EXPECT_TRUE(LeansOnPrevious("These results show that agents can learn.").leans);
  EXPECT_TRUE(LeansOnPrevious("This approach allows our model to ingest long videos.").leans);
  EXPECT_TRUE(LeansOnPrevious("(ii) Class Prompt driven stage: we derive maps.").leans);
  EXPECT_FALSE(LeansOnPrevious("This paper presents CucumberVision, a framework.").leans);
  EXPECT_FALSE(LeansOnPrevious("We propose SoftSkill, a frozen-backbone method.").leans);
  EXPECT_FALSE(LeansOnPrevious("Itemized lists are common.").leans);
  // The opening goes when the rest stands alone.
  auto l = LeansOnPrevious(
      "To address this problem, we propose a novel Coupled Comprehensive Generative Replay "
      "framework.");
  EXPECT_TRUE(l.leans);
  EXPECT_EQ(l.standalone, "We propose a novel Coupled Comprehensive Generative Replay framework.");
  EXPECT_EQ(LeansOnPrevious("Specifically, we introduce the DECNN.").standalone,
            "We introduce the DECNN.");
  EXPECT_TRUE(LeansOnPrevious("However, it fails on long inputs.").standalone.empty());
}

TEST(ResultSentence, ChoosesTheContributionOrResultNotBackground) {
  // 2606.15802: not the "(ii) ..." list item that leans on the sentence before.
  const std::string cps4 =
      "Vision Language Model (VLM) has great potential to enhance the quality of pseudo labels in "
      "semi-supervised spine segmentation by leveraging textual class prompts to generate "
      "segmentation map, but no one has studied it yet. Although promising, it lacks explicit "
      "constraints to ensure consistency between spine class prompts and spine unit region, "
      "resulting in unsatisfactory performance in multi-class segmentation map generation. In "
      "this paper, we propose CPS4, the first text-guided semi-supervised spine segmentation "
      "network using class prompts to enhance the quality of spine pseudo labels. Specifically, "
      "CPS4 is implemented through two training stages. (ii) Class Prompt driven semi-supervised "
      "spine segmentation stage: using the pretrained vision-text encoder, we derive each "
      "class-specific binary segmentation map for the unlabeled spine image and integrate them "
      "into an unified multi-class segmentation map. Experimental results show that our CPS4 "
      "achieves superior spine segmentation performance with Dice of 80.44%, only using 5% "
      "labeled data on the public spine segmentation dataset, surpassing popular semi-supervised "
      "learning and VLM methods. Our code will be available.";
  std::string t = ResultSentence(
      "CPS4: Class Prompt driven Semi-Supervised Spine Segmentation with Class-specific "
      "Consistency Constraint",
      cps4, 300);
  EXPECT_TRUE(Has(t, "CPS4")) << t;
  EXPECT_FALSE(t.starts_with("(ii)")) << t;
  EXPECT_FALSE(LeansOnPrevious(t).leans) << t;

  // 2606.18243: the framework, not the background or a detail of its optimisation.
  const std::string mochi =
      "Collaborative human-object interaction shows dynamic and complex movements that require "
      "mutual anticipation and continuous adjustment between participants and the shared object. "
      "Modeling such collaborative multi-human object interaction (MHOI) scenarios requires "
      "high-quality data acquisition as a foundational step; however, this is challenging due to "
      "the inherent complexity of MHOI where human-human and human-object interactions occur "
      "simultaneously. To address these challenges, we present MOCHI (MOtion Enhancement of "
      "Collaborative Human-object Interactions), a two-stage framework for enhancing noisy MHOI "
      "data. During the optimization process, we introduce optimization objectives to encode "
      "human-object and human-human interaction information within these single-person priors. "
      "Experimental results demonstrate the effectiveness of our pipeline across diverse MHOI "
      "data.";
  t = ResultSentence("MOCHI: Motion Enhancement of Collaborative Human-object Interactions", mochi,
                     300);
  EXPECT_TRUE(t.starts_with("We present MOCHI")) << t;

  // NEJM (OpenAlex, glued labels): a result, without its label.
  const std::string nejm =
      "BackgroundSince December 2019, when coronavirus disease 2019 (Covid-19) emerged in Wuhan "
      "city and rapidly spread throughout China, data have been needed on the clinical "
      "characteristics of the affected patients.MethodsWe extracted data regarding 1099 patients "
      "with laboratory-confirmed Covid-19 from 552 hospitals in 30 provinces.ResultsThe median "
      "age of the patients was 47 years; 41.9% of the patients were female. The primary "
      "composite end point occurred in 67 patients (6.1%).ConclusionsDuring the first 2 months of "
      "the current outbreak, Covid-19 spread rapidly throughout China and caused varying degrees "
      "of illness.";
  t = ResultSentence("Clinical Characteristics of Coronavirus Disease 2019 in China", nejm, 300);
  EXPECT_FALSE(t.starts_with("Since December")) << t;
  EXPECT_FALSE(t.starts_with("Background")) << t;
  EXPECT_FALSE(Has(t, "Results")) << t;
  EXPECT_FALSE(Has(t, "Conclusions")) << t;
}

TEST(ResultSentence, IsReadableAndCutAtAClause) {
  // 2606.00708: markup goes.
  std::string t = ResultSentence(
      "MOSAIC: Model Selection for Automated Data Science",
      "Automated data science is hard. Experiments against AutoML and agentic baselines show "
      "that \\textsc{MOSAIC} improves task performance, execution success, and decision "
      "traceability.",
      300);
  EXPECT_EQ(t,
            "Experiments against AutoML and agentic baselines show that MOSAIC improves task "
            "performance, execution success, and decision traceability.");
  // 2606.16591: a long result is cut at ", demonstrating", not in a list or parentheses.
  t = ResultSentence(
      "SING: Synthetic Intention Graph for Scalable Active Tool Discovery in LLM Agents",
      "SING improves Global Recall@5 by up to 59.8% and downstream success rate by up to 28.9% "
      "over baselines (on ToolBench, API-Bank; and a new set), while reducing full-corpus "
      "tool-schema exposure by 99.8%, demonstrating that intention-aware graph structure enables "
      "more accurate and context-efficient tool discovery in large-scale agentic ecosystems.",
      200);
  EXPECT_TRUE(t.starts_with("SING improves Global Recall@5")) << t;
  EXPECT_LE(t.size(), 200u) << t;
  EXPECT_FALSE(Has(t, "…")) << t;
  EXPECT_TRUE(t.ends_with(".")) << t;
  EXPECT_FALSE(Has(t, "API-Bank.")) << t;
  // No abstract: the title.
  EXPECT_EQ(ResultSentence("A \\emph{Title}", "", 300), "A Title");
}

}  // namespace
}  // namespace ah::brief
