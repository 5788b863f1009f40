// Followed authors are people, not surnames (issue 11): full given names
// exactly, an initial only against an initial, ORCID iDs where known.
#include "radar/authors.h"

#include <gtest/gtest.h>

namespace ah::radar {
namespace {

TEST(SamePerson, AFullGivenNameMatchesOnlyThatName) {
  // The reproduction: `--author "Yu Wang"` matched Yifan, Yiqi, Yun Wang ...
  for (const char* other : {"Yifan Wang", "Yiqi Wang", "Yun Wang", "Yuxuan Wang", "Ye Wang",
                            "Yi Wang", "Wang Hong", "Y. Wang", "Yu-Xiang Wang", "Yu Wong"})
    EXPECT_FALSE(AuthorsMatch("Yu Wang", other)) << other;
  for (const char* same : {"Yu Wang", "YU WANG", "yu wang", "Wang, Yu", "Wang, Yu (Tsinghua)",
                           "Yu A. Wang", "Yu Wang Jr."})
    EXPECT_TRUE(AuthorsMatch("Yu Wang", same)) << same;
}

TEST(SamePerson, FoldsAccentsCaseAndHyphens) {
  EXPECT_TRUE(AuthorsMatch("José García-López", "Jose Garcia-Lopez"));
  EXPECT_TRUE(AuthorsMatch("José García-López", "García López, José"));
  EXPECT_TRUE(AuthorsMatch("José García López", "García López, José"));
  EXPECT_TRUE(AuthorsMatch("Jean-Pierre Serre", "Jean Pierre Serre"));
  EXPECT_TRUE(AuthorsMatch("Jean-Pierre Serre", "JEAN-PIERRE SERRE"));
  EXPECT_TRUE(AuthorsMatch("Jürgen Müller", "Jurgen Muller"));
  EXPECT_FALSE(AuthorsMatch("Jean-Pierre Serre", "Jean Serre"));
  EXPECT_TRUE(AuthorsMatch("Ludwig van Beethoven", "van Beethoven, Ludwig"));
  EXPECT_TRUE(AuthorsMatch("Ludwig van Beethoven", "Beethoven, Ludwig van"));
}

TEST(SamePerson, FoldsUnicodeCaseAndMarksBeyondLatin1) {
  // Issue 13: folding by utf8proc, not a Latin-1 table.
  EXPECT_TRUE(AuthorsMatch("Văn An Nguyễn", "VĂN AN NGUYỄN"));
  EXPECT_TRUE(AuthorsMatch("Văn An Nguyễn", "Van An Nguyen"));
  EXPECT_TRUE(AuthorsMatch("Nguyễn, Văn An", "VAN AN NGUYEN"));
  EXPECT_TRUE(AuthorsMatch("Hans Straße", "HANS STRASSE"));
  EXPECT_TRUE(AuthorsMatch("Jürgen Müller", "JÜRGEN MULLER"));
  EXPECT_TRUE(AuthorsMatch("Łukasz Kaiser", "Lukasz Kaiser"));
  EXPECT_TRUE(AuthorsMatch("Σωκράτης Παπαδόπουλος", "ΣΩΚΡΑΤΗΣ ΠΑΠΑΔΟΠΟΥΛΟΣ"));
  EXPECT_TRUE(AuthorsMatch("Андрей Колмогоров", "АНДРЕЙ КОЛМОГОРОВ"));
  EXPECT_TRUE(AuthorsMatch("Ｊｏｈｎ Ｓｍｉｔｈ", "John Smith"));
  EXPECT_TRUE(AuthorsMatch("Conor O’Brien", "Conor O'Brien"));  // U+2019
  EXPECT_FALSE(AuthorsMatch("Văn An Nguyễn", "Văn Anh Nguyễn"));
  EXPECT_EQ(AuthorKey("NGUYỄN, Văn"), "nguyen v");
}

TEST(SamePerson, AnInitialMatchesOnlyAnInitial) {
  EXPECT_TRUE(AuthorsMatch("Li, P.", "P. Li"));
  EXPECT_TRUE(AuthorsMatch("P. Li", "Li P"));
  EXPECT_FALSE(AuthorsMatch("Li, P.", "Ping Li"));
  EXPECT_FALSE(AuthorsMatch("P. Li", "Q. Li"));
  EXPECT_TRUE(AuthorsMatch("J.-P. Serre", "J. P. Serre"));
  EXPECT_TRUE(AuthorsMatch("J.-P. Serre", "Serre, JP"));  // run-together capitals
  EXPECT_TRUE(AuthorsMatch("J.-P. Serre", "Serre JP"));
  EXPECT_TRUE(AuthorsMatch("J. Serre", "J. P. Serre"));   // an extra middle initial
  EXPECT_FALSE(AuthorsMatch("J.-P. Serre", "Jean-Pierre Serre"));
}

TEST(SamePerson, ANameWithoutGivenNameMatchesOnlyItself) {
  EXPECT_TRUE(AuthorsMatch("Aristotle", "Aristotle"));
  EXPECT_FALSE(AuthorsMatch("Wang", "Yu Wang"));
  EXPECT_FALSE(AuthorsMatch("", "Yu Wang"));
}

TEST(SamePerson, OrcidDecidesWhenBothHaveOne) {
  PersonName a = ParsePersonName("Yu Wang", "https://orcid.org/0000-0002-1825-0097");
  PersonName b = ParsePersonName("Y. Wang", "0000-0002-1825-0097");
  PersonName c = ParsePersonName("Yu Wang", "0000-0001-5109-3700");
  PersonName d = ParsePersonName("Yu Wang");
  EXPECT_EQ(a.orcid, "0000-0002-1825-0097");
  EXPECT_TRUE(SamePerson(a, b)) << "the same iD: the same person, whatever the names";
  EXPECT_FALSE(SamePerson(a, c)) << "two iDs: two people, however alike the names";
  EXPECT_TRUE(SamePerson(a, d)) << "one side without an iD: the names decide";
  // An iD typed with the name, or alone.
  PersonName typed = ParsePersonName("Yu Wang (0000-0002-1825-009x)");
  EXPECT_EQ(typed.orcid, "0000-0002-1825-009X");
  EXPECT_EQ(typed.surname, "wang");
  PersonName bare = ParsePersonName("https://orcid.org/0000-0002-1825-0097");
  EXPECT_FALSE(bare.empty());
  EXPECT_TRUE(bare.tail.empty());
  EXPECT_TRUE(SamePerson(bare, a));
  EXPECT_FALSE(SamePerson(bare, d)) << "an iD alone matches only that iD";
  EXPECT_EQ(FindOrcid("orcid 0000-0002-1825-00977"), "") << "not part of a longer number";
}

TEST(SamePerson, FindAuthorUsesThePerson) {
  EXPECT_EQ(FindAuthor({"A. Smith", "Ping Li (MIT)"}, "Li, Ping"), 1);
  EXPECT_EQ(FindAuthor({"A. Smith", "P. Li (MIT)"}, "Ping Li"), -1);
  EXPECT_EQ(FindAuthor({"Yun Wang", "Yifan Wang", "Yu Wang"}, "Yu Wang"), 2);
}

}  // namespace
}  // namespace ah::radar
