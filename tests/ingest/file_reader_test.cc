// Finding and reading input files: folder walks that meet symbolic link loops,
// missing or unreadable paths, empty folders; bounded decompression.
#include "ingest/file_reader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "testing.h"

namespace ah::ingest {
namespace {

namespace fs = std::filesystem;
using ah::testing::TempDir;

void Touch(const fs::path& p, const std::string& body = "<rss/>") {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << body;
}

bool AnyHas(const std::vector<Error>& v, const std::string& s) {
  return std::any_of(v.begin(), v.end(),
                     [&](const Error& e) { return e.message.find(s) != std::string::npos; });
}

std::string All(const std::vector<Error>& v) {
  std::string out;
  for (const auto& e : v) out += e.message + "\n";
  return out;
}

TEST(ExpandPaths, SymbolicLinkLoopsAreSkippedWithANamedWarning) {
  TempDir t;
  const fs::path in = t / "in";
  Touch(in / "a.xml");
  Touch(in / "sub" / "b.xml");
  fs::create_symlink("self.xml", in / "self.xml");  // loops on itself
  fs::create_symlink("ping", in / "pong");          // two links pointing at each other
  fs::create_symlink("pong", in / "ping");
  fs::create_symlink("..", in / "sub" / "up");  // back to an ancestor folder
  fs::create_symlink("nowhere.xml", in / "dangling.xml");
  fs::create_symlink(in / "sub" / "b.xml", in / "linked.xml");  // a link to a file is followed
  ExpandedPaths r = ExpandPaths({in.string()});
  EXPECT_TRUE(r.failed.empty());
  EXPECT_EQ(r.files,
            (std::vector<std::string>{(in / "a.xml").string(), (in / "linked.xml").string(),
                                      (in / "sub" / "b.xml").string()}));
  const std::string all = All(r.warnings);
  EXPECT_TRUE(AnyHas(r.warnings, "self.xml: skipped: too many levels of symbolic links")) << all;
  EXPECT_TRUE(AnyHas(r.warnings, "ping: skipped")) << all;
  EXPECT_TRUE(AnyHas(r.warnings, "pong: skipped")) << all;
  EXPECT_TRUE(AnyHas(r.warnings, "up: skipped: leads to a folder walked already")) << all;
  EXPECT_TRUE(AnyHas(r.warnings, "dangling.xml: skipped: no such file or directory")) << all;
}

TEST(ExpandPaths, ALinkedFolderIsWalkedOnce) {
  TempDir t;
  Touch(t / "data" / "x.xml");
  fs::create_directories(t / "in");
  fs::create_directory_symlink(t / "data", t / "in" / "data");
  ExpandedPaths r = ExpandPaths({(t / "in").string()});
  EXPECT_EQ(r.files, std::vector<std::string>{(t / "in" / "data" / "x.xml").string()});
  EXPECT_TRUE(r.warnings.empty()) << All(r.warnings);
}

TEST(ExpandPaths, AFolderNamedWithItsParentIsWalkedOnceWithoutAWarning) {
  TempDir t;
  Touch(t / "in" / "sub" / "b.xml");
  Touch(t / "in" / "a.xml");
  ExpandedPaths r = ExpandPaths({(t / "in" / "sub").string(), (t / "in").string()});
  EXPECT_EQ(r.files, (std::vector<std::string>{(t / "in" / "sub" / "b.xml").string(),
                                               (t / "in" / "a.xml").string()}));
  EXPECT_TRUE(r.warnings.empty()) << All(r.warnings);
}

TEST(ExpandPaths, OneMissingPathDoesNotStopTheOthers) {
  TempDir t;
  Touch(t / "in" / "a.xml");
  Touch(t / "one.json", "{}");
  ExpandedPaths r =
      ExpandPaths({(t / "missing.xml").string(), (t / "in").string(), (t / "one.json").string()});
  ASSERT_EQ(r.failed.size(), 1u);
  EXPECT_EQ(r.failed[0].path, (t / "missing.xml").string());
  EXPECT_EQ(r.failed[0].error.code, Code::kNotFound);
  EXPECT_EQ(r.failed[0].error.message, (t / "missing.xml").string() + ": no such file or folder");
  EXPECT_EQ(r.files,
            (std::vector<std::string>{(t / "in" / "a.xml").string(), (t / "one.json").string()}));
}

TEST(ExpandPaths, ANamedLinkLoopIsNamedAsSuch) {
  TempDir t;
  fs::create_symlink("loop.xml", t / "loop.xml");
  ExpandedPaths r = ExpandPaths({(t / "loop.xml").string()});
  ASSERT_EQ(r.failed.size(), 1u);
  EXPECT_EQ(r.failed[0].error.message,
            (t / "loop.xml").string() + ": too many levels of symbolic links");
}

TEST(ExpandPaths, AnEmptyFolderIsSaidToBeEmpty) {
  TempDir t;
  fs::create_directories(t / "empty");
  Touch(t / "docs" / "README.md", "notes");
  ExpandedPaths r = ExpandPaths({(t / "empty").string(), (t / "docs").string()});
  EXPECT_TRUE(r.files.empty());
  EXPECT_TRUE(r.failed.empty());
  EXPECT_TRUE(AnyHas(r.warnings, (t / "empty").string() + ": the folder is empty"))
      << All(r.warnings);
  EXPECT_TRUE(AnyHas(r.warnings, (t / "docs").string() + ": the folder holds no input file"))
      << All(r.warnings);
}

TEST(ExpandPaths, PermissionDeniedIsNotCalledMissing) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every file";
  TempDir t;
  Touch(t / "locked" / "a.xml");
  Touch(t / "in" / "ok.xml");
  Touch(t / "in" / "closed" / "c.xml");
  ASSERT_EQ(::chmod((t / "locked").c_str(), 0), 0);
  ASSERT_EQ(::chmod((t / "in" / "closed").c_str(), 0), 0);
  ExpandedPaths r = ExpandPaths({(t / "locked" / "a.xml").string(), (t / "in").string()});
  ::chmod((t / "locked").c_str(), 0755);
  ::chmod((t / "in" / "closed").c_str(), 0755);
  ASSERT_EQ(r.failed.size(), 1u);
  EXPECT_EQ(r.failed[0].error.message, (t / "locked" / "a.xml").string() + ": permission denied");
  EXPECT_EQ(r.files, std::vector<std::string>{(t / "in" / "ok.xml").string()});
  EXPECT_TRUE(AnyHas(r.warnings, "closed: skipped: cannot list the folder: permission denied"))
      << All(r.warnings);
}

std::string Gzip(const std::string& data) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

TEST(Gunzip, InflatingStopsAtTheLimitWithAnErrorNamingTheFile) {
  const std::string bomb = Gzip(std::string(20 << 20, 'a'));  // 20 MiB in ~20 KB
  auto r = Gunzip(bomb, "bomb.json.gz", 1 << 20);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::kTooLarge);
  EXPECT_EQ(
      r.error().message,
      "bomb.json.gz: decompressed data exceeds the limit of 1 MiB for one input file (split it "
      "into smaller files)");
  auto ok = Gunzip(bomb, "bomb.json.gz", 32 << 20);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->size(), size_t{20} << 20);
}

TEST(ReadInputFile, TheDefaultLimitIsTheFetchLoopsBodyLimit) {
  EXPECT_EQ(kMaxInputBytes, 256LL << 20);
  TempDir t;
  std::ofstream(t / "big.json.gz", std::ios::binary) << Gzip(std::string(3 << 20, ' '));
  auto r = ReadInputFile((t / "big.json.gz").string(), 2 << 20);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::kTooLarge);
  EXPECT_NE(r.error().message.find("big.json.gz: decompressed data exceeds the limit of 2 MiB"),
            std::string::npos);
}

}  // namespace
}  // namespace ah::ingest
