// Schema migration 6: a version-5 library (full-text index with SQLite's
// unicode61 tokenizer) is re-indexed with ah_text (stems, CJK bigrams) from
// its stored papers, and stays consistent for later updates (the index is
// contentless: a 'delete' must give back exactly what was inserted).
#include <gtest/gtest.h>

#include "store/sqlite/db.h"
#include "store/sqlite/fts_tokenizer.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/sqlite_store.h"
#include "store_test_util.h"
#include "testing.h"

namespace ah::store::sqlite {
namespace {

using ah::testing::TempDir;
using store::testing::ArxivPaper;

std::vector<std::string> Keys(SqliteStore& s, search::Node root) {
  search::Query q;
  q.has_root = true;
  q.root = std::move(root);
  auto r = s.Search(q, 20, 0);
  EXPECT_TRUE(r) << r.error().ToString();
  std::vector<std::string> out;
  if (r) {
    for (const auto& v : *r) out.push_back(v.paper.key);
  }
  return out;
}

search::Node Word(const std::string& w) {
  search::Node n;
  n.text = w;
  return n;
}

TEST(SqliteMigration6, ReindexesAVersion5LibraryWithStemsAndChinese) {
  TempDir dir;
  const std::string file = (dir / "v5.db").string();
  Paper zh = ArxivPaper("2401.00002", "基于深度学习的图像分割");
  zh.abstract = "本文提出一种方法。";
  zh.abstract_raw = zh.abstract;
  zh.authors = {{"Wei Zhang", {}, ""}, {"", {}, ""}, {"Li Na", {}, ""}};
  zh.categories = {"cs.CV", "eess.IV"};
  {
    auto s = SqliteStore::Open(file);
    ASSERT_TRUE(s) << s.error().ToString();
    ASSERT_TRUE((*s)->UpsertPage({ArxivPaper("2401.00001", "Transformers for proteins"), zh},
                                 std::nullopt));
  }
  {
    // Back to what a version-5 build wrote: the same index with unicode61.
    auto db = Db::Open(file, false, false);
    ASSERT_TRUE(db);
    ASSERT_TRUE(RegisterTextTokenizer((*db)->raw()));
    ASSERT_TRUE((*db)->Exec(
        "DROP TABLE papers_fts_vocab; DROP TABLE papers_fts;"
        "CREATE VIRTUAL TABLE papers_fts USING fts5(title, abstract, authors, categories,"
        " content='', tokenize='unicode61 remove_diacritics 2');"
        "INSERT INTO papers_fts(rowid, title, abstract, authors, categories) SELECT id,"
        " json_extract(doc, '$.title'), json_extract(doc, '$.abs'), '', '' FROM papers;"
        "PRAGMA user_version = 5;"));
  }
  auto s = SqliteStore::Open(file);
  ASSERT_TRUE(s) << s.error().ToString();
  EXPECT_EQ(Keys(**s, Word("transformer")), std::vector<std::string>{"2401.00001"});
  EXPECT_EQ(Keys(**s, Word("图像分割")), std::vector<std::string>{"2401.00002"});
  search::Node au = Word("zhang");
  au.field = search::Field::kAuthor;
  EXPECT_EQ(Keys(**s, au), std::vector<std::string>{"2401.00002"});
  search::Node cat = Word("eess.IV");
  cat.field = search::Field::kCategory;
  EXPECT_EQ(Keys(**s, cat), std::vector<std::string>{"2401.00002"});

  // A new version with another title: the old words leave the index.
  Paper v2 = ArxivPaper("2401.00001", "Graph networks for proteins", 2, "2024-01-04");
  ASSERT_TRUE((*s)->UpsertPage({v2}, std::nullopt));
  Paper zh2 = zh;
  zh2.title = "蛋白质结构预测";
  zh2.versions.push_back({2, "2024-01-05"});
  ASSERT_TRUE((*s)->UpsertPage({zh2}, std::nullopt));
  EXPECT_TRUE(Keys(**s, Word("transformer")).empty());
  EXPECT_EQ(Keys(**s, Word("graph")), std::vector<std::string>{"2401.00001"});
  EXPECT_TRUE(Keys(**s, Word("图像分割")).empty());
  EXPECT_EQ(Keys(**s, Word("结构预测")), std::vector<std::string>{"2401.00002"});
  EXPECT_EQ(Keys(**s, au), std::vector<std::string>{"2401.00002"});
}

}  // namespace
}  // namespace ah::store::sqlite
