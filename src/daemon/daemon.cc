#include "daemon/daemon.h"

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "core/json.h"
#include "ingest/registry.h"
#include "service/brief_service.h"
#include "service/fetch_service.h"
#include "service/radar_service.h"
#include "sources/calendar.h"

namespace ah::daemon {
namespace {

nlohmann::json Payload(const store::Job& job) {
  auto j = ParseJson(job.payload.empty() ? std::string_view("{}") : job.payload, "job " + job.key);
  if (!j || !j->is_object()) return nlohmann::json::object();
  return *j;
}

std::string Str(const nlohmann::json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
int64_t Int(const nlohmann::json& j, const char* k, int64_t dflt) {
  auto it = j.find(k);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : dflt;
}

// The radar a job names, for its owner; nullopt when it is gone.
Result<std::optional<store::RadarDefinition>> RadarOf(service::Session& s,
                                                      const nlohmann::json& p) {
  return s.radars().GetRadarById(Str(p, "owner"), Int(p, "radar", 0));
}

JobResult FetchJob(const store::Job& job, JobContext& ctx, net::HttpClient& http,
                   net::RateLimiter& limiter) {
  const auto p = Payload(job);
  const std::string spec = Str(p, "spec");
  const std::string family = FamilyOf(spec);
  if (spec.empty()) return JobResult::Failed("the job names no source");
  auto session = ctx.library.OpenSession();
  service::FetchRequest request;
  request.sources = {spec};
  auto outcome = service::FetchSources(session->store(), ctx.library.config(), request, http,
                                       ctx.clock, limiter, nullptr);
  if (!outcome) return JobResult::Failed(outcome.error().message);
  std::string error;
  for (const auto& s : outcome->sources) {
    if (!s.report) {
      error = s.report.error().message;
      continue;
    }
    ctx.metrics.Add("academichub_papers_added_total", {{"source", family}},
                    static_cast<double>(s.report->added));
    if (!s.report->ok()) error = s.report->errors.front().message;
  }
  ctx.metrics.Add("academichub_fetches_total",
                  {{"source", family}, {"outcome", error.empty() ? "ok" : "error"}});
  if (!error.empty()) {
    ctx.metrics.Add("academichub_fetch_errors_total", {{"source", family}});
    return JobResult::Retry(error);
  }
  // arXiv: the day's announcement must be in the feed; a feed still listing
  // the previous day is late: try again within the window.
  if (const std::string expect = Str(p, "expect_listing"); !expect.empty()) {
    store::ListingFilter f;
    f.source = family;
    auto latest = session->store().LatestListingDate(f);
    if (!latest) return JobResult::Retry(latest.error().message);
    if (*latest < expect) {
      ctx.metrics.Add("academichub_late_feeds_total", {{"source", family}});
      return JobResult::Retry(
          "the " + std::string(sources::DisplayName(family)) + " feed does not list " + expect +
              " yet (latest: " + (latest->empty() ? std::string("none") : *latest) + ")",
          Int(p, "late_retry_seconds", 1800));
    }
  }
  return JobResult::Done();
}

// The index is brought up to date (or built) before the job opens its
// session: RefreshIndex leases a connection of its own, and a job holding one
// while it waits for another can deadlock with other workers doing the same
// once the library's pool is exhausted.
JobResult RadarJob(const store::Job& job, JobContext& ctx) {
  const auto p = Payload(job);
  if (auto st = ctx.library.RefreshIndex(); !st) return JobResult::Retry(st.error().message);
  auto index = ctx.library.WaitIndex();
  if (!index) return JobResult::Retry(index.error().message);
  auto session = ctx.library.OpenSession();
  auto r = RadarOf(*session, p);
  if (!r) return JobResult::Retry(r.error().message);
  if (!*r) return JobResult::Done();  // deleted since: nothing to do
  service::RunOptions o;
  o.date = Str(p, "date");
  o.record_shown = true;
  o.now_unix = ctx.clock.NowUnix();
  auto report =
      service::RunRadar(session->store(), session->radars(), **index, **r, o, &ctx.library.ranks());
  if (!report) {
    // A day with nothing announced, or a radar with nothing to rank by: no retry helps.
    if (report.error().code == Code::kNotFound || report.error().code == Code::kInvalidArgument)
      return JobResult::Done();
    return JobResult::Retry(report.error().message);
  }
  ctx.metrics.Add("academichub_radar_runs_total", {});
  return JobResult::Done();
}

JobResult BriefJob(const store::Job& job, JobContext& ctx) {
  const auto p = Payload(job);
  auto index = ctx.library.WaitIndex();  // before the session, as RadarJob
  if (!index) return JobResult::Retry(index.error().message);
  auto session = ctx.library.OpenSession();
  auto r = RadarOf(*session, p);
  if (!r) return JobResult::Retry(r.error().message);
  if (!*r) return JobResult::Done();
  service::BriefOptions o;
  o.run.date = Str(p, "date");
  o.run.record_shown = false;
  o.lang = ctx.library.config().brief_lang;
  o.run.limit = static_cast<size_t>(std::max(1, ctx.library.config().brief_papers));
  auto* llm = ctx.library.llm();
  std::unique_ptr<Deadline> deadline = llm ? llm->StartDeadline() : nullptr;
  o.deadline = deadline.get();
  auto out = service::WriteBriefing(session->store(), session->radars(), **index, **r,
                                    llm ? llm->client.get() : nullptr, o, &ctx.library.ranks());
  if (!out) {
    if (out.error().code == Code::kNotFound) return JobResult::Done();  // no papers that day
    return JobResult::Retry(out.error().message);
  }
  ctx.metrics.Add("academichub_briefings_total", {});
  return JobResult::Done();
}

}  // namespace

std::string DefaultWorkerName() {
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = 0;
  return std::string(host) + ":" + std::to_string(getpid());
}

Daemon::Daemon(service::Library& library, store::JobStore& jobs, Clock& clock, Metrics& metrics,
               DaemonOptions options)
    : library_(library),
      jobs_(jobs),
      clock_(clock),
      metrics_(metrics),
      options_(std::move(options)) {
  if (options_.worker.empty()) options_.worker = DefaultWorkerName();
  metrics_.Describe("academichub_fetches_total", "counter", "Source fetches by outcome.");
  metrics_.Describe("academichub_papers_added_total", "counter", "New papers stored, by source.");
  metrics_.Describe("academichub_fetch_errors_total", "counter", "Failed fetches, by source.");
  metrics_.Describe("academichub_jobs_total", "counter", "Jobs run, by kind and outcome.");
  metrics_.Describe("academichub_job_latency_seconds_total", "counter",
                    "Seconds from due to start, summed, by kind.");
  metrics_.Describe("academichub_job_queue_depth", "gauge", "Jobs by state.");
}

Daemon::~Daemon() = default;

void Daemon::Register(const std::string& kind, JobHandler handler) {
  handlers_[kind] = std::move(handler);
}

void Daemon::RegisterBuiltins(net::HttpClient& http, net::RateLimiter& limiter) {
  Register("fetch", [&http, &limiter](const store::Job& j, JobContext& c) {
    return FetchJob(j, c, http, limiter);
  });
  Register("radar", RadarJob);
  Register("brief", BriefJob);
}

Result<ScheduleInput> Daemon::GatherInput(const std::string& owner) {
  ScheduleInput in;
  in.now = clock_.NowUnix();
  auto specs = ingest::BuildSources(library_.config());
  if (!specs) return Fail(specs.error());
  for (const auto& s : *specs) in.source_specs.push_back(s.spec);
  auto session = library_.OpenSession();
  std::vector<store::User> users;
  if (owner.empty()) {
    auto all = session->users().ListUsers();
    if (!all) return Fail(all.error());
    users = std::move(*all);
  } else {
    auto one = session->users().GetUser(owner);
    if (!one) return Fail(one.error());
    if (*one) users.push_back(std::move(**one));
  }
  // Radars of the CLI and of `serve --single-user` belong to "local", which
  // may have no account.
  std::vector<std::pair<std::string, bool>> owners;
  if ((owner.empty() || owner == "local") &&
      std::none_of(users.begin(), users.end(),
                   [](const store::User& u) { return u.name == "local"; }))
    owners.emplace_back("local", false);
  for (const auto& u : users) {
    std::string warning;
    UserRef ref{u.name, DeliveryPrefsOf(u.settings_json, &warning), TimeZone()};
    // A zone is read from the system's tzdata once per daemon (a user's zone
    // file changes only with a tzdata upgrade, which restarts the daemon).
    auto z = zones_.find(ref.prefs.time_zone);
    if (z == zones_.end()) {
      auto loaded = TimeZone::Load(ref.prefs.time_zone);
      if (loaded) z = zones_.emplace(ref.prefs.time_zone, std::move(*loaded)).first;
    }
    if (z != zones_.end()) ref.zone = z->second;
    owners.emplace_back(u.name, ref.prefs.briefing);
    in.users.push_back(std::move(ref));
  }
  for (const auto& [name, briefing] : owners) {
    auto radars = session->radars().ListRadars(name);
    if (!radars) return Fail(radars.error());
    for (const auto& r : *radars) in.radars.push_back({name, r.id, r.name, briefing});
  }
  in.deliveries = handlers_.count("deliver") > 0;
  auto state = [this](const std::string& key) -> std::optional<store::JobState> {
    auto j = jobs_.GetJob(key);
    if (!j || !*j) return std::nullopt;
    return (*j)->state;
  };
  in.finished = [state](const std::string& k) {
    auto s = state(k);
    return s && *s != store::JobState::kPending;
  };
  in.done = [state](const std::string& k) {
    auto s = state(k);
    return s && *s == store::JobState::kDone;
  };
  return in;
}

Result<int> Daemon::PlanNow() {
  std::lock_guard<std::mutex> lock(jobs_mu_);
  auto in = GatherInput();
  if (!in) return Fail(in.error());
  // One transaction for the round (EnqueueMany), not one per job.
  std::vector<store::Job> planned;
  for (auto& p : Plan(*in, options_.schedule)) {
    if (!handlers_.count(p.kind)) continue;
    store::Job& j = planned.emplace_back();
    j.kind = std::move(p.kind);
    j.key = std::move(p.key);
    j.payload = std::move(p.payload);
    j.due_unix = p.due_unix;
    j.max_attempts = p.max_attempts;
  }
  return jobs_.EnqueueMany(planned, in->now);
}

Result<int> Daemon::PlanOwner(const std::string& owner) {
  std::lock_guard<std::mutex> lock(jobs_mu_);
  auto in = GatherInput(owner);
  if (!in) return Fail(in.error());
  int created = 0;
  for (const auto& p : Plan(*in, options_.schedule)) {
    // The owner's radar jobs exist (this follows one of them); fetches are
    // the rounds' business.
    if ((p.kind != "brief" && p.kind != "deliver") || !handlers_.count(p.kind)) continue;
    if (auto existing = jobs_.GetJob(p.key); existing && *existing) continue;
    store::Job j;
    j.kind = p.kind;
    j.key = p.key;
    j.payload = p.payload;
    j.due_unix = p.due_unix;
    j.max_attempts = p.max_attempts;
    auto r = jobs_.Enqueue(j, in->now);
    if (!r) return Fail(r.error());
    created += *r ? 1 : 0;
  }
  return created;
}

JobResult Daemon::RunOne(const store::Job& job) {
  auto it = handlers_.find(job.kind);
  if (it == handlers_.end()) return JobResult::Failed("no handler for jobs of kind " + job.kind);
  JobContext ctx{library_, clock_, metrics_, stopping_};
  // Renew the lease while the handler runs (real time: the lease protects
  // against a dead process, whatever clock the schedule runs on).
  std::mutex mu;
  std::condition_variable cv;
  bool finished = false;
  std::thread renew([&] {
    std::unique_lock<std::mutex> lock(mu);
    const auto period = std::chrono::seconds(std::max<int64_t>(1, options_.lease_seconds / 3));
    while (!cv.wait_for(lock, period, [&] { return finished; })) {
      std::lock_guard<std::mutex> jl(jobs_mu_);
      (void)jobs_.RenewLease(job.id, options_.worker, clock_.NowUnix(), options_.lease_seconds);
    }
  });
  JobResult r;
  try {
    r = it->second(job, ctx);
  } catch (const std::exception& e) {
    r = JobResult::Retry(std::string("the job stopped with an unexpected error: ") + e.what());
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    finished = true;
  }
  cv.notify_all();
  renew.join();
  return r;
}

void Daemon::UpdateQueueGauges() {
  std::lock_guard<std::mutex> lock(jobs_mu_);
  auto q = jobs_.JobQueueStats(clock_.NowUnix());
  if (!q) return;
  metrics_.Set("academichub_job_queue_depth", {{"state", "pending"}},
               static_cast<double>(q->pending));
  metrics_.Set("academichub_job_queue_depth", {{"state", "due"}}, static_cast<double>(q->due));
  metrics_.Set("academichub_job_queue_depth", {{"state", "running"}},
               static_cast<double>(q->running));
  metrics_.Set("academichub_job_queue_depth", {{"state", "failed"}},
               static_cast<double>(q->failed));
}

Result<int> Daemon::RunDue() {
  const int n = std::max(1, options_.workers);
  if (n == 1) {
    auto ran = RunDueWorker();
    UpdateQueueGauges();
    return ran;
  }
  std::mutex mu;
  int ran = 0;
  std::optional<Error> error;
  std::vector<std::thread> workers;
  for (int i = 0; i < n; ++i)
    workers.emplace_back([&] {
      auto r = RunDueWorker();
      std::lock_guard<std::mutex> lock(mu);
      if (r)
        ran += *r;
      else if (!error)
        error = r.error();
    });
  for (auto& t : workers) t.join();
  UpdateQueueGauges();
  if (error) return Fail(*error);
  return ran;
}

Result<int> Daemon::RunDueWorker() {
  std::vector<std::string> kinds;
  for (const auto& [k, h] : handlers_) kinds.push_back(k);
  int ran = 0;
  while (!stopping_.load()) {
    Result<std::optional<store::Job>> claimed;
    {
      std::lock_guard<std::mutex> lock(jobs_mu_);
      claimed = jobs_.Claim(options_.worker, kinds, clock_.NowUnix(), options_.lease_seconds);
    }
    if (!claimed) return Fail(claimed.error());
    if (!*claimed) break;
    const store::Job& job = **claimed;
    const int64_t started = clock_.NowUnix();
    metrics_.Add("academichub_job_latency_seconds_total", {{"kind", job.kind}},
                 static_cast<double>(std::max<int64_t>(0, started - job.due_unix)));
    JobResult r = RunOne(job);
    const int64_t now = clock_.NowUnix();
    std::string follow_up;  // an owner whose briefings / deliveries to plan
    std::unique_lock<std::mutex> lock(jobs_mu_);
    Status st = Ok();
    std::string outcome;
    switch (r.kind) {
      case JobResult::kDone:
        st = jobs_.Complete(job.id, options_.worker, now);
        outcome = "done";
        break;
      case JobResult::kRetry:
      case JobResult::kFailed:
        st = jobs_.Fail(job.id, options_.worker, r.error, now, r.retry_after_seconds,
                        r.kind == JobResult::kFailed);
        outcome =
            r.kind == JobResult::kFailed || job.attempts >= job.max_attempts ? "failed" : "retry";
        break;
      case JobResult::kRelease:
        st = jobs_.Release(job.id, options_.worker);
        outcome = "released";
        break;
    }
    metrics_.Add("academichub_jobs_total", {{"kind", job.kind}, {"outcome", outcome}});
    if (options_.log) {
      options_.log(outcome + " " + job.key + (r.error.empty() ? "" : ": " + r.error));
    }
    if (!st && st.error().code != Code::kNotFound) return Fail(st.error());
    ++ran;
    if (r.kind == JobResult::kRelease) break;
    // The owner's day may be complete: their briefing or delivery next.
    if (job.kind == "radar" || job.kind == "brief") follow_up = Str(Payload(job), "owner");
    lock.unlock();
    if (!follow_up.empty())
      if (auto planned = PlanOwner(follow_up); !planned) return Fail(planned.error());
  }
  return ran;
}

Result<int64_t> Daemon::PruneDone() {
  if (options_.prune_done_after_days <= 0) return int64_t{0};
  std::lock_guard<std::mutex> lock(jobs_mu_);
  auto pruned = jobs_.PruneJobs(clock_.NowUnix() - options_.prune_done_after_days * 86400, false);
  if (pruned && *pruned > 0 && options_.log)
    options_.log("pruned " + std::to_string(*pruned) + " finished jobs older than " +
                 std::to_string(options_.prune_done_after_days) + " days");
  return pruned;
}

Status Daemon::RunOnce() {
  if (auto pruned = PruneDone(); !pruned) return Fail(pruned.error());
  // Finishing a fetch makes the radars' jobs plannable, a radar its briefing:
  // plan again until a round neither plans nor runs anything.
  for (int round = 0; round < 20 && !stopping_.load(); ++round) {
    auto planned = PlanNow();
    if (!planned) return Fail(planned.error());
    auto ran = RunDue();
    if (!ran) return Fail(ran.error());
    if (*planned == 0 && *ran == 0) break;
  }
  return Ok();
}

Status Daemon::Run() {
  while (!stopping_.load()) {
    if (auto st = RunOnce(); !st) {
      if (options_.log) options_.log("error: " + st.error().message);
    }
    // Sleep in short steps so that a stop request is seen quickly.
    for (int64_t i = 0; i < options_.idle_poll_seconds && !stopping_.load(); ++i)
      std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  return Ok();
}

}  // namespace ah::daemon
