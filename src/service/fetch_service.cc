#include "service/fetch_service.h"

#include "core/date.h"

namespace ah::service {
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

Result<std::vector<ingest::ConfiguredSource>> SelectSources(
    const ingest::Config& config, const std::vector<std::string>& wanted) {
  std::vector<ingest::ConfiguredSource> selected;
  for (const auto& w : wanted) {
    // A full spec that is not configured is fetched as given.
    if (w.find(':') != std::string::npos) {
      auto src = ingest::MakeSource(w, config);
      if (!src) return Fail(src.error());
      selected.push_back({w, std::move(*src)});
    }
  }
  if (selected.empty()) {
    auto all = ingest::BuildSources(config);
    if (!all) return Fail(all.error());
    for (auto& s : *all)
      if (Selected(s, wanted)) selected.push_back(std::move(s));
  }
  if (selected.empty())
    return MakeError(Code::kInvalidArgument, "no configured source matches the sources asked for");
  return selected;
}

Result<FetchOutcome> FetchSources(store::Store& store, const ingest::Config& config,
                                  const FetchRequest& request, net::HttpClient& http, Clock& clock,
                                  net::RateLimiter& limiter,
                                  const std::function<void(const std::string&)>& on_start) {
  sources::FetchParams params;
  params.contact = config.contact;
  params.until = request.until.empty() ? date::FormatTimestamp(clock.NowUnix()).substr(0, 10)
                                       : date::Normalize(request.until);
  if (params.until.empty())
    return MakeError(Code::kInvalidArgument, "until '" + request.until + "' is not a date");
  if (!request.since.empty()) {
    params.since = date::Normalize(request.since);
    if (params.since.empty())
      return MakeError(Code::kInvalidArgument, "since '" + request.since + "' is not a date");
  }
  auto selected = SelectSources(config, request.sources);
  if (!selected) return Fail(selected.error());

  ingest::FetchOptions fopts;
  fopts.contact = config.contact;
  fopts.max_retries = request.retries;
  ingest::FetchLoop loop(http, store, clock, limiter, fopts);
  FetchOutcome out;
  int transport_failures_in_a_row = 0;
  for (const auto& s : *selected) {
    if (on_start) on_start(s.spec);
    SourceFetch f{s.spec, s.source->resumable(), loop.Run(*s.source, params)};
    if (!f.report) {
      ++out.failures;
    } else {
      if (!f.report->ok()) ++out.failures;
      transport_failures_in_a_row =
          IsTransportFailure(*f.report) ? transport_failures_in_a_row + 1 : 0;
    }
    out.sources.push_back(std::move(f));
    if (transport_failures_in_a_row >= 2) {
      out.unreachable = true;
      break;
    }
  }
  return out;
}

}  // namespace ah::service
