// Store conformance: every record is brought within core/paper_limits.h before
// a backend stores it, whichever way it is written (UpsertPage, UpsertPages).
// Runs against every backend.
#include "core/paper_limits.h"
#include "core/text.h"
#include "store_fixture.h"

namespace ah::store::testing {
namespace {

using namespace std::string_literals;

class StoreLimitsTest : public StoreTest {};

Paper HugeAbstract(const std::string& id) {
  Paper p = ArxivPaper(id, "Attention with a very long abstract");
  p.abstract = "Needle first words. " + std::string(4 << 20, 'x');
  p.abstract_raw = "<p>" + p.abstract + "</p>";
  return p;
}

TEST_P(StoreLimitsTest, OversizedFieldsAreCutAndTheRecordNamedInAWarning) {
  auto r = store().UpsertPage({ArxivPaper("2401.00001", "Small"), HugeAbstract("2401.00002")},
                              std::nullopt);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->added, 2);
  EXPECT_EQ(r->rejected, 0);
  ASSERT_EQ(r->warnings.size(), 1u);
  const std::string& w = r->warnings[0].message;
  EXPECT_EQ(r->warnings[0].code, Code::kTooLarge);
  EXPECT_NE(w.find("record 1 (2401.00002)"), std::string::npos) << w;
  EXPECT_NE(w.find("abstract of 4.0 MiB truncated to 100 KiB"), std::string::npos) << w;
  PaperView v = MustGet("2401.00002");
  EXPECT_LE(v.paper.abstract.size(), limits::kAbstract);
  EXPECT_LE(v.paper.abstract_raw.size(), limits::kAbstractRaw);
  EXPECT_EQ(v.paper.abstract.rfind("Needle first words.", 0), 0u);
  EXPECT_EQ(SearchKeys(Q(Term("needle"))), std::vector<std::string>{"2401.00002"});
  // Cutting is deterministic: the same record again changes nothing.
  auto again = store().UpsertPage({HugeAbstract("2401.00002")}, std::nullopt);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->unchanged, 1);
}

TEST_P(StoreLimitsTest, GroupedPagesAreCutTooAndWarningsStayWithTheirPage) {
  const std::vector<Paper> a = {ArxivPaper("2401.00001", "Small one")};
  const std::vector<Paper> b = {ArxivPaper("2401.00003", "Small two"), HugeAbstract("2401.00002")};
  auto results = store().UpsertPages({&a, &b});
  ASSERT_EQ(results.size(), 2u);
  ASSERT_TRUE(results[0] && results[1]);
  EXPECT_TRUE(results[0]->warnings.empty());
  ASSERT_EQ(results[1]->warnings.size(), 1u);
  EXPECT_NE(results[1]->warnings[0].message.find("record 1 (2401.00002)"), std::string::npos);
  EXPECT_LE(MustGet("2401.00002").paper.abstract.size(), limits::kAbstract);
  EXPECT_EQ(MustStats().papers, 3);
}

TEST_P(StoreLimitsTest, TerminalEscapesNeverReachTheLibrary) {
  // ESC [2J clears the screen, OSC 0 retitles the window, OSC 8 makes a hyperlink,
  // U+009B is the one-byte CSI.
  Paper p = ArxivPaper("2401.00001", "Evil \x1b[2J\x1b]0;pwned\x07title");
  p.abstract =
      "Click \x1b]8;;https://evil.example\x1b\\here\x1b]8;;\x1b\\ now \xc2\x9b"
      "31m red.\nSecond line.";
  p.authors[0].name = "Ping\x1b[5m Li";
  auto r = store().UpsertPage({p}, std::nullopt);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->warnings.empty()) << "control characters are removed silently";
  PaperView v = MustGet("2401.00001");
  EXPECT_EQ(v.paper.title, "Evil [2J]0;pwnedtitle");
  EXPECT_FALSE(text::HasControls(v.paper.abstract, /*multiline=*/true)) << v.paper.abstract;
  EXPECT_NE(v.paper.abstract.find("\nSecond line."), std::string::npos);
  EXPECT_EQ(v.paper.authors[0].name, "Ping[5m Li");
  EXPECT_TRUE(PaperWithinLimits(v.paper));
}

TEST_P(StoreLimitsTest, ARecordWhoseOnlyIdIsOversizedIsRejectedNamingTheCut) {
  Paper p = JournalPaper("10.1000/" + std::string(600, 'd'), "A DOI no real work has");
  auto r = store().UpsertPage({p}, std::nullopt);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->added, 0);
  EXPECT_EQ(r->rejected, 1);
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].message.find("doi of 608 bytes dropped"), std::string::npos)
      << r->warnings[0].message;
  ASSERT_EQ(r->errors.size(), 1u);
  EXPECT_NE(r->errors[0].message.find("no identifier"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreLimitsTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace ah::store::testing
