#include <gtest/gtest.h>

#include <string>

#include "sources/arxiv/internal.h"

namespace ah::sources::arxiv::internal {
namespace {

std::vector<std::string> Names(const std::vector<Author>& authors) {
  std::vector<std::string> out;
  for (const auto& a : authors) out.push_back(a.name);
  return out;
}

TEST(ArxivAuthors, SplitsOnCommasAndFinalAnd) {
  EXPECT_EQ(Names(SplitAuthors("A. Smith, B. Jones and C. Wu")),
            (std::vector<std::string>{"A. Smith", "B. Jones", "C. Wu"}));
  EXPECT_EQ(Names(SplitAuthors("A. Smith, B. Jones, and C. Wu")),
            (std::vector<std::string>{"A. Smith", "B. Jones", "C. Wu"}));
  EXPECT_EQ(Names(SplitAuthors("Alexander Anderson and Sandra Andrews")),
            (std::vector<std::string>{"Alexander Anderson", "Sandra Andrews"}));
  EXPECT_EQ(Names(SplitAuthors("Single Author")), (std::vector<std::string>{"Single Author"}));
  EXPECT_TRUE(SplitAuthors("").empty());
  EXPECT_TRUE(SplitAuthors(" , ,and ").empty());
}

TEST(ArxivAuthors, KeepsCommasInsideAffiliations) {
  auto a = SplitAuthors("A. Smith (MIT, Cambridge), B. Jones");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].name, "A. Smith");
  EXPECT_EQ(a[0].affiliations, (std::vector<std::string>{"MIT, Cambridge"}));
  EXPECT_EQ(a[1].name, "B. Jones");
  EXPECT_TRUE(a[1].affiliations.empty());
}

TEST(ArxivAuthors, AuthorsBeforeAnAffiliationShareIt) {
  auto a = SplitAuthors(
      "Floris van der Tak (SRON Groningen), John Black (Onsala), Fredrik\n  Schoeier "
      "(Stockholm), David Jansen and Ewine van Dishoeck (Leiden)");
  ASSERT_EQ(a.size(), 5u);
  EXPECT_EQ(a[2].name, "Fredrik Schoeier");
  EXPECT_EQ(a[2].affiliations, (std::vector<std::string>{"Stockholm"}));
  EXPECT_EQ(a[3].name, "David Jansen");
  EXPECT_EQ(a[3].affiliations, (std::vector<std::string>{"Leiden"}));
  EXPECT_EQ(a[4].affiliations, (std::vector<std::string>{"Leiden"}));
}

TEST(ArxivAuthors, ResolvesNumberedFootnotes) {
  auto a = SplitAuthors(
      "A. S. Mishchenko (1 and 2) and N. Nagaosa (1 and 3) ((1) CREST, Japan\n  Science and "
      "Technology Agency, (2) Russian Research Centre, (3) The University of Tokyo)");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].name, "A. S. Mishchenko");
  EXPECT_EQ(a[0].affiliations,
            (std::vector<std::string>{"CREST, Japan Science and Technology Agency",
                                      "Russian Research Centre"}));
  EXPECT_EQ(a[1].name, "N. Nagaosa");
  EXPECT_EQ(a[1].affiliations,
            (std::vector<std::string>{"CREST, Japan Science and Technology Agency",
                                      "The University of Tokyo"}));
  auto b = SplitAuthors("Arthur Jaffe (1) and Gordon Ritter (1) ((1) Harvard University)");
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[1].name, "Gordon Ritter");
  EXPECT_EQ(b[1].affiliations, (std::vector<std::string>{"Harvard University"}));
}

TEST(ArxivAuthors, DecodesTexAccentsAndSuffixes) {
  auto a =
      SplitAuthors("St\\'ephane Devismes, Matti J\\\"arvinen, Donald Johann, Jr., G{\\\"o}del");
  EXPECT_EQ(Names(a), (std::vector<std::string>{"Stéphane Devismes", "Matti Järvinen",
                                                "Donald Johann, Jr.", "Gödel"}));
}

TEST(ArxivAuthors, HostileStringsDoNotCrash) {
  EXPECT_EQ(SplitAuthors("A (unclosed, B, C").size(), 1u);
  EXPECT_EQ(Names(SplitAuthors("A ) B, C")), (std::vector<std::string>{"A B", "C"}));
  EXPECT_TRUE(SplitAuthors("((((((").empty());
  EXPECT_TRUE(SplitAuthors(")").empty());
  EXPECT_EQ(SplitAuthors(std::string(10000, '(')).size(), 0u);
}

TEST(ArxivAuthors, SharedAffiliationCopiesAreBounded) {
  // Thousands of authors citing one huge footnote must not copy it thousands of times.
  std::string in;
  for (int i = 0; i < 3000; ++i) in += "Author" + std::to_string(i) + " (1), ";
  in += "Last (1) ((1) " + std::string(200000, 'x') + ")";
  auto a = SplitAuthors(in);
  ASSERT_EQ(a.size(), 3001u);
  size_t bytes = 0;
  for (const auto& au : a)
    for (const auto& f : au.affiliations) bytes += f.size();
  EXPECT_LE(bytes, 4 * in.size() + 4096);
  EXPECT_EQ(a[0].affiliations.size(), 1u);

  std::string shared;
  for (int i = 0; i < 3000; ++i) shared += "Author" + std::to_string(i) + ", ";
  shared += "Last (" + std::string(200000, 'y') + ")";
  auto b = SplitAuthors(shared);
  ASSERT_EQ(b.size(), 3001u);
  bytes = 0;
  for (const auto& au : b)
    for (const auto& f : au.affiliations) bytes += f.size();
  EXPECT_LE(bytes, 5 * shared.size() + 4096);  // its own copy plus the shared budget
}

TEST(ArxivTex, AccentForms) {
  EXPECT_EQ(DecodeTexAccents("G\\\"odel"), "Gödel");
  EXPECT_EQ(DecodeTexAccents("G\\\"{o}del"), "Gödel");
  EXPECT_EQ(DecodeTexAccents("{\\'E}cole"), "École");
  EXPECT_EQ(DecodeTexAccents("Ka{â}niche"), "Kaâniche");
  EXPECT_EQ(DecodeTexAccents("Erd\\H{o}s"), "Erdős");
  EXPECT_EQ(DecodeTexAccents("\\v{S}koda"), "Škoda");
  EXPECT_EQ(DecodeTexAccents("Stra\\ss e"), "Straße");
  EXPECT_EQ(DecodeTexAccents("\\L{}ukasz \\c{C}elik"), "Łukasz Çelik");
  EXPECT_EQ(DecodeTexAccents("D\\'{\\i}az"), "Díaz");
  EXPECT_EQ(DecodeTexAccents("plain"), "plain");
  EXPECT_EQ(DecodeTexAccents("\\unknown x"), "\\unknown x");
  EXPECT_EQ(DecodeTexAccents("trailing\\"), "trailing\\");
  EXPECT_EQ(DecodeTexAccents("\\'"), "\\'");
}

TEST(ArxivPlainText, MatchesStripMarkupOnPlainText) {
  EXPECT_EQ(PlainText("  a\n  b  c\n\n d  "), "a b c\nd");
  EXPECT_EQ(PlainText("x &amp; <i>y</i>"), "x & y");
  EXPECT_EQ(PlainText(""), "");
}

}  // namespace
}  // namespace ah::sources::arxiv::internal
