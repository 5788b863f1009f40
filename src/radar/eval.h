// Offline evaluation of the radar (pure, in memory): tasks of the form of
// shared/datasets/radar-eval (seeds, candidates, relevant), metrics, our
// ranker against the baselines.
//
// Per task, each method builds a radar from the seeds alone and ranks the
// candidates; we report nDCG@10 (binary gains, log2 discount; Jarvelin &
// Kekalainen, TOIS 2002), precision@10 and average precision, and their means.
// Methods:
//   ours          RadarIndex + BuildRadarModel + RankBatch (radar.h)
//   recency       newest first (by date, then by id descending)
//   bm25          BM25F of the seeds' titles and abstracts as one query (bm25.h)
//   arxiv_sanity  arxiv-sanity-lite's recipe: tf-idf (ArxivSanityFeatureOptions)
//                 + LinearSVC(C=0.01, class_weight="balanced") with the seeds as
//                 positives and every other library paper as negatives
// No method reads Document::categories (the answer key of category tasks).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "radar/corpus.h"
#include "radar/radar.h"

namespace ah::radar {

struct Task {
  std::string name;
  std::vector<std::string> seeds;
  std::vector<std::string> candidates;
  std::vector<std::string> relevant;
};

// Parses JSON Lines: {"task": "...", "seeds": [...], "candidates": [...],
// "relevant": [...]} one per line; blank lines skipped. Errors (kParse) name
// `origin` and the line.
[[nodiscard]] Result<std::vector<Task>> ParseTasks(std::string_view jsonl, std::string_view origin);

struct Metrics {
  double ndcg10 = 0, p10 = 0, ap = 0;
};

// Metrics of a ranking (best first) against the relevant set.
Metrics ScoreRanking(const std::vector<std::string>& ranking,
                     const std::vector<std::string>& relevant);

struct TaskResult {
  std::string task;
  Metrics metrics;
};

struct MethodReport {
  std::string name;
  std::vector<TaskResult> per_task;
  Metrics mean;
  double seconds = 0;  // total time spent ranking (model building included)
};

struct EvalOptions {
  RadarIndexOptions index;
  RadarOptions radar;
  bool recency = true;
  bool bm25 = true;
  bool arxiv_sanity = true;
  // Called with progress lines ("arxiv_sanity: task 3/25"); may be empty.
  std::function<void(const std::string&)> progress;
};

struct EvalReport {
  size_t tasks = 0;
  MethodReport ours;
  std::vector<MethodReport> baselines;  // in the order recency, bm25, arxiv_sanity (those run)
  std::vector<std::string> warnings;    // unknown ids and the like
  double ours_features_seconds = 0;     // our tf-idf build over the library
  double ours_embeddings_seconds = 0;   // LSA fit + embedding of the library
  double sanity_features_seconds = 0;   // the baseline's tf-idf build
};

// Evaluates every task. Task ids missing from the corpus are skipped with a
// warning; a task left with no seed or no candidate is skipped with a warning.
// Errors: kInvalidArgument when no task can be evaluated.
[[nodiscard]] Result<EvalReport> EvaluateRadarTasks(const Corpus& corpus,
                                                    const std::vector<Task>& tasks,
                                                    const EvalOptions& options);

// Same, reusing an index already built on `index.corpus()` (for experiments).
[[nodiscard]] Result<EvalReport> EvaluateRadarTasksWithIndex(const RadarIndex& index,
                                                             const std::vector<Task>& tasks,
                                                             const EvalOptions& options);

// The JSON object of `academichub eval radar --json`:
// {"tasks": N, "ours": {"ndcg10", "p10", "ap"}, "baselines": {"recency": {...}, ...},
//  "per_task": [{"task", "ndcg10", "p10", "ap"}, ...]}  (per_task: ours), one line.
std::string EvalReportJson(const EvalReport& report);

// A human-readable table of the same.
std::string EvalReportText(const EvalReport& report);

}  // namespace ah::radar
