// IngestPaths over a real SQLite library: files committed in groups (one
// transaction per group) are stored exactly as one file per transaction, and a
// file whose write fails loses only itself.
#include "ingest/ingest_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "store/sqlite/sqlite_store.h"
#include "store/store_backends.h"
#include "testing.h"

namespace ah::ingest {
namespace {

namespace fs = std::filesystem;
using ah::testing::DataPath;
using ah::testing::TempDir;

// The recorded arXiv RSS feeds (4 files, 13 papers) and, last in name order,
// a truncated one.
fs::path Inputs(const TempDir& t) {
  const fs::path in = t / "in";
  fs::create_directories(in);
  for (const auto& e : fs::directory_iterator(DataPath("arxiv_rss"))) {
    fs::copy_file(e.path(), in / e.path().filename());
  }
  std::ofstream(in / "zz_truncated.xml") << "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>cut";
  return in;
}

std::unique_ptr<store::Store> OpenLibrary(const fs::path& dir) {
  fs::create_directories(dir);
  auto s = store::testing::SqliteBackend().open(dir);
  EXPECT_TRUE(s) << s.error().ToString();
  return s ? std::move(*s) : nullptr;
}

TEST(IngestFiles, GroupedCommitsStoreWhatOneFileAtATimeStores) {
  TempDir t;
  const fs::path in = Inputs(t);
  IngestOptions one_by_one;
  one_by_one.group_papers = 1;
  const IngestOptions grouped;  // default: these small files share one transaction
  auto a = OpenLibrary(t / "a");
  auto b = OpenLibrary(t / "b");
  ASSERT_TRUE(a && b);
  auto ra = IngestPaths({in.string()}, *a, one_by_one);
  auto rb = IngestPaths({in.string()}, *b, grouped);
  ASSERT_TRUE(ra && rb);
  ASSERT_EQ(ra->per_file.size(), 5u);
  ASSERT_EQ(rb->per_file.size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    const FileOutcome& x = ra->per_file[i];
    const FileOutcome& y = rb->per_file[i];
    EXPECT_EQ(x.path, y.path);
    EXPECT_EQ(x.stats.added, y.stats.added) << x.path;
    EXPECT_EQ(x.stats.updated, y.stats.updated) << x.path;
    EXPECT_EQ(x.stats.unchanged, y.stats.unchanged) << x.path;
    EXPECT_EQ(x.stats.rejected, y.stats.rejected) << x.path;
    EXPECT_EQ(x.error.empty(), y.error.empty()) << x.path;
  }
  EXPECT_EQ(rb->files_rejected, 1);  // the truncated file, named in its error
  EXPECT_NE(rb->per_file[4].error.find("zz_truncated.xml"), std::string::npos) << rb->per_file[4].error;
  EXPECT_EQ(rb->totals.added, 13);
  auto sa = a->Stats();
  auto sb = b->Stats();
  ASSERT_TRUE(sa && sb);
  EXPECT_EQ(sa->papers, sb->papers);
  EXPECT_EQ(sa->listings, sb->listings);
  EXPECT_EQ(sb->papers, 13);

  // Ingesting the same files again, grouped, changes nothing.
  auto again = IngestPaths({in.string()}, *b, grouped);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->totals.added + again->totals.updated, 0);
  EXPECT_EQ(again->totals.unchanged, 13);
}

TEST(IngestFiles, AFileWhoseWriteFailsLosesOnlyItselfNotItsGroup) {
  TempDir t;
  const fs::path in = Inputs(t);
  auto lib = OpenLibrary(t / "lib");
  ASSERT_TRUE(lib);
  // 2604.22027 is the second item of the cs.CL feed.
  ASSERT_TRUE(store::testing::SqliteBackend().fail_writes_of(t / "lib", "2604.22027"));
  auto r = IngestPaths({in.string()}, *lib, IngestOptions{});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->per_file.size(), 5u);
  const FileOutcome& cl = r->per_file[1];
  EXPECT_NE(cl.path.find("cs_cl"), std::string::npos) << cl.path;
  EXPECT_NE(cl.error.find("not stored"), std::string::npos) << cl.error;
  EXPECT_NE(cl.error.find("2604.22027"), std::string::npos) << cl.error;
  EXPECT_EQ(r->files_rejected, 2);  // cs.CL and the truncated file
  for (const char* id : {"2604.22002", "2604.22027", "2604.22038"}) {
    auto g = lib->Get(id);
    ASSERT_TRUE(g);
    EXPECT_FALSE(g->has_value()) << id << ": the failing file is all-or-nothing";
  }
  for (const char* id : {"2604.21935", "2604.21952", "2609.26811"}) {
    auto g = lib->Get(id);
    ASSERT_TRUE(g);
    EXPECT_TRUE(g->has_value()) << id << ": stored although its group had a failing file";
  }
  auto s = lib->Stats();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->papers, 10);
}

}  // namespace
}  // namespace ah::ingest
