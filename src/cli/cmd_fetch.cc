// `fetch` and `sources`: the configured sources through the one fetch loop.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/clock.h"
#include "core/date.h"
#include "daemon/rate_gate.h"
#include "store/open.h"
#include "ingest/fetch_loop.h"
#include "ingest/registry.h"
#include "net/curl_http_client.h"
#include "net/politeness.h"
#include "service/fetch_service.h"

namespace ah::cli {
int RunFetch(App& app, const FetchArgs& args) {
  auto cfg = app.config();
  if (!cfg) return ReportError(cfg.error());
  auto lib = app.library(App::Use::kFill);
  if (!lib) return ReportError(lib.error());

  SystemClock clock;
  net::CurlHttpClientOptions http_opts;
  http_opts.user_agent = net::MakeUserAgent((*cfg)->contact);
  net::CurlHttpClient http(http_opts);
  net::RateLimiter limiter(clock);
  // Politeness across every process on the library (another fetch, the daemon).
  std::unique_ptr<daemon::LibraryRateGate> gate;
  if (auto jobs = store::OpenJobStore(app.db_path(), false); jobs) {
    gate = std::make_unique<daemon::LibraryRateGate>(std::move(*jobs));
    limiter.SetSharedGate(gate.get());
  }
  service::FetchRequest request{args.sources, args.since, args.until, args.retries};
  const bool chatty = !app.options().quiet && !args.json;
  auto outcome = service::FetchSources(**lib, **cfg, request, http, clock, limiter,
                                       [&](const std::string& spec) {
                                         if (chatty) std::fprintf(stderr, "fetching %s ...\n", spec.c_str());
                                       });
  if (!outcome) return ReportError(outcome.error());

  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : outcome->sources) {
    if (!s.report) {
      std::fprintf(stderr, "academichub: %s: %s\n", s.spec.c_str(), s.report.error().message.c_str());
      continue;
    }
    const auto& r = *s.report;
    nlohmann::json j{{"source", s.spec}, {"pages", r.pages}, {"added", r.added}, {"updated", r.updated},
                     {"unchanged", r.unchanged}, {"rejected", r.rejected}, {"not_modified", r.not_modified},
                     {"complete", r.complete}, {"requests", r.requests}, {"retries", r.retries}};
    nlohmann::json errs = nlohmann::json::array();
    for (const auto& e : r.errors) errs.push_back(e.message);
    j["errors"] = errs;
    out.push_back(j);
    if (!args.json) {
      std::printf("%-40s %s: %lld added, %lld updated, %lld unchanged, %lld rejected%s\n", s.spec.c_str(),
                  r.not_modified ? "not modified" : (r.ok() ? "ok" : "FAILED"), static_cast<long long>(r.added),
                  static_cast<long long>(r.updated), static_cast<long long>(r.unchanged),
                  static_cast<long long>(r.rejected), r.complete || r.not_modified || !s.resumable ? "" : " (resumes next run)");
      for (const auto& e : r.errors) std::fprintf(stderr, "  %s\n", e.message.c_str());
    }
  }
  if (args.json) std::puts(out.dump(2).c_str());
  if (outcome->unreachable) {
    std::fprintf(stderr, "academichub: the network appears unreachable (no HTTP answer from two sources); stopped.\n");
    return kExitFailure;
  }
  return outcome->failures ? kExitRejected : kExitOk;
}

int RunSources(App& app, bool json) {
  auto cfg = app.config();
  if (!cfg) return ReportError(cfg.error());
  auto all = ingest::BuildSources(**cfg);
  if (!all) return ReportError(all.error());
  auto catalogue = ingest::Catalogue(**cfg);
  if (json) {
    nlohmann::json j;
    j["configured"] = nlohmann::json::array();
    for (const auto& s : *all) j["configured"].push_back({{"spec", s.spec}, {"name", s.source->name()}});
    j["journals"] = nlohmann::json::array();
    for (const auto& c : catalogue)
      j["journals"].push_back({{"slug", c.slug}, {"name", c.name}, {"publisher", c.publisher}, {"issn", c.issn},
                               {"eissn", c.eissn}, {"feed_url", c.feed_url}, {"field", c.field}, {"custom", c.custom}});
    std::puts(j.dump(2).c_str());
    return kExitOk;
  }
  std::printf("Configured sources (%s):\n", (*cfg)->path.empty() ? "defaults" : (*cfg)->path.c_str());
  for (const auto& s : *all) std::printf("  %s\n", s.spec.c_str());
  std::printf("\nJournal catalogue (follow with [journals] follow = [\"slug\", ...]):\n");
  for (const auto& c : catalogue)
    std::printf("  %-28s %-40s %s%s\n", c.slug.c_str(), c.name.c_str(), c.issn.c_str(), c.custom ? " (custom)" : "");
  return kExitOk;
}

}  // namespace ah::cli
