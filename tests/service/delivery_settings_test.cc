// A user's delivery settings (service/delivery_settings.h): one object, one
// reader; settings stored before (a "digest" object beside a "delivery"
// object, as tests and older pages wrote) are still read; saving checks each
// field and the time zone against the system's tzdata, keeps the unsubscribe
// token, and drops the older object; the digest's view reads the same.
#include "service/delivery_settings.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "service/digest.h"
#include "service/library.h"
#include "testing.h"

namespace ah::service {
namespace {

bool Has(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(DeliverySettingsOf, ReadsTheOneObjectAndTheOlderDigestObject) {
  // As tests/cli/daemon_deliver_test.sh stores it by SQL.
  const std::string older = R"({"lang_ui": "x",
      "digest": {"email": "ada@example.org", "frequency": "daily", "empty": "skip", "lang": "zh",
                 "unsubscribe": "ada.tok"},
      "delivery": {"time": "7:05", "time_zone": "Europe/Berlin"}})";
  DeliverySettings s = DeliverySettingsOf(older);
  EXPECT_EQ(s.email, "ada@example.org");
  EXPECT_EQ(s.frequency, "daily");
  EXPECT_EQ(s.lang, "zh");
  EXPECT_EQ(s.unsubscribe, "ada.tok");
  EXPECT_EQ(s.time, "07:05");
  EXPECT_EQ(s.time_zone, "Europe/Berlin");
  EXPECT_TRUE(s.enabled);
  EXPECT_FALSE(s.briefing);

  // Written back: one "delivery" object, nothing else lost; read again the same.
  const std::string written = WithDeliverySettings(older, s);
  auto j = nlohmann::json::parse(written);
  EXPECT_FALSE(j.contains("digest"));
  EXPECT_EQ(j["lang_ui"], "x");
  EXPECT_EQ(j["delivery"]["email"], "ada@example.org");
  EXPECT_EQ(j["delivery"]["time"], "07:05");
  const DeliverySettings again = DeliverySettingsOf(written);
  EXPECT_EQ(again.email, s.email);
  EXPECT_EQ(again.time_zone, s.time_zone);
  EXPECT_EQ(again.unsubscribe, s.unsubscribe);

  // "delivery" wins over the older object.
  s = DeliverySettingsOf(
      R"({"digest": {"email": "old@example.org"}, "delivery": {"email": "new@example.org"}})");
  EXPECT_EQ(s.email, "new@example.org");
}

TEST(DeliverySettingsOf, MalformedFieldsKeepDefaultsAndSaySo) {
  std::vector<std::string> warnings;
  DeliverySettings s = DeliverySettingsOf(
      R"({"delivery": {"time": "25:00", "enabled": "yes", "email": 5}})", "zh", &warnings);
  EXPECT_EQ(s.time, "07:00");
  EXPECT_TRUE(s.enabled);
  EXPECT_EQ(s.email, "");
  EXPECT_EQ(s.lang, "zh");  // the account's language
  ASSERT_EQ(warnings.size(), 3u);
  EXPECT_TRUE(Has(warnings[0] + warnings[1] + warnings[2], "25:00"));
  EXPECT_EQ(DeliverySettingsOf("not json").time_zone, "UTC");
  EXPECT_EQ(DeliverySettingsOf("").frequency, "off");
}

TEST(CheckTimeZone, KnowsTheSystemZonesAndNamesAnUnknownOne) {
  EXPECT_TRUE(CheckTimeZone("UTC"));
  EXPECT_TRUE(CheckTimeZone("Europe/Berlin"));
  EXPECT_TRUE(CheckTimeZone("Asia/Shanghai"));
  auto st = CheckTimeZone("Mars/Olympus_Mons");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, Code::kInvalidArgument);
  EXPECT_TRUE(Has(st.error().message, "time_zone: 'Mars/Olympus_Mons'")) << st.error().message;
  EXPECT_FALSE(CheckTimeZone("../etc/passwd"));
  EXPECT_FALSE(CheckTimeZone(""));
  for (const auto& z : CommonTimeZones()) EXPECT_TRUE(CheckTimeZone(z)) << z;
}

class DeliverySettingsStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LibraryOptions lo;
    lo.location = (dir_ / "lib.db").string();
    lo.readers = 3;  // a test holds a session while it reads the stored JSON
    auto lib = Library::Open(lo);
    ASSERT_TRUE(lib) << lib.error().ToString();
    lib_ = std::move(*lib);
    auto s = lib_->OpenSession();
    store::User u;
    u.name = "alice";
    u.settings_json = R"({"llm": {"model": "m"}})";
    ASSERT_TRUE(s->users().CreateUser(u));
  }
  std::string SettingsJson() {
    auto s = lib_->OpenSession();
    auto u = s->users().GetUser("alice");
    return u && *u ? (*u)->settings_json : "";
  }
  ah::testing::TempDir dir_;
  std::unique_ptr<Library> lib_;
};

TEST_F(DeliverySettingsStoreTest, SaveChecksEveryFieldAndKeepsTheRest) {
  auto s = lib_->OpenSession();
  DeliverySettings d;
  d.time = "6:30";
  d.time_zone = "Asia/Shanghai";
  d.email = "alice@example.org";
  d.frequency = "weekly";
  d.briefing = true;
  d.unsubscribe = "bob.chosen-by-a-caller";  // never taken
  auto saved = SaveDeliverySettings(s->users(), "alice", d);
  ASSERT_TRUE(saved) << saved.error().ToString();
  EXPECT_EQ(saved->time, "06:30");
  EXPECT_EQ(saved->unsubscribe.rfind("alice.", 0), 0u) << saved->unsubscribe;
  auto j = nlohmann::json::parse(SettingsJson());
  EXPECT_EQ(j["llm"]["model"], "m");
  EXPECT_EQ(j["delivery"]["time_zone"], "Asia/Shanghai");
  EXPECT_TRUE(j["delivery"]["briefing"].get<bool>());
  auto read = GetDeliverySettings(s->users(), "alice");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->unsubscribe, saved->unsubscribe);
  // The digest's view is the same object.
  auto digest = GetDigestSettings(s->users(), "alice");
  ASSERT_TRUE(digest);
  EXPECT_EQ(digest->email, "alice@example.org");
  EXPECT_EQ(digest->frequency, "weekly");
  EXPECT_EQ(digest->unsubscribe, saved->unsubscribe);
  // Saving the digest's part keeps the schedule.
  digest->frequency = "daily";
  ASSERT_TRUE(SaveDigestSettings(s->users(), "alice", *digest));
  read = GetDeliverySettings(s->users(), "alice");
  EXPECT_EQ(read->frequency, "daily");
  EXPECT_EQ(read->time, "06:30");
  EXPECT_EQ(read->time_zone, "Asia/Shanghai");

  struct Bad {
    const char* field;
    std::function<void(DeliverySettings&)> make;
  };
  for (const Bad& b :
       std::vector<Bad>{{"time_zone: 'Asia/Atlantis'",
                         [](DeliverySettings& x) { x.time_zone = "Asia/Atlantis"; }},
                        {"time: '24:00'", [](DeliverySettings& x) { x.time = "24:00"; }},
                        {"email:", [](DeliverySettings& x) { x.email = "no address"; }},
                        {"frequency:", [](DeliverySettings& x) { x.frequency = "hourly"; }},
                        {"empty:", [](DeliverySettings& x) { x.empty = "maybe"; }},
                        {"lang:", [](DeliverySettings& x) { x.lang = "fr"; }}}) {
    DeliverySettings x = *read;
    b.make(x);
    auto r = SaveDeliverySettings(s->users(), "alice", x);
    ASSERT_FALSE(r) << b.field;
    EXPECT_EQ(r.error().code, Code::kInvalidArgument);
    EXPECT_TRUE(Has(r.error().message, b.field)) << r.error().message;
  }
  EXPECT_EQ(GetDeliverySettings(s->users(), "alice")->time_zone, "Asia/Shanghai");  // unchanged
  EXPECT_EQ(SaveDeliverySettings(s->users(), "nobody", *read).error().code, Code::kNotFound);
}

TEST_F(DeliverySettingsStoreTest, AZoneStoredBeforeNeverBlocksOtherChangesNorUnsubscribing) {
  {
    auto s = lib_->OpenSession();
    auto u = s->users().GetUser("alice");
    store::User x = **u;
    x.settings_json = R"({"delivery": {"time_zone": "Gone/Zone", "email": "a@b.org",
                                        "frequency": "daily", "unsubscribe": "alice.tok"}})";
    ASSERT_TRUE(s->users().UpdateUser(x));
  }
  auto s = lib_->OpenSession();
  auto who = Unsubscribe(s->users(), "alice.tok");
  ASSERT_TRUE(who) << who.error().ToString();
  auto read = GetDeliverySettings(s->users(), "alice");
  EXPECT_EQ(read->frequency, "off");
  EXPECT_EQ(read->time_zone, "Gone/Zone");
  read->time = "08:00";
  EXPECT_TRUE(SaveDeliverySettings(s->users(), "alice", *read));
  read->time_zone = "Also/Gone";
  EXPECT_FALSE(SaveDeliverySettings(s->users(), "alice", *read));
}

}  // namespace
}  // namespace ah::service
