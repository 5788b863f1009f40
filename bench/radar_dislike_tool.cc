// How many "close neighbours" a dislike takes down with it (radar.h
// RadarOptions::dislike_*), measured on the June 2026 arXiv feeds: the month
// is the library, one day the batch. Prints how similar a paper's nearest
// papers of the day are (embedding and tf-idf cosine, by rank), then, for
// every fifth paper of the day, the neighbours the product's rule finds when a
// radar about that paper dislikes it: their count and examples with their
// cosines (embedding / tf-idf). A neighbour should be a paper on the same
// narrow question, so the counts should be small.
//
//   AH_DATASETS=/path/to/datasets build/bench/radar_dislike_tool [--day=2026-06-16]
#include <algorithm>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <vector>

#include "bench_data.h"
#include "radar/radar.h"
#include "radar/scoring.h"
#include "sources/arxiv/arxiv.h"

int main(int argc, char** argv) {
  using namespace ah::radar;
  std::string day = "2026-06-16";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--day=", 0) == 0) day = a.substr(6);
  }
  std::vector<Document> docs;
  std::vector<std::string> day_ids;
  for (const auto& f : ah::bench::DatasetFiles("arxiv-daily-2026-06-rss")) {
    auto body = ah::ingest::ReadInputFile(f);
    if (!body) return 2;
    ah::sources::ParseContext ctx;
    ctx.origin = f;
    auto page = ah::sources::arxiv::ParseArxivRss(*body, ctx);
    if (!page) return 2;
    const bool today = f.find(day) != std::string::npos;
    for (const auto& p : page->papers) {
      docs.push_back(DocumentFromPaper(p));
      if (today) day_ids.push_back(docs.back().id);
    }
  }
  Corpus corpus(std::move(docs));
  auto index = RadarIndex::Build(corpus, RadarIndexOptions{});
  if (!index) return 1;
  auto batch = PrepareLibraryBatch(**index, day_ids);
  if (!batch) return 1;
  const Batch& b = **batch;
  const size_t n = b.size(), k = static_cast<size_t>((*index)->dims());
  std::fprintf(stderr, "[dislike] library %zu papers, day %s: %zu papers\n", corpus.size(),
               day.c_str(), n);
  std::vector<std::vector<double>> emb(n, std::vector<double>(n)), tfidf(n, std::vector<double>(n));
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) {
      emb[i][j] = internal::Dot(b.embeddings.data() + i * k, b.embeddings.data() + j * k, k);
      double s = 0;
      size_t x = 0, y = 0;
      const uint32_t *ci = b.rows.RowCols(i), *cj = b.rows.RowCols(j);
      while (x < b.rows.RowSize(i) && y < b.rows.RowSize(j)) {
        if (ci[x] < cj[y]) {
          ++x;
        } else if (ci[x] > cj[y]) {
          ++y;
        } else {
          s += double(b.rows.RowVals(i)[x++]) * b.rows.RowVals(j)[y++];
        }
      }
      tfidf[i][j] = s;
    }
  // The k-th nearest neighbour's similarity, over the day's papers.
  std::printf("| k-th nearest paper of the day | embedding cosine: median | 90th pct | tf-idf cosine: median | 90th pct |\n|---|---|---|---|---|\n");
  for (size_t kth : {1, 2, 3, 5, 10}) {
    std::vector<double> e, t;
    for (size_t i = 0; i < n; ++i) {
      std::vector<double> ei, ti;
      for (size_t j = 0; j < n; ++j)
        if (j != i) {
          ei.push_back(emb[i][j]);
          ti.push_back(tfidf[i][j]);
        }
      std::nth_element(ei.begin(), ei.begin() + static_cast<long>(kth - 1), ei.end(), std::greater<>());
      std::nth_element(ti.begin(), ti.begin() + static_cast<long>(kth - 1), ti.end(), std::greater<>());
      e.push_back(ei[kth - 1]);
      t.push_back(ti[kth - 1]);
    }
    std::sort(e.begin(), e.end());
    std::sort(t.begin(), t.end());
    std::printf("| %zu | %.2f | %.2f | %.2f | %.2f |\n", kth, e[n / 2], e[n * 9 / 10], t[n / 2], t[n * 9 / 10]);
  }
  // The product's rule (radar.h RadarOptions::dislike_*): a radar about each
  // paper (its title as the description) that dislikes it.
  RadarOptions o;
  if (const char* z = std::getenv("DISLIKE_Z")) o.dislike_neighbour_z = std::atof(z);
  std::vector<size_t> counts;
  std::printf("\nExamples (the %zu nearest by embedding standing %.1f sd out, or tf-idf >= %.2f):\n",
              o.dislike_neighbours, o.dislike_neighbour_z, o.dislike_neighbour_tfidf);
  size_t shown = 0;
  for (size_t i = 0; i < n; i += 5) {
    RadarSpec spec;
    spec.description = b.docs[i].title;
    spec.disliked = {b.docs[i].id};
    auto m = BuildRadarModel(**index, spec, o);
    if (!m) continue;
    std::vector<size_t> near;
    for (const auto& r : RankBatch(**index, *m, b, 0, 0))
      if (r.near_disliked) near.push_back(r.doc);
    counts.push_back(near.size());
    if (near.empty() || shown >= 10 || i % 35 != 0) continue;
    ++shown;
    std::printf("- %s\n", b.docs[i].title.c_str());
    for (size_t j : near)
      std::printf("    %.2f / %.2f  %s\n", emb[i][j], tfidf[i][j], b.docs[j].title.c_str());
  }
  std::sort(counts.begin(), counts.end());
  double mean = 0;
  for (size_t c : counts) mean += double(c);
  std::printf("\nNeighbours per dislike over %zu papers: mean %.2f, median %zu, 90th pct %zu, max %zu; "
              "none for %zu\n",
              counts.size(), mean / double(counts.size()), counts[counts.size() / 2],
              counts[counts.size() * 9 / 10], counts.back(),
              static_cast<size_t>(std::count(counts.begin(), counts.end(), 0)));
  return 0;
}
