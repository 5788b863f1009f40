// The Unicode folding that names and titles are matched by (core/text.h,
// FoldForSearch and the keys built on it).
#include <gtest/gtest.h>

#include <string>

#include "core/merge.h"
#include "core/text.h"

namespace ah::text {
namespace {

TEST(Fold, CaseAndMarksOfVietnameseNames) {
  EXPECT_EQ(FoldForSearch("Nguyễn"), "nguyen");
  EXPECT_EQ(FoldForSearch("NGUYỄN"), "nguyen");
  EXPECT_EQ(FoldForSearch("Nguyen"), "nguyen");
  EXPECT_EQ(FoldForSearch("Đặng Thị Hương"), "dang thi huong");
}

TEST(Fold, SharpSFoldsToSs) {
  EXPECT_EQ(FoldForSearch("Straße"), "strasse");
  EXPECT_EQ(FoldForSearch("STRASSE"), "strasse");
  EXPECT_EQ(FoldForSearch("STRAẞE"), "strasse");  // capital sharp s U+1E9E
}

TEST(Fold, UmlautFoldsToTheBaseLetter) {
  // The core fold strips the mark (ü -> u); the German "ue" spelling is matched
  // only where a person typed the name (seed imports: imports/match.h).
  EXPECT_EQ(FoldForSearch("Müller"), "muller");
  EXPECT_EQ(FoldForSearch("MÜLLER"), "muller");
  EXPECT_EQ(FoldForSearch("MULLER"), "muller");
  EXPECT_EQ(FoldForSearch("Mueller"), "mueller");
}

TEST(Fold, CompatibilityFormsAndLigatures) {
  EXPECT_EQ(FoldForSearch("Ｔｒａｎｓｆｏｒｍｅｒ"), "transformer");
  EXPECT_EQ(FoldForSearch("ﬁnite ﬂow"), "finite flow");
  EXPECT_EQ(FoldForSearch("x²"), "x2");
}

TEST(Fold, GreekAndCyrillicCaseFolded) {
  EXPECT_EQ(FoldForSearch("ΣΟΦΟΣ"), FoldForSearch("σοφος"));  // final sigma too
  EXPECT_EQ(FoldForSearch("ПРИВЕТ"), "привет");
  EXPECT_EQ(FoldForSearch("Ἀθῆναι"), "αθηναι");
}

TEST(Fold, LettersWithoutDecompositionKeepTheirConventionalAsciiForm) {
  EXPECT_EQ(FoldForSearch("Łukasz Søren Ørsted Ħal ı"), "lukasz soren orsted hal i");
  EXPECT_EQ(FoldForSearch("Æther Œuvre Þórr"), "aether oeuvre thorr");
  EXPECT_EQ(FoldForSearch("Müller Ångström Łukasz"), "muller angstrom lukasz");
  EXPECT_EQ(FoldForSearch("İstanbul"), "istanbul");
}

TEST(Fold, KeepsVowelSignsOfIndicScripts) {
  // Only the accents of the combining diacritics blocks go: a Devanagari vowel
  // sign is part of the word (कमाल "wonder" is not कमल "lotus").
  EXPECT_NE(FoldForSearch("कमाल"), FoldForSearch("कमल"));
  EXPECT_EQ(FoldForSearch("深度学习"), "深度学习");
}

TEST(Fold, IgnorableCharactersVanish) {
  EXPECT_EQ(FoldForSearch("Trans\u00ADformer"), "transformer");  // soft hyphen
  EXPECT_EQ(FoldForSearch("Trans\u200Bformer"), "transformer");  // zero-width space
}

TEST(Fold, InvalidUtf8BecomesReplacementCharacter) {
  EXPECT_EQ(FoldForSearch("AB\xFF\xC3"), "ab\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(FoldForSearch("M\xC3\xBC\xED\xA0\x80"), "mu\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(FoldForSearch(std::string("a\0B", 3)), std::string("a\0b", 3));
  EXPECT_EQ(FoldForSearch(""), "");
}

TEST(Fold, IsIdempotent) {
  for (const char* s :
       {"Nguyễn", "Straße", "Ｔｒａｎｓｆｏｒｍｅｒ", "ΣΟΦΟΣ", "Æther", "कमाल", "\xFF"}) {
    const std::string once = FoldForSearch(s);
    EXPECT_EQ(FoldForSearch(once), once) << s;
  }
}

TEST(Fold, TitleKeyMatchesAcrossCaseDiacriticsAndWidth) {
  EXPECT_EQ(TitleKey("Über STRASSEN und Wege"), TitleKey("uber straßen und wege"));
  EXPECT_EQ(TitleKey("Ｔｒａｎｓｆｏｒｍｅｒｓ for Vietnamese: NGUYỄN"),
            TitleKey("Transformers for vietnamese — Nguyen"));
  // Non-ASCII punctuation separates words like ASCII punctuation does.
  EXPECT_EQ(TitleKey("Graph neural networks — a survey…"), "graph neural networks a survey");
  EXPECT_EQ(TitleKey("«Deep» learning"), "deep learning");
}

TEST(Fold, SurnameKeyMatchesAcrossCaseAndDiacritics) {
  EXPECT_EQ(SurnameKey("Nguyễn, Văn A"), "nguyen");
  EXPECT_EQ(SurnameKey("VAN A NGUYEN"), "nguyen");
  EXPECT_EQ(SurnameKey("Hans STRASSE"), SurnameKey("Hans Straße"));
  EXPECT_EQ(SurnameKey("José García‐López"), "garcialopez");  // U+2010 hyphen
}

TEST(Fold, LinkKeySameForPreprintAndJournalDifferingInCaseAndMarks) {
  Paper preprint, journal;
  preprint.title = "Straße networks for Vietnamese place names";
  preprint.authors.push_back(Author{"An Văn Nguyễn", {}, {}});
  journal.title = "STRASSE NETWORKS FOR VIETNAMESE PLACE NAMES";
  journal.authors.push_back(Author{"AN VAN NGUYỄN", {}, {}});
  ASSERT_FALSE(LinkKey(preprint).empty());
  EXPECT_EQ(LinkKey(preprint), LinkKey(journal));
}

}  // namespace
}  // namespace ah::text
