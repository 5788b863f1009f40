// Per-host politeness: how often and how many-at-once we may talk to a host.
//
// Hosts map to buckets (several arXiv hosts share one "arxiv" bucket because
// arXiv's limit is per client, not per host name); each bucket has a
// HostPolicy. RateLimiter enforces the table for any number of threads.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "core/clock.h"
#include "core/result.h"
#include "net/url.h"  // HostOf

namespace ah::net {

struct HostPolicy {
  int64_t min_interval_ms = 1000;  // minimum spacing between request starts
  int max_connections = 1;         // requests in flight at once
};

// Host -> bucket -> policy. A plain value type; copy freely.
//
// Defaults (documented limits, as of 2026):
//   arxiv           export.arxiv.org, rss.arxiv.org, oaipmh.arxiv.org, arxiv.org:
//                   one request every 3 s, one connection (arXiv API Terms of Use).
//   crossref        api.crossref.org: polite pool (mailto given) ~10 req/s, 3 concurrent
//                   (Crossref REST API "Etiquette"/rate-limit docs).
//   ncbi            eutils.ncbi.nlm.nih.gov: 3 req/s without an API key (E-utilities usage
//                   policy), i.e. 334 ms.
//   openalex        api.openalex.org: 10 req/s (OpenAlex API limits), 100 ms.
//   biorxiv         api.biorxiv.org: no published limit; 1 req/s to be polite.
//   anything else:  its own bucket named after the host, 1 request per second, one at a time.
class PolitenessTable {
 public:
  // An empty table: every host is its own bucket with the default policy.
  PolitenessTable() = default;
  // The table above.
  static PolitenessTable Defaults();

  // Routes `host` (case-insensitive) to `bucket`.
  void MapHost(std::string_view host, std::string_view bucket);
  // Sets the policy of a bucket; a host name that is not mapped is its own bucket,
  // so SetPolicy("example.org", ...) overrides a single host.
  void SetPolicy(std::string_view bucket, HostPolicy policy);
  void SetDefaultPolicy(HostPolicy policy) { default_ = policy; }

  // Bucket of a host (the mapped bucket, else the lower-cased host itself).
  std::string BucketFor(std::string_view host) const;
  HostPolicy PolicyFor(std::string_view bucket) const;

  // Applies an override written as "name=<interval_ms>[/<max_connections>]", where name
  // is a bucket or host, e.g. "arxiv=5000", "api.crossref.org=200/2", "default=500".
  // kInvalidArgument naming the spec when malformed.
  [[nodiscard]] Status ApplyOverride(std::string_view spec);

 private:
  std::map<std::string, std::string, std::less<>> host_to_bucket_;
  std::map<std::string, HostPolicy, std::less<>> policies_;
  HostPolicy default_;
};

// Politeness shared by every process on one library (e.g. a row in the
// library: store::JobStore::TakeTurn). Must be thread-safe.
class SharedRateGate {
 public:
  virtual ~SharedRateGate() = default;
  // 0: a request to `bucket` may start now and the start is recorded; else the
  // milliseconds to wait before asking again. `now_unix_ms`: wall clock.
  // An error means the gate cannot be used: the limiter goes on with its own
  // spacing (this process stays polite on its own).
  [[nodiscard]] virtual Result<int64_t> TakeTurn(std::string_view bucket, int64_t interval_ms,
                                                 int64_t now_unix_ms) = 0;
};

// Enforces a PolitenessTable. Thread-safe. Waiting for the interval goes through
// Clock::SleepMs (so a fake clock makes tests instant); waiting for a free
// connection slot blocks until another thread calls Release for that bucket.
// The clock must outlive the limiter.
class RateLimiter {
 public:
  explicit RateLimiter(Clock& clock, PolitenessTable table = PolitenessTable::Defaults());

  // Blocks until a request to `url`'s host may start, then takes a connection slot.
  // Returns the milliseconds spent sleeping for the interval.
  // REQUIRES: every Acquire is followed by exactly one Release(url) (see Permit).
  int64_t Acquire(std::string_view url);
  // Returns the connection slot taken by Acquire.
  void Release(std::string_view url);

  // RAII: Acquire on construction, Release on destruction.
  class Permit {
   public:
    Permit(RateLimiter& limiter, std::string url) : limiter_(limiter), url_(std::move(url)) {
      waited_ms_ = limiter_.Acquire(url_);
    }
    ~Permit() { limiter_.Release(url_); }
    Permit(const Permit&) = delete;
    Permit& operator=(const Permit&) = delete;
    int64_t waited_ms() const { return waited_ms_; }

   private:
    RateLimiter& limiter_;
    std::string url_;
    int64_t waited_ms_ = 0;
  };

  const PolitenessTable& table() const { return table_; }

  // After this process admits a request, it also waits for its turn at
  // `gate` (not owned; null: none), so that a bucket's interval holds across
  // every process sharing the gate. Call before the first Acquire.
  void SetSharedGate(SharedRateGate* gate) { gate_ = gate; }

 private:
  // Waits for the gate's turn for `bucket`; returns the milliseconds slept.
  int64_t WaitForSharedTurn(const std::string& bucket, const HostPolicy& policy);

  struct Bucket {
    bool started = false;  // a request has been admitted before
    int64_t last_start_ms = 0;
    int in_flight = 0;
  };

  Clock& clock_;
  const PolitenessTable table_;
  SharedRateGate* gate_ = nullptr;
  std::mutex mu_;
  std::condition_variable released_;
  std::map<std::string, Bucket, std::less<>> buckets_;
};

}  // namespace ah::net
