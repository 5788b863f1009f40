#include "core/deadline.h"

#include <algorithm>
#include <string>

namespace ah {
namespace {

int64_t EndOf(Clock* clock, int64_t budget_ms) {
  if (budget_ms <= 0) return Deadline::kNoLimit;
  const int64_t now = clock->NowMonoMs();
  return now <= Deadline::kNoLimit - budget_ms ? now + budget_ms : Deadline::kNoLimit;
}

}  // namespace

Deadline::Deadline(Clock* clock, int64_t budget_ms)
    : clock_(clock),
      budget_ms_(std::max<int64_t>(0, budget_ms)),
      end_mono_ms_(EndOf(clock, budget_ms)) {}

bool Deadline::Expired() const { return RemainingMs() == 0; }

int64_t Deadline::RemainingMs() const {
  if (cancelled()) return 0;
  if (end_mono_ms_ == kNoLimit) return kNoLimit;
  return std::max<int64_t>(0, end_mono_ms_ - clock_->NowMonoMs());
}

Error Deadline::ExpiredError(std::string_view what) const {
  std::string why;
  if (cancelled()) {
    why = "cancelled";
  } else {
    why = "deadline of " + std::to_string((budget_ms_ + 999) / 1000) + " s passed";
  }
  return Error(Code::kCancelled, what.empty() ? why : std::string(what) + ": " + why);
}

int64_t BoundByDeadline(int64_t timeout_ms, const Deadline* deadline) {
  if (deadline == nullptr) return timeout_ms;
  const int64_t left = deadline->RemainingMs();
  if (left == Deadline::kNoLimit) return timeout_ms;
  return timeout_ms > 0 ? std::min(timeout_ms, left) : left;
}

}  // namespace ah
