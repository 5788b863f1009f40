#include "radar/eval.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_set>

#include "core/json.h"
#include "core/text.h"
#include "radar/bm25.h"
#include "radar/linear_model.h"

namespace ah::radar {
namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// A task with its ids resolved in the corpus.
struct Resolved {
  const Task* task;
  std::vector<uint32_t> seeds, candidates;
};

Metrics Mean(const std::vector<TaskResult>& r) {
  Metrics m;
  if (r.empty()) return m;
  for (const auto& t : r) {
    m.ndcg10 += t.metrics.ndcg10;
    m.p10 += t.metrics.p10;
    m.ap += t.metrics.ap;
  }
  double n = static_cast<double>(r.size());
  m.ndcg10 /= n;
  m.p10 /= n;
  m.ap /= n;
  return m;
}

// Ranks candidates by score (desc), ties by id (asc); returns their ids.
std::vector<std::string> RankIds(const Corpus& c, const std::vector<uint32_t>& cand,
                                 const std::vector<double>& score) {
  std::vector<size_t> order(cand.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (score[a] != score[b]) return score[a] > score[b];
    return c[cand[a]].id < c[cand[b]].id;
  });
  std::vector<std::string> ids;
  for (size_t i : order) ids.push_back(c[cand[i]].id);
  return ids;
}

void Progress(const EvalOptions& o, const std::string& s) {
  if (o.progress) o.progress(s);
}

MethodReport RunRecency(const Corpus& c, const std::vector<Resolved>& tasks) {
  MethodReport r;
  r.name = "recency";
  auto t0 = std::chrono::steady_clock::now();
  for (const auto& t : tasks) {
    std::vector<uint32_t> cand = t.candidates;
    // Newest first; the same day by id descending (later submissions have larger ids).
    std::sort(cand.begin(), cand.end(), [&](uint32_t a, uint32_t b) {
      if (c[a].date != c[b].date) return c[a].date > c[b].date;
      return c[a].id > c[b].id;
    });
    std::vector<std::string> ids;
    for (uint32_t i : cand) ids.push_back(c[i].id);
    r.per_task.push_back({t.task->name, ScoreRanking(ids, t.task->relevant)});
  }
  r.seconds = Seconds(t0);
  r.mean = Mean(r.per_task);
  return r;
}

MethodReport RunBm25(const RadarIndex& index, const std::vector<Resolved>& tasks) {
  const Corpus& c = index.corpus();
  MethodReport r;
  r.name = "bm25";
  auto t0 = std::chrono::steady_clock::now();
  for (const auto& t : tasks) {
    std::string text;
    for (uint32_t s : t.seeds) text += c[s].title + "\n" + c[s].abstract + "\n";
    Bm25Query q = MakeBm25Query(index.features(), text);
    std::vector<const Document*> docs;
    for (uint32_t i : t.candidates) docs.push_back(&c[i]);
    Bm25Index bm(index.features(), docs);
    std::vector<double> scores;
    bm.Score(q, &scores);
    r.per_task.push_back(
        {t.task->name, ScoreRanking(RankIds(c, t.candidates, scores), t.task->relevant)});
  }
  r.seconds = Seconds(t0);
  r.mean = Mean(r.per_task);
  return r;
}

Result<MethodReport> RunSanity(const Corpus& c, const std::vector<Resolved>& tasks,
                               const EvalOptions& o, double* features_seconds) {
  MethodReport r;
  r.name = "arxiv_sanity";
  auto t0 = std::chrono::steady_clock::now();
  FeatureOptions fo = ArxivSanityFeatureOptions();
  fo.threads = o.index.features.threads;
  auto fs = FeatureSpace::Build(c, fo);
  if (!fs) return Fail(fs.error());
  *features_seconds = Seconds(t0);
  const SparseMatrix& x = (*fs)->rows();
  LinearOptions lo;
  lo.solver = LinearSolver::kSvcL2Loss;
  lo.C = 0.01;
  lo.balanced = true;
  lo.bias = 1.0;
  lo.eps = 1e-4;
  auto t1 = std::chrono::steady_clock::now();
  for (size_t ti = 0; ti < tasks.size(); ++ti) {
    const auto& t = tasks[ti];
    Progress(o,
             "arxiv_sanity: task " + std::to_string(ti + 1) + "/" + std::to_string(tasks.size()));
    std::vector<uint8_t> is_seed(c.size(), 0);
    for (uint32_t s : t.seeds) is_seed[s] = 1;
    std::vector<Example> ex;
    ex.reserve(c.size());
    for (uint32_t i = 0; i < c.size(); ++i)
      ex.push_back({x.RowCols(i), x.RowVals(i), x.RowSize(i), is_seed[i] != 0});
    auto model = TrainLinear(ex, x.cols, lo);
    if (!model) return Fail(model.error().Wrap("arxiv_sanity " + t.task->name));
    std::vector<double> scores;
    for (uint32_t i : t.candidates)
      scores.push_back(model->Score(x.RowCols(i), x.RowVals(i), x.RowSize(i)));
    r.per_task.push_back(
        {t.task->name, ScoreRanking(RankIds(c, t.candidates, scores), t.task->relevant)});
  }
  r.seconds = Seconds(t1);
  r.mean = Mean(r.per_task);
  return r;
}

Result<MethodReport> RunOurs(const RadarIndex& index, const std::vector<Resolved>& tasks,
                             const EvalOptions& o, std::vector<std::string>* warnings) {
  const Corpus& c = index.corpus();
  MethodReport r;
  r.name = "ours";
  auto t0 = std::chrono::steady_clock::now();
  for (size_t ti = 0; ti < tasks.size(); ++ti) {
    const auto& t = tasks[ti];
    RadarSpec spec;
    spec.name = t.task->name;
    for (uint32_t s : t.seeds) spec.seeds.push_back(c[s].id);
    auto model = BuildRadarModel(index, spec, o.radar, warnings);
    if (!model) return Fail(model.error());
    std::vector<std::string> ids;
    for (uint32_t i : t.candidates) ids.push_back(c[i].id);
    auto batch = PrepareLibraryBatch(index, ids);
    if (!batch) return Fail(batch.error());
    auto ranked = RankBatch(index, *model, **batch, 0, 0);
    std::vector<std::string> ranking;
    for (const auto& x : ranked) ranking.push_back((*batch)->docs[x.doc].id);
    r.per_task.push_back({t.task->name, ScoreRanking(ranking, t.task->relevant)});
  }
  r.seconds = Seconds(t0);
  r.mean = Mean(r.per_task);
  return r;
}

std::vector<Resolved> Resolve(const Corpus& c, const std::vector<Task>& tasks,
                              std::vector<std::string>* warnings) {
  std::vector<Resolved> out;
  for (const auto& t : tasks) {
    Resolved r{&t, {}, {}};
    auto look = [&](const std::vector<std::string>& ids, std::vector<uint32_t>* dst,
                    const char* what) {
      std::unordered_set<uint32_t> seen;
      for (const auto& id : ids) {
        auto i = c.Find(id);
        if (!i) {
          warnings->push_back("task " + t.name + ": " + what + " " + id + " is not in the library");
          continue;
        }
        if (seen.insert(*i).second) dst->push_back(*i);
      }
    };
    look(t.seeds, &r.seeds, "seed");
    look(t.candidates, &r.candidates, "candidate");
    if (r.seeds.empty() || r.candidates.empty()) {
      warnings->push_back("task " + t.name + ": no seed or no candidate in the library, skipped");
      continue;
    }
    out.push_back(std::move(r));
  }
  return out;
}

nlohmann::json MetricsJson(const Metrics& m) {
  return {{"ndcg10", m.ndcg10}, {"p10", m.p10}, {"ap", m.ap}};
}

}  // namespace

Result<std::vector<Task>> ParseTasks(std::string_view jsonl, std::string_view origin) {
  std::vector<Task> tasks;
  size_t line_no = 0, pos = 0;
  while (pos < jsonl.size()) {
    size_t end = jsonl.find('\n', pos);
    if (end == std::string_view::npos) end = jsonl.size();
    std::string_view line = jsonl.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (text::Trim(line).empty()) continue;
    auto where = [&] { return std::string(origin) + ":" + std::to_string(line_no); };
    auto parsed = ReadJson(line);
    if (!parsed) {
      return MakeError(Code::kParse, where() + ": column " + std::to_string(parsed.error().column) +
                                         ": " + parsed.error().reason);
    }
    const nlohmann::json& j = *parsed;
    if (!j.is_object()) return MakeError(Code::kParse, where() + ": not a JSON object");
    Task t;
    auto str_list = [&](const char* key, std::vector<std::string>* out) -> Status {
      auto it = j.find(key);
      if (it == j.end() || !it->is_array())
        return MakeError(Code::kParse, where() + ": \"" + key + "\" must be an array of ids");
      for (const auto& v : *it) {
        if (!v.is_string())
          return MakeError(Code::kParse, where() + ": \"" + key + "\" holds a non-string");
        out->push_back(v.get<std::string>());
      }
      return Ok();
    };
    auto name = j.find("task");
    t.name = name != j.end() && name->is_string() ? name->get<std::string>()
                                                  : "line " + std::to_string(line_no);
    if (auto s = str_list("seeds", &t.seeds); !s) return Fail(s.error());
    if (auto s = str_list("candidates", &t.candidates); !s) return Fail(s.error());
    if (auto s = str_list("relevant", &t.relevant); !s) return Fail(s.error());
    tasks.push_back(std::move(t));
  }
  return tasks;
}

Metrics ScoreRanking(const std::vector<std::string>& ranking,
                     const std::vector<std::string>& relevant) {
  std::unordered_set<std::string> rel(relevant.begin(), relevant.end());
  Metrics m;
  if (rel.empty()) return m;
  double dcg = 0, idcg = 0, hits = 0, ap = 0;
  for (size_t i = 0; i < ranking.size(); ++i) {
    bool r = rel.count(ranking[i]) > 0;
    if (!r) continue;
    hits += 1;
    ap += hits / static_cast<double>(i + 1);
    if (i < 10) dcg += 1.0 / std::log2(static_cast<double>(i) + 2.0);
  }
  for (size_t i = 0; i < std::min<size_t>(10, rel.size()); ++i)
    idcg += 1.0 / std::log2(static_cast<double>(i) + 2.0);
  size_t top_hits = 0;
  for (size_t i = 0; i < std::min<size_t>(10, ranking.size()); ++i)
    top_hits += rel.count(ranking[i]);
  m.ndcg10 = dcg / idcg;
  m.p10 = static_cast<double>(top_hits) / 10.0;
  m.ap = ap / static_cast<double>(rel.size());
  return m;
}

Result<EvalReport> EvaluateRadarTasksWithIndex(const RadarIndex& index,
                                               const std::vector<Task>& tasks,
                                               const EvalOptions& options) {
  const Corpus& c = index.corpus();
  EvalReport rep;
  std::vector<Resolved> resolved = Resolve(c, tasks, &rep.warnings);
  if (resolved.empty())
    return MakeError(Code::kInvalidArgument,
                     "eval radar: no task has seeds and candidates in the library");
  rep.tasks = resolved.size();
  rep.ours_features_seconds = index.features_seconds();
  rep.ours_embeddings_seconds = index.embeddings_seconds();
  Progress(options, "ours");
  auto ours = RunOurs(index, resolved, options, &rep.warnings);
  if (!ours) return Fail(ours.error());
  rep.ours = std::move(*ours);
  if (options.recency) rep.baselines.push_back(RunRecency(c, resolved));
  if (options.bm25) rep.baselines.push_back(RunBm25(index, resolved));
  if (options.arxiv_sanity) {
    auto s = RunSanity(c, resolved, options, &rep.sanity_features_seconds);
    if (!s) return Fail(s.error());
    rep.baselines.push_back(std::move(*s));
  }
  return rep;
}

Result<EvalReport> EvaluateRadarTasks(const Corpus& corpus, const std::vector<Task>& tasks,
                                      const EvalOptions& options) {
  Progress(options, "building our features");
  auto index = RadarIndex::Build(corpus, options.index);
  if (!index) return Fail(index.error());
  return EvaluateRadarTasksWithIndex(**index, tasks, options);
}

std::string EvalReportJson(const EvalReport& r) {
  nlohmann::json j;
  j["tasks"] = r.tasks;
  j["ours"] = MetricsJson(r.ours.mean);
  nlohmann::json b = nlohmann::json::object();
  for (const auto& m : r.baselines) b[m.name] = MetricsJson(m.mean);
  j["baselines"] = b;
  nlohmann::json per = nlohmann::json::array();
  for (const auto& t : r.ours.per_task)
    per.push_back({{"task", t.task},
                   {"ndcg10", t.metrics.ndcg10},
                   {"p10", t.metrics.p10},
                   {"ap", t.metrics.ap}});
  j["per_task"] = per;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string EvalReportText(const EvalReport& r) {
  std::string out;
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-28s %8s %8s %8s\n", "task", "nDCG@10", "P@10", "AP");
  out += buf;
  for (const auto& t : r.ours.per_task) {
    std::snprintf(buf, sizeof buf, "%-28s %8.3f %8.3f %8.3f\n", t.task.c_str(), t.metrics.ndcg10,
                  t.metrics.p10, t.metrics.ap);
    out += buf;
  }
  out += "\nmean over " + std::to_string(r.tasks) + " tasks\n";
  auto line = [&](const MethodReport& m) {
    std::snprintf(buf, sizeof buf, "%-28s %8.3f %8.3f %8.3f   (%.2f s)\n", m.name.c_str(),
                  m.mean.ndcg10, m.mean.p10, m.mean.ap, m.seconds);
    out += buf;
  };
  line(r.ours);
  for (const auto& b : r.baselines) line(b);
  return out;
}

}  // namespace ah::radar
