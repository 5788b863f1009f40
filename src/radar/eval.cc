#include "radar/eval.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
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
  std::vector<uint32_t> seeds;
  // Without the papers that received feedback (the residual collection).
  std::vector<uint32_t> candidates;
  std::vector<std::string> relevant;
  std::vector<FeedbackRound> feedback;  // papers in the library only
  std::string text;                     // the baselines' query: description, query, seeds
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

MethodReport Finish(MethodReport r, std::chrono::steady_clock::time_point t0) {
  r.seconds = Seconds(t0);
  r.tasks = r.per_task.size();
  r.mean = Mean(r.per_task);
  return r;
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
    r.per_task.push_back({t.task->name, ScoreRanking(ids, t.relevant), {}});
  }
  return Finish(std::move(r), t0);
}

MethodReport RunBm25(const RadarIndex& index, const std::vector<Resolved>& tasks) {
  const Corpus& c = index.corpus();
  MethodReport r;
  r.name = "bm25";
  auto t0 = std::chrono::steady_clock::now();
  for (const auto& t : tasks) {
    Bm25Query q = MakeBm25Query(index.features(), t.text);
    std::vector<const Document*> docs;
    for (uint32_t i : t.candidates) docs.push_back(&c[i]);
    Bm25Index bm(index.features(), docs);
    std::vector<double> scores;
    bm.Score(q, &scores);
    r.per_task.push_back(
        {t.task->name, ScoreRanking(RankIds(c, t.candidates, scores), t.relevant), {}});
  }
  return Finish(std::move(r), t0);
}

// The peers of the description tasks, in the tf-idf space of arxiv-sanity-lite's
// vectorizer over title + abstract (`peer`).
MethodReport RunTfidfCosine(const Corpus& c, const FeatureSpace& peer,
                            const std::vector<Resolved>& tasks) {
  MethodReport r;
  r.name = "tfidf_cosine";
  auto t0 = std::chrono::steady_clock::now();
  const SparseMatrix& x = peer.rows();
  std::vector<float> dense(peer.num_features(), 0.0f);
  for (const auto& t : tasks) {
    Document q;
    q.abstract = t.text;
    std::vector<uint32_t> cols;
    std::vector<float> vals;
    peer.Transform(q, &cols, &vals);
    for (size_t k = 0; k < cols.size(); ++k) dense[cols[k]] = vals[k];
    std::vector<double> scores;
    for (uint32_t i : t.candidates) scores.push_back(x.DotDense(i, dense.data()));
    for (uint32_t col : cols) dense[col] = 0.0f;
    r.per_task.push_back(
        {t.task->name, ScoreRanking(RankIds(c, t.candidates, scores), t.relevant), {}});
  }
  return Finish(std::move(r), t0);
}

MethodReport RunOkapiBm25(const Corpus& c, const FeatureSpace& peer,
                          const std::vector<Resolved>& tasks) {
  MethodReport r;
  r.name = "okapi_bm25";
  auto t0 = std::chrono::steady_clock::now();
  // Okapi BM25 is BM25F with one field: title and abstract joined.
  Bm25Params p;
  p.k1 = 1.2;
  p.b = 0.75;
  p.title_weight = 0;
  p.abstract_weight = 1;
  p.author_weight = 0;
  for (const auto& t : tasks) {
    std::vector<Document> docs(t.candidates.size());
    std::vector<const Document*> ptrs;
    for (size_t k = 0; k < t.candidates.size(); ++k) {
      docs[k].abstract = c[t.candidates[k]].title + "\n" + c[t.candidates[k]].abstract;
      ptrs.push_back(&docs[k]);
    }
    Bm25Index bm(peer, ptrs, p);
    std::vector<double> scores;
    bm.Score(MakeBm25Query(peer, t.text, p), &scores);
    r.per_task.push_back(
        {t.task->name, ScoreRanking(RankIds(c, t.candidates, scores), t.relevant), {}});
  }
  return Finish(std::move(r), t0);
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
    if (t.seeds.empty()) continue;  // the recipe learns from papers only
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
        {t.task->name, ScoreRanking(RankIds(c, t.candidates, scores), t.relevant), {}});
  }
  return Finish(std::move(r), t1);
}

Result<MethodReport> RunOurs(const RadarIndex& index, const std::vector<Resolved>& tasks,
                             const EvalOptions& o, std::vector<std::string>* warnings) {
  const Corpus& c = index.corpus();
  MethodReport r;
  r.name = "ours";
  auto t0 = std::chrono::steady_clock::now();
  for (size_t ti = 0; ti < tasks.size(); ++ti) {
    const auto& t = tasks[ti];
    const Task& task = *t.task;
    RadarSpec spec;
    spec.name = task.name;
    spec.description = task.description;
    spec.query = task.query;
    spec.exclude = task.exclude;
    spec.followed_authors = task.authors;
    for (uint32_t s : t.seeds) spec.seeds.push_back(c[s].id);
    std::vector<std::string> ids;
    for (uint32_t i : t.candidates) ids.push_back(c[i].id);
    auto batch = PrepareLibraryBatch(index, ids);
    if (!batch) return Fail(batch.error());
    auto rank = [&](const RadarModel& model) {
      std::vector<std::string> ranking;
      for (const auto& x : RankBatch(index, model, **batch, 0, 0))
        ranking.push_back((*batch)->docs[x.doc].id);
      return ScoreRanking(ranking, t.relevant);
    };
    std::vector<std::string> model_warnings;
    auto model = BuildRadarModel(index, spec, o.radar, &model_warnings);
    if (!model) return Fail(model.error());
    TaskResult result{task.name, rank(*model), {}};
    // Feedback rounds as the product applies them (service/radar_service.cc
    // SpecOf): the latest action on a paper wins; like and save are positives.
    std::map<std::string, std::string> latest;
    for (const auto& round : t.feedback) {
      result.rounds.push_back(result.metrics);
      for (const auto& a : round) latest[a.paper] = a.action;
      spec.liked.clear();
      spec.disliked.clear();
      spec.hidden.clear();
      for (const auto& [paper, action] : latest) {
        if (action == "like" || action == "save") spec.liked.push_back(paper);
        if (action == "dislike") spec.disliked.push_back(paper);
        if (action == "hide") spec.hidden.push_back(paper);
      }
      auto next = BuildRadarModel(index, spec, o.radar, &model_warnings, &*model);
      if (!next) return Fail(next.error().Wrap("task " + task.name + ": feedback"));
      model = std::move(next);
      result.metrics = rank(*model);
    }
    if (!t.feedback.empty()) result.rounds.push_back(result.metrics);
    for (auto& w : model_warnings) warnings->push_back("task " + task.name + ": " + w);
    r.per_task.push_back(std::move(result));
  }
  return Finish(std::move(r), t0);
}

std::vector<Resolved> Resolve(const Corpus& c, const std::vector<Task>& tasks,
                              std::vector<std::string>* warnings) {
  std::vector<Resolved> out;
  for (const auto& t : tasks) {
    Resolved r{&t, {}, {}, {}, {}, {}};
    auto known = [&](const std::string& id, const char* what) -> std::optional<uint32_t> {
      auto i = c.Find(id);
      if (!i)
        warnings->push_back("task " + t.name + ": " + what + " " + id + " is not in the library");
      return i;
    };
    std::unordered_set<uint32_t> seen;
    for (const auto& id : t.seeds)
      if (auto i = known(id, "seed"); i && seen.insert(*i).second) r.seeds.push_back(*i);
    std::unordered_set<std::string> judged_ids;
    for (const auto& round : t.feedback) {
      FeedbackRound kept;
      for (const auto& a : round)
        if (known(a.paper, "feedback paper")) {
          kept.push_back(a);
          judged_ids.insert(a.paper);
        }
      r.feedback.push_back(std::move(kept));
    }
    seen.clear();
    for (const auto& id : t.candidates)
      if (auto i = known(id, "candidate"); i && !judged_ids.count(id) && seen.insert(*i).second)
        r.candidates.push_back(*i);
    for (const auto& id : t.relevant)
      if (!judged_ids.count(id)) r.relevant.push_back(id);
    bool has_text = !text::Trim(t.description).empty() || !text::Trim(t.query).empty();
    if (r.candidates.empty() || (r.seeds.empty() && !has_text && t.authors.empty())) {
      warnings->push_back("task " + t.name +
                          ": no candidate, or nothing to rank by (no seed in the library, no "
                          "description, query or author), skipped");
      continue;
    }
    r.text = t.description + "\n" + t.query + "\n";
    for (uint32_t s : r.seeds) r.text += c[s].title + "\n" + c[s].abstract + "\n";
    out.push_back(std::move(r));
  }
  return out;
}

nlohmann::json MetricsJson(const Metrics& m) {
  return {{"ndcg10", m.ndcg10}, {"p10", m.p10}, {"ap", m.ap}};
}

nlohmann::json RoundsJson(const std::vector<Metrics>& rounds) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& m : rounds) a.push_back(MetricsJson(m));
  return a;
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
    static const std::set<std::string> kKeys = {"task",     "description", "query",
                                                "exclude",  "authors",     "seeds",
                                                "feedback", "candidates",  "relevant"};
    for (const auto& [key, value] : j.items())
      if (!kKeys.count(key))
        return MakeError(Code::kParse,
                         where() + ": unknown key \"" + key +
                             "\" (a task has task, description, query, exclude, authors, seeds, "
                             "feedback, candidates, relevant)");
    Task t;
    auto strings = [&](const nlohmann::json& v, const std::string& key,
                       std::vector<std::string>* out) -> Status {
      if (!v.is_array())
        return MakeError(Code::kParse, where() + ": \"" + key + "\" must be an array of strings");
      for (const auto& x : v) {
        if (!x.is_string())
          return MakeError(Code::kParse, where() + ": \"" + key + "\" holds a non-string");
        out->push_back(x.get<std::string>());
      }
      return Ok();
    };
    auto str_list = [&](const char* key, bool required, std::vector<std::string>* out) -> Status {
      auto it = j.find(key);
      if (it == j.end()) {
        if (!required) return Ok();
        return MakeError(Code::kParse, where() + ": \"" + key + "\" must be an array of ids");
      }
      return strings(*it, key, out);
    };
    auto text_field = [&](const char* key, std::string* out) -> Status {
      auto it = j.find(key);
      if (it == j.end()) return Ok();
      if (!it->is_string())
        return MakeError(Code::kParse, where() + ": \"" + key + "\" must be a string");
      *out = it->get<std::string>();
      return Ok();
    };
    auto name = j.find("task");
    t.name = name != j.end() && name->is_string() ? name->get<std::string>()
                                                  : "line " + std::to_string(line_no);
    for (auto st : {text_field("description", &t.description), text_field("query", &t.query),
                    text_field("exclude", &t.exclude), str_list("authors", false, &t.authors),
                    str_list("seeds", false, &t.seeds), str_list("candidates", true, &t.candidates),
                    str_list("relevant", true, &t.relevant)})
      if (!st) return Fail(st.error());
    if (auto fb = j.find("feedback"); fb != j.end()) {
      if (!fb->is_array())
        return MakeError(Code::kParse, where() + ": \"feedback\" must be an array of rounds");
      for (size_t ri = 0; ri < fb->size(); ++ri) {
        const nlohmann::json& round = (*fb)[ri];
        std::string at = "feedback round " + std::to_string(ri + 1);
        if (!round.is_object())
          return MakeError(Code::kParse,
                           where() + ": " + at + " must be an object such as {\"like\": [ids]}");
        FeedbackRound actions;
        // Applied in this order within a round: a paper named twice ends with the later.
        for (const char* action : {"like", "save", "dislike", "hide"}) {
          auto it = round.find(action);
          if (it == round.end()) continue;
          std::vector<std::string> ids;
          if (auto st = strings(*it, at + " " + action, &ids); !st) return Fail(st.error());
          for (auto& id : ids) actions.push_back({std::move(id), action});
        }
        for (const auto& [key, value] : round.items())
          if (key != "like" && key != "save" && key != "dislike" && key != "hide")
            return MakeError(Code::kParse, where() + ": " + at + ": unknown action \"" + key +
                                               "\" (like, save, dislike, hide)");
        t.feedback.push_back(std::move(actions));
      }
    }
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
                     "eval radar: no task has candidates in the library and something to rank by "
                     "(seeds in the library, a description, a query or an author)");
  rep.tasks = resolved.size();
  rep.ours_features_seconds = index.features_seconds();
  rep.ours_embeddings_seconds = index.embeddings_seconds();
  Progress(options, "ours");
  auto ours = RunOurs(index, resolved, options, &rep.warnings);
  if (!ours) return Fail(ours.error());
  rep.ours = std::move(*ours);
  size_t max_rounds = 0;
  for (const auto& t : rep.ours.per_task) max_rounds = std::max(max_rounds, t.rounds.size());
  for (size_t k = 0; k < max_rounds; ++k) {
    std::vector<TaskResult> at;
    for (const auto& t : rep.ours.per_task)
      if (!t.rounds.empty()) at.push_back({t.task, t.rounds[std::min(k, t.rounds.size() - 1)], {}});
    rep.ours_rounds.push_back(Mean(at));
  }
  if (options.recency) rep.baselines.push_back(RunRecency(c, resolved));
  if (options.bm25) rep.baselines.push_back(RunBm25(index, resolved));
  bool any_seeds = std::any_of(resolved.begin(), resolved.end(),
                               [](const Resolved& t) { return !t.seeds.empty(); });
  if (options.arxiv_sanity && any_seeds) {
    auto s = RunSanity(c, resolved, options, &rep.sanity_features_seconds);
    if (!s) return Fail(s.error());
    rep.baselines.push_back(std::move(*s));
  }
  if (options.tfidf_cosine || options.okapi_bm25) {
    Progress(options, "the peers' tf-idf");
    auto t0 = std::chrono::steady_clock::now();
    FeatureOptions fo = ArxivSanityFeatureOptions();
    fo.author_terms = false;  // the description peers read title + abstract
    fo.threads = options.index.features.threads;
    auto peer = FeatureSpace::Build(c, fo);
    if (!peer) return Fail(peer.error());
    rep.peer_features_seconds = Seconds(t0);
    if (options.tfidf_cosine) rep.baselines.push_back(RunTfidfCosine(c, **peer, resolved));
    if (options.okapi_bm25) rep.baselines.push_back(RunOkapiBm25(c, **peer, resolved));
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
  for (const auto& m : r.baselines) {
    b[m.name] = MetricsJson(m.mean);
    b[m.name]["tasks"] = m.tasks;
  }
  j["baselines"] = b;
  if (!r.ours_rounds.empty()) j["ours_rounds"] = RoundsJson(r.ours_rounds);
  nlohmann::json per = nlohmann::json::array();
  for (const auto& t : r.ours.per_task) {
    nlohmann::json x = {{"task", t.task},
                        {"ndcg10", t.metrics.ndcg10},
                        {"p10", t.metrics.p10},
                        {"ap", t.metrics.ap}};
    if (!t.rounds.empty()) x["rounds"] = RoundsJson(t.rounds);
    per.push_back(std::move(x));
  }
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
    std::string name = m.name;
    if (m.tasks != r.tasks) name += " (" + std::to_string(m.tasks) + " tasks)";
    std::snprintf(buf, sizeof buf, "%-28s %8.3f %8.3f %8.3f   (%.2f s)\n", name.c_str(),
                  m.mean.ndcg10, m.mean.p10, m.mean.ap, m.seconds);
    out += buf;
  };
  line(r.ours);
  for (const auto& b : r.baselines) line(b);
  for (size_t k = 0; k < r.ours_rounds.size(); ++k) {
    std::string name = k == 0 ? "ours before feedback" : "ours after round " + std::to_string(k);
    std::snprintf(buf, sizeof buf, "%-28s %8.3f %8.3f %8.3f\n", name.c_str(),
                  r.ours_rounds[k].ndcg10, r.ours_rounds[k].p10, r.ours_rounds[k].ap);
    out += buf;
  }
  return out;
}

}  // namespace ah::radar
