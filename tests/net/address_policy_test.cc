#include "net/address_policy.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <cstring>

#include "fakes/loopback_server.h"
#include "net/curl_http_client.h"

namespace ah::net {
namespace {

bool Public(const char* text) {
  sockaddr_in in;
  std::memset(&in, 0, sizeof in);
  if (inet_pton(AF_INET, text, &in.sin_addr) == 1) {
    in.sin_family = AF_INET;
    return IsPublicAddress(reinterpret_cast<const sockaddr*>(&in));
  }
  sockaddr_in6 in6;
  std::memset(&in6, 0, sizeof in6);
  EXPECT_EQ(inet_pton(AF_INET6, text, &in6.sin6_addr), 1) << text;
  in6.sin6_family = AF_INET6;
  return IsPublicAddress(reinterpret_cast<const sockaddr*>(&in6));
}

TEST(AddressPolicy, RefusesLoopbackPrivateLinkLocalAndReservedIpv4) {
  for (const char* a :
       {"127.0.0.1", "127.9.9.9", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255",
        "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.255", "192.0.2.10",
        "198.18.0.1", "198.51.100.7", "203.0.113.9", "224.0.0.1", "239.1.1.1", "240.0.0.1",
        "255.255.255.255", "192.0.0.8"})
    EXPECT_FALSE(Public(a)) << a;
}

TEST(AddressPolicy, AcceptsPublicIpv4NextToTheBlockedRanges) {
  for (const char* a : {"8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.63.255.255",
                        "100.128.0.1", "169.253.1.1", "192.169.0.1", "11.0.0.1", "223.255.255.254"})
    EXPECT_TRUE(Public(a)) << a;
}

TEST(AddressPolicy, RefusesLocalIpv6AndIpv6FormsOfPrivateIpv4) {
  for (const char* a :
       {"::", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1",
        "::ffff:10.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a00:1", "2002:0a00:0001::1",
        "2001:db8::1", "fec0::1", "100::1", "::127.0.0.1"})
    EXPECT_FALSE(Public(a)) << a;
}

TEST(AddressPolicy, AcceptsPublicIpv6) {
  for (const char* a : {"2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8",
                        "64:ff9b::808:808", "2002:0808:0808::1"})
    EXPECT_TRUE(Public(a)) << a;
}

TEST(AddressPolicy, CheckPublicHostRefusesLiteralsAndNamesOfLocalAddresses) {
  for (const char* h : {"127.0.0.1", "[::1]", "::1", "localhost", "10.0.0.8", "169.254.169.254"}) {
    auto st = CheckPublicHost(h);
    ASSERT_FALSE(st) << h;
    EXPECT_EQ(st.error().code, Code::kPermissionDenied) << h;
    EXPECT_NE(st.error().message.find("private or local"), std::string::npos);
  }
  EXPECT_TRUE(CheckPublicHost("8.8.8.8"));
  EXPECT_FALSE(CheckPublicHost(""));
}

TEST(CurlPublicAddressesOnly, RefusesToConnectToLoopbackAndSendsNothing) {
  ah::testing::LoopbackServer server;
  ASSERT_TRUE(server.ok());
  server.SetDefault("/v1/chat/completions", ah::testing::CannedResponse::Text("{}"));
  CurlHttpClientOptions o;
  o.public_addresses_only = true;
  CurlHttpClient client(o);
  HttpRequest req;
  req.url = server.Url("/v1/chat/completions");
  req.method = "POST";
  req.body = "{}";
  auto res = client.Send(req);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kPermissionDenied);
  EXPECT_NE(res.error().message.find("127.0.0.1"), std::string::npos) << res.error().message;
  EXPECT_EQ(server.request_count(), 0u);
  // The same client without the policy reaches it.
  CurlHttpClient open_client;
  auto ok = open_client.Send(req);
  ASSERT_TRUE(ok) << ok.error().ToString();
  EXPECT_EQ(ok->status, 200);
}

TEST(CurlPublicAddressesOnly, AHostNameOfLoopbackIsRefusedWhenConnecting) {
  ah::testing::LoopbackServer server;
  ASSERT_TRUE(server.ok());
  server.SetDefault("/start", ah::testing::CannedResponse::Text("metadata"));
  // The policy is on every socket libcurl opens (redirect hops included), not
  // on the URL's text: a name that resolves to loopback is refused as well.
  CurlHttpClientOptions o;
  o.public_addresses_only = true;
  CurlHttpClient client(o);
  HttpRequest req;
  req.url = "http://localhost:" + std::to_string(server.port()) + "/start";
  auto res = client.Send(req);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, Code::kPermissionDenied);
  EXPECT_EQ(server.request_count(), 0u);
}

}  // namespace
}  // namespace ah::net
