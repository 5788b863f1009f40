// Offline evaluation of the radar (pure, in memory): tasks of the form of
// shared/datasets/radar-eval (what a researcher told the radar, candidates,
// relevant), metrics, our ranker against the baselines.
//
// A task carries the radar's own fields: seeds, a description, keywords
// (`query`, the radar's query language), `exclude`, followed `authors`, and
// rounds of `feedback`. Per task, ours builds the radar from those fields as
// the product does (RadarSpec -> BuildRadarModel -> RankBatch, radar.h) and
// ranks the candidates; each feedback round then updates the model the way a
// like or dislike does (BuildRadarModel with `previous`) and ranks again. We
// report nDCG@10 (binary gains, log2 discount; Jarvelin & Kekalainen, TOIS
// 2002), precision@10 and average precision, and their means. Papers that
// received feedback in any round are left out of that task's candidates and
// relevant set in every round and for every method (the "residual collection"
// of relevance-feedback evaluation, Salton & Buckley, JASIS 1990), so a liked
// paper ranked first counts for nothing.
// Methods:
//   ours          RadarIndex + BuildRadarModel + RankBatch (radar.h)
//   recency       newest first (by date, then by id descending)
//   bm25          our BM25F (bm25.h) of the task's text as one query:
//                 description + query + the seeds' titles and abstracts
//   tfidf_cosine  the peer of the description tasks: cosine of that text's
//                 tf-idf to each candidate's, arxiv-sanity-lite's vectorizer
//                 (ArxivSanityFeatureOptions) over title + abstract
//   okapi_bm25    the other peer: Okapi BM25 (k1 1.2, b 0.75) of that text
//                 over title + abstract as one field, the same words
//   arxiv_sanity  arxiv-sanity-lite's recipe: tf-idf (ArxivSanityFeatureOptions)
//                 + LinearSVC(C=0.01, class_weight="balanced") with the seeds as
//                 positives and every other library paper as negatives; only
//                 tasks with seeds (MethodReport::tasks says how many)
// No method reads Document::categories (the answer key of category tasks).
// The baselines ignore followed authors and feedback.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "radar/corpus.h"
#include "radar/radar.h"

namespace ah::radar {

// One feedback action of a round: `action` is "like", "save", "dislike" or
// "hide" (as stored feedback), on library paper `paper`.
struct FeedbackAction {
  std::string paper;
  std::string action;
};
using FeedbackRound = std::vector<FeedbackAction>;

struct Task {
  std::string name;
  std::string description;              // free text; may be empty
  std::string query;                    // keywords (search query language)
  std::string exclude;                  // negative keywords
  std::vector<std::string> authors;     // followed authors, any form
  std::vector<std::string> seeds;       // library ids
  std::vector<FeedbackRound> feedback;  // applied in order, the latest word on a paper wins
  std::vector<std::string> candidates;
  std::vector<std::string> relevant;
};

// Parses JSON Lines, one task an object a line; blank lines skipped:
//   {"task": "name",                                   (optional: "line N")
//    "description": "...", "query": "...", "exclude": "...",      (optional)
//    "authors": ["Ada Lovelace", ...], "seeds": ["1503.01234", ...], (optional)
//    "feedback": [{"like": [ids], "save": [...], "dislike": [...], "hide": [...]},
//                 ...],                              (optional: rounds, in order)
//    "candidates": [...], "relevant": [...]}                       (required)
// A task without anything to rank by (no seed, description, query or author)
// is accepted here and skipped with a warning by EvaluateRadarTasks.
// Errors (kParse) name `origin`, the line and the key: a value of the wrong
// type, an unknown key (a mistyped field would silently change what is
// measured), an unknown feedback action.
[[nodiscard]] Result<std::vector<Task>> ParseTasks(std::string_view jsonl, std::string_view origin);

struct Metrics {
  double ndcg10 = 0, p10 = 0, ap = 0;
};

// Metrics of a ranking (best first) against the relevant set.
Metrics ScoreRanking(const std::vector<std::string>& ranking,
                     const std::vector<std::string>& relevant);

struct TaskResult {
  std::string task;
  Metrics metrics;  // of the final ranking (after the last feedback round)
  // ours, for a task with feedback: before any feedback, then after each round.
  std::vector<Metrics> rounds;
};

struct MethodReport {
  std::string name;
  std::vector<TaskResult> per_task;
  Metrics mean;
  size_t tasks = 0;    // tasks this method ranked (arxiv_sanity: those with seeds)
  double seconds = 0;  // total time spent ranking (model building included)
};

struct EvalOptions {
  RadarIndexOptions index;
  RadarOptions radar;
  bool recency = true;
  bool bm25 = true;
  bool tfidf_cosine = true;
  bool okapi_bm25 = true;
  bool arxiv_sanity = true;
  // Called with progress lines ("arxiv_sanity: task 3/25"); may be empty.
  std::function<void(const std::string&)> progress;
};

struct EvalReport {
  size_t tasks = 0;
  MethodReport ours;
  // In the order recency, bm25, arxiv_sanity, tfidf_cosine, okapi_bm25 (those
  // run; arxiv_sanity only when a task has seeds).
  std::vector<MethodReport> baselines;
  // ours, for tasks with feedback: mean before any feedback, then after each
  // round (a task with fewer rounds counts with its last); empty without.
  std::vector<Metrics> ours_rounds;
  std::vector<std::string> warnings;   // unknown ids and the like
  double ours_features_seconds = 0;    // our tf-idf build over the library
  double ours_embeddings_seconds = 0;  // LSA fit + embedding of the library
  double sanity_features_seconds = 0;  // the baseline's tf-idf build
  double peer_features_seconds = 0;    // tfidf_cosine / okapi_bm25's tf-idf build
};

// Evaluates every task. Task ids missing from the corpus are skipped with a
// warning; a task left with no candidate, or with nothing to rank by (no seed
// in the library, no description, query or author), is skipped with a warning.
// Errors: kInvalidArgument when no task can be evaluated.
[[nodiscard]] Result<EvalReport> EvaluateRadarTasks(const Corpus& corpus,
                                                    const std::vector<Task>& tasks,
                                                    const EvalOptions& options);

// Same, reusing an index already built on `index.corpus()` (for experiments).
[[nodiscard]] Result<EvalReport> EvaluateRadarTasksWithIndex(const RadarIndex& index,
                                                             const std::vector<Task>& tasks,
                                                             const EvalOptions& options);

// The JSON object of `academichub eval radar --json`, one line:
// {"tasks": N, "ours": {"ndcg10", "p10", "ap"},
//  "baselines": {"recency": {"ndcg10", "p10", "ap", "tasks"}, ...},
//  "per_task": [{"task", "ndcg10", "p10", "ap"}, ...]}  (per_task: ours)
// With feedback rounds, also "ours_rounds": [{"ndcg10", "p10", "ap"}, ...]
// (before feedback, then after each round) and per_task "rounds" likewise.
std::string EvalReportJson(const EvalReport& report);

// A human-readable table of the same.
std::string EvalReportText(const EvalReport& report);

}  // namespace ah::radar
