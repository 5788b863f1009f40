// Every query the parser accepts runs on SQLite: the shapes that reach the
// parser's limits (terms, nesting, negations) compile into FTS5 expressions
// its parser can take, and a store error never carries our SQL.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "search/query.h"
#include "store/sqlite/sqlite_store.h"
#include "testing.h"

namespace ah::store::sqlite {
namespace {

class SearchLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = SqliteStore::Open((dir_ / "lib.db").string());
    ASSERT_TRUE(s) << s.error().ToString();
    store_ = std::move(*s);
    Paper p;
    p.ids.arxiv = "2401.00001";
    p.title = "Graph neural networks";
    p.abstract = "A message passing model.";
    p.listings = {{"arxiv", "2024-01-02", "new", "cs.LG"}};
    p.submitted = "2024-01-02";
    ASSERT_TRUE(store_->UpsertPage({p}, std::nullopt));
  }

  // Parses `q` (it must be accepted) and runs it.
  void Runs(const std::string& q) {
    auto parsed = search::ParseQuery(q);
    ASSERT_TRUE(parsed) << q << ": " << parsed.error().message;
    auto r = store_->Search(*parsed, 10, 0);
    EXPECT_TRUE(r) << q.substr(0, 200) << ": " << r.error().ToString();
  }

  ah::testing::TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SearchLimitsTest, TheMostNegationsAccepted) {
  std::string q = "graph";
  for (int i = 0; i < 63; ++i) q += " -a" + std::to_string(i);
  Runs(q);
  q = "graph";
  for (int i = 0; i < 63; ++i) q += " -ti:\"b " + std::to_string(i) + "\"";
  Runs(q);
}

TEST_F(SearchLimitsTest, TheDeepestNestingsAccepted) {
  // Alternating AND / NOT, 16 pairs = depth 32 (100 levels of this once overflowed FTS5).
  std::string q = "z";
  for (int i = 0; i < 16; ++i)
    q = "a" + std::to_string(i) + " -(b" + std::to_string(i) + " " + q + ")";
  Runs(q);
  // Alternating OR / AND groups.
  q = "z";
  for (int i = 0; i < 31; ++i)
    q = "a" + std::to_string(i) + " OR (b" + std::to_string(i) + " " + q + ")";
  Runs(q);
  // Negated groups of ORs with exclusions, fields and phrases.
  q = "z";
  for (int i = 0; i < 10; ++i) {
    q = "ti:(a" + std::to_string(i) + " OR \"c d\") -(b" + std::to_string(i) + " -e" +
        std::to_string(i) + " (" + q + "))";
  }
  Runs(q);
}

TEST_F(SearchLimitsTest, TheMostTermsAccepted) {
  std::string q = "t0";
  for (int i = 1; i < 64; ++i) q += (i % 3 == 0 ? " OR t" : " t") + std::to_string(i);
  Runs(q);
}

}  // namespace
}  // namespace ah::store::sqlite
