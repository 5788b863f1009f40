#include "net/url.h"

#include <gtest/gtest.h>

namespace ah::net {
namespace {

TEST(HostOf, LowerCasedHostWithoutUserinfoOrPort) {
  EXPECT_EQ(HostOf("https://Export.ArXiv.org/api/query?x=1"), "export.arxiv.org");
  EXPECT_EQ(HostOf("HTTPS://API.deepseek.com/v1"), "api.deepseek.com");
  EXPECT_EQ(HostOf("http://user:pw@127.0.0.1:8080/feed"), "127.0.0.1");
  EXPECT_EQ(HostOf("https://u:p@h.example:1/x"), "h.example");
  EXPECT_EQ(HostOf("https://api.crossref.org"), "api.crossref.org");
  EXPECT_EQ(HostOf("https://h.example?q=1"), "h.example");
  EXPECT_EQ(HostOf("https://h.example#frag"), "h.example");
}

TEST(HostOf, Ipv6LiteralsLoseTheirBrackets) {
  EXPECT_EQ(HostOf("http://[::1]:80/x"), "::1");
  EXPECT_EQ(HostOf("https://user:pw@[::1]:8080/x"), "::1");
  EXPECT_EQ(HostOf("http://[FE80::1]/"), "fe80::1");
}

TEST(HostOf, NamesNoHostWhenTheUrlIsNotAbsoluteOrMalformed) {
  EXPECT_EQ(HostOf(""), "");
  EXPECT_EQ(HostOf("example.org/path"), "");  // no scheme: not a host by guess
  EXPECT_EQ(HostOf("https://"), "");
  EXPECT_EQ(HostOf("https:///path"), "");
  EXPECT_EQ(HostOf("http://[::1/x"), "");  // unclosed bracket
  EXPECT_EQ(HostOf("https://user@/x"), "");
}

TEST(HostOf, TheSchemeIsNotChecked) {
  // Callers that accept only http(s) check the scheme first (CheckWebhookUrl,
  // CheckProviderFields); the host is the same whatever the scheme.
  EXPECT_EQ(HostOf("ftp://h/x"), "h");
}

}  // namespace
}  // namespace ah::net
