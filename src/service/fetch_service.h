// Fetching the configured sources through the one fetch loop, as `fetch` and
// (later) the daemon do: which sources a request selects, and a run over them
// that stops early when the network is plainly unreachable.
// Thread-safety: stateless; the store is the caller's (one thread at a time).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "ingest/config.h"
#include "ingest/fetch_loop.h"
#include "ingest/registry.h"
#include "net/http.h"
#include "net/politeness.h"
#include "store/store.h"

namespace ah::service {

// The sources `wanted` names: a full spec ("arxiv:rss:cs.LG") is fetched as
// given; a name selects the configured sources of that name, listing source or
// spec prefix ("arxiv", "journal"); nothing wanted = every configured source.
// Errors: kInvalidArgument when nothing matches; a bad spec's.
[[nodiscard]] Result<std::vector<ingest::ConfiguredSource>> SelectSources(
    const ingest::Config& config, const std::vector<std::string>& wanted);

struct FetchRequest {
  std::vector<std::string> sources;  // as SelectSources
  std::string since, until;          // YYYY-MM-DD; until empty = today (the clock's, UTC)
  int retries = 5;                   // per page, with backoff
};

struct SourceFetch {
  std::string spec;
  bool resumable = false;
  Result<ingest::FetchReport> report;  // an error: the run could not start
};

struct FetchOutcome {
  std::vector<SourceFetch> sources;  // in the order fetched
  int failures = 0;                  // sources that failed or could not start
  // Two sources in a row got no HTTP answer at all: the run stopped there.
  bool unreachable = false;
};

// Fetches the selected sources one after the other; `on_start` (may be empty)
// is told each spec before its fetch. Errors: a bad date, SelectSources'.
[[nodiscard]] Result<FetchOutcome> FetchSources(
    store::Store& store, const ingest::Config& config, const FetchRequest& request,
    net::HttpClient& http, Clock& clock, net::RateLimiter& limiter,
    const std::function<void(const std::string&)>& on_start);

}  // namespace ah::service
