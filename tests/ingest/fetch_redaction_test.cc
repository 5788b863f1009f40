// Credentials in a source URL ("user:pass@") and secrets a server echoes in its
// error body never reach the fetch log (stored in the library) or the report.
#include <gtest/gtest.h>

#include "fakes/fake_clock.h"
#include "fakes/fake_source.h"
#include "fakes/loopback_server.h"
#include "fakes/memory_store.h"
#include "ingest/fetch_loop.h"
#include "net/curl_http_client.h"

namespace ah::ingest {
namespace {

using ah::testing::CannedResponse;
using ah::testing::FakeClock;
using ah::testing::FakeSource;
using ah::testing::FakeSourceOptions;
using ah::testing::LoopbackServer;
using ah::testing::MemoryStore;

bool Has(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

TEST(FetchRedaction, UrlCredentialsAndEchoedKeysAreNotLogged) {
  LoopbackServer server;
  ASSERT_TRUE(server.ok());
  server.SetDefault(
      "/feed",
      CannedResponse::Text("denied: Authorization: Bearer sk-abcdefghijklmnopqrstuvwxyz", 401));
  FakeClock clock;
  net::PolitenessTable table;
  table.SetDefaultPolicy({0, 1});
  net::RateLimiter limiter(clock, table);
  net::CurlHttpClient http;
  MemoryStore store;
  FetchLoop loop(http, store, clock, limiter, FetchOptions{});
  FakeSourceOptions o;
  std::string url = server.Url("/feed");
  url.replace(url.find("://") + 3, 0, "alice:hunter2@");
  o.base_url = url;
  auto r = loop.Run(FakeSource(o), sources::FetchParams{});
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_FALSE(r->errors.empty());
  for (const Error& e : r->errors) {
    EXPECT_FALSE(Has(e.message, "hunter2")) << e.message;
    EXPECT_FALSE(Has(e.message, "sk-abcdefghijklmnop")) << e.message;
  }
  auto log = store.fetch_log();
  ASSERT_FALSE(log.empty());
  for (const auto& entry : log) {
    EXPECT_FALSE(Has(entry.url, "hunter2")) << entry.url;
    EXPECT_TRUE(Has(entry.url, "127.0.0.1")) << entry.url;
    EXPECT_FALSE(Has(entry.error, "hunter2")) << entry.error;
    EXPECT_FALSE(Has(entry.error, "sk-abcdefghijklmnop")) << entry.error;
  }
}

}  // namespace
}  // namespace ah::ingest
