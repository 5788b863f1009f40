#include "core/metrics.h"

#include <cmath>
#include <cstdio>

namespace ah {
namespace {

std::string Escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string Number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

std::string Metrics::LabelText(const Labels& labels) {
  if (labels.empty()) return "";
  std::string s = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i) s += ",";
    s += labels[i].first + "=\"" + Escape(labels[i].second.substr(0, 200)) + "\"";
  }
  return s + "}";
}

void Metrics::Describe(const std::string& name, const std::string& type, const std::string& help) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& f = families_[name];
  f.type = type;
  f.help = help;
}

double* Metrics::Slot(const std::string& name, const Labels& labels) {
  auto& f = families_[name];
  const std::string key = LabelText(labels);
  auto it = f.series.find(key);
  if (it != f.series.end()) return &it->second;
  if (series_ >= kMaxSeries) {
    ++dropped_;
    return nullptr;
  }
  ++series_;
  return &f.series.emplace(key, 0.0).first->second;
}

void Metrics::Add(const std::string& name, const Labels& labels, double delta) {
  std::lock_guard<std::mutex> lock(mu_);
  if (double* v = Slot(name, labels)) *v += delta;
}

void Metrics::Set(const std::string& name, const Labels& labels, double value) {
  std::lock_guard<std::mutex> lock(mu_);
  if (double* v = Slot(name, labels)) *v = value;
}

double Metrics::Get(const std::string& name, const Labels& labels) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto f = families_.find(name);
  if (f == families_.end()) return 0;
  auto it = f->second.series.find(LabelText(labels));
  return it == f->second.series.end() ? 0 : it->second;
}

std::string Metrics::Render() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  for (const auto& [name, f] : families_) {
    if (!f.help.empty()) out += "# HELP " + name + " " + f.help + "\n";
    out += "# TYPE " + name + " " + f.type + "\n";
    for (const auto& [labels, v] : f.series) out += name + labels + " " + Number(v) + "\n";
  }
  out += "# TYPE academichub_metrics_dropped_total counter\n";
  out += "academichub_metrics_dropped_total " + std::to_string(dropped_) + "\n";
  return out;
}

}  // namespace ah
