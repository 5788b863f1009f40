// Title and author keys for finding export entries in the library (issue 11, "Seeds from real
// libraries"): ligatures, no-break spaces, dashes, TeX and Krüger/Krueger spellings that made
// real entries miss papers of the 2016 harvest.
#include "imports/match.h"

#include <gtest/gtest.h>

namespace ah::imports {
namespace {

TEST(TitleMatchKey, RealSpellingsOfOneTitleShareAKey) {
  // diegoferigo_phd-thesis__zotero.bib vs arXiv 1502.05767.
  EXPECT_EQ(TitleMatchKey("Automatic Di\xEF\xAC\x80"
                          "erentiation in Machine Learning: a Survey"),
            TitleMatchKey("Automatic differentiation in machine learning: a survey"));
  // Blaisorblade_Bibs__zotero.bib vs arXiv 1109.1702 (TeX kept in the arXiv title).
  EXPECT_EQ(TitleMatchKey("Kripke Semantics for Martin-Löf's Extensional Type Theory"),
            TitleMatchKey("Kripke Semantics for Martin-L\\\"of's Extensional Type Theory"));
  // d2l-en__d2l.bib vs arXiv 1409.1259 (an en dash from "--").
  EXPECT_EQ(TitleMatchKey("On the properties of neural machine translation: Encoder–decoder"),
            TitleMatchKey("On the Properties of Neural Machine Translation: Encoder-Decoder"));
  EXPECT_EQ(TitleMatchKey("Learning\xC2\xA0the Sequence"), TitleMatchKey("Learning the sequence"));
  EXPECT_EQ(TitleMatchKey("Schrödinger bridges"), TitleMatchKey("Schroedinger Bridges"));
  EXPECT_EQ(TitleMatchKey("Straße"), TitleMatchKey("Strasse"));
  EXPECT_EQ(TitleMatchKey("Mu\xCC\x88ller"), TitleMatchKey("Müller"));  // a combining diaeresis
  EXPECT_EQ(TitleMatchKey("$\\Pi\\Sigma$: Dependent Types"), TitleMatchKey("ΠΣ: dependent types"));
  EXPECT_EQ(TitleMatchKey("“Why Should I Trust You?”"),
            TitleMatchKey("\"Why should I trust you?\""));
}

TEST(TitleMatchKey, FoldsUnicodeCaseWidthAndMarks) {
  // Issue 13: folding by utf8proc, not a Latin-1 table.
  EXPECT_EQ(TitleMatchKey("Ｔｒａｎｓｆｏｒｍｅｒｓ for NGUYỄN"),
            TitleMatchKey("Transformers for Nguyen"));
  EXPECT_EQ(TitleMatchKey("STRASSE"), TitleMatchKey("Straße"));
  EXPECT_EQ(TitleMatchKey("STRAẞE"), TitleMatchKey("strasse"));
  EXPECT_EQ(TitleMatchKey("ТЕОРИЯ ΣΟΦΟΣ"), TitleMatchKey("теория σοφος"));
  EXPECT_EQ(TitleMatchKey("Trans\u00ADformers"), TitleMatchKey("Transformers"));
  // The German transliteration stays a seed-matching convention on top of the fold.
  EXPECT_EQ(TitleMatchKey("MÜLLER"), TitleMatchKey("Mueller"));
  EXPECT_EQ(TitleMatchKey("\xFF broken"), TitleMatchKey("\xEF\xBF\xBD broken"));
}

TEST(TitleMatchKey, ATrailingVersionQualifierIsDropped) {
  // Blaisorblade_Bibs__zotero.bib vs arXiv 1506.05043 and the Erdweg paper.
  EXPECT_EQ(TitleMatchKey("Analysing the Complexity of Functional Programs: Higher-Order Meets "
                          "First-Order (Long Version)"),
            TitleMatchKey("Analysing the Complexity of Functional Programs: Higher-Order Meets "
                          "First-Order"));
  EXPECT_EQ(TitleMatchKey("Capture-Avoiding and Hygienic Program Transformations (incl. Proofs)"),
            TitleMatchKey("Capture-Avoiding and Hygienic Program Transformations"));
  EXPECT_EQ(TitleMatchKey("A Logic [Extended Version]"), TitleMatchKey("A logic"));
  // Other parentheses are part of the title.
  EXPECT_NE(TitleMatchKey("A Formulation of the Simple Theory of Types (for Isabelle)"),
            TitleMatchKey("A Formulation of the Simple Theory of Types"));
  EXPECT_NE(TitleMatchKey("Deep learning (DL)"), TitleMatchKey("Deep learning"));
  EXPECT_EQ(TitleMatchKey("(Extended Version)"), "extended version");
}

TEST(TitleMatchKey, DifferentTitlesKeepDifferentKeys) {
  EXPECT_NE(TitleMatchKey("Deep learning"), TitleMatchKey("Deep learning II"));
  EXPECT_NE(TitleMatchKey("Graph networks"), TitleMatchKey("Graph network"));
  EXPECT_NE(TitleMatchKey("ΠΣ"), TitleMatchKey("ΠΔ"));
  EXPECT_EQ(TitleMatchKey(""), "");
  EXPECT_EQ(TitleMatchKey("  -- : "), "");
}

TEST(SurnameMatchKey, SpellingsOfOneSurname) {
  // BU-DiSC Mendeley "Kr{\"{u}}ger, Jens" vs arXiv 1109.6885 "Jens Krueger".
  EXPECT_EQ(SurnameMatchKey("Jens Krüger"), SurnameMatchKey("Jens Krueger"));
  EXPECT_EQ(SurnameMatchKey("Jens Krüger"), SurnameMatchKey("Kruger, J."));
  EXPECT_EQ(SurnameMatchKey("Kristian Støvring"), SurnameMatchKey("Kristian Stovring"));
  EXPECT_EQ(SurnameMatchKey("Atılım Güneş Baydin"), "baydin");
  EXPECT_EQ(SurnameMatchKey("NGUYỄN, Văn"), SurnameMatchKey("Văn Nguyễn"));
  EXPECT_EQ(SurnameMatchKey("Hans STRASSE"), SurnameMatchKey("Hans Straße"));
  EXPECT_EQ(SurnameMatchKey(""), "");
}

TEST(AuthorsOverlap, AnySharedSurnameInAnyOrder) {
  // Blaisorblade_Bibs__zotero.bib lists Støvring first; arXiv 1208.3596 lists Birkedal first.
  EXPECT_TRUE(AuthorsOverlap(
      {"Kristian Støvring", "Jan Schwinghammer", "Lars Birkedal"},
      {"Lars Birkedal", "Rasmus Ejlers Møgelberg", "Jan Schwinghammer", "Kristian Stovring"}));
  EXPECT_TRUE(AuthorsOverlap({"Jens Krüger"}, {"Jens Krueger", "Changkyu Kim"}));
  EXPECT_FALSE(AuthorsOverlap({"Yann LeCun", "Yoshua Bengio"}, {"Ian Goodfellow"}));
  EXPECT_FALSE(AuthorsOverlap({}, {"Ian Goodfellow"}));
}

TEST(TitleSearchWords, SafeWordsLongestFirstInTitleOrder) {
  EXPECT_EQ(TitleSearchWords("Kripke Semantics for Martin-Löf's Extensional Type Theory", 8),
            (std::vector<std::string>{"kripke", "semantics", "for", "martin", "extensional", "type",
                                      "theory"}));
  EXPECT_EQ(TitleSearchWords("Fast updates on read-optimized databases", 3),
            (std::vector<std::string>{"updates", "optimized", "databases"}));
  // Words a transliteration or TeX may change are left out.
  EXPECT_EQ(TitleSearchWords("Krueger's queue of $\\alpha$-blue boxes", 8),
            (std::vector<std::string>{"of", "boxes"}));
  EXPECT_TRUE(TitleSearchWords("", 8).empty());
}

TEST(HasVariantSpelling, WhatAnIndexMaySpellOtherwise) {
  EXPECT_TRUE(HasVariantSpelling("Fast updates by Krüger"));
  EXPECT_TRUE(HasVariantSpelling("Fast updates by Krueger"));
  EXPECT_TRUE(HasVariantSpelling("A queue"));
  EXPECT_TRUE(HasVariantSpelling("$\\Pi\\Sigma$: Dependent Types"));
  EXPECT_FALSE(HasVariantSpelling("Attention is all you need"));
}

}  // namespace
}  // namespace ah::imports
