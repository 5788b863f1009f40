// What the radar tests share: a server on the bundled samples with three
// users (ada and bob, and the administrator root), API calls with a user's
// token, multipart uploads through a signed-in browser, and a look at what is
// stored (to check that a refused request changed nothing).
#pragma once

#include <fstream>
#include <sstream>

#include "service/radars.h"
#include "web_fixture.h"

namespace ah::web::testing {

inline constexpr const char* kPassword = "correct horse battery";
inline constexpr const char* kDay = "2026-06-29";  // an arXiv day of the samples

inline std::string ImportFile(const std::string& name) {
  std::ifstream in(std::string(AH_SOURCE_DIR) + "/tests/data/imports/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class RadarsTest : public WebTest {
 protected:
  void SetUp() override {
    WebTest::SetUp();
    StartServer();
    AddUser("ada", kPassword);
    AddUser("bob", kPassword);
    AddUser("root", kPassword, true);
    ada_token_ = TokenOf("ada");
    bob_token_ = TokenOf("bob");
    root_token_ = TokenOf("root");
  }

  // An API call with a token (no cookie, no CSRF token).
  httplib::Result Api(const std::string& token, const std::string& method, const std::string& path,
                      const std::string& body = "", const std::string& type = "application/json") {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(60, 0);
    httplib::Headers h{{"Authorization", "Bearer " + token}};
    if (method == "GET") return c.Get(path.c_str(), h);
    if (method == "POST") return c.Post(path.c_str(), h, body, type.c_str());
    if (method == "PATCH") return c.Patch(path.c_str(), h, body, type.c_str());
    if (method == "PUT") return c.Put(path.c_str(), h, body, type.c_str());
    if (method == "DELETE") return c.Delete(path.c_str(), h, body, type.c_str());
    ADD_FAILURE() << "method " << method;
    return c.Get(path.c_str(), h);
  }

  // A radar of the token's user from a JSON definition; its id (0 on failure).
  int64_t CreateRadar(const std::string& token, const nlohmann::json& def) {
    auto r = Api(token, "POST", "/api/v1/radars", def.dump());
    EXPECT_TRUE(r);
    if (!r) return 0;
    EXPECT_EQ(r->status, 201) << r->body;
    if (r->status != 201) return 0;
    return nlohmann::json::parse(r->body)["id"].get<int64_t>();
  }

  int64_t AgentsRadar(const std::string& token, const std::string& name = "agents") {
    return CreateRadar(token, {{"name", name},
                               {"description",
                                "autonomous agents built on large language models: planning, "
                                "tool use, memory"},
                               {"query", "\"language model\" OR LLM OR agent"}});
  }

  // The stored radar as JSON (null when the owner has none of that id).
  nlohmann::json Stored(const std::string& owner, int64_t id) {
    auto s = library_->OpenSession();
    auto r = s->radars().GetRadarById(owner, id);
    EXPECT_TRUE(r);
    if (!r || !*r) return nullptr;
    return service::RadarToJson(**r);
  }
  size_t ShownCount(const std::string& owner, int64_t id) {
    auto s = library_->OpenSession();
    auto shown = s->radars().ShownPapers(owner, id);
    return shown ? shown->size() : 0;
  }

  // A multipart form POST by a signed-in browser (with its CSRF token unless told otherwise).
  httplib::Result Multipart(Browser& b, const std::string& path,
                            httplib::MultipartFormDataItems items, bool with_csrf = true) {
    if (with_csrf) items.push_back({"csrf", b.Csrf(), "", ""});
    std::string cookie;
    for (const auto& [k, v] : b.cookies()) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
    httplib::Headers h{{"Cookie", cookie}};
    return b.client().Post(path.c_str(), h, items);
  }

  // The ids of a run, best first.
  std::vector<std::string> RunIds(const std::string& token, int64_t id, const std::string& query) {
    auto r = Api(token, "GET", "/api/v1/radars/" + std::to_string(id) + "/run?" + query);
    EXPECT_TRUE(r);
    std::vector<std::string> ids;
    if (!r) return ids;
    EXPECT_EQ(r->status, 200) << r->body;
    if (r->status != 200) return ids;
    for (const auto& p : nlohmann::json::parse(r->body)) ids.push_back(p["id"]);
    return ids;
  }

  std::string ada_token_, bob_token_, root_token_;
};

inline int CountOf(const std::string& s, const std::string& what) {
  int n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

inline std::string ErrorMessage(const httplib::Result& r) {
  if (!r) return "";
  try {
    return nlohmann::json::parse(r->body)["error"]["message"];
  } catch (...) {
    return "";
  }
}

}  // namespace ah::web::testing
