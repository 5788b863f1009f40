// The daemon's work as records in the library: jobs (fetch a source, run a
// radar, write a briefing, deliver a digest ...) and the shared politeness
// turns of every process on the library.
//
// A job is identified by its `key` (e.g. "deliver:alice:2026-06-02"): Enqueue
// is idempotent by key, so a job is created once whatever restarts, and once
// it is done (or failed for good) it is never run again. A worker Claims a due
// job, which takes a lease (owner + expiry) atomically across every process on
// the library; while it works it renews the lease; it then Completes or Fails
// it. A worker that dies leaves its lease to expire, and the job is due again
// (attempts counts every claim, so a job that kills its worker each time also
// ends as failed). Failures are retried with backoff (RetryDelaySeconds) up to
// `max_attempts`.
//
// Times are Unix seconds from the caller's (injected) clock. Speaks domain
// types only. Every method is one transaction.
// Thread-safety: as Store (one thread at a time per instance); any number of
// instances and processes may work on one library at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ah::store {

enum class JobState {
  kPending,  // waiting for its due time, or claimed (a lease) and running
  kDone,
  kFailed,  // failed max_attempts times; never retried (jobs --failed lists them)
};
std::string_view JobStateName(JobState s);  // "pending", "done", "failed"

struct Job {
  int64_t id = 0;
  std::string kind;      // the handler: "fetch", "radar", "brief", "deliver", ...
  std::string key;       // unique; "kind:..." by convention
  std::string payload;   // for the handler (JSON text); "" when the key says it all
  int64_t due_unix = 0;  // not claimed before this
  int attempts = 0;      // claims so far
  int max_attempts = 5;
  std::string lease_owner;  // "" when not leased
  int64_t lease_expires_unix = 0;
  std::string last_error;
  JobState state = JobState::kPending;
  int64_t created_unix = 0;
  int64_t started_unix = 0;   // the last claim
  int64_t finished_unix = 0;  // done or failed for good; 0 while pending
};

// The project's one retry policy (as the fetch loop's backoff): the delay
// after the `attempts`-th failure, doubling from `base` and capped at `cap`,
// with "equal jitter" (half fixed, half from `random`), so that jobs that
// failed together spread out while every wait still grows.
int64_t RetryDelaySeconds(int attempts, uint64_t random, int64_t base = 60, int64_t cap = 3600);

// The politeness rule every backend applies in TakeTurn, while it holds its
// lock on the bucket: given the bucket's booked next start (0: none), the
// milliseconds to wait; 0 means the turn is the caller's (the backend then
// books now_ms + interval_ms). A booking more than interval_ms +
// kTurnClockSlackMs ahead of now_ms was made by a clock that was wrong or has
// been set back, and is ignored so that it cannot block for ever; a nearer one
// is honoured even beyond one interval, because a caller's reading may be
// older than the booker's (it read its clock, then waited for the lock).
inline constexpr int64_t kTurnClockSlackMs = 60'000;
int64_t TurnWaitMs(int64_t booked_next_ms, int64_t interval_ms, int64_t now_ms);

struct JobFilter {
  std::optional<JobState> state;  // none: every state
  int64_t limit = 200;            // newest due first; <= 0: every job
};

struct QueueStats {
  int64_t pending = 0;  // pending, whether due or not
  int64_t due = 0;      // pending and due at `now`, not leased
  int64_t running = 0;  // leased at `now`
  int64_t done = 0;
  int64_t failed = 0;
  int64_t oldest_due_unix = 0;  // the longest-waiting due job's due time (0: none)
};

class JobStore {
 public:
  virtual ~JobStore() = default;

  // Creates the job unless a job with this key exists (in any state), and
  // returns true when it created it. kInvalidArgument for an empty kind or key.
  [[nodiscard]] virtual Result<bool> Enqueue(const Job& job, int64_t now) = 0;
  // Enqueue of each job, in order; returns how many it created. A backend
  // with transactions does it in one (SQLite: the planner's 30,000 radar jobs
  // of a 10,000-user day in one commit, not 30,000): all or nothing there.
  // The default calls Enqueue job by job.
  [[nodiscard]] virtual Result<int> EnqueueMany(const std::vector<Job>& jobs, int64_t now) {
    int created = 0;
    for (const auto& j : jobs) {
      auto r = Enqueue(j, now);
      if (!r) return ah::Fail(r.error());
      created += *r ? 1 : 0;
    }
    return created;
  }

  // Atomically takes the pending job of one of `kinds` (all when empty) that
  // is due at `now` and not leased (or whose lease expired), earliest due
  // first: attempts + 1, lease to `owner` until now + lease_seconds. nullopt
  // when there is none. Of two workers claiming at once, each gets a
  // different job.
  [[nodiscard]] virtual Result<std::optional<Job>> Claim(std::string_view owner,
                                                         const std::vector<std::string>& kinds,
                                                         int64_t now, int64_t lease_seconds) = 0;
  // Extends the lease `owner` holds on job `id` to now + lease_seconds.
  // kNotFound when the job is no longer leased by `owner` (its lease expired
  // and another worker took it, or it finished): the caller must stop.
  [[nodiscard]] virtual Status RenewLease(int64_t id, std::string_view owner, int64_t now,
                                          int64_t lease_seconds) = 0;
  // Marks the job done (only when `owner` holds its lease: else kNotFound, and
  // nothing changes).
  [[nodiscard]] virtual Status Complete(int64_t id, std::string_view owner, int64_t now) = 0;
  // Records `error`; the job is due again at now + retry_after_seconds while
  // attempts < max_attempts, else failed for good. retry_after_seconds < 0:
  // RetryDelaySeconds. `permanent`: failed for good at once. Lease checked as Complete.
  [[nodiscard]] virtual Status Fail(int64_t id, std::string_view owner, std::string_view error,
                                    int64_t now, int64_t retry_after_seconds, bool permanent) = 0;
  // Gives the lease back without counting the attempt (SIGTERM while running):
  // the job is due again at once.
  [[nodiscard]] virtual Status Release(int64_t id, std::string_view owner) = 0;

  [[nodiscard]] virtual Result<std::optional<Job>> GetJob(std::string_view key) = 0;
  [[nodiscard]] virtual Result<std::vector<Job>> ListJobs(const JobFilter& f) = 0;
  [[nodiscard]] virtual Result<QueueStats> JobQueueStats(int64_t now) = 0;
  // The latest finished_unix of a done job whose key starts with
  // `key_prefix`; 0 when none; -1 when no job has that prefix at all.
  [[nodiscard]] virtual Result<int64_t> LastDone(std::string_view key_prefix) = 0;

  // Deletes finished jobs whose finished_unix is before `finished_before`:
  // done ones, and failed ones too when `include_failed` (the daemon keeps
  // failed jobs for `jobs --failed` until someone prunes them explicitly).
  // Pending jobs are never deleted. Returns how many were deleted.
  // A pruned key may be enqueued again: prune only jobs older than anything
  // the calendar still proposes (schedule.h plans the current day's keys;
  // the daemon prunes after 30 days). What must never happen twice is kept
  // elsewhere too (a delivery's record, store/delivery_store.h).
  [[nodiscard]] virtual Result<int64_t> PruneJobs(int64_t finished_before, bool include_failed) = 0;

  // Cross-process politeness (net::SharedRateGate): when a request to
  // `bucket` may start at `now_ms` (Unix milliseconds) given that starts must
  // be `interval_ms` apart across every process on the library: returns 0 and
  // records the start, or the milliseconds to wait before asking again.
  [[nodiscard]] virtual Result<int64_t> TakeTurn(std::string_view bucket, int64_t interval_ms,
                                                 int64_t now_ms) = 0;

  // Stores a job of another library exactly as given (state, attempts, lease,
  // last_error, times; a new id), for moving a library (service/migrate.h):
  // ListJobs with limit 0 lists every job. kAlreadyExists when a job has its
  // key; kInvalidArgument for an empty kind or key.
  [[nodiscard]] virtual Status ImportJob(const Job& job) = 0;
};

}  // namespace ah::store
