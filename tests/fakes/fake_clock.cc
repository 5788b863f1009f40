#include "fakes/fake_clock.h"

#include <algorithm>

namespace ah::testing {

FakeClock::FakeClock(int64_t start_unix, int64_t start_mono_ms)
    : start_unix_(start_unix), start_mono_ms_(start_mono_ms) {}

int64_t FakeClock::NowUnix() {
  std::lock_guard<std::mutex> lock(mu_);
  return start_unix_ + elapsed_ms_ / 1000;
}

int64_t FakeClock::NowUnixMs() {
  std::lock_guard<std::mutex> lock(mu_);
  return start_unix_ * 1000 + elapsed_ms_;
}

int64_t FakeClock::NowMonoMs() {
  std::lock_guard<std::mutex> lock(mu_);
  return start_mono_ms_ + elapsed_ms_;
}

void FakeClock::SleepMs(int64_t ms) {
  std::lock_guard<std::mutex> lock(mu_);
  sleeps_.push_back(ms);
  elapsed_ms_ += std::max<int64_t>(ms, 0);
}

void FakeClock::AdvanceMs(int64_t ms) {
  std::lock_guard<std::mutex> lock(mu_);
  elapsed_ms_ += std::max<int64_t>(ms, 0);
}

std::vector<int64_t> FakeClock::sleeps() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sleeps_;
}

int64_t FakeClock::total_slept_ms() const {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t total = 0;
  for (int64_t s : sleeps_) total += s;
  return total;
}

int64_t FakeClock::max_sleep_ms() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sleeps_.empty() ? 0 : *std::max_element(sleeps_.begin(), sleeps_.end());
}

void FakeClock::ClearSleeps() {
  std::lock_guard<std::mutex> lock(mu_);
  sleeps_.clear();
}

}  // namespace ah::testing
