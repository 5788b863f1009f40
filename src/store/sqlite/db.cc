#include "store/sqlite/db.h"

#include <sqlite3.h>

#include <limits>
#include <mutex>
#include <utility>

namespace ah::store::sqlite {

Code CodeFromSqlite(int rc) {
  switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
      return Code::kOk;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_FORMAT:
      return Code::kCorrupt;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Code::kUnavailable;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_NOLFS:
      return Code::kIo;
    case SQLITE_TOOBIG:
      return Code::kTooLarge;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      return Code::kInvalidArgument;
    default:
      return Code::kInternal;
  }
}

namespace {

bool IsBusy(int rc) { return (rc & 0xff) == SQLITE_BUSY; }

// SQLite says "database is locked" when another connection held the lock past
// the busy timeout: say it in the user's words.
constexpr const char* kBusy = "the library is busy: another process is writing to it";

}  // namespace

Stmt::~Stmt() {
  if (st_ != nullptr) sqlite3_finalize(st_);
}

Stmt& Stmt::operator=(Stmt&& o) noexcept {
  if (this != &o) {
    if (st_ != nullptr) sqlite3_finalize(st_);
    db_ = o.db_;
    st_ = o.st_;
    bind_rc_ = o.bind_rc_;
    bind_index_ = o.bind_index_;
    o.st_ = nullptr;
  }
  return *this;
}

void Stmt::CheckBind(int rc, int i) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) {
    bind_rc_ = rc;
    bind_index_ = i;
  }
}

void Stmt::BindText(int i, std::string_view v) {
  // Lengths past INT_MAX cannot be passed to SQLite: refuse them as too big.
  if (v.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    CheckBind(SQLITE_TOOBIG, i);
    return;
  }
  // A zero-length blob of text must not be bound as NULL: pass a non-null pointer.
  CheckBind(sqlite3_bind_text(st_, i, v.empty() ? "" : v.data(), static_cast<int>(v.size()),
                              SQLITE_STATIC),
            i);
}

void Stmt::BindBlob(int i, std::string_view bytes) {
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    CheckBind(SQLITE_TOOBIG, i);
    return;
  }
  // A null pointer would bind NULL: an empty vector is a zero-length BLOB.
  CheckBind(sqlite3_bind_blob(st_, i, bytes.empty() ? "" : bytes.data(),
                              static_cast<int>(bytes.size()), SQLITE_STATIC),
            i);
}

void Stmt::BindTextOrNull(int i, std::string_view v) {
  if (v.empty()) {
    BindNull(i);
  } else {
    BindText(i, v);
  }
}

void Stmt::BindInt(int i, int64_t v) { CheckBind(sqlite3_bind_int64(st_, i, v), i); }
void Stmt::BindDouble(int i, double v) { CheckBind(sqlite3_bind_double(st_, i, v), i); }
void Stmt::BindNull(int i) { CheckBind(sqlite3_bind_null(st_, i), i); }

std::string Stmt::Sql() const {
  std::string sql = sqlite3_sql(st_) != nullptr ? sqlite3_sql(st_) : "";
  if (sql.size() > 80) sql = sql.substr(0, 77) + "...";
  return sql;
}

Result<bool> Stmt::Step() {
  if (bind_rc_ != SQLITE_OK) {
    // Reported once: the statement is not run with a parameter missing.
    const int rc = bind_rc_;
    const int index = bind_index_;
    bind_rc_ = SQLITE_OK;
    const Code code = CodeFromSqlite(rc);
    return MakeError(
        code == Code::kOk ? Code::kInternal : code,
        "value " + std::to_string(index) + " of a statement was refused: " + sqlite3_errstr(rc));
  }
  const int rc = sqlite3_step(st_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // Messages reach users: SQLite's reason only, never our SQL (callers add what
  // they were doing).
  if (IsBusy(rc)) return MakeError(Code::kUnavailable, kBusy);
  return MakeError(CodeFromSqlite(rc), std::string(sqlite3_errmsg(db_)));
}

Status Stmt::Run() {
  for (;;) {
    auto r = Step();
    if (!r) return Fail(r.error());
    if (!*r) return Ok();
  }
}

void Stmt::Reset() {
  if (st_ != nullptr) sqlite3_reset(st_);
  bind_rc_ = SQLITE_OK;
  bind_index_ = 0;
}

int64_t Stmt::ColumnInt(int i) const { return sqlite3_column_int64(st_, i); }
double Stmt::ColumnDouble(int i) const { return sqlite3_column_double(st_, i); }
bool Stmt::ColumnIsNull(int i) const { return sqlite3_column_type(st_, i) == SQLITE_NULL; }

std::string_view Stmt::ColumnBlob(int i) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(st_, i));
  if (p == nullptr) return {};
  return std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(st_, i)));
}

std::string_view Stmt::ColumnText(int i) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st_, i));
  if (p == nullptr) return {};
  return std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(st_, i)));
}

Result<std::unique_ptr<Db>> Db::Open(const std::string& path, bool read_only, bool create) {
  // SQLite's allocation statistics take a global mutex around every malloc and
  // free; nothing here reads them (no sqlite3_memory_used, no soft heap limit).
  // Effective only before SQLite initialises; otherwise harmlessly refused.
  static std::once_flag no_memstatus;
  std::call_once(no_memstatus, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  int flags = SQLITE_OPEN_NOMUTEX;
  if (read_only) {
    flags |= SQLITE_OPEN_READONLY;
  } else {
    flags |= SQLITE_OPEN_READWRITE;
    if (create) flags |= SQLITE_OPEN_CREATE;
  }
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    if (raw != nullptr) sqlite3_close(raw);
    return MakeError(CodeFromSqlite(rc) == Code::kInternal ? Code::kIo : CodeFromSqlite(rc),
                     "cannot open library " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(raw, 1);
  return std::unique_ptr<Db>(new Db(raw, path));
}

Db::~Db() {
  cache_.clear();  // finalize statements before closing
  sqlite3_close(db_);
}

Status Db::Exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Ok();
  std::string msg = IsBusy(rc) ? kBusy : err != nullptr ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  return MakeError(CodeFromSqlite(rc), msg);
}

Result<Stmt> Db::Prepare(std::string_view sql) {
  sqlite3_stmt* st = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &st, nullptr);
  if (rc != SQLITE_OK) {
    if (st != nullptr) sqlite3_finalize(st);
    return Fail(LastError("prepare"));
  }
  return Stmt(db_, st);
}

Result<Stmt*> Db::Cached(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return it->second.get();
  auto st = Prepare(sql);
  if (!st) return Fail(st.error());
  auto owned = std::make_unique<Stmt>(std::move(*st));
  Stmt* p = owned.get();
  cache_.emplace(std::string(sql), std::move(owned));
  return p;
}

Result<int64_t> Db::QueryInt(std::string_view sql) {
  auto st = Prepare(sql);
  if (!st) return Fail(st.error());
  auto row = st->Step();
  if (!row) return Fail(row.error());
  if (!*row) return MakeError(Code::kInternal, "no row from: " + std::string(sql));
  return st->ColumnInt(0);
}

Error Db::LastError(std::string_view context) const {
  const int rc = sqlite3_extended_errcode(db_);
  return Error(CodeFromSqlite(rc) == Code::kOk ? Code::kInternal : CodeFromSqlite(rc),
               std::string(context) + ": " + sqlite3_errmsg(db_));
}

int64_t Db::Changes() const { return sqlite3_changes64(db_); }

int64_t Db::LastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }

}  // namespace ah::store::sqlite
