// The daemon with its parts (job connection, shared politeness gate, HTTP
// client, rate limiter), as `daemon` and `serve --with-daemon` build it; and
// the job-record views `serve` answers /metrics and /healthz with.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "core/metrics.h"
#include "daemon/daemon.h"
#include "daemon/rate_gate.h"
#include "delivery/mail.h"
#include "ingest/config.h"
#include "net/curl_http_client.h"
#include "service/library.h"
#include "store/job_store.h"
#include "web/app.h"

namespace ah::cli {

struct DaemonRig {
  std::unique_ptr<store::JobStore> jobs;
  std::unique_ptr<daemon::LibraryRateGate> gate;
  std::unique_ptr<net::CurlHttpClient> http;
  std::unique_ptr<net::RateLimiter> limiter;
  std::unique_ptr<delivery::MailSender> mail;     // [smtp] set: the digests' sender
  std::unique_ptr<net::CurlHttpClient> hooks_http;  // webhooks: public addresses only, unless
                                                    // WebhooksMayPostPrivately
  std::unique_ptr<daemon::Daemon> daemon;
};

// The daemon's "deliver" job (payload {"user", "local_date", "day", ...}): the
// user's email digest of `day` (service::DeliverDigest, which decides daily or
// weekly on the user's local Monday) when `mail` is set, then each of their
// radars' webhooks (service::DeliverWebhooks). Both are recorded by key under
// the job's lease, so a job run again sends nothing twice, and a job whose
// worker died is run again once its lease expired and sends what that worker
// had not recorded as sent. A transient failure (SMTP or a webhook
// unreachable) retries the job with the daemon's backoff; a delivery another
// live worker is sending retries it when that worker's lease ends.
daemon::JobHandler DeliverHandler(const ingest::Config& config, delivery::MailSender* mail,
                                  net::HttpClient& hooks_http);

// The calendar's options from config.toml (`[arxiv] holidays`), for the
// daemon and /healthz alike.
daemon::ScheduleOptions ScheduleOptionsOf(const ingest::Config& config);

// Single-user mode (serve --single-user, daemon --single-user, or
// [web] single_user in config.toml): one answer for serve and the daemon.
bool SingleUserMode(const ingest::Config& config, bool flag);
// Whether webhooks may post to private and loopback addresses: in
// single-user mode, or with AH_WEBHOOKS_ALLOW_PRIVATE set (serve's rule).
bool WebhooksMayPostPrivately(bool single_user);
// Single-user mode: the local user's row (its settings, deliveries and
// webhooks hang on it), created when missing.
[[nodiscard]] Status EnsureLocalUser(service::Library& library);

// All references must outlive the rig. `single_user`: SingleUserMode.
[[nodiscard]] Result<std::unique_ptr<DaemonRig>> MakeDaemonRig(const std::string& db,
                                                               const ingest::Config& config,
                                                               service::Library& library,
                                                               Clock& clock, Metrics& metrics,
                                                               bool quiet, bool single_user);

// /metrics and /healthz of `serve` over the library's job records (a
// connection of their own, used under a mutex). Must outlive the web app.
class JobViews {
 public:
  [[nodiscard]] static Result<std::unique_ptr<JobViews>> Open(const std::string& db,
                                                              const ingest::Config& config,
                                                              service::Library& library,
                                                              Metrics& metrics);
  std::string MetricsText();
  web::WebOptions::SourcesHealth Health();

 private:
  std::mutex mu_;
  std::unique_ptr<store::JobStore> jobs_;
  std::vector<std::string> specs_;
  daemon::ScheduleOptions schedule_;
  service::Library* library_ = nullptr;
  Clock* clock_ = nullptr;
  Metrics* metrics_ = nullptr;
};

}  // namespace ah::cli
