// Removing secrets from text before it reaches a user, a log or the library.
//
// Provider error bodies, URLs and answers are outside our control: a provider
// may echo the request's Authorization header, a base URL may carry
// "user:pass@", a feed URL an "?api_key=". Everything that turns such text into
// an error message, a note, a stored briefing or a log line passes it through
// RedactSecrets first.
//
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ah {

inline constexpr std::string_view kRedacted = "[REDACTED]";

// `text` with these replaced by kRedacted:
//  - every occurrence of each of `secrets` (the configured keys; ones shorter
//    than 4 bytes are ignored, they would match ordinary text);
//  - URL credentials: the "user:pass" / "token" of "scheme://user:pass@host";
//  - the value of an Authorization / Proxy-Authorization / X-Api-Key / Api-Key
//    header or field, in header ("Authorization: ...", to the end of the line),
//    JSON or repr form ("authorization": "...", to the closing quote), also
//    "api_key = ..." settings;
//  - the token after "Bearer " (any case);
//  - API keys of the form sk-XXXX (OpenAI, DeepSeek, DashScope, Moonshot,
//    Anthropic: "sk-" and at least 16 more key characters);
//  - the values of URL query parameters key, api_key, apikey, access_token,
//    token.
// Text without secrets is returned unchanged.
std::string RedactSecrets(std::string_view text, const std::vector<std::string>& secrets = {});

}  // namespace ah
