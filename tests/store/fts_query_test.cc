// CompileQuery is pure: these tests pin the generated FTS5 / SQL text for
// hand-built ASTs. Behaviour against a real index is in store_search_test.cc.
#include "store/sqlite/fts_query.h"

#include "store/sqlite/fts_tokenizer.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "store_test_util.h"

namespace ah::store::sqlite {
namespace {

using search::Field;
using namespace ah::store::testing;

CompiledQuery MustCompileStemmed(const search::Query& q) {
  auto r = CompileQuery(q);
  EXPECT_TRUE(r) << r.error().ToString();
  return r ? *r : CompiledQuery{};
}

// The compiled query with `match` as the words are written: every stem
// marker removed (the stemmed form is pinned in StemsWordsButNotPhrasesOrNames).
CompiledQuery MustCompile(const search::Query& q) {
  CompiledQuery c = MustCompileStemmed(q);
  std::string plain;
  for (char ch : c.match) {
    if (ch != kStemMarker) plain += ch;
  }
  c.match = std::move(plain);
  for (auto& prm : c.params) prm.erase(std::remove(prm.begin(), prm.end(), kStemMarker), prm.end());
  return c;
}

TEST(FtsQuery, StemsWordsButNotPhrasesOrNames) {
  const std::string m(1, kStemMarker);
  CompiledQuery c = MustCompileStemmed(Q(Term("transformers", Field::kTitle)));
  EXPECT_EQ(c.match, "title : (\"" + m + "transformers\")");
  EXPECT_EQ(c.exact_match, "title : (\"transformers\")");
  c = MustCompileStemmed(Q(And({Term("diffusion"), Phrase("image segmentation")})));
  EXPECT_EQ(c.match, "((\"" + m + "diffusion\") AND (\"image segmentation\"))");
  EXPECT_EQ(c.exact_match, "((\"diffusion\") AND (\"image segmentation\"))");
  // Prefixes, author names and phrases alone are exact: nothing to rank apart.
  EXPECT_EQ(MustCompileStemmed(Q(Term("transf", Field::kAny, true))).match, "\"transf\" *");
  EXPECT_EQ(MustCompileStemmed(Q(Term("li", Field::kAuthor))).match, "authors : (\"li\")");
  EXPECT_TRUE(MustCompileStemmed(Q(Phrase("neural nets"))).exact_match.empty());
  // A control character typed by a user never becomes the marker.
  EXPECT_EQ(MustCompileStemmed(Q(Phrase(m + "x y"))).match, "\"x y\"");
  // One CJK character matches the bigrams that start with it.
  EXPECT_EQ(MustCompile(Q(Term("图"))).match, "\"图\" *");
}

TEST(FtsQuery, QuotesEveryTermAsAnFtsString) {
  EXPECT_EQ(FtsString("graph"), "\"graph\"");
  EXPECT_EQ(FtsString("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(FtsString("\""), "\"\"\"\"");
  EXPECT_EQ(MustCompile(Q(Term("graph"))).match, "\"graph\"");
  EXPECT_EQ(MustCompile(Q(Term("NEAR(a b)"))).match, "\"NEAR(a b)\"");
  EXPECT_EQ(MustCompile(Q(Term("x\" OR title:\"y"))).match, "\"x\"\" OR title:\"\"y\"");
}

TEST(FtsQuery, FieldsBecomeColumnFilters) {
  EXPECT_EQ(MustCompile(Q(Term("graph", Field::kTitle))).match, "title : (\"graph\")");
  EXPECT_EQ(MustCompile(Q(Term("graph", Field::kAbstract))).match, "abstract : (\"graph\")");
  EXPECT_EQ(MustCompile(Q(Term("li", Field::kAuthor))).match, "authors : (\"li\")");
  EXPECT_EQ(MustCompile(Q(Phrase("neural net", Field::kTitle))).match, "title : (\"neural net\")");
}

TEST(FtsQuery, PrefixTermsGetAStar) {
  EXPECT_EQ(MustCompile(Q(Term("mol", Field::kAny, true))).match, "\"mol\" *");
  EXPECT_EQ(MustCompile(Q(Term("mol", Field::kTitle, true))).match, "title : (\"mol\" *)");
}

TEST(FtsQuery, AuthorNamesUseNearWithInitialsAsPrefixes) {
  EXPECT_EQ(MustCompile(Q(Phrase("Li, P", Field::kAuthor))).match,
            "authors : NEAR(\"Li\" \"P\" *, 1)");
  EXPECT_EQ(MustCompile(Q(Phrase("Ping Li", Field::kAuthor))).match,
            "authors : NEAR(\"Ping\" \"Li\", 1)");
  EXPECT_EQ(MustCompile(Q(Phrase("J. R. R. Tolkien", Field::kAuthor))).match,
            "authors : NEAR(\"J\" * \"R\" * \"R\" * \"Tolkien\", 3)");
}

TEST(FtsQuery, AndOrNotStayInOneMatchWhenPossible) {
  auto c = MustCompile(Q(And({Term("a"), Term("b")})));
  EXPECT_EQ(c.match, "((\"a\") AND (\"b\"))");
  EXPECT_TRUE(c.where.empty());
  c = MustCompile(Q(Or({Term("a"), Term("b", Field::kTitle)})));
  EXPECT_EQ(c.match, "((\"a\") OR (title : (\"b\")))");
  c = MustCompile(Q(And({Term("a"), Not(Term("b")), Not(Term("c"))})));
  // Excluded terms are one OR: the expression does not deepen with their number.
  EXPECT_EQ(c.match, "((\"a\") NOT ((\"b\") OR (\"c\")))");
  EXPECT_TRUE(c.where.empty());
  // NOT NOT x == x
  EXPECT_EQ(MustCompile(Q(Not(Not(Term("a"))))).match, "\"a\"");
}

TEST(FtsQuery, LoneNotBecomesSqlNotIn) {
  auto c = MustCompile(Q(Not(Term("graph"))));
  EXPECT_TRUE(c.match.empty());
  EXPECT_EQ(c.where, "(p.id NOT IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?))");
  EXPECT_EQ(c.params, std::vector<std::string>{"\"graph\""});
  c = MustCompile(Q(And({Not(Term("a")), Not(Term("b"))})));
  EXPECT_EQ(c.params, std::vector<std::string>{"((\"a\") OR (\"b\"))"});
}

TEST(FtsQuery, FiltersBecomeSqlWithBoundParameters) {
  auto c = MustCompile(Q(Term("cs.LG", Field::kCategory)));
  // A category also narrows the full-text search (see CategoriesAreFoundByTheIndex).
  EXPECT_EQ(c.match, "(categories : (\"cs.LG\"))");
  EXPECT_FALSE(c.ranked);
  EXPECT_EQ(c.where, "(('|' || p.categories || '|') LIKE ? ESCAPE '\\')");
  EXPECT_EQ(c.params, std::vector<std::string>{"%|cs.lg|%"});
  EXPECT_EQ(MustCompile(Q(Term("cs.", Field::kCategory, true))).params,
            std::vector<std::string>{"%|cs.%"});
  EXPECT_EQ(MustCompile(Q(Term("a_b%c\\", Field::kCategory))).params,
            std::vector<std::string>{"%|a\\_b\\%c\\\\|%"});
  c = MustCompile(Q(Term("biorxiv", Field::kSource)));
  EXPECT_NE(c.where.find("listings"), std::string::npos);
  EXPECT_EQ(c.params, std::vector<std::string>{"biorxiv"});
  c = MustCompile(Q(Term("arXiv:2401.01234v2", Field::kId)));
  EXPECT_NE(c.where.find("paper_ids"), std::string::npos);
  EXPECT_EQ(c.params, (std::vector<std::string>{"arxiv", "2401.01234"}));
  EXPECT_EQ(MustCompile(Q(Term("nonsense", Field::kId))).where, "(0)");
}

TEST(FtsQuery, TopLevelAndSplitsRankedMatchFromFilters) {
  auto c =
      MustCompile(Q(And({Term("graph"), Term("cs.LG", Field::kCategory), Not(Term("survey"))})));
  EXPECT_EQ(c.match, "(((\"graph\") AND (categories : (\"cs.LG\"))) NOT (\"survey\"))");
  EXPECT_TRUE(c.ranked);
  EXPECT_EQ(c.where, "(('|' || p.categories || '|') LIKE ? ESCAPE '\\')");
  EXPECT_EQ(c.params, std::vector<std::string>{"%|cs.lg|%"});
}

TEST(FtsQuery, CategoriesAreFoundByTheIndexAndCheckedExactly) {
  // Alone or in an AND: the category's tokens as a phrase in the categories
  // column (a superset FTS5 finds at once), and the exact SQL check.
  auto c = MustCompile(Q(Term("cs.", Field::kCategory, true)));
  EXPECT_EQ(c.match, "(categories : (\"cs.\" *))");
  EXPECT_EQ(c.params, std::vector<std::string>{"%|cs.%"});
  c = MustCompile(Q(And({Term("cs.LG", Field::kCategory), Term("stat.ML", Field::kCategory)})));
  EXPECT_EQ(c.match, "((categories : (\"cs.LG\")) AND (categories : (\"stat.ML\")))");
  EXPECT_FALSE(c.ranked);  // filters only: newest first, as before
  EXPECT_EQ(c.params, (std::vector<std::string>{"%|cs.lg|%", "%|stat.ml|%"}));
  c = MustCompile(Q(Phrase("cancer \"biology\"", Field::kCategory)));
  EXPECT_EQ(c.match, "(categories : (\"cancer \"\"biology\"\"\"))");
  // Nested in an AND under OR: still narrowed, inside the SQL condition.
  c = MustCompile(Q(Or({And({Term("graph"), Term("cs.LG", Field::kCategory)}), Term("quantum")})));
  EXPECT_TRUE(c.match.empty());
  EXPECT_NE(c.where.find("MATCH ?"), std::string::npos);
  EXPECT_EQ(c.params[0], "((\"graph\") AND (categories : (\"cs.LG\")))");
  // Nothing searchable in it: the SQL check alone.
  c = MustCompile(Q(Term("→", Field::kCategory)));
  EXPECT_TRUE(c.match.empty());
  EXPECT_FALSE(c.where.empty());
}

TEST(FtsQuery, MixedOrFallsBackToSqlSubqueries) {
  auto c = MustCompile(Q(Or({Term("graph"), Term("cs.LG", Field::kCategory)})));
  EXPECT_TRUE(c.match.empty());
  EXPECT_EQ(c.where,
            "(((p.id IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)) OR "
            "(('|' || p.categories || '|') LIKE ? ESCAPE '\\')))");
  EXPECT_EQ(c.params, (std::vector<std::string>{"\"graph\"", "%|cs.lg|%"}));
}

TEST(FtsQuery, TermsWithoutSearchableTextAreDropped) {
  EXPECT_FALSE(HasSearchableText("→ ∑ … 🙂 \"\" -- ()"));
  EXPECT_TRUE(HasSearchableText("Müller"));
  EXPECT_TRUE(HasSearchableText("数学"));
  EXPECT_TRUE(HasSearchableText("x"));
  EXPECT_TRUE(MustCompile(Q(Term("→"))).matches_nothing);
  EXPECT_TRUE(MustCompile(Q(And({Term("\""), Term("🙂")}))).matches_nothing);
  EXPECT_EQ(MustCompile(Q(And({Term("graph"), Term("→")}))).match, "(\"graph\")");
  EXPECT_EQ(MustCompile(Q(Or({Term("graph"), Term("…")}))).match, "\"graph\"");
  EXPECT_TRUE(MustCompile(Q(Term("   ", Field::kCategory))).matches_nothing);
}

TEST(FtsQuery, DateRangeFiltersFirstDate) {
  auto c = MustCompile(DatesOnly("2026-06-01", "2026-06-30"));
  EXPECT_TRUE(c.match.empty());
  EXPECT_EQ(c.where, "(p.first_date >= ?) AND (p.first_date <= ?)");
  EXPECT_EQ(c.params, (std::vector<std::string>{"2026-06-01", "2026-06-30"}));
  c = MustCompile(Q(Term("graph"), "", "2026-06-30"));
  EXPECT_EQ(c.match, "\"graph\"");
  EXPECT_EQ(c.where, "(p.first_date <= ?)");
  EXPECT_FALSE(MustCompile(DatesOnly("", "")).matches_nothing);
}

TEST(FtsQuery, MalformedTreesAreErrorsNotCrashes) {
  search::Node bad_not;
  bad_not.kind = search::Node::Kind::kNot;  // no child
  EXPECT_FALSE(CompileQuery(Q(bad_not)));
  search::Node deep = Term("x");
  for (int i = 0; i < 1000; ++i) deep = Not(deep);
  auto r = CompileQuery(Q(deep));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::kInvalidArgument);
  search::Node empty_and;
  empty_and.kind = search::Node::Kind::kAnd;
  EXPECT_TRUE(MustCompile(Q(empty_and)).matches_nothing);
}

}  // namespace
}  // namespace ah::store::sqlite
