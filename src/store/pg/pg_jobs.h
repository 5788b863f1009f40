// The JobStore on PostgreSQL: the `jobs` and `rate_turns` tables of migration
// 1 (pg/schema.cc), for several worker processes on several machines sharing
// one database.
//
// Claim reads the earliest due job with SELECT ... FOR UPDATE SKIP LOCKED and
// leases it in the same transaction: two workers claiming at once lock
// different rows and never wait for each other. A worker that dies holds no
// lock (its transaction ended with its claim); its lease expires and the job
// is due again. TakeTurn locks the bucket's row (SELECT ... FOR UPDATE), so the
// politeness interval holds across every worker on the database.
// Thread-safety: one thread at a time per instance.
#pragma once

#include <memory>
#include <random>
#include <string>

#include "store/job_store.h"
#include "store/pg/conn.h"

namespace ah::store::pg {

class PgJobStore final : public JobStore {
 public:
  // Connects to `url` and applies the migrations. Errors as Conn::Open / Migrate.
  [[nodiscard]] static Result<std::unique_ptr<PgJobStore>> Open(const std::string& url);

  [[nodiscard]] Result<bool> Enqueue(const Job& job, int64_t now) override;
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
  explicit PgJobStore(std::unique_ptr<Conn> conn)
      : conn_(std::move(conn)), rng_(std::random_device{}()) {}

  std::unique_ptr<Conn> conn_;
  std::mt19937_64 rng_;
};

}  // namespace ah::store::pg
