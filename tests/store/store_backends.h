// The backends the Store conformance suite runs against. Add a backend here
// (e.g. PostgreSQL) and every test in store_conformance_test.cc runs on it.
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <functional>
#include <ostream>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/pool.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace ah::store::testing {

struct Backend {
  std::string name;
  // Opens (creating on first use) the library kept in `dir`; opening the same
  // dir again reopens the same library.
  std::function<Result<std::unique_ptr<Store>>(const std::filesystem::path& dir)> open;
  // From now on, any write of the paper whose library key is `key` fails inside
  // the backend (e.g. a trigger), so page atomicity can be tested.
  std::function<Status(const std::filesystem::path& dir, const std::string& key)> fail_writes_of;
};

// gtest prints a test parameter in failure messages and ctest names: the backend's name.
inline void PrintTo(const Backend& b, std::ostream* os) { *os << b.name; }

inline std::filesystem::path SqlitePath(const std::filesystem::path& dir) {
  return dir / "library.db";
}

inline Status SqliteExec(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    return MakeError(Code::kIo, "cannot open " + file.string());
  }
  sqlite3_busy_timeout(db, 5000);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  std::string msg = err != nullptr ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  if (rc != SQLITE_OK) return MakeError(Code::kInternal, msg);
  return Ok();
}

inline Backend SqliteBackend() {
  Backend b;
  b.name = "sqlite";
  b.open = [](const std::filesystem::path& dir) -> Result<std::unique_ptr<Store>> {
    auto s = sqlite::SqliteStore::Open(SqlitePath(dir).string());
    if (!s) return Fail(s.error());
    return std::unique_ptr<Store>(std::move(*s));
  };
  b.fail_writes_of = [](const std::filesystem::path& dir, const std::string& key) -> Status {
    std::string quoted = "'";
    for (char c : key) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    quoted += "'";
    return SqliteExec(SqlitePath(dir),
                      "CREATE TRIGGER IF NOT EXISTS test_fail_insert BEFORE INSERT ON papers "
                      "WHEN NEW.key = " +
                          quoted +
                          " BEGIN SELECT RAISE(ABORT, 'injected write failure'); END;"
                          "CREATE TRIGGER IF NOT EXISTS test_fail_update BEFORE UPDATE ON papers "
                          "WHEN NEW.key = " +
                          quoted + " BEGIN SELECT RAISE(ABORT, 'injected write failure'); END;");
  };
  return b;
}

// SQLite through a StorePool lease (store/pool.h): reads on a reader
// connection, writes on the pool's writer, as the server uses a library.
inline Backend PooledSqliteBackend() {
  Backend b = SqliteBackend();
  b.name = "sqlite_pooled";
  b.open = [](const std::filesystem::path& dir) -> Result<std::unique_ptr<Store>> {
    auto pool = StorePool::Open(SqlitePath(dir).string(), 2);
    if (!pool) return Fail(pool.error());
    return (*pool)->Lease();
  };
  return b;
}

inline std::vector<Backend> AllBackends() { return {SqliteBackend(), PooledSqliteBackend()}; }

}  // namespace ah::store::testing
