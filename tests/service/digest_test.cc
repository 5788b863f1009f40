// Email digests end to end (service/digest.h): built from a real library,
// composed as MIME, sent through libcurl to a real SMTP server on loopback
// (python3-aiosmtpd, started by the test); headers, both parts, links; never
// sent twice; a failed send is recorded and sent by the next call; empty days
// send nothing or "nothing new" as the user chose; unsubscribe tokens.
#include "service/digest.h"

#include <gtest/gtest.h>

#include "fakes/fake_clock.h"
#include "smtp_sink.h"
#include "testing.h"
#include "topic_papers.h"

namespace ah::service {
namespace {

std::string DecodeBase64(const std::string& in) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = c >= 'A' && c <= 'Z'   ? c - 'A'
            : c >= 'a' && c <= 'z' ? c - 'a' + 26
            : c >= '0' && c <= '9' ? c - '0' + 52
            : c == '+'             ? 62
            : c == '/'             ? 63
                                   : -1;
    if (v < 0) continue;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

// The decoded body of the part whose Content-Type starts with `type`.
std::string PartOf(const std::string& msg, const std::string& type) {
  const size_t at = msg.find("Content-Type: " + type);
  if (at == std::string::npos) return "";
  size_t body = msg.find("\n\n", at);
  const size_t crlf = msg.find("\r\n\r\n", at);
  if (crlf != std::string::npos && (body == std::string::npos || crlf < body)) body = crlf;
  if (body == std::string::npos) return "";
  const size_t end = msg.find("--ah=", body);
  return DecodeBase64(msg.substr(body, end == std::string::npos ? std::string::npos : end - body));
}

bool Has(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

class FlakySender final : public delivery::MailSender {
 public:
  int failures = 0;  // the first calls fail with this many kUnavailable
  int calls = 0;
  Code code = Code::kUnavailable;
  std::string last_mime;
  Status Send(const std::string&, const std::string&, const std::string& mime) override {
    ++calls;
    last_mime = mime;
    if (calls <= failures) return MakeError(code, "SMTP 451: try again later");
    return Ok();
  }
};

class DigestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LibraryOptions lo;
    lo.location = (dir_ / "lib.db").string();
    lo.readers = 2;
    lo.clock = &clock_;
    auto lib = Library::Open(lo);
    ASSERT_TRUE(lib) << lib.error().ToString();
    lib_ = std::move(*lib);
    auto s = lib_->OpenSession();
    std::vector<Paper> page;
    for (int i = 0; i < 40; ++i) {
      page.push_back(TopicPaper("2401.1" + Pad(i), kGraphWords, i, "2024-01-02", "cs.LG"));
      page.push_back(TopicPaper("2401.2" + Pad(i), kOceanWords, i, "2024-01-02", "physics.ao-ph"));
    }
    for (int i = 0; i < 5; ++i) {
      page.push_back(TopicPaper("2406.1" + Pad(i), kGraphWords, 50 + i, "2024-06-03", "cs.LG"));
      page.push_back(
          TopicPaper("2406.2" + Pad(i), kOceanWords, 50 + i, "2024-06-03", "physics.ao-ph"));
      page.push_back(
          TopicPaper("2406.3" + Pad(i), kOceanWords, 60 + i, "2024-06-04", "physics.ao-ph"));
    }
    page[80].title = "<script>alert(1)</script> graph & \"nets\"";
    ASSERT_TRUE(s->store().UpsertPage(page, std::nullopt));
    store::User u;
    u.name = "alice";
    ASSERT_TRUE(s->users().CreateUser(u));
    DigestSettings ds;
    ds.email = "alice@example.org";
    ds.frequency = "daily";
    ASSERT_TRUE(SaveDigestSettings(s->users(), "alice", ds));
    store::RadarDefinition r;
    r.owner = "alice";
    r.name = "graphs";
    r.description = "graph neural networks and message passing on molecules";
    r.include_categories = {"cs.LG"};
    auto id = s->radars().CreateRadar(r);
    ASSERT_TRUE(id) << id.error().ToString();
    options_.from = "AcademicHub <hub@example.org>";
    options_.base_url = "https://hub.example.org";
  }

  std::string UnsubscribeToken() {
    auto s = lib_->OpenSession();
    auto ds = GetDigestSettings(s->users(), "alice");
    EXPECT_TRUE(ds);
    return ds ? ds->unsubscribe : "";
  }

  ah::testing::TempDir dir_;
  ah::testing::FakeClock clock_{1717488000};  // 2024-06-04T08:00:00Z
  std::unique_ptr<Library> lib_;
  DeliverOptions options_;
};

TEST_F(DigestTest, SentThroughRealSmtpOnceWithBothPartsAndHeaders) {
  ah::testing::SmtpSink sink(dir_ / "maildir");
  ASSERT_TRUE(sink.running()) << "python3-aiosmtpd missing? (scripts/setup.sh --test)";
  delivery::SmtpOptions so;
  so.url = sink.url();
  delivery::CurlSmtpSender sender(so);
  auto out = DeliverDigest(*lib_, "alice", "2024-06-03", sender, options_);
  ASSERT_TRUE(out) << out.error().ToString();
  EXPECT_EQ(out->state, DeliveryState::kSent);
  EXPECT_EQ(out->key, "digest:alice:2024-06-03");
  auto msgs = sink.Messages();
  ASSERT_EQ(msgs.size(), 1u);
  // Line ends as LF, headers unfolded (the maildir writer may fold long ones).
  std::string m;
  for (char c : msgs[0])
    if (c != '\r') m += c;
  for (size_t at; (at = m.find("\n ")) != std::string::npos && at < m.find("\n\n");)
    m.replace(at, 2, " ");
  EXPECT_TRUE(Has(m, "From: AcademicHub <hub@example.org>")) << m.substr(0, 2000);
  EXPECT_TRUE(Has(m, "To: alice@example.org"));
  EXPECT_TRUE(Has(m, "Subject: AcademicHub · 2024-06-03") || Has(m, "Subject: =?UTF-8?B?"));
  EXPECT_TRUE(Has(m, "Message-ID: <digest.alice.2024-06-03@example.org>"));
  const std::string token = UnsubscribeToken();
  ASSERT_FALSE(token.empty());
  EXPECT_TRUE(Has(m, "List-Unsubscribe:"));
  EXPECT_TRUE(Has(m, "<https://hub.example.org/unsubscribe/" + token + ">"));
  EXPECT_TRUE(Has(m, "List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
  EXPECT_TRUE(Has(m, "MIME-Version: 1.0"));
  EXPECT_TRUE(Has(m, "multipart/alternative"));
  const std::string text = PartOf(m, "text/plain");
  const std::string html = PartOf(m, "text/html");
  ASSERT_FALSE(text.empty());
  ASSERT_FALSE(html.empty());
  // The radar's cs.LG papers of the day, with links to the paper and to the app.
  EXPECT_TRUE(Has(text, "== graphs (5 papers) =="));
  EXPECT_TRUE(Has(text, "https://arxiv.org/abs/2406.10001"));
  EXPECT_TRUE(Has(text, "https://hub.example.org/papers/2406.10001"));
  EXPECT_TRUE(Has(text, "https://hub.example.org/unsubscribe/" + token));
  EXPECT_FALSE(Has(text, "2406.20001"));  // not the radar's category
  EXPECT_TRUE(Has(html, "href=\"https://arxiv.org/abs/2406.10001\""));
  EXPECT_TRUE(Has(html, "href=\"https://hub.example.org/radars/"));
  EXPECT_TRUE(Has(html, "name=\"color-scheme\" content=\"light dark\""));
  // Feed data is escaped in HTML, plain in text.
  EXPECT_TRUE(Has(html, "&lt;script&gt;alert(1)&lt;/script&gt; graph &amp; &quot;nets&quot;"));
  EXPECT_FALSE(Has(html, "<script>"));
  EXPECT_TRUE(Has(text, "<script>alert(1)</script> graph & \"nets\""));

  // Never twice: a second call, or one after a "restart" (a new Library), sends nothing.
  auto again = DeliverDigest(*lib_, "alice", "2024-06-03", sender, options_);
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(again->state, DeliveryState::kAlreadySent);
  lib_.reset();
  LibraryOptions lo;
  lo.location = (dir_ / "lib.db").string();
  lo.clock = &clock_;
  auto reopened = Library::Open(lo);
  ASSERT_TRUE(reopened);
  auto third = DeliverDigest(**reopened, "alice", "2024-06-03", sender, options_);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->state, DeliveryState::kAlreadySent);
  EXPECT_EQ(sink.Messages().size(), 1u);
}

TEST_F(DigestTest, FailedSendIsRecordedAndSentByTheNextCall) {
  delivery::SmtpOptions down;
  down.url = "smtp://127.0.0.1:" + std::to_string(ah::testing::FreePort());  // nobody listens
  delivery::CurlSmtpSender refused(down);
  auto failed = DeliverDigest(*lib_, "alice", "2024-06-03", refused, options_);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, Code::kUnreachable);
  {
    auto s = lib_->OpenSession();
    auto rec = s->store().delivery_store()->GetDelivery("digest:alice:2024-06-03");
    ASSERT_TRUE(rec && *rec);
    EXPECT_EQ((*rec)->state, "failed");
    EXPECT_EQ((*rec)->attempts, 1);
    EXPECT_FALSE((*rec)->last_error.empty());
  }
  ah::testing::SmtpSink sink(dir_ / "maildir");
  ASSERT_TRUE(sink.running());
  delivery::SmtpOptions so;
  so.url = sink.url();
  delivery::CurlSmtpSender sender(so);
  auto out = DeliverDigest(*lib_, "alice", "2024-06-03", sender, options_);
  ASSERT_TRUE(out) << out.error().ToString();
  EXPECT_EQ(out->state, DeliveryState::kSent);
  EXPECT_EQ(sink.Messages().size(), 1u);
}

TEST_F(DigestTest, TransientFailuresAreRetriedWithBackoffPermanentOnesAreNot) {
  auto s = lib_->OpenSession();
  auto* d = s->store().delivery_store();
  FlakySender flaky;
  flaky.failures = 2;
  auto out = SendOnce(*d, clock_, flaky, "k1", "alice", "a@b.org", "c@d.org", "mime");
  ASSERT_TRUE(out) << out.error().ToString();
  EXPECT_EQ(out->state, DeliveryState::kSent);
  EXPECT_EQ(out->attempts, 3);
  EXPECT_EQ(clock_.sleeps(), (std::vector<int64_t>{1000, 2000}));
  FlakySender bad;
  bad.failures = 5;
  bad.code = Code::kInvalidArgument;  // 5xx: the recipient was refused
  auto no = SendOnce(*d, clock_, bad, "k2", "alice", "a@b.org", "c@d.org", "mime");
  ASSERT_FALSE(no);
  EXPECT_EQ(bad.calls, 1);
  // A record "sending" under a live lease (another process sends it) is not sent.
  store::DeliveryRecord rec;
  rec.key = "k3";
  rec.owner = "alice";
  rec.channel = "email";
  rec.message_id = "<k3@example.org>";
  rec.lease_owner = "host:1";
  rec.lease_expires_unix = clock_.NowUnix() + 600;
  ASSERT_TRUE(d->BeginDelivery(rec, clock_.NowUnix()));
  FlakySender never;
  auto crashed = SendOnce(*d, clock_, never, "k3", "alice", "a@b.org", "c@d.org", "mime");
  ASSERT_TRUE(crashed);
  EXPECT_EQ(crashed->state, DeliveryState::kInProgress);
  EXPECT_EQ(never.calls, 0);
}

// The process sending a digest is killed mid-send: the record stays "sending".
// While its lease lasts nothing is sent (it might still be alive); after, the
// next call sends the digest with the Message-ID the dead attempt recorded.
TEST_F(DigestTest, AnAttemptKilledMidSendIsSentAgainAfterItsLeaseWithTheSameMessageId) {
  const std::string key = "digest:alice:2024-06-03";
  {
    auto s = lib_->OpenSession();
    store::DeliveryRecord rec;
    rec.key = key;
    rec.owner = "alice";
    rec.channel = "email";
    rec.message_id = "<digest.alice.2024-06-03@first.example.org>";
    rec.lease_owner = "host:4242";
    rec.lease_expires_unix = clock_.NowUnix() + kDeliveryLeaseSeconds;
    auto begun = s->store().delivery_store()->BeginDelivery(rec, clock_.NowUnix());
    ASSERT_TRUE(begun && *begun);
  }
  FlakySender sender;
  auto busy = DeliverDigest(*lib_, "alice", "2024-06-03", sender, options_);
  ASSERT_TRUE(busy) << busy.error().ToString();
  EXPECT_EQ(busy->state, DeliveryState::kInProgress);
  EXPECT_EQ(sender.calls, 0);
  clock_.AdvanceMs(kDeliveryLeaseSeconds * 1000);
  auto out = DeliverDigest(*lib_, "alice", "2024-06-03", sender, options_);
  ASSERT_TRUE(out) << out.error().ToString();
  EXPECT_EQ(out->state, DeliveryState::kSent);
  EXPECT_EQ(sender.calls, 1);
  EXPECT_TRUE(Has(sender.last_mime, "Message-ID: <digest.alice.2024-06-03@first.example.org>"))
      << sender.last_mime.substr(0, 800);
  auto s = lib_->OpenSession();
  auto rec = s->store().delivery_store()->GetDelivery(key);
  ASSERT_TRUE(rec && *rec);
  EXPECT_EQ((*rec)->state, "sent");
  EXPECT_EQ((*rec)->attempts, 2);
  EXPECT_EQ((*rec)->lease_expires_unix, 0);
  // And never again.
  auto again = DeliverDigest(*lib_, "alice", "2024-06-03", sender, options_);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->state, DeliveryState::kAlreadySent);
  EXPECT_EQ(sender.calls, 1);
}

// The daemon's deliver job passes its own lease: the digest's attempt is
// leased until then (so a worker that takes the job over after that lease can
// send it), and the first attempt records the Message-ID it sends.
TEST_F(DigestTest, TheAttemptIsLeasedUntilTheGivenTimeAndRecordsItsMessageId) {
  FlakySender hangs;
  hangs.failures = 1;
  hangs.code = Code::kInvalidArgument;  // fails for good: the record keeps the attempt's fields
  DeliverOptions o = options_;
  o.lease_until_unix = clock_.NowUnix() + 1234;
  auto out = DeliverDigest(*lib_, "alice", "2024-06-03", hangs, o);
  ASSERT_FALSE(out);
  auto s = lib_->OpenSession();
  auto rec = s->store().delivery_store()->GetDelivery("digest:alice:2024-06-03");
  ASSERT_TRUE(rec && *rec);
  EXPECT_EQ((*rec)->state, "failed");
  EXPECT_EQ((*rec)->message_id, "<digest.alice.2024-06-03@example.org>");
  EXPECT_TRUE(Has(hangs.last_mime, "Message-ID: <digest.alice.2024-06-03@example.org>"));
}

// Weekly digests go out on the user's local Monday, of the seven days to the
// radar day; the rule is the service's (one read of the settings).
TEST_F(DigestTest, WeeklyDigestOnTheUsersLocalMondayOnly) {
  {
    auto s = lib_->OpenSession();
    auto ds = GetDigestSettings(s->users(), "alice");
    ASSERT_TRUE(ds);
    ds->frequency = "weekly";
    ASSERT_TRUE(SaveDigestSettings(s->users(), "alice", *ds));
  }
  FlakySender sender;
  DeliverOptions o = options_;
  o.local_date = "2024-06-04";  // a Tuesday
  auto tuesday = DeliverDigest(*lib_, "alice", "2024-06-04", sender, o);
  ASSERT_TRUE(tuesday) << tuesday.error().ToString();
  EXPECT_EQ(tuesday->state, DeliveryState::kSkipped);
  EXPECT_TRUE(Has(tuesday->why, "Monday")) << tuesday->why;
  EXPECT_EQ(sender.calls, 0);
  // A Monday in the user's zone: the digest of the seven days to the radar day.
  o.local_date = "2024-06-03";
  auto monday = DeliverDigest(*lib_, "alice", "2024-06-03", sender, o);
  ASSERT_TRUE(monday) << monday.error().ToString();
  EXPECT_EQ(monday->state, DeliveryState::kSent);
  EXPECT_EQ(monday->key, "digest:alice:week:2024-06-03");
  EXPECT_EQ(sender.calls, 1);
  EXPECT_TRUE(Has(sender.last_mime, "Message-ID: <digest.alice.week.2024-06-03@example.org>"));
}

TEST_F(DigestTest, EmptyDaySendsNothingOrNothingNewAsChosen) {
  FlakySender sender;
  // 2024-06-04 has no cs.LG paper: the radar has nothing.
  auto skip = DeliverDigest(*lib_, "alice", "2024-06-04", sender, options_);
  ASSERT_TRUE(skip) << skip.error().ToString();
  EXPECT_EQ(skip->state, DeliveryState::kSkipped);
  EXPECT_EQ(skip->why, "nothing new");
  EXPECT_EQ(sender.calls, 0);
  {
    auto s = lib_->OpenSession();
    auto ds = GetDigestSettings(s->users(), "alice");
    ASSERT_TRUE(ds);
    ds->empty = "nothing_new";
    ASSERT_TRUE(SaveDigestSettings(s->users(), "alice", *ds));
  }
  auto sent = DeliverDigest(*lib_, "alice", "2024-06-04", sender, options_);
  ASSERT_TRUE(sent) << sent.error().ToString();
  EXPECT_EQ(sent->state, DeliveryState::kSent);
  EXPECT_EQ(sender.calls, 1);
}

TEST_F(DigestTest, SettingsAreCheckedAndUnsubscribeTurnsTheDigestOff) {
  auto s = lib_->OpenSession();
  DigestSettings bad;
  bad.email = "not an address";
  auto st = SaveDigestSettings(s->users(), "alice", bad);
  ASSERT_FALSE(st);
  EXPECT_TRUE(Has(st.error().message, "email"));
  bad.email = "a@b.org";
  bad.frequency = "hourly";
  st = SaveDigestSettings(s->users(), "alice", bad);
  ASSERT_FALSE(st);
  EXPECT_TRUE(Has(st.error().message, "frequency"));

  const std::string token = UnsubscribeToken();
  EXPECT_FALSE(Unsubscribe(s->users(), "alice.wrong"));
  EXPECT_FALSE(Unsubscribe(s->users(), "bob." + token.substr(6)));
  auto who = Unsubscribe(s->users(), token);
  ASSERT_TRUE(who) << who.error().ToString();
  EXPECT_EQ(*who, "alice");
  auto ds = GetDigestSettings(s->users(), "alice");
  ASSERT_TRUE(ds);
  EXPECT_EQ(ds->frequency, "off");
  FlakySender sender;
  auto out = DeliverDigest(*lib_, "alice", "2024-06-03", sender, options_);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->state, DeliveryState::kSkipped);
  EXPECT_EQ(sender.calls, 0);
}

}  // namespace
}  // namespace ah::service
