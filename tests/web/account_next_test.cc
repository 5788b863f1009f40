// Where sign-in and sign-up lead: the forms carry the `next` the page was
// asked for (local addresses only); without one, sign-in goes home and a new
// user starts on their radars.
#include "web_fixture.h"

namespace ah::web::testing {
namespace {

class AccountNextTest : public WebTest {
 protected:
  void SetUp() override {
    WebTest::SetUp();
    ingest_samples_ = false;
    StartServer();
  }
};

// The value of the form's hidden `next` field.
std::string HiddenNext(const std::string& html) {
  static const std::string field = "name=\"next\" value=\"";
  const size_t at = html.find(field);
  if (at == std::string::npos) return "<no field>";
  const size_t from = at + field.size();
  return html.substr(from, html.find('"', from) - from);
}

// The form as a browser submits it: the hidden `next` included.
httplib::Result Submit(Browser& b, const std::string& path, const std::string& user) {
  auto page = b.Get(path);
  EXPECT_TRUE(page);
  if (!page) return page;
  const std::string action = path.substr(0, path.find('?'));
  return b.PostForm(
      action,
      {{"username", user}, {"password", "long enough pw"}, {"next", HiddenNext(page->body)}});
}

TEST_F(AccountNextTest, ANewUserStartsOnTheirRadars) {
  Browser b = NewBrowser();
  auto r = Submit(b, "/register", "newcomer");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303) << r->body.substr(0, 300);
  EXPECT_EQ(r->get_header_value("Location"), "/radars");
}

TEST_F(AccountNextTest, SignInGoesHomeOrToTheLocalNextItWasAskedFor) {
  AddUser("ada", "long enough pw");
  Browser home = NewBrowser();
  auto r = Submit(home, "/login", "ada");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303);
  EXPECT_EQ(r->get_header_value("Location"), "/");
  Browser deep = NewBrowser();
  r = Submit(deep, "/login?next=%2Fsettings", "ada");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("Location"), "/settings");
  Browser away = NewBrowser();
  r = Submit(away, "/login?next=%2F%2Fevil.example%2F", "ada");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("Location"), "/");
  Browser joined = NewBrowser();
  r = Submit(joined, "/register?next=%2Fsettings", "bea");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("Location"), "/settings");
}

}  // namespace
}  // namespace ah::web::testing
