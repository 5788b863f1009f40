// The radar's daily run over a real SQLite library: candidates, ranking with
// reasons, already-shown and hidden papers, filters, validation.
#include "service/radar_service.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "store/sqlite/sqlite_store.h"
#include "testing.h"
#include "topic_papers.h"

namespace ah::service {
namespace {

class RadarServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::sqlite::SqliteStore::Open((dir_ / "lib.db").string());
    ASSERT_TRUE(s) << s.error().ToString();
    store_ = std::move(*s);
    // The background library: 40 older papers on each topic.
    std::vector<Paper> page;
    for (int i = 0; i < 40; ++i) {
      page.push_back(TopicPaper("2401.1" + Pad(i), kGraphWords, i, "2024-01-02", "cs.LG"));
      page.push_back(TopicPaper("2401.2" + Pad(i), kOceanWords, i, "2024-01-02", "physics.ao-ph"));
    }
    // Day 1 (2024-06-03) and day 2 (2024-06-04): five of each topic.
    for (int i = 0; i < 5; ++i) {
      page.push_back(TopicPaper("2406.1" + Pad(i), kGraphWords, 50 + i, "2024-06-03", "cs.LG"));
      page.push_back(TopicPaper("2406.2" + Pad(i), kOceanWords, 50 + i, "2024-06-03", "physics.ao-ph"));
      page.push_back(TopicPaper("2406.3" + Pad(i), kGraphWords, 60 + i, "2024-06-04", "cs.LG"));
      page.push_back(TopicPaper("2406.4" + Pad(i), kOceanWords, 60 + i, "2024-06-04", "physics.ao-ph"));
    }
    auto r = store_->UpsertPage(page, std::nullopt);
    ASSERT_TRUE(r) << r.error().ToString();
    ASSERT_EQ(r->added, static_cast<int64_t>(page.size()));
    LoadIndex();
  }

  void LoadIndex() {
    auto lib = LibraryIndex::Load(*store_);
    ASSERT_TRUE(lib) << lib.error().ToString();
    lib_ = std::move(*lib);
  }

  store::RadarDefinition Create(store::RadarDefinition r) {
    auto id = store_->CreateRadar(r);
    EXPECT_TRUE(id) << id.error().ToString();
    r.id = id ? *id : 0;
    return r;
  }

  store::RadarDefinition Reload(const std::string& name) {
    auto r = store_->GetRadar("local", name);
    EXPECT_TRUE(r && *r);
    return r && *r ? **r : store::RadarDefinition{};
  }

  RunReport MustRun(const store::RadarDefinition& r, RunOptions o) {
    auto rep = RunRadar(*store_, *store_, *lib_, r, o);
    EXPECT_TRUE(rep) << rep.error().ToString();
    return rep ? *rep : RunReport{};
  }

  static RunOptions Day(const std::string& d, size_t limit = 5) {
    RunOptions o;
    o.date = d;
    o.limit = limit;
    return o;
  }

  static store::RadarDefinition GraphRadar() {
    store::RadarDefinition r;
    r.name = "graphs";
    r.description = "graph neural networks and message passing on molecules";
    return r;
  }

  ah::testing::TempDir dir_;
  std::unique_ptr<store::sqlite::SqliteStore> store_;
  std::unique_ptr<LibraryIndex> lib_;
};

bool IsGraphPaper(const RankedPaper& p) { return p.view.paper.key.rfind("2406.1", 0) == 0 ||
                                                 p.view.paper.key.rfind("2406.3", 0) == 0; }

TEST_F(RadarServiceTest, RanksTheDaysPapersOnTheRadarsTopicFirstWithReasons) {
  auto r = Create(GraphRadar());
  RunReport rep = MustRun(r, Day("2024-06-03"));
  EXPECT_EQ(rep.date_from, "2024-06-03");
  EXPECT_EQ(rep.date_to, "2024-06-03");
  EXPECT_EQ(rep.candidates, 10u);
  ASSERT_EQ(rep.papers.size(), 5u);
  for (const auto& p : rep.papers) {
    EXPECT_TRUE(IsGraphPaper(p)) << p.view.paper.key << " " << p.view.paper.title;
    EXPECT_FALSE(p.reasons.empty()) << p.view.paper.key;
    EXPECT_EQ(p.listing_date, "2024-06-03");
    EXPECT_EQ(p.badge, "arXiv (CS.LG)");
  }
  for (size_t i = 1; i < rep.papers.size(); ++i) EXPECT_GE(rep.papers[i - 1].score, rep.papers[i].score);
}

TEST_F(RadarServiceTest, DefaultsToTheLatestAnnouncedDay) {
  auto r = Create(GraphRadar());
  RunReport rep = MustRun(r, RunOptions{});
  EXPECT_EQ(rep.date_to, "2024-06-04");
}

TEST_F(RadarServiceTest, PapersShownOnAnEarlierDayAreNotShownAgainButARerunIsStable) {
  auto r = Create(GraphRadar());
  RunReport first = MustRun(r, Day("2024-06-03", 3));
  ASSERT_EQ(first.papers.size(), 3u);
  // Re-running the same day shows the same papers.
  RunReport again = MustRun(r, Day("2024-06-03", 3));
  ASSERT_EQ(again.papers.size(), 3u);
  EXPECT_EQ(again.already_shown, 0u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(again.papers[i].view.paper.key, first.papers[i].view.paper.key);
  // The next day the shown papers are cross-listed elsewhere: not new any more.
  std::vector<Paper> cross;
  for (const auto& p : first.papers) {
    Paper c;
    c.ids.arxiv = p.view.paper.key;
    c.title = p.view.paper.title;
    c.listings = {{"arxiv", "2024-06-04", "cross", "stat.ML"}};
    cross.push_back(c);
  }
  ASSERT_TRUE(store_->UpsertPage(cross, std::nullopt));
  RunReport later = MustRun(r, Day("2024-06-04", 0));
  EXPECT_EQ(later.candidates, 13u);
  EXPECT_EQ(later.already_shown, 3u);
  EXPECT_EQ(later.papers.size(), 10u);
  for (const auto& p : later.papers)
    for (const auto& s : first.papers) EXPECT_NE(p.view.paper.key, s.view.paper.key);
  RunOptions all = Day("2024-06-04", 0);
  all.include_shown = true;
  EXPECT_EQ(MustRun(r, all).papers.size(), 13u);
}

TEST_F(RadarServiceTest, ANewVersionOfAShownPaperIsNotNew) {
  auto r = Create(GraphRadar());
  RunReport first = MustRun(r, Day("2024-06-03", 10));
  ASSERT_FALSE(first.papers.empty());
  const std::string key = first.papers[0].view.paper.key;
  // v2 of that paper announced as a replacement on a later day: not a candidate.
  Paper v2 = first.papers[0].view.paper;
  v2.listings = {{"arxiv", "2024-06-05", "replace", "cs.LG"}};
  v2.versions = {{1, "2024-06-03"}, {2, "2024-06-05"}};
  // ... and the same paper cross-listed again from another source: already shown.
  Paper other = TopicPaper("2406.5000", kGraphWords, 99, "2024-06-05", "cs.LG");
  ASSERT_TRUE(store_->UpsertPage({v2, other}, std::nullopt));
  RunReport next = MustRun(r, Day("2024-06-05", 10));
  EXPECT_EQ(next.candidates, 1u);
  ASSERT_EQ(next.papers.size(), 1u);
  EXPECT_EQ(next.papers[0].view.paper.key, "2406.5000");
}

TEST_F(RadarServiceTest, HiddenPapersStayHidden) {
  auto r = Create(GraphRadar());
  RunReport first = MustRun(r, Day("2024-06-03", 1));
  ASSERT_EQ(first.papers.size(), 1u);
  const std::string top = first.papers[0].view.paper.key;
  ASSERT_TRUE(store_->AddFeedback("local", r.id, {top, "hide", 100}));
  RunOptions o = Day("2024-06-03", 10);
  o.include_shown = true;
  RunReport after = MustRun(Reload("graphs"), o);
  EXPECT_EQ(after.hidden, 1u);
  for (const auto& p : after.papers) EXPECT_NE(p.view.paper.key, top);
}

TEST_F(RadarServiceTest, FeedbackChangesTheRanking) {
  auto r = Create(GraphRadar());
  RunOptions o = Day("2024-06-03", 0);
  o.record_shown = false;
  // Mean rank of the ocean papers of the day (0 = top).
  auto ocean_rank = [&](const RunReport& rep) {
    double sum = 0;
    int n = 0;
    for (size_t i = 0; i < rep.papers.size(); ++i)
      if (!IsGraphPaper(rep.papers[i])) sum += static_cast<double>(i), ++n;
    return n ? sum / n : -1.0;
  };
  const double before = ocean_rank(MustRun(r, o));
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(store_->AddFeedback("local", r.id, {"2401.2" + Pad(i), "like", 100 + i}));
    ASSERT_TRUE(store_->AddFeedback("local", r.id, {"2401.1" + Pad(i), "dislike", 200 + i}));
  }
  const double after = ocean_rank(MustRun(Reload("graphs"), o));
  EXPECT_LT(after, before);
}

TEST_F(RadarServiceTest, SourceAndCategoryFiltersApply) {
  store::RadarDefinition r = GraphRadar();
  r.include_categories = {"physics.ao-ph"};
  r = Create(r);
  RunReport rep = MustRun(r, Day("2024-06-03", 10));
  for (const auto& p : rep.papers) EXPECT_FALSE(IsGraphPaper(p));
  store::RadarDefinition s = GraphRadar();
  s.name = "no arxiv";
  s.exclude_sources = {"arxiv"};
  s = Create(s);
  EXPECT_EQ(MustRun(s, Day("2024-06-03")).candidates, 0u);
}

TEST_F(RadarServiceTest, ARadarWithNothingToRankByIsAClearError) {
  store::RadarDefinition r;
  r.name = "empty";
  std::vector<std::string> warnings;
  ASSERT_TRUE(ValidateDefinition(r, &warnings));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("nothing to rank by"), std::string::npos);
  r = Create(r);
  auto rep = RunRadar(*store_, *store_, *lib_, r, Day("2024-06-03"));
  ASSERT_FALSE(rep);
  EXPECT_EQ(rep.error().code, Code::kInvalidArgument);
  EXPECT_NE(rep.error().message.find("empty"), std::string::npos);
}

TEST_F(RadarServiceTest, ContradictoryFiltersAreRefused) {
  store::RadarDefinition r = GraphRadar();
  r.include_categories = {"cs.LG"};
  r.exclude_categories = {"cs.LG"};
  auto st = ValidateDefinition(r, nullptr);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("cs.LG"), std::string::npos);
  r.exclude_categories.clear();
  r.include_sources = {"arxiv"};
  r.exclude_sources = {"arxiv"};
  EXPECT_FALSE(ValidateDefinition(r, nullptr));
  r.exclude_sources.clear();
  r.name = std::string("bad\nname");
  EXPECT_FALSE(ValidateDefinition(r, nullptr));
}

TEST_F(RadarServiceTest, LatestFeedbackOnAPaperWins) {
  store::RadarDefinition r;
  r.feedback = {{"a", "like", 1}, {"b", "dislike", 2}, {"a", "dislike", 3}, {"c", "save", 4},
                {"d", "hide", 5}};
  radar::RadarSpec spec = SpecOf(r);
  EXPECT_TRUE(spec.liked.empty());
  EXPECT_EQ(spec.saved, std::vector<std::string>{"c"}) << "saved is not called liked";
  EXPECT_EQ(spec.disliked, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(spec.hidden, std::vector<std::string>{"d"});
}

TEST_F(RadarServiceTest, UnknownPaperIsNamed) {
  auto k = ResolvePaper(*store_, "2499.99999");
  ASSERT_FALSE(k);
  EXPECT_EQ(k.error().code, Code::kNotFound);
  EXPECT_NE(k.error().message.find("2499.99999"), std::string::npos);
  auto ok = ResolvePaper(*store_, "arXiv:2406.10001v2");
  ASSERT_TRUE(ok) << ok.error().ToString();
  EXPECT_EQ(*ok, "2406.10001");
}

TEST_F(RadarServiceTest, BadRangeIsRefused) {
  auto r = Create(GraphRadar());
  RunOptions o = Day("2024-13-45");
  EXPECT_FALSE(RunRadar(*store_, *store_, *lib_, r, o));
  o = Day("2024-06-03");
  o.days = 0;
  EXPECT_FALSE(RunRadar(*store_, *store_, *lib_, r, o));
}

}  // namespace
}  // namespace ah::service
