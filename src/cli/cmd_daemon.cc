// `daemon` and `jobs`: the scheduler (src/daemon) and its job records.
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/commands.h"
#include "cli/daemon_rig.h"
#include "cli/smtp.h"
#include "core/date.h"
#include "core/metrics.h"
#include "daemon/daemon.h"
#include "daemon/health.h"
#include "daemon/rate_gate.h"
#include "ingest/registry.h"
#include "net/curl_http_client.h"
#include "service/brief_service.h"
#include "delivery/mail.h"
#include "service/webhooks.h"
#include "service/digest.h"
#include "store/open.h"
#include "web/app.h"
#include "web/auth.h"
#include "web/server.h"

namespace ah::cli {
namespace {

// --now: "2026-06-02T01:30:00Z" (any ISO 8601 / RFC 822 timestamp) or Unix seconds.
Result<std::unique_ptr<Clock>> ClockFor(const std::string& now) {
  if (now.empty()) return std::unique_ptr<Clock>(new SystemClock());
  std::optional<int64_t> t = date::ParseTimestamp(now);
  if (!t && !now.empty() && now.find_first_not_of("0123456789") == std::string::npos)
    t = std::stoll(now.substr(0, 15));
  if (!t)
    return MakeError(Code::kInvalidArgument,
                     "--now: '" + now + "' is not a time (e.g. 2026-06-02T01:30:00Z)");
  return std::unique_ptr<Clock>(new StartedClock(*t));
}

// --metrics-listen: "127.0.0.1:9464", "[::1]:9464", "localhost:9464".
Result<std::pair<std::string, int>> ParseListen(const std::string& s) {
  const auto bad = [&] {
    return MakeError(Code::kInvalidArgument,
                     "--metrics-listen: '" + s + "' is not HOST:PORT (e.g. 127.0.0.1:9464)");
  };
  const size_t colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= s.size() || colon + 6 < s.size())
    return bad();
  std::string host = s.substr(0, colon);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return bad();
    host = host.substr(1, host.size() - 2);
  }
  const std::string port = s.substr(colon + 1);
  if (port.find_first_not_of("0123456789") != std::string::npos) return bad();
  const int p = std::stoi(port);
  if (p > 65535) return bad();
  return std::pair<std::string, int>(host, p);
}

}  // namespace

int RunDaemonIn(App& app, const DaemonArgs& args, Clock& clock,
                const std::function<void(daemon::Daemon&)>& started);

int RunDaemon(App& app, const DaemonArgs& args) {
  auto clock = ClockFor(args.now);
  if (!clock) return ReportError(clock.error());
  // SIGTERM / SIGINT: finish (or release) the running job, then exit 0.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  std::atomic<daemon::Daemon*> running{nullptr};
  std::atomic<bool> stop_requested{false};
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    stop_requested = true;
    if (auto* d = running.load()) d->RequestStop();
  });
  const int rc = RunDaemonIn(app, args, **clock, [&](daemon::Daemon& d) {
    running = &d;
    if (stop_requested.load()) d.RequestStop();
  });
  running = nullptr;
  pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
  return rc;
}

bool SingleUserMode(const ingest::Config& config, bool flag) { return flag || config.single_user; }

bool WebhooksMayPostPrivately(bool single_user) {
  return single_user || std::getenv("AH_WEBHOOKS_ALLOW_PRIVATE") != nullptr;
}

Status EnsureLocalUser(service::Library& library) {
  auto s = library.OpenSession();
  auto local = s->users().GetUser(kLocalUser);
  if (!local) return Fail(local.error());
  if (*local) return Ok();
  store::User u;
  u.name = kLocalUser;
  u.admin = true;
  if (auto id = s->users().CreateUser(u); !id && id.error().code != Code::kAlreadyExists)
    return Fail(id.error());
  return Ok();
}

daemon::ScheduleOptions ScheduleOptionsOf(const ingest::Config& config) {
  daemon::ScheduleOptions o;
  if (config.arxiv_holidays) o.arxiv_holidays = *config.arxiv_holidays;
  return o;
}

Result<std::unique_ptr<DaemonRig>> MakeDaemonRig(const std::string& db,
                                                 const ingest::Config& config,
                                                 service::Library& library, Clock& clock,
                                                 Metrics& metrics, bool quiet, bool single_user) {
  auto rig = std::make_unique<DaemonRig>();
  auto jobs = store::OpenJobStore(db, false);
  if (!jobs) return Fail(jobs.error());
  rig->jobs = std::move(*jobs);
  auto gate_store = store::OpenJobStore(db, false);
  if (!gate_store) return Fail(gate_store.error());
  rig->gate = std::make_unique<daemon::LibraryRateGate>(std::move(*gate_store));
  net::CurlHttpClientOptions http_opts;
  http_opts.user_agent = net::MakeUserAgent(config.contact);
  rig->http = std::make_unique<net::CurlHttpClient>(http_opts);
  rig->limiter = std::make_unique<net::RateLimiter>(clock);
  rig->limiter->SetSharedGate(rig->gate.get());
  daemon::DaemonOptions o;
  o.schedule = ScheduleOptionsOf(config);
  // Two jobs at once where there are two cores (a day's radar models train on
  // one core each: bench/daemon_day.sh, docs/benchmarks.md).
  o.workers = std::thread::hardware_concurrency() >= 2 ? 2 : 1;
  o.log = [quiet](const std::string& line) {
    if (!quiet) std::fprintf(stderr, "academichub daemon: %s\n", line.c_str());
  };
  rig->daemon = std::make_unique<daemon::Daemon>(library, *rig->jobs, clock, metrics, o);
  rig->daemon->RegisterBuiltins(*rig->http, *rig->limiter);
  if (!config.smtp.url.empty())
    rig->mail = std::make_unique<delivery::CurlSmtpSender>(SmtpOptionsOf(config.smtp));
  net::CurlHttpClientOptions hook_opts = http_opts;
  hook_opts.public_addresses_only = !WebhooksMayPostPrivately(single_user);
  rig->hooks_http = std::make_unique<net::CurlHttpClient>(hook_opts);
  rig->daemon->Register("deliver", DeliverHandler(config, rig->mail.get(), *rig->hooks_http));
  return rig;
}

daemon::JobHandler DeliverHandler(const ingest::Config& config, delivery::MailSender* mail,
                                  net::HttpClient& hooks_http) {
  std::string from = config.smtp.from.empty() ? "AcademicHub <academichub@localhost>"
                                              : config.smtp.from;
  const std::string base_url = config.web_base_url;
  return [mail, &hooks_http, from, base_url](const store::Job& job,
                                             daemon::JobContext& ctx) -> daemon::JobResult {
    auto payload = nlohmann::json::parse(job.payload, nullptr, false);
    if (!payload.is_object() || !payload.contains("user") || !payload["user"].is_string() ||
        !payload.contains("day") || !payload["day"].is_string())
      return daemon::JobResult::Failed("the job's payload names no user and day");
    const std::string user = payload["user"].get<std::string>();
    const std::string day = payload["day"].get<std::string>();
    const std::string local_date = payload.value("local_date", day);
    auto transient = [](const Error& e) {
      return e.code == Code::kUnavailable || e.code == Code::kIo;
    };
    bool in_progress = false;
    if (mail != nullptr) {
      service::DeliverOptions o;
      o.from = from;
      o.base_url = base_url;
      o.local_date = local_date;
      o.lease_until_unix = job.lease_expires_unix;
      auto out = service::DeliverDigest(ctx.library, user, day, *mail, o);
      if (!out) {
        ctx.metrics.Add("academichub_deliveries_total",
                        {{"channel", "email"}, {"outcome", "failed"}});
        return transient(out.error()) ? daemon::JobResult::Retry(out.error().message)
                                      : daemon::JobResult::Failed(out.error().message);
      }
      const char* outcome = out->state == service::DeliveryState::kSent      ? "sent"
                            : out->state == service::DeliveryState::kSkipped ? "skipped"
                                                                             : "already";
      ctx.metrics.Add("academichub_deliveries_total", {{"channel", "email"}, {"outcome", outcome}});
      if (out->state == service::DeliveryState::kInProgress)
        in_progress = true;  // another live worker sends it: look again after its lease
    }
    // Webhooks of each of the user's radars.
    std::vector<int64_t> radar_ids;
    {
      auto session = ctx.library.OpenSession();
      auto hooks = service::ListWebhooks(session->users(), user);
      if (!hooks) return daemon::JobResult::Failed(hooks.error().message);
      for (const auto& h : *hooks)
        if (std::find(radar_ids.begin(), radar_ids.end(), h.radar_id) == radar_ids.end())
          radar_ids.push_back(h.radar_id);
    }
    std::string failure;
    for (int64_t id : radar_ids) {
      service::WebhookOptions wo;
      if (!base_url.empty()) wo.base_url = base_url;
      wo.lease_until_unix = job.lease_expires_unix;
      auto outs = service::DeliverWebhooks(ctx.library, user, id, day, hooks_http, wo);
      if (!outs) {
        if (outs.error().code == Code::kNotFound) continue;  // the radar was deleted since
        return daemon::JobResult::Failed(outs.error().message);
      }
      for (const auto& o : *outs) {
        const bool failed = o.state == service::DeliveryState::kSkipped && !o.why.empty() &&
                            o.why != "nothing new";
        ctx.metrics.Add("academichub_deliveries_total",
                        {{"channel", "webhook"},
                         {"outcome", o.state == service::DeliveryState::kSent ? "sent"
                                     : failed                                ? "failed"
                                                                             : "skipped"}});
        if (failed && failure.empty()) failure = o.why;
        in_progress = in_progress || o.state == service::DeliveryState::kInProgress;
      }
    }
    // A failed webhook is recorded for a later call: retry the job (what was sent is not again).
    if (!failure.empty()) return daemon::JobResult::Retry("a webhook failed: " + failure);
    if (in_progress) {
      // Not done until every delivery is recorded sent: another worker holds
      // one (two deliver jobs of a user can share a digest's day).
      return daemon::JobResult::Retry("a delivery is being sent by another worker",
                                      service::kDeliveryLeaseSeconds);
    }
    return daemon::JobResult::Done();
  };
}

Result<std::unique_ptr<JobViews>> JobViews::Open(const std::string& db,
                                                 const ingest::Config& config,
                                                 service::Library& library, Metrics& metrics) {
  auto v = std::unique_ptr<JobViews>(new JobViews());
  auto jobs = store::OpenJobStore(db, false);
  if (!jobs) return Fail(jobs.error());
  v->jobs_ = std::move(*jobs);
  // A configuration the daemon cannot use (it says so itself) must not keep
  // the web app from starting: then no source is judged.
  if (auto specs = ingest::BuildSources(config); specs)
    for (const auto& s : *specs) v->specs_.push_back(s.spec);
  v->schedule_ = ScheduleOptionsOf(config);
  v->library_ = &library;
  v->clock_ = &library.clock();
  v->metrics_ = &metrics;
  return v;
}

std::string JobViews::MetricsText() {
  std::lock_guard<std::mutex> lock(mu_);
  const int64_t now = clock_->NowUnix();
  if (auto q = jobs_->JobQueueStats(now); q) {
    // The queue as the library has it (whichever process runs the daemon).
    metrics_->Describe("academichub_job_queue_depth", "gauge", "Jobs by state.");
    metrics_->Set("academichub_job_queue_depth", {{"state", "pending"}},
                  static_cast<double>(q->pending));
    metrics_->Set("academichub_job_queue_depth", {{"state", "due"}}, static_cast<double>(q->due));
    metrics_->Set("academichub_job_queue_depth", {{"state", "running"}},
                  static_cast<double>(q->running));
    metrics_->Set("academichub_job_queue_depth", {{"state", "failed"}},
                  static_cast<double>(q->failed));
    metrics_->Describe("academichub_job_oldest_due_age_seconds", "gauge",
                       "How long the longest-waiting due job has waited.");
    metrics_->Set("academichub_job_oldest_due_age_seconds", {},
                  q->oldest_due_unix ? static_cast<double>(now - q->oldest_due_unix) : 0.0);
  }
  // The instance's language model (users' own providers are theirs, not counted here).
  if (auto* llm = library_->llm(); llm != nullptr && llm->client) {
    const llm::Accounting a = llm->client->accounting();
    metrics_->Describe("academichub_llm_calls_total", "counter", "Language model calls answered.");
    metrics_->Set("academichub_llm_calls_total", {}, static_cast<double>(a.calls));
    metrics_->Describe("academichub_llm_tokens_total", "counter",
                       "Language model tokens, by kind.");
    metrics_->Set("academichub_llm_tokens_total", {{"kind", "prompt"}},
                  static_cast<double>(a.prompt_tokens));
    metrics_->Set("academichub_llm_tokens_total", {{"kind", "completion"}},
                  static_cast<double>(a.completion_tokens));
    metrics_->Describe("academichub_llm_cost_usd_total", "counter", "Language model cost in USD.");
    metrics_->Set("academichub_llm_cost_usd_total", {}, a.cost_usd);
  }
  return metrics_->Render();
}

web::WebOptions::SourcesHealth JobViews::Health() {
  std::lock_guard<std::mutex> lock(mu_);
  web::WebOptions::SourcesHealth h;
  h.detail["sources"] = nlohmann::json::array();
  auto list = daemon::CheckSources(*jobs_, specs_, clock_->NowUnix(), schedule_);
  if (!list) {
    h.detail["sources_error"] = list.error().message;
    return h;
  }
  for (const auto& s : *list) {
    if (!s.scheduled) continue;
    h.healthy = h.healthy && !s.overdue;
    h.detail["sources"].push_back(
        {{"source", s.spec},
         {"last_success", s.last_success ? nlohmann::json(date::FormatTimestamp(s.last_success))
                                         : nlohmann::json(nullptr)},
         {"overdue", s.overdue}});
  }
  return h;
}

int RunDaemonIn(App& app, const DaemonArgs& args, Clock& clock,
                const std::function<void(daemon::Daemon&)>& started) {
  auto cfg = app.config();
  if (!cfg) return ReportError(cfg.error());
  auto lib = app.library(App::Use::kFill);  // creates and migrates the library
  if (!lib) return ReportError(lib.error());
  const std::string db = app.db_path();
  service::LibraryOptions lo;
  lo.location = db;
  lo.readers = 4;  // two per daemon worker (DaemonOptions::workers)
  lo.clock = &clock;
  lo.config = **cfg;
  auto library = service::Library::Open(lo);
  if (!library) return ReportError(library.error());
  const bool single_user = SingleUserMode(**cfg, args.single_user);
  if (single_user)
    if (auto st = EnsureLocalUser(**library); !st) return ReportError(st.error());
  Metrics metrics;
  auto rig = MakeDaemonRig(db, **cfg, **library, clock, metrics, app.options().quiet, single_user);
  if (!rig) return ReportError(rig.error());
  // --metrics-listen: this process's counters (jobs, fetches, deliveries) for
  // Prometheus, under serve's rules (web::WebOptions::monitoring_only).
  std::unique_ptr<JobViews> views;
  std::unique_ptr<web::WebApp> webapp;
  std::unique_ptr<web::HttpServer> server;
  std::thread server_thread;
  if (!args.metrics_listen.empty()) {
    auto where = ParseListen(args.metrics_listen);
    if (!where) return ReportError(where.error());
    if (auto st = web::InitCrypto(); !st) return ReportError(st.error());
    auto v = JobViews::Open(db, **cfg, **library, metrics);
    if (!v) return ReportError(v.error());
    views = std::move(*v);
    web::WebOptions wo;
    wo.single_user = single_user;
    wo.monitoring_only = true;
    wo.metrics_text = [&views] { return views->MetricsText(); };
    wo.sources_health = [&views] { return views->Health(); };
    webapp = std::make_unique<web::WebApp>(**library, wo);
    web::ServerOptions so;
    so.host = where->first;
    so.port = where->second;
    so.threads = 2;
    so.max_threads = 8;
    server = std::make_unique<web::HttpServer>(*webapp, so);
    if (auto st = server->Bind(); !st) return ReportError(st.error());
    const std::string shown =
        so.host.find(':') != std::string::npos ? "[" + so.host + "]" : so.host;
    std::printf("academichub daemon: metrics at http://%s:%d/metrics\n", shown.c_str(),
                server->port());
    std::fflush(stdout);
    server_thread = std::thread([&server] { server->Run(); });
  }
  started(*(*rig)->daemon);
  Status st = args.once ? (*rig)->daemon->RunOnce() : (*rig)->daemon->Run();
  if (server) {
    server->Stop();
    server_thread.join();
  }
  if (!st) return ReportError(st.error());
  return kExitOk;
}

int RunJobs(App& app, const JobsArgs& args) {
  auto lib = app.library();  // a missing library is an error naming the path
  if (!lib) return ReportError(lib.error());
  auto jobs = store::OpenJobStore(app.db_path(), false);
  if (!jobs) return ReportError(jobs.error());
  if (args.prune) {
    SystemClock clock;
    auto pruned = (*jobs)->PruneJobs(clock.NowUnix() - args.older_than_days * 86400, true);
    if (!pruned) return ReportError(pruned.error());
    if (args.json) {
      std::puts(nlohmann::json{{"pruned", *pruned}}.dump().c_str());
    } else {
      std::printf("Pruned %lld finished job%s older than %lld days.\n",
                  static_cast<long long>(*pruned), *pruned == 1 ? "" : "s",
                  static_cast<long long>(args.older_than_days));
    }
    return kExitOk;
  }
  store::JobFilter f;
  if (args.failed) f.state = store::JobState::kFailed;
  f.limit = args.limit;
  auto list = (*jobs)->ListJobs(f);
  if (!list) return ReportError(list.error());
  if (args.json) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& j : *list) {
      a.push_back({{"id", j.id},
                   {"kind", j.kind},
                   {"key", j.key},
                   {"state", store::JobStateName(j.state)},
                   {"due", date::FormatTimestamp(j.due_unix)},
                   {"attempts", j.attempts},
                   {"max_attempts", j.max_attempts},
                   {"lease_owner", j.lease_owner},
                   {"lease_expires",
                    j.lease_expires_unix ? date::FormatTimestamp(j.lease_expires_unix) : ""},
                   {"last_error", j.last_error},
                   {"finished", j.finished_unix ? date::FormatTimestamp(j.finished_unix) : ""}});
    }
    std::puts(a.dump(2).c_str());
    return kExitOk;
  }
  if (list->empty()) {
    std::printf(args.failed ? "No failed jobs.\n" : "No jobs yet (start `academichub daemon`).\n");
    return kExitOk;
  }
  for (const auto& j : *list) {
    std::printf("%-8s %-60s due %s  attempts %d/%d%s\n",
                std::string(store::JobStateName(j.state)).c_str(), j.key.c_str(),
                date::FormatTimestamp(j.due_unix).c_str(), j.attempts, j.max_attempts,
                j.lease_owner.empty() ? "" : ("  leased by " + j.lease_owner).c_str());
    if (!j.last_error.empty()) std::printf("         %s\n", j.last_error.c_str());
  }
  return kExitOk;
}

}  // namespace ah::cli
