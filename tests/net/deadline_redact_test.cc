// CurlHttpClient with a Deadline (expired, shortening the timeout, cancelled
// mid-transfer) and the redaction of credentials in its error messages.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/clock.h"
#include "core/deadline.h"
#include "fakes/fake_clock.h"
#include "fakes/loopback_server.h"
#include "net/curl_http_client.h"

namespace ah::net {
namespace {

using ah::testing::CannedResponse;
using ah::testing::FakeClock;
using ah::testing::LoopbackServer;

HttpRequest Get(const std::string& url) {
  HttpRequest r;
  r.url = url;
  return r;
}

// A body that stalls after its first byte until the server stops.
CannedResponse Stalling() {
  CannedResponse r = CannedResponse::Text(std::string(100, 's'));
  r.chunk_bytes = 1;
  r.chunk_delay_ms = 60'000;
  return r;
}

int64_t ElapsedMs(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               since)
      .count();
}

class HttpDeadlineTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.ok()); }
  LoopbackServer server_;
  CurlHttpClient client_;
};

TEST_F(HttpDeadlineTest, ExpiredDeadlineSendsNothing) {
  FakeClock clock;
  Deadline deadline(&clock, 1'000);
  clock.AdvanceMs(1'000);
  server_.Enqueue("/x", CannedResponse::Text("never"));
  HttpRequest req = Get(server_.Url("/x"));
  req.deadline = &deadline;
  auto res = client_.Send(req);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kCancelled) << res.error().ToString();
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(HttpDeadlineTest, DeadlineShortensTheTimeout) {
  SystemClock clock;
  Deadline deadline(&clock, 400);
  server_.Enqueue("/stall", Stalling());
  HttpRequest req = Get(server_.Url("/stall"));
  req.timeout_ms = 60'000;
  req.low_speed_timeout_ms = 60'000;
  req.deadline = &deadline;
  const auto start = std::chrono::steady_clock::now();
  auto res = client_.Send(req);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kCancelled) << res.error().ToString();
  EXPECT_LT(ElapsedMs(start), 10'000);
}

TEST_F(HttpDeadlineTest, CancellingAbortsATransferInFlight) {
  SystemClock clock;
  Deadline deadline(&clock, 0);  // no time limit: only cancellation ends it
  server_.Enqueue("/stall", Stalling());
  HttpRequest req = Get(server_.Url("/stall"));
  req.timeout_ms = 60'000;
  req.low_speed_timeout_ms = 60'000;
  req.deadline = &deadline;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    deadline.Cancel();
  });
  const auto start = std::chrono::steady_clock::now();
  auto res = client_.Send(req);
  canceller.join();
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kCancelled) << res.error().ToString();
  EXPECT_NE(res.error().message.find("cancelled"), std::string::npos) << res.error().message;
  EXPECT_LT(ElapsedMs(start), 10'000);
}

TEST_F(HttpDeadlineTest, TimeoutWithinTheDeadlineIsStillATimeout) {
  SystemClock clock;
  Deadline deadline(&clock, 60'000);
  server_.Enqueue("/stall", Stalling());
  HttpRequest req = Get(server_.Url("/stall"));
  req.timeout_ms = 300;
  req.deadline = &deadline;
  auto res = client_.Send(req);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kUnavailable) << res.error().ToString();
}

TEST_F(HttpDeadlineTest, UrlCredentialsNeverReachTheMessage) {
  std::string url = server_.Url("/gone");
  url.replace(url.find("://") + 3, 0, "alice:hunter2@");
  server_.Stop();
  HttpRequest req = Get(url + "?api_key=s3cr3tvalue");
  auto res = client_.Send(req);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kUnreachable) << res.error().ToString();
  EXPECT_EQ(res.error().message.find("hunter2"), std::string::npos) << res.error().message;
  EXPECT_EQ(res.error().message.find("s3cr3tvalue"), std::string::npos) << res.error().message;
  EXPECT_NE(res.error().message.find("127.0.0.1"), std::string::npos) << res.error().message;
}

}  // namespace
}  // namespace ah::net
