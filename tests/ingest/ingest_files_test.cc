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

// A library that stays busy (another writer holding it) after `ok_pages` pages.
class BusyAfter final : public store::Store {
 public:
  BusyAfter(store::Store& inner, int ok_pages) : inner_(inner), ok_pages_(ok_pages) {}
  Result<std::optional<store::PaperView>> Get(std::string_view ref) override { return inner_.Get(ref); }
  Result<std::vector<store::PaperView>> ListByListing(const store::ListingFilter& f) override {
    return inner_.ListByListing(f);
  }
  Result<std::string> LatestListingDate(const store::ListingFilter& f) override {
    return inner_.LatestListingDate(f);
  }
  Result<std::vector<store::PaperView>> Search(const search::Query& q, int64_t limit,
                                               int64_t offset) override {
    return inner_.Search(q, limit, offset);
  }
  Result<store::LibraryStats> Stats() override { return inner_.Stats(); }
  Status ForEachPaper(const std::function<Status(const Paper&)>& fn) override {
    return inner_.ForEachPaper(fn);
  }
  Result<int64_t> LastChange() override { return inner_.LastChange(); }
  Status ForEachPaperSince(int64_t seq, const std::function<Status(const Paper&)>& fn) override {
    return inner_.ForEachPaperSince(seq, fn);
  }
  Result<std::pair<std::string, std::string>> AdjacentListingDates(
      const store::ListingFilter& f) override {
    return inner_.AdjacentListingDates(f);
  }
  Result<store::SearchSummary> SearchFacets(const search::Query& q, size_t max_docs) override {
    return inner_.SearchFacets(q, max_docs);
  }
  Status LogFetch(const store::FetchLogEntry& e) override { return inner_.LogFetch(e); }
  Result<std::optional<std::string>> GetCursor(std::string_view s) override { return inner_.GetCursor(s); }
  Status SetCursor(const store::CursorUpdate& c) override { return inner_.SetCursor(c); }
  Result<store::HttpValidators> GetValidators(std::string_view url) override {
    return inner_.GetValidators(url);
  }
  Status SetValidators(std::string_view url, const store::HttpValidators& v) override {
    return inner_.SetValidators(url, v);
  }
  int pages() const { return pages_; }

 protected:
  Result<store::UpsertStats> DoUpsertPage(const std::vector<Paper>& papers,
                                          const std::optional<store::CursorUpdate>& cursor) override {
    if (pages_++ >= ok_pages_) {
      return MakeError(Code::kUnavailable, "the library is busy: another process is writing to it");
    }
    return inner_.UpsertPage(papers, cursor);
  }

 private:
  store::Store& inner_;
  int ok_pages_;
  int pages_ = 0;
};

TEST(IngestFiles, ALibraryThatStaysBusyStopsTheIngestSayingWhatWasNotAttempted) {
  TempDir t;
  const fs::path in = Inputs(t);
  auto lib = OpenLibrary(t / "lib");
  ASSERT_TRUE(lib);
  BusyAfter busy(*lib, 2);
  IngestOptions o;
  o.group_papers = 1;  // one file per transaction
  auto r = IngestPaths({in.string()}, busy, o);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->stopped);
  EXPECT_EQ(r->stopped->code, Code::kUnavailable);
  EXPECT_EQ(busy.pages(), 3) << "no file is tried after the library was found busy";
  ASSERT_EQ(r->per_file.size(), 3u);
  EXPECT_EQ(r->per_file[2].error.find(r->per_file[2].path + ": not stored: the library is busy"), 0u)
      << r->per_file[2].error;
  EXPECT_EQ(r->files_not_attempted, 2);
  auto s = lib->Stats();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->papers, 6);  // the two files stored before
}

// A bioRxiv details page of one record whose abstract is `abstract_bytes` long.
std::string BiorxivPage(size_t abstract_bytes, const std::string& title = "A long abstract") {
  return R"({"messages":[{"status":"ok","count":1,"total":"1","cursor":0}],"collection":[{"title":")" +
         title +
         R"(","authors":"Doe, J.; Roe, R.","doi":"10.1101/2026.01.01.000001","date":"2026-09-07",)"
         R"("version":"1","type":"new results","license":"cc_by","category":"genomics","abstract":"Needle. )" +
         std::string(abstract_bytes, 'w') + R"(","published":"NA","server":"biorxiv"}]})";
}

TEST(IngestFiles, AMissingPathIsRejectedAndTheOtherPathsAreIngested) {
  TempDir t;
  const fs::path in = Inputs(t);
  auto lib = OpenLibrary(t / "lib");
  ASSERT_TRUE(lib);
  auto r =
      IngestPaths({(t / "missing.xml").string(), (in / "zz_truncated.xml").string(), in.string()},
                  *lib, IngestOptions{});
  ASSERT_TRUE(r);
  ASSERT_GE(r->per_file.size(), 2u);
  EXPECT_EQ(r->per_file[0].path, (t / "missing.xml").string());
  EXPECT_EQ(r->per_file[0].error, (t / "missing.xml").string() + ": no such file or folder");
  EXPECT_EQ(r->files_rejected, 3);  // the missing path and the truncated file, named twice
  auto s = lib->Stats();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->papers, 13);
}

TEST(IngestFiles, AnOversizedFieldIsCutWithAWarningNamingFileAndRecord) {
  TempDir t;
  const fs::path file = t / "big.json";
  std::ofstream(file) << BiorxivPage(1 << 20, "Title \\u001b]0;pwned\\u0007 here");
  auto lib = OpenLibrary(t / "lib");
  ASSERT_TRUE(lib);
  auto r = IngestPaths({file.string()}, *lib, IngestOptions{});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->per_file.size(), 1u);
  EXPECT_EQ(r->per_file[0].error, "");
  EXPECT_EQ(r->totals.added, 1);
  EXPECT_FALSE(r->AnyRejected());
  ASSERT_EQ(r->totals.warnings.size(), 1u);
  const std::string& w = r->totals.warnings[0].message;
  EXPECT_EQ(w.rfind(file.string() + ": record 0 (doi:10.1101/2026.01.01.000001): abstract", 0), 0u)
      << w;
  EXPECT_NE(w.find("truncated to 100 KiB"), std::string::npos) << w;
  auto g = lib->Get("doi:10.1101/2026.01.01.000001");
  ASSERT_TRUE(g && g->has_value());
  EXPECT_LE((*g)->paper.abstract.size(), size_t{100} << 10);
  EXPECT_EQ((*g)->paper.title, "Title ]0;pwned here");
}

TEST(IngestFiles, AFileOverTheDecompressedLimitIsRejectedNamingIt) {
  TempDir t;
  const fs::path file = t / "big.json";
  std::ofstream(file) << BiorxivPage(3 << 20);
  auto lib = OpenLibrary(t / "lib");
  ASSERT_TRUE(lib);
  IngestOptions o;
  o.max_file_bytes = 1 << 20;
  auto r = IngestPaths({file.string()}, *lib, o);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->per_file.size(), 1u);
  EXPECT_NE(
      r->per_file[0].error.find(file.string() + ": the file (3.0 MiB) exceeds the limit of 1 MiB"),
      std::string::npos)
      << r->per_file[0].error;
  EXPECT_EQ(r->files_rejected, 1);
}

}  // namespace
}  // namespace ah::ingest
