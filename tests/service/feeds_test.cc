// Atom feeds over a real library (service/feeds.h): a radar's feed behind its
// token (rotated, revoked, owner checked), category and source feeds, the OPML
// list; the project's own `ingest` reads a feed back into a fresh library.
#include "service/feeds.h"

#include <gtest/gtest.h>

#include <fstream>
#include <pugixml.hpp>

#include "ingest/ingest_files.h"
#include "store/sqlite/sqlite_store.h"
#include "testing.h"
#include "topic_papers.h"

namespace ah::service {
namespace {

class FeedsTest : public ::testing::Test {
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
    for (int i = 0; i < 4; ++i) {
      page.push_back(TopicPaper("2406.1" + Pad(i), kGraphWords, 50 + i, "2024-06-03", "cs.LG"));
      page.push_back(
          TopicPaper("2406.2" + Pad(i), kOceanWords, 50 + i, "2024-06-03", "physics.ao-ph"));
    }
    page[80].title = "<script>alert(1)</script> & graphs";
    page[80].authors.push_back({"Zoë O'Neil", {}, ""});
    ASSERT_TRUE(store_->UpsertPage(page, std::nullopt));
    auto lib = LibraryIndex::Load(*store_);
    ASSERT_TRUE(lib);
    lib_ = std::move(*lib);
    store::RadarDefinition r;
    r.owner = "alice";
    r.name = "graphs";
    r.description = "graph neural networks and message passing on molecules";
    r.include_categories = {"cs.LG"};
    auto id = store_->CreateRadar(r);
    ASSERT_TRUE(id);
    radar_ = *id;
    o_.base_url = "https://hub.example.org";
    o_.date = "2024-06-03";
    o_.now_unix = 1717400000;
  }

  ah::testing::TempDir dir_;
  std::unique_ptr<store::sqlite::SqliteStore> store_;
  std::unique_ptr<LibraryIndex> lib_;
  FeedOptions o_;
  int64_t radar_ = 0;
};

TEST_F(FeedsTest, RadarFeedByTokenRotatedAndRevoked) {
  auto token = RotateFeedToken(*store_, "alice", radar_, 100);
  ASSERT_TRUE(token) << token.error().ToString();
  EXPECT_EQ(token->size(), 43u);
  auto xml = RadarFeed(*store_, *store_, *store_, *lib_, *token, o_);
  ASSERT_TRUE(xml) << xml.error().ToString();
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml->c_str())) << *xml;
  auto feed = doc.child("feed");
  EXPECT_EQ(std::string(feed.child_value("id")),
            "https://hub.example.org/feeds/radar/" + *token + ".atom");
  EXPECT_STREQ(feed.child_value("title"), "AcademicHub · graphs");
  int n = 0;
  for (auto e : feed.children("entry")) {
    ++n;
    EXPECT_EQ(std::string(e.child_value("id")).rfind("https://hub.example.org/papers/2406.1", 0),
              0u);
    EXPECT_NE(std::string(e.child_value("summary")).find("Why:"), std::string::npos);
  }
  EXPECT_EQ(n, 4);  // the radar's cs.LG papers only
  EXPECT_EQ(xml->find("<script>"), std::string::npos);
  // Nothing recorded as shown.
  auto shown = store_->ShownPapers("alice", radar_);
  ASSERT_TRUE(shown);
  EXPECT_TRUE(shown->empty());

  // Rotation: the old URL is gone, the new one works.
  auto next = RotateFeedToken(*store_, "alice", radar_, 200);
  ASSERT_TRUE(next);
  EXPECT_NE(*next, *token);
  auto old = RadarFeed(*store_, *store_, *store_, *lib_, *token, o_);
  ASSERT_FALSE(old);
  EXPECT_EQ(old.error().code, Code::kNotFound);
  EXPECT_TRUE(RadarFeed(*store_, *store_, *store_, *lib_, *next, o_));
  // Revoked: gone.
  ASSERT_TRUE(store_->DeleteFeedToken("alice", radar_));
  EXPECT_FALSE(RadarFeed(*store_, *store_, *store_, *lib_, *next, o_));
  // Another owner can neither rotate nor revoke it.
  auto theirs = RotateFeedToken(*store_, "bob", radar_, 300);
  ASSERT_FALSE(theirs);
  EXPECT_EQ(theirs.error().code, Code::kNotFound);
  EXPECT_FALSE(store_->DeleteFeedToken("bob", radar_));
  // Deleting the radar deletes its token.
  auto again = RotateFeedToken(*store_, "alice", radar_, 400);
  ASSERT_TRUE(again);
  ASSERT_TRUE(store_->DeleteRadar("alice", radar_));
  auto gone = store_->FindFeedToken(*again);
  ASSERT_TRUE(gone);
  EXPECT_FALSE(*gone);
}

TEST_F(FeedsTest, CategoryAndSourceFeedsAndOpml) {
  auto cat = CategoryFeed(*store_, "physics.ao-ph", o_);
  ASSERT_TRUE(cat) << cat.error().ToString();
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(cat->c_str()));
  int n = 0;
  for (auto e : doc.child("feed").children("entry")) {
    ++n;
    EXPECT_STREQ(e.child("category").attribute("term").value(), "physics.ao-ph");
  }
  EXPECT_EQ(n, 4);
  auto none = CategoryFeed(*store_, "q-bio.GN", o_);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, Code::kNotFound);
  auto src = SourceFeed(*store_, "arxiv", o_);
  ASSERT_TRUE(src) << src.error().ToString();
  EXPECT_NE(src->find("2406.10000"), std::string::npos);

  auto token = RotateFeedToken(*store_, "alice", radar_, 100);
  ASSERT_TRUE(token);
  auto opml = UserFeedsOpml(*store_, *store_, "alice", o_);
  ASSERT_TRUE(opml);
  EXPECT_NE(opml->find("xmlUrl=\"https://hub.example.org/feeds/radar/" + *token + ".atom\""),
            std::string::npos)
      << *opml;
  auto bobs = UserFeedsOpml(*store_, *store_, "bob", o_);
  ASSERT_TRUE(bobs);
  EXPECT_EQ(bobs->find(*token), std::string::npos);
}

TEST_F(FeedsTest, IngestReadsTheFeedBack) {
  auto token = RotateFeedToken(*store_, "alice", radar_, 100);
  ASSERT_TRUE(token);
  auto xml = RadarFeed(*store_, *store_, *store_, *lib_, *token, o_);
  ASSERT_TRUE(xml);
  const std::string path = (dir_ / "radar.atom").string();
  std::ofstream(path) << *xml;
  auto fresh = store::sqlite::SqliteStore::Open((dir_ / "fresh.db").string());
  ASSERT_TRUE(fresh);
  auto rep = ingest::IngestPaths({path}, **fresh, {});
  ASSERT_TRUE(rep) << rep.error().ToString();
  EXPECT_FALSE(rep->AnyRejected());
  EXPECT_EQ(rep->totals.added, 4);
  auto back = (*fresh)->Get("2406.10001");
  ASSERT_TRUE(back && *back);
  auto orig = store_->Get("2406.10001");
  ASSERT_TRUE(orig && *orig);
  EXPECT_EQ((*back)->paper.title, (*orig)->paper.title);
  ASSERT_EQ((*back)->paper.authors.size(), (*orig)->paper.authors.size());
  EXPECT_EQ((*back)->paper.authors[0].name, (*orig)->paper.authors[0].name);
  // Markup in a title does not come back as markup (the reader strips tags); names are exact.
  auto xss = (*fresh)->Get("2406.10000");
  ASSERT_TRUE(xss && *xss);
  EXPECT_EQ((*xss)->paper.title.find("<script>"), std::string::npos);
  ASSERT_EQ((*xss)->paper.authors.size(), 2u);
  EXPECT_EQ((*xss)->paper.authors[1].name, "Zoë O'Neil");
  EXPECT_EQ((*back)->paper.categories, (*orig)->paper.categories);
  EXPECT_NE((*back)->paper.abstract.find((*orig)->paper.abstract), std::string::npos);
  // Into the same library, the feed's papers are the same papers (keyed by arXiv id).
  auto same = ingest::IngestPaths({path}, *store_, {});
  ASSERT_TRUE(same);
  EXPECT_EQ(same->totals.added, 0);
}

}  // namespace
}  // namespace ah::service
