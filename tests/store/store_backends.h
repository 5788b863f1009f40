// The backends the Store conformance suite runs against: SQLite (alone and
// pooled), the in-memory test store and PostgreSQL (when a test server is
// named, see PostgresBackend). Add a backend here and every test in
// store_conformance_test.cc runs on it.
//
// AllBackends(): every backend, the in-memory test store included; the suites
// of the paper rules run on all of them (store_conformance_test,
// store_limits_test, store_doi_lookup_test, changes_test). A suite that needs
// more than the rules and plain matching names what it needs, and runs on
// BackendsWith(those features): the in-memory store has none of them
// (tests/fakes/memory_store.h says what it does instead), so those suites
// list only the SQLite and PostgreSQL backends — visibly, in their INSTANTIATE line
// (store_facets_test StoreRankingTest, store_stem_cjk_search_test,
// radar_store_test, user_store_test). A single test of a wider suite that needs
// a feature calls StoreTest::RequireFeatures, reported as SKIPPED with the reason
// (store_search_test: diacritic folding, author name forms).
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "core/result.h"
#include "fakes/memory_store.h"
#include "pg_test_db.h"
#include "store/pg/pg_store.h"
#include "store/pool.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace ah::store::testing {

// What a backend can do beyond the paper rules and plain full-text matching.
enum Feature : unsigned {
  kRankedSearch = 1u << 0,  // bm25 ranking (title matches first), its one-pass count and order
  kTextAnalysis = 1u << 3,  // diacritics folded, author names in either order with initials,
                            // Snowball stems, CJK bigrams ("did you mean" from the vocabulary)
  kRadarStore = 1u << 1,    // radar_store(): radars, feedback, briefings, answer cache
  kUserStore = 1u << 2,     // user_store(): users, sessions, API tokens
};

struct Backend {
  std::string name;
  unsigned features = 0;
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
  b.features = kRankedSearch | kTextAnalysis | kRadarStore | kUserStore;
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

// The in-memory test store (tests/fakes/memory_store.h): the rules layer over a
// PaperBackend of plain containers. Its libraries live for the test program,
// one per directory, so that reopening a directory finds its papers.
inline Backend MemoryBackend() {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<ah::testing::MemoryStore::Library>> libraries;
  auto library = [](const std::filesystem::path& dir) {
    std::lock_guard<std::mutex> lock(mu);
    auto& lib = libraries[dir.string()];
    if (!lib) lib = ah::testing::MemoryStore::NewLibrary();
    return lib;
  };
  Backend b;
  b.name = "memory";
  b.open = [library](const std::filesystem::path& dir) -> Result<std::unique_ptr<Store>> {
    return std::unique_ptr<Store>(std::make_unique<ah::testing::MemoryStore>(library(dir)));
  };
  b.fail_writes_of = [library](const std::filesystem::path& dir, const std::string& key) -> Status {
    ah::testing::MemoryStore::FailWritesOf(*library(dir), key);
    return Ok();
  };
  return b;
}

// PostgreSQL (store/pg/pg_store.h), on the server named by AH_TEST_POSTGRES_URL
// (scripts/pg_test_cluster.sh): each directory's library is a schema of its
// own there (pg_test_db.h), kept for the test program (reopening a directory
// finds its papers) and dropped when it ends. Without AH_TEST_POSTGRES_URL the
// backend is left out of AllBackends, unless AH_REQUIRE_POSTGRES=1, where it
// is listed and every open fails: the PostgreSQL half never passes by not running.
inline Backend PostgresBackend() {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<PgTestSchema>> schemas;
  auto schema = [](const std::filesystem::path& dir) -> Result<PgTestSchema*> {
    if (std::getenv("AH_TEST_POSTGRES_URL") == nullptr) {
      return MakeError(Code::kUnreachable,
                       "AH_REQUIRE_POSTGRES=1 but AH_TEST_POSTGRES_URL is not set "
                       "(scripts/pg_test_cluster.sh start)");
    }
    std::lock_guard<std::mutex> lock(mu);
    auto& s = schemas[dir.string()];
    if (!s) {
      auto created = PgTestSchema::Create();
      if (!created) return Fail(created.error());
      s = std::move(*created);
    }
    return s.get();
  };
  Backend b;
  b.name = "postgresql";
  // Ranked (ts_rank_cd, title first), SQLite's text analysis (pg_store.h);
  // radars, users and deliveries on the Store's connection (pg_radar.h, pg_users.h).
  b.features = kRankedSearch | kTextAnalysis | kRadarStore | kUserStore;
  b.open = [schema](const std::filesystem::path& dir) -> Result<std::unique_ptr<Store>> {
    auto sc = schema(dir);
    if (!sc) return Fail(sc.error());
    auto s = pg::PgStore::Open((*sc)->url());
    if (!s) return Fail(s.error());
    return std::unique_ptr<Store>(std::move(*s));
  };
  b.fail_writes_of = [schema](const std::filesystem::path& dir, const std::string& key) -> Status {
    auto sc = schema(dir);
    if (!sc) return Fail(sc.error());
    std::string quoted = "'";
    for (char c : key) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    quoted += "'";
    const std::string& ns = (*sc)->name();
    return (*sc)->admin().ExecScript(
        "CREATE TABLE IF NOT EXISTS " + ns + ".test_failing_keys(key text PRIMARY KEY);"
        "INSERT INTO " + ns + ".test_failing_keys VALUES(" + quoted + ") ON CONFLICT DO NOTHING;"
        "CREATE OR REPLACE FUNCTION " + ns + ".test_fail_writes() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN IF EXISTS (SELECT 1 FROM " + ns +
        ".test_failing_keys f WHERE f.key = NEW.key) THEN RAISE EXCEPTION "
        "'injected write failure'; END IF; RETURN NEW; END $$;"
        "CREATE OR REPLACE TRIGGER test_fail_writes BEFORE INSERT OR UPDATE ON " + ns +
        ".papers FOR EACH ROW EXECUTE FUNCTION " + ns + ".test_fail_writes();");
  };
  return b;
}

inline std::vector<Backend> AllBackends() {
  std::vector<Backend> out = {SqliteBackend(), PooledSqliteBackend(), MemoryBackend()};
  if (std::getenv("AH_TEST_POSTGRES_URL") != nullptr || PostgresRequired())
    out.push_back(PostgresBackend());
  return out;
}

// The backends that have every feature in `features` (a Feature mask).
inline std::vector<Backend> BackendsWith(unsigned features) {
  std::vector<Backend> out;
  for (Backend& b : AllBackends()) {
    if ((b.features & features) == features) out.push_back(std::move(b));
  }
  return out;
}

}  // namespace ah::store::testing
