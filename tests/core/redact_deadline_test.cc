#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "core/deadline.h"
#include "core/redact.h"

namespace ah {
namespace {

bool Has(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

TEST(RedactSecrets, ConfiguredKeyEverywhere) {
  const std::string key = "my-local-key-42";
  std::string out = RedactSecrets("error: key my-local-key-42 rejected (my-local-key-42)", {key});
  EXPECT_FALSE(Has(out, key)) << out;
  EXPECT_EQ(out, "error: key [REDACTED] rejected ([REDACTED])");
  // Too short to be told apart from text: left alone.
  EXPECT_EQ(RedactSecrets("a b c", {"b"}), "a b c");
}

TEST(RedactSecrets, EchoedAuthorizationHeaders) {
  for (const char* echo : {
           "Authorization: Bearer sk-proj-AbCdEfGhIjKlMnOpQrStUv\nHost: x",
           "{\"headers\": {\"Authorization\": \"Bearer abc.def-ghi\", \"Host\": \"x\"}}",
           "{'authorization': 'Basic dXNlcjpwYXNz'}",
           "missing scope for authorization=Bearer%20xyz123 in request",
           "rejected Bearer sk-abc.def-ghi",
           "x-api-key: 0123456789abcdef0123",
           "invalid token: bearer eyJhbGciOiJIUzI1NiJ9.e30.sig",
       }) {
    std::string out = RedactSecrets(echo);
    EXPECT_TRUE(Has(out, "[REDACTED]")) << echo << " -> " << out;
    for (const char* secret :
         {"sk-proj", "abc.def", "dXNlcjpw", "xyz123", "0123456789abcdef", "eyJhbGci"}) {
      EXPECT_FALSE(Has(out, secret)) << echo << " -> " << out;
    }
  }
  // The rest of a header block survives.
  EXPECT_EQ(RedactSecrets("Authorization: Bearer sk-x\nHost: api"),
            "Authorization: [REDACTED]\nHost: api");
}

TEST(RedactSecrets, ApiKeysAndUrlCredentials) {
  EXPECT_EQ(RedactSecrets("Incorrect API key provided: sk-abcdefghijklmnopqrstuvwxyz123456."),
            "Incorrect API key provided: [REDACTED].");
  EXPECT_EQ(RedactSecrets("POST https://user:p%40ss@llm.example/v1/chat/completions: HTTP 500"),
            "POST https://[REDACTED]@llm.example/v1/chat/completions: HTTP 500");
  EXPECT_EQ(RedactSecrets("GET http://token@host:8080/x and http://plain.host/y"),
            "GET http://[REDACTED]@host:8080/x and http://plain.host/y");
  EXPECT_EQ(RedactSecrets("GET https://api.example/feed?issn=1&api_key=s3cr3t&x=1"),
            "GET https://api.example/feed?issn=1&api_key=[REDACTED]&x=1");
}

TEST(RedactSecrets, OrdinaryTextIsUnchanged) {
  for (const char* text : {
           "scikit-learn and sk-learn are fine; so is task-sk-3",
           "POST http://127.0.0.1:8080/v1/chat/completions: HTTP 503: overloaded",
           "the bearer of bad news, a bearer instrument",
           "authorization is required",
           "mailto:you@university.edu",
           "",
       }) {
    EXPECT_EQ(RedactSecrets(text), text);
  }
}

TEST(RedactSecrets, IsIdempotent) {
  const std::string once =
      RedactSecrets("Authorization: Bearer sk-abcdefghijklmnopqrstuvwx https://u:p@h/", {"p@h"});
  EXPECT_EQ(RedactSecrets(once), once);
}

// A clock that moves only when told to.
class ManualClock final : public Clock {
 public:
  int64_t NowUnix() override { return 1'780'272'000 + now_ / 1000; }
  int64_t NowMonoMs() override { return now_; }
  void SleepMs(int64_t ms) override { now_ += ms > 0 ? ms : 0; }
  std::atomic<int64_t> now_{5'000};
};

TEST(Deadline, ExpiresOnTheInjectedClock) {
  ManualClock clock;
  Deadline d(&clock, 300'000);
  EXPECT_FALSE(d.Expired());
  EXPECT_EQ(d.RemainingMs(), 300'000);
  clock.SleepMs(299'999);
  EXPECT_EQ(d.RemainingMs(), 1);
  EXPECT_EQ(BoundByDeadline(120'000, &d), 1);
  clock.SleepMs(1);
  EXPECT_TRUE(d.Expired());
  EXPECT_EQ(d.RemainingMs(), 0);
  Error e = d.ExpiredError("briefing");
  EXPECT_EQ(e.code, Code::kCancelled);
  EXPECT_EQ(e.message, "briefing: deadline of 300 s passed");
}

TEST(Deadline, CancelEndsItAtOnceAndNoLimitNeverExpires) {
  ManualClock clock;
  Deadline none(&clock, 0);
  clock.SleepMs(int64_t{1} << 50);
  EXPECT_FALSE(none.Expired());
  EXPECT_EQ(none.RemainingMs(), Deadline::kNoLimit);
  EXPECT_EQ(BoundByDeadline(120'000, &none), 120'000);
  EXPECT_EQ(BoundByDeadline(0, nullptr), 0);
  none.Cancel();
  EXPECT_TRUE(none.Expired());
  EXPECT_EQ(none.ExpiredError("tl;dr").message, "tl;dr: cancelled");
  EXPECT_EQ(BoundByDeadline(0, &none), 0);
}

}  // namespace
}  // namespace ah
