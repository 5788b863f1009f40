// The people who use an instance: accounts, their signed-in sessions and API
// tokens. The web app and the CLI (`academichub user ...`) share it.
//
// Nothing secret is stored in the clear: passwords as argon2id hashes made by
// the caller (libsodium crypto_pwhash_str), session and API tokens as digests of
// the random token the client holds (the token itself is shown once). A user's
// name is also the owner of their radars (store/radar_store.h) and never changes.
//
// Speaks domain types only; the SQLite backend implements it next to Store
// (Store::user_store()). Every method is atomic.
// Thread-safety: as Store (one thread at a time per instance).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace ah::store {

struct User {
  int64_t id = 0;             // assigned by CreateUser
  std::string name;           // unique; the owner of the user's radars
  std::string password_hash;  // crypto_pwhash_str output; empty: cannot sign in with a password
  bool admin = false;
  std::string lang;  // preferred interface language: "", "en" or "zh"
  // Preferences as a JSON object (the web's settings page); secrets in it are
  // encrypted by the caller before they get here.
  std::string settings_json = "{}";
  int64_t created_unix = 0;
};

// A signed-in browser: the cookie holds a random token, the store its digest.
struct AuthSession {
  std::string token_hash;
  std::string user;
  std::string csrf;  // the session's CSRF token (a random value, not a secret from the user)
  int64_t created_unix = 0;
  int64_t expires_unix = 0;
};

// A per-user token for scripts (`Authorization: Bearer ...`).
struct ApiToken {
  int64_t id = 0;
  std::string user;
  std::string label;
  std::string token_hash;
  int64_t created_unix = 0;
  int64_t last_used_unix = 0;
};

class UserStore {
 public:
  virtual ~UserStore() = default;

  // Errors: kAlreadyExists for a taken name; kInvalidArgument for an empty one.
  [[nodiscard]] virtual Result<int64_t> CreateUser(const User& u) = 0;
  [[nodiscard]] virtual Result<std::optional<User>> GetUser(std::string_view name) = 0;
  [[nodiscard]] virtual Result<std::vector<User>> ListUsers() = 0;
  [[nodiscard]] virtual Result<int64_t> CountUsers() = 0;
  // Replaces password hash, admin flag, language and settings of user u.name.
  // kNotFound when there is no such user.
  [[nodiscard]] virtual Status UpdateUser(const User& u) = 0;

  [[nodiscard]] virtual Status CreateSession(const AuthSession& s) = 0;
  // The session with this token digest, when it has not expired at `now`.
  [[nodiscard]] virtual Result<std::optional<AuthSession>> GetSession(std::string_view token_hash,
                                                                      int64_t now) = 0;
  [[nodiscard]] virtual Status DeleteSession(std::string_view token_hash) = 0;
  // Signs a user out everywhere (e.g. after a password change).
  [[nodiscard]] virtual Status DeleteSessionsOf(std::string_view user) = 0;
  // Removes sessions that expired before `now`; returns how many.
  [[nodiscard]] virtual Result<int64_t> DeleteExpiredSessions(int64_t now) = 0;

  [[nodiscard]] virtual Result<int64_t> CreateApiToken(const ApiToken& t) = 0;
  // The token with this digest; records `now` as its last use.
  [[nodiscard]] virtual Result<std::optional<ApiToken>> UseApiToken(std::string_view token_hash,
                                                                    int64_t now) = 0;
  [[nodiscard]] virtual Result<std::vector<ApiToken>> ListApiTokens(std::string_view user) = 0;
  // kNotFound when the user has no token with this id.
  [[nodiscard]] virtual Status DeleteApiToken(std::string_view user, int64_t id) = 0;

  // The instance's settings an administrator changes at run time (e.g.
  // "registration" = "open" | "closed"): a small key/value table.
  [[nodiscard]] virtual Result<std::optional<std::string>> GetSetting(std::string_view key) = 0;
  [[nodiscard]] virtual Status PutSetting(std::string_view key, std::string_view value) = 0;
  // Every instance setting (PutSetting), by key: for moving a library
  // (service/migrate.h).
  [[nodiscard]] virtual Result<std::vector<std::pair<std::string, std::string>>>
  ListSettings() = 0;
};

}  // namespace ah::store
