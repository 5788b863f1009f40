// Radar throughput on real data (issue 3's performance targets):
//  - building the features of the 102,538-paper 2016 cs harvest, ours and the
//    arxiv-sanity-lite recipe's tf-idf, in the same run;
//  - scoring one day of 1,000 new papers for 10,000 radars (target < 10 s);
//  - a feedback update: rebuild one radar's model after a like and re-rank the
//    day (target < 100 ms).
//   build/bench/radar_bench [--benchmark_filter=...]
// The library is the harvest minus its last 1,000 papers, which play the new day
// (they go through the same path as papers that are not in the library).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "bench_data.h"
#include "ingest/file_reader.h"
#include "radar/radar.h"
#include "sources/arxiv/arxiv.h"

// Under valgrind --tool=callgrind --instr-atstart=no, only the feedback update
// is instrumented (instruction counts are repeatable on a shared machine):
//   valgrind --tool=callgrind --instr-atstart=no build/bench/radar_bench
//     --benchmark_filter=BM_FeedbackUpdateAndRerank
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#endif

namespace ah::bench {
namespace {

using radar::Document;

constexpr size_t kDay = 1000;
constexpr size_t kRadars = 10000;
constexpr size_t kDistinctModels = 100;

std::vector<Document> LoadHarvest() {
  auto files = DatasetFiles("arxiv-cs-oai-2016");
  std::vector<std::vector<Document>> per_file(files.size());
  std::vector<std::thread> pool;
  for (int t = 0; t < 2; ++t) {
    pool.emplace_back([&, t] {
      for (size_t f = static_cast<size_t>(t); f < files.size(); f += 2) {
        auto body = ingest::ReadInputFile(files[f]);
        if (!body) std::abort();
        sources::ParseContext ctx;
        ctx.origin = files[f];
        auto page = sources::arxiv::ParseArxivOai(*body, ctx);
        if (!page) std::abort();
        for (const auto& p : page->papers) per_file[f].push_back(radar::DocumentFromPaper(p));
      }
    });
  }
  for (auto& th : pool) th.join();
  std::vector<Document> docs;
  for (auto& v : per_file)
    for (auto& d : v) docs.push_back(std::move(d));
  return docs;
}

struct World {
  std::vector<Document> all;
  std::unique_ptr<radar::Corpus> library;
  std::vector<Document> day;
  std::unique_ptr<radar::RadarIndex> index;
  std::unique_ptr<radar::Batch> batch;
  std::vector<radar::RadarModel> models;  // kRadars, kDistinctModels distinct ones
  std::vector<radar::RadarSpec> specs;
};

// 20 seeds around a random paper (its nearest library neighbours by the
// embedding): a researcher with a coherent interest.
radar::RadarSpec RandomSpec(const World& w, std::mt19937_64& rng, size_t i) {
  const radar::RadarIndex& idx = *w.index;
  size_t n = w.library->size();
  size_t k = static_cast<size_t>(idx.dims());
  uint32_t center = static_cast<uint32_t>(rng() % n);
  std::vector<std::pair<float, uint32_t>> sims;
  for (uint32_t j = static_cast<uint32_t>(rng() % 7); j < n; j += 7) {
    float s = 0;
    for (size_t c = 0; c < k; ++c) s += idx.Embedding(center)[c] * idx.Embedding(j)[c];
    sims.emplace_back(s, j);
  }
  std::partial_sort(sims.begin(), sims.begin() + 20, sims.end(), std::greater<>());
  radar::RadarSpec spec;
  spec.name = "radar" + std::to_string(i);
  for (size_t j = 0; j < 20; ++j) spec.seeds.push_back((*w.library)[sims[j].second].id);
  if (i % 3 == 0) spec.description = (*w.library)[center].title;
  if (i % 5 == 0 && !(*w.library)[center].authors.empty())
    spec.followed_authors.push_back((*w.library)[center].authors[0]);
  return spec;
}

World& GetWorld() {
  static World* w = [] {
    auto* w = new World();
    w->all = LoadHarvest();
    std::vector<Document> lib(w->all.begin(), w->all.end() - static_cast<long>(kDay));
    for (auto& d : lib) d.categories.clear();
    w->library = std::make_unique<radar::Corpus>(std::move(lib));
    w->day.assign(w->all.end() - static_cast<long>(kDay), w->all.end());
    auto index = radar::RadarIndex::Build(*w->library, radar::RadarIndexOptions());
    if (!index) std::abort();
    w->index = std::move(*index);
    auto batch = radar::PrepareBatch(*w->index, w->day);
    if (!batch) std::abort();
    w->batch = std::move(*batch);
    std::mt19937_64 rng(3);
    radar::RadarOptions ro;
    for (size_t i = 0; i < kDistinctModels; ++i) {
      w->specs.push_back(RandomSpec(*w, rng, i));
      auto m = radar::BuildRadarModel(*w->index, w->specs.back(), ro);
      if (!m) std::abort();
      w->models.push_back(std::move(*m));
    }
    for (size_t i = kDistinctModels; i < kRadars; ++i)
      w->models.push_back(w->models[i % kDistinctModels]);
    return w;
  }();
  return *w;
}

void BM_BuildFeaturesOurs(benchmark::State& state) {
  World& w = GetWorld();
  for (auto _ : state) {
    auto fs = radar::FeatureSpace::Build(*w.library, radar::DefaultFeatureOptions());
    if (!fs) state.SkipWithError(fs.error().message.c_str());
    benchmark::DoNotOptimize(fs);
    state.counters["features"] = static_cast<double>((*fs)->num_features());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * w.library->size()));
}
BENCHMARK(BM_BuildFeaturesOurs)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

void BM_BuildFeaturesArxivSanityRecipe(benchmark::State& state) {
  World& w = GetWorld();
  for (auto _ : state) {
    auto fs = radar::FeatureSpace::Build(*w.library, radar::ArxivSanityFeatureOptions());
    if (!fs) state.SkipWithError(fs.error().message.c_str());
    benchmark::DoNotOptimize(fs);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * w.library->size()));
}
BENCHMARK(BM_BuildFeaturesArxivSanityRecipe)
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->Iterations(1);

void BM_BuildIndexWithEmbeddings(benchmark::State& state) {
  World& w = GetWorld();
  for (auto _ : state) {
    auto index = radar::RadarIndex::Build(*w.library, radar::RadarIndexOptions());
    if (!index) state.SkipWithError(index.error().message.c_str());
    state.counters["features_s"] = (*index)->features_seconds();
    state.counters["embeddings_s"] = (*index)->embeddings_seconds();
  }
}
BENCHMARK(BM_BuildIndexWithEmbeddings)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

// Features, embeddings and BM25 postings of the day: done once, shared by all radars.
void BM_PrepareDay(benchmark::State& state) {
  World& w = GetWorld();
  for (auto _ : state) {
    auto b = radar::PrepareBatch(*w.index, w.day);
    benchmark::DoNotOptimize(b);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kDay));
}
BENCHMARK(BM_PrepareDay)->Unit(benchmark::kMillisecond)->UseRealTime();

// One day (1,000 papers) for 10,000 radars on 2 threads: top 10 each, explained.
void BM_ScoreDayFor10kRadars(benchmark::State& state) {
  World& w = GetWorld();
  int threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    std::vector<std::thread> pool;
    std::vector<size_t> shown(static_cast<size_t>(threads), 0);
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&, t] {
        for (size_t r = static_cast<size_t>(t); r < w.models.size();
             r += static_cast<size_t>(threads)) {
          auto top = radar::RankBatch(*w.index, w.models[r], *w.batch, 10, 10);
          shown[static_cast<size_t>(t)] += top.size();
        }
      });
    for (auto& th : pool) th.join();
    benchmark::DoNotOptimize(shown);
  }
  size_t bytes = 0;
  for (size_t i = 0; i < kDistinctModels; ++i) bytes += w.models[i].ByteSize();
  state.counters["model_bytes"] = static_cast<double>(bytes) / kDistinctModels;
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRadars));
}
BENCHMARK(BM_ScoreDayFor10kRadars)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->Iterations(1);

// Where the scoring time goes (1 thread): 0 = as above, 1 = no explanations,
// 2 = learned component only, 3 = semantic only (both unexplained).
void BM_ScoreDayParts(benchmark::State& state) {
  World& w = GetWorld();
  int part = static_cast<int>(state.range(0));
  std::vector<radar::RadarModel> models(w.models.begin(), w.models.begin() + kDistinctModels);
  for (auto& m : models) {
    if (part == 2) m.weights = radar::ScoreWeights{1, 0, 0, 0, 0, 0};
    if (part == 3) m.weights = radar::ScoreWeights{0, 1, 0, 0, 0, 0};
  }
  for (auto _ : state) {
    size_t shown = 0;
    for (size_t r = 0; r < kRadars; ++r)
      shown +=
          radar::RankBatch(*w.index, models[r % kDistinctModels], *w.batch, 10, part == 0 ? 10 : 0)
              .size();
    benchmark::DoNotOptimize(shown);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRadars));
}
BENCHMARK(BM_ScoreDayParts)
    ->DenseRange(0, 3)
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->Iterations(1);

// A like arrives: update the radar's model (reusing its feedback expansion) and
// re-rank the day. Target: < 100 ms.
void BM_FeedbackUpdateAndRerank(benchmark::State& state) {
  World& w = GetWorld();
  radar::RadarSpec spec = w.specs[1];
  radar::RadarOptions ro;
  const radar::RadarModel& before = w.models[1];
  size_t i = 0;
  for (auto _ : state) {
    spec.liked.push_back((*w.library)[(i++ * 7919) % w.library->size()].id);
    CALLGRIND_START_INSTRUMENTATION;
    auto m = radar::BuildRadarModel(*w.index, spec, ro, nullptr, &before);
    if (!m) state.SkipWithError(m.error().message.c_str());
    auto top = radar::RankBatch(*w.index, *m, *w.batch, 0, 10);
    CALLGRIND_STOP_INSTRUMENTATION;
    benchmark::DoNotOptimize(top);
  }
}
BENCHMARK(BM_FeedbackUpdateAndRerank)->Unit(benchmark::kMillisecond)->UseRealTime();

// The full rebuild (new seeds or description): two trainings and a pass over the library.
void BM_FullModelBuild(benchmark::State& state) {
  World& w = GetWorld();
  radar::RadarOptions ro;
  size_t i = 0;
  for (auto _ : state) {
    auto m = radar::BuildRadarModel(*w.index, w.specs[i++ % w.specs.size()], ro);
    if (!m) state.SkipWithError(m.error().message.c_str());
    benchmark::DoNotOptimize(m);
  }
}
BENCHMARK(BM_FullModelBuild)->Unit(benchmark::kMillisecond)->UseRealTime();

// A radar from a few words (a paper's title as its description, no papers):
// four trainings and three passes over the library (expand_rounds_no_papers).
void BM_DescriptionModelBuild(benchmark::State& state) {
  World& w = GetWorld();
  radar::RadarOptions ro;
  size_t i = 0;
  for (auto _ : state) {
    radar::RadarSpec spec;
    spec.description = (*w.library)[(i++ * 7919) % w.library->size()].title;
    auto m = radar::BuildRadarModel(*w.index, spec, ro);
    if (!m) state.SkipWithError(m.error().message.c_str());
    benchmark::DoNotOptimize(m);
  }
}
BENCHMARK(BM_DescriptionModelBuild)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace ah::bench

BENCHMARK_MAIN();
