// The host a URL names, for every place that decides by host: politeness
// buckets (net/politeness.h), the public-address check of webhooks and of a
// user's LLM provider (net/address_policy.h CheckPublicHost).
//
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace ah::net {

// The lower-cased host of an absolute URL ("scheme://[userinfo@]host[:port]/…"),
// without userinfo and port; an IPv6 literal without its brackets. "" when the
// URL has no "://" (a bare host or a relative path names no host here), when the
// authority is empty, or when an IPv6 literal's "[" is never closed.
// The scheme is not checked (callers that accept only http(s) check it first).
[[nodiscard]] std::string HostOf(std::string_view url);

}  // namespace ah::net
