#include "search/query.h"

#include <gtest/gtest.h>

#include <string>

namespace ah::search {
namespace {

std::string FieldPrefix(Field f) {
  switch (f) {
    case Field::kAny:
      return "";
    case Field::kTitle:
      return "ti:";
    case Field::kAuthor:
      return "au:";
    case Field::kAbstract:
      return "abs:";
    case Field::kCategory:
      return "cat:";
    case Field::kSource:
      return "src:";
    case Field::kId:
      return "id:";
  }
  return "?:";
}

// S-expression form of a node: ti:graph*  "a b"  (AND x y)  (OR x y)  (NOT x).
std::string Sexp(const Node& n) {
  switch (n.kind) {
    case Node::Kind::kTerm:
      return FieldPrefix(n.field) + n.text + (n.prefix ? "*" : "");
    case Node::Kind::kPhrase:
      return FieldPrefix(n.field) + "\"" + n.text + "\"";
    case Node::Kind::kAnd:
    case Node::Kind::kOr:
    case Node::Kind::kNot: {
      std::string s = n.kind == Node::Kind::kAnd  ? "(AND"
                      : n.kind == Node::Kind::kOr ? "(OR"
                                                  : "(NOT";
      for (const Node& c : n.children) s += " " + Sexp(c);
      return s + ")";
    }
  }
  return "?";
}

// The parsed tree, or "ERROR: message".
std::string P(std::string_view q) {
  Result<Query> r = ParseQuery(q);
  if (!r) return "ERROR: " + r.error().message;
  if (!r->has_root) return "<no root>";
  return Sexp(r->root);
}

Error Err(std::string_view q) {
  Result<Query> r = ParseQuery(q);
  EXPECT_FALSE(r.has_value()) << "parsed: " << q;
  if (r) return Error();
  EXPECT_EQ(r.error().code, Code::kInvalidArgument) << q;
  return r.error();
}

// --- Terms, phrases, implicit AND ------------------------------------------------------------

TEST(Query, SingleTermKeepsTextAsTyped) {
  Result<Query> r = ParseQuery("Transformer");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->has_root);
  EXPECT_EQ(r->root.kind, Node::Kind::kTerm);
  EXPECT_EQ(r->root.field, Field::kAny);
  EXPECT_EQ(r->root.text, "Transformer");
  EXPECT_FALSE(r->root.prefix);
  EXPECT_EQ(r->raw, "Transformer");
  EXPECT_EQ(r->from_date, "");
  EXPECT_EQ(r->to_date, "");
}

TEST(Query, AdjacentTermsAreImplicitAnd) {
  EXPECT_EQ(P("graph neural network"), "(AND graph neural network)");
  EXPECT_EQ(P("  graph \t\n neural  "), "(AND graph neural)");
}

TEST(Query, PhraseKeepsInnerTextAndTrims) {
  EXPECT_EQ(P("\"graph neural network\""), "\"graph neural network\"");
  EXPECT_EQ(P("\"  graph  neural \""), "\"graph  neural\"");
  EXPECT_EQ(P("diffusion \"score matching\" models"), "(AND diffusion \"score matching\" models)");
}

TEST(Query, QuoteEndsAWord) { EXPECT_EQ(P("foo\"bar baz\""), "(AND foo \"bar baz\")"); }

TEST(Query, TypographicQuotesMakePhrases) {
  EXPECT_EQ(P("\xE2\x80\x9Cgraph neural\xE2\x80\x9D"), "\"graph neural\"");
}

TEST(Query, TrailingStarIsPrefix) {
  Result<Query> r = ParseQuery("neur*");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->root.text, "neur");
  EXPECT_TRUE(r->root.prefix);
  EXPECT_EQ(P("graph neur**"), "(AND graph neur*)");
  EXPECT_EQ(P("ti:neur*"), "ti:neur*");
}

TEST(Query, StarAloneIsAnError) {
  EXPECT_EQ(Err("graph *").message, "'*' must follow a term (as in graph*) at column 7");
  Err("***");
}

TEST(Query, HyphenInsideWordIsPartOfIt) {
  EXPECT_EQ(P("state-of-the-art"), "state-of-the-art");
  EXPECT_EQ(P("COVID-19 e-mail"), "(AND COVID-19 e-mail)");
}

TEST(Query, UnicodeTermsPassThrough) {
  EXPECT_EQ(P("Müller 量子 \"réseaux de neurones\""), "(AND Müller 量子 \"réseaux de neurones\")");
  EXPECT_EQ(P("α-stability"), "α-stability");
}

TEST(Query, UnicodeSpacesAndControlsSeparate) {
  EXPECT_EQ(P("graph\xC2\xA0neural"), "(AND graph neural)");      // no-break space
  EXPECT_EQ(P("graph\xE3\x80\x80neural"), "(AND graph neural)");  // ideographic space
  EXPECT_EQ(P("graph\xE2\x80\x8Bneural"), "(AND graph neural)");  // zero-width space
  EXPECT_EQ(P(std::string("graph\0neural", 12)), "(AND graph neural)");
  EXPECT_EQ(P("graph\x01\x7F"
              "neural"),
            "(AND graph neural)");
}

// --- Operators and precedence -----------------------------------------------------------------

TEST(Query, OrBindsLooserThanAnd) {
  EXPECT_EQ(P("a b OR c"), "(OR (AND a b) c)");
  EXPECT_EQ(P("a OR b c"), "(OR a (AND b c))");
  EXPECT_EQ(P("a AND b OR c AND d"), "(OR (AND a b) (AND c d))");
}

TEST(Query, NotBindsTighterThanAnd) {
  EXPECT_EQ(P("a NOT b c"), "(AND a (NOT b) c)");
  EXPECT_EQ(P("a AND NOT b"), "(AND a (NOT b))");
  EXPECT_EQ(P("a OR b NOT c"), "(OR a (AND b (NOT c)))");
}

TEST(Query, ParenthesesOverridePrecedence) {
  EXPECT_EQ(P("(a OR b) c"), "(AND (OR a b) c)");
  EXPECT_EQ(P("a (b OR c) NOT (d OR e)"), "(AND a (OR b c) (NOT (OR d e)))");
}

TEST(Query, MinusIsNot) {
  EXPECT_EQ(P("graph -survey"), "(AND graph (NOT survey))");
  EXPECT_EQ(P("graph -\"literature review\""), "(AND graph (NOT \"literature review\"))");
  EXPECT_EQ(P("graph -(survey OR review)"), "(AND graph (NOT (OR survey review)))");
  EXPECT_EQ(P("graph -ti:survey"), "(AND graph (NOT ti:survey))");
  EXPECT_EQ(P("graph (-survey)"), "(AND graph (NOT survey))");
}

TEST(Query, LowerCaseOperatorsAreTerms) {
  EXPECT_EQ(P("cats and dogs"), "(AND cats and dogs)");
  EXPECT_EQ(P("to be or not to be"), "(AND to be or not to be)");
  EXPECT_EQ(P("a Or b"), "(AND a Or b)");
}

TEST(Query, NestedAndOrAreFlattened) {
  EXPECT_EQ(P("a (b c) d"), "(AND a b c d)");
  EXPECT_EQ(P("a OR (b OR c) OR d"), "(OR a b c d)");
  EXPECT_EQ(P("((a OR b)) OR ((c))"), "(OR a b c)");
  EXPECT_EQ(P("(a (b (c (d))))"), "(AND a b c d)");
  EXPECT_EQ(P("(a)"), "a");
}

TEST(Query, DoubleNegationCancels) {
  EXPECT_EQ(P("NOT NOT a"), "a");
  EXPECT_EQ(P("x --a"), "(AND x a)");
  EXPECT_EQ(P("x NOT (NOT (a b))"), "(AND x a b)");
}

TEST(Query, NodeShapeInvariantsHold) {
  Result<Query> r = ParseQuery("a OR b -c");
  ASSERT_TRUE(r);
  const Node& root = r->root;
  ASSERT_EQ(root.kind, Node::Kind::kOr);
  ASSERT_EQ(root.children.size(), 2u);
  const Node& conj = root.children[1];
  ASSERT_EQ(conj.kind, Node::Kind::kAnd);
  ASSERT_EQ(conj.children.size(), 2u);
  ASSERT_EQ(conj.children[1].kind, Node::Kind::kNot);
  ASSERT_EQ(conj.children[1].children.size(), 1u);
  EXPECT_EQ(conj.children[1].children[0].text, "c");
}

// --- Fields ------------------------------------------------------------------------------------

TEST(Query, ShortFieldNames) {
  EXPECT_EQ(P("ti:transformer"), "ti:transformer");
  EXPECT_EQ(P("au:\"Li, P\""), "au:\"Li, P\"");
  EXPECT_EQ(P("abs:diffusion"), "abs:diffusion");
  EXPECT_EQ(P("cat:cs.LG"), "cat:cs.LG");
  EXPECT_EQ(P("src:biorxiv"), "src:biorxiv");
  EXPECT_EQ(P("id:2401.01234"), "id:2401.01234");
}

TEST(Query, LongFieldNamesAndAnyCase) {
  EXPECT_EQ(P("title:graph author:Hinton abstract:x category:q-bio.GN source:nature"),
            "(AND ti:graph au:Hinton abs:x cat:q-bio.GN src:nature)");
  EXPECT_EQ(P("TI:graph Au:Li"), "(AND ti:graph au:Li)");
}

TEST(Query, FieldGroupAppliesToEveryLeaf) {
  EXPECT_EQ(P("ti:(graph OR network)"), "(OR ti:graph ti:network)");
  EXPECT_EQ(P("ti:(graph -survey \"neural net\")"),
            "(AND ti:graph (NOT ti:survey) ti:\"neural net\")");
  EXPECT_EQ(P("abs:(a (b OR c*))"), "(AND abs:a (OR abs:b abs:c*))");
}

TEST(Query, InnerFieldWinsInsideFieldGroup) {
  EXPECT_EQ(P("ti:(graph au:Li)"), "(AND ti:graph au:Li)");
}

TEST(Query, FieldValueIsLiteral) {
  EXPECT_EQ(P("ti:AND"), "ti:AND");
  EXPECT_EQ(P("ti:-1"), "ti:-1");
  EXPECT_EQ(P("ti:au:x"), "ti:au:x");
  EXPECT_EQ(P("ti:2401.01234"), "ti:2401.01234");  // no id shorthand inside a field
  EXPECT_EQ(P("ti:(2401.01234)"), "ti:2401.01234");
}

TEST(Query, FieldGroupAndTermsCombineWithOperators) {
  EXPECT_EQ(P("ti:graph OR au:Li cat:cs.LG"), "(OR ti:graph (AND au:Li cat:cs.LG))");
  EXPECT_EQ(P("-cat:cs.CV ti:segmentation"), "(AND (NOT cat:cs.CV) ti:segmentation)");
}

TEST(Query, UnknownFieldIsAPlainTerm) {
  EXPECT_EQ(P("foo:bar"), "foo:bar");
  EXPECT_EQ(P("C++:templates"), "C++:templates");
  EXPECT_EQ(P(":colon"), ":colon");
}

TEST(Query, FieldWithoutValueIsAnError) {
  EXPECT_EQ(Err("ti: graph").message, "missing value after 'ti:' at column 1");
  EXPECT_EQ(Err("graph au:").message, "missing value after 'au:' at column 7");
  Err("ti:)");
}

// --- Identifiers -------------------------------------------------------------------------------

TEST(Query, BareArxivIdBecomesIdTerm) {
  EXPECT_EQ(P("2401.01234"), "id:2401.01234");
  EXPECT_EQ(P("2401.01234v3"), "id:2401.01234");
  EXPECT_EQ(P("arXiv:2401.01234v2"), "id:2401.01234");
  EXPECT_EQ(P("https://arxiv.org/abs/2401.01234v1"), "id:2401.01234");
  EXPECT_EQ(P("hep-th/9901001"), "id:hep-th/9901001");
  EXPECT_EQ(P("math.GT/0309136"), "id:math/0309136");
}

TEST(Query, BareDoiBecomesLowerCaseIdTerm) {
  EXPECT_EQ(P("10.1038/Nature12373"), "id:10.1038/nature12373");
  EXPECT_EQ(P("doi:10.1101/2024.01.02.123456"), "id:10.1101/2024.01.02.123456");
  EXPECT_EQ(P("https://doi.org/10.1038/X"), "id:10.1038/x");
  EXPECT_EQ(P("10.48550/arXiv.2401.01234"), "id:2401.01234");
}

TEST(Query, OtherIdShorthandsNeedTheirScheme) {
  EXPECT_EQ(P("pmid:38012345"), "id:38012345");
  EXPECT_EQ(P("pmcid:1234567"), "id:PMC1234567");
  EXPECT_EQ(P("PMC1234567"), "id:PMC1234567");
  EXPECT_EQ(P("openalex:W2741809807"), "id:W2741809807");
  EXPECT_EQ(P("38012345"), "38012345");
  EXPECT_EQ(P("W2741809807"), "W2741809807");
}

TEST(Query, IdLookalikesStayTerms) {
  EXPECT_EQ(P("1234.5678"), "1234.5678");      // month 34
  EXPECT_EQ(P("and/1234567"), "and/1234567");  // not an arXiv archive
  EXPECT_EQ(P("10.5/20"), "10.5/20");          // registrant too short for a DOI
  EXPECT_EQ(P("2401.0123*"), "2401.0123*");    // prefix searches are never ids
  EXPECT_EQ(P("\"2401.01234\""), "\"2401.01234\"");
}

TEST(Query, IdFieldNormalisesItsValue) {
  EXPECT_EQ(P("id:arXiv:2401.01234v2"), "id:2401.01234");
  EXPECT_EQ(P("id:10.1038/ABC"), "id:10.1038/abc");
  EXPECT_EQ(P("id:(2401.01234 OR 10.1038/ABC)"), "(OR id:2401.01234 id:10.1038/abc)");
  EXPECT_EQ(P("id:whatever"), "id:whatever");
}

TEST(Query, IdsMixWithTerms) {
  EXPECT_EQ(P("2401.01234 OR 2401.05678"), "(OR id:2401.01234 id:2401.05678)");
  EXPECT_EQ(P("graph -2401.01234"), "(AND graph (NOT id:2401.01234))");
}

// --- Dates -------------------------------------------------------------------------------------

Query Q(std::string_view q) {
  Result<Query> r = ParseQuery(q);
  EXPECT_TRUE(r) << q << ": " << (r ? "" : r.error().message);
  return r ? *r : Query();
}

TEST(Query, DateRangeFillsBounds) {
  Query q = Q("graph date:2026-06-01..2026-06-30");
  EXPECT_EQ(q.from_date, "2026-06-01");
  EXPECT_EQ(q.to_date, "2026-06-30");
  EXPECT_TRUE(q.has_root);
  EXPECT_EQ(Sexp(q.root), "graph");
}

TEST(Query, OpenEndedDateRanges) {
  Query a = Q("date:2026-06-01..");
  EXPECT_EQ(a.from_date, "2026-06-01");
  EXPECT_EQ(a.to_date, "");
  EXPECT_FALSE(a.has_root);
  Query b = Q("date:..2026-06-30 graph");
  EXPECT_EQ(b.from_date, "");
  EXPECT_EQ(b.to_date, "2026-06-30");
}

TEST(Query, SingleDateIsThatDay) {
  Query q = Q("date:2026-06-01");
  EXPECT_EQ(q.from_date, "2026-06-01");
  EXPECT_EQ(q.to_date, "2026-06-01");
  EXPECT_FALSE(q.has_root);
}

TEST(Query, MonthAndYearCoverTheWholePeriod) {
  Query m = Q("date:2024-02");
  EXPECT_EQ(m.from_date, "2024-02-01");
  EXPECT_EQ(m.to_date, "2024-02-29");
  Query y = Q("date:2025");
  EXPECT_EQ(y.from_date, "2025-01-01");
  EXPECT_EQ(y.to_date, "2025-12-31");
  Query r = Q("date:2025-11..2026-2");
  EXPECT_EQ(r.from_date, "2025-11-01");
  EXPECT_EQ(r.to_date, "2026-02-28");
  Query s = Q("DATE:2026-6-1");
  EXPECT_EQ(s.from_date, "2026-06-01");
}

TEST(Query, DateInsideTopLevelGroupIsAllowed) {
  Query q = Q("(graph date:2026-06) neural");
  EXPECT_EQ(q.from_date, "2026-06-01");
  EXPECT_EQ(Sexp(q.root), "(AND graph neural)");
}

TEST(Query, InvalidDatesAreErrors) {
  EXPECT_EQ(Err("date:2026-02-30").message,
            "invalid date '2026-02-30' in 'date:2026-02-30' (use YYYY-MM-DD, YYYY-MM or YYYY, "
            "ranges as A..B, A.. or ..B) at column 1");
  Err("date:2026-13");
  Err("date:yesterday");
  Err("date:26-01-01");
  Err("date:2026-06-01..x");
  Err("date:2026-06-01...2026-07-01");
  Err("date:2026-06-01..2026-07-01..2026-08-01");
  Err("date:2026--01");
  Err("date:-2026");
  Err("x date:");
}

TEST(Query, DateRangeMustNotBeBackwards) {
  EXPECT_EQ(Err("date:2026-06-30..2026-06-01").message,
            "date range 'date:2026-06-30..2026-06-01' ends before it starts at column 1");
  EXPECT_EQ(Err("x date:..").message, "'date:..' has no bounds at column 3");
}

TEST(Query, DateFilterPlacementRules) {
  EXPECT_EQ(Err("a OR date:2026").message,
            "a date: filter cannot be an OR alternative; put it outside the OR at column 6");
  EXPECT_EQ(Err("a -date:2026").message, "a date: filter cannot be negated at column 4");
  EXPECT_EQ(Err("ti:(a date:2026)").message,
            "a date: filter cannot be inside 'ti:(...)' at column 7");
  EXPECT_EQ(Err("date:2026 a date:2025").message,
            "a second date: filter (the first is at column 1); give one range at column 13");
}

// --- Pure negative queries -------------------------------------------------------------------

TEST(Query, OnlyNegativeQueryIsAnError) {
  EXPECT_EQ(Err("NOT graph").message,
            "the query only excludes; add a search term or a date: range at column 1");
  Err("-a -b");
  Err("-(a OR b)");
  Err("ti:(-x)");
}

TEST(Query, NegativeQueryWithDateRangeIsAllowed) {
  Query q = Q("-survey date:2026-06");
  EXPECT_TRUE(q.has_root);
  EXPECT_EQ(Sexp(q.root), "(NOT survey)");
  Query r = Q("date:2026-06 -a -b");
  EXPECT_EQ(Sexp(r.root), "(AND (NOT a) (NOT b))");
}

TEST(Query, NegativeOrAlternativeIsAnError) {
  EXPECT_EQ(Err("a OR -b").message,
            "an OR alternative must match something by itself, not only exclude (write 'a -b' "
            "rather than 'a OR -b') at column 6");
  Err("(-a -b) OR c");
  EXPECT_EQ(P("(a -b) OR c"), "(OR (AND a (NOT b)) c)");
}

TEST(Query, NotOfOnlyNegativeIsAnError) {
  EXPECT_EQ(Err("x NOT (-a -b)").message,
            "'NOT' applies to something that itself only excludes at column 3");
}

// --- Syntax errors name the column -------------------------------------------------------------

TEST(Query, EmptyQueriesAreErrors) {
  EXPECT_EQ(Err("").message, "empty query");
  EXPECT_EQ(Err("   \t\n").message, "empty query");
  EXPECT_EQ(Err("\xC2\xA0").message, "empty query");
}

TEST(Query, UnbalancedParentheses) {
  EXPECT_EQ(Err("graph (neural OR net").message, "unbalanced '(': no matching ')' at column 7");
  EXPECT_EQ(Err("graph neural)").message, "unbalanced ')' at column 13");
  EXPECT_EQ(Err(")").message, "unbalanced ')' at column 1");
  EXPECT_EQ(Err("((a)").message, "unbalanced '(': no matching ')' at column 1");
  EXPECT_EQ(Err("(a))").message, "unbalanced ')' at column 4");
  EXPECT_EQ(Err("(").message, "unbalanced '(': no matching ')' at column 1");
}

TEST(Query, EmptyParentheses) {
  EXPECT_EQ(Err("graph ()").message, "empty parentheses at column 7");
  EXPECT_EQ(Err("ti:()").message, "empty parentheses at column 4");
}

TEST(Query, UnterminatedQuote) {
  EXPECT_EQ(Err("graph \"neural net").message, "unterminated quote opened at column 7");
  EXPECT_EQ(Err("\"").message, "unterminated quote opened at column 1");
  EXPECT_EQ(Err("au:\"Li").message, "unterminated quote opened at column 4");
}

TEST(Query, EmptyPhrase) {
  EXPECT_EQ(Err("graph \"\"").message, "empty phrase at column 7");
  Err("\"   \"");
}

TEST(Query, DanglingOperators) {
  EXPECT_EQ(Err("graph AND").message, "dangling 'AND': nothing follows it at column 7");
  EXPECT_EQ(Err("graph OR").message, "dangling 'OR': nothing follows it at column 7");
  EXPECT_EQ(Err("graph NOT").message, "dangling 'NOT': nothing follows it at column 7");
  EXPECT_EQ(Err("graph -").message, "dangling '-' (write -term to exclude a term) at column 7");
  EXPECT_EQ(Err("graph - net").message, "dangling '-' (write -term to exclude a term) at column 7");
  EXPECT_EQ(Err("AND graph").message, "'AND' has no term before it at column 1");
  EXPECT_EQ(Err("OR graph").message, "'OR' has no term before it at column 1");
  EXPECT_EQ(Err("a OR OR b").message, "dangling 'OR': 'OR' at column 6 follows it at column 3");
  EXPECT_EQ(Err("a AND OR b").message, "dangling 'AND': 'OR' at column 7 follows it at column 3");
  EXPECT_EQ(Err("(a AND)").message, "dangling 'AND': ')' at column 7 follows it at column 4");
  EXPECT_EQ(Err("(OR a)").message, "'OR' has no term before it at column 2");
  EXPECT_EQ(Err("(a -)").message, "dangling '-' (write -term to exclude a term) at column 4");
}

TEST(Query, ColumnsCountCharactersNotBytes) {
  EXPECT_EQ(Err("Müller (").message, "unbalanced '(': no matching ')' at column 8");
  EXPECT_EQ(Err("量子 AND").message, "dangling 'AND': nothing follows it at column 4");
}

TEST(Query, InvalidUtf8IsAnError) {
  EXPECT_EQ(Err("graph \xFF").message, "invalid UTF-8 at column 7");
  Err("\xC0\xAF");                  // overlong '/'
  Err("\xED\xA0\x80");              // surrogate
  Err("abc\xE2\x80");               // truncated
  Err("\"abc \xF5\x80\x80\x80\"");  // above U+10FFFF, inside a phrase
  Err("-\x80");
}

// --- Limits and hostile input -----------------------------------------------------------------

TEST(Query, LengthLimitIs4096Characters) {
  std::string ok(4096, 'a');
  EXPECT_TRUE(ParseQuery(ok));
  std::string long_q(4097, 'a');
  EXPECT_EQ(Err(long_q).message, "query is too long (4097 bytes); the limit is 4096 characters");
  std::string cjk;
  for (int i = 0; i < 4096; ++i) cjk += "\xE9\x87\x8F";  // 4096 characters, 12288 bytes
  EXPECT_TRUE(ParseQuery(cjk));
  Err(std::string(1 << 20, '('));
}

TEST(Query, DepthLimitIs32) {
  std::string ok = std::string(32, '(') + "a" + std::string(32, ')');
  EXPECT_EQ(P(ok), "a");
  std::string deep = std::string(33, '(') + "a" + std::string(33, ')');
  EXPECT_EQ(Err(deep).message, "query nests deeper than 32 levels at column 33");
  std::string nots;
  for (int i = 0; i < 1000; ++i) nots += "NOT ";
  Err(nots + "a");
  Err(std::string(2000, '-') + "a");
  Err(std::string(4000, '('));
}

TEST(Query, TermLimitIs64) {
  // 100 exclusions passed the parser once and overflowed FTS5's parser stack.
  std::string q = "x";
  for (int i = 0; i < 100; ++i) q += " -a" + std::to_string(i);
  Error e = Err(q);
  EXPECT_EQ(e.code, Code::kInvalidArgument);
  EXPECT_EQ(e.message,
            "too many search terms (more than 64) at column " + std::to_string(q.find("-a63") + 2));
  std::string ok = "x";
  for (int i = 0; i < 63; ++i) ok += " -a" + std::to_string(i);
  EXPECT_TRUE(ParseQuery(ok));
  std::string phrases;
  for (int i = 0; i < 65; ++i) phrases += "\"p" + std::to_string(i) + "\" ";
  EXPECT_EQ(Err(phrases).code, Code::kInvalidArgument);
  // A date filter is not a term.
  EXPECT_TRUE(ParseQuery(ok + " date:2026-06"));
}

TEST(Query, NegationsCountTowardDepth) {
  std::string mixed;
  for (int i = 0; i < 40; ++i) mixed += "-(";
  mixed += "a";
  mixed += std::string(40, ')');
  Err("x " + mixed);
}

TEST(Query, HostileStringsNeverCrash) {
  const char* kHostile[] = {
      "\"\"\"",
      "(((",
      ")))",
      "AND OR NOT",
      "NOT",
      "-",
      "--",
      "*",
      "ti:",
      "ti:(",
      "ti:\"",
      "date:",
      "date:..",
      "date:....",
      "a OR",
      "OR",
      "()()",
      ")(",
      "\"a\"\"b\"",
      "ti:(au:(id:(x)))",
      "-\"\"",
      "NOT ()",
      "a:b:c:d",
      "\xE2\x80\x9C",
      "\xE2\x80",
      "x\xE2\x80\x9Dy\xE2\x80\x9C",
      "%00%ff",
      "'; DROP TABLE",
      "a AND AND b",
      "NOT NOT",
      "((a) OR (b)) AND -(c)",
      "date:0000-00-00",
      "date:9999-12-31..",
      "id:",
      "src:\"\"",
      "*a*",
      "a**b*",
  };
  for (const char* h : kHostile) {
    Result<Query> r = ParseQuery(h);
    if (!r) {
      EXPECT_EQ(r.error().code, Code::kInvalidArgument) << h;
    }
  }
  EXPECT_EQ(P("*a*"), "*a*");
  EXPECT_EQ(P("a**b*"), "a**b*");
  EXPECT_EQ(P("'; DROP TABLE"), "(AND '; DROP TABLE)");
  EXPECT_EQ(P("a:b:c:d"), "a:b:c:d");
}

TEST(Query, RawKeepsTheInput) {
  Query q = Q("  ti:graph  date:2026 ");
  EXPECT_EQ(q.raw, "  ti:graph  date:2026 ");
}

}  // namespace
}  // namespace ah::search
