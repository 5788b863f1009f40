// The PostgreSQL wrapper (store/pg/conn.h) and migrations (store/pg/schema.h):
// user-facing errors that never show SQL or passwords, parameters that are
// never spliced into statements, transactions retried after a deadlock, and
// migrations applied exactly once by concurrent starters.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "pg_test_db.h"
#include "store/pg/conn.h"
#include "store/pg/schema.h"
#include "testing.h"

namespace ah::store::pg {
namespace {

using store::testing::BackendKind;
using store::testing::TestLocation;

TEST(PgConn, RecognisesItsUrls) {
  EXPECT_TRUE(IsPostgresUrl("postgresql://u@h/db"));
  EXPECT_TRUE(IsPostgresUrl("postgres://h"));
  EXPECT_FALSE(IsPostgresUrl("/var/lib/academichub/library.db"));
  EXPECT_FALSE(IsPostgresUrl("postgresql.db"));
  EXPECT_EQ(DisplayName("postgresql://ah:s3cret@db.example:5433/lib?sslmode=require"),
            "db.example:5433/lib");
  EXPECT_EQ(TextArray({"a", "b\"c", "d\\e"}), R"({"a","b\"c","d\\e"})");
}

TEST(PgConn, AnUnreachableServerIsNamedButItsPasswordNever) {
  // Port 1 on loopback: nothing listens there.
  auto c = Conn::Open("postgresql://ah:s3cret@127.0.0.1:1/library?connect_timeout=5");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, Code::kUnreachable);
  EXPECT_NE(c.error().message.find("127.0.0.1:1/library"), std::string::npos) << c.error().message;
  EXPECT_EQ(c.error().message.find("s3cret"), std::string::npos) << c.error().message;
}

TEST(PgConn, AnUnreadableUrlIsRejectedWithoutQuotingIt) {
  auto c = Conn::Open("postgresql://ah:s3cret@[::1/library");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, Code::kInvalidArgument);
  EXPECT_EQ(c.error().message.find("s3cret"), std::string::npos) << c.error().message;
}

class PgServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    AH_OPEN_TEST_LOCATION(location_, BackendKind::kPostgres, dir_.path());
    auto c = Conn::Open(url());
    ASSERT_TRUE(c) << c.error().ToString();
    conn_ = std::move(*c);
  }
  const std::string& url() const { return location_->location(); }
  ah::testing::TempDir dir_;
  std::unique_ptr<TestLocation> location_;
  std::unique_ptr<Conn> conn_;
};

TEST_F(PgServerTest, ParametersAreSentApartFromTheStatement) {
  const std::string evil = "'; DROP TABLE schema_version; --";
  auto r = conn_->Query("SELECT $1::text, $2::bigint, $3::boolean, $4::text IS NULL",
                        {evil, int64_t{1} << 40, true, nullptr});
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->size(), 1);
  EXPECT_EQ(r->Text(0, 0), evil);
  EXPECT_EQ(r->Int(0, 1), int64_t{1} << 40);
  EXPECT_TRUE(r->Bool(0, 2));
  EXPECT_TRUE(r->Bool(0, 3));
  // One statement per call: a second one is refused, not run.
  auto two = conn_->Query("SELECT 1; SELECT 2");
  EXPECT_FALSE(two);
}

TEST_F(PgServerTest, ServerErrorsNameTheProblemNotTheStatement) {
  auto r = conn_->Query("SELECT secret_column FROM no_such_table WHERE x = $1", {"hunter2"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Code::kInternal);
  EXPECT_NE(r.error().message.find("no_such_table"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find("SELECT"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find("hunter2"), std::string::npos) << r.error().message;
  ASSERT_TRUE(conn_->ExecScript("CREATE TABLE t(k text PRIMARY KEY)"));
  ASSERT_TRUE(conn_->Exec("INSERT INTO t VALUES($1)", {"private value"}));
  auto dup = conn_->Exec("INSERT INTO t VALUES($1)", {"private value"});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, Code::kAlreadyExists);
  // The row's values are in the server's DETAIL, which is never shown.
  EXPECT_EQ(dup.error().message.find("private value"), std::string::npos) << dup.error().message;
}

TEST_F(PgServerTest, AFailedTransactionChangesNothing) {
  ASSERT_TRUE(conn_->ExecScript("CREATE TABLE t(v integer)"));
  Status st = conn_->InTransaction("test", [&]() -> Status {
    if (auto r = conn_->Exec("INSERT INTO t VALUES(1)"); !r) return Fail(r.error());
    return MakeError(Code::kInvalidArgument, "changed my mind");
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, Code::kInvalidArgument);
  EXPECT_EQ(conn_->Query("SELECT count(*) FROM t")->Int(0, 0), 0);
}

// Two transactions lock two rows in opposite orders: the server breaks the
// deadlock by failing one, which InTransaction runs again, so both land.
TEST_F(PgServerTest, ADeadlockedTransactionIsRunAgain) {
  ASSERT_TRUE(
      conn_->ExecScript("CREATE TABLE t(id integer PRIMARY KEY, v integer NOT NULL); "
                        "INSERT INTO t VALUES (1, 0), (2, 0); SET deadlock_timeout = '100ms'"));
  std::atomic<int> locked_first{0};
  std::atomic<int> tries{0};
  auto worker = [&](int first, int second) {
    auto c = Conn::Open(url());
    ASSERT_TRUE(c);
    ASSERT_TRUE((*c)->Exec("SET deadlock_timeout = '100ms'"));
    bool waited = false;
    Status st = (*c)->InTransaction("test", [&]() -> Status {
      ++tries;
      if (auto r = (*c)->Exec("UPDATE t SET v = v + 1 WHERE id = $1::integer", {first}); !r)
        return Fail(r.error());
      if (!waited) {  // the first try of each waits until both hold their first row
        waited = true;
        ++locked_first;
        while (locked_first.load() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      if (auto r = (*c)->Exec("UPDATE t SET v = v + 1 WHERE id = $1::integer", {second}); !r)
        return Fail(r.error());
      return Ok();
    });
    EXPECT_TRUE(st) << st.error().ToString();
  };
  std::thread a(worker, 1, 2);
  std::thread b(worker, 2, 1);
  a.join();
  b.join();
  EXPECT_GE(tries.load(), 3);  // one of them ran again
  auto r = conn_->Query("SELECT v FROM t ORDER BY id");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->Int(0, 0), 2);
  EXPECT_EQ(r->Int(1, 0), 2);
}

// A server that drops the connection (restart, failover, idle timeout): the
// call that finds it gone fails, naming the server; the next reconnects.
TEST_F(PgServerTest, ABrokenConnectionIsReportedThenReestablished) {
  auto pid = conn_->Query("SELECT pg_backend_pid()");
  ASSERT_TRUE(pid);
  auto other = Conn::Open(url());
  ASSERT_TRUE(other);
  ASSERT_TRUE((*other)->Query("SELECT pg_terminate_backend($1::integer)", {pid->Int(0, 0)}));
  auto lost = conn_->Query("SELECT 1");
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, Code::kUnreachable) << lost.error().ToString();
  EXPECT_NE(lost.error().message.find(DisplayName(url())), std::string::npos)
      << lost.error().message;
  auto back = conn_->Query("SELECT 2");
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(back->Int(0, 0), 2);
}

TEST_F(PgServerTest, ConcurrentStartersApplyEachMigrationOnce) {
  std::vector<std::thread> starters;
  std::atomic<int> ok{0};
  for (int i = 0; i < 4; ++i) {
    starters.emplace_back([&] {
      auto c = Conn::Open(url());
      if (!c) return;
      if (Migrate(**c)) ++ok;
    });
  }
  for (auto& t : starters) t.join();
  EXPECT_EQ(ok.load(), 4);
  EXPECT_EQ(SchemaVersion(*conn_).value(), LatestSchemaVersion());
  auto rows = conn_->Query("SELECT count(*), count(DISTINCT version) FROM schema_version");
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->Int(0, 0), LatestSchemaVersion());
  EXPECT_EQ(rows->Int(0, 1), LatestSchemaVersion());
  // Opening again changes nothing.
  ASSERT_TRUE(Migrate(*conn_));
  EXPECT_EQ(conn_->Query("SELECT count(*) FROM schema_version")->Int(0, 0), LatestSchemaVersion());
}

TEST_F(PgServerTest, ALibraryFromANewerVersionIsRefused) {
  ASSERT_TRUE(Migrate(*conn_));
  ASSERT_TRUE(conn_->Exec("INSERT INTO schema_version(version, applied_unix) VALUES(999, 0)"));
  auto st = Migrate(*conn_);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, Code::kCorrupt);
  EXPECT_NE(st.error().message.find("999"), std::string::npos) << st.error().message;
}

}  // namespace
}  // namespace ah::store::pg
