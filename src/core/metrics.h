// Process-wide counters and gauges for `/metrics` (Prometheus text format
// 0.0.4). Whoever does the work increments (the fetch jobs, the delivery
// channels, the LLM runtime); the web app renders. Names follow Prometheus
// conventions ("academichub_fetches_total"); labels are name=value pairs.
// At most kMaxSeries series (label combinations) in all: past it, new series
// are dropped (counted in academichub_metrics_dropped_total), so no input can
// grow it without bound. Thread-safe; one instance per process (passed by
// reference: no global).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace ah {

class Metrics {
 public:
  static constexpr size_t kMaxSeries = 10000;
  using Labels = std::vector<std::pair<std::string, std::string>>;

  // Declares a metric's help text and type ("counter" | "gauge"); optional.
  void Describe(const std::string& name, const std::string& type, const std::string& help);
  void Add(const std::string& name, const Labels& labels, double delta = 1);
  void Set(const std::string& name, const Labels& labels, double value);
  double Get(const std::string& name, const Labels& labels) const;
  // The text exposition, metrics sorted by name.
  std::string Render() const;

 private:
  struct Family {
    std::string type = "counter", help;
    std::map<std::string, double> series;  // rendered label set -> value
  };
  static std::string LabelText(const Labels& labels);
  double* Slot(const std::string& name, const Labels& labels);

  mutable std::mutex mu_;
  std::map<std::string, Family> families_;
  size_t series_ = 0;
  int64_t dropped_ = 0;
};

}  // namespace ah
