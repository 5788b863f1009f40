// A time limit with a cancellation flag, shared by every call of one piece of
// work (a briefing's LLM calls, a batch of TL;DRs; later a web request that the
// client may abandon). Calls check it before they start, bound their own
// timeouts by what remains, and give up waiting (backoff, slots) once it passed.
//
// Time comes from the injected Clock (monotonic), so tests move time instead of
// waiting. Thread-safe: any thread may read it or Cancel() it while others work.
// The Clock must outlive the Deadline.
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace ah {

class Deadline {
 public:
  static constexpr int64_t kNoLimit = std::numeric_limits<int64_t>::max();

  // Expires `budget_ms` after now on `clock`; budget_ms <= 0 means no time limit
  // (only Cancel() ends it). REQUIRES: clock != nullptr.
  Deadline(Clock* clock, int64_t budget_ms);
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;

  // Cancelled, or the clock reached the end.
  bool Expired() const;
  bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }
  // Milliseconds left: kNoLimit without a time limit, 0 once expired or cancelled.
  int64_t RemainingMs() const;
  int64_t budget_ms() const { return budget_ms_; }
  // Ends the work: every later check sees it expired. Idempotent.
  void Cancel() { cancelled_.store(true, std::memory_order_release); }

  // kCancelled "<what>: cancelled" or "<what>: deadline of N s passed".
  Error ExpiredError(std::string_view what) const;

 private:
  Clock* const clock_;
  const int64_t budget_ms_;
  const int64_t end_mono_ms_;
  std::atomic<bool> cancelled_{false};
};

// min(timeout_ms, what `deadline` (nullable) leaves), where timeout_ms <= 0 means
// none; 0 (with a deadline) when it has expired.
int64_t BoundByDeadline(int64_t timeout_ms, const Deadline* deadline);

}  // namespace ah
