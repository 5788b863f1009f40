#include "store/job_store.h"

#include <algorithm>
#include <filesystem>

#include "store/open.h"
#include "store/pg/pg_jobs.h"
#include "store/sqlite/sqlite_jobs.h"

namespace ah::store {

std::string_view JobStateName(JobState s) {
  switch (s) {
    case JobState::kPending:
      return "pending";
    case JobState::kDone:
      return "done";
    case JobState::kFailed:
      return "failed";
  }
  return "pending";
}

int64_t RetryDelaySeconds(int attempts, uint64_t random, int64_t base, int64_t cap) {
  cap = std::max<int64_t>(0, cap);
  int64_t d = std::max<int64_t>(0, base);
  for (int i = 1; i < attempts && d < cap; ++i) d *= 2;
  d = std::min(d, cap);
  if (d <= 1) return d;
  return d - d / 2 + static_cast<int64_t>(random % static_cast<uint64_t>(d / 2 + 1));
}

int64_t TurnWaitMs(int64_t booked_next_ms, int64_t interval_ms, int64_t now_ms) {
  if (booked_next_ms - now_ms > std::max<int64_t>(0, interval_ms) + kTurnClockSlackMs) return 0;
  return std::max<int64_t>(0, booked_next_ms - now_ms);
}

Result<std::unique_ptr<JobStore>> OpenJobStore(const std::string& location,
                                               bool create_if_missing) {
  if (location.empty()) return MakeError(Code::kInvalidArgument, "library path is empty");
  if (pg::IsPostgresUrl(location)) {
    // A database on a server always exists; create_if_missing only concerns files.
    auto s = pg::PgJobStore::Open(location);
    if (!s) return Fail(s.error());
    return std::unique_ptr<JobStore>(std::move(*s));
  }
  if (!create_if_missing && location != ":memory:") {
    std::error_code ec;
    if (std::filesystem::status(location, ec).type() == std::filesystem::file_type::not_found)
      return MakeError(Code::kNotFound, "no library at " + location);
  }
  auto s = sqlite::SqliteJobStore::Open(location, create_if_missing);
  if (!s) return Fail(s.error());
  return std::unique_ptr<JobStore>(std::move(*s));
}

}  // namespace ah::store
