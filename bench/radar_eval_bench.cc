// The radar evaluation on real data: the 2016 arXiv cs harvest as the library,
// shared/datasets/radar-eval/cs2016-categories.jsonl as the tasks (default), or
// any task files (--tasks), or a suite: the public week's file and the held-out
// weeks' of bench/data/radar-eval (--suite). Per file: the per-task table, the
// means of ours and the baselines, the timings, and the JSON of `academichub
// eval radar --json`; with several files, a summary line per file at the end.
//
//   build/bench/radar_eval_bench [--tasks=FILE[,FILE...] |
//                                 --suite=seeds|describe|mixed|feedback|all]
//                                [--split=all|odd|even] [--baselines=0|1]
//                                [--show=N (top N of the first task, with reasons)] [--grid]
//                                [--w.learned=X --w.semantic=X --w.lexical=X --w.coauthor=X
//                                 --w.recency=X --C=X --background=N --bg_seed=N --solver=svc|lr
//                                 --min_df=N --max_df=X --title_weight=N --stem=0|1
//                                 --latex=0|1 --numbers=0|1 --authors=0|1 --ngram=1|2
//                                 --dims=N --power=N --lsa_vocab=N --alpha=X
//                                 --max_terms=N --passes=N --expand_warm=0|1 --threads=N
//                                 --own_solver=0|1
//                                 --expand=N --expand_sel=X --expand_sem=X --expand_rounds=N
//                                 (radars without papers:) --expand_rounds_np=N
//                                 --expand_sem_np=X --w.desc_lexical=X --background_np=N
//                                 --passes_np=N --expand_warm_np=0|1]
//   build/bench/radar_eval_bench --tasks=F0,F1,... --describe_grid --tune=12
//     (components of radars described in words, scored once per task; weightings
//      and expansion variants chosen on files 1 and 2, the others as checks)
// Categories are cleared when loading: no ranker can read the answer key.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench_data.h"
#include "ingest/file_reader.h"
#include "radar/eval.h"
#include "sources/arxiv/arxiv.h"

namespace {

using ah::radar::Document;

std::vector<Document> LoadHarvest(int threads) {
  auto files = ah::bench::DatasetFiles("arxiv-cs-oai-2016");
  std::vector<std::vector<Document>> per_file(files.size());
  std::vector<std::thread> pool;
  std::mutex err_mu;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (size_t f = static_cast<size_t>(t); f < files.size(); f += static_cast<size_t>(threads)) {
        auto body = ah::ingest::ReadInputFile(files[f]);
        if (!body) {
          std::lock_guard<std::mutex> lock(err_mu);
          std::fprintf(stderr, "%s\n", body.error().message.c_str());
          std::exit(2);
        }
        ah::sources::ParseContext ctx;
        ctx.origin = files[f];
        auto page = ah::sources::arxiv::ParseArxivOai(*body, ctx);
        if (!page) {
          std::lock_guard<std::mutex> lock(err_mu);
          std::fprintf(stderr, "%s\n", page.error().message.c_str());
          std::exit(2);
        }
        for (const auto& p : page->papers) {
          Document d = ah::radar::DocumentFromPaper(p);
          d.categories.clear();  // the answer key
          per_file[f].push_back(std::move(d));
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  std::vector<Document> docs;
  for (auto& v : per_file)
    for (auto& d : v) docs.push_back(std::move(d));
  return docs;
}

// --grid: builds the index once, computes each component's z-scores per task
// once, and evaluates weight combinations on odd / even tasks (tuning aid).
void Grid(const ah::radar::Corpus& corpus, const std::vector<ah::radar::Task>& tasks,
          const ah::radar::EvalOptions& o) {
  using namespace ah::radar;
  auto index = RadarIndex::Build(corpus, o.index);
  if (!index) {
    std::fprintf(stderr, "%s\n", index.error().ToString().c_str());
    std::exit(1);
  }
  std::fprintf(stderr, "[grid] features %.2f s, embeddings %.2f s\n", (*index)->features_seconds(),
               (*index)->embeddings_seconds());
  // Components: 0..3 learned variants, 4 semantic, 5 coauthor, 6 knn.
  struct Variant {
    const char* name;
    double C;
    size_t background;
    LinearSolver solver;
    size_t expand;
  };
  std::vector<Variant> variants = {{"svc C=.01 x500", 0.01, 10000, LinearSolver::kSvcL2Loss, 500},
                                   {"svc C=.01 x1000", 0.01, 10000, LinearSolver::kSvcL2Loss, 1000},
                                   {"svc C=.03 x500", 0.03, 10000, LinearSolver::kSvcL2Loss, 500},
                                   {"svc C=.1 x500", 0.1, 10000, LinearSolver::kSvcL2Loss, 500},
                                   {"svc C=.1 x1000", 0.1, 10000, LinearSolver::kSvcL2Loss, 1000},
                                   {"lr C=1 x500", 1.0, 10000, LinearSolver::kLogistic, 500}};
  if (std::getenv("GRID_FULL"))
    variants.push_back({"svc C=.01 full", 0.01, 0, LinearSolver::kSvcL2Loss, 0});
  const int kL = static_cast<int>(variants.size());
  const int kComps = kL + 3;
  struct PerTask {
    std::vector<std::string> ids;
    std::vector<std::vector<double>> z;  // [component][doc]
  };
  std::vector<PerTask> pt;
  for (const auto& t : tasks) {
    RadarSpec spec;
    spec.seeds = t.seeds;
    auto batch = PrepareLibraryBatch(**index, t.candidates);
    auto model = BuildRadarModel(**index, spec, o.radar);
    if (!model || !batch) {
      std::fprintf(stderr, "task %s failed\n", t.name.c_str());
      std::exit(1);
    }
    PerTask p;
    size_t n = (*batch)->size();
    for (size_t i = 0; i < n; ++i) p.ids.push_back((*batch)->docs[i].id);
    p.z.assign(static_cast<size_t>(kComps), std::vector<double>(n, 0.0));
    for (int c = 0; c < kL + 2; ++c) {
      RadarModel m = *model;
      if (c < kL) {
        RadarOptions ro = o.radar;
        ro.linear.C = variants[static_cast<size_t>(c)].C;
        ro.background = variants[static_cast<size_t>(c)].background;
        ro.linear.solver = variants[static_cast<size_t>(c)].solver;
        ro.expand = variants[static_cast<size_t>(c)].expand;
        m = *BuildRadarModel(**index, spec, ro);
      }
      m.weights = ScoreWeights{0, 0, 0, 0, 0, 0};
      if (c < kL) m.weights.learned = 1;
      if (c == kL) m.weights.semantic = 1;
      if (c == kL + 1) m.weights.coauthor = 1;
      for (const auto& r : RankBatch(**index, m, **batch, 0, 0))
        p.z[static_cast<size_t>(c)][r.doc] = r.score;
    }
    // knn: mean of the 3 best cosines to single seeds, z-normalised.
    size_t k = static_cast<size_t>((*index)->dims());
    if (k) {
      std::vector<double>& v = p.z[static_cast<size_t>(kL + 2)];
      for (size_t i = 0; i < n; ++i) {
        std::vector<double> sims;
        for (uint32_t s : model->positives) {
          const float* a = (*index)->Embedding(s);
          const float* b = (*batch)->embeddings.data() + i * k;
          double d = 0;
          for (size_t j = 0; j < k; ++j) d += a[j] * b[j];
          sims.push_back(d);
        }
        std::sort(sims.rbegin(), sims.rend());
        double sum = 0;
        for (size_t j = 0; j < std::min<size_t>(3, sims.size()); ++j) sum += sims[j];
        v[i] = sum;
      }
      double mean = 0, var = 0;
      for (double x : v) mean += x;
      mean /= double(n);
      for (double x : v) var += (x - mean) * (x - mean);
      double sd = std::sqrt(var / double(n));
      for (double& x : v) x = sd > 0 ? (x - mean) / sd : 0;
    }
    pt.push_back(std::move(p));
  }
  auto evaluate = [&](const std::vector<double>& w, double* odd, double* even) {
    double sum[2] = {0, 0};
    int cnt[2] = {0, 0};
    for (size_t ti = 0; ti < pt.size(); ++ti) {
      const auto& p = pt[ti];
      size_t n = p.ids.size();
      std::vector<size_t> order(n);
      std::vector<double> tot(n, 0.0);
      for (size_t i = 0; i < n; ++i) {
        order[i] = i;
        for (int cc = 0; cc < kComps; ++cc)
          tot[i] += w[static_cast<size_t>(cc)] * p.z[static_cast<size_t>(cc)][i];
      }
      std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
        if (tot[x] != tot[y]) return tot[x] > tot[y];
        return p.ids[x] < p.ids[y];
      });
      std::vector<std::string> ranking;
      for (size_t i : order) ranking.push_back(p.ids[i]);
      Metrics m = ScoreRanking(ranking, tasks[ti].relevant);
      sum[ti % 2] += m.ndcg10;
      cnt[ti % 2] += 1;
    }
    *odd = sum[0] / std::max(cnt[0], 1);
    *even = sum[1] / std::max(cnt[1], 1);
    return (sum[0] + sum[1]) / (cnt[0] + cnt[1]);
  };
  for (int c = 0; c < kComps; ++c) {
    std::vector<double> w(static_cast<size_t>(kComps), 0.0);
    w[static_cast<size_t>(c)] = 1;
    double odd, even, all = evaluate(w, &odd, &even);
    std::printf("alone %-18s | %8.4f %10.4f %10.4f\n",
                c < kL        ? variants[static_cast<size_t>(c)].name
                : c == kL     ? "semantic"
                : c == kL + 1 ? "coauthor"
                              : "knn3",
                all, odd, even);
  }
  struct Row {
    int lv;
    double w[3];
    double cw;
    double all, odd, even;
  };
  std::vector<Row> rows;
  const double ws[] = {0, 0.25, 0.5, 1, 2};
  for (int lv = 0; lv < kL; ++lv)
    for (double b : ws)
      for (double c : {0.0, 0.1, 0.25})
        for (double d : ws) {
          std::vector<double> w(static_cast<size_t>(kComps), 0.0);
          w[static_cast<size_t>(lv)] = 1;
          w[static_cast<size_t>(kL)] = b;
          w[static_cast<size_t>(kL + 1)] = c;
          w[static_cast<size_t>(kL + 2)] = d;
          Row r{lv, {b, c, d}, 1, 0, 0, 0};
          r.all = evaluate(w, &r.odd, &r.even);
          rows.push_back(r);
        }
  std::sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) { return x.odd > y.odd; });
  std::printf(
      "learned(=1)         semantic coauthor knn |  nDCG@10 all   odd(tune)  even(check)\n");
  for (size_t i = 0; i < std::min<size_t>(rows.size(), 30); ++i)
    std::printf("%-18s %8.2f %8.2f %5.2f | %8.4f %10.4f %10.4f\n",
                variants[static_cast<size_t>(rows[i].lv)].name, rows[i].w[0], rows[i].w[1],
                rows[i].w[2], rows[i].all, rows[i].odd, rows[i].even);
}

// --describe_grid: for radars described in words (any task files), each
// component's z-scores per task once, then weight combinations; the files
// listed by --tune=I,J (0-based) choose, the others check.
void DescribeGrid(const ah::radar::RadarIndex& index,
                  const std::vector<std::vector<ah::radar::Task>>& sets,
                  const std::vector<std::string>& names, const std::vector<int>& tune,
                  const ah::radar::EvalOptions& o) {
  using namespace ah::radar;
  // A model variant and the component read from it.
  struct Variant {
    std::string name;
    size_t expand;
    double select_semantic;
    int rounds;
    double expand_sem;  // the expansion in the centroid (radars without papers)
    double C;
    int component;  // 0 learned, 1 semantic, 2 lexical
  };
  std::vector<Variant> variants;
  auto add_model = [&](const std::string& name, size_t expand, double sel, int rounds, double C) {
    variants.push_back({"learned " + name, expand, sel, rounds, 1.0, C, 0});
    variants.push_back({"semantic " + name, expand, sel, rounds, 1.0, C, 1});
  };
  add_model("x500 r1", 500, 1, 1, 0.01);
  add_model("x500 r2", 500, 1, 2, 0.01);
  add_model("x500 r3", 500, 1, 3, 0.01);
  add_model("x500 r4", 500, 1, 4, 0.01);
  add_model("x100 r1", 100, 1, 1, 0.01);
  add_model("x100 r3", 100, 1, 3, 0.01);
  add_model("x300 r1", 300, 1, 1, 0.01);
  add_model("x100 r1 sel2", 100, 2, 1, 0.01);
  add_model("x100 r1 C.1", 100, 1, 1, 0.1);
  variants.push_back({"lexical", 500, 1, 1, 0, 0.01, 2});
  struct PerTask {
    std::vector<std::string> ids;
    std::vector<std::vector<double>> z;  // [variant][doc]
    const Task* task;
    size_t set;
  };
  std::vector<PerTask> pt;
  for (size_t si = 0; si < sets.size(); ++si)
    for (const auto& t : sets[si]) {
      RadarSpec spec;
      spec.description = t.description;
      spec.query = t.query;
      spec.seeds = t.seeds;
      auto batch = PrepareLibraryBatch(index, t.candidates);
      if (!batch) std::exit(1);
      PerTask p{{}, {}, &t, si};
      for (const auto& d : (*batch)->docs) p.ids.push_back(d.id);
      for (const auto& v : variants) {
        RadarOptions ro = o.radar;
        ro.expand = v.expand;
        ro.expand_select_semantic = v.select_semantic;
        ro.expand_rounds_no_papers = v.rounds;
        ro.expand_semantic_no_papers = v.expand_sem;
        ro.linear.C = v.C;
        auto m = BuildRadarModel(index, spec, ro);
        if (!m) std::exit(1);
        m->weights = ScoreWeights{0, 0, 0, 0, 0, 0};
        (v.component == 0   ? m->weights.learned
         : v.component == 1 ? m->weights.semantic
                            : m->weights.lexical) = 1;
        std::vector<double> z(p.ids.size(), 0.0);
        for (const auto& r : RankBatch(index, *m, **batch, 0, 0)) z[r.doc] = r.score;
        p.z.push_back(std::move(z));
      }
      pt.push_back(std::move(p));
    }
  // Mean nDCG@10 per file of a weighting.
  auto evaluate = [&](const std::vector<double>& w) {
    std::vector<double> sum(sets.size(), 0.0);
    std::vector<int> cnt(sets.size(), 0);
    for (const auto& p : pt) {
      std::vector<double> tot(p.ids.size(), 0.0);
      for (size_t v = 0; v < w.size(); ++v)
        if (w[v] != 0)
          for (size_t i = 0; i < tot.size(); ++i) tot[i] += w[v] * p.z[v][i];
      std::vector<size_t> order(tot.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return tot[a] != tot[b] ? tot[a] > tot[b] : p.ids[a] < p.ids[b];
      });
      std::vector<std::string> ranking;
      for (size_t i : order) ranking.push_back(p.ids[i]);
      sum[p.set] += ScoreRanking(ranking, p.task->relevant).ndcg10;
      cnt[p.set] += 1;
    }
    for (size_t i = 0; i < sum.size(); ++i) sum[i] /= std::max(cnt[i], 1);
    return sum;
  };
  auto tune_mean = [&](const std::vector<double>& per) {
    double s = 0;
    for (int i : tune) s += per[static_cast<size_t>(i)];
    return tune.empty() ? 0 : s / static_cast<double>(tune.size());
  };
  std::printf("files:");
  for (size_t i = 0; i < names.size(); ++i) std::printf(" [%zu] %s", i, names[i].c_str());
  std::printf("\n");
  auto row = [&](const std::string& label, const std::vector<double>& w) {
    auto per = evaluate(w);
    std::printf("%-48s tune %.4f |", label.c_str(), tune_mean(per));
    for (double x : per) std::printf(" %.3f", x);
    std::printf("\n");
    return tune_mean(per);
  };
  const size_t nv = variants.size();
  for (size_t v = 0; v < nv; ++v) {
    std::vector<double> w(nv, 0.0);
    w[v] = 1;
    row("alone " + variants[v].name, w);
  }
  struct Best {
    double tune;
    std::string label;
    std::vector<double> w;
  };
  std::vector<Best> all;
  for (size_t l = 0; l + 1 < nv; l += 2)
    for (double sw : {0.0, 0.25, 0.5, 1.0, 2.0})
      for (double xw : {0.0, 0.25}) {
        std::vector<double> w(nv, 0.0);
        w[l] = 1;
        w[l + 1] = sw;
        w[nv - 1] = xw;
        char label[160];
        std::snprintf(label, sizeof label, "%s + %.2f its semantic + %.2f lexical",
                      variants[l].name.c_str(), sw, xw);
        all.push_back({tune_mean(evaluate(w)), label, w});
      }
  std::sort(all.begin(), all.end(), [](const Best& a, const Best& b) { return a.tune > b.tune; });
  for (size_t i = 0; i < all.size(); ++i) row(all[i].label, all[i].w);
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0) continue;
    auto eq = a.find('=');
    args[a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2)] =
        eq == std::string::npos ? "1" : a.substr(eq + 1);
  }
  auto num = [&](const char* k, double def) {
    return args.count(k) ? std::atof(args[k].c_str()) : def;
  };

  ah::radar::EvalOptions o;
  int threads = static_cast<int>(num("threads", 2));
  o.index.features.threads = threads;
  o.index.lsa.threads = threads;
  auto& w = o.radar.weights;
  w.learned = num("w.learned", w.learned);
  w.semantic = num("w.semantic", w.semantic);
  w.lexical = num("w.lexical", w.lexical);
  w.author = num("w.author", w.author);
  w.coauthor = num("w.coauthor", w.coauthor);
  w.recency = num("w.recency", w.recency);
  o.radar.linear.C = num("C", o.radar.linear.C);
  o.radar.background = static_cast<size_t>(num("background", double(o.radar.background)));
  o.radar.background_seed =
      static_cast<uint64_t>(num("bg_seed", static_cast<double>(o.radar.background_seed)));
  o.radar.max_terms = static_cast<size_t>(num("max_terms", double(o.radar.max_terms)));
  o.radar.max_passes = static_cast<int>(num("passes", o.radar.max_passes));
  o.radar.expand_warm = num("expand_warm", o.radar.expand_warm ? 1 : 0) != 0;
  o.radar.background_no_papers =
      static_cast<size_t>(num("background_np", double(o.radar.background_no_papers)));
  o.radar.max_passes_no_papers = static_cast<int>(num("passes_np", o.radar.max_passes_no_papers));
  o.radar.expand_warm_no_papers = num("expand_warm_np", o.radar.expand_warm_no_papers ? 1 : 0) != 0;
  o.radar.rocchio_no_papers = num("rocchio_np", o.radar.rocchio_no_papers ? 1 : 0) != 0;
  o.radar.rocchio_description = num("rocchio_desc", o.radar.rocchio_description);
  o.radar.rocchio_negative = num("rocchio_neg", o.radar.rocchio_negative);
  o.radar.expand = static_cast<size_t>(num("expand", double(o.radar.expand)));
  o.radar.expand_semantic = num("expand_sem", o.radar.expand_semantic);
  o.radar.expand_semantic_no_papers = num("expand_sem_np", o.radar.expand_semantic_no_papers);
  o.radar.expand_rounds = static_cast<int>(num("expand_rounds", o.radar.expand_rounds));
  o.radar.expand_rounds_no_papers =
      static_cast<int>(num("expand_rounds_np", o.radar.expand_rounds_no_papers));
  o.radar.description_lexical = num("w.desc_lexical", o.radar.description_lexical);
  o.radar.expand_select_semantic = num("expand_sel", o.radar.expand_select_semantic);
  if (args["solver"] == "lr") o.radar.linear.solver = ah::radar::LinearSolver::kLogistic;
  // --own_solver=0: liblinear for full builds (the solver before the server).
  o.radar.own_solver = num("own_solver", o.radar.own_solver ? 1 : 0) != 0;
  auto& f = o.index.features;
  f.min_df = static_cast<int>(num("min_df", f.min_df));
  f.max_df = num("max_df", f.max_df);
  f.max_features = static_cast<size_t>(num("max_features", double(f.max_features)));
  f.title_weight = static_cast<int>(num("title_weight", f.title_weight));
  f.ngram_max = static_cast<int>(num("ngram", f.ngram_max));
  f.tokenizer.stem = num("stem", f.tokenizer.stem) != 0;
  f.tokenizer.keep_latex_commands = num("latex", f.tokenizer.keep_latex_commands) != 0;
  f.tokenizer.drop_numbers = num("numbers", !f.tokenizer.drop_numbers) == 0;
  f.author_terms = num("authors", f.author_terms) != 0;
  auto& l = o.index.lsa;
  l.dims = static_cast<int>(num("dims", l.dims));
  l.power_iterations = static_cast<int>(num("power", l.power_iterations));
  l.vocab = static_cast<size_t>(num("lsa_vocab", double(l.vocab)));
  l.fit_docs = static_cast<size_t>(num("fit_docs", double(l.fit_docs)));
  l.alpha = num("alpha", l.alpha);
  if (args["rp"] == "1") l.method = ah::radar::EmbeddingMethod::kRandomProjection;
  o.index.embeddings = w.semantic != 0;
  bool baselines = num("baselines", 1) != 0;
  o.recency = o.bm25 = o.arxiv_sanity = baselines;
  o.progress = [](const std::string& s) { std::fprintf(stderr, "[radar eval] %s\n", s.c_str()); };

  // --tasks=FILE[,FILE...] or --suite=seeds|describe|mixed|feedback|all: the public week's
  // file and the held-out weeks' (bench/data/radar-eval, made by
  // make_radar_tasks.py, which also made the copy of cs2016-describe.jsonl and
  // the public week's mixed tasks there).
  std::vector<std::string> task_files;
  const std::string public_dir = (ah::bench::DatasetsDir() / "radar-eval").string();
  const std::string heldout_dir = std::string(AH_SOURCE_DIR) + "/bench/data/radar-eval";
  const char* kHeldoutWeeks[] = {"2015-07-13", "2015-09-14", "2015-12-07", "2016-02-08"};
  auto suite = [&](const std::string& kind) {
    if (kind == "seeds") {
      task_files.push_back(public_dir + "/cs2016-categories.jsonl");
    } else if (kind == "describe" &&
               std::filesystem::exists(public_dir + "/cs2016-describe.jsonl")) {
      task_files.push_back(public_dir + "/cs2016-describe.jsonl");
    } else {
      task_files.push_back(heldout_dir + "/cs2016-" + kind + ".jsonl.gz");
    }
    for (const char* w : kHeldoutWeeks)
      task_files.push_back(heldout_dir + "/heldout-" + w + "-" + kind + ".jsonl.gz");
  };
  if (args.count("suite")) {
    const std::string& which = args["suite"];
    for (const char* kind : {"seeds", "describe", "mixed", "feedback"})
      if (which == "all" || which == kind) suite(kind);
  } else if (args.count("tasks")) {
    std::string list = args["tasks"];
    for (size_t b = 0; b <= list.size();) {
      size_t e = std::min(list.find(',', b), list.size());
      if (e > b) task_files.push_back(list.substr(b, e - b));
      b = e + 1;
    }
  } else {
    task_files.push_back(public_dir + "/cs2016-categories.jsonl");
  }
  if (task_files.empty()) {
    std::fprintf(stderr, "--suite: seeds, describe, mixed, feedback or all\n");
    return 2;
  }
  std::vector<std::vector<ah::radar::Task>> task_sets;
  for (const auto& path : task_files) {
    auto body = ah::ingest::ReadInputFile(path);
    if (!body) {
      std::fprintf(stderr, "%s\n", body.error().message.c_str());
      return 2;
    }
    auto tasks = ah::radar::ParseTasks(*body, path);
    if (!tasks) {
      std::fprintf(stderr, "%s\n", tasks.error().message.c_str());
      return 2;
    }
    std::string split = args.count("split") ? args["split"] : "all";
    if (split != "all") {
      std::vector<ah::radar::Task> kept;
      for (size_t i = 0; i < tasks->size(); ++i)
        if ((split == "odd") == (i % 2 == 0)) kept.push_back((*tasks)[i]);  // 1st, 3rd, ... are odd
      *tasks = kept;
    }
    task_sets.push_back(std::move(*tasks));
  }
  std::vector<ah::radar::Task>* tasks = &task_sets[0];

  auto t0 = std::chrono::steady_clock::now();
  ah::radar::Corpus corpus(LoadHarvest(threads));
  double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::fprintf(stderr, "[radar eval] library: %zu papers loaded in %.2f s\n", corpus.size(),
               load_s);

  if (args.count("show")) {
    // The top of the first task's ranking with its reasons (what `radar run` shows).
    auto index = ah::radar::RadarIndex::Build(corpus, o.index);
    if (!index || tasks->empty()) return 1;
    ah::radar::RadarSpec spec;
    const ah::radar::Task& first = (*tasks)[0];
    spec.seeds = first.seeds;
    spec.description = first.description;
    spec.query = first.query;
    spec.exclude = first.exclude;
    spec.followed_authors = first.authors;
    auto model = ah::radar::BuildRadarModel(**index, spec, o.radar);
    auto batch = ah::radar::PrepareLibraryBatch(**index, (*tasks)[0].candidates);
    if (!model || !batch) return 1;
    size_t n = static_cast<size_t>(num("show", 5));
    for (const auto& r : ah::radar::RankBatch(**index, *model, **batch, n, n)) {
      std::printf("%.3f %s %s\n", r.score, (*batch)->docs[r.doc].id.c_str(),
                  (*batch)->docs[r.doc].title.c_str());
      for (const auto& why : r.reasons) std::printf("    - %s\n", why.c_str());
    }
    return 0;
  }
  if (args.count("describe_grid")) {
    auto index = ah::radar::RadarIndex::Build(corpus, o.index);
    if (!index) return 1;
    std::vector<int> tune;
    for (char ch : args["tune"])
      if (ch >= '0' && ch <= '9') tune.push_back(ch - '0');
    DescribeGrid(**index, task_sets, task_files, tune, o);
    return 0;
  }
  if (args.count("grid")) {
    o.index.embeddings = true;
    Grid(corpus, *tasks, o);
    return 0;
  }
  o.progress = nullptr;
  std::fprintf(stderr, "[radar eval] building our features\n");
  auto index = ah::radar::RadarIndex::Build(corpus, o.index);
  if (!index) {
    std::fprintf(stderr, "%s\n", index.error().ToString().c_str());
    return 1;
  }
  struct Summary {
    std::string file;
    size_t tasks;
    std::vector<std::pair<std::string, double>> ndcg;  // ours first
  };
  std::vector<Summary> summary;
  for (size_t fi = 0; fi < task_files.size(); ++fi) {
    std::fprintf(stderr, "[radar eval] %s\n", task_files[fi].c_str());
    auto rep = ah::radar::EvaluateRadarTasksWithIndex(**index, task_sets[fi], o);
    if (!rep) {
      std::fprintf(stderr, "%s\n", rep.error().ToString().c_str());
      return 1;
    }
    for (const auto& wmsg : rep->warnings) std::fprintf(stderr, "warning: %s\n", wmsg.c_str());
    std::printf("== %s\n%s", task_files[fi].c_str(), ah::radar::EvalReportText(*rep).c_str());
    // Tuning happens on the odd tasks (1st, 3rd, ...); the even ones check it.
    auto halves = [&](const ah::radar::MethodReport& m) {
      double sum[2] = {0, 0};
      int cnt[2] = {0, 0};
      for (size_t i = 0; i < m.per_task.size(); ++i) {
        sum[i % 2] += m.per_task[i].metrics.ndcg10;
        cnt[i % 2] += 1;
      }
      std::printf("%-28s nDCG@10 odd tasks %.4f, even tasks %.4f\n", m.name.c_str(),
                  sum[0] / std::max(cnt[0], 1), sum[1] / std::max(cnt[1], 1));
    };
    halves(rep->ours);
    for (const auto& b : rep->baselines) halves(b);
    std::printf(
        "features: ours %.2f s (+ embeddings %.2f s), arxiv_sanity tf-idf %.2f s, peers' tf-idf "
        "%.2f s\n",
        rep->ours_features_seconds, rep->ours_embeddings_seconds, rep->sanity_features_seconds,
        rep->peer_features_seconds);
    std::printf("%s\n", ah::radar::EvalReportJson(*rep).c_str());
    Summary sm{task_files[fi].substr(task_files[fi].find_last_of('/') + 1), rep->tasks, {}};
    sm.ndcg.emplace_back("ours", rep->ours.mean.ndcg10);
    for (const auto& b : rep->baselines) sm.ndcg.emplace_back(b.name, b.mean.ndcg10);
    summary.push_back(std::move(sm));
  }
  if (summary.size() > 1) {
    // One line per file: nDCG@10 of ours and each baseline.
    std::printf("\nsummary (nDCG@10)\n");
    for (const auto& sm : summary) {
      std::printf("%-36s %3zu", sm.file.c_str(), sm.tasks);
      for (const auto& [name, v] : sm.ndcg) std::printf("  %s %.3f", name.c_str(), v);
      std::printf("\n");
    }
  }
  return 0;
}
