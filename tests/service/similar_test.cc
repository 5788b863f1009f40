// Similar papers (by the snapshot's embeddings, or tf-idf without them) and
// the cached-or-extractive TL;DR a paper page shows, over a real SQLite library.
#include "service/similar.h"

#include <gtest/gtest.h>

#include "brief/tldr.h"
#include "service/paper_tldr.h"
#include "store/sqlite/sqlite_store.h"
#include "testing.h"
#include "topic_papers.h"

namespace ah::service {
namespace {

class SimilarTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::sqlite::SqliteStore::Open((dir_ / "lib.db").string());
    ASSERT_TRUE(s) << s.error().ToString();
    store_ = std::move(*s);
    std::vector<Paper> page;
    for (int i = 0; i < 40; ++i) {
      page.push_back(TopicPaper("2401.1" + Pad(i), kGraphWords, i, "2024-01-02", "cs.LG"));
      page.push_back(TopicPaper("2401.2" + Pad(i), kOceanWords, i, "2024-01-02", "physics.ao-ph"));
    }
    auto r = store_->UpsertPage(page, std::nullopt);
    ASSERT_TRUE(r) << r.error().ToString();
  }

  std::unique_ptr<LibraryIndex> Index(bool embeddings) {
    radar::RadarIndexOptions o;
    o.embeddings = embeddings;
    o.lsa.dims = 8;  // 80 papers are enough for an 8-dimensional LSA
    auto lib = LibraryIndex::Load(*store_, o);
    EXPECT_TRUE(lib) << lib.error().ToString();
    return lib ? std::move(*lib) : nullptr;
  }

  store::PaperView View(const std::string& ref) {
    auto v = store_->Get(ref);
    EXPECT_TRUE(v && *v) << ref;
    return v && *v ? **v : store::PaperView{};
  }

  SimilarResult Similar(const LibraryIndex& lib, const std::string& ref, size_t limit) {
    auto r = FindSimilarPapers(*store_, lib, View(ref), limit);
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : SimilarResult{};
  }

  static bool IsGraph(const store::PaperView& v) { return v.paper.key.rfind("2401.1", 0) == 0; }

  static void ExpectBestFirstOfOneTopic(const SimilarResult& r, const std::string& self,
                                        bool graph) {
    for (size_t i = 0; i < r.papers.size(); ++i) {
      EXPECT_NE(r.papers[i].view.paper.key, self);
      EXPECT_EQ(IsGraph(r.papers[i].view), graph) << r.papers[i].view.paper.key;
      EXPECT_GT(r.papers[i].score, 0);
      if (i > 0) {
        EXPECT_LE(r.papers[i].score, r.papers[i - 1].score);
      }
    }
  }

  ah::testing::TempDir dir_;
  std::unique_ptr<store::sqlite::SqliteStore> store_;
};

TEST_F(SimilarTest, NearestByEmbeddingsAreOfTheSameTopic) {
  auto lib = Index(true);
  ASSERT_TRUE(lib);
  ASSERT_TRUE(lib->index().has_embeddings());
  const SimilarResult graph = Similar(*lib, "2401.10003", 5);
  EXPECT_EQ(graph.method, "lsa");
  ASSERT_EQ(graph.papers.size(), 5u);
  ExpectBestFirstOfOneTopic(graph, "2401.10003", true);
  const SimilarResult ocean = Similar(*lib, "2401.20007", 5);
  ASSERT_EQ(ocean.papers.size(), 5u);
  ExpectBestFirstOfOneTopic(ocean, "2401.20007", false);
}

TEST_F(SimilarTest, WithoutEmbeddingsTfidfFindsTheSameTopic) {
  auto lib = Index(false);
  ASSERT_TRUE(lib);
  ASSERT_FALSE(lib->index().has_embeddings());
  const SimilarResult r = Similar(*lib, "2401.10003", 6);
  EXPECT_EQ(r.method, "tf-idf");
  ASSERT_EQ(r.papers.size(), 6u);
  ExpectBestFirstOfOneTopic(r, "2401.10003", true);
}

TEST_F(SimilarTest, APaperStoredAfterTheSnapshotIsComparedByItsText) {
  auto lib = Index(true);
  ASSERT_TRUE(lib);
  ASSERT_TRUE(store_->UpsertPage(
      {TopicPaper("2407.00001", kOceanWords, 3, "2024-07-01", "physics.ao-ph")}, std::nullopt));
  const SimilarResult r = Similar(*lib, "2407.00001", 4);
  EXPECT_EQ(r.method, "tf-idf");
  ASSERT_EQ(r.papers.size(), 4u);
  ExpectBestFirstOfOneTopic(r, "2407.00001", false);
}

TEST_F(SimilarTest, LeavesOutOtherVersionsOfTheSameWork) {
  // A journal version of 2401.10003 (linked by DOI), and an unlinked copy
  // with the same title: the same work, never "similar".
  Paper preprint = TopicPaper("2401.10003", kGraphWords, 3, "2024-01-02", "cs.LG");
  preprint.published_doi = "10.1000/graph.3";
  Paper journal = preprint;
  journal.ids = {};
  journal.ids.doi = "10.1000/graph.3";
  journal.published_doi.clear();
  journal.journal = "Journal of Graphs";
  journal.type = "journal-article";
  journal.listings = {{"crossref", "2024-03-01", "published", ""}};
  Paper copy = preprint;
  copy.ids = {};
  copy.ids.doi = "10.9999/copy.3";
  copy.published_doi.clear();
  copy.listings = {{"openalex", "2024-03-02", "published", ""}};
  ASSERT_TRUE(store_->UpsertPage({preprint, journal, copy}, std::nullopt));
  const store::PaperView view = View("2401.10003");
  ASSERT_EQ(view.published_version_key, "doi:10.1000/graph.3");
  for (bool embeddings : {true, false}) {
    auto lib = Index(embeddings);
    ASSERT_TRUE(lib);
    const SimilarResult r = Similar(*lib, "2401.10003", 10);
    ASSERT_EQ(r.papers.size(), 10u);
    for (const auto& s : r.papers) {
      EXPECT_NE(s.view.paper.key, "doi:10.1000/graph.3");
      EXPECT_NE(s.view.paper.key, "doi:10.9999/copy.3");
      EXPECT_NE(s.view.paper.key, "2401.10003");
    }
    // And from the journal version, the preprint is left out.
    const SimilarResult back = Similar(*lib, "doi:10.1000/graph.3", 10);
    for (const auto& s : back.papers) EXPECT_NE(s.view.paper.key, "2401.10003");
  }
}

TEST_F(SimilarTest, LimitIsRespected) {
  auto lib = Index(true);
  ASSERT_TRUE(lib);
  EXPECT_EQ(Similar(*lib, "2401.10001", 1).papers.size(), 1u);
  EXPECT_TRUE(Similar(*lib, "2401.10001", 0).papers.empty());
  // More than the topic has: the other topic fills in only with a positive score.
  const SimilarResult all = Similar(*lib, "2401.10001", 200);
  EXPECT_LE(all.papers.size(), 79u);
}

TEST_F(SimilarTest, NearestByEmbeddingSkipsWhatItIsToldTo) {
  auto lib = Index(true);
  ASSERT_TRUE(lib);
  const auto doc = lib->corpus().Find("2401.10003");
  ASSERT_TRUE(doc);
  auto all = NearestByEmbedding(lib->index(), *doc, 3);
  ASSERT_EQ(all.size(), 3u);
  const uint32_t first = all[0].doc;
  auto rest = NearestByEmbedding(lib->index(), *doc, 3, [&](uint32_t d) { return d == first; });
  ASSERT_EQ(rest.size(), 3u);
  EXPECT_EQ(rest[0].doc, all[1].doc);
  EXPECT_EQ(rest[1].doc, all[2].doc);
  for (const auto& n : rest) EXPECT_NE(n.doc, first);
}

TEST_F(SimilarTest, PageTldrIsTheCachedModelsElseExtractive) {
  auto none = CachedTldr(*store_, *store_, "2401.10003", "en", {"deepseek/deepseek-chat"});
  ASSERT_TRUE(none) << none.error().ToString();
  EXPECT_FALSE(none->from_llm);
  EXPECT_EQ(none->model, "extractive");
  EXPECT_FALSE(none->text.empty());
  ASSERT_TRUE(store_->CachePut(brief::TldrCacheKey("2401.10003", "zh", "deepseek/deepseek-chat"),
                               "图神经网络的研究。"));
  // A Chinese TL;DR is not the English page's.
  auto en = CachedTldr(*store_, *store_, "2401.10003", "en", {"deepseek/deepseek-chat"});
  ASSERT_TRUE(en);
  EXPECT_FALSE(en->from_llm);
  auto zh = CachedTldr(*store_, *store_, "arXiv:2401.10003v2", "zh",
                       {"other/model", "deepseek/deepseek-chat"});
  ASSERT_TRUE(zh) << zh.error().ToString();
  EXPECT_TRUE(zh->from_llm);
  EXPECT_EQ(zh->text, "图神经网络的研究。");
  EXPECT_EQ(zh->model, "deepseek/deepseek-chat");
  auto unknown = CachedTldr(*store_, *store_, "2499.99999", "en", {});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Code::kNotFound);
  auto lang = CachedTldr(*store_, *store_, "2401.10003", "fr", {});
  ASSERT_FALSE(lang);
  EXPECT_EQ(lang.error().code, Code::kInvalidArgument);
}

}  // namespace
}  // namespace ah::service
