// Store conformance suite: search by word stems (plurals and inflections) with
// the words as written ranked first and phrases exact, and in Chinese text
// (bigrams). Queries are hand-built ASTs (the parser is tested in tests/search/).
#include "store_fixture.h"

namespace ah::store::testing {
namespace {

using search::Field;

class StoreStemSearchTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    auto paper = [](const std::string& id, const std::string& title, const std::string& abs) {
      Paper p = ArxivPaper(id, title, 1, "2024-01-03");
      p.abstract = abs;
      p.abstract_raw = abs;
      return p;
    };
    UpsertStats s = Upsert({
        paper("2401.00001", "A transformer for proteins", "We train one model."),
        paper("2401.00002", "Transformers everywhere", "Many models, many tasks."),
        paper("2401.00003", "Diffusion segmentation of cells", "Segmenting cells with noise."),
        paper("2401.00004", "Segment anything with diffusion", "One segment at a time."),
        paper("2401.00005", "基于深度学习的医学图像分割", "本文提出一种新的图像分割方法。"),
        paper("2401.00006", "Transformed transforms", "Nothing else."),
    });
    ASSERT_EQ(s.added, 6);
  }
};

TEST_P(StoreStemSearchTest, PluralsShareTheirHitsWithTheWordsAsWrittenFirst) {
  // Both forms find both papers (and the verb "transformed" shares the stem);
  // the paper with the form typed comes first.
  for (int64_t limit : {0, 20}) {  // unlimited (SQL order) and a page (ranked once, cached)
    const auto one = SearchKeys(Q(Term("transformer", Field::kTitle)), limit);
    const auto many = SearchKeys(Q(Term("transformers", Field::kTitle)), limit);
    EXPECT_EQ(Sorted(one), (std::vector<std::string>{"2401.00001", "2401.00002", "2401.00006"}));
    EXPECT_EQ(Sorted(many), Sorted(one));
    ASSERT_FALSE(one.empty());
    ASSERT_FALSE(many.empty());
    EXPECT_EQ(one.front(), "2401.00001");
    EXPECT_EQ(many.front(), "2401.00002");
  }
  auto count = store().SearchFacets(Q(Term("transformers", Field::kTitle)), 0);
  ASSERT_TRUE(count) << count.error().ToString();
  EXPECT_EQ(count->total, 3);
}

TEST_P(StoreStemSearchTest, SegmentAndSegmentationAgree) {
  const auto a = SearchKeys(Q(And({Term("diffusion"), Term("segment")})), 20);
  const auto b = SearchKeys(Q(And({Term("diffusion"), Term("segmentation")})), 20);
  EXPECT_EQ(Sorted(a), (std::vector<std::string>{"2401.00003", "2401.00004"}));
  EXPECT_EQ(Sorted(b), Sorted(a));
  EXPECT_EQ(a.front(), "2401.00004");  // "segment" as typed
  EXPECT_EQ(b.front(), "2401.00003");  // "segmentation" as typed
}

TEST_P(StoreStemSearchTest, PhrasesAndPrefixesMatchTheWordsAsWritten) {
  EXPECT_EQ(SearchKeys(Q(Phrase("transformers everywhere"))),
            std::vector<std::string>{"2401.00002"});
  EXPECT_TRUE(SearchKeys(Q(Phrase("transformer everywhere"))).empty());
  EXPECT_EQ(SearchKeys(Q(Phrase("transformers", Field::kTitle))),
            std::vector<std::string>{"2401.00002"});
  EXPECT_EQ(Sorted(SearchKeys(Q(Term("segment", Field::kAny, true)))),
            (std::vector<std::string>{"2401.00003", "2401.00004"}));
  // A stem excluded excludes its forms too.
  EXPECT_EQ(SearchKeys(Q(And({Term("diffusion"), Not(Term("segments"))}))),
            std::vector<std::string>{});
}

TEST_P(StoreStemSearchTest, ChineseTitlesAndAbstractsAreSearchable) {
  EXPECT_EQ(SearchKeys(Q(Term("图像分割"))), std::vector<std::string>{"2401.00005"});
  EXPECT_EQ(SearchKeys(Q(Term("深度学习", Field::kTitle))), std::vector<std::string>{"2401.00005"});
  EXPECT_EQ(SearchKeys(Q(Term("方法", Field::kAbstract))), std::vector<std::string>{"2401.00005"});
  EXPECT_EQ(SearchKeys(Q(Term("医"))), std::vector<std::string>{"2401.00005"});
  // Bigrams of the query in order: characters that are not adjacent do not match.
  EXPECT_TRUE(SearchKeys(Q(Term("分割图像"))).empty());
  EXPECT_TRUE(SearchKeys(Q(Term("蛋白质"))).empty());
}

TEST_P(StoreStemSearchTest, AMisspelledWordGetsTheLibrarysWord) {
  auto suggest = [&](const std::string& raw) {
    auto q = search::ParseQuery(raw);
    EXPECT_TRUE(q) << raw;
    auto s = store().SuggestQuery(*q);
    EXPECT_TRUE(s) << s.error().ToString();
    return s ? *s : std::string("(error)");
  };
  EXPECT_EQ(suggest("difusion segmentation"), "diffusion segmentation");
  EXPECT_EQ(suggest("ti:transfromers"), "ti:transformers");
  EXPECT_EQ(suggest("diffusion"), "");   // known
  EXPECT_EQ(suggest("segments"), "");    // known by its stem
  EXPECT_EQ(suggest("qwertyuiop"), "");  // nothing near
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreStemSearchTest,
                         ::testing::ValuesIn(BackendsWith(kTextAnalysis)),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ah::store::testing
