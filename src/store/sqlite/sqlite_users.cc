// SqliteStore's UserStore half: accounts, signed-in sessions and API tokens
// (tables of schema migration 4).
#include <ctime>

#include "store/sqlite/sqlite_store.h"

namespace ah::store::sqlite {
namespace {

int64_t NowUnix() { return static_cast<int64_t>(std::time(nullptr)); }

constexpr const char* kUserColumns = "id, name, password_hash, admin, lang, settings, created_unix";

User UserFromRow(const Stmt& st) {
  User u;
  u.id = st.ColumnInt(0);
  u.name = st.ColumnString(1);
  u.password_hash = st.ColumnString(2);
  u.admin = st.ColumnInt(3) != 0;
  u.lang = st.ColumnString(4);
  u.settings_json = st.ColumnString(5);
  u.created_unix = st.ColumnInt(6);
  return u;
}

constexpr const char* kTokenColumns = "id, user, label, token_hash, created_unix, last_used_unix";

ApiToken TokenFromRow(const Stmt& st) {
  ApiToken t;
  t.id = st.ColumnInt(0);
  t.user = st.ColumnString(1);
  t.label = st.ColumnString(2);
  t.token_hash = st.ColumnString(3);
  t.created_unix = st.ColumnInt(4);
  t.last_used_unix = st.ColumnInt(5);
  return t;
}

}  // namespace

Result<int64_t> SqliteStore::CreateUser(const User& u) {
  if (u.name.empty()) return MakeError(Code::kInvalidArgument, "a user needs a name");
  auto existing = GetUser(u.name);
  if (!existing) return Fail(existing.error());
  if (*existing) return MakeError(Code::kAlreadyExists, "the name '" + u.name + "' is taken");
  auto st = db_->Cached(
      "INSERT INTO users(name, password_hash, admin, lang, settings, created_unix) "
      "VALUES(?,?,?,?,?,?)");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, u.name);
  (*st)->BindText(2, u.password_hash);
  (*st)->BindInt(3, u.admin ? 1 : 0);
  (*st)->BindText(4, u.lang);
  (*st)->BindText(5, u.settings_json.empty() ? std::string_view("{}") : u.settings_json);
  (*st)->BindInt(6, u.created_unix > 0 ? u.created_unix : NowUnix());
  if (auto rs = (*st)->Run(); !rs) {
    // A concurrent registration of the same name loses the UNIQUE race.
    if (rs.error().message.find("UNIQUE") != std::string::npos)
      return MakeError(Code::kAlreadyExists, "the name '" + u.name + "' is taken");
    return Fail(rs.error().Wrap("cannot create user " + u.name));
  }
  return db_->LastInsertRowid();
}

Result<std::optional<User>> SqliteStore::GetUser(std::string_view name) {
  auto st = db_->Cached(std::string("SELECT ") + kUserColumns + " FROM users WHERE name = ?");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, name);
  auto row = (*st)->Step();
  if (!row) return Fail(row.error());
  std::optional<User> out;
  if (*row) out = UserFromRow(**st);
  return out;
}

Result<std::vector<User>> SqliteStore::ListUsers() {
  auto st = db_->Cached(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY name");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  std::vector<User> out;
  while (true) {
    auto row = (*st)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(UserFromRow(**st));
  }
  return out;
}

Result<int64_t> SqliteStore::CountUsers() { return db_->QueryInt("SELECT count(*) FROM users"); }

Status SqliteStore::UpdateUser(const User& u) {
  auto st = db_->Cached(
      "UPDATE users SET password_hash = ?, admin = ?, lang = ?, settings = ? WHERE name = ?");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, u.password_hash);
  (*st)->BindInt(2, u.admin ? 1 : 0);
  (*st)->BindText(3, u.lang);
  (*st)->BindText(4, u.settings_json.empty() ? std::string_view("{}") : u.settings_json);
  (*st)->BindText(5, u.name);
  if (auto rs = (*st)->Run(); !rs) return Fail(rs.error().Wrap("cannot update user " + u.name));
  if (db_->Changes() == 0) return MakeError(Code::kNotFound, "no user named '" + u.name + "'");
  return Ok();
}

Status SqliteStore::CreateSession(const AuthSession& s) {
  auto st = db_->Cached(
      "INSERT INTO auth_sessions(token_hash, user, csrf, created_unix, expires_unix) "
      "VALUES(?,?,?,?,?)");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, s.token_hash);
  (*st)->BindText(2, s.user);
  (*st)->BindText(3, s.csrf);
  (*st)->BindInt(4, s.created_unix > 0 ? s.created_unix : NowUnix());
  (*st)->BindInt(5, s.expires_unix);
  if (auto rs = (*st)->Run(); !rs) return Fail(rs.error().Wrap("cannot create a session"));
  return Ok();
}

Result<std::optional<AuthSession>> SqliteStore::GetSession(std::string_view token_hash,
                                                           int64_t now) {
  auto st = db_->Cached(
      "SELECT token_hash, user, csrf, created_unix, expires_unix FROM auth_sessions "
      "WHERE token_hash = ? AND expires_unix > ?");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, token_hash);
  (*st)->BindInt(2, now);
  auto row = (*st)->Step();
  if (!row) return Fail(row.error());
  std::optional<AuthSession> out;
  if (*row) {
    out = AuthSession{(*st)->ColumnString(0), (*st)->ColumnString(1), (*st)->ColumnString(2),
                      (*st)->ColumnInt(3), (*st)->ColumnInt(4)};
  }
  return out;
}

Status SqliteStore::DeleteSession(std::string_view token_hash) {
  auto st = db_->Cached("DELETE FROM auth_sessions WHERE token_hash = ?");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, token_hash);
  return (*st)->Run();
}

Status SqliteStore::DeleteSessionsOf(std::string_view user) {
  auto st = db_->Cached("DELETE FROM auth_sessions WHERE user = ?");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, user);
  return (*st)->Run();
}

Result<int64_t> SqliteStore::DeleteExpiredSessions(int64_t now) {
  auto st = db_->Cached("DELETE FROM auth_sessions WHERE expires_unix <= ?");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindInt(1, now);
  if (auto rs = (*st)->Run(); !rs) return Fail(rs.error());
  return db_->Changes();
}

Result<int64_t> SqliteStore::CreateApiToken(const ApiToken& t) {
  auto st =
      db_->Cached("INSERT INTO api_tokens(user, label, token_hash, created_unix) VALUES(?,?,?,?)");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, t.user);
  (*st)->BindText(2, t.label);
  (*st)->BindText(3, t.token_hash);
  (*st)->BindInt(4, t.created_unix > 0 ? t.created_unix : NowUnix());
  if (auto rs = (*st)->Run(); !rs) return Fail(rs.error().Wrap("cannot create an API token"));
  return db_->LastInsertRowid();
}

Result<std::optional<ApiToken>> SqliteStore::UseApiToken(std::string_view token_hash, int64_t now) {
  std::optional<ApiToken> out;
  {
    auto st = db_->Cached(std::string("SELECT ") + kTokenColumns +
                          " FROM api_tokens WHERE token_hash = ?");
    if (!st) return Fail(st.error());
    ScopedReset reset(**st);
    (*st)->BindText(1, token_hash);
    auto row = (*st)->Step();
    if (!row) return Fail(row.error());
    if (!*row) return out;
    out = TokenFromRow(**st);
  }
  // Recorded at most once a minute: a script's every call need not write.
  if (now - out->last_used_unix >= 60) {
    auto st = db_->Cached("UPDATE api_tokens SET last_used_unix = ? WHERE id = ?");
    if (!st) return Fail(st.error());
    ScopedReset reset(**st);
    (*st)->BindInt(1, now);
    (*st)->BindInt(2, out->id);
    if (auto rs = (*st)->Run(); !rs) return Fail(rs.error());
    out->last_used_unix = now;
  }
  return out;
}

Result<std::vector<ApiToken>> SqliteStore::ListApiTokens(std::string_view user) {
  auto st = db_->Cached(std::string("SELECT ") + kTokenColumns +
                        " FROM api_tokens WHERE user = ? ORDER BY id");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, user);
  std::vector<ApiToken> out;
  while (true) {
    auto row = (*st)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(TokenFromRow(**st));
  }
  return out;
}

Status SqliteStore::DeleteApiToken(std::string_view user, int64_t id) {
  auto st = db_->Cached("DELETE FROM api_tokens WHERE user = ? AND id = ?");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, user);
  (*st)->BindInt(2, id);
  if (auto rs = (*st)->Run(); !rs) return Fail(rs.error());
  if (db_->Changes() == 0) return MakeError(Code::kNotFound, "no API token " + std::to_string(id));
  return Ok();
}

Result<std::optional<std::string>> SqliteStore::GetSetting(std::string_view key) {
  return OptionalText("SELECT value FROM settings WHERE key = ?", key);
}

Status SqliteStore::PutSetting(std::string_view key, std::string_view value) {
  auto st = db_->Cached("INSERT OR REPLACE INTO settings(key, value) VALUES(?,?)");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, key);
  (*st)->BindText(2, value);
  if (auto rs = (*st)->Run(); !rs) return Fail(rs.error().Wrap("cannot save a setting"));
  return Ok();
}

Result<std::vector<std::pair<std::string, std::string>>> SqliteStore::ListSettings() {
  auto st = db_->Cached("SELECT key, value FROM settings ORDER BY key");
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  std::vector<std::pair<std::string, std::string>> out;
  while (true) {
    auto row = (*st)->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.emplace_back((*st)->ColumnString(0), (*st)->ColumnString(1));
  }
  return out;
}

}  // namespace ah::store::sqlite
