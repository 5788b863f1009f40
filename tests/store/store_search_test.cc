// Store conformance suite, part 2: Search and listing queries. Queries are
// hand-built ASTs (the parser is tested in tests/search/).
#include "store_fixture.h"

namespace ah::store::testing {
namespace {

using search::Field;

class StoreSearchTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    Paper p1 = ArxivPaper("2401.00001", "Graph Neural Networks for Molecules", 1, "2024-01-03");
    p1.submitted = "2024-01-02";
    p1.versions[0].date = "2024-01-02";
    p1.abstract = "We propose a message passing model for chemistry.";
    p1.abstract_raw = p1.abstract;
    p1.categories = {"cs.LG", "stat.ML"};

    Paper p2 = ArxivPaper("2401.00002", "Transformers Are All You Need", 1, "2024-01-04", "cs.CL");
    p2.authors = {{"Anna Müller", {}, ""}};
    p2.abstract = "Attention based sequence models beat graph baselines.";
    p2.abstract_raw = p2.abstract;

    Paper p3;
    p3.ids.doi = "10.1101/2024.01.05.1";
    p3.title = "Protein folding with diffusion";
    p3.authors = {{"Zoë Dupont", {}, ""}};
    p3.abstract = "Diffusion models fold proteins; see doi \"quoted\" AND more.";
    p3.abstract_raw = p3.abstract;
    p3.categories = {"cancer biology"};
    p3.listings = {{"biorxiv", "2024-01-05", "new", "cancer biology"}};
    p3.submitted = "2024-01-05";
    p3.type = "preprint";

    Paper p4 = JournalPaper("10.1038/nature.1", "Quantum error correction at scale", "Li, Wei",
                            "nature", "2023-12-01");
    p4.abstract = "Surface codes suppress errors exponentially.";
    p4.abstract_raw = p4.abstract;

    UpsertStats s = Upsert({p1, p2, p3, p4});
    ASSERT_EQ(s.added, 4);
  }
};

TEST_P(StoreSearchTest, RanksTitleMatchesAboveAbstractMatches) {
  EXPECT_EQ(SearchKeys(Q(Term("graph"))), (std::vector<std::string>{"2401.00001", "2401.00002"}));
}

TEST_P(StoreSearchTest, FieldsRestrictTheColumn) {
  if (!RequireFeatures(kTextAnalysis, "diacritic folding (Müller = muller, Zoë = zoe)")) return;
  EXPECT_EQ(SearchKeys(Q(Term("graph", Field::kTitle))), std::vector<std::string>{"2401.00001"});
  EXPECT_EQ(SearchKeys(Q(Term("attention", Field::kAbstract))),
            std::vector<std::string>{"2401.00002"});
  EXPECT_TRUE(SearchKeys(Q(Term("attention", Field::kTitle))).empty());
  EXPECT_EQ(SearchKeys(Q(Term("muller", Field::kAuthor))), std::vector<std::string>{"2401.00002"});
  EXPECT_EQ(SearchKeys(Q(Term("Müller", Field::kAuthor))), std::vector<std::string>{"2401.00002"});
  EXPECT_EQ(SearchKeys(Q(Term("zoe"))), std::vector<std::string>{"doi:10.1101/2024.01.05.1"});
}

TEST_P(StoreSearchTest, AuthorNamesMatchInEitherOrderWithInitials) {
  if (!RequireFeatures(kTextAnalysis, "author names in either order with initials")) return;
  EXPECT_EQ(SearchKeys(Q(Phrase("Li, P", Field::kAuthor))), std::vector<std::string>{"2401.00001"});
  EXPECT_EQ(SearchKeys(Q(Phrase("Ping Li", Field::kAuthor))),
            std::vector<std::string>{"2401.00001"});
  EXPECT_EQ(SearchKeys(Q(Phrase("Li, Wei", Field::kAuthor))),
            std::vector<std::string>{"doi:10.1038/nature.1"});
  EXPECT_EQ(Sorted(SearchKeys(Q(Term("li", Field::kAuthor)))),
            (std::vector<std::string>{"2401.00001", "doi:10.1038/nature.1"}));
}

TEST_P(StoreSearchTest, PhrasesKeepWordOrder) {
  EXPECT_EQ(SearchKeys(Q(Phrase("neural networks"))), std::vector<std::string>{"2401.00001"});
  EXPECT_TRUE(SearchKeys(Q(Phrase("networks neural"))).empty());
}

TEST_P(StoreSearchTest, BooleanOperators) {
  EXPECT_EQ(Sorted(SearchKeys(Q(Or({Term("transformers"), Term("protein")})))),
            (std::vector<std::string>{"2401.00002", "doi:10.1101/2024.01.05.1"}));
  EXPECT_EQ(SearchKeys(Q(And({Term("graph"), Not(Term("transformers"))}))),
            std::vector<std::string>{"2401.00001"});
  EXPECT_EQ(SearchKeys(Q(And({Term("graph"), Term("attention")}))),
            std::vector<std::string>{"2401.00002"});
  // Nested: (graph OR protein) AND NOT molecules
  EXPECT_EQ(
      Sorted(SearchKeys(Q(And({Or({Term("graph"), Term("protein")}), Not(Term("molecules"))})))),
      (std::vector<std::string>{"2401.00002", "doi:10.1101/2024.01.05.1"}));
  // OR with a negation inside.
  EXPECT_EQ(Sorted(SearchKeys(Q(Or({Term("quantum"), Not(Term("graph"))})))),
            (std::vector<std::string>{"doi:10.1038/nature.1", "doi:10.1101/2024.01.05.1"}));
}

TEST_P(StoreSearchTest, LoneNotMatchesEverythingElse) {
  EXPECT_EQ(Sorted(SearchKeys(Q(Not(Term("graph"))))),
            (std::vector<std::string>{"doi:10.1038/nature.1", "doi:10.1101/2024.01.05.1"}));
  EXPECT_EQ(Sorted(SearchKeys(Q(And({Not(Term("graph")), Not(Term("quantum"))})))),
            std::vector<std::string>{"doi:10.1101/2024.01.05.1"});
}

TEST_P(StoreSearchTest, PrefixTerms) {
  EXPECT_EQ(SearchKeys(Q(Term("molec", Field::kAny, true))),
            std::vector<std::string>{"2401.00001"});
  EXPECT_EQ(SearchKeys(Q(Term("transf", Field::kTitle, true))),
            std::vector<std::string>{"2401.00002"});
  EXPECT_TRUE(SearchKeys(Q(Term("molec"))).empty());
}

TEST_P(StoreSearchTest, CategoryIsAnExactCaseInsensitiveMatch) {
  EXPECT_EQ(SearchKeys(Q(Term("cs.LG", Field::kCategory))), std::vector<std::string>{"2401.00001"});
  EXPECT_EQ(SearchKeys(Q(Term("CS.lg", Field::kCategory))), std::vector<std::string>{"2401.00001"});
  EXPECT_EQ(SearchKeys(Q(Term("stat.ML", Field::kCategory))),
            std::vector<std::string>{"2401.00001"});
  EXPECT_TRUE(SearchKeys(Q(Term("cs.L", Field::kCategory))).empty());
  EXPECT_TRUE(SearchKeys(Q(Term("cs._G", Field::kCategory))).empty());  // '_' is not a wildcard
  EXPECT_TRUE(SearchKeys(Q(Term("%", Field::kCategory))).empty());
  EXPECT_EQ(Sorted(SearchKeys(Q(Term("cs.", Field::kCategory, true)))),
            (std::vector<std::string>{"2401.00001", "2401.00002"}));
  EXPECT_EQ(SearchKeys(Q(Phrase("cancer biology", Field::kCategory))),
            std::vector<std::string>{"doi:10.1101/2024.01.05.1"});
  EXPECT_TRUE(SearchKeys(Q(Term("biology", Field::kCategory))).empty());
  // Combined with text: ranked MATCH plus a filter.
  EXPECT_EQ(SearchKeys(Q(And({Term("graph"), Term("cs.CL", Field::kCategory)}))),
            std::vector<std::string>{"2401.00002"});
}

TEST_P(StoreSearchTest, SourceAndIdFields) {
  EXPECT_EQ(SearchKeys(Q(Term("biorxiv", Field::kSource))),
            std::vector<std::string>{"doi:10.1101/2024.01.05.1"});
  EXPECT_EQ(SearchKeys(Q(Term("bioRxiv", Field::kSource))),
            std::vector<std::string>{"doi:10.1101/2024.01.05.1"});
  EXPECT_EQ(
      SearchKeys(Q(And({Term("arxiv", Field::kSource), Term("transformers", Field::kTitle)}))),
      std::vector<std::string>{"2401.00002"});
  EXPECT_EQ(SearchKeys(Q(Term("2401.00001", Field::kId))), std::vector<std::string>{"2401.00001"});
  EXPECT_EQ(SearchKeys(Q(Term("doi:10.1038/NATURE.1", Field::kId))),
            std::vector<std::string>{"doi:10.1038/nature.1"});
  EXPECT_TRUE(SearchKeys(Q(Term("garbage", Field::kId))).empty());
  EXPECT_EQ(Sorted(SearchKeys(Q(Or({Term("2401.00001", Field::kId), Term("quantum")})))),
            (std::vector<std::string>{"2401.00001", "doi:10.1038/nature.1"}));
}

TEST_P(StoreSearchTest, DateRangeUsesTheFirstDate) {
  EXPECT_EQ(SearchKeys(Q(Term("graph"), "2024-01-03", "2024-01-04")),
            std::vector<std::string>{"2401.00002"});
  EXPECT_EQ(SearchKeys(DatesOnly("2024-01-02", "2024-01-04")),
            (std::vector<std::string>{"2401.00002", "2401.00001"}));  // newest first
  EXPECT_EQ(SearchKeys(DatesOnly("", "2023-12-31")),
            std::vector<std::string>{"doi:10.1038/nature.1"});
  EXPECT_EQ(SearchKeys(DatesOnly("2024-01-05", "")),
            std::vector<std::string>{"doi:10.1101/2024.01.05.1"});
  EXPECT_EQ(SearchKeys(DatesOnly("", "")).size(), 4u);
}

TEST_P(StoreSearchTest, LimitAndOffsetPage) {
  auto all = SearchKeys(DatesOnly("", ""));
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(SearchKeys(DatesOnly("", ""), 2, 0), (std::vector<std::string>{all[0], all[1]}));
  EXPECT_EQ(SearchKeys(DatesOnly("", ""), 2, 2), (std::vector<std::string>{all[2], all[3]}));
  EXPECT_TRUE(SearchKeys(DatesOnly("", ""), 2, 10).empty());
}

TEST_P(StoreSearchTest, HostileQueryTextIsPlainText) {
  const std::vector<std::string> hostile = {
      "\"",
      "\"\"",
      "foo\" OR \"bar",
      "graph\" OR title:\"x",
      "NEAR(graph neural, 2)",
      "title : graph",
      "{title abstract}: graph",
      "^graph",
      "*",
      "graph*",
      "AND",
      "OR NOT",
      "(",
      ")",
      "'; DROP TABLE papers; --",
      "\\",
      "%",
      "_",
      std::string("nul\0byte", 8),
      "\xff\xfe",
      "🙂",
      "→ ∑ …",
      "数学",
      std::string(5000, 'a'),
  };
  for (const auto& text : hostile) {
    for (Field f : {Field::kAny, Field::kTitle, Field::kAuthor, Field::kAbstract, Field::kCategory,
                    Field::kSource, Field::kId}) {
      for (bool prefix : {false, true}) {
        auto r = store().Search(Q(Term(text, f, prefix)), 10, 0);
        EXPECT_TRUE(r) << "text: " << text << " error: " << r.error().ToString();
        r = store().Search(Q(And({Term("graph"), Phrase(text, f)})), 10, 0);
        EXPECT_TRUE(r) << "text: " << text << " error: " << r.error().ToString();
        r = store().Search(Q(Or({Term("graph"), Not(Term(text, f, prefix))})), 10, 0);
        EXPECT_TRUE(r) << "text: " << text << " error: " << r.error().ToString();
      }
    }
  }
  EXPECT_EQ(MustStats().papers, 4);  // nothing was dropped
  // Operators typed as text are just words.
  EXPECT_TRUE(SearchKeys(Q(Term("NEAR(graph neural, 2)"))).empty());
  EXPECT_EQ(SearchKeys(Q(Phrase("\"quoted\" AND more"))),
            std::vector<std::string>{"doi:10.1101/2024.01.05.1"});
  // Symbols-only terms are ignored inside an AND, and match nothing alone.
  EXPECT_EQ(SearchKeys(Q(And({Term("graph", Field::kTitle), Term("→")}))),
            std::vector<std::string>{"2401.00001"});
  EXPECT_TRUE(SearchKeys(Q(Term("🙂"))).empty());
  EXPECT_TRUE(SearchKeys(Q(Term("\""))).empty());
}

TEST_P(StoreSearchTest, ListByListingFilters) {
  auto latest = store().LatestListingDate({});
  ASSERT_TRUE(latest);
  EXPECT_EQ(*latest, "2024-01-05");
  auto arxiv_latest = store().LatestListingDate({"", "arxiv", "", 0});
  ASSERT_TRUE(arxiv_latest);
  EXPECT_EQ(*arxiv_latest, "2024-01-04");
  auto lg_latest = store().LatestListingDate({"", "", "cs.lg", 0});
  ASSERT_TRUE(lg_latest);
  EXPECT_EQ(*lg_latest, "2024-01-03");
  auto none = store().LatestListingDate({"", "nosuchsource", "", 0});
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, "");

  auto today = store().ListByListing({});
  ASSERT_TRUE(today);
  EXPECT_EQ(Keys(*today), std::vector<std::string>{"doi:10.1101/2024.01.05.1"});

  auto arxiv = store().ListByListing({"", "arxiv", "", 0});
  ASSERT_TRUE(arxiv);
  EXPECT_EQ(Keys(*arxiv), std::vector<std::string>{"2401.00002"});

  auto day = store().ListByListing({"2024-01-03", "", "", 0});
  ASSERT_TRUE(day);
  EXPECT_EQ(Keys(*day), std::vector<std::string>{"2401.00001"});

  auto by_cat = store().ListByListing({"2024-01-03", "", "stat.ML", 0});
  ASSERT_TRUE(by_cat);
  EXPECT_EQ(Keys(*by_cat), std::vector<std::string>{"2401.00001"});
  auto wrong_cat = store().ListByListing({"2024-01-03", "", "cs.CL", 0});
  ASSERT_TRUE(wrong_cat);
  EXPECT_TRUE(wrong_cat->empty());
  auto empty = store().ListByListing({"1999-01-01", "", "", 0});
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
  auto nothing = store().ListByListing({"", "nosuchsource", "", 0});
  ASSERT_TRUE(nothing);
  EXPECT_TRUE(nothing->empty());
}

TEST_P(StoreSearchTest, ListByListingKeepsArrivalOrderAndLimit) {
  std::vector<Paper> page;
  for (int i = 9; i >= 1; --i) {
    page.push_back(ArxivPaper("2402.0000" + std::to_string(i), "Day paper " + std::to_string(i), 1,
                              "2024-02-01"));
  }
  // A cross-list of an older paper announced the same day, arriving last.
  Paper cross =
      ArxivPaper("2401.00002", "Transformers Are All You Need", 1, "2024-02-01", "cs.AI", "cross");
  page.push_back(cross);
  Upsert(page);
  auto listed = store().ListByListing({"2024-02-01", "arxiv", "", 0});
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 10u);
  EXPECT_EQ((*listed)[0].paper.key, "2402.00009");
  EXPECT_EQ((*listed)[8].paper.key, "2402.00001");
  EXPECT_EQ((*listed)[9].paper.key, "2401.00002");
  auto limited = store().ListByListing({"2024-02-01", "arxiv", "", 3});
  ASSERT_TRUE(limited);
  EXPECT_EQ(Keys(*limited), (std::vector<std::string>{"2402.00009", "2402.00008", "2402.00007"}));
  auto cross_only = store().ListByListing({"2024-02-01", "arxiv", "cs.AI", 0});
  ASSERT_TRUE(cross_only);
  EXPECT_EQ(Keys(*cross_only), std::vector<std::string>{"2401.00002"});
}

TEST_P(StoreSearchTest, ResultsCarryPublishedVersionLinks) {
  Paper pre = ArxivPaper("2401.00007", "Surface codes, the preprint");
  pre.published_doi = "10.1038/nature.1";
  Upsert({pre});
  auto r = store().Search(Q(Term("surface")), 10, 0);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 2u);
  for (const auto& v : *r) {
    if (v.paper.key == "2401.00007") {
      EXPECT_EQ(v.published_version_key, "doi:10.1038/nature.1");
    }
    if (v.paper.key == "doi:10.1038/nature.1") {
      EXPECT_EQ(v.preprint_key, "2401.00007");
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreSearchTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace ah::store::testing
