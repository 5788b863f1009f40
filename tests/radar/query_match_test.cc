// A radar's keywords keep their meaning: the query language evaluated on a
// paper in memory (phrases, AND / OR / NOT, fields), not a bag of words.
#include "radar/query_match.h"

#include <gtest/gtest.h>

#include "radar/radar.h"

namespace ah::radar {
namespace {

Document Paper(std::string title, std::string abstract, std::vector<std::string> authors = {},
               std::vector<std::string> categories = {}) {
  Document d;
  d.id = "2606.00001";
  d.title = std::move(title);
  d.abstract = std::move(abstract);
  d.authors = std::move(authors);
  d.categories = std::move(categories);
  d.sources = {"arxiv"};
  d.date = "2026-06-16";
  return d;
}

bool Match(std::string_view query, const Document& d, bool any_part = false) {
  TokenizerOptions o = DefaultFeatureOptions().tokenizer;
  auto m = QueryMatcher::Parse(query, o, any_part);
  EXPECT_TRUE(m) << m.error().ToString();
  if (!m) return false;
  TermMapper mapper(o);
  return m->Matches(d, MatchDoc::Of(d, o, &mapper));
}

TEST(QueryMatch, PhrasesAreConsecutiveAndStemmed) {
  Document d = Paper("Multi-agent reinforcement learning for traffic",
                     "We train agents with reinforcement learning in a simulator.");
  EXPECT_TRUE(Match("\"multi-agent\"", d));
  EXPECT_TRUE(Match("\"reinforcement learning\"", d));
  EXPECT_TRUE(Match("\"multi-agent\" AND (\"reinforcement learning\" OR RL)", d));
  EXPECT_TRUE(Match("agent", d)) << "stems: agents ~ agent";
  EXPECT_FALSE(Match("\"learning reinforcement\"", d)) << "a phrase keeps its order";
  // Words present, but not as the phrase: a bag of words would match.
  Document bag = Paper("Research on AI", "Learning to research with AI tools.");
  EXPECT_FALSE(Match("\"AI research\"", bag));
  EXPECT_TRUE(Match("AI research", bag)) << "without quotes, both words anywhere";
}

TEST(QueryMatch, BooleanOperatorsAndFields) {
  Document d = Paper("Chain of thought prompting", "We study reasoning in math word problems.",
                     {"Jason Wei", "Denny Zhou"}, {"cs.CL", "cs.AI"});
  EXPECT_TRUE(Match("\"chain of thought\" OR robot", d));
  EXPECT_FALSE(Match("\"chain of thought\" NOT math", d));
  EXPECT_FALSE(Match("\"chain of thought\" -math", d));
  EXPECT_TRUE(Match("ti:prompting", d));
  EXPECT_FALSE(Match("ti:reasoning", d)) << "reasoning is only in the abstract";
  EXPECT_TRUE(Match("abs:reasoning", d));
  EXPECT_TRUE(Match("au:\"Denny Zhou\"", d));
  EXPECT_TRUE(Match("au:\"Zhou, D\"", d)) << "a one-letter word is an initial";
  EXPECT_FALSE(Match("au:\"Yu Zhou\"", d));
  EXPECT_TRUE(Match("cat:cs.CL", d));
  EXPECT_TRUE(Match("cat:cs.*", d));
  EXPECT_FALSE(Match("cat:cs.CV", d));
  EXPECT_TRUE(Match("src:arxiv", d));
  EXPECT_FALSE(Match("src:biorxiv", d));
  EXPECT_TRUE(Match("prompt*", d));
  EXPECT_TRUE(Match("Zhou", d)) << "a plain word may name an author";
  EXPECT_TRUE(Match("thought date:2026-06", d));
  EXPECT_FALSE(Match("thought date:2026-05", d));
}

TEST(QueryMatch, ExclusionsMatchAnyPart) {
  Document d = Paper("Quantum error correction", "Codes for qubits.");
  EXPECT_TRUE(Match("quantum blockchain", d, /*any_part=*/true));
  EXPECT_FALSE(Match("quantum blockchain", d)) << "as keywords, both are needed";
  EXPECT_FALSE(Match("\"quantum blockchain\"", d, true)) << "a phrase stays a phrase";
}

TEST(QueryMatch, MatchedLeavesNameThePositiveParts) {
  Document d = Paper("Multi-agent reinforcement learning", "Agents learn.");
  TokenizerOptions o = DefaultFeatureOptions().tokenizer;
  auto m = QueryMatcher::Parse("\"multi-agent\" AND (\"reinforcement learning\" OR RL) NOT robot",
                               o);
  ASSERT_TRUE(m);
  TermMapper mapper(o);
  auto leaves = m->MatchedLeaves(d, MatchDoc::Of(d, o, &mapper));
  EXPECT_EQ(leaves, (std::vector<std::string>{"\"multi-agent\"", "\"reinforcement learning\""}));
}

}  // namespace
}  // namespace ah::radar
