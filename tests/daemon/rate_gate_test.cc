// The rate limiter with the library's politeness turns: the interval holds
// across limiters (processes) sharing one library, on SQLite and on PostgreSQL
// (a schema of its own on the test server: store/pg_test_db.h).
#include "daemon/rate_gate.h"

#include <gtest/gtest.h>

#include "fakes/fake_clock.h"
#include "store/open.h"
#include "store/pg_test_db.h"
#include "testing.h"

namespace ah::daemon {
namespace {

class LibraryRateGateTest : public ::testing::TestWithParam<store::testing::BackendKind> {};

TEST_P(LibraryRateGateTest, TwoLimitersOnOneLibraryKeepArxivsInterval) {
  ah::testing::TempDir dir;
  std::unique_ptr<store::testing::TestLocation> location;
  AH_OPEN_TEST_LOCATION(location, GetParam(), dir.path());
  const std::string lib = location->location();
  auto a = store::OpenJobStore(lib, true);
  auto b = store::OpenJobStore(lib, false);
  ASSERT_TRUE(a && b);
  LibraryRateGate gate_a(std::move(*a)), gate_b(std::move(*b));
  // One clock for both "processes", as the machine's wall clock is.
  ah::testing::FakeClock clock;
  net::RateLimiter one(clock), two(clock);
  one.SetSharedGate(&gate_a);
  two.SetSharedGate(&gate_b);
  const std::string url = "https://rss.arxiv.org/rss/cs.CL";
  EXPECT_EQ(one.Acquire(url), 0);
  one.Release(url);
  // The other limiter has never talked to arXiv, yet waits for the library's turn.
  EXPECT_EQ(two.Acquire(url), 3000);
  two.Release(url);
  EXPECT_GE(one.Acquire(url), 3000);
  one.Release(url);
}

INSTANTIATE_TEST_SUITE_P(Backends, LibraryRateGateTest,
                         ::testing::Values(store::testing::BackendKind::kSqlite,
                                           store::testing::BackendKind::kPostgres),
                         store::testing::KindName);

}  // namespace
}  // namespace ah::daemon
