// The streaming hook of net::HttpRequest (on_body) through the real CurlHttpClient,
// which the LLM client's streamed answers depend on.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fakes/loopback_server.h"
#include "net/curl_http_client.h"

namespace ah::net {
namespace {

using ah::testing::CannedResponse;
using ah::testing::LoopbackServer;

CannedResponse Slow(std::string body, size_t chunk, bool chunked) {
  CannedResponse r;
  r.body = std::move(body);
  r.content_type = "application/octet-stream";
  r.chunk_bytes = chunk;
  r.chunk_delay_ms = 2;
  r.chunked_encoding = chunked;
  return r;
}

class HttpOnBodyTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.ok()); }
  HttpRequest Get(const std::string& path, std::vector<std::string>* pieces) {
    HttpRequest r;
    r.url = server_.Url(path);
    r.on_body = [pieces](std::string_view p) {
      pieces->emplace_back(p);
      return true;
    };
    return r;
  }
  LoopbackServer server_;
  CurlHttpClient client_;
};

TEST_F(HttpOnBodyTest, ReceivesTheBodyPieceByPieceAsItArrives) {
  const std::string body = "data: one\n\ndata: two\n\ndata: three\n\n";
  for (bool chunked : {true, false}) {
    server_.Enqueue("/s", Slow(body, 5, chunked));
    std::vector<std::string> pieces;
    auto res = client_.Send(Get("/s", &pieces));
    ASSERT_TRUE(res) << res.error().ToString();
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, body);  // still accumulated
    std::string joined;
    for (const auto& p : pieces) joined += p;
    EXPECT_EQ(joined, body);
    EXPECT_GT(pieces.size(), 1u) << "chunked=" << chunked;
  }
}

TEST_F(HttpOnBodyTest, ReturningFalseAbortsTheTransfer) {
  server_.Enqueue("/s", Slow(std::string(4000, 'x'), 100, true));
  HttpRequest r;
  r.url = server_.Url("/s");
  int calls = 0;
  r.on_body = [&](std::string_view) { return ++calls < 2; };
  auto res = client_.Send(r);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kIo);
  EXPECT_NE(res.error().message.find("aborted by the body callback"), std::string::npos)
      << res.error().message;
  EXPECT_EQ(calls, 2);
}

TEST_F(HttpOnBodyTest, ErrorStatusBodiesAreNotPassed) {
  server_.Enqueue("/e", CannedResponse::Text("{\"error\":{\"message\":\"nope\"}}", 401));
  std::vector<std::string> pieces;
  auto res = client_.Send(Get("/e", &pieces));
  ASSERT_TRUE(res) << res.error().ToString();
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(res->body, "{\"error\":{\"message\":\"nope\"}}");
  EXPECT_TRUE(pieces.empty());
}

TEST_F(HttpOnBodyTest, RedirectHopBodiesAreNotPassed) {
  CannedResponse hop = CannedResponse::Text("moved", 302);
  hop.headers.emplace_back("Location", server_.Url("/final"));
  server_.Enqueue("/start", hop);
  server_.Enqueue("/final", CannedResponse::Text("final body"));
  std::vector<std::string> pieces;
  auto res = client_.Send(Get("/start", &pieces));
  ASSERT_TRUE(res) << res.error().ToString();
  std::string joined;
  for (const auto& p : pieces) joined += p;
  EXPECT_EQ(joined, "final body");
}

TEST_F(HttpOnBodyTest, DecodedBytesAndBodyLimitStillApply) {
  CannedResponse gz = CannedResponse::Text("compressed text");
  gz.gzip = true;
  server_.Enqueue("/gz", gz);
  std::vector<std::string> pieces;
  auto res = client_.Send(Get("/gz", &pieces));
  ASSERT_TRUE(res) << res.error().ToString();
  std::string joined;
  for (const auto& p : pieces) joined += p;
  EXPECT_EQ(joined, "compressed text");

  server_.Enqueue("/big", Slow(std::string(5000, 'y'), 1000, true));
  std::vector<std::string> more;
  HttpRequest r = Get("/big", &more);
  r.max_body_bytes = 2500;
  auto big = client_.Send(r);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, Code::kTooLarge);
  size_t seen = 0;
  for (const auto& p : more) seen += p.size();
  EXPECT_LE(seen, 2500u);
}

}  // namespace
}  // namespace ah::net
