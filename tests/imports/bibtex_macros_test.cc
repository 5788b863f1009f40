// @string macros that are used but never defined (issue 11, "Seeds from real libraries"):
// crcox_MASTERBIB__Main_jabref.bib writes its authors as macros of a file it does not include
// ("Author = CirelliC # { and } # TononiG"); they used to vanish without a word.
#include <gtest/gtest.h>

#include <string>

#include "import_test_util.h"

namespace ah::imports {
namespace {

TEST(BibtexMacros, AnUndefinedMacroIsNamedWithItsFileAndLine) {
  ImportResult r = MustParse(
      "@string{acl = {Proceedings of ACL}}\n"
      "@article{Cirelli2004,\n"
      "  Title = {Sleep and synaptic homeostasis},\n"
      "  Author = CirelliC # { and } # TononiG,\n"
      "  Journal = acl,\n"
      "  Publisher = elsevier,\n"
      "  Month = jan\n"
      "}\n",
      RefFormat::kBibtex, "lib.bib");
  ASSERT_EQ(r.refs.size(), 1u);
  EXPECT_TRUE(r.refs[0].authors.empty());
  EXPECT_TRUE(HasWarning(r, {"lib.bib: entry 1 'Cirelli2004' (line 2)", "'CirelliC'", "author",
                             "line 4", "not defined"}))
      << ::testing::PrintToString(r.warnings);
  EXPECT_TRUE(HasWarning(r, {"'TononiG'", "line 4"})) << ::testing::PrintToString(r.warnings);
  // Defined macros, month names and fields that are not read say nothing.
  for (const std::string& w : r.warnings) {
    EXPECT_EQ(w.find("'acl'"), std::string::npos) << w;
    EXPECT_EQ(w.find("'jan'"), std::string::npos) << w;
    EXPECT_EQ(w.find("elsevier"), std::string::npos) << w;
  }
}

TEST(BibtexMacros, AMacroUsedManyTimesIsNamedOnceWithACount) {
  // derived_crcox_jabref_excerpt.bib: every author a macro, each used in many entries.
  std::string bib;
  for (int i = 0; i < 5; ++i)
    bib += "@article{e" + std::to_string(i) + ",\n  Title = {Sleep " + std::to_string(i) +
           "},\n  Author = CirelliC # { and } # TononiG\n}\n";
  ImportResult r = MustParse(bib, RefFormat::kBibtex, "many.bib");
  EXPECT_EQ(r.refs.size(), 5u);
  ASSERT_EQ(r.warnings.size(), 2u) << ::testing::PrintToString(r.warnings);
  EXPECT_TRUE(
      HasWarning(r, {"many.bib: entry 1 'e0' (line 1)", "'CirelliC' (line 3)", "and 4 more uses"}))
      << ::testing::PrintToString(r.warnings);
}

TEST(BibtexMacros, ManyUndefinedMacrosAreCounted) {
  std::string bib = "@article{a, title = {T}, author = m0";
  for (int i = 1; i < 1000; ++i) bib += " # m" + std::to_string(i);
  bib += "}\n";
  ImportResult r = MustParse(bib, RefFormat::kBibtex, "names.bib");
  ASSERT_EQ(r.refs.size(), 1u);
  EXPECT_TRUE(HasWarning(r, {"names.bib: ... and 900 uses of further @string macros"}))
      << ::testing::PrintToString(r.warnings);
}

TEST(BibtexMacros, AMacroUsedBeforeItsDefinitionIsUndefinedThere) {
  ImportResult r = MustParse(
      "@article{early, title = ttl}\n"
      "@string{ttl = {Defined too late}}\n"
      "@article{late, title = ttl}\n",
      RefFormat::kBibtex, "order.bib");
  ASSERT_EQ(r.refs.size(), 1u);  // "early" has no title left, and no id
  EXPECT_EQ(r.refs[0].title, "Defined too late");
  EXPECT_TRUE(HasWarning(r, {"order.bib: entry 1 'early' (line 1)", "'ttl'", "title"}))
      << ::testing::PrintToString(r.warnings);
}

TEST(BibtexMacros, AnUndefinedMacroInsideAStringDefinitionIsNamed) {
  ImportResult r = MustParse(
      "@string{full = first # { and } # nowhere}\n"
      "@article{a, title = full}\n",
      RefFormat::kBibtex, "s.bib");
  EXPECT_TRUE(HasWarning(r, {"s.bib: @string (line 1)", "'first'"}))
      << ::testing::PrintToString(r.warnings);
}

TEST(BibtexSets, ASetIsNamedForWhatItIs) {
  // plk_biblatex__biblatex-examples.bib: 92 entries, 2 of them @set.
  ImportResult r = MustParse(
      "@set{stdmodel,\n  entryset = {glashow,weinberg},\n}\n"
      "@article{glashow, title = {Partial Symmetries of Weak Interactions}}\n",
      RefFormat::kBibtex, "sets.bib");
  ASSERT_EQ(r.refs.size(), 1u);
  EXPECT_TRUE(HasWarning(r, {"sets.bib: entry 1 'stdmodel' (line 1)", "@set groups"}))
      << ::testing::PrintToString(r.warnings);
}

}  // namespace
}  // namespace ah::imports
