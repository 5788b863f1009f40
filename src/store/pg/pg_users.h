// The UserStore on PostgreSQL (migration 2, pg/schema.cc): accounts, signed-in
// sessions, API tokens and the instance's settings, shared by every web front
// end on the database (so a front end keeps no session state of its own).
// Connection: owned (Open) or given (PgStore's, the library's other stores on
// one connection). Thread-safety: one thread at a time per instance (and a
// given connection's other users on that thread only).
#pragma once

#include <memory>
#include <string>

#include "store/pg/conn.h"
#include "store/user_store.h"

namespace ah::store::pg {

class PgUserStore final : public UserStore {
 public:
  // Connects to `url` and applies the migrations. Errors as Conn::Open / Migrate.
  [[nodiscard]] static Result<std::unique_ptr<PgUserStore>> Open(const std::string& url);
  // Uses `conn` (migrated, outliving this store).
  explicit PgUserStore(Conn& conn) : conn_(&conn) {}

  [[nodiscard]] Result<int64_t> CreateUser(const User& u) override;
  [[nodiscard]] Result<std::optional<User>> GetUser(std::string_view name) override;
  [[nodiscard]] Result<std::vector<User>> ListUsers() override;
  [[nodiscard]] Result<int64_t> CountUsers() override;
  [[nodiscard]] Status UpdateUser(const User& u) override;
  [[nodiscard]] Status CreateSession(const AuthSession& s) override;
  [[nodiscard]] Result<std::optional<AuthSession>> GetSession(std::string_view token_hash,
                                                              int64_t now) override;
  [[nodiscard]] Status DeleteSession(std::string_view token_hash) override;
  [[nodiscard]] Status DeleteSessionsOf(std::string_view user) override;
  [[nodiscard]] Result<int64_t> DeleteExpiredSessions(int64_t now) override;
  [[nodiscard]] Result<int64_t> CreateApiToken(const ApiToken& t) override;
  [[nodiscard]] Result<std::optional<ApiToken>> UseApiToken(std::string_view token_hash,
                                                            int64_t now) override;
  [[nodiscard]] Result<std::vector<ApiToken>> ListApiTokens(std::string_view user) override;
  [[nodiscard]] Status DeleteApiToken(std::string_view user, int64_t id) override;
  [[nodiscard]] Result<std::optional<std::string>> GetSetting(std::string_view key) override;
  [[nodiscard]] Status PutSetting(std::string_view key, std::string_view value) override;
  [[nodiscard]] Result<std::vector<std::pair<std::string, std::string>>> ListSettings() override;

 private:
  explicit PgUserStore(std::unique_ptr<Conn> own) : own_(std::move(own)), conn_(own_.get()) {}
  std::unique_ptr<Conn> own_;
  Conn* conn_;
};

}  // namespace ah::store::pg
