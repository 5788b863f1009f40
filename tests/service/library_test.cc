// The long-lived Library over a real SQLite file: the index snapshot extended
// as papers arrive, the rank cache (same answers as a cold run, warm updates
// after feedback), sessions used from many threads while a writer ingests, and
// owners on the radar workflows.
#include "service/library.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "service/radars.h"
#include "service/today.h"
#include "testing.h"
#include "topic_papers.h"

namespace ah::service {
namespace {

class LibraryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LibraryOptions o;
    o.location = (dir_ / "lib.db").string();
    o.readers = 3;
    auto lib = Library::Open(o);
    ASSERT_TRUE(lib) << lib.error().ToString();
    lib_ = std::move(*lib);
    std::vector<Paper> page;
    for (int i = 0; i < 40; ++i) {
      page.push_back(TopicPaper("2401.1" + Pad(i), kGraphWords, i, "2024-01-02", "cs.LG"));
      page.push_back(TopicPaper("2401.2" + Pad(i), kOceanWords, i, "2024-01-02", "physics.ao-ph"));
    }
    AddDay(&page, "2406.1", "2406.2", 50, "2024-06-03");
    Upsert(page);
  }

  static void AddDay(std::vector<Paper>* page, const std::string& graph_prefix,
                     const std::string& ocean_prefix, int n, const std::string& date) {
    for (int i = 0; i < 5; ++i) {
      page->push_back(TopicPaper(graph_prefix + Pad(i), kGraphWords, n + i, date, "cs.LG"));
      page->push_back(TopicPaper(ocean_prefix + Pad(i), kOceanWords, n + i, date, "physics.ao-ph"));
    }
  }

  void Upsert(const std::vector<Paper>& page) {
    auto s = lib_->OpenSession();
    auto r = s->store().UpsertPage(page, std::nullopt);
    ASSERT_TRUE(r) << r.error().ToString();
  }

  store::RadarDefinition MakeRadar(const std::string& owner, const std::string& name) {
    auto s = lib_->OpenSession();
    RadarFields f;
    f.name = name;
    f.description = "graph neural networks and message passing on molecules";
    auto r = CreateRadar(s->store(), s->radars(), owner, f, nullptr);
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : store::RadarDefinition{};
  }

  std::vector<std::string> Keys(const RunReport& rep) {
    std::vector<std::string> out;
    for (const auto& p : rep.papers) out.push_back(p.view.paper.key);
    return out;
  }

  RunReport Run(const store::RadarDefinition& r, const std::string& date, bool cached,
                bool record = false) {
    auto index = lib_->WaitIndex();
    EXPECT_TRUE(index) << index.error().ToString();
    auto s = lib_->OpenSession();
    RunOptions o;
    o.date = date;
    o.limit = 10;
    o.record_shown = record;
    auto rep = RunRadar(s->store(), s->radars(), **index, r, o, cached ? &lib_->ranks() : nullptr);
    EXPECT_TRUE(rep) << rep.error().ToString();
    return rep ? *rep : RunReport{};
  }

  ah::testing::TempDir dir_;
  std::unique_ptr<Library> lib_;
};

TEST_F(LibraryTest, SnapshotIsExtendedWithArrivingPapersNotRebuilt) {
  auto first = lib_->WaitIndex();
  ASSERT_TRUE(first) << first.error().ToString();
  const uint64_t fit = (*first)->fit();
  const size_t before = (*first)->corpus().size();
  // Nothing new: the snapshot stays.
  ASSERT_TRUE(lib_->RefreshIndex());
  EXPECT_EQ(lib_->index().get(), first->get());

  std::vector<Paper> day;
  AddDay(&day, "2406.3", "2406.4", 60, "2024-06-04");
  // A new version of a stored paper replaces it in place.
  Paper revised = TopicPaper("2401.10001", kGraphWords, 1, "2024-01-02", "cs.LG");
  revised.title = "graph message passing revised";
  revised.versions.push_back({2, "2024-06-04"});
  day.push_back(revised);
  Upsert(day);
  ASSERT_TRUE(lib_->RefreshIndex());
  auto next = lib_->index();
  ASSERT_NE(next.get(), first->get());
  EXPECT_EQ(next->fit(), fit) << "extended, not refitted";
  EXPECT_EQ(next->corpus().size(), before + 10);
  auto at = next->corpus().Find("2401.10001");
  ASSERT_TRUE(at);
  EXPECT_EQ(next->corpus()[*at].title, "graph message passing revised");
  EXPECT_EQ((*first)->corpus()[*(*first)->corpus().Find("2401.10001")].title.find("revised"),
            std::string::npos)
      << "the old snapshot is unchanged";
  EXPECT_EQ(next->index().rows().rows(), next->corpus().size());

  // The new day ranks the same on the extended snapshot as on a fresh fit.
  store::RadarDefinition r = MakeRadar("ada", "graphs");
  auto extended = Keys(Run(r, "2024-06-04", false));
  auto s = lib_->OpenSession();
  auto fresh = LibraryIndex::Load(s->store());
  ASSERT_TRUE(fresh);
  RunOptions o;
  o.date = "2024-06-04";
  o.limit = 10;
  o.record_shown = false;
  auto cold = RunRadar(s->store(), s->radars(), **fresh, r, o);
  ASSERT_TRUE(cold);
  ASSERT_EQ(extended.size(), 10u);
  // The graph papers lead in both.
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(extended[i].rfind("2406.3", 0), 0u) << extended[i];
    EXPECT_EQ(cold->papers[i].view.paper.key.rfind("2406.3", 0), 0u);
  }
}

TEST_F(LibraryTest, RefitsWhenTheLibraryOutgrowsTheFit) {
  auto first = lib_->WaitIndex();
  ASSERT_TRUE(first);
  std::vector<Paper> many;
  for (int i = 0; i < 40; ++i)
    many.push_back(TopicPaper("2405.1" + Pad(i), kGraphWords, 100 + i, "2024-05-02", "cs.LG"));
  Upsert(many);
  ASSERT_TRUE(lib_->RefreshIndex());
  EXPECT_NE(lib_->index()->fit(), (*first)->fit());
  EXPECT_EQ(lib_->index()->index().fit_docs(), lib_->index()->corpus().size());
}

// A server started before the first fetch: the index of an empty library is
// empty (not an error), a radar says nothing is announced yet (kNotFound, which
// pages show as "cannot rank yet"), and the first papers refit the index.
TEST(LibraryOnAnEmptyFile, RanksOnceTheFirstPapersArrive) {
  ah::testing::TempDir dir;
  LibraryOptions o;
  o.location = (dir / "empty.db").string();
  auto lib = Library::Open(o);
  ASSERT_TRUE(lib) << lib.error().ToString();
  auto empty = (*lib)->WaitIndex();
  ASSERT_TRUE(empty) << empty.error().ToString();
  EXPECT_EQ((*empty)->corpus().size(), 0u);

  auto s = (*lib)->OpenSession();
  RadarFields f;
  f.name = "graphs";
  f.description = "graph neural networks and message passing on molecules";
  auto r = CreateRadar(s->store(), s->radars(), "ada", f, nullptr);
  ASSERT_TRUE(r) << r.error().ToString();
  RunOptions ro;
  ro.limit = 5;
  ro.record_shown = false;
  auto none = RunRadar(s->store(), s->radars(), **empty, *r, ro);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, Code::kNotFound) << none.error().ToString();

  std::vector<Paper> page;
  for (int i = 0; i < 20; ++i) {
    page.push_back(TopicPaper("2401.1" + Pad(i), kGraphWords, i, "2024-01-02", "cs.LG"));
    page.push_back(TopicPaper("2401.2" + Pad(i), kOceanWords, i, "2024-01-02", "physics.ao-ph"));
  }
  ASSERT_TRUE(s->store().UpsertPage(page, std::nullopt));
  s.reset();
  ASSERT_TRUE((*lib)->RefreshIndex());
  auto next = (*lib)->index();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->corpus().size(), 40u);
  EXPECT_EQ(next->index().fit_docs(), 40u) << "refitted, not extended from an empty vocabulary";
  auto s2 = (*lib)->OpenSession();
  auto ranked = RunRadar(s2->store(), s2->radars(), *next, *r, ro);
  ASSERT_TRUE(ranked) << ranked.error().ToString();
  ASSERT_FALSE(ranked->papers.empty());
  EXPECT_EQ(ranked->papers[0].view.paper.key.rfind("2401.1", 0), 0u) << "a graph paper leads";
}

TEST_F(LibraryTest, CachedRunsAnswerAsColdRunsAndFeedbackUpdatesTheModel) {
  store::RadarDefinition r = MakeRadar("ada", "graphs");
  RunReport cold = Run(r, "2024-06-03", false);
  RunReport cached = Run(r, "2024-06-03", true);
  RunReport again = Run(r, "2024-06-03", true);
  EXPECT_EQ(Keys(cold), Keys(cached));
  EXPECT_EQ(Keys(cached), Keys(again));
  ASSERT_FALSE(cached.papers.empty());
  for (size_t i = 0; i < cold.papers.size(); ++i) {
    EXPECT_NEAR(cold.papers[i].score, cached.papers[i].score, 1e-9);
    EXPECT_EQ(cold.papers[i].reasons, cached.papers[i].reasons);
  }
  auto index = lib_->WaitIndex();
  ASSERT_TRUE(index);
  auto m1 = lib_->ranks().Model(**index, r, nullptr);
  ASSERT_TRUE(m1);
  auto m2 = lib_->ranks().Model(**index, r, nullptr);
  ASSERT_TRUE(m2);
  EXPECT_EQ(m1->get(), m2->get()) << "unchanged radar: the cached model";

  // A dislike of the top paper: a new (warm-updated) model, the paper sinks.
  const std::string top = cached.papers.front().view.paper.key;
  {
    auto s = lib_->OpenSession();
    ASSERT_TRUE(RecordFeedback(s->store(), s->radars(), "ada", r.id, top, "dislike", 100));
    auto reloaded = FindRadarById(s->radars(), "ada", r.id);
    ASSERT_TRUE(reloaded);
    r = *reloaded;
  }
  auto m3 = lib_->ranks().Model(**index, r, nullptr);
  ASSERT_TRUE(m3);
  EXPECT_NE(m3->get(), m1->get());
  // A feedback update reuses the expansion (without the disliked paper).
  for (uint32_t i : (*m3)->expansion)
    EXPECT_NE(std::find((*m1)->expansion.begin(), (*m1)->expansion.end(), i),
              (*m1)->expansion.end());
  RunReport after = Run(r, "2024-06-03", true);
  for (const auto& p : after.papers)
    EXPECT_NE(p.view.paper.key, top) << "a disliked paper is not recommended back";
  EXPECT_EQ(after.rated, 1u);
}

TEST_F(LibraryTest, SessionsReadWhileAWriterIngestsAndTheIndexIsRefreshed) {
  store::RadarDefinition r = MakeRadar("ada", "graphs");
  ASSERT_TRUE(lib_->WaitIndex());
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0}, runs{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      while (!stop) {
        auto index = lib_->WaitIndex();
        if (!index) {
          ++failures;
          continue;
        }
        auto s = lib_->OpenSession();
        RunOptions o;
        o.date = "2024-06-03";
        o.limit = 5;
        o.record_shown = (t % 2) == 0;
        auto rep = RunRadar(s->store(), s->radars(), **index, r, o, &lib_->ranks());
        if (!rep || rep->papers.empty()) ++failures;
        DayQuery q;
        auto day = ListDay(s->store(), q);
        if (!day || day->papers.empty()) ++failures;
        ++runs;
      }
    });
  }
  for (int d = 0; d < 6; ++d) {
    std::vector<Paper> page;
    AddDay(&page, "2407." + std::to_string(d), "2408." + std::to_string(d), 200 + d * 10,
           "2024-07-0" + std::to_string(d + 1));
    Upsert(page);
    ASSERT_TRUE(lib_->RefreshIndex()) << lib_->last_refresh_error();
  }
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(runs.load(), 0);
  auto s = lib_->OpenSession();
  auto last = s->store().LastChange();
  ASSERT_TRUE(last);
  EXPECT_EQ(lib_->index()->seq(), *last);
  EXPECT_EQ(lib_->index()->corpus().size(), 90u + 60u);
}

TEST_F(LibraryTest, RadarWorkflowsRefuseAnotherUsersRadar) {
  store::RadarDefinition r = MakeRadar("ada", "graphs");
  auto s = lib_->OpenSession();
  RadarFields f;
  f.description = "oceans";
  auto edit = EditRadar(s->store(), s->radars(), "eve", r.id, f, nullptr);
  ASSERT_FALSE(edit);
  EXPECT_EQ(edit.error().code, Code::kNotFound);
  auto seeds = AddSeeds(s->store(), s->radars(), "eve", r.id, {"2401.20001"});
  ASSERT_FALSE(seeds);
  EXPECT_EQ(seeds.error().code, Code::kNotFound);
  auto fb = RecordFeedback(s->store(), s->radars(), "eve", r.id, "2406.10001", "like", 1);
  ASSERT_FALSE(fb);
  EXPECT_EQ(fb.error().code, Code::kNotFound);
  auto imported = ImportSeedText(s->store(), s->radars(), "eve", r.id, "x.bib",
                                 "@article{a, title={graph}}", "bibtex");
  ASSERT_FALSE(imported);
  EXPECT_EQ(imported.error().code, Code::kNotFound);
  auto mine = FindRadarById(s->radars(), "ada", r.id);
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->description, r.description);
  EXPECT_TRUE(mine->feedback.empty());
  EXPECT_TRUE(mine->seeds.empty());
}

TEST_F(LibraryTest, DayListingOrdersAndNavigates) {
  std::vector<Paper> page;
  page.push_back(TopicPaper("2406.90001", kGraphWords, 3, "2024-06-05", "cs.LG", "replace"));
  page.push_back(TopicPaper("2406.90002", kGraphWords, 4, "2024-06-05", "cs.LG", "cross"));
  page.push_back(TopicPaper("2406.90003", kGraphWords, 5, "2024-06-05", "cs.LG", "new"));
  Upsert(page);
  auto s = lib_->OpenSession();
  DayQuery q;
  auto day = ListDay(s->store(), q);
  ASSERT_TRUE(day) << day.error().ToString();
  EXPECT_EQ(day->date, "2024-06-05");
  EXPECT_EQ(day->types, (std::vector<std::string>{"new", "cross", "replace"}));
  EXPECT_EQ(day->previous_date, "2024-06-03");
  EXPECT_EQ(day->next_date, "");
  q.limit = 1;
  q.offset = 1;
  day = ListDay(s->store(), q);
  ASSERT_TRUE(day);
  ASSERT_EQ(day->papers.size(), 1u);
  EXPECT_EQ(day->papers[0].paper.key, "2406.90002");
  EXPECT_EQ(day->total, 3u);
  q.limit = -1;
  auto bad = ListDay(s->store(), q);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Code::kInvalidArgument);
  q = DayQuery{};
  q.date = "June 31";
  bad = ListDay(s->store(), q);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Code::kInvalidArgument);
}

}  // namespace
}  // namespace ah::service
