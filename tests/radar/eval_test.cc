// The radar's own fields in evaluation tasks (description, query, authors,
// seeds, feedback rounds): parsing, and what EvaluateRadarTasks does with them.
#include "radar/eval.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ah::radar {
namespace {

TEST(RadarEvalTasks, ParsesTheRadarsOwnFields) {
  auto tasks = ParseTasks(
      R"({"task": "describe:cs.IT", "description": "Information Theory", "query": "ti:capacity",)"
      R"( "exclude": "quantum", "authors": ["Claude Shannon", "Cover, T."], "seeds": [],)"
      R"( "feedback": [{"like": ["a"], "dislike": ["b", "c"]}, {"hide": ["d"], "save": ["e"]}],)"
      R"( "candidates": ["a", "x"], "relevant": ["x"]})",
      "t.jsonl");
  ASSERT_TRUE(tasks) << tasks.error().message;
  ASSERT_EQ(tasks->size(), 1u);
  const Task& t = (*tasks)[0];
  EXPECT_EQ(t.name, "describe:cs.IT");
  EXPECT_EQ(t.description, "Information Theory");
  EXPECT_EQ(t.query, "ti:capacity");
  EXPECT_EQ(t.exclude, "quantum");
  EXPECT_EQ(t.authors, (std::vector<std::string>{"Claude Shannon", "Cover, T."}));
  EXPECT_TRUE(t.seeds.empty());
  ASSERT_EQ(t.feedback.size(), 2u);
  ASSERT_EQ(t.feedback[0].size(), 3u);
  EXPECT_EQ(t.feedback[0][0].paper, "a");
  EXPECT_EQ(t.feedback[0][0].action, "like");
  EXPECT_EQ(t.feedback[0][2].paper, "c");
  EXPECT_EQ(t.feedback[0][2].action, "dislike");
  ASSERT_EQ(t.feedback[1].size(), 2u);
  EXPECT_EQ(t.feedback[1][0].action, "save");  // like, save, dislike, hide order
  EXPECT_EQ(t.feedback[1][1].action, "hide");
  EXPECT_EQ(t.candidates, (std::vector<std::string>{"a", "x"}));
  EXPECT_EQ(t.relevant, (std::vector<std::string>{"x"}));
}

TEST(RadarEvalTasks, SeedsAndTheRadarFieldsAreOptional) {
  auto tasks =
      ParseTasks(R"({"description": "Robotics", "candidates": ["x"], "relevant": []})", "t.jsonl");
  ASSERT_TRUE(tasks) << tasks.error().message;
  EXPECT_EQ((*tasks)[0].name, "line 1");
  EXPECT_TRUE((*tasks)[0].seeds.empty());
  EXPECT_TRUE((*tasks)[0].feedback.empty());
}

TEST(RadarEvalTasks, RejectsWrongTypesNamingLineAndKey) {
  struct Case {
    const char* line;
    const char* message;
  };
  const Case cases[] = {
      {R"({"description": ["Robotics"], "candidates": [], "relevant": []})",
       "t.jsonl:1: \"description\" must be a string"},
      {R"({"query": 3, "candidates": [], "relevant": []})",
       "t.jsonl:1: \"query\" must be a string"},
      {R"({"authors": "Ada Lovelace", "candidates": [], "relevant": []})",
       "t.jsonl:1: \"authors\" must be an array of strings"},
      {R"({"seeds": [1], "candidates": [], "relevant": []})",
       "t.jsonl:1: \"seeds\" holds a non-string"},
      {R"({"description": "x", "relevant": []})",
       "t.jsonl:1: \"candidates\" must be an array of ids"},
      {R"({"feedback": {"like": ["a"]}, "candidates": [], "relevant": []})",
       "t.jsonl:1: \"feedback\" must be an array of rounds"},
      {R"({"feedback": [["a"]], "candidates": [], "relevant": []})",
       "t.jsonl:1: feedback round 1 must be an object"},
      {R"({"feedback": [{}, {"like": "a"}], "candidates": [], "relevant": []})",
       "t.jsonl:1: \"feedback round 2 like\" must be an array of strings"},
      {R"({"feedback": [{"love": ["a"]}], "candidates": [], "relevant": []})",
       "t.jsonl:1: feedback round 1: unknown action \"love\" (like, save, dislike, hide)"},
      // A mistyped field would silently measure another radar.
      {R"({"descripton": "Robotics", "candidates": [], "relevant": []})",
       "t.jsonl:1: unknown key \"descripton\""},
  };
  for (const auto& c : cases) {
    auto r = ParseTasks(c.line, "t.jsonl");
    ASSERT_FALSE(r) << c.line;
    EXPECT_EQ(r.error().code, Code::kParse);
    EXPECT_EQ(r.error().message.rfind(c.message, 0), 0u) << r.error().message;
  }
}

// Two topics, a few papers each; enough for the whole pipeline on a tiny library.
Corpus Tiny() {
  std::vector<Document> d;
  for (int i = 0; i < 8; ++i) {
    d.push_back({"g" + std::to_string(i),
                 "Graph neural networks, part " + std::to_string(i),
                 "We study message passing neural networks on graphs and node classification.",
                 {"Ann Smith"},
                 "2015-01-0" + std::to_string(1 + i % 2),
                 {}});
    d.push_back({"p" + std::to_string(i),
                 "Protein folding dynamics, part " + std::to_string(i),
                 "We simulate the molecular dynamics of protein folding and structure.",
                 {"Bob Jones"},
                 "2015-01-0" + std::to_string(1 + i % 2),
                 {}});
  }
  return Corpus(std::move(d));
}

EvalOptions TinyOptions() {
  EvalOptions o;
  o.index.features.min_df = 1;
  o.index.features.max_df = 1.0;
  o.index.lsa.dims = 4;
  o.index.lsa.oversample = 2;
  o.radar.background = 0;
  return o;
}

TEST(RadarEvalTasks, EvaluatesADescriptionOnlyTask) {
  Corpus c = Tiny();
  Task t;
  t.name = "describe:graphs";
  t.description = "graph neural networks";
  t.candidates = {"g5", "g6", "g7", "p5", "p6", "p7"};
  t.relevant = {"g5", "g6", "g7"};
  auto rep = EvaluateRadarTasks(c, {t}, TinyOptions());
  ASSERT_TRUE(rep) << rep.error().ToString();
  EXPECT_EQ(rep->tasks, 1u);
  EXPECT_NEAR(rep->ours.mean.ndcg10, 1.0, 1e-9);
  std::vector<std::string> names;
  for (const auto& b : rep->baselines) names.push_back(b.name);
  // arxiv-sanity's recipe learns from papers: not run without seeds.
  EXPECT_EQ(names, (std::vector<std::string>{"recency", "bm25", "tfidf_cosine", "okapi_bm25"}));
  for (const auto& b : rep->baselines) {
    if (b.name == "recency") continue;
    EXPECT_NEAR(b.mean.ndcg10, 1.0, 1e-9) << b.name;
  }
  EXPECT_NE(EvalReportJson(*rep).find("\"tfidf_cosine\":{"), std::string::npos);
}

TEST(RadarEvalTasks, FeedbackRoundsAreScoredOnTheResidualCandidates) {
  Corpus c = Tiny();
  Task t;
  t.name = "feedback";
  t.query = "networks";
  // Round 1 likes a relevant candidate: it leaves the ranking and the answer key.
  t.feedback = {{{"g4", "like"}}, {{"p4", "dislike"}, {"p3", "hide"}}};
  t.candidates = {"g4", "g5", "g6", "p3", "p4", "p5"};
  t.relevant = {"g4", "g5", "g6"};
  auto rep = EvaluateRadarTasks(c, {t}, TinyOptions());
  ASSERT_TRUE(rep) << rep.error().ToString();
  ASSERT_EQ(rep->ours.per_task.size(), 1u);
  const TaskResult& r = rep->ours.per_task[0];
  ASSERT_EQ(r.rounds.size(), 3u);  // before feedback, after each of the two rounds
  for (const auto& m : r.rounds) EXPECT_NEAR(m.ndcg10, 1.0, 1e-9);
  // Residual: g5, g6 relevant among g5, g6, p5: P@10 = 2/10.
  EXPECT_NEAR(r.metrics.p10, 0.2, 1e-9);
  ASSERT_EQ(rep->ours_rounds.size(), 3u);
  std::string json = EvalReportJson(*rep);
  EXPECT_NE(json.find("\"ours_rounds\":["), std::string::npos);
  EXPECT_NE(json.find("\"rounds\":["), std::string::npos);
  EXPECT_NE(EvalReportText(*rep).find("ours after round 2"), std::string::npos);
}

TEST(RadarEvalTasks, ATaskWithNothingToRankByIsSkippedWithAWarning) {
  Corpus c = Tiny();
  Task empty;
  empty.name = "empty";
  empty.seeds = {"nope"};
  empty.candidates = {"g1"};
  Task authors;
  authors.name = "authors";
  authors.authors = {"Smith, A."};
  authors.candidates = {"g6", "p6"};
  authors.relevant = {"g6"};
  auto rep = EvaluateRadarTasks(c, {empty, authors}, TinyOptions());
  ASSERT_TRUE(rep) << rep.error().ToString();
  EXPECT_EQ(rep->tasks, 1u);
  EXPECT_NEAR(rep->ours.mean.ndcg10, 1.0, 1e-9);  // the followed author's paper first
  bool warned = false;
  for (const auto& w : rep->warnings) warned |= w.find("task empty: no candidate, or nothing") == 0;
  EXPECT_TRUE(warned);
  auto none = EvaluateRadarTasks(c, {empty}, TinyOptions());
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, Code::kInvalidArgument);
}

}  // namespace
}  // namespace ah::radar
