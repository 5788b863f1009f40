// Thin RAII wrapper over the sqlite3 C API used by the SQLite store: a
// connection with a prepared-statement cache, statements with typed binds and
// columns, and SQLite result codes mapped to ah::Error. Internal to
// store/sqlite; nothing here crosses the Store interface.
// Thread-safety: one thread at a time per Db (like the Store that owns it).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace ah::store::sqlite {

// Maps an SQLite result code to an Error code (NOTADB/CORRUPT -> kCorrupt,
// BUSY/LOCKED -> kUnavailable, IOERR/CANTOPEN/FULL/READONLY -> kIo, ...).
Code CodeFromSqlite(int rc);

class Stmt {
 public:
  Stmt() = default;
  Stmt(sqlite3* db, sqlite3_stmt* st) : db_(db), st_(st) {}
  ~Stmt();
  Stmt(Stmt&& o) noexcept
      : db_(o.db_), st_(o.st_), bind_rc_(o.bind_rc_), bind_index_(o.bind_index_) {
    o.st_ = nullptr;
  }
  Stmt& operator=(Stmt&& o) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  // Binds are 1-based. Text is bound without copying: the bytes must stay
  // alive until the statement is stepped and reset (every use rebinds all
  // parameters, so a stale pointer is never read).
  // A bind that fails (a value over SQLite's length limit: kTooLarge; a bad
  // index: kInvalidArgument) is remembered, and the next Step or Run returns it
  // without running the statement; Reset forgets it.
  void BindText(int i, std::string_view v);
  void BindTextOrNull(int i, std::string_view v);  // NULL when empty
  void BindBlob(int i, std::string_view bytes);  // bytes, not text (BLOB); as BindText
  void BindInt(int i, int64_t v);
  void BindDouble(int i, double v);
  void BindNull(int i);

  // Steps once: true = a row is available, false = done. Fails, without
  // running the statement, with the first failed bind since the last Reset.
  [[nodiscard]] Result<bool> Step();
  // Steps to completion, ignoring rows.
  [[nodiscard]] Status Run();
  void Reset();

  int64_t ColumnInt(int i) const;
  double ColumnDouble(int i) const;
  bool ColumnIsNull(int i) const;
  std::string_view ColumnText(int i) const;  // valid until the next Step/Reset
  std::string_view ColumnBlob(int i) const;  // the bytes of a BLOB (or text); as ColumnText
  std::string ColumnString(int i) const { return std::string(ColumnText(i)); }

  sqlite3_stmt* raw() const { return st_; }

 private:
  void CheckBind(int rc, int i);
  [[nodiscard]] std::string Sql() const;  // the statement's SQL, shortened, for errors

  sqlite3* db_ = nullptr;
  sqlite3_stmt* st_ = nullptr;
  int bind_rc_ = 0;  // first failed bind since the last Reset (SQLITE_OK = none)
  int bind_index_ = 0;
};

// Resets a statement when leaving scope, so a cached statement never keeps a
// read transaction open or a half-stepped state after an early return.
class ScopedReset {
 public:
  explicit ScopedReset(Stmt& s) : s_(s) {}
  ~ScopedReset() { s_.Reset(); }
  ScopedReset(const ScopedReset&) = delete;
  ScopedReset& operator=(const ScopedReset&) = delete;

 private:
  Stmt& s_;
};

class Db {
 public:
  // Opens (creating when `create`) the database file; ":memory:" allowed.
  // Does not touch the file's contents: errors such as "not a database" show
  // up on the first statement.
  [[nodiscard]] static Result<std::unique_ptr<Db>> Open(const std::string& path, bool read_only,
                                                        bool create);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Runs one or more SQL statements without results.
  [[nodiscard]] Status Exec(std::string_view sql);
  // A statement prepared once and cached for the connection's lifetime.
  // The returned pointer stays valid until the Db is destroyed.
  [[nodiscard]] Result<Stmt*> Cached(std::string_view sql);
  // A fresh statement (for dynamic SQL that should not fill the cache).
  [[nodiscard]] Result<Stmt> Prepare(std::string_view sql);

  // Runs a query returning one integer (e.g. PRAGMA user_version).
  [[nodiscard]] Result<int64_t> QueryInt(std::string_view sql);

  // The last error of the connection as an Error whose message starts with `context`.
  Error LastError(std::string_view context) const;
  int64_t LastInsertRowid() const;
  // Rows changed by the last INSERT / UPDATE / DELETE.
  int64_t Changes() const;
  sqlite3* raw() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  Db(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  // Heterogeneous lookup: finding a cached statement allocates nothing.
  std::unordered_map<std::string, std::unique_ptr<Stmt>, SqlHash, std::equal_to<>> cache_;
};

}  // namespace ah::store::sqlite
