// Citation exports of a radar's day, a briefing's papers and the saved papers
// (service/exports.h) over a real SQLite library; each file read back by the
// project's own import parsers yields the same papers in the same order.
#include "service/exports.h"

#include <gtest/gtest.h>

#include "imports/references.h"
#include "store/sqlite/sqlite_store.h"
#include "testing.h"
#include "topic_papers.h"

namespace ah::service {
namespace {

class ExportsTest : public ::testing::Test {
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
    for (int i = 0; i < 5; ++i) {
      page.push_back(TopicPaper("2406.1" + Pad(i), kGraphWords, 50 + i, "2024-06-03", "cs.LG"));
      page.push_back(
          TopicPaper("2406.2" + Pad(i), kOceanWords, 50 + i, "2024-06-03", "physics.ao-ph"));
    }
    auto r = store_->UpsertPage(page, std::nullopt);
    ASSERT_TRUE(r) << r.error().ToString();
    auto lib = LibraryIndex::Load(*store_);
    ASSERT_TRUE(lib) << lib.error().ToString();
    lib_ = std::move(*lib);
    store::RadarDefinition g;
    g.owner = "alice";
    g.name = "graphs";
    g.description = "graph neural networks and message passing on molecules";
    auto id = store_->CreateRadar(g);
    ASSERT_TRUE(id) << id.error().ToString();
    radar_ = *id;
  }

  // Every format read back: the arXiv ids and titles, in order.
  static void ExpectRoundTrip(const std::vector<Paper>& papers) {
    for (auto f : {imports::ExportFormat::kBibtex, imports::ExportFormat::kRis,
                   imports::ExportFormat::kCslJson}) {
      const std::string text = imports::Export(papers, f);
      auto back = imports::ParseReferences(text, "export");
      ASSERT_TRUE(back) << back.error().ToString();
      EXPECT_TRUE(back->warnings.empty()) << back->warnings.front();
      ASSERT_EQ(back->refs.size(), papers.size()) << text;
      for (size_t i = 0; i < papers.size(); ++i) {
        EXPECT_EQ(back->refs[i].arxiv, papers[i].ids.arxiv) << i;
        EXPECT_EQ(back->refs[i].title, papers[i].title) << i;
        EXPECT_EQ(back->refs[i].authors.size(), papers[i].authors.size()) << i;
      }
    }
  }

  ah::testing::TempDir dir_;
  std::unique_ptr<store::sqlite::SqliteStore> store_;
  std::unique_ptr<LibraryIndex> lib_;
  int64_t radar_ = 0;
};

TEST_F(ExportsTest, RadarDayIsTheRankedDayNotRecordedAndReadsBack) {
  auto set = ExportRadarDay(*store_, *store_, *lib_, "alice", radar_, "2024-06-03", 0);
  ASSERT_TRUE(set) << set.error().ToString();
  EXPECT_EQ(set->name, "radar-" + std::to_string(radar_) + "-2024-06-03");
  ASSERT_EQ(set->papers.size(), 10u);                               // the day's ten new papers
  EXPECT_EQ(set->papers.front().ids.arxiv.substr(0, 6), "2406.1");  // graph papers first
  // Same order as the radar's own run of that day.
  auto r = store_->GetRadarById("alice", radar_);
  ASSERT_TRUE(r && *r);
  RunOptions o;
  o.date = "2024-06-03";
  o.limit = 0;
  o.record_shown = false;
  auto run = RunRadar(*store_, *store_, *lib_, **r, o);
  ASSERT_TRUE(run);
  for (size_t i = 0; i < run->papers.size(); ++i)
    EXPECT_EQ(run->papers[i].view.paper.ids.arxiv, set->papers[i].ids.arxiv);
  // Exporting records nothing as shown.
  auto shown = store_->ShownPapers("alice", radar_);
  ASSERT_TRUE(shown);
  EXPECT_TRUE(shown->empty());
  ExpectRoundTrip(set->papers);

  auto limited = ExportRadarDay(*store_, *store_, *lib_, "alice", radar_, "2024-06-03", 3);
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->papers.size(), 3u);
}

TEST_F(ExportsTest, AnotherOwnersRadarIsNotFound) {
  auto set = ExportRadarDay(*store_, *store_, *lib_, "bob", radar_, "2024-06-03", 0);
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().code, Code::kNotFound);
  auto saved = ExportSaved(*store_, *store_, "bob", radar_);
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().code, Code::kNotFound);
}

TEST_F(ExportsTest, SavedAreTheLatestSavesOncePerPaperOldestFirst) {
  store::RadarDefinition o;
  o.owner = "alice";
  o.name = "oceans";
  o.description = "ocean climate";
  auto other = store_->CreateRadar(o);
  ASSERT_TRUE(other);
  auto fb = [&](int64_t radar, const std::string& paper, const std::string& action, int64_t at) {
    ASSERT_TRUE(store_->AddFeedback("alice", radar, {paper, action, at}));
  };
  fb(radar_, "2406.10002", "save", 100);
  fb(radar_, "2406.10001", "save", 200);
  fb(radar_, "2406.10003", "save", 300);
  fb(radar_, "2406.10003", "like", 400);  // no longer saved
  fb(*other, "2406.20001", "save", 150);
  fb(*other, "2406.10001", "save", 500);  // saved in both radars: once
  auto all = ExportSaved(*store_, *store_, "alice");
  ASSERT_TRUE(all) << all.error().ToString();
  EXPECT_EQ(all->name, "saved");
  std::vector<std::string> ids;
  for (const auto& p : all->papers) ids.push_back(p.ids.arxiv);
  EXPECT_EQ(ids, (std::vector<std::string>{"2406.10002", "2406.20001", "2406.10001"}));
  ExpectRoundTrip(all->papers);

  auto one = ExportSaved(*store_, *store_, "alice", *other);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->papers.size(), 2u);
  auto none = ExportSaved(*store_, *store_, "bob");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->papers.empty());
}

TEST_F(ExportsTest, BriefingPapersInItsNumberingOwnerChecked) {
  store::StoredBriefing b;
  b.radar_id = radar_;
  b.date_from = b.date_to = "2024-06-03";
  b.lang = "en";
  b.mode = "extractive";
  b.json = R"({"mode":"extractive","lang":"en","papers":[
      {"n":1,"id":"2406.10004","title":"a"},{"n":2,"id":"2406.20000","title":"b"},
      {"n":3,"id":"2406.99999","title":"gone from the library"}]})";
  auto id = store_->SaveBriefing("alice", b);
  ASSERT_TRUE(id) << id.error().ToString();
  auto set = ExportBriefing(*store_, *store_, "alice", *id);
  ASSERT_TRUE(set) << set.error().ToString();
  EXPECT_EQ(set->name, "briefing-" + std::to_string(*id));
  ASSERT_EQ(set->papers.size(), 2u);
  EXPECT_EQ(set->papers[0].ids.arxiv, "2406.10004");
  EXPECT_EQ(set->papers[1].ids.arxiv, "2406.20000");
  ExpectRoundTrip(set->papers);
  EXPECT_EQ(ExportFileName(*set, imports::ExportFormat::kRis),
            "briefing-" + std::to_string(*id) + ".ris");

  auto theirs = ExportBriefing(*store_, *store_, "bob", *id);
  ASSERT_FALSE(theirs);
  EXPECT_EQ(theirs.error().code, Code::kNotFound);
}

}  // namespace
}  // namespace ah::service
