// What the Store on PostgreSQL (store/pg/pg_store.h) does beyond the shared
// conformance suites, which it also runs (store_backends.h "postgresql"):
// fields restrict the weighted tsvector's parts and rank title > authors >
// abstract, the "did you mean" vocabulary follows every write, migration 6
// analyses an older library's papers, and several processes ingesting at once
// make one paper per work and a change history without gaps. A schema of its own per test
// (pg_test_db.h).
#include "store/pg/pg_store.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <thread>

#include "pg_test_db.h"
#include "store_test_util.h"
#include "testing.h"

namespace ah::store::testing {
namespace {

using search::Field;

class PgStoreTest : public ::testing::TestWithParam<BackendKind> {
 protected:
  void SetUp() override {
    AH_OPEN_TEST_LOCATION(location_, GetParam(), dir_.path());
    store_ = Open();
    ASSERT_NE(store_, nullptr);
  }
  std::unique_ptr<pg::PgStore> Open() {
    auto s = pg::PgStore::Open(location_->location());
    EXPECT_TRUE(s) << s.error().ToString();
    return s ? std::move(*s) : nullptr;
  }
  std::vector<std::string> SearchKeys(const search::Query& q) {
    auto r = store_->Search(q, 0, 0);
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? Keys(*r) : std::vector<std::string>{};
  }

  ah::testing::TempDir dir_;
  std::unique_ptr<TestLocation> location_;
  std::unique_ptr<pg::PgStore> store_;
};

TEST_P(PgStoreTest, FieldsRestrictThePartsAndRankTitleAboveAuthorsAboveAbstract) {
  Paper in_abstract = ArxivPaper("2401.00001", "Protein folding");
  in_abstract.abstract = "A lattice model.";
  Paper in_title = ArxivPaper("2401.00002", "Lattice gauge theory");
  in_title.abstract = "Quarks.";
  Paper by_author = ArxivPaper("2401.00003", "Crystal growth");
  by_author.abstract = "Crystals.";
  by_author.authors = {{"Ada Lattice", {}, ""}};
  auto r = store_->UpsertPage({in_abstract, in_title, by_author}, std::nullopt);
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->added, 3);
  EXPECT_EQ(SearchKeys(Q(Term("lattice"))),
            (std::vector<std::string>{"2401.00002", "2401.00003", "2401.00001"}));
  EXPECT_EQ(SearchKeys(Q(Term("lattice", Field::kTitle))), std::vector<std::string>{"2401.00002"});
  EXPECT_EQ(SearchKeys(Q(Term("LATTICE", Field::kAuthor))), std::vector<std::string>{"2401.00003"});
  EXPECT_EQ(SearchKeys(Q(Term("lattice", Field::kAbstract))),
            std::vector<std::string>{"2401.00001"});
  EXPECT_EQ(SearchKeys(Q(Term("latt", Field::kAuthor, true))),
            std::vector<std::string>{"2401.00003"});
  EXPECT_EQ(SearchKeys(Q(Phrase("gauge theory", Field::kTitle))),
            std::vector<std::string>{"2401.00002"});
  EXPECT_TRUE(SearchKeys(Q(Phrase("theory gauge", Field::kTitle))).empty());
  // Equal ranks: the newest paper first, as SQLite's bm25 ties.
  ASSERT_TRUE(store_->UpsertPage({ArxivPaper("2401.00004", "Lattice gauge theory")}, std::nullopt));
  EXPECT_EQ(SearchKeys(Q(Term("gauge"))), (std::vector<std::string>{"2401.00004", "2401.00002"}));
  // A retitled paper is found by its new words only.
  ASSERT_TRUE(store_->UpsertPage({ArxivPaper("2401.00004", "Spin glass theory", 2)}, std::nullopt));
  EXPECT_EQ(SearchKeys(Q(Term("gauge"))), std::vector<std::string>{"2401.00002"});
  EXPECT_EQ(SearchKeys(Q(Term("glass"))), std::vector<std::string>{"2401.00004"});
}

TEST_P(PgStoreTest, ConcurrentIngestsMakeOnePaperPerWorkAndMissNoChange) {
  // Four processes ingest overlapping pages at once: papers 0..59, each in two
  // of the writers' pages.
  constexpr int kWriters = 4, kPapers = 60;
  auto seen_before = store_->LastChange();
  ASSERT_TRUE(seen_before);
  std::vector<std::thread> writers;
  std::vector<std::string> errors(kWriters);
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto s = pg::PgStore::Open(location_->location());
      if (!s) {
        errors[w] = s.error().ToString();
        return;
      }
      for (int page = 0; page < 3; ++page) {
        std::vector<Paper> papers;
        for (int i = 0; i < kPapers; ++i) {
          if ((i + w) % 2 != 0 || i % 3 != page) continue;  // two writers per paper
          char id[32];  // room for any int (-Wformat-truncation)
          std::snprintf(id, sizeof id, "2402.%05d", i);
          papers.push_back(ArxivPaper(id, "Work " + std::to_string(i), 1 + w % 2));
        }
        auto r = (*s)->UpsertPage(papers, std::nullopt);
        if (!r) errors[w] = r.error().ToString();
      }
    });
  }
  for (auto& t : writers) t.join();
  for (const auto& e : errors) EXPECT_EQ(e, "");
  auto stats = store_->Stats();
  ASSERT_TRUE(stats) << stats.error().ToString();
  EXPECT_EQ(stats->papers, kPapers);
  // Every paper written since the reader's last change is seen once it catches up.
  std::set<std::string> changed;
  ASSERT_TRUE(store_->ForEachPaperSince(*seen_before, [&](const Paper& p) {
    changed.insert(p.key);
    return Ok();
  }));
  EXPECT_EQ(changed.size(), static_cast<size_t>(kPapers));
}

TEST_P(PgStoreTest, TheVocabularyFollowsEveryWrite) {
  auto suggest = [&](const std::string& raw) {
    auto q = search::ParseQuery(raw);
    EXPECT_TRUE(q) << raw;
    auto s = store_->SuggestQuery(*q);
    EXPECT_TRUE(s) << s.error().ToString();
    return s ? *s : std::string("(error)");
  };
  ASSERT_TRUE(store_->UpsertPage({ArxivPaper("2401.00001", "Lattice gauge theory")}, std::nullopt));
  EXPECT_EQ(suggest("gaueg"), "gauge");
  // Retitled: the word is gone from the library, and from its vocabulary.
  ASSERT_TRUE(store_->UpsertPage({ArxivPaper("2401.00001", "Spin glass theory", 2)}, std::nullopt));
  EXPECT_EQ(suggest("gaueg"), "");
  EXPECT_EQ(suggest("glsas"), "glass");
}

TEST_P(PgStoreTest, Migration6AnalysesTheSearchColumnsOfAnOlderLibrary) {
  Paper p = ArxivPaper("2401.00001", "Transformers for protein folding");
  p.authors = {{"Thi Nguyễn", {}, ""}};
  ASSERT_TRUE(store_->UpsertPage({p}, std::nullopt));
  store_.reset();
  {  // Back to migration 5: the 'simple' vector and no vocabulary.
    auto conn = pg::Conn::Open(location_->location());
    ASSERT_TRUE(conn) << conn.error().ToString();
    ASSERT_TRUE((*conn)->ExecScript(
        "DROP TABLE search_terms; UPDATE papers SET tsv = to_tsvector('simple', doc);"
        "DELETE FROM schema_version WHERE version = 6"));
  }
  store_ = Open();
  ASSERT_NE(store_, nullptr);
  EXPECT_EQ(SearchKeys(Q(Term("transformer"))), std::vector<std::string>{"2401.00001"});
  EXPECT_EQ(SearchKeys(Q(Term("NGUYEN", Field::kAuthor))), std::vector<std::string>{"2401.00001"});
  auto q = search::ParseQuery("protien");
  ASSERT_TRUE(q);
  auto s = store_->SuggestQuery(*q);
  ASSERT_TRUE(s) << s.error().ToString();
  EXPECT_EQ(*s, "protein");
}

TEST_P(PgStoreTest, BulkWritesSeeTheirOwnPapersAndKeepTextExact) {
  // A first import (empty library: nothing is asked of the server per record)
  // of two pages in one transaction (sent with COPY at commit): the second
  // page's records of the same works must join the first page's papers.
  Paper a = ArxivPaper("2401.00001", "Tabs\\t and \\N escapes");
  a.ids.doi = "10.1000/a";
  a.abstract = "Back\\slash \\N, \\t, \\\\ and \\r stay as written.";
  const Paper b = ArxivPaper("2401.00002", "Second work");
  const std::vector<Paper> p1 = {a, b};
  Paper a2 = ArxivPaper("2401.00001", "Tabs\\t and \\N escapes", 2);
  a2.abstract = a.abstract;
  const std::vector<Paper> p2 = {a2, JournalPaper("10.1000/a", "Tabs\\t and \\N escapes"),
                                 ArxivPaper("2401.00003", "Third work")};
  auto r = store_->UpsertPages({&p1, &p2});
  ASSERT_EQ(r.size(), 2u);
  ASSERT_TRUE(r[0]) << r[0].error().ToString();
  ASSERT_TRUE(r[1]) << r[1].error().ToString();
  EXPECT_EQ(r[0]->added, 2);
  EXPECT_EQ(r[1]->added, 1);
  auto stats = store_->Stats();
  ASSERT_TRUE(stats) << stats.error().ToString();
  EXPECT_EQ(stats->papers, 3);
  EXPECT_EQ(stats->listings, 4);  // a's v2 repeats its listing; the journal's is new
  auto got = store_->Get("10.1000/a");
  ASSERT_TRUE(got && *got) << (got ? "not found" : got.error().ToString());
  EXPECT_EQ((*got)->paper.ids.arxiv, "2401.00001");
  EXPECT_EQ((*got)->paper.abstract, a.abstract);
  EXPECT_EQ(SearchKeys(Q(Term("escapes"))), std::vector<std::string>{"2401.00001"});

  // Into the library now stored: lookups go to the server, plus this page's own papers.
  auto r3 = store_->UpsertPage({ArxivPaper("2401.00004", "Fourth work"),
                                ArxivPaper("2401.00004", "Fourth work", 2, "2024-02-01"),
                                ArxivPaper("2401.00002", "Second work", 2, "2024-02-01")},
                               std::nullopt);
  ASSERT_TRUE(r3) << r3.error().ToString();
  EXPECT_EQ(r3->added, 1);
  EXPECT_EQ(r3->updated, 2);
  std::vector<std::string> order;
  ASSERT_TRUE(store_->ForEachPaper([&](const Paper& p) {
    order.push_back(p.key);
    return Ok();
  }));
  EXPECT_EQ(order,
            (std::vector<std::string>{"2401.00001", "2401.00002", "2401.00003", "2401.00004"}));
  auto fourth = store_->Get("2401.00004");
  ASSERT_TRUE(fourth && *fourth);
  EXPECT_EQ((*fourth)->paper.versions.size(), 2u);
}

TEST_P(PgStoreTest, AnUnreachableServerIsNamedWithoutItsPassword) {
  auto s = pg::PgStore::Open("postgresql://ah:s3cret@127.0.0.1:1/lib?connect_timeout=5");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Code::kUnreachable);
  EXPECT_NE(s.error().message.find("127.0.0.1:1/lib"), std::string::npos) << s.error().message;
  EXPECT_EQ(s.error().message.find("s3cret"), std::string::npos) << s.error().message;
}

INSTANTIATE_TEST_SUITE_P(Backends, PgStoreTest, ::testing::Values(BackendKind::kPostgres),
                         KindName);

}  // namespace
}  // namespace ah::store::testing
