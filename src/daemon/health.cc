#include "daemon/health.h"

#include "sources/calendar.h"

namespace ah::daemon {

Result<std::vector<SourceHealth>> CheckSources(store::JobStore& jobs,
                                               const std::vector<std::string>& specs, int64_t now,
                                               const ScheduleOptions& o) {
  std::vector<SourceHealth> out;
  auto failed = jobs.ListJobs({store::JobState::kFailed, 1000});
  if (!failed) return Fail(failed.error());
  for (const auto& spec : specs) {
    SourceHealth h;
    h.spec = spec;
    auto last = jobs.LastDone("fetch:" + spec + ":");
    if (!last) return Fail(last.error());
    h.scheduled = *last >= 0;
    h.last_success = *last > 0 ? *last : 0;
    if (h.scheduled) {
      const std::string family = FamilyOf(spec);
      int64_t must_have_since = 0;  // a success at or after this instant
      switch (sources::CadenceOf(family)) {
        case sources::Cadence::kArxiv:
          // Holiday evenings are skipped: nothing is due that will not come.
          must_have_since =
              CurrentArxivAnnouncement(now - o.arxiv_delay_seconds - o.arxiv_window_seconds,
                                       o.arxiv_holidays)
                  .at_unix;
          break;
        case sources::Cadence::kDailyEastern:
          must_have_since = now - 26 * 3600 - o.daily_delay_seconds;
          break;
        case sources::Cadence::kDailyUtc:
          must_have_since = now - 3 * std::max<int64_t>(1, o.every_hours) * 3600;
          break;
      }
      if (h.last_success > 0) {
        h.overdue = h.last_success < must_have_since;
      } else {
        // Never fetched yet: overdue once one of its fetch jobs failed for good
        // (not while the first fetches are still due or retrying).
        const std::string prefix = "fetch:" + spec + ":";
        for (const auto& j : *failed) h.overdue = h.overdue || j.key.rfind(prefix, 0) == 0;
      }
    }
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace ah::daemon
