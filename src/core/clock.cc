#include "core/clock.h"

#include <thread>

namespace ah {

int64_t SystemClock::NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t SystemClock::NowUnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t SystemClock::NowMonoMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void SystemClock::SleepMs(int64_t ms) {
  if (ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

StartedClock::StartedClock(int64_t start_unix)
    : start_unix_ms_(start_unix * 1000), real_start_mono_ms_(SystemClock().NowMonoMs()) {}

int64_t StartedClock::NowMonoMs() {
  return SystemClock().NowMonoMs() - real_start_mono_ms_ + slept_ms_.load();
}

int64_t StartedClock::NowUnixMs() { return start_unix_ms_ + NowMonoMs(); }

void StartedClock::SleepMs(int64_t ms) {
  if (ms > 0) slept_ms_ += ms;
}

}  // namespace ah
