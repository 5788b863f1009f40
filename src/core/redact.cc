#include "core/redact.h"

#include <array>
#include <cctype>

namespace ah {
namespace {

constexpr size_t kMinSecretBytes = 4;
constexpr size_t kMinSkKeyChars = 16;  // after "sk-"
constexpr size_t kMinBearerChars = 8;

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::string LowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

bool IsKeyChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

// Characters of a bearer token (RFC 6750 b64token) and of most API keys.
bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("-._~+/=").find(c) != std::string_view::npos;
}

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

bool IsLineEnd(char c) { return c == '\n' || c == '\r'; }

std::string ReplaceSecrets(std::string_view text, const std::vector<std::string>& secrets) {
  std::string out(text);
  for (const std::string& s : secrets) {
    if (s.size() < kMinSecretBytes) continue;
    for (size_t at = out.find(s); at != std::string::npos; at = out.find(s, at)) {
      out.replace(at, s.size(), kRedacted);
      at += kRedacted.size();
    }
  }
  return out;
}

// scheme://userinfo@host: the userinfo.
std::string RedactUrlCredentials(const std::string& in) {
  std::string out;
  out.reserve(in.size());
  size_t copied = 0;
  for (size_t at = in.find("://"); at != std::string::npos; at = in.find("://", at + 3)) {
    const size_t start = at + 3;
    size_t i = start;
    while (i < in.size() && in[i] != '@' && in[i] != '/' && in[i] != '?' && in[i] != '#' &&
           !std::isspace(static_cast<unsigned char>(in[i])) && in[i] != '"' && in[i] != '\'' &&
           in[i] != '<' && in[i] != '>') {
      ++i;
    }
    if (i < in.size() && in[i] == '@' && i > start &&
        in.compare(start, i - start, kRedacted) != 0) {
      out.append(in, copied, start - copied);
      out.append(kRedacted);
      copied = i;
    }
  }
  out.append(in, copied, std::string::npos);
  return out;
}

// Header-like fields: name, optional closing quote, ':' or '=', the value.
std::string RedactFields(const std::string& in) {
  static constexpr std::array<std::string_view, 7> kNames = {
      "proxy-authorization", "authorization", "x-api-key", "api-key", "api_key", "apikey",
      "x-goog-api-key"};
  const std::string lower = LowerCopy(in);
  std::string out;
  out.reserve(in.size());
  size_t copied = 0;
  size_t i = 0;
  while (i < in.size()) {
    std::string_view matched;
    for (std::string_view name : kNames) {
      if (lower.compare(i, name.size(), name) == 0 && (i == 0 || !(IsKeyChar(in[i - 1])))) {
        matched = name;
        break;
      }
    }
    if (matched.empty()) {
      ++i;
      continue;
    }
    size_t j = i + matched.size();
    if (j < in.size() && (in[j] == '"' || in[j] == '\'')) ++j;
    while (j < in.size() && IsSpace(in[j])) ++j;
    if (j >= in.size() || (in[j] != ':' && in[j] != '=')) {
      i += matched.size();
      continue;
    }
    const bool header = in[j] == ':';  // "Name: value to the end of the line"
    ++j;
    while (j < in.size() && IsSpace(in[j])) ++j;
    size_t value_start = j;
    size_t value_end = j;
    if (j < in.size() && (in[j] == '"' || in[j] == '\'')) {
      const char quote = in[j];
      value_start = j + 1;
      value_end = value_start;
      while (value_end < in.size() && in[value_end] != quote && !IsLineEnd(in[value_end])) {
        if (in[value_end] == '\\' && value_end + 1 < in.size()) ++value_end;
        ++value_end;
      }
      value_end = std::min(value_end, in.size());
    } else {
      // Unquoted: a header's value runs to the end of the line ("Bearer x"), a
      // name=value one to the next space; neither past a JSON/query delimiter.
      while (value_end < in.size() && !IsLineEnd(in[value_end]) && in[value_end] != ',' &&
             in[value_end] != '}' && in[value_end] != ';' && in[value_end] != '&' &&
             (header || !IsSpace(in[value_end]))) {
        ++value_end;
      }
      while (value_end > value_start && IsSpace(in[value_end - 1])) --value_end;
    }
    if (value_end > value_start &&
        in.compare(value_start, value_end - value_start, kRedacted) != 0) {
      out.append(in, copied, value_start - copied);
      out.append(kRedacted);
      copied = value_end;
    }
    i = std::max(value_end, i + 1);
  }
  out.append(in, copied, std::string::npos);
  return out;
}

// "Bearer <token>".
std::string RedactBearer(const std::string& in) {
  const std::string lower = LowerCopy(in);
  std::string out;
  out.reserve(in.size());
  size_t copied = 0;
  for (size_t at = lower.find("bearer"); at != std::string::npos;
       at = lower.find("bearer", at + 6)) {
    if (at > 0 && IsKeyChar(in[at - 1])) continue;
    size_t j = at + 6;
    if (j >= in.size() || !IsSpace(in[j])) continue;
    while (j < in.size() && IsSpace(in[j])) ++j;
    size_t end = j;
    bool credential_like = false;  // "the bearer of", "bearer instrument" are words
    while (end < in.size() && IsTokenChar(in[end])) {
      credential_like = credential_like || !std::isalpha(static_cast<unsigned char>(in[end]));
      ++end;
    }
    if (end - j < kMinBearerChars || !credential_like) continue;
    out.append(in, copied, j - copied);
    out.append(kRedacted);
    copied = end;
  }
  out.append(in, copied, std::string::npos);
  return out;
}

// sk-XXXXXXXXXXXXXXXX keys.
std::string RedactSkKeys(const std::string& in) {
  std::string out;
  out.reserve(in.size());
  size_t copied = 0;
  for (size_t at = in.find("sk-"); at != std::string::npos; at = in.find("sk-", at + 3)) {
    if (at < copied || (at > 0 && IsKeyChar(in[at - 1]))) continue;
    size_t end = at + 3;
    size_t key_chars = 0;
    while (end < in.size() && IsKeyChar(in[end])) {
      ++end;
      ++key_chars;
    }
    if (key_chars < kMinSkKeyChars) continue;
    out.append(in, copied, at - copied);
    out.append(kRedacted);
    copied = end;
  }
  out.append(in, copied, std::string::npos);
  return out;
}

// ?key=... &api_key=... &access_token=...
std::string RedactQueryKeys(const std::string& in) {
  static constexpr std::array<std::string_view, 5> kParams = {
      "key=", "api_key=", "apikey=", "access_token=", "token="};
  const std::string lower = LowerCopy(in);
  std::string out;
  out.reserve(in.size());
  size_t copied = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '?' && in[i] != '&') continue;
    for (std::string_view p : kParams) {
      if (lower.compare(i + 1, p.size(), p) != 0) continue;
      const size_t start = i + 1 + p.size();
      size_t end = start;
      while (end < in.size() && in[end] != '&' && in[end] != '#' && in[end] != '"' &&
             in[end] != '\'' && !std::isspace(static_cast<unsigned char>(in[end]))) {
        ++end;
      }
      if (end > start && in.compare(start, end - start, kRedacted) != 0) {
        out.append(in, copied, start - copied);
        out.append(kRedacted);
        copied = end;
      }
      i = end > i ? end - 1 : i;
      break;
    }
  }
  out.append(in, copied, std::string::npos);
  return out;
}

}  // namespace

std::string RedactSecrets(std::string_view text, const std::vector<std::string>& secrets) {
  std::string out = ReplaceSecrets(text, secrets);
  out = RedactUrlCredentials(out);
  out = RedactFields(out);
  out = RedactBearer(out);
  out = RedactSkKeys(out);
  out = RedactQueryKeys(out);
  return out;
}

}  // namespace ah
