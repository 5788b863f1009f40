// Parse-only throughput of the feed parsers on real data (no store).
//   build/bench/parse_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include "bench_data.h"
#include "sources/arxiv/arxiv.h"

namespace ah::bench {
namespace {

// The June 2026 arXiv RSS month (13.8 MB, 6,633 items).
void BM_ParseArxivRssJune2026(benchmark::State& state) {
  static const auto docs = LoadAll(DatasetFiles("arxiv-daily-2026-06-rss"));
  int64_t bytes = 0, items = 0;
  sources::ParseContext ctx;
  ctx.origin = "bench";
  for (auto _ : state) {
    for (const auto& d : docs) {
      auto page = sources::arxiv::ParseArxivRss(d, ctx);
      if (!page) state.SkipWithError(page.error().message.c_str());
      items += static_cast<int64_t>(page->papers.size());
      bytes += static_cast<int64_t>(d.size());
      benchmark::DoNotOptimize(page->papers.data());
    }
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(items);
}
BENCHMARK(BM_ParseArxivRssJune2026)->Unit(benchmark::kMillisecond)->UseRealTime();

// The first 10 pages (10,000 records) of the 2016 cs OAI-PMH harvest, already inflated.
void BM_ParseArxivOai2016(benchmark::State& state) {
  static const auto docs = [] {
    auto files = DatasetFiles("arxiv-cs-oai-2016");
    files.resize(std::min<size_t>(files.size(), 10));
    return LoadAll(files);
  }();
  int64_t bytes = 0, items = 0;
  sources::ParseContext ctx;
  ctx.origin = "bench";
  for (auto _ : state) {
    for (const auto& d : docs) {
      auto page = sources::arxiv::ParseArxivOai(d, ctx);
      if (!page) state.SkipWithError(page.error().message.c_str());
      items += static_cast<int64_t>(page->papers.size());
      bytes += static_cast<int64_t>(d.size());
      benchmark::DoNotOptimize(page->papers.data());
    }
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(items);
}
BENCHMARK(BM_ParseArxivOai2016)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace ah::bench

BENCHMARK_MAIN();
