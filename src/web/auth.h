// Accounts' secrets, with libsodium: argon2id password hashes, random tokens
// for sessions / API tokens / CSRF and their stored digests, secretbox
// encryption of secrets users give us (an LLM provider's key), and a
// rate limiter for sign-in and expensive calls.
//
// Every function is thread-safe. Init() must succeed before any other call.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"
#include "core/result.h"

namespace ah::web {

// Initialises libsodium. Errors: kInternal.
[[nodiscard]] Status InitCrypto();

// argon2id (crypto_pwhash_str, interactive limits: 2 passes, 64 MiB). At most
// two hashes run at once, so a burst of sign-ins cannot exhaust memory.
[[nodiscard]] Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view password, const std::string& hash);
// A password users may choose: 8 to 1024 bytes. Errors: kInvalidArgument.
[[nodiscard]] Status CheckNewPassword(std::string_view password);
// A user name: 2 to 40 of [A-Za-z0-9._-], starting with a letter or digit.
[[nodiscard]] Status CheckUserName(std::string_view name);

// 32 random bytes, URL-safe base64 without padding (43 characters).
std::string RandomToken();
// The digest kept in the library for a token (BLAKE2b-256, hex).
std::string TokenDigest(std::string_view token);
// Constant-time comparison.
bool SameSecret(std::string_view a, std::string_view b);

// Secrets at rest (crypto_secretbox): nonce + ciphertext, base64. The key is
// 32 bytes (LoadOrCreateKey).
std::string Seal(std::string_view plaintext, const std::string& key);
[[nodiscard]] Result<std::string> Open(std::string_view sealed, const std::string& key);
// The instance's secret key, kept in `path` (created with mode 0600 when
// absent). Errors: kIo.
[[nodiscard]] Result<std::string> LoadOrCreateKey(const std::string& path);

// Token buckets per key ("login:ip:1.2.3.4"): `burst` requests at once, then
// one every `every`, on `clock`'s monotonic time (not owned; it outlives the
// limiter). Allow() answers 0 when allowed, else the seconds to wait.
// Memory is bounded: at most `max_keys` buckets. At the bound, full buckets
// (which a fresh key would equal) are dropped, then if need be those touched
// longest ago, down to three quarters of the bound (keys from very many
// addresses at once: the oldest are forgiven; a key in use stays).
class RateLimiter {
 public:
  explicit RateLimiter(Clock& clock, size_t max_keys = 100000)
      : clock_(clock), max_keys_(max_keys) {}
  int64_t Allow(const std::string& key, int burst, std::chrono::milliseconds every);
  // Forgets a key (e.g. a successful sign-in clears its failures).
  void Reset(const std::string& key);
  // The number of keys kept.
  size_t Size() const;

 private:
  struct Bucket {
    double tokens = 0;
    int64_t at_ms = 0;
    double rate = 0;  // tokens a millisecond
    int burst = 0;
  };
  void Shrink(int64_t now);  // with mu_ held
  Clock& clock_;
  const size_t max_keys_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace ah::web
