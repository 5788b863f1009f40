// A real server over loopback for the web tests: a Library on a fresh SQLite
// file holding real recorded feeds (data/samples: three days of arXiv RSS and
// one response of every other source), a WebApp and an HttpServer on a free
// port in a thread of its own, and an HTTP client with a cookie jar.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <memory>
#include <string>
#include <thread>

#include "ingest/ingest_files.h"
#include "service/library.h"
#include "testing.h"
#include "web/app.h"
#include "web/auth.h"
#include "web/server.h"

namespace ah::web::testing {

// Whether `part` occurs in `s` (a page, a header).
inline bool Has(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// The bundled real samples (also what scripts/run.sh serves offline).
inline std::string SamplesDir() { return std::string(AH_SOURCE_DIR) + "/data/samples"; }

// A browser of sorts: keeps cookies, knows the CSRF token of the pages it saw.
class Browser {
 public:
  explicit Browser(int port) : client_("127.0.0.1", port) {
    client_.set_read_timeout(60, 0);
    client_.set_keep_alive(true);
  }
  httplib::Result Get(const std::string& path, httplib::Headers h = {}) {
    AddCookies(h);
    auto r = client_.Get(path.c_str(), h);
    Remember(r);
    return r;
  }
  // A form POST; `csrf` is added unless told otherwise.
  httplib::Result PostForm(const std::string& path, httplib::Params form, bool with_csrf = true) {
    if (with_csrf) form.emplace("csrf", Csrf());
    httplib::Headers h;
    AddCookies(h);
    auto r = client_.Post(path.c_str(), h, form);
    Remember(r);
    return r;
  }
  // A JSON request (the way the pages' script calls the API: X-CSRF-Token).
  httplib::Result Json(const std::string& method, const std::string& path, const std::string& body,
                       bool with_csrf = true, httplib::Headers h = {}) {
    AddCookies(h);
    if (with_csrf) h.emplace("X-CSRF-Token", Csrf());
    httplib::Result r =
        method == "POST"     ? client_.Post(path.c_str(), h, body, "application/json")
        : method == "PATCH"  ? client_.Patch(path.c_str(), h, body, "application/json")
        : method == "PUT"    ? client_.Put(path.c_str(), h, body, "application/json")
        : method == "DELETE" ? client_.Delete(path.c_str(), h, body, "application/json")
                             : client_.Get(path.c_str(), h);
    Remember(r);
    return r;
  }
  // The token the site expects back: the signed-in session's (from a page's
  // meta tag) or the visitor's cookie.
  std::string Csrf() const {
    if (!meta_csrf_.empty()) return meta_csrf_;
    auto it = cookies_.find("ah_csrf");
    return it == cookies_.end() ? "" : it->second;
  }
  std::map<std::string, std::string>& cookies() { return cookies_; }
  httplib::Client& client() { return client_; }

 private:
  void AddCookies(httplib::Headers& h) const {
    std::string c;
    for (const auto& [k, v] : cookies_) c += (c.empty() ? "" : "; ") + k + "=" + v;
    if (!c.empty()) h.emplace("Cookie", c);
  }
  void Remember(const httplib::Result& r) {
    if (!r) return;
    for (const auto& [k, v] : r->headers) {
      if (k != "Set-Cookie") continue;
      size_t eq = v.find('='), semi = v.find(';');
      std::string name = v.substr(0, eq);
      std::string value =
          v.substr(eq + 1, semi == std::string::npos ? std::string::npos : semi - eq - 1);
      if (v.find("Max-Age=0") != std::string::npos) {
        cookies_.erase(name);
      } else {
        cookies_[name] = value;
      }
    }
    // Signed-in pages carry the session's token; visitors' pages an empty one.
    // (A plain search: std::regex trips GCC 12's -Wmaybe-uninitialized under ASan.)
    static const std::string meta = "<meta name=\"csrf-token\" content=\"";
    if (size_t at = r->body.find(meta); at != std::string::npos) {
      at += meta.size();
      const size_t end = r->body.find('"', at);
      if (end != std::string::npos && end > at) meta_csrf_ = r->body.substr(at, end - at);
    }
    if (cookies_.find("ah_session") == cookies_.end() && !single_user_) meta_csrf_.clear();
  }
  httplib::Client client_;
  std::map<std::string, std::string> cookies_;
  std::string meta_csrf_;

 public:
  bool single_user_ = false;  // no session cookie, yet pages carry the token
};

class WebTest : public ::testing::Test {
 protected:
  // Options a test may change before StartServer().
  WebOptions options_;
  bool ingest_samples_ = true;
  Clock* clock_ = nullptr;  // the library's (and so the rate limiter's) clock; null: the system's

  void SetUp() override { ASSERT_TRUE(InitCrypto()); }

  void StartServer() {
    service::LibraryOptions lo;
    lo.location = (dir_ / "lib.db").string();
    lo.readers = 4;
    lo.clock = clock_;
    auto lib = service::Library::Open(lo);
    ASSERT_TRUE(lib) << lib.error().ToString();
    library_ = std::move(*lib);
    if (ingest_samples_) {
      auto s = library_->OpenSession();
      auto rep = ingest::IngestPaths({SamplesDir()}, s->store(), {});
      ASSERT_TRUE(rep) << rep.error().ToString();
      ASSERT_GT(rep->totals.added, 900);
    }
    options_.instance_key = std::string(32, 'k');
    app_ = std::make_unique<WebApp>(*library_, options_);
    ServerOptions so;
    so.port = 0;
    so.threads = 16;
    server_ = std::make_unique<HttpServer>(*app_, so);
    ASSERT_TRUE(server_->Bind());
    thread_ = std::thread([this] { server_->Run(); });
  }

  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
    app_.reset();
    library_.reset();
  }

  Browser NewBrowser() { return Browser(server_->port()); }

  // Adds a user with a password (and signs nobody in).
  void AddUser(const std::string& name, const std::string& password, bool admin = false) {
    auto s = library_->OpenSession();
    auto hash = HashPassword(password);
    ASSERT_TRUE(hash);
    store::User u;
    u.name = name;
    u.password_hash = *hash;
    u.admin = admin;
    ASSERT_TRUE(s->users().CreateUser(u));
  }

  // A browser signed in as `name` through the sign-in form.
  Browser SignedIn(const std::string& name, const std::string& password) {
    Browser b = NewBrowser();
    auto page = b.Get("/login");
    EXPECT_TRUE(page);
    auto r = b.PostForm("/login", {{"username", name}, {"password", password}});
    EXPECT_TRUE(r);
    if (r) {
      EXPECT_EQ(r->status, 303) << r->body;
    }
    EXPECT_TRUE(b.cookies().count("ah_session"));
    b.Get("/settings");  // a signed-in page: its meta tag carries the session's CSRF token
    return b;
  }

  // A new API token of a user.
  std::string TokenOf(const std::string& user) {
    auto s = library_->OpenSession();
    std::string token = RandomToken();
    store::ApiToken t;
    t.user = user;
    t.label = "test";
    t.token_hash = TokenDigest(token);
    EXPECT_TRUE(s->users().CreateApiToken(t));
    return token;
  }

  ah::testing::TempDir dir_;
  std::unique_ptr<service::Library> library_;
  std::unique_ptr<WebApp> app_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

}  // namespace ah::web::testing
