// The full-text tokenizer's pure part: which tokens a document stores and a
// query searches (stems beside words, CJK bigrams). Behaviour against a real
// index is in store_stem_cjk_search_test.cc.
#include "store/sqlite/fts_tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ah::store::sqlite {
namespace {

const std::string kM(1, kStemMarker);

// "text" for a new position, "+text" for a colocated token.
std::vector<std::string> Expand(std::string_view token, bool document, bool stem_mode = false) {
  Stemmer stemmer;
  std::vector<IndexToken> toks;
  ExpandToken(token, document, stem_mode, stemmer, &toks);
  std::vector<std::string> out;
  for (const auto& t : toks) out.push_back((t.colocated ? "+" : "") + t.text);
  return out;
}

using V = std::vector<std::string>;

TEST(FtsTokenizer, StemsWithTheRadarsSnowballEnglish) {
  Stemmer s;
  EXPECT_EQ(s.Stem("transformers"), "transform");
  EXPECT_EQ(s.Stem("transformer"), "transform");
  EXPECT_EQ(s.Stem("segmentation"), "segment");
  EXPECT_EQ(s.Stem("segment"), "segment");
  EXPECT_EQ(s.Stem("2016"), "2016");  // no letters
  EXPECT_EQ(s.Stem("is"), "is");      // too short to stem
  EXPECT_EQ(s.Stem("transformers"), "transform");  // from the memo
}

TEST(FtsTokenizer, DocumentsStoreTheWordAndItsMarkedStem) {
  EXPECT_EQ(Expand("transformers", true), (V{"transformers", "+" + kM + "transform"}));
  // A word that is its own stem is stored once.
  EXPECT_EQ(Expand("segment", true), (V{"segment"}));
  EXPECT_EQ(Expand("2016", true), (V{"2016"}));
}

TEST(FtsTokenizer, QueriesSearchWordsAsWrittenOrByStem) {
  EXPECT_EQ(Expand("transformers", false), (V{"transformers"}));
  // By stem: the marked stem, or the stem as a word when it is its own stem.
  EXPECT_EQ(Expand("transformers", false, true), (V{kM + "transform", "+transform"}));
  EXPECT_EQ(Expand("segmentation", false, true), (V{kM + "segment", "+segment"}));
}

TEST(FtsTokenizer, ChineseRunsBecomeBigrams) {
  EXPECT_EQ(Expand("图像分割", true), (V{"图像", "像分", "分割"}));
  EXPECT_EQ(Expand("图像分割", false, true), (V{"图像", "像分", "分割"}));
  EXPECT_EQ(Expand("图", true), (V{"图"}));
  // Latin and CJK parts of one unicode61 token are words of their own.
  EXPECT_EQ(Expand("bert模型", true), (V{"bert", "模型"}));
  EXPECT_EQ(Expand("transformers模型", true),
            (V{"transformers", "+" + kM + "transform", "模型"}));
  // Other scripts are words as unicode61 finds them.
  EXPECT_EQ(Expand("müller", true), (V{"müller"}));
  EXPECT_TRUE(IsCjk(0x4E2D));   // 中
  EXPECT_TRUE(IsCjk(0x30AB));   // カ
  EXPECT_FALSE(IsCjk(0xAC00));  // Hangul is written with spaces
  EXPECT_FALSE(IsCjk('a'));
}

}  // namespace
}  // namespace ah::store::sqlite
