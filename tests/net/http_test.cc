#include "net/http.h"

#include <gtest/gtest.h>

#include "net/curl_http_client.h"

namespace ah::net {
namespace {

constexpr int64_t kNow = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT

TEST(RetryAfter, DeltaSecondsBecomeMilliseconds) {
  EXPECT_EQ(ParseRetryAfterMs("120", kNow), 120000);
  EXPECT_EQ(ParseRetryAfterMs("0", kNow), 0);
  EXPECT_EQ(ParseRetryAfterMs("  7 \r\n", kNow), 7000);
}

TEST(RetryAfter, ImfFixdateIsRelativeToNow) {
  EXPECT_EQ(ParseRetryAfterMs("Sun, 06 Nov 1994 08:50:07 GMT", kNow), 30000);
}

TEST(RetryAfter, Rfc850AndAsctimeDatesAreAccepted) {
  EXPECT_EQ(ParseRetryAfterMs("Sunday, 06-Nov-94 08:49:47 GMT", kNow), 10000);
  EXPECT_EQ(ParseRetryAfterMs("Sun Nov  6 08:49:57 1994", kNow), 20000);
}

TEST(RetryAfter, DateInThePastMeansNoWait) {
  EXPECT_EQ(ParseRetryAfterMs("Sat, 05 Nov 1994 08:49:37 GMT", kNow), 0);
}

TEST(RetryAfter, GarbageIsRejected) {
  for (const char* bad :
       {"", "soon", "-5", "1.5", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 PST",
        "Sun, 06 Nov 1994 08:49:37 GMT x", "Sun,", "Sun, 06 Nov 1994"}) {
    EXPECT_EQ(ParseRetryAfterMs(bad, kNow), std::nullopt) << bad;
  }
}

TEST(RetryAfter, HugeDeltaSaturatesInsteadOfOverflowing) {
  auto v = ParseRetryAfterMs("99999999999999999999999999", kNow);
  ASSERT_TRUE(v.has_value());
  EXPECT_GT(*v, 0);
}

TEST(UserAgent, CarriesContactAsMailto) {
  EXPECT_EQ(MakeUserAgent("me@example.org"),
            "AcademicHub/0.1 (+https://github.com/academichub; mailto:me@example.org)");
  EXPECT_EQ(MakeUserAgent(""), "AcademicHub/0.1 (+https://github.com/academichub)");
}

TEST(UserAgent, ControlCharactersInContactCannotInjectHeaders) {
  std::string ua = MakeUserAgent("me@example.org\r\nX-Evil: 1");
  EXPECT_EQ(ua.find('\r'), std::string::npos);
  EXPECT_EQ(ua.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace ah::net
