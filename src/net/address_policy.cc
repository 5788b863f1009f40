#include "net/address_policy.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <cstdint>
#include <cstring>
#include <memory>

namespace ah::net {
namespace {

// IPv4 in host order.
bool IsPublicV4(uint32_t a) {
  struct Block {
    uint32_t net;
    int bits;
  };
  // RFC 6890 special-purpose blocks that are not globally reachable, and multicast.
  static constexpr Block kBlocked[] = {
      {0x00000000, 8},   // 0.0.0.0/8 "this network"
      {0x0A000000, 8},   // 10/8 private
      {0x64400000, 10},  // 100.64/10 CGNAT
      {0x7F000000, 8},   // 127/8 loopback
      {0xA9FE0000, 16},  // 169.254/16 link-local (cloud metadata)
      {0xAC100000, 12},  // 172.16/12 private
      {0xC0000000, 24},  // 192.0.0/24 IETF protocol assignments
      {0xC0000200, 24},  // 192.0.2/24 documentation
      {0xC0586300, 24},  // 192.88.99/24 6to4 relay anycast
      {0xC0A80000, 16},  // 192.168/16 private
      {0xC6120000, 15},  // 198.18/15 benchmarking
      {0xC6336400, 24},  // 198.51.100/24 documentation
      {0xCB007100, 24},  // 203.0.113/24 documentation
      {0xE0000000, 4},   // 224/4 multicast
      {0xF0000000, 4},   // 240/4 reserved, and the broadcast address
  };
  for (const Block& b : kBlocked) {
    const uint32_t mask = b.bits == 0 ? 0 : ~uint32_t{0} << (32 - b.bits);
    if ((a & mask) == b.net) return false;
  }
  return true;
}

uint32_t V4At(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

bool IsPublicV6(const uint8_t* b) {
  static constexpr uint8_t kZero[16] = {};
  if (std::memcmp(b, kZero, 16) == 0) return false;                      // ::
  if (std::memcmp(b, kZero, 15) == 0 && b[15] == 1) return false;        // ::1
  if (std::memcmp(b, kZero, 10) == 0 && b[10] == 0xff && b[11] == 0xff)  // ::ffff:a.b.c.d
    return IsPublicV4(V4At(b + 12));
  if (std::memcmp(b, kZero, 12) == 0) return false;                    // ::a.b.c.d (deprecated)
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b &&  // 64:ff9b::/96 NAT64
      std::memcmp(b + 4, kZero, 8) == 0)
    return IsPublicV4(V4At(b + 12));
  if (b[0] == 0x20 && b[1] == 0x02) return IsPublicV4(V4At(b + 2));       // 2002::/16 6to4
  if (b[0] == 0x01 && b[1] == 0x00 && std::memcmp(b + 2, kZero, 6) == 0)  // 100::/64 discard
    return false;
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return false;  // 2001:db8::/32
  if ((b[0] & 0xfe) == 0xfc) return false;                                         // fc00::/7 ULA
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return false;  // fe80::/10 link-local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return false;  // fec0::/10 site-local
  if (b[0] == 0xff) return false;                           // ff00::/8 multicast
  return true;
}

}  // namespace

bool IsPublicAddress(const sockaddr* address) {
  if (address == nullptr) return false;
  if (address->sa_family == AF_INET) {
    sockaddr_in in;
    std::memcpy(&in, address, sizeof in);
    return IsPublicV4(ntohl(in.sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 in6;
    std::memcpy(&in6, address, sizeof in6);
    return IsPublicV6(in6.sin6_addr.s6_addr);
  }
  return false;
}

std::string AddressText(const sockaddr* address) {
  if (address == nullptr) return "";
  char buf[INET6_ADDRSTRLEN] = {0};
  if (address->sa_family == AF_INET) {
    sockaddr_in in;
    std::memcpy(&in, address, sizeof in);
    if (inet_ntop(AF_INET, &in.sin_addr, buf, sizeof buf) != nullptr) return buf;
  } else if (address->sa_family == AF_INET6) {
    sockaddr_in6 in6;
    std::memcpy(&in6, address, sizeof in6);
    if (inet_ntop(AF_INET6, &in6.sin6_addr, buf, sizeof buf) != nullptr) return buf;
  }
  return "";
}

Status CheckPublicHost(std::string_view host) {
  std::string h(host);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (h.empty()) return MakeError(Code::kInvalidArgument, "no host name");
  addrinfo hints;
  std::memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int rc = getaddrinfo(h.c_str(), nullptr, &hints, &found);
  if (rc != 0 || found == nullptr)
    return MakeError(Code::kIo, "host '" + h + "' does not resolve (" + gai_strerror(rc) + ")");
  std::unique_ptr<addrinfo, void (*)(addrinfo*)> hold(found, freeaddrinfo);
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    if (!IsPublicAddress(a->ai_addr))
      return MakeError(Code::kPermissionDenied, "host '" + h + "' is at " +
                                                    AddressText(a->ai_addr) +
                                                    ", a private or local network address");
  }
  return Ok();
}

}  // namespace ah::net
