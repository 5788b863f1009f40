// The SQLite JobStore: the `jobs` and `rate_turns` tables of schema migration
// 6, on its own connection to the library file (so a worker's claim never
// waits for the paper writer of its own process; other processes are
// serialised by SQLite's write lock and busy timeout). Claims and turns run
// in BEGIN IMMEDIATE transactions: the write lock is taken before the row is
// read, so two processes never take the same job or the same turn.
// Thread-safety: one thread at a time per instance.
#pragma once

#include <memory>
#include <random>
#include <string>

#include "store/job_store.h"
#include "store/sqlite/db.h"

namespace ah::store::sqlite {

class SqliteJobStore final : public JobStore {
 public:
  // Opens the library at `path` (applying migrations); `create`: create a
  // missing file. Errors as SqliteStore::Open.
  [[nodiscard]] static Result<std::unique_ptr<SqliteJobStore>> Open(const std::string& path,
                                                                    bool create);

  [[nodiscard]] Result<bool> Enqueue(const Job& job, int64_t now) override;
  [[nodiscard]] Result<int> EnqueueMany(const std::vector<Job>& jobs, int64_t now) override;
  [[nodiscard]] Result<std::optional<Job>> Claim(std::string_view owner,
                                                 const std::vector<std::string>& kinds, int64_t now,
                                                 int64_t lease_seconds) override;
  [[nodiscard]] Status RenewLease(int64_t id, std::string_view owner, int64_t now,
                                  int64_t lease_seconds) override;
  [[nodiscard]] Status Complete(int64_t id, std::string_view owner, int64_t now) override;
  [[nodiscard]] Status Fail(int64_t id, std::string_view owner, std::string_view error, int64_t now,
                            int64_t retry_after_seconds, bool permanent) override;
  [[nodiscard]] Status Release(int64_t id, std::string_view owner) override;
  [[nodiscard]] Result<std::optional<Job>> GetJob(std::string_view key) override;
  [[nodiscard]] Result<std::vector<Job>> ListJobs(const JobFilter& f) override;
  [[nodiscard]] Result<QueueStats> JobQueueStats(int64_t now) override;
  [[nodiscard]] Result<int64_t> LastDone(std::string_view key_prefix) override;
  [[nodiscard]] Result<int64_t> PruneJobs(int64_t finished_before, bool include_failed) override;
  [[nodiscard]] Status ImportJob(const Job& job) override;
  [[nodiscard]] Result<int64_t> TakeTurn(std::string_view bucket, int64_t interval_ms,
                                         int64_t now_ms) override;

 private:
  explicit SqliteJobStore(std::unique_ptr<Db> db)
      : db_(std::move(db)), rng_(std::random_device{}()) {}
  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error).
  template <typename F>
  auto InWriteTxn(std::string_view what, F&& body) -> decltype(body());
  [[nodiscard]] Result<std::optional<Job>> LoadWhere(std::string_view where_sql, int64_t id,
                                                     std::string_view key);

  std::unique_ptr<Db> db_;
  std::mt19937_64 rng_;
};

}  // namespace ah::store::sqlite
