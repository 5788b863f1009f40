// Ingest cost on PostgreSQL: the first N papers of a SQLite library written
// into a PostgreSQL library through the Store (UpsertPage, pages of 100), as an
// ingest writes them; prints the wall and this process's CPU seconds. Used for
// the search columns' cost in docs/benchmarks.md (PostgreSQL search with
// SQLite's analysis): run with the binary built before and after, on fresh
// schemas, in pairs.
// usage: pg_search_ingest_tool <library.db copy> <postgresql://...> [papers=3000]
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "store/pg/pg_store.h"
#include "store/sqlite/sqlite_store.h"

int main(int argc, char** argv) {
  using namespace ah;
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s <library.db copy> <postgresql://...> [papers]\n", argv[0]);
    return 2;
  }
  const size_t n = argc > 3 ? std::stoul(argv[3]) : 3000;
  auto src = store::sqlite::SqliteStore::Open(argv[1]);
  if (!src) {
    std::fprintf(stderr, "%s\n", src.error().ToString().c_str());
    return 1;
  }
  std::vector<Paper> papers;
  auto st = (*src)->ForEachPaper([&](const Paper& p) -> Status {
    if (papers.size() >= n) return MakeError(Code::kCancelled, "enough");
    Paper copy = p;
    copy.key.clear();
    papers.push_back(std::move(copy));
    return Ok();
  });
  (void)st;
  auto dst = store::pg::PgStore::Open(argv[2]);
  if (!dst) {
    std::fprintf(stderr, "%s\n", dst.error().ToString().c_str());
    return 1;
  }
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  size_t added = 0;
  for (size_t i = 0; i < papers.size(); i += 100) {
    std::vector<Paper> page(
        papers.begin() + static_cast<std::ptrdiff_t>(i),
        papers.begin() + static_cast<std::ptrdiff_t>(std::min(i + 100, papers.size())));
    auto r = (*dst)->UpsertPage(page, std::nullopt);
    if (!r) {
      std::fprintf(stderr, "%s\n", r.error().ToString().c_str());
      return 1;
    }
    added += static_cast<size_t>(r->added);
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  std::printf("papers %zu added %zu wall_s %.2f client_cpu_s %.2f\n", papers.size(), added, wall,
              cpu);
  return 0;
}
