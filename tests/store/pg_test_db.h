// The PostgreSQL half of the store tests: a fresh schema per test on the
// server named by AH_TEST_POSTGRES_URL (scripts/pg_test_cluster.sh starts one;
// scripts/test.sh does so for CI), dropped when the test ends, so tests run in
// parallel (ctest -j) on one server without seeing each other's rows.
//
// Without AH_TEST_POSTGRES_URL a PostgreSQL test is skipped (reported as
// skipped), unless AH_REQUIRE_POSTGRES=1 (CI), where it fails: the PostgreSQL
// half must never pass by not running. A URL whose server cannot be reached is
// always a failure.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <ostream>
#include <random>
#include <string>

#include "core/result.h"
#include "store/pg/conn.h"

namespace ah::store::testing {

enum class BackendKind { kSqlite, kPostgres };

inline std::string KindName(const ::testing::TestParamInfo<BackendKind>& info) {
  return info.param == BackendKind::kSqlite ? "sqlite" : "postgresql";
}
// gtest prints a parameter in failure messages: the backend's name.
inline void PrintTo(BackendKind k, std::ostream* os) {
  *os << (k == BackendKind::kSqlite ? "sqlite" : "postgresql");
}

inline bool PostgresRequired() {
  const char* v = std::getenv("AH_REQUIRE_POSTGRES");
  return v != nullptr && std::string(v) == "1";
}

// A schema of its own on the test server; url() connects with it first on the
// search path. Dropped (with everything in it) on destruction.
class PgTestSchema {
 public:
  // Error when the server named by AH_TEST_POSTGRES_URL cannot be reached.
  // REQUIRES: AH_TEST_POSTGRES_URL is set.
  static Result<std::unique_ptr<PgTestSchema>> Create() {
    const std::string server = std::getenv("AH_TEST_POSTGRES_URL");
    auto admin = pg::Conn::Open(server);
    if (!admin) return Fail(admin.error());
    static std::atomic<int> counter{0};
    const std::string name = "ah_t" + std::to_string(getpid()) + "_" + std::to_string(counter++) +
                             "_" + std::to_string(std::random_device{}() % 100000);
    if (auto st = (*admin)->ExecScript("CREATE SCHEMA " + name); !st) return Fail(st.error());
    const std::string url = server + (server.find('?') == std::string::npos ? "?" : "&") +
                            "options=-csearch_path%3D" + name;
    return std::unique_ptr<PgTestSchema>(new PgTestSchema(std::move(*admin), name, url));
  }
  ~PgTestSchema() { (void)admin_->ExecScript("DROP SCHEMA IF EXISTS " + name_ + " CASCADE"); }
  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }
  pg::Conn& admin() { return *admin_; }

 private:
  PgTestSchema(std::unique_ptr<pg::Conn> admin, std::string name, std::string url)
      : admin_(std::move(admin)), name_(std::move(name)), url_(std::move(url)) {}
  std::unique_ptr<pg::Conn> admin_;
  std::string name_, url_;
};

// A library location for one test of a backend-parameterised suite: a file in
// `dir` (SQLite) or a fresh schema on the test server (PostgreSQL).
// In SetUp:  AH_OPEN_TEST_LOCATION(location_, GetParam(), dir_.path());
class TestLocation {
 public:
  // Sets `skip` (and returns nullptr) when this PostgreSQL test should be
  // skipped; returns nullptr with `error` set when it must fail.
  static std::unique_ptr<TestLocation> Make(BackendKind kind, const std::filesystem::path& dir,
                                            bool* skip, std::string* error) {
    *skip = false;
    auto loc = std::unique_ptr<TestLocation>(new TestLocation());
    if (kind == BackendKind::kSqlite) {
      loc->location_ = (dir / "lib.db").string();
      return loc;
    }
    if (std::getenv("AH_TEST_POSTGRES_URL") == nullptr) {
      if (PostgresRequired()) {
        *error =
            "AH_REQUIRE_POSTGRES=1 but AH_TEST_POSTGRES_URL is not set "
            "(scripts/pg_test_cluster.sh start)";
      } else {
        *skip = true;
      }
      return nullptr;
    }
    auto schema = PgTestSchema::Create();
    if (!schema) {
      *error = schema.error().ToString();
      return nullptr;
    }
    loc->location_ = (*schema)->url();
    loc->schema_ = std::move(*schema);
    return loc;
  }
  const std::string& location() const { return location_; }
  PgTestSchema* schema() { return schema_.get(); }

 private:
  TestLocation() = default;
  std::string location_;
  std::unique_ptr<PgTestSchema> schema_;
};

#define AH_OPEN_TEST_LOCATION(var, kind, dir)                                             \
  do {                                                                                    \
    bool ah_skip_ = false;                                                                \
    std::string ah_error_;                                                                \
    var = ::ah::store::testing::TestLocation::Make((kind), (dir), &ah_skip_, &ah_error_); \
    if (ah_skip_) GTEST_SKIP() << "no PostgreSQL server: set AH_TEST_POSTGRES_URL";       \
    if (!var) FAIL() << ah_error_;                                                        \
  } while (0)

}  // namespace ah::store::testing
