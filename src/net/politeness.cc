#include "net/politeness.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>
#include <utility>

namespace ah::net {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool ParseInt(std::string_view s, int64_t* out) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

PolitenessTable PolitenessTable::Defaults() {
  PolitenessTable t;
  for (std::string_view h :
       {"export.arxiv.org", "rss.arxiv.org", "oaipmh.arxiv.org", "arxiv.org"}) {
    t.MapHost(h, "arxiv");
  }
  t.SetPolicy("arxiv", {3000, 1});
  t.MapHost("api.crossref.org", "crossref");
  t.SetPolicy("crossref", {100, 3});
  t.MapHost("eutils.ncbi.nlm.nih.gov", "ncbi");
  t.SetPolicy("ncbi", {334, 1});
  t.MapHost("api.openalex.org", "openalex");
  t.SetPolicy("openalex", {100, 2});
  t.MapHost("api.biorxiv.org", "biorxiv");
  t.SetPolicy("biorxiv", {1000, 1});
  t.SetDefaultPolicy({1000, 1});
  return t;
}

void PolitenessTable::MapHost(std::string_view host, std::string_view bucket) {
  host_to_bucket_[Lower(host)] = std::string(bucket);
}

void PolitenessTable::SetPolicy(std::string_view bucket, HostPolicy policy) {
  policies_[Lower(bucket)] = policy;
}

std::string PolitenessTable::BucketFor(std::string_view host) const {
  std::string h = Lower(host);
  auto it = host_to_bucket_.find(h);
  return it == host_to_bucket_.end() ? h : Lower(it->second);
}

HostPolicy PolitenessTable::PolicyFor(std::string_view bucket) const {
  auto it = policies_.find(Lower(bucket));
  return it == policies_.end() ? default_ : it->second;
}

Status PolitenessTable::ApplyOverride(std::string_view spec) {
  auto bad = [&](const char* why) {
    return MakeError(Code::kInvalidArgument,
                     "politeness override '" + std::string(spec) + "': " + why +
                         " (expected name=<interval_ms>[/<max_connections>])");
  };
  size_t eq = spec.find('=');
  if (eq == std::string_view::npos || eq == 0) return bad("missing name");
  std::string_view name = spec.substr(0, eq);
  std::string_view value = spec.substr(eq + 1);
  size_t slash = value.find('/');
  int64_t interval = 0;
  if (!ParseInt(value.substr(0, slash), &interval) || interval < 0) return bad("bad interval");
  HostPolicy p;
  p.min_interval_ms = interval;
  if (slash != std::string_view::npos) {
    int64_t conns = 0;
    if (!ParseInt(value.substr(slash + 1), &conns) || conns < 1 || conns > 1000) {
      return bad("bad max_connections");
    }
    p.max_connections = static_cast<int>(conns);
  } else {
    std::string key = Lower(name);
    HostPolicy current = key == "default" ? default_ : PolicyFor(BucketFor(key));
    p.max_connections = current.max_connections;
  }
  if (Lower(name) == "default") {
    default_ = p;
  } else {
    SetPolicy(BucketFor(name), p);
  }
  return Ok();
}

RateLimiter::RateLimiter(Clock& clock, PolitenessTable table)
    : clock_(clock), table_(std::move(table)) {}

int64_t RateLimiter::Acquire(std::string_view url) {
  const std::string bucket = table_.BucketFor(HostOf(url));
  const HostPolicy policy = table_.PolicyFor(bucket);
  const int max_conns = std::max(1, policy.max_connections);
  int64_t waited = 0;
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    Bucket& b = buckets_[bucket];  // std::map references stay valid across inserts
    if (b.in_flight >= max_conns) {
      released_.wait(lock);
      continue;
    }
    const int64_t now = clock_.NowMonoMs();
    const int64_t ready = b.started ? b.last_start_ms + policy.min_interval_ms : now;
    if (now >= ready) {
      b.started = true;
      b.last_start_ms = now;
      ++b.in_flight;
      lock.unlock();
      return waited + WaitForSharedTurn(bucket, policy);
    }
    // Sleep without the lock so other buckets (and Release) are not serialized behind us;
    // the state is re-checked afterwards because another thread may have taken the slot.
    const int64_t wait = ready - now;
    lock.unlock();
    clock_.SleepMs(wait);
    waited += wait;
    lock.lock();
  }
}

int64_t RateLimiter::WaitForSharedTurn(const std::string& bucket, const HostPolicy& policy) {
  if (gate_ == nullptr || policy.min_interval_ms <= 0) return 0;
  int64_t waited = 0;
  // Bounded: a gate that keeps answering "wait" (clocks far apart) cannot stall
  // a fetch for more than ~100 intervals.
  for (int i = 0; i < 100; ++i) {
    auto wait = gate_->TakeTurn(bucket, policy.min_interval_ms, clock_.NowUnixMs());
    if (!wait || *wait <= 0) return waited;
    const int64_t ms = std::min(*wait, policy.min_interval_ms);
    clock_.SleepMs(ms);
    waited += ms;
  }
  return waited;
}

void RateLimiter::Release(std::string_view url) {
  const std::string bucket = table_.BucketFor(HostOf(url));
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = buckets_.find(bucket);
    if (it != buckets_.end() && it->second.in_flight > 0) --it->second.in_flight;
  }
  released_.notify_all();
}

}  // namespace ah::net
