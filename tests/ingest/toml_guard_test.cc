// The config guard in front of toml++ (issue 9): deep dotted keys and brackets, non-ASCII
// characters outside strings, table headers without a name.
#include "ingest/toml_guard.h"

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

TEST(TomlGuard, MillionPartDottedKeysAreRefusedBeforeTomlxxCrashes) {
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

TEST(TomlGuard, DeepArraysAndInlineTablesAreRefusedWithThePosition) {
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

TEST(TomlGuard, OrdinaryConfigsPass) {
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
  EXPECT_TRUE(CheckToml(readme_config, "c.toml"))
      << CheckToml(readme_config, "c.toml").error().message;
  EXPECT_TRUE(
      CheckToml(Repeat("k", 32, ".") + " = " + Repeat("[", 32) + Repeat("]", 32), "c.toml"));
  EXPECT_FALSE(CheckToml(Repeat("k", 33, "."), "c.toml"));
  EXPECT_FALSE(CheckToml(Repeat("[", 33), "c.toml"));
  ah::testing::TempDir dir;
  auto c = LoadText(dir, readme_config);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->contact, "you@university.edu");
}

TEST(TomlGuard, NonAsciiOutsideStringsAndCommentsIsRefusedBeforeTomlxxReachesUnreachable) {
  // Found by toml_fuzz: toml++ 3.3's whitespace test hits __builtin_unreachable() on these.
  ah::testing::TempDir dir;
  struct Case {
    std::string text;
    std::string where;
  };
  for (const Case& c :
       std::vector<Case>{{"\xC3\xA9 = 1\n", "1:1: a non-ASCII character (U+00E9)"},
                         {"x = 1 \xC3\xA9\n", "1:7: a non-ASCII character (U+00E9)"},
                         {"[\xC3\xA9]\n", "1:2: a non-ASCII character (U+00E9)"},
                         {"a = 1\n\xE3\x80\x81 = 1\n", "2:1: a non-ASCII character (U+3001)"},
                         {"\xEF\xB2\xBF", "1:1: a non-ASCII character (U+FCBF)"},
                         {"x = [1, \xFF]", "1:9: a non-ASCII character (byte 0xFF)"}}) {
    auto r = LoadText(dir, c.text);
    ASSERT_FALSE(r) << c.text;
    EXPECT_NE(r.error().message.find("config.toml:" + c.where), std::string::npos)
        << r.error().message;
  }
  // In strings and comments they are fine, and a byte order mark is skipped.
  auto ok = LoadText(dir,
                     "\xEF\xBB\xBF# \xC3\xA9t\xC3\xA9 \xEF\xB2\xBF\ncontact = \"Zo\xC3\xAB "
                     "\xE3\x80\x81\"  # \xC3\xA9\n"
                     "[brief]\nlang = 'zh'\n");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->contact, "Zo\xC3\xAB \xE3\x80\x81");
}

TEST(TomlGuard, TableHeadersWithoutANameAreRefusedBeforeTomlxxAsserts) {
  // Found by toml_fuzz ("[`"): toml++ 3.3 asserts in parse_key (marzer/tomlplusplus#301).
  for (const char* text : {"[`", "[[=", "[[[a]]]", "[]\n", "[ ]\n", "x = 1\n  [[ =\n"}) {
    auto st = CheckToml(text, "c.toml");
    ASSERT_FALSE(st) << text;
    EXPECT_NE(st.error().message.find("a table header must start with a key name"),
              std::string::npos)
        << st.error().message;
  }
  for (const char* text : {"[a]\n", "[ a . b ]\n", "[\"q.x\"]\n", "[['lit']]\n", "x = [[1], [2]]\n",
                           "x = [\n[1]]\n"}) {
    EXPECT_TRUE(CheckToml(text, "c.toml")) << text;
  }
}

}  // namespace
}  // namespace ah::ingest
