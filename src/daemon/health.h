// Whether each configured source is fetched on time (`/healthz`), from the
// daemon's job records in the library (so any process can answer, whichever
// process runs the daemon). A source the daemon has never scheduled is not
// judged (a laptop that fetches by hand is healthy).
// Overdue: arXiv when the last successful fetch is older than the latest
// announcement due before now - (delay + retry window), arXiv's holidays
// skipped (ScheduleOptions::arxiv_holidays); bioRxiv/medRxiv when
// older than 26 h + delay; other sources after three of their periods. A
// source never fetched successfully is overdue once one of its fetch jobs
// failed for good.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "daemon/schedule.h"
#include "store/job_store.h"

namespace ah::daemon {

struct SourceHealth {
  std::string spec;
  bool scheduled = false;    // the daemon has fetch jobs for it
  int64_t last_success = 0;  // Unix seconds; 0: never
  bool overdue = false;
};

[[nodiscard]] Result<std::vector<SourceHealth>> CheckSources(store::JobStore& jobs,
                                                             const std::vector<std::string>& specs,
                                                             int64_t now,
                                                             const ScheduleOptions& o = {});

}  // namespace ah::daemon
