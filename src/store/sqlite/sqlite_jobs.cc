// SqliteJobStore: jobs and politeness turns (schema migration 7).
#include "store/sqlite/sqlite_jobs.h"

#include <algorithm>

#include "store/sqlite/schema.h"
#include "store/sqlite/sqlite_store.h"

namespace ah::store::sqlite {
namespace {

constexpr const char* kJobColumns =
    "id, kind, key, payload, due_unix, attempts, max_attempts, lease_owner, lease_expires_unix, "
    "last_error, state, created_unix, started_unix, finished_unix";

JobState StateOf(std::string_view s) {
  if (s == "done") return JobState::kDone;
  if (s == "failed") return JobState::kFailed;
  return JobState::kPending;
}

Job JobFromRow(const Stmt& st) {
  Job j;
  j.id = st.ColumnInt(0);
  j.kind = st.ColumnString(1);
  j.key = st.ColumnString(2);
  j.payload = st.ColumnString(3);
  j.due_unix = st.ColumnInt(4);
  j.attempts = static_cast<int>(st.ColumnInt(5));
  j.max_attempts = static_cast<int>(st.ColumnInt(6));
  j.lease_owner = st.ColumnString(7);
  j.lease_expires_unix = st.ColumnInt(8);
  j.last_error = st.ColumnString(9);
  j.state = StateOf(st.ColumnText(10));
  j.created_unix = st.ColumnInt(11);
  j.started_unix = st.ColumnInt(12);
  j.finished_unix = st.ColumnInt(13);
  return j;
}

// Error texts are stored for `jobs --failed`: bounded.
std::string_view Bounded(std::string_view s) { return s.substr(0, 2000); }

}  // namespace

Result<std::unique_ptr<SqliteJobStore>> SqliteJobStore::Open(const std::string& path, bool create) {
  auto db = Db::Open(path, /*read_only=*/false, create);
  if (!db) return ah::Fail(db.error());
  Status st = (*db)->Exec(ConnectionPragmas(OpenOptions{}));
  if (st) {
    // WAL is a property of the file; a library already in WAL stays so. Busy: keep the mode.
    auto set = (*db)->Exec("PRAGMA journal_mode = WAL");
    if (!set && set.error().code != Code::kUnavailable) st = set;
  }
  if (!st) return ah::Fail(st.error().Wrap("cannot open library " + path));
  if (auto mst = Migrate(**db, /*read_only=*/false); !mst) return ah::Fail(mst.error());
  return std::unique_ptr<SqliteJobStore>(new SqliteJobStore(std::move(*db)));
}

template <typename F>
auto SqliteJobStore::InWriteTxn(std::string_view what, F&& body) -> decltype(body()) {
  if (auto st = db_->Exec("BEGIN IMMEDIATE"); !st)
    return ah::Fail(st.error().Wrap(std::string(what) + ": the library is busy"));
  auto out = body();
  if (!out) {
    (void)db_->Exec("ROLLBACK");
    return out;
  }
  if (auto st = db_->Exec("COMMIT"); !st) {
    (void)db_->Exec("ROLLBACK");
    return ah::Fail(st.error().Wrap(std::string(what)));
  }
  return out;
}

Result<bool> SqliteJobStore::Enqueue(const Job& job, int64_t now) {
  if (job.kind.empty() || job.key.empty())
    return MakeError(Code::kInvalidArgument, "a job needs a kind and a key");
  auto st = db_->Cached(
      "INSERT INTO jobs(kind, key, payload, due_unix, max_attempts, created_unix) "
      "VALUES(?,?,?,?,?,?) ON CONFLICT(key) DO NOTHING");
  if (!st) return ah::Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, job.kind);
  (*st)->BindText(2, job.key);
  (*st)->BindText(3, job.payload);
  (*st)->BindInt(4, job.due_unix);
  (*st)->BindInt(5, std::max(1, job.max_attempts));
  (*st)->BindInt(6, now);
  if (auto rs = (*st)->Run(); !rs) return ah::Fail(rs.error().Wrap("cannot queue job " + job.key));
  return db_->Changes() > 0;
}

Result<int> SqliteJobStore::EnqueueMany(const std::vector<Job>& jobs, int64_t now) {
  if (jobs.empty()) return 0;
  return InWriteTxn("cannot queue jobs", [&]() -> Result<int> {
    int created = 0;
    for (const auto& j : jobs) {
      auto r = Enqueue(j, now);
      if (!r) return ah::Fail(r.error());
      created += *r ? 1 : 0;
    }
    return created;
  });
}

Result<std::optional<Job>> SqliteJobStore::Claim(std::string_view owner,
                                                 const std::vector<std::string>& kinds, int64_t now,
                                                 int64_t lease_seconds) {
  std::string kind_list = "|";
  for (const auto& k : kinds) kind_list += k + "|";
  return InWriteTxn("cannot claim a job", [&]() -> Result<std::optional<Job>> {
    for (;;) {
      auto sel = db_->Cached(std::string("SELECT ") + kJobColumns +
                             " FROM jobs WHERE state = 'pending' AND due_unix <= ?1 "
                             "AND lease_expires_unix <= ?1 AND (?2 = '|' OR "
                             "instr(?2, '|' || kind || '|') > 0) ORDER BY due_unix, id LIMIT 1");
      if (!sel) return ah::Fail(sel.error());
      std::optional<Job> job;
      {
        ScopedReset reset(**sel);
        (*sel)->BindInt(1, now);
        (*sel)->BindText(2, kind_list);
        auto row = (*sel)->Step();
        if (!row) return ah::Fail(row.error());
        if (!*row) return std::optional<Job>();
        job = JobFromRow(**sel);
      }
      if (job->attempts >= job->max_attempts) {
        // Every attempt so far ended with its worker gone (a lease that expired).
        auto up = db_->Cached(
            "UPDATE jobs SET state = 'failed', finished_unix = ?, lease_owner = '', "
            "lease_expires_unix = 0, last_error = ? WHERE id = ?");
        if (!up) return ah::Fail(up.error());
        ScopedReset reset(**up);
        (*up)->BindInt(1, now);
        const std::string err = job->last_error.empty()
                                    ? std::string("the worker stopped during every attempt")
                                    : job->last_error;
        (*up)->BindText(2, err);
        (*up)->BindInt(3, job->id);
        if (auto rs = (*up)->Run(); !rs) return ah::Fail(rs.error());
        continue;
      }
      auto up = db_->Cached(
          "UPDATE jobs SET attempts = attempts + 1, lease_owner = ?, lease_expires_unix = ?, "
          "started_unix = ? WHERE id = ?");
      if (!up) return ah::Fail(up.error());
      ScopedReset reset(**up);
      (*up)->BindText(1, owner);
      (*up)->BindInt(2, now + std::max<int64_t>(1, lease_seconds));
      (*up)->BindInt(3, now);
      (*up)->BindInt(4, job->id);
      if (auto rs = (*up)->Run(); !rs) return ah::Fail(rs.error());
      job->attempts += 1;
      job->lease_owner = std::string(owner);
      job->lease_expires_unix = now + std::max<int64_t>(1, lease_seconds);
      job->started_unix = now;
      return job;
    }
  });
}

Status SqliteJobStore::RenewLease(int64_t id, std::string_view owner, int64_t now,
                                  int64_t lease_seconds) {
  auto st = db_->Cached(
      "UPDATE jobs SET lease_expires_unix = ? WHERE id = ? AND lease_owner = ? AND "
      "state = 'pending'");
  if (!st) return ah::Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindInt(1, now + std::max<int64_t>(1, lease_seconds));
  (*st)->BindInt(2, id);
  (*st)->BindText(3, owner);
  if (auto rs = (*st)->Run(); !rs) return rs;
  if (db_->Changes() == 0) return MakeError(Code::kNotFound, "the job's lease was lost");
  return Ok();
}

Status SqliteJobStore::Complete(int64_t id, std::string_view owner, int64_t now) {
  auto st = db_->Cached(
      "UPDATE jobs SET state = 'done', finished_unix = ?, lease_owner = '', "
      "lease_expires_unix = 0, last_error = '' WHERE id = ? AND lease_owner = ? AND "
      "state = 'pending'");
  if (!st) return ah::Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindInt(1, now);
  (*st)->BindInt(2, id);
  (*st)->BindText(3, owner);
  if (auto rs = (*st)->Run(); !rs) return rs;
  if (db_->Changes() == 0) return MakeError(Code::kNotFound, "the job's lease was lost");
  return Ok();
}

Status SqliteJobStore::Fail(int64_t id, std::string_view owner, std::string_view error, int64_t now,
                            int64_t retry_after_seconds, bool permanent) {
  auto done = InWriteTxn("cannot record a job's failure", [&]() -> Result<bool> {
    auto sel = db_->Cached(
        "SELECT attempts, max_attempts FROM jobs WHERE id = ? AND lease_owner = ? AND "
        "state = 'pending'");
    if (!sel) return ah::Fail(sel.error());
    int attempts = 0, max_attempts = 0;
    {
      ScopedReset reset(**sel);
      (*sel)->BindInt(1, id);
      (*sel)->BindText(2, owner);
      auto row = (*sel)->Step();
      if (!row) return ah::Fail(row.error());
      if (!*row) return MakeError(Code::kNotFound, "the job's lease was lost");
      attempts = static_cast<int>((*sel)->ColumnInt(0));
      max_attempts = static_cast<int>((*sel)->ColumnInt(1));
    }
    const bool final = permanent || attempts >= max_attempts;
    const int64_t delay =
        retry_after_seconds >= 0 ? retry_after_seconds : RetryDelaySeconds(attempts, rng_());
    auto up = db_->Cached(
        "UPDATE jobs SET state = ?, last_error = ?, due_unix = CASE WHEN ? THEN due_unix "
        "ELSE ? END, finished_unix = ?, lease_owner = '', lease_expires_unix = 0 WHERE id = ?");
    if (!up) return ah::Fail(up.error());
    ScopedReset reset(**up);
    (*up)->BindText(1, final ? "failed" : "pending");
    (*up)->BindText(2, Bounded(error));
    (*up)->BindInt(3, final ? 1 : 0);
    (*up)->BindInt(4, now + delay);
    (*up)->BindInt(5, final ? now : 0);
    (*up)->BindInt(6, id);
    if (auto rs = (*up)->Run(); !rs) return ah::Fail(rs.error());
    return final;
  });
  if (!done) return ah::Fail(done.error());
  return Ok();
}

Status SqliteJobStore::Release(int64_t id, std::string_view owner) {
  auto st = db_->Cached(
      "UPDATE jobs SET attempts = max(attempts - 1, 0), lease_owner = '', "
      "lease_expires_unix = 0 WHERE id = ? AND lease_owner = ? AND state = 'pending'");
  if (!st) return ah::Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindInt(1, id);
  (*st)->BindText(2, owner);
  return (*st)->Run();
}

Result<std::optional<Job>> SqliteJobStore::GetJob(std::string_view key) {
  auto st = db_->Cached(std::string("SELECT ") + kJobColumns + " FROM jobs WHERE key = ?");
  if (!st) return ah::Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, key);
  auto row = (*st)->Step();
  if (!row) return ah::Fail(row.error());
  std::optional<Job> out;
  if (*row) out = JobFromRow(**st);
  return out;
}

Result<std::vector<Job>> SqliteJobStore::ListJobs(const JobFilter& f) {
  auto st = db_->Cached(std::string("SELECT ") + kJobColumns +
                        " FROM jobs WHERE (?1 = '' OR state = ?1) ORDER BY due_unix DESC, id "
                        "DESC LIMIT ?2");
  if (!st) return ah::Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, f.state ? JobStateName(*f.state) : std::string_view());
  (*st)->BindInt(2, f.limit > 0 ? f.limit : -1);
  std::vector<Job> out;
  for (;;) {
    auto row = (*st)->Step();
    if (!row) return ah::Fail(row.error());
    if (!*row) break;
    out.push_back(JobFromRow(**st));
  }
  return out;
}

Result<QueueStats> SqliteJobStore::JobQueueStats(int64_t now) {
  auto st = db_->Cached(
      "SELECT "
      " coalesce(sum(state = 'pending'), 0),"
      " coalesce(sum(state = 'pending' AND due_unix <= ?1 AND lease_expires_unix <= ?1), 0),"
      " coalesce(sum(state = 'pending' AND lease_expires_unix > ?1), 0),"
      " coalesce(sum(state = 'done'), 0), coalesce(sum(state = 'failed'), 0),"
      " coalesce(min(CASE WHEN state = 'pending' AND due_unix <= ?1 AND lease_expires_unix <= ?1"
      "   THEN due_unix END), 0) FROM jobs");
  if (!st) return ah::Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindInt(1, now);
  auto row = (*st)->Step();
  if (!row) return ah::Fail(row.error());
  QueueStats q;
  if (*row) {
    q.pending = (*st)->ColumnInt(0);
    q.due = (*st)->ColumnInt(1);
    q.running = (*st)->ColumnInt(2);
    q.done = (*st)->ColumnInt(3);
    q.failed = (*st)->ColumnInt(4);
    q.oldest_due_unix = (*st)->ColumnInt(5);
  }
  return q;
}

Result<int64_t> SqliteJobStore::LastDone(std::string_view key_prefix) {
  auto st = db_->Cached(
      "SELECT count(*), coalesce(max(CASE WHEN state = 'done' THEN finished_unix END), 0) "
      "FROM jobs WHERE substr(key, 1, length(?1)) = ?1");
  if (!st) return ah::Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, key_prefix);
  auto row = (*st)->Step();
  if (!row) return ah::Fail(row.error());
  if (!*row || (*st)->ColumnInt(0) == 0) return int64_t{-1};
  return (*st)->ColumnInt(1);
}

Result<int64_t> SqliteJobStore::PruneJobs(int64_t finished_before, bool include_failed) {
  auto st = db_->Cached(
      "DELETE FROM jobs WHERE (state = 'done' OR (?2 AND state = 'failed')) "
      "AND finished_unix < ?1");
  if (!st) return ah::Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindInt(1, finished_before);
  (*st)->BindInt(2, include_failed ? 1 : 0);
  if (auto rs = (*st)->Run(); !rs) return ah::Fail(rs.error().Wrap("cannot prune the jobs"));
  return static_cast<int64_t>(db_->Changes());
}

Result<int64_t> SqliteJobStore::TakeTurn(std::string_view bucket, int64_t interval_ms,
                                         int64_t now_ms) {
  return InWriteTxn("cannot take a politeness turn", [&]() -> Result<int64_t> {
    auto sel = db_->Cached("SELECT next_ms FROM rate_turns WHERE bucket = ?");
    if (!sel) return ah::Fail(sel.error());
    int64_t next = 0;
    {
      ScopedReset reset(**sel);
      (*sel)->BindText(1, bucket);
      auto row = (*sel)->Step();
      if (!row) return ah::Fail(row.error());
      if (*row) next = (*sel)->ColumnInt(0);
    }
    if (const int64_t wait = TurnWaitMs(next, interval_ms, now_ms); wait > 0) return wait;
    auto up = db_->Cached(
        "INSERT INTO rate_turns(bucket, next_ms) VALUES(?, ?) "
        "ON CONFLICT(bucket) DO UPDATE SET next_ms = excluded.next_ms");
    if (!up) return ah::Fail(up.error());
    ScopedReset reset(**up);
    (*up)->BindText(1, bucket);
    (*up)->BindInt(2, now_ms + interval_ms);
    if (auto rs = (*up)->Run(); !rs) return ah::Fail(rs.error());
    return int64_t{0};
  });
}

Status SqliteJobStore::ImportJob(const Job& job) {
  if (job.kind.empty() || job.key.empty())
    return MakeError(Code::kInvalidArgument, "a job needs a kind and a key");
  auto st = db_->Cached(
      "INSERT INTO jobs(kind, key, payload, due_unix, attempts, max_attempts, lease_owner, "
      "lease_expires_unix, last_error, state, created_unix, started_unix, finished_unix) "
      "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(key) DO NOTHING");
  if (!st) return ah::Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, job.kind);
  (*st)->BindText(2, job.key);
  (*st)->BindText(3, job.payload);
  (*st)->BindInt(4, job.due_unix);
  (*st)->BindInt(5, job.attempts);
  (*st)->BindInt(6, std::max(1, job.max_attempts));
  (*st)->BindText(7, job.lease_owner);
  (*st)->BindInt(8, job.lease_expires_unix);
  (*st)->BindText(9, Bounded(job.last_error));
  (*st)->BindText(10, JobStateName(job.state));
  (*st)->BindInt(11, job.created_unix);
  (*st)->BindInt(12, job.started_unix);
  (*st)->BindInt(13, job.finished_unix);
  if (auto rs = (*st)->Run(); !rs) return ah::Fail(rs.error().Wrap("cannot import job " + job.key));
  if (db_->Changes() == 0)
    return MakeError(Code::kAlreadyExists, "a job " + job.key + " exists already");
  return Ok();
}

}  // namespace ah::store::sqlite
