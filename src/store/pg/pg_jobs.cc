// PgJobStore: jobs and politeness turns on PostgreSQL (migration 1).
#include "store/pg/pg_jobs.h"

#include <algorithm>

#include "store/pg/schema.h"

namespace ah::store::pg {
namespace {

constexpr const char* kJobColumns =
    "id, kind, key, payload, due_unix, attempts, max_attempts, lease_owner, lease_expires_unix, "
    "last_error, state, created_unix, started_unix, finished_unix";

JobState StateOf(std::string_view s) {
  if (s == "done") return JobState::kDone;
  if (s == "failed") return JobState::kFailed;
  return JobState::kPending;
}

Job JobFromRow(const Rows& r, int i) {
  Job j;
  j.id = r.Int(i, 0);
  j.kind = r.Text(i, 1);
  j.key = r.Text(i, 2);
  j.payload = r.Text(i, 3);
  j.due_unix = r.Int(i, 4);
  j.attempts = static_cast<int>(r.Int(i, 5));
  j.max_attempts = static_cast<int>(r.Int(i, 6));
  j.lease_owner = r.Text(i, 7);
  j.lease_expires_unix = r.Int(i, 8);
  j.last_error = r.Text(i, 9);
  j.state = StateOf(r.Text(i, 10));
  j.created_unix = r.Int(i, 11);
  j.started_unix = r.Int(i, 12);
  j.finished_unix = r.Int(i, 13);
  return j;
}

// Error texts are stored for `jobs --failed`: bounded (at a UTF-8 boundary:
// PostgreSQL rejects a text cut inside a character).
std::string Bounded(std::string_view s) {
  if (s.size() <= 2000) return std::string(s);
  size_t n = 2000;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

Error LeaseLost() { return Error(Code::kNotFound, "the job's lease was lost"); }

}  // namespace

Result<std::unique_ptr<PgJobStore>> PgJobStore::Open(const std::string& url) {
  auto conn = Conn::Open(url);
  if (!conn) return ah::Fail(conn.error());
  if (auto st = Migrate(**conn); !st) return ah::Fail(st.error());
  return std::unique_ptr<PgJobStore>(new PgJobStore(std::move(*conn)));
}

Result<bool> PgJobStore::Enqueue(const Job& job, int64_t now) {
  if (job.kind.empty() || job.key.empty())
    return MakeError(Code::kInvalidArgument, "a job needs a kind and a key");
  auto n = conn_->Exec(
      "INSERT INTO jobs(kind, key, payload, due_unix, max_attempts, created_unix) "
      "VALUES($1, $2, $3, $4::bigint, $5::integer, $6::bigint) ON CONFLICT (key) DO NOTHING",
      {job.kind, job.key, job.payload, job.due_unix, std::max(1, job.max_attempts), now});
  if (!n) return ah::Fail(n.error().Wrap("cannot queue job " + job.key));
  return *n > 0;
}

Result<std::optional<Job>> PgJobStore::Claim(std::string_view owner,
                                             const std::vector<std::string>& kinds, int64_t now,
                                             int64_t lease_seconds) {
  const std::string kind_list = TextArray(kinds);
  const int64_t expires = now + std::max<int64_t>(1, lease_seconds);
  return conn_->InTransaction("cannot claim a job", [&]() -> Result<std::optional<Job>> {
    for (;;) {
      // Rows another worker is claiming right now are skipped, not waited for.
      auto sel = conn_->Query(std::string("SELECT ") + kJobColumns +
                                  " FROM jobs WHERE state = 'pending' AND due_unix <= $1::bigint "
                                  "AND lease_expires_unix <= $1::bigint "
                                  "AND (cardinality($2::text[]) = 0 OR kind = ANY($2::text[])) "
                                  "ORDER BY due_unix, id LIMIT 1 FOR UPDATE SKIP LOCKED",
                              {now, kind_list});
      if (!sel) return ah::Fail(sel.error());
      if (sel->empty()) return std::optional<Job>();
      Job job = JobFromRow(*sel, 0);
      if (job.attempts >= job.max_attempts) {
        // Every attempt so far ended with its worker gone (a lease that expired).
        const std::string err = job.last_error.empty()
                                    ? std::string("the worker stopped during every attempt")
                                    : job.last_error;
        auto up = conn_->Exec(
            "UPDATE jobs SET state = 'failed', finished_unix = $1::bigint, lease_owner = '', "
            "lease_expires_unix = 0, last_error = $2 WHERE id = $3::bigint",
            {now, err, job.id});
        if (!up) return ah::Fail(up.error());
        continue;
      }
      auto up = conn_->Exec(
          "UPDATE jobs SET attempts = attempts + 1, lease_owner = $1, "
          "lease_expires_unix = $2::bigint, started_unix = $3::bigint WHERE id = $4::bigint",
          {owner, expires, now, job.id});
      if (!up) return ah::Fail(up.error());
      job.attempts += 1;
      job.lease_owner = std::string(owner);
      job.lease_expires_unix = expires;
      job.started_unix = now;
      return std::optional<Job>(std::move(job));
    }
  });
}

Status PgJobStore::RenewLease(int64_t id, std::string_view owner, int64_t now,
                              int64_t lease_seconds) {
  auto n = conn_->Exec(
      "UPDATE jobs SET lease_expires_unix = $1::bigint WHERE id = $2::bigint AND "
      "lease_owner = $3 AND state = 'pending'",
      {now + std::max<int64_t>(1, lease_seconds), id, owner});
  if (!n) return ah::Fail(n.error());
  if (*n == 0) return ah::Fail(LeaseLost());
  return Ok();
}

Status PgJobStore::Complete(int64_t id, std::string_view owner, int64_t now) {
  auto n = conn_->Exec(
      "UPDATE jobs SET state = 'done', finished_unix = $1::bigint, lease_owner = '', "
      "lease_expires_unix = 0, last_error = '' WHERE id = $2::bigint AND lease_owner = $3 AND "
      "state = 'pending'",
      {now, id, owner});
  if (!n) return ah::Fail(n.error());
  if (*n == 0) return ah::Fail(LeaseLost());
  return Ok();
}

Status PgJobStore::Fail(int64_t id, std::string_view owner, std::string_view error, int64_t now,
                        int64_t retry_after_seconds, bool permanent) {
  return conn_->InTransaction("cannot record a job's failure", [&]() -> Status {
    auto sel = conn_->Query(
        "SELECT attempts, max_attempts FROM jobs WHERE id = $1::bigint AND lease_owner = $2 "
        "AND state = 'pending' FOR UPDATE",
        {id, owner});
    if (!sel) return ah::Fail(sel.error());
    if (sel->empty()) return ah::Fail(LeaseLost());
    const int attempts = static_cast<int>(sel->Int(0, 0));
    const int max_attempts = static_cast<int>(sel->Int(0, 1));
    const bool final = permanent || attempts >= max_attempts;
    const int64_t delay =
        retry_after_seconds >= 0 ? retry_after_seconds : RetryDelaySeconds(attempts, rng_());
    auto up = conn_->Exec(
        "UPDATE jobs SET state = $1, last_error = $2, "
        "due_unix = CASE WHEN $3::boolean THEN due_unix ELSE $4::bigint END, "
        "finished_unix = $5::bigint, lease_owner = '', lease_expires_unix = 0 "
        "WHERE id = $6::bigint",
        {final ? "failed" : "pending", Bounded(error), final, now + delay, final ? now : int64_t{0},
         id});
    if (!up) return ah::Fail(up.error());
    return Ok();
  });
}

Status PgJobStore::Release(int64_t id, std::string_view owner) {
  auto n = conn_->Exec(
      "UPDATE jobs SET attempts = greatest(attempts - 1, 0), lease_owner = '', "
      "lease_expires_unix = 0 WHERE id = $1::bigint AND lease_owner = $2 AND state = 'pending'",
      {id, owner});
  if (!n) return ah::Fail(n.error());
  return Ok();
}

Result<std::optional<Job>> PgJobStore::GetJob(std::string_view key) {
  auto r = conn_->Query(std::string("SELECT ") + kJobColumns + " FROM jobs WHERE key = $1", {key});
  if (!r) return ah::Fail(r.error());
  if (r->empty()) return std::optional<Job>();
  return std::optional<Job>(JobFromRow(*r, 0));
}

Result<std::vector<Job>> PgJobStore::ListJobs(const JobFilter& f) {
  auto r = conn_->Query(std::string("SELECT ") + kJobColumns +
                            " FROM jobs WHERE ($1 = '' OR state = $1) "
                            "ORDER BY due_unix DESC, id DESC LIMIT $2::bigint",
                        {f.state ? JobStateName(*f.state) : std::string_view(),
                         f.limit > 0 ? Value(f.limit) : Value(nullptr)});
  if (!r) return ah::Fail(r.error());
  std::vector<Job> out;
  out.reserve(static_cast<size_t>(r->size()));
  for (int i = 0; i < r->size(); ++i) out.push_back(JobFromRow(*r, i));
  return out;
}

Result<QueueStats> PgJobStore::JobQueueStats(int64_t now) {
  auto r = conn_->Query(
      "SELECT count(*) FILTER (WHERE state = 'pending'),"
      " count(*) FILTER (WHERE state = 'pending' AND due_unix <= $1::bigint"
      "   AND lease_expires_unix <= $1::bigint),"
      " count(*) FILTER (WHERE state = 'pending' AND lease_expires_unix > $1::bigint),"
      " count(*) FILTER (WHERE state = 'done'), count(*) FILTER (WHERE state = 'failed'),"
      " coalesce(min(due_unix) FILTER (WHERE state = 'pending' AND due_unix <= $1::bigint"
      "   AND lease_expires_unix <= $1::bigint), 0) FROM jobs",
      {now});
  if (!r) return ah::Fail(r.error());
  QueueStats q;
  if (!r->empty()) {
    q.pending = r->Int(0, 0);
    q.due = r->Int(0, 1);
    q.running = r->Int(0, 2);
    q.done = r->Int(0, 3);
    q.failed = r->Int(0, 4);
    q.oldest_due_unix = r->Int(0, 5);
  }
  return q;
}

Result<int64_t> PgJobStore::LastDone(std::string_view key_prefix) {
  auto r = conn_->Query(
      "SELECT count(*), coalesce(max(finished_unix) FILTER (WHERE state = 'done'), 0) "
      "FROM jobs WHERE left(key, length($1)) = $1",
      {key_prefix});
  if (!r) return ah::Fail(r.error());
  if (r->empty() || r->Int(0, 0) == 0) return int64_t{-1};
  return r->Int(0, 1);
}

Result<int64_t> PgJobStore::PruneJobs(int64_t finished_before, bool include_failed) {
  auto n = conn_->Exec(
      "DELETE FROM jobs WHERE (state = 'done' OR ($2::bigint = 1 AND state = 'failed')) "
      "AND finished_unix < $1::bigint",
      {finished_before, int64_t{include_failed ? 1 : 0}});
  if (!n) return ah::Fail(n.error().Wrap("cannot prune the jobs"));
  return *n;
}

Result<int64_t> PgJobStore::TakeTurn(std::string_view bucket, int64_t interval_ms, int64_t now_ms) {
  return conn_->InTransaction("cannot take a politeness turn", [&]() -> Result<int64_t> {
    // The bucket's row exists before it is locked, so the first turns of two
    // workers also queue on the one row lock.
    auto ins = conn_->Exec(
        "INSERT INTO rate_turns(bucket, next_ms) VALUES($1, 0) ON CONFLICT (bucket) DO NOTHING",
        {bucket});
    if (!ins) return ah::Fail(ins.error());
    auto sel =
        conn_->Query("SELECT next_ms FROM rate_turns WHERE bucket = $1 FOR UPDATE", {bucket});
    if (!sel) return ah::Fail(sel.error());
    const int64_t next = sel->empty() ? 0 : sel->Int(0, 0);
    if (const int64_t wait = TurnWaitMs(next, interval_ms, now_ms); wait > 0) return wait;
    auto up = conn_->Exec("UPDATE rate_turns SET next_ms = $2::bigint WHERE bucket = $1",
                          {bucket, now_ms + interval_ms});
    if (!up) return ah::Fail(up.error());
    return int64_t{0};
  });
}

Status PgJobStore::ImportJob(const Job& job) {
  if (job.kind.empty() || job.key.empty())
    return MakeError(Code::kInvalidArgument, "a job needs a kind and a key");
  auto n = conn_->Exec(
      "INSERT INTO jobs(kind, key, payload, due_unix, attempts, max_attempts, lease_owner, "
      "lease_expires_unix, last_error, state, created_unix, started_unix, finished_unix) "
      "VALUES($1, $2, $3, $4::bigint, $5::integer, $6::integer, $7, $8::bigint, $9, $10, "
      "$11::bigint, $12::bigint, $13::bigint) ON CONFLICT (key) DO NOTHING",
      {job.kind, job.key, job.payload, job.due_unix, job.attempts, std::max(1, job.max_attempts),
       job.lease_owner, job.lease_expires_unix, Bounded(job.last_error), JobStateName(job.state),
       job.created_unix, job.started_unix, job.finished_unix});
  if (!n) return ah::Fail(n.error().Wrap("cannot import job " + job.key));
  if (*n == 0) return MakeError(Code::kAlreadyExists, "a job " + job.key + " exists already");
  return Ok();
}

}  // namespace ah::store::pg
