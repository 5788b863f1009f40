#include "net/curl_http_client.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "fakes/loopback_server.h"

namespace ah::net {
namespace {

using ah::testing::CannedResponse;
using ah::testing::LoopbackServer;

HttpRequest Get(const std::string& url) {
  HttpRequest r;
  r.url = url;
  return r;
}

class CurlHttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.ok()); }
  LoopbackServer server_;
  CurlHttpClient client_{CurlHttpClientOptions{MakeUserAgent("ops@example.org"), 5}};
};

TEST_F(CurlHttpClientTest, ReturnsStatusBodyAndLowerCasedHeaders) {
  CannedResponse r = CannedResponse::Text("hello\n");
  r.headers.emplace_back("X-Custom-Thing", "Some Value");
  server_.Enqueue("/ok", r);
  auto res = client_.Send(Get(server_.Url("/ok")));
  ASSERT_TRUE(res) << res.error().ToString();
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "hello\n");
  EXPECT_EQ(res->Header("x-custom-thing"), "Some Value");
  EXPECT_EQ(res->content_type(), "text/plain");
  EXPECT_EQ(res->effective_url, server_.Url("/ok"));
}

TEST_F(CurlHttpClientTest, UserAgentCarriesTheContact) {
  server_.Enqueue("/ua", CannedResponse::Text("x"));
  ASSERT_TRUE(client_.Send(Get(server_.Url("/ua"))));
  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].Header("user-agent"),
            "AcademicHub/0.1 (+https://github.com/academichub; mailto:ops@example.org)");
}

TEST_F(CurlHttpClientTest, SendsAcceptAndExtraHeadersAndAdvertisesGzip) {
  server_.Enqueue("/h", CannedResponse::Text("x"));
  HttpRequest req = Get(server_.Url("/h?q=1"));
  req.headers = {{"Accept", "application/atom+xml"}, {"X-Api-Key", "k"}};
  ASSERT_TRUE(client_.Send(req));
  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].Header("accept"), "application/atom+xml");
  EXPECT_EQ(reqs[0].Header("x-api-key"), "k");
  EXPECT_EQ(reqs[0].query, "q=1");
  EXPECT_NE(reqs[0].Header("accept-encoding").find("gzip"), std::string::npos);
}

TEST_F(CurlHttpClientTest, SendsConditionalValidatorsAnd304IsAResponse) {
  CannedResponse r = CannedResponse::Text("body");
  r.etag = "\"v1\"";
  server_.SetDefault("/c", r);
  HttpRequest req = Get(server_.Url("/c"));
  req.if_none_match = "\"v1\"";
  req.if_modified_since = "Sun, 06 Nov 1994 08:49:37 GMT";
  auto res = client_.Send(req);
  ASSERT_TRUE(res) << res.error().ToString();
  EXPECT_EQ(res->status, 304);
  EXPECT_EQ(res->body, "");
  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].Header("if-none-match"), "\"v1\"");
  EXPECT_EQ(reqs[0].Header("if-modified-since"), "Sun, 06 Nov 1994 08:49:37 GMT");
}

TEST_F(CurlHttpClientTest, EtagIsReportedForLaterConditionalGets) {
  CannedResponse r = CannedResponse::Text("body");
  r.etag = "\"abc\"";
  r.last_modified = "Mon, 01 Jun 2026 00:00:00 GMT";
  server_.Enqueue("/e", r);
  auto res = client_.Send(Get(server_.Url("/e")));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->etag(), "\"abc\"");
  EXPECT_EQ(res->last_modified(), "Mon, 01 Jun 2026 00:00:00 GMT");
}

TEST_F(CurlHttpClientTest, HttpErrorStatusesAreResponsesNotErrors) {
  server_.Enqueue("/busy", CannedResponse::WithRetryAfter(503, "120", "try later"));
  auto res = client_.Send(Get(server_.Url("/busy")));
  ASSERT_TRUE(res) << res.error().ToString();
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(res->Header("retry-after"), "120");
  EXPECT_EQ(res->body, "try later");
}

TEST_F(CurlHttpClientTest, GzipBodyIsDecompressed) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "line " + std::to_string(i) + " of a compressible feed\n";
  CannedResponse r = CannedResponse::Text(text);
  r.gzip = true;
  r.content_type = "application/xml";
  server_.Enqueue("/gz", r);
  auto res = client_.Send(Get(server_.Url("/gz")));
  ASSERT_TRUE(res) << res.error().ToString();
  EXPECT_EQ(res->Header("content-encoding"), "gzip");
  EXPECT_EQ(res->body, text);
}

TEST_F(CurlHttpClientTest, BodyLimitAppliesAfterDecompression) {
  CannedResponse r = CannedResponse::Text(std::string(200000, 'a'));  // compresses to < 1 KB
  r.gzip = true;
  server_.Enqueue("/bomb", r);
  HttpRequest req = Get(server_.Url("/bomb"));
  req.max_body_bytes = 10000;
  auto res = client_.Send(req);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kTooLarge);
}

TEST_F(CurlHttpClientTest, BodyTooLargeNamesUrlAndLimit) {
  server_.Enqueue("/big", CannedResponse::Text(std::string(5000, 'x')));
  HttpRequest req = Get(server_.Url("/big"));
  req.max_body_bytes = 1000;
  auto res = client_.Send(req);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kTooLarge);
  EXPECT_NE(res.error().message.find(server_.Url("/big")), std::string::npos);
  EXPECT_NE(res.error().message.find("1000"), std::string::npos);
}

TEST_F(CurlHttpClientTest, BodyExactlyAtTheLimitIsAccepted) {
  server_.Enqueue("/edge", CannedResponse::Text(std::string(1000, 'x')));
  HttpRequest req = Get(server_.Url("/edge"));
  req.max_body_bytes = 1000;
  auto res = client_.Send(req);
  ASSERT_TRUE(res) << res.error().ToString();
  EXPECT_EQ(res->body.size(), 1000u);
}

TEST_F(CurlHttpClientTest, TruncatedBodyIsIoErrorNamingUrlAndBytes) {
  CannedResponse r = CannedResponse::Text(std::string(1000, 'x'));
  r.truncate_at = 100;
  server_.Enqueue("/cut", r);
  auto res = client_.Send(Get(server_.Url("/cut")));
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kIo);
  const std::string& m = res.error().message;
  EXPECT_NE(m.find(server_.Url("/cut")), std::string::npos) << m;
  EXPECT_NE(m.find("after 100 of 1000 bytes"), std::string::npos) << m;
}

TEST_F(CurlHttpClientTest, SlowBodyWithinTimeoutSucceeds) {
  CannedResponse r = CannedResponse::Text("0123456789abcdefghij0123456789");
  r.chunk_bytes = 10;
  r.chunk_delay_ms = 50;
  server_.Enqueue("/slow", r);
  HttpRequest req = Get(server_.Url("/slow"));
  req.timeout_ms = 20000;
  auto res = client_.Send(req);
  ASSERT_TRUE(res) << res.error().ToString();
  EXPECT_EQ(res->body, "0123456789abcdefghij0123456789");
}

TEST_F(CurlHttpClientTest, SlowChunkedBodyWithinTimeoutSucceeds) {
  CannedResponse r = CannedResponse::Text("0123456789abcdefghij0123456789");
  r.content_type = "application/octet-stream";
  r.chunk_bytes = 7;
  r.chunk_delay_ms = 30;
  r.chunked_encoding = true;
  server_.Enqueue("/slowc", r);
  auto res = client_.Send(Get(server_.Url("/slowc")));
  ASSERT_TRUE(res) << res.error().ToString();
  EXPECT_EQ(res->body, "0123456789abcdefghij0123456789");
  EXPECT_EQ(res->Header("transfer-encoding"), "chunked");
}

TEST_F(CurlHttpClientTest, LowSpeedTimeoutFires) {
  CannedResponse r = CannedResponse::Text(std::string(100, 's'));
  // One byte, then a stall (interrupted by Stop()). libcurl averages speed over ~5 s,
  // so a larger first chunk would keep the average above 1 byte/s for seconds.
  r.chunk_bytes = 1;
  r.chunk_delay_ms = 60000;
  server_.Enqueue("/stall", r);
  HttpRequest req = Get(server_.Url("/stall"));
  req.timeout_ms = 60000;
  req.low_speed_timeout_ms = 1000;
  auto res = client_.Send(req);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kUnavailable);
  EXPECT_NE(res.error().message.find(server_.Url("/stall")), std::string::npos);
}

TEST_F(CurlHttpClientTest, TotalTimeoutFires) {
  CannedResponse r = CannedResponse::Text(std::string(100, 's'));
  r.chunk_bytes = 10;
  r.chunk_delay_ms = 60000;
  server_.Enqueue("/late", r);
  HttpRequest req = Get(server_.Url("/late"));
  req.timeout_ms = 300;
  auto res = client_.Send(req);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kUnavailable);
  EXPECT_NE(res.error().message.find(server_.Url("/late")), std::string::npos);
}

TEST_F(CurlHttpClientTest, FollowsRedirects) {
  CannedResponse moved;
  moved.status = 301;
  moved.headers.emplace_back("Location", "/new");
  server_.Enqueue("/old", moved);
  server_.Enqueue("/new", CannedResponse::Text("moved here"));
  auto res = client_.Send(Get(server_.Url("/old")));
  ASSERT_TRUE(res) << res.error().ToString();
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "moved here");
  EXPECT_EQ(res->effective_url, server_.Url("/new"));
  EXPECT_EQ(res->Header("location"), "");  // only the final response's headers
}

TEST_F(CurlHttpClientTest, RedirectLoopIsAnError) {
  CannedResponse loop;
  loop.status = 302;
  loop.headers.emplace_back("Location", "/loop");
  server_.SetDefault("/loop", loop);
  auto res = client_.Send(Get(server_.Url("/loop")));
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kIo);
  EXPECT_NE(res.error().message.find("redirect"), std::string::npos);
  EXPECT_EQ(server_.request_count(), 6u);  // the first request + 5 redirects followed
}

TEST_F(CurlHttpClientTest, PostSendsTheBody) {
  server_.Enqueue("/post", CannedResponse::Text("ok"));
  HttpRequest req = Get(server_.Url("/post"));
  req.method = "POST";
  req.body = "{\"q\":1}";
  req.headers = {{"Content-Type", "application/json"}};
  ASSERT_TRUE(client_.Send(req));
  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_EQ(reqs[0].body, "{\"q\":1}");
}

TEST_F(CurlHttpClientTest, ConnectionRefusedIsUnreachableNamingUrl) {
  std::string url = server_.Url("/gone");
  server_.Stop();
  auto res = client_.Send(Get(url));
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kUnreachable);
  EXPECT_NE(res.error().message.find(url), std::string::npos);
}

TEST_F(CurlHttpClientTest, HeaderInjectionIsRejected) {
  HttpRequest req = Get(server_.Url("/x"));
  req.headers = {{"Accept", "text/plain\r\nX-Evil: 1"}};
  auto res = client_.Send(req);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kInvalidArgument);
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(CurlHttpClientTest, NonHttpSchemesAreRefused) {
  auto res = client_.Send(Get("file:///etc/passwd"));
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kInvalidArgument);
}

TEST_F(CurlHttpClientTest, ConcurrentSendsFromSeveralThreads) {
  server_.SetDefault("/p", CannedResponse::Text("same"));
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        auto res = client_.Send(Get(server_.Url("/p?t=" + std::to_string(t))));
        if (res && res->body == "same") ++ok[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(ok[t], 5);
  EXPECT_EQ(server_.request_count(), 20u);
}

}  // namespace
}  // namespace ah::net
