// PgUserStore: accounts, sessions, API tokens and settings on PostgreSQL.
#include "store/pg/pg_users.h"

#include <ctime>

#include "store/pg/schema.h"

namespace ah::store::pg {
namespace {

int64_t NowUnix() { return static_cast<int64_t>(std::time(nullptr)); }

constexpr const char* kUserColumns = "id, name, password_hash, admin, lang, settings, created_unix";

User UserFromRow(const Rows& r, int i) {
  User u;
  u.id = r.Int(i, 0);
  u.name = r.Text(i, 1);
  u.password_hash = r.Text(i, 2);
  u.admin = r.Bool(i, 3);
  u.lang = r.Text(i, 4);
  u.settings_json = r.Text(i, 5);
  u.created_unix = r.Int(i, 6);
  return u;
}

constexpr const char* kTokenColumns =
    "id, user_name, label, token_hash, created_unix, last_used_unix";

ApiToken TokenFromRow(const Rows& r, int i) {
  ApiToken t;
  t.id = r.Int(i, 0);
  t.user = r.Text(i, 1);
  t.label = r.Text(i, 2);
  t.token_hash = r.Text(i, 3);
  t.created_unix = r.Int(i, 4);
  t.last_used_unix = r.Int(i, 5);
  return t;
}

std::string_view SettingsOf(const User& u) {
  return u.settings_json.empty() ? std::string_view("{}") : std::string_view(u.settings_json);
}

}  // namespace

Result<std::unique_ptr<PgUserStore>> PgUserStore::Open(const std::string& url) {
  auto conn = Conn::Open(url);
  if (!conn) return Fail(conn.error());
  if (auto st = Migrate(**conn); !st) return Fail(st.error());
  return std::unique_ptr<PgUserStore>(new PgUserStore(std::move(*conn)));
}

Result<int64_t> PgUserStore::CreateUser(const User& u) {
  if (u.name.empty()) return MakeError(Code::kInvalidArgument, "a user needs a name");
  // The unique name decides a race between two front ends registering one name.
  auto r = conn_->Query(
      "INSERT INTO users(name, password_hash, admin, lang, settings, created_unix) "
      "VALUES($1, $2, $3::boolean, $4, $5, $6::bigint) ON CONFLICT (name) DO NOTHING "
      "RETURNING id",
      {u.name, u.password_hash, u.admin, u.lang, SettingsOf(u),
       u.created_unix > 0 ? u.created_unix : NowUnix()});
  if (!r) return Fail(r.error().Wrap("cannot create user " + u.name));
  if (r->empty()) return MakeError(Code::kAlreadyExists, "the name '" + u.name + "' is taken");
  return r->Int(0, 0);
}

Result<std::optional<User>> PgUserStore::GetUser(std::string_view name) {
  auto r =
      conn_->Query(std::string("SELECT ") + kUserColumns + " FROM users WHERE name = $1", {name});
  if (!r) return Fail(r.error());
  if (r->empty()) return std::optional<User>();
  return std::optional<User>(UserFromRow(*r, 0));
}

Result<std::vector<User>> PgUserStore::ListUsers() {
  // COLLATE "C": byte order, as SQLite's default, whatever the database's locale.
  auto r = conn_->Query(std::string("SELECT ") + kUserColumns +
                        " FROM users ORDER BY name COLLATE \"C\"");
  if (!r) return Fail(r.error());
  std::vector<User> out;
  for (int i = 0; i < r->size(); ++i) out.push_back(UserFromRow(*r, i));
  return out;
}

Result<int64_t> PgUserStore::CountUsers() {
  auto r = conn_->Query("SELECT count(*) FROM users");
  if (!r) return Fail(r.error());
  return r->Int(0, 0);
}

Status PgUserStore::UpdateUser(const User& u) {
  auto n = conn_->Exec(
      "UPDATE users SET password_hash = $1, admin = $2::boolean, lang = $3, settings = $4 "
      "WHERE name = $5",
      {u.password_hash, u.admin, u.lang, SettingsOf(u), u.name});
  if (!n) return Fail(n.error().Wrap("cannot update user " + u.name));
  if (*n == 0) return MakeError(Code::kNotFound, "no user named '" + u.name + "'");
  return Ok();
}

Status PgUserStore::CreateSession(const AuthSession& s) {
  auto n = conn_->Exec(
      "INSERT INTO auth_sessions(token_hash, user_name, csrf, created_unix, expires_unix) "
      "VALUES($1, $2, $3, $4::bigint, $5::bigint)",
      {s.token_hash, s.user, s.csrf, s.created_unix > 0 ? s.created_unix : NowUnix(),
       s.expires_unix});
  if (!n) return Fail(n.error().Wrap("cannot create a session"));
  return Ok();
}

Result<std::optional<AuthSession>> PgUserStore::GetSession(std::string_view token_hash,
                                                           int64_t now) {
  auto r = conn_->Query(
      "SELECT token_hash, user_name, csrf, created_unix, expires_unix FROM auth_sessions "
      "WHERE token_hash = $1 AND expires_unix > $2::bigint",
      {token_hash, now});
  if (!r) return Fail(r.error());
  if (r->empty()) return std::optional<AuthSession>();
  return std::optional<AuthSession>(
      AuthSession{r->Text(0, 0), r->Text(0, 1), r->Text(0, 2), r->Int(0, 3), r->Int(0, 4)});
}

Status PgUserStore::DeleteSession(std::string_view token_hash) {
  auto n = conn_->Exec("DELETE FROM auth_sessions WHERE token_hash = $1", {token_hash});
  if (!n) return Fail(n.error());
  return Ok();
}

Status PgUserStore::DeleteSessionsOf(std::string_view user) {
  auto n = conn_->Exec("DELETE FROM auth_sessions WHERE user_name = $1", {user});
  if (!n) return Fail(n.error());
  return Ok();
}

Result<int64_t> PgUserStore::DeleteExpiredSessions(int64_t now) {
  return conn_->Exec("DELETE FROM auth_sessions WHERE expires_unix <= $1::bigint", {now});
}

Result<int64_t> PgUserStore::CreateApiToken(const ApiToken& t) {
  auto r = conn_->Query(
      "INSERT INTO api_tokens(user_name, label, token_hash, created_unix) "
      "VALUES($1, $2, $3, $4::bigint) RETURNING id",
      {t.user, t.label, t.token_hash, t.created_unix > 0 ? t.created_unix : NowUnix()});
  if (!r) return Fail(r.error().Wrap("cannot create an API token"));
  return r->Int(0, 0);
}

Result<std::optional<ApiToken>> PgUserStore::UseApiToken(std::string_view token_hash, int64_t now) {
  auto r = conn_->Query(
      std::string("SELECT ") + kTokenColumns + " FROM api_tokens WHERE token_hash = $1",
      {token_hash});
  if (!r) return Fail(r.error());
  if (r->empty()) return std::optional<ApiToken>();
  ApiToken t = TokenFromRow(*r, 0);
  // Recorded at most once a minute: a script's every call need not write.
  if (now - t.last_used_unix >= 60) {
    auto n = conn_->Exec("UPDATE api_tokens SET last_used_unix = $1::bigint WHERE id = $2::bigint",
                         {now, t.id});
    if (!n) return Fail(n.error());
    t.last_used_unix = now;
  }
  return std::optional<ApiToken>(std::move(t));
}

Result<std::vector<ApiToken>> PgUserStore::ListApiTokens(std::string_view user) {
  auto r = conn_->Query(
      std::string("SELECT ") + kTokenColumns + " FROM api_tokens WHERE user_name = $1 ORDER BY id",
      {user});
  if (!r) return Fail(r.error());
  std::vector<ApiToken> out;
  for (int i = 0; i < r->size(); ++i) out.push_back(TokenFromRow(*r, i));
  return out;
}

Status PgUserStore::DeleteApiToken(std::string_view user, int64_t id) {
  auto n =
      conn_->Exec("DELETE FROM api_tokens WHERE user_name = $1 AND id = $2::bigint", {user, id});
  if (!n) return Fail(n.error());
  if (*n == 0) return MakeError(Code::kNotFound, "no API token " + std::to_string(id));
  return Ok();
}

Result<std::optional<std::string>> PgUserStore::GetSetting(std::string_view key) {
  auto r = conn_->Query("SELECT value FROM settings WHERE key = $1", {key});
  if (!r) return Fail(r.error());
  if (r->empty()) return std::optional<std::string>();
  return std::optional<std::string>(r->Text(0, 0));
}

Status PgUserStore::PutSetting(std::string_view key, std::string_view value) {
  auto n = conn_->Exec(
      "INSERT INTO settings(key, value) VALUES($1, $2) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      {key, value});
  if (!n) return Fail(n.error().Wrap("cannot save a setting"));
  return Ok();
}

Result<std::vector<std::pair<std::string, std::string>>> PgUserStore::ListSettings() {
  auto r = conn_->Query("SELECT key, value FROM settings ORDER BY key COLLATE \"C\"");
  if (!r) return Fail(r.error());
  std::vector<std::pair<std::string, std::string>> out;
  for (int i = 0; i < r->size(); ++i) out.emplace_back(r->Text(i, 0), r->Text(i, 1));
  return out;
}

}  // namespace ah::store::pg
