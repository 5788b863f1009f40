// The scheduler daemon's runner: plans the calendar's jobs into the library
// (schedule.h), claims due jobs, runs each with its kind's handler while a
// thread renews the lease, and records the outcome (store/job_store.h).
//
// Handlers: "fetch", "radar" and "brief" are built in (RegisterBuiltins).
// The delivery channels (email digest, webhooks) are the "deliver" handler,
// registered where the daemon is built (cli/daemon_rig.h: MakeDaemonRig,
// DeliverHandler; used by `daemon` and `serve --with-daemon`). The planner
// proposes "deliver:<user>:<local date>" jobs only while a "deliver" handler
// is registered; the job's payload is JSON {"user", "local_date", "day" (the
// radar day, YYYY-MM-DD), "time_zone"}. Handlers count what they do on
// JobContext::metrics, which `/metrics` renders, e.g.
//   ctx.metrics.Add("academichub_deliveries_total", {{"channel", "email"}, {"outcome", "sent"}});
// A handler must be idempotent for its key: a worker that dies after the
// side effect but before Complete is recorded runs the job again (the
// delivery records what it sent, so a digest is never sent twice).
//
// Stopping: RequestStop (SIGTERM) lets the running handler finish (a handler
// may look at JobContext::stopping and return kRelease to give the job back
// at once), then Run returns. A job whose worker is killed returns to the
// queue when its lease expires.
// Thread-safety: Run / RunOnce on one thread; RequestStop from any thread or
// a signal handler (it only stores an atomic).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "core/metrics.h"
#include "core/result.h"
#include "daemon/schedule.h"
#include "net/http.h"
#include "net/politeness.h"
#include "service/library.h"
#include "store/job_store.h"

namespace ah::daemon {

struct JobContext {
  service::Library& library;
  Clock& clock;
  Metrics& metrics;
  const std::atomic<bool>& stopping;
};

struct JobResult {
  enum Kind { kDone, kRetry, kFailed, kRelease };
  Kind kind = kDone;
  std::string error;                 // kRetry / kFailed: what went wrong (user-facing)
  int64_t retry_after_seconds = -1;  // kRetry: -1 = the retry policy's backoff
  static JobResult Done() { return {}; }
  static JobResult Retry(std::string e, int64_t after = -1) {
    return {kRetry, std::move(e), after};
  }
  static JobResult Failed(std::string e) { return {kFailed, std::move(e), -1}; }
};

using JobHandler = std::function<JobResult(const store::Job&, JobContext&)>;

struct DaemonOptions {
  std::string worker;              // lease owner: "host:pid" by default
  int64_t lease_seconds = 600;     // renewed every third of it while a job runs
  int64_t idle_poll_seconds = 60;  // Run: longest sleep between ticks
  // Jobs run at once (RunDue: this many threads claim and run due jobs). A
  // day's radar models are trained on one core each (bench/daemon_day.sh:
  // the daemon's day is nearly all training), so a second worker on a
  // second core halves it. 1 = one job after the other, in claim order.
  // The library needs two pooled readers per worker (LibraryOptions::readers:
  // a job's session, and the index refresh a handler such as DeliverDigest
  // may wait for while holding it).
  int workers = 1;
  ScheduleOptions schedule;
  // Finished jobs (done) older than this are deleted by RunOnce; failed ones
  // are kept for `jobs --failed` until pruned explicitly (`jobs --prune`).
  // 0: never.
  int64_t prune_done_after_days = 30;
  // Called with one line per job run ("done fetch:arxiv:rss:cs.LG:2026-06-02 (3 s)").
  std::function<void(const std::string&)> log;
};

class Daemon {
 public:
  // All references must outlive the daemon. `jobs` is used by this daemon only.
  Daemon(service::Library& library, store::JobStore& jobs, Clock& clock, Metrics& metrics,
         DaemonOptions options);
  ~Daemon();

  void Register(const std::string& kind, JobHandler handler);
  // fetch (service::FetchSources over `http` and `limiter`), radar (RunRadar,
  // recorded as shown), brief (WriteBriefing). `http` and `limiter` must outlive it.
  void RegisterBuiltins(net::HttpClient& http, net::RateLimiter& limiter);

  // Enqueues what the calendar says exists by now; returns how many were new.
  [[nodiscard]] Result<int> PlanNow();
  // Enqueues the briefing and delivery jobs of `owner` that the calendar says
  // exist by now (the planner's rules, for one owner); returns how many were
  // new. RunDue calls it when one of the owner's radar or brief jobs finishes,
  // so that the owner's delivery, due since their local time, is claimed next,
  // while their radars' models are still in the rank cache (with more radars
  // than the cache holds, planning it at the next round, after every other
  // user's radars, built each model twice a day).
  [[nodiscard]] Result<int> PlanOwner(const std::string& owner);
  // Claims and runs due jobs until none is due (or stopping), on
  // options.workers threads; returns how many ran.
  [[nodiscard]] Result<int> RunDue();
  // Deletes done jobs older than prune_done_after_days; returns how many.
  [[nodiscard]] Result<int64_t> PruneDone();
  // `daemon --once`: prune (PruneDone), then plan and run until nothing new
  // is planned or due.
  [[nodiscard]] Status RunOnce();
  // Until RequestStop: RunOnce, then sleep until the next due job or poll.
  [[nodiscard]] Status Run();
  void RequestStop() { stopping_.store(true); }
  bool stopping() const { return stopping_.load(); }

 private:
  // What the planner needs; only `owner`'s radars and user when not empty.
  [[nodiscard]] Result<ScheduleInput> GatherInput(const std::string& owner = "");
  JobResult RunOne(const store::Job& job);
  // One worker of RunDue: claims and runs due jobs until none is due.
  [[nodiscard]] Result<int> RunDueWorker();
  void UpdateQueueGauges();

  service::Library& library_;
  store::JobStore& jobs_;
  std::mutex jobs_mu_;  // the lease-renewal thread shares jobs_
  Clock& clock_;
  Metrics& metrics_;
  DaemonOptions options_;
  std::map<std::string, JobHandler> handlers_;
  std::atomic<bool> stopping_{false};
  std::map<std::string, TimeZone> zones_;  // loaded zones by name (GatherInput)
};

// "host:pid".
std::string DefaultWorkerName();

}  // namespace ah::daemon
