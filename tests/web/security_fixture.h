// What the security tests share: the radar fixture (ada, bob and the
// administrator root on the bundled samples) plus
//  - a structural check of a page: every tag the server sent is one of the
//    site's own, with no event-handler attribute, no javascript: address and
//    no inline script (feed text can only add tags if escaping failed);
//  - a user's whole stored state (account, tokens, radars with feedback, shown
//    papers and briefings), to check that a refused request changed nothing;
//  - every query parameter a handler reads, taken from the handlers' source
//    (so that a new parameter is swept without editing the tests);
//  - raw loopback sockets from any 127.0.0.0/8 address (another client
//    address; slow clients).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "radars_fixture.h"
#include "service/radars.h"

namespace ah::web::testing {

// A GET route's pattern with its variables filled: a paper id, `radar`, a format
// and a static file.
inline std::string ExamplePath(const Route& route, int64_t radar) {
  std::string path = route.pattern;
  auto put = [&](const std::string& var, const std::string& value) {
    const size_t at = path.find(var);
    if (at != std::string::npos) path.replace(at, var.size(), value);
  };
  put("{id...}", "2606.27531");
  put("{id}", std::to_string(radar));
  put("{format}", "bibtex");
  put("{path...}", "app.css");
  return path;
}

inline std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Problems of an HTML page that feed text or a request could only have caused
// by escaping badly: tags the templates never write, event handlers, script
// URLs, inline scripts, <base>/<meta http-equiv>, and marked payload elements.
inline std::vector<std::string> HtmlProblems(const std::string& html) {
  static const std::set<std::string> kTags = {
      "!doctype", "html",   "head",   "meta",    "title", "link",     "script",  "body",
      "a",        "span",   "div",    "p",       "h1",    "h2",       "h3",      "h4",
      "header",   "nav",    "main",   "footer",  "section", "article", "aside",  "form",
      "input",    "button", "label",  "select",  "option", "textarea", "ul",     "ol",
      "li",       "time",   "details", "summary", "dl",    "dt",       "dd",      "code",
      "small",    "strong", "em",     "br",      "table", "thead",    "tbody",   "tr",
      "th",       "td",     "fieldset", "legend", "sup",  "sub",      "b",       "i",
      "blockquote", "pre",  "hr",     "abbr",    "mark",  "caption",  "colgroup", "col",
      "kbd",      "var",    "cite",   "q",       "s",     "u",        "wbr",     "output",
      "progress", "meter",  "figure", "figcaption", "optgroup", "datalist"};
  std::vector<std::string> out;
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string::npos) {
    size_t j = i + 1;
    if (html.compare(i, 4, "<!--") == 0) {
      i = html.find("-->", i);
      if (i == std::string::npos) break;
      continue;
    }
    bool closing = j < html.size() && html[j] == '/';
    if (closing) ++j;
    size_t name_end = j;
    while (name_end < html.size() && (std::isalnum(static_cast<unsigned char>(html[name_end])) ||
                                      html[name_end] == '!' || html[name_end] == '-'))
      ++name_end;
    const std::string name = Lower(html.substr(j, name_end - j));
    if (name.empty()) {  // "<" followed by no name is text to a browser
      out.push_back("a raw '<' at byte " + std::to_string(i) + ": " + html.substr(i, 40));
      i = name_end;
      continue;
    }
    // The tag runs to the first '>' outside quotes.
    size_t k = name_end;
    char quote = 0;
    for (; k < html.size(); ++k) {
      if (quote) {
        if (html[k] == quote) quote = 0;
      } else if (html[k] == '"' || html[k] == '\'') {
        quote = html[k];
      } else if (html[k] == '>') {
        break;
      }
    }
    const std::string tag = html.substr(i, k - i + 1);
    size_t a = name_end - i;  // the attributes: name[=value] ...
    i = k;
    if (!kTags.count(name)) out.push_back("a foreign tag: " + tag.substr(0, 120));
    if (closing) continue;
    while (a < tag.size()) {
      while (a < tag.size() && (std::isspace(static_cast<unsigned char>(tag[a])) || tag[a] == '/'))
        ++a;
      size_t an = a;
      while (an < tag.size() && !std::isspace(static_cast<unsigned char>(tag[an])) &&
             tag[an] != '=' && tag[an] != '>' && tag[an] != '/')
        ++an;
      if (an == a) break;
      const std::string attr = Lower(tag.substr(a, an - a));
      std::string value;
      a = an;
      if (a < tag.size() && tag[a] == '=') {
        ++a;
        if (a < tag.size() && (tag[a] == '"' || tag[a] == '\'')) {
          const char q = tag[a];
          const size_t end = tag.find(q, a + 1);
          value = tag.substr(a + 1, (end == std::string::npos ? tag.size() : end) - a - 1);
          a = end == std::string::npos ? tag.size() : end + 1;
        } else {
          size_t end = a;
          while (end < tag.size() && !std::isspace(static_cast<unsigned char>(tag[end])) &&
                 tag[end] != '>')
            ++end;
          value = tag.substr(a, end - a);
          a = end;
        }
      }
      if (attr.rfind("on", 0) == 0) out.push_back("an event handler: " + tag.substr(0, 160));
      if (attr == "data-xss") out.push_back("a payload's element: " + tag.substr(0, 160));
      if (attr == "style") out.push_back("an inline style: " + tag.substr(0, 160));
      if (attr == "href" || attr == "src" || attr == "action" || attr == "formaction") {
        std::string v = Lower(value);
        while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.erase(0, 1);
        if (v.rfind("javascript:", 0) == 0 || v.rfind("vbscript:", 0) == 0 ||
            v.rfind("data:text", 0) == 0)
          out.push_back("a script address: " + tag.substr(0, 160));
        if (name == "script" && v.rfind("/static/", 0) != 0)
          out.push_back("a script from elsewhere: " + tag.substr(0, 160));
      }
    }
    if (name == "script" && tag.find(" src=") == std::string::npos)
      out.push_back("an inline script: " + tag.substr(0, 160));
    if (name == "base" || (name == "meta" && Lower(tag).find("http-equiv") != std::string::npos))
      out.push_back("a <base> or <meta http-equiv>: " + tag.substr(0, 160));
    if (name == "script") {  // skip to </script>: its content is not markup
      const size_t end = Lower(html.substr(i, std::string::npos)).find("</script");
      if (end != std::string::npos) i += end;
    }
  }
  return out;
}

inline std::string Joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += "\n  " + x;
  return s;
}

// Every query parameter the handlers read: Query("x"), HasQuery("x"), Arg("x"),
// Args("x") in src/web/*.cc.
inline std::vector<std::string> QueryParametersOfTheHandlers() {
  std::set<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(std::string(AH_SOURCE_DIR) + "/src/web")) {
    if (e.path().extension() != ".cc") continue;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string src = ss.str();
    for (const char* call : {"Query(\"", "HasQuery(\"", "Arg(\"", "Args(\""}) {
      for (size_t at = src.find(call); at != std::string::npos; at = src.find(call, at + 1)) {
        const size_t from = at + std::strlen(call);
        const size_t end = src.find('"', from);
        if (end != std::string::npos && end > from && end - from < 40)
          names.insert(src.substr(from, end - from));
      }
    }
  }
  return {names.begin(), names.end()};
}

// A raw HTTP exchange from `from` (any 127.0.0.0/8 address) to the server:
// sends `request`, reads until the server closes or `timeout`. "" when the
// connection failed.
inline std::string RawExchange(int port, const std::string& from, const std::string& request,
                               std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return "";
  sockaddr_in local{};
  local.sin_family = AF_INET;
  ::inet_pton(AF_INET, from.c_str(), &local.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return "";
  }
  size_t sent = 0;
  while (sent < request.size()) {
    ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[65536];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (::poll(&p, 1, static_cast<int>(std::max<int64_t>(left, 1))) <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    // One answer is enough: stop at the end of its body.
    const size_t head_end = out.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      const std::string head = Lower(out.substr(0, head_end));
      const size_t cl = head.find("content-length:");
      if (cl != std::string::npos &&
          out.size() >= head_end + 4 + std::stoul(head.substr(cl + 15)))
        break;
    }
  }
  ::close(fd);
  return out;
}

// The status of a raw answer (0 when there was none).
inline int RawStatus(const std::string& answer) {
  if (answer.rfind("HTTP/1.", 0) != 0 || answer.size() < 12) return 0;
  return std::atoi(answer.c_str() + 9);
}

inline std::string RawHeader(const std::string& answer, const std::string& name) {
  const std::string head = answer.substr(0, answer.find("\r\n\r\n"));
  const std::string want = "\r\n" + Lower(name) + ":";
  const size_t at = Lower(head).find(want);
  if (at == std::string::npos) return "";
  size_t from = at + want.size();
  while (from < head.size() && head[from] == ' ') ++from;
  return head.substr(from, head.find("\r\n", from) - from);
}

class SecurityTest : public RadarsTest {
 protected:
  // Full buckets again for the test's users and the loopback address: the
  // sweeps check what one request does, not the rate limits (tested on their
  // own in security_limits_test.cc).
  void FreshRateLimits() {
    for (const char* limit : {"search", "brief", "signin", "signup", "write", "upload"})
      for (const char* who : {"u:ada", "u:bob", "u:root", "ip:127.0.0.1"})
        app_->limiter().Reset(std::string(limit) + ":" + who);
  }

  // A browser signed in as `user` through a session made in the store (the
  // sign-in form is rate limited per address: sweeps need many sessions).
  Browser SessionOf(const std::string& user) {
    const std::string token = RandomToken();
    store::AuthSession s;
    s.token_hash = TokenDigest(token);
    s.user = user;
    s.csrf = RandomToken();
    s.created_unix = library_->clock().NowUnix();
    s.expires_unix = s.created_unix + 3600;
    auto session = library_->OpenSession();
    EXPECT_TRUE(session->users().CreateSession(s));
    Browser b = NewBrowser();
    b.cookies()["ah_session"] = token;
    b.Get("/settings");  // its meta tag: the session's CSRF token
    EXPECT_EQ(b.Csrf(), s.csrf);
    return b;
  }

  // Everything stored about `user`: account, tokens, radars (definition and
  // feedback), the papers each showed and its briefings.
  nlohmann::json StateOf(const std::string& user) {
    auto s = library_->OpenSession();
    nlohmann::json j;
    auto u = s->users().GetUser(user);
    EXPECT_TRUE(u);
    if (u && *u)
      j["user"] = {{"hash", (*u)->password_hash},
                   {"admin", (*u)->admin},
                   {"lang", (*u)->lang},
                   {"settings", (*u)->settings_json}};
    auto tokens = s->users().ListApiTokens(user);
    EXPECT_TRUE(tokens);
    if (tokens)
      for (const auto& t : *tokens) j["tokens"].push_back({t.id, t.label});
    auto radars = s->radars().ListRadars(user);
    EXPECT_TRUE(radars);
    if (radars) {
      for (const auto& r : *radars) {
        auto full = s->radars().GetRadarById(user, r.id);
        EXPECT_TRUE(full && *full);
        nlohmann::json rj = service::RadarToJson(**full);
        for (const auto& f : (*full)->feedback) rj["fb"].push_back({f.paper, f.action, f.at_unix});
        auto shown = s->radars().ShownPapers(user, r.id);
        rj["shown"] = shown ? shown->size() : 0;
        auto briefs = s->radars().ListBriefings(user, r.id, 100);
        if (briefs)
          for (const auto& b : *briefs) rj["briefings"].push_back({b.id, b.lang, b.date_to});
        j["radars"].push_back(rj);
      }
    }
    return j;
  }
};

}  // namespace ah::web::testing
