#include "ingest/fetch_loop.h"

#include <gtest/gtest.h>

#include <ctime>
#include <set>

#include "fakes/fake_clock.h"
#include "fakes/fake_source.h"
#include "fakes/loopback_server.h"
#include "fakes/memory_store.h"
#include "net/curl_http_client.h"

namespace ah::ingest {
namespace {

using ah::testing::CannedResponse;
using ah::testing::FakeClock;
using ah::testing::FakeSource;
using ah::testing::FakeSourceOptions;
using ah::testing::LoopbackServer;
using ah::testing::MemoryStore;

std::string HttpDate(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::set<std::string> ArxivIds(const MemoryStore& store) {
  std::set<std::string> ids;
  for (const Paper& p : store.papers()) ids.insert(p.ids.arxiv);
  return ids;
}

// Real HTTP over loopback through CurlHttpClient; time is fake, so backoff and
// politeness waits are recorded instead of slept.
class FetchLoopTest : public ::testing::Test {
 protected:
  FetchLoopTest() : limiter_(clock_, NoSpacing()) {}

  static net::PolitenessTable NoSpacing() {
    net::PolitenessTable t;
    t.SetDefaultPolicy({0, 1});  // only backoff sleeps show up in clock_.sleeps()
    return t;
  }

  void SetUp() override { ASSERT_TRUE(server_.ok()); }

  FakeSource Source(bool resumable = true) {
    FakeSourceOptions o;
    o.base_url = server_.Url("/feed");
    o.resumable = resumable;
    return FakeSource(o);
  }

  FetchLoop Loop(FetchOptions o = {}) {
    if (o.contact.empty()) o.contact = "ops@example.org";
    return FetchLoop(http_, store_, clock_, limiter_, o);
  }

  FetchReport MustRun(FetchLoop& loop, const sources::Source& src) {
    auto r = loop.Run(src, sources::FetchParams{});
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : FetchReport{};
  }

  // A three-page harvest: /feed -> p2 -> p3 (end).
  void ScriptThreePages(LoopbackServer& server) {
    server.SetDefault("/feed", CannedResponse::Text("2601.00001 One\n2601.00002 Two\nNEXT p2\n"));
    server.SetDefault("/feed?cursor=p2",
                      CannedResponse::Text("2601.00003 Three\n2601.00004 Four\nNEXT p3\n"));
    server.SetDefault("/feed?cursor=p3", CannedResponse::Text("2601.00005 Five\n"));
  }

  LoopbackServer server_;
  MemoryStore store_;
  FakeClock clock_;
  net::RateLimiter limiter_;
  net::CurlHttpClient http_{net::CurlHttpClientOptions{net::MakeUserAgent("ops@example.org"), 5}};
};

TEST_F(FetchLoopTest, StoresAPageWithListingContextAndLogsTheRequest) {
  server_.Enqueue("/feed", CannedResponse::Text("2601.00001 First paper\n2601.00002 Second\n"));
  FetchLoop loop = Loop();
  FetchReport r = MustRun(loop, Source());
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.pages, 1);
  EXPECT_EQ(r.added, 2);
  EXPECT_EQ(r.requests, 1);
  EXPECT_EQ(r.retries, 0);

  auto papers = store_.papers();
  ASSERT_EQ(papers.size(), 2u);
  EXPECT_EQ(papers[0].ids.arxiv, "2601.00001");
  EXPECT_EQ(papers[0].title, "First paper");
  ASSERT_EQ(papers[0].listings.size(), 1u);
  EXPECT_EQ(papers[0].listings[0].source, "fake");
  EXPECT_EQ(papers[0].listings[0].channel, "test");     // from the name "fake:test"
  EXPECT_EQ(papers[0].listings[0].date, "2026-06-01");  // today per the clock

  auto log = store_.fetch_log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].source, "fake:test");
  EXPECT_EQ(log[0].url, server_.Url("/feed"));
  EXPECT_EQ(log[0].http_status, 200);
  EXPECT_EQ(log[0].added, 2);
  EXPECT_EQ(log[0].error, "");
  EXPECT_EQ(store_.cursors().at("fake:test"), "");  // harvest complete
}

TEST_F(FetchLoopTest, FieldsOverTheLimitsAreCutWithAWarningNamingTheUrl) {
  server_.Enqueue("/feed", CannedResponse::Text("2601.00001 Evil \x1b]0;x\x07" +
                                                std::string(5000, 't') + "\n2601.00002 Fine\n"));
  FetchLoop loop = Loop();
  FetchReport r = MustRun(loop, Source());
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.added, 2);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(
      r.warnings[0].message.rfind(server_.Url("/feed") + ": record 0 (2601.00001): title of", 0),
      0u)
      << r.warnings[0].message;
  auto papers = store_.papers();
  ASSERT_EQ(papers.size(), 2u);
  EXPECT_EQ(papers[0].title.size(), 2048u);
  EXPECT_EQ(papers[0].title.rfind("Evil ]0;xttt", 0), 0u);
}

TEST_F(FetchLoopTest, UserAgentCarriesContactAndAcceptIsSent) {
  server_.Enqueue("/feed", CannedResponse::Text("2601.00001 A\n"));
  FetchLoop loop = Loop();
  MustRun(loop, Source());
  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_NE(reqs[0].Header("user-agent").find("mailto:ops@example.org"), std::string::npos);
  EXPECT_EQ(reqs[0].Header("accept"), "text/plain");
}

TEST_F(FetchLoopTest, EtagThen304StoresNothingNew) {
  CannedResponse r = CannedResponse::Text("2601.00001 A\n2601.00002 B\n");
  r.etag = "\"v1\"";
  server_.SetDefault("/feed", r);
  FetchLoop loop = Loop();
  FakeSource src = Source(/*resumable=*/false);

  FetchReport first = MustRun(loop, src);
  EXPECT_EQ(first.added, 2);
  EXPECT_FALSE(first.not_modified);
  ASSERT_EQ(store_.upsert_calls(), 1);

  FetchReport second = MustRun(loop, src);
  EXPECT_TRUE(second.not_modified);
  EXPECT_TRUE(second.complete);
  EXPECT_TRUE(second.ok());
  EXPECT_EQ(second.pages, 0);
  EXPECT_EQ(second.added + second.updated + second.unchanged, 0);
  EXPECT_EQ(store_.upsert_calls(), 1);  // nothing written
  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].Header("if-none-match"), "");
  EXPECT_EQ(reqs[1].Header("if-none-match"), "\"v1\"");
  auto log = store_.fetch_log();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[1].http_status, 304);
}

TEST_F(FetchLoopTest, LastModifiedIsSentBackAsIfModifiedSince) {
  CannedResponse r = CannedResponse::Text("2601.00001 A\n");
  r.last_modified = "Mon, 01 Jun 2026 00:00:00 GMT";
  server_.SetDefault("/feed", r);
  FetchLoop loop = Loop();
  FakeSource src = Source(/*resumable=*/false);
  MustRun(loop, src);
  FetchReport second = MustRun(loop, src);
  EXPECT_TRUE(second.not_modified);
  EXPECT_EQ(server_.requests().at(1).Header("if-modified-since"), "Mon, 01 Jun 2026 00:00:00 GMT");
}

TEST_F(FetchLoopTest, ResumableHarvestsSendNoValidators) {
  CannedResponse r = CannedResponse::Text("2601.00001 A\n");
  r.etag = "\"v1\"";
  server_.SetDefault("/feed", r);
  FetchLoop loop = Loop();
  MustRun(loop, Source());
  FetchReport second = MustRun(loop, Source());
  EXPECT_FALSE(second.not_modified);
  EXPECT_EQ(second.unchanged, 1);
  EXPECT_EQ(server_.requests().at(1).Header("if-none-match"), "");
}

TEST_F(FetchLoopTest, Retries429HonouringRetryAfter) {
  server_.Enqueue("/feed", CannedResponse::WithRetryAfter(429, "7", "slow down"));
  server_.Enqueue("/feed", CannedResponse::Text("2601.00001 A\n"));
  FetchLoop loop = Loop();
  FetchReport r = MustRun(loop, Source());
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.added, 1);
  EXPECT_EQ(r.requests, 2);
  EXPECT_EQ(r.retries, 1);
  EXPECT_GE(clock_.max_sleep_ms(), 7000);
  auto log = store_.fetch_log();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].http_status, 429);
  EXPECT_NE(log[0].error.find("429"), std::string::npos);
  EXPECT_EQ(log[1].http_status, 200);
}

TEST_F(FetchLoopTest, Retries503HonouringAnHttpDateRetryAfter) {
  server_.Enqueue("/feed",
                  CannedResponse::WithRetryAfter(503, HttpDate(clock_.NowUnix() + 30), "busy"));
  server_.Enqueue("/feed", CannedResponse::Text("2601.00001 A\n"));
  FetchLoop loop = Loop();
  FetchReport r = MustRun(loop, Source());
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.retries, 1);
  EXPECT_GE(clock_.max_sleep_ms(), 30000);
}

TEST_F(FetchLoopTest, RetryAfterIsCappedByMaxBackoff) {
  server_.Enqueue("/feed", CannedResponse::WithRetryAfter(503, "86400"));
  server_.Enqueue("/feed", CannedResponse::Text("2601.00001 A\n"));
  FetchOptions o;
  o.max_backoff_ms = 5000;
  FetchLoop loop = Loop(o);
  FetchReport r = MustRun(loop, Source());
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(clock_.sleeps(), std::vector<int64_t>{5000});
}

TEST_F(FetchLoopTest, BackoffGrowsExponentiallyWithJitterWithoutRetryAfter) {
  for (int i = 0; i < 3; ++i) server_.Enqueue("/feed", CannedResponse::Text("oops", 500));
  server_.Enqueue("/feed", CannedResponse::Text("2601.00001 A\n"));
  FetchOptions o;
  o.base_backoff_ms = 1000;
  FetchLoop loop = Loop(o);
  FetchReport r = MustRun(loop, Source());
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.retries, 3);
  auto sleeps = clock_.sleeps();
  ASSERT_EQ(sleeps.size(), 3u);
  for (size_t i = 0; i < sleeps.size(); ++i) {
    const int64_t d = 1000LL << i;
    EXPECT_GE(sleeps[i], d / 2) << i;
    EXPECT_LE(sleeps[i], d) << i;
  }
}

TEST_F(FetchLoopTest, JitterIsDeterministicForASeed) {
  auto run = [&](uint64_t seed) {
    LoopbackServer server;
    for (int i = 0; i < 3; ++i) server.Enqueue("/feed", CannedResponse::Text("x", 502));
    server.Enqueue("/feed", CannedResponse::Text("2601.00001 A\n"));
    MemoryStore store;
    FakeClock clock;
    net::RateLimiter limiter(clock, NoSpacing());
    FetchOptions o;
    o.jitter_seed = seed;
    FetchLoop loop(http_, store, clock, limiter, o);
    FakeSourceOptions so;
    so.base_url = server.Url("/feed");
    EXPECT_TRUE(loop.Run(FakeSource(so), {}));
    return clock.sleeps();
  };
  EXPECT_EQ(run(42), run(42));
}

TEST_F(FetchLoopTest, RetriesExhaustedLogsTheErrorAndStoresNothing) {
  server_.SetDefault("/feed", CannedResponse::Text("Service Unavailable", 503));
  FetchOptions o;
  o.max_retries = 2;
  FetchLoop loop = Loop(o);
  FetchReport r = MustRun(loop, Source());
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(r.requests, 3);
  EXPECT_EQ(r.retries, 2);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].code, Code::kUnavailable);
  EXPECT_NE(r.errors[0].message.find(server_.Url("/feed")), std::string::npos);
  EXPECT_NE(r.errors[0].message.find("503"), std::string::npos);
  EXPECT_NE(r.errors[0].message.find("3 attempts"), std::string::npos);
  EXPECT_TRUE(store_.papers().empty());
  EXPECT_EQ(store_.upsert_calls(), 0);
  EXPECT_EQ(store_.cursors().count("fake:test"), 0u);
  auto log = store_.fetch_log();
  ASSERT_EQ(log.size(), 3u);
  for (const auto& e : log) {
    EXPECT_EQ(e.http_status, 503);
    EXPECT_FALSE(e.error.empty());
  }
}

TEST_F(FetchLoopTest, OtherClientErrorsFailAtOnceNamingUrlStatusAndBody) {
  server_.SetDefault("/feed", CannedResponse::Text("<html><body>No such feed</body></html>", 404));
  FetchLoop loop = Loop();
  FetchReport r = MustRun(loop, Source());
  EXPECT_EQ(r.requests, 1);
  EXPECT_EQ(r.retries, 0);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].code, Code::kNotFound);
  const std::string& m = r.errors[0].message;
  EXPECT_NE(m.find(server_.Url("/feed")), std::string::npos) << m;
  EXPECT_NE(m.find("HTTP 404"), std::string::npos) << m;
  EXPECT_NE(m.find("No such feed"), std::string::npos) << m;
  EXPECT_TRUE(store_.papers().empty());
}

TEST_F(FetchLoopTest, TruncatedBodyIsRetriedAndNothingIsHalfStored) {
  CannedResponse r = CannedResponse::Text("2601.00001 A\n2601.00002 B\n2601.00003 C\n");
  r.truncate_at = 14;  // the first line would parse
  server_.SetDefault("/feed", r);
  FetchOptions o;
  o.max_retries = 1;
  FetchLoop loop = Loop(o);
  FetchReport rep = MustRun(loop, Source());
  EXPECT_EQ(rep.requests, 2);
  ASSERT_EQ(rep.errors.size(), 1u);
  EXPECT_EQ(rep.errors[0].code, Code::kIo);
  EXPECT_NE(rep.errors[0].message.find("truncated"), std::string::npos);
  EXPECT_TRUE(store_.papers().empty());
  EXPECT_EQ(store_.upsert_calls(), 0);
}

TEST_F(FetchLoopTest, BodyTooLargeIsNotRetried) {
  server_.SetDefault("/feed", CannedResponse::Text(std::string(5000, '#')));
  FetchOptions o;
  o.max_body_bytes = 1000;
  FetchLoop loop = Loop(o);
  FetchReport r = MustRun(loop, Source());
  EXPECT_EQ(r.requests, 1);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].code, Code::kTooLarge);
}

TEST_F(FetchLoopTest, GzipBodyIsDecompressedBeforeParsing) {
  CannedResponse r = CannedResponse::Text("2601.00001 Zipped\n");
  r.gzip = true;
  server_.Enqueue("/feed", r);
  FetchLoop loop = Loop();
  FetchReport rep = MustRun(loop, Source());
  EXPECT_EQ(rep.added, 1);
  ASSERT_EQ(store_.papers().size(), 1u);
  EXPECT_EQ(store_.papers()[0].title, "Zipped");
}

TEST_F(FetchLoopTest, ParseErrorStopsKeepsCursorAndARerunRetriesThePage) {
  server_.SetDefault("/feed", CannedResponse::Text("2601.00001 A\nNEXT p2\n"));
  server_.Enqueue("/feed?cursor=p2", CannedResponse::Text("<html>maintenance</html>"));
  server_.SetDefault("/feed?cursor=p2", CannedResponse::Text("2601.00002 B\n"));
  FetchLoop loop = Loop();
  FetchReport r = MustRun(loop, Source());
  EXPECT_EQ(r.pages, 1);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].code, Code::kParse);
  EXPECT_NE(r.errors[0].message.find(server_.Url("/feed?cursor=p2")), std::string::npos);
  EXPECT_EQ(r.retries, 0);  // a parse error is not retried
  EXPECT_EQ(ArxivIds(store_), (std::set<std::string>{"2601.00001"}));
  EXPECT_EQ(store_.cursors().at("fake:test"), "p2");
  auto log = store_.fetch_log();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_NE(log[1].error.find("markup"), std::string::npos);

  FetchReport again = MustRun(loop, Source());
  EXPECT_TRUE(again.ok());
  EXPECT_EQ(server_.requests().back().target, "/feed?cursor=p2");
  EXPECT_EQ(ArxivIds(store_), (std::set<std::string>{"2601.00001", "2601.00002"}));
  EXPECT_EQ(store_.cursors().at("fake:test"), "");
}

TEST_F(FetchLoopTest, RejectedRecordsAreCountedAndReported) {
  server_.Enqueue("/feed", CannedResponse::Text("2601.00001 A\nnot-an-id B\n"));
  FetchLoop loop = Loop();
  FetchReport r = MustRun(loop, Source());
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.added, 1);
  EXPECT_EQ(r.rejected, 1);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].message.find("line 2"), std::string::npos);
  EXPECT_EQ(store_.fetch_log().at(0).rejected, 1);
}

TEST_F(FetchLoopTest, InterruptedHarvestResumesAndMatchesAnUninterruptedRun) {
  // Uninterrupted reference run.
  LoopbackServer ref_server;
  ScriptThreePages(ref_server);
  MemoryStore ref_store;
  {
    FakeSourceOptions so;
    so.base_url = ref_server.Url("/feed");
    FetchLoop loop(http_, ref_store, clock_, limiter_, FetchOptions{});
    auto r = loop.Run(FakeSource(so), {});
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->complete);
    EXPECT_EQ(r->pages, 3);
  }

  // Page 2 fails beyond the retries on the first run.
  ScriptThreePages(server_);
  FetchOptions o;
  o.max_retries = 2;
  for (int i = 0; i <= o.max_retries; ++i) {
    server_.Enqueue("/feed?cursor=p2", CannedResponse::Text("Internal Server Error", 500));
  }
  FetchLoop loop = Loop(o);
  FetchReport first = MustRun(loop, Source());
  EXPECT_EQ(first.pages, 1);
  EXPECT_FALSE(first.complete);
  ASSERT_EQ(first.errors.size(), 1u);
  EXPECT_EQ(first.cursor, "p2");
  EXPECT_EQ(store_.cursors().at("fake:test"), "p2");
  EXPECT_EQ(store_.papers().size(), 2u);

  const size_t before = server_.request_count();
  FetchReport second = MustRun(loop, Source());
  EXPECT_TRUE(second.ok());
  EXPECT_TRUE(second.complete);
  EXPECT_EQ(second.pages, 2);
  EXPECT_EQ(server_.requests().at(before).target, "/feed?cursor=p2");  // resumed, not restarted
  EXPECT_EQ(store_.cursors().at("fake:test"), "");

  EXPECT_EQ(ArxivIds(store_), ArxivIds(ref_store));
  EXPECT_EQ(store_.papers().size(), ref_store.papers().size());
  EXPECT_EQ(first.added + second.added, 5);
}

TEST_F(FetchLoopTest, StoreFailureLeavesCursorAtLastCommittedPage) {
  ScriptThreePages(server_);
  store_.FailUpsertOnCall(2);
  FetchLoop loop = Loop();
  FetchReport r = MustRun(loop, Source());
  EXPECT_EQ(r.pages, 1);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].code, Code::kIo);
  EXPECT_EQ(store_.cursors().at("fake:test"), "p2");
  EXPECT_EQ(ArxivIds(store_), (std::set<std::string>{"2601.00001", "2601.00002"}));

  FetchReport resumed = MustRun(loop, Source());
  EXPECT_TRUE(resumed.complete);
  EXPECT_EQ(ArxivIds(store_).size(), 5u);
}

TEST_F(FetchLoopTest, ReingestingIsReportedUnchanged) {
  ScriptThreePages(server_);
  FetchLoop loop = Loop();
  FetchReport first = MustRun(loop, Source());
  EXPECT_EQ(first.added, 5);
  FetchReport second = MustRun(loop, Source());  // cursor "" = complete, starts over
  EXPECT_EQ(second.added, 0);
  EXPECT_EQ(second.unchanged, 5);
}

TEST_F(FetchLoopTest, ACursorThatDoesNotAdvanceStopsTheRun) {
  server_.SetDefault("/feed", CannedResponse::Text("2601.00001 A\nNEXT same\n"));
  server_.SetDefault("/feed?cursor=same", CannedResponse::Text("2601.00002 B\nNEXT same\n"));
  FetchLoop loop = Loop();
  FetchReport r = MustRun(loop, Source());
  EXPECT_EQ(r.pages, 2);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].code, Code::kCorrupt);
}

TEST_F(FetchLoopTest, MaxPagesStopsWithTheCursorSavedForTheNextRun) {
  ScriptThreePages(server_);
  FetchOptions o;
  o.max_pages = 2;
  FetchLoop loop = Loop(o);
  FetchReport r = MustRun(loop, Source());
  EXPECT_EQ(r.pages, 2);
  EXPECT_FALSE(r.complete);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(store_.cursors().at("fake:test"), "p3");
  FetchReport rest = MustRun(loop, Source());
  EXPECT_TRUE(rest.complete);
  EXPECT_EQ(rest.pages, 1);
}

TEST_F(FetchLoopTest, PagesOfAnArxivStyleHostAreSpacedByThePolitenessTable) {
  ScriptThreePages(server_);
  net::PolitenessTable t;
  t.SetDefaultPolicy({3000, 1});
  net::RateLimiter limiter(clock_, t);
  FetchLoop loop(http_, store_, clock_, limiter, FetchOptions{});
  auto r = loop.Run(Source(), {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->pages, 3);
  // Requests 2 and 3 each waited for the 3 s interval (no real time passes).
  EXPECT_EQ(clock_.sleeps(), (std::vector<int64_t>{3000, 3000}));
}

TEST(BodySnippet, CollapsesWhitespaceAndCutsOnACharacterBoundary) {
  EXPECT_EQ(BodySnippet("  a\n\tb  c "), "a b c");
  std::string s = "ab" + std::string("\xC3\xA9") + "cd";  // "abécd"
  EXPECT_EQ(BodySnippet(s, 3), "ab...");
  EXPECT_EQ(BodySnippet(s, 4), "ab\xC3\xA9...");  // a complete character is kept
  EXPECT_EQ(BodySnippet(std::string(500, 'x'), 200).size(), 203u);
  EXPECT_EQ(BodySnippet("abc   \n", 3), "abc");  // only whitespace left: not cut
  EXPECT_EQ(BodySnippet(""), "");
}

TEST(ChannelOfSourceName, IsThePartAfterTheFirstColon) {
  EXPECT_EQ(ChannelOfSourceName("arxiv:cs.LG"), "cs.LG");
  EXPECT_EQ(ChannelOfSourceName("crossref:0028-0836"), "0028-0836");
  EXPECT_EQ(ChannelOfSourceName("biorxiv"), "");
}

}  // namespace
}  // namespace ah::ingest
