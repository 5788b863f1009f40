// Which network addresses a request made on a user's behalf may reach.
//
// A server that calls URLs its users typed (their own LLM provider) must not
// become a way into its own network: the loopback interface, the private and
// link-local ranges (cloud metadata at 169.254.169.254), CGNAT, multicast and
// the reserved blocks. IsPublicAddress says whether an address is none of
// those; CurlHttpClientOptions::public_addresses_only applies it to every
// connection libcurl opens (so a DNS answer that changes between a check and
// the connection, or a redirect, cannot get around it); CheckPublicHost
// resolves a host name ahead of time to give a user a clear message early.
//
// Pure functions except CheckPublicHost (DNS). Thread-safe.
#pragma once

#include <sys/socket.h>

#include <string>
#include <string_view>

#include "core/result.h"

namespace ah::net {

// False for unspecified, loopback, private (RFC 1918, IPv6 ULA), link-local,
// CGNAT (100.64/10), benchmarking, documentation, multicast, reserved and
// broadcast addresses, and for IPv6 forms that embed such an IPv4 address
// (v4-mapped, NAT64 64:ff9b::/96, 6to4 2002::/16). Unknown families: false.
bool IsPublicAddress(const sockaddr* address);

// The textual form of an IPv4 / IPv6 address ("10.0.0.1", "::1"); "" otherwise.
std::string AddressText(const sockaddr* address);

// Resolves `host` (a name or an IP literal, IPv6 with or without brackets) and
// checks every address it has. Errors: kPermissionDenied naming the host and
// the first address that is not public; kIo when the name does not resolve.
[[nodiscard]] Status CheckPublicHost(std::string_view host);

}  // namespace ah::net
