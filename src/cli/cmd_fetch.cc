// `fetch` and `sources`: the configured sources through the one fetch loop.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/clock.h"
#include "core/date.h"
#include "ingest/fetch_loop.h"
#include "ingest/registry.h"
#include "net/curl_http_client.h"
#include "net/politeness.h"

namespace ah::cli {
namespace {

bool Selected(const ingest::ConfiguredSource& s, const std::vector<std::string>& wanted) {
  if (wanted.empty()) return true;
  for (const auto& w : wanted) {
    if (w == s.spec || w == s.source->name() || w == s.source->listing_source()) return true;
    // "arxiv" selects "arxiv:rss:...", "journal" selects every journal feed.
    if (s.spec.rfind(w + ":", 0) == 0) return true;
  }
  return false;
}

bool IsTransportFailure(const ingest::FetchReport& r) {
  if (r.pages > 0 || r.not_modified || r.errors.empty()) return false;
  Code c = r.errors.front().code;
  return c == Code::kIo || c == Code::kUnavailable;
}

}  // namespace

int RunFetch(App& app, const FetchArgs& args) {
  auto cfg = app.config();
  if (!cfg) return ReportError(cfg.error());
  auto lib = app.library();
  if (!lib) return ReportError(lib.error());

  std::vector<ingest::ConfiguredSource> selected;
  for (const auto& w : args.sources) {
    // A full spec that is not configured is fetched as given.
    if (w.find(':') != std::string::npos) {
      auto src = ingest::MakeSource(w, **cfg);
      if (!src) return ReportError(src.error());
      selected.push_back({w, std::move(*src)});
    }
  }
  if (selected.empty()) {
    auto all = ingest::BuildSources(**cfg);
    if (!all) return ReportError(all.error());
    for (auto& s : *all)
      if (Selected(s, args.sources)) selected.push_back(std::move(s));
  }
  if (selected.empty()) return ReportError(Error(Code::kInvalidArgument, "no configured source matches --source"));

  SystemClock clock;
  net::CurlHttpClientOptions http_opts;
  http_opts.user_agent = net::MakeUserAgent((*cfg)->contact);
  net::CurlHttpClient http(http_opts);
  net::RateLimiter limiter(clock);
  ingest::FetchOptions fopts;
  fopts.contact = (*cfg)->contact;
  fopts.max_retries = args.retries;
  ingest::FetchLoop loop(http, **lib, clock, limiter, fopts);

  sources::FetchParams params;
  params.contact = (*cfg)->contact;
  params.until = args.until.empty() ? date::FormatTimestamp(clock.NowUnix()).substr(0, 10) : date::Normalize(args.until);
  if (!args.since.empty()) {
    params.since = date::Normalize(args.since);
    if (params.since.empty()) return ReportError(Error(Code::kInvalidArgument, "--since '" + args.since + "' is not a date"));
  }
  if (params.until.empty()) return ReportError(Error(Code::kInvalidArgument, "--until '" + args.until + "' is not a date"));

  nlohmann::json out = nlohmann::json::array();
  int failures = 0, transport_failures_in_a_row = 0;
  bool unreachable = false;
  for (const auto& s : selected) {
    if (!app.options().quiet && !args.json) std::fprintf(stderr, "fetching %s ...\n", s.spec.c_str());
    auto report = loop.Run(*s.source, params);
    if (!report) {
      ++failures;
      std::fprintf(stderr, "academichub: %s: %s\n", s.spec.c_str(), report.error().message.c_str());
      continue;
    }
    const auto& r = *report;
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
                  static_cast<long long>(r.rejected), r.complete || r.not_modified || !s.source->resumable() ? "" : " (resumes next run)");
      for (const auto& e : r.errors) std::fprintf(stderr, "  %s\n", e.message.c_str());
    }
    if (!r.ok()) ++failures;
    transport_failures_in_a_row = IsTransportFailure(r) ? transport_failures_in_a_row + 1 : 0;
    if (transport_failures_in_a_row >= 2) {
      unreachable = true;
      break;
    }
  }
  if (args.json) std::puts(out.dump(2).c_str());
  if (unreachable) {
    std::fprintf(stderr, "academichub: the network appears unreachable (no HTTP answer from two sources); stopped.\n");
    return kExitFailure;
  }
  return failures ? kExitRejected : kExitOk;
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
