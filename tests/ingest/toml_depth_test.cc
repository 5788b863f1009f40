// The config guard against deep TOML (issue 9): dotted keys and brackets.
#include "ingest/toml_depth.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "ingest/config.h"
#include "testing.h"

namespace ah::ingest {
namespace {

std::string Repeat(const std::string& s, size_t n, const std::string& sep = "") {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += (i ? sep : "") + s;
  return out;
}

Result<Config> LoadText(const ah::testing::TempDir& dir, const std::string& text) {
  const std::string path = (dir / "config.toml").string();
  std::ofstream(path, std::ios::binary) << text;
  return LoadConfig(path, true);
}

TEST(TomlDepth, MillionPartDottedKeysAreRefusedBeforeTomlxxCrashes) {
  // Each of these killed every command with SIGSEGV (exit 139): 2 MB of `a.a.a...`.
  ah::testing::TempDir dir;
  const std::string parts = Repeat("a", 1000000, ".");
  for (const std::string& text :
       {parts + " = 1\n", "[" + parts + "]\nx = 1\n", "[[" + parts + "]]\nx = 1\n",
        "contact = \"x\"\n[llm]\nmodel = {" + parts + " = 1}\n"}) {
    auto c = LoadText(dir, text);
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code, Code::kInvalidArgument);
    EXPECT_NE(c.error().message.find("config.toml:"), std::string::npos) << c.error().message;
    EXPECT_NE(c.error().message.find("a dotted key or table name of more than 32 parts"),
              std::string::npos)
        << c.error().message;
  }
  auto c = LoadText(dir, "contact = \"x\"\n\n  " + Repeat("b", 33, " . ") + " = 1\n");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("config.toml:3:3: a dotted key"), std::string::npos)
      << c.error().message;
}

TEST(TomlDepth, DeepArraysAndInlineTablesAreRefusedWithThePosition) {
  ah::testing::TempDir dir;
  for (const std::string& text :
       {"contact = " + Repeat("[", 100000) + Repeat("]", 100000) + "\n",
        "x = " + Repeat("{a=", 100000) + "1" + Repeat("}", 100000) + "\n"}) {
    auto c = LoadText(dir, text);
    ASSERT_FALSE(c);
    EXPECT_NE(c.error().message.find("config.toml:1:"), std::string::npos) << c.error().message;
    EXPECT_NE(c.error().message.find("nested deeper than 32 levels"), std::string::npos)
        << c.error().message;
  }
}

TEST(TomlDepth, OrdinaryConfigsPass) {
  const std::string readme_config = R"(contact = "you@university.edu"   # a comment with a.b.c.d
[arxiv]
categories = ["cs.LG", "cs.AI", "q-bio.GN"]
[[journals.custom]]
slug = "my-journal"
feed_url = "https://example.org/rss?a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g"
"quoted.key.with.dots" = 'lit.eral'
multi = """
x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x""""
lit = '''y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y.y'''
[llm]
temperature = 0.2
when = 1979-05-27T07:32:00.999999-07:00
floats = [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5, 13.5, 14.5, 15.5, 16.5, 17.5, 18.5, 19.5, 20.5, 21.5, 22.5, 23.5, 24.5, 25.5, 26.5, 27.5, 28.5, 29.5, 30.5, 31.5, 32.5, 33.5]
)";
  EXPECT_TRUE(CheckTomlDepth(readme_config, "c.toml"))
      << CheckTomlDepth(readme_config, "c.toml").error().message;
  EXPECT_TRUE(
      CheckTomlDepth(Repeat("k", 32, ".") + " = " + Repeat("[", 32) + Repeat("]", 32), "c.toml"));
  EXPECT_FALSE(CheckTomlDepth(Repeat("k", 33, "."), "c.toml"));
  EXPECT_FALSE(CheckTomlDepth(Repeat("[", 33), "c.toml"));
  ah::testing::TempDir dir;
  auto c = LoadText(dir, readme_config);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->contact, "you@university.edu");
}

}  // namespace
}  // namespace ah::ingest
