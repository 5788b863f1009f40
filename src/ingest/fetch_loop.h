// The one fetch loop: drives a Source page by page through HTTP, politeness,
// retries, parsing and atomic storage of each page with its cursor.
//
// Sources only build requests and parse bodies; every network decision lives
// here, so all sources behave alike: same retry policy, same logging, same
// resumability.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "net/http.h"
#include "net/politeness.h"
#include "sources/source.h"
#include "store/store.h"

namespace ah::ingest {

struct FetchOptions {
  std::string contact;                   // used for FetchParams::contact when the params have none
  int max_retries = 5;                   // retries per page after the first attempt
  int64_t base_backoff_ms = 1000;        // first retry waits ~base, then doubling
  int64_t max_backoff_ms = 120000;       // cap for backoff and for Retry-After
  int64_t max_pages = 10000;             // safety stop; the cursor is kept so a rerun continues
  int64_t max_body_bytes = 256LL << 20;  // per response, after decompression
  uint64_t jitter_seed = 0x9e3779b97f4a7c15ULL;  // jitter is deterministic for a given seed
  std::string default_date;  // ParseContext::default_date; empty = today (UTC) from the clock
};

struct FetchReport {
  int64_t pages = 0;  // pages parsed and committed
  int64_t added = 0, updated = 0, unchanged = 0;
  int64_t rejected = 0;       // records skipped by the parser or refused by the store
  bool not_modified = false;  // the server answered 304 to a conditional GET
  bool complete = false;      // reached the end of the listing (or 304) without error
  int64_t requests = 0;       // HTTP exchanges attempted, retries included
  int64_t retries = 0;
  std::vector<Error> errors;    // what ended the run early; empty on success
  std::vector<Error> warnings;  // rejected records, failures to write the fetch log/validators
  std::string cursor;           // cursor the next run would start from ("" = from the beginning)

  bool ok() const { return errors.empty(); }
};

// Runs Sources against an HttpClient and a Store.
//
// Per page: BuildRequest(cursor) -> (non-resumable first page only) conditional GET
// validators from the store -> RateLimiter -> Send -> on 2xx Parse -> UpsertPage with
// CursorUpdate{name, next cursor or ""} in one transaction -> save ETag/Last-Modified.
// 304 stops the run (not_modified). 408/429/5xx and kIo/kUnavailable/kUnreachable transport errors
// are retried with exponential backoff and jitter, or after Retry-After when given
// (capped by max_backoff_ms). Other statuses, parse errors, kTooLarge and store errors
// stop the run without storing that page, leaving the saved cursor at the last
// committed page so the next Run resumes there. Every HTTP exchange is logged with
// Store::LogFetch, with credentials in the URL or echoed in the error redacted.
//
// Thread-safety: one Run at a time per instance (the Store is single-threaded).
// The HttpClient and RateLimiter may be shared with other FetchLoops on other threads.
// All references must outlive the loop.
class FetchLoop {
 public:
  FetchLoop(net::HttpClient& http, store::Store& store, Clock& clock, net::RateLimiter& limiter,
            FetchOptions options = {});

  // Returns an Error only when the run could not start (the saved cursor could not be
  // read); every later failure ends the run and is reported in FetchReport::errors.
  [[nodiscard]] Result<FetchReport> Run(const sources::Source& src,
                                        const sources::FetchParams& params);

  const FetchOptions& options() const { return options_; }

 private:
  struct Exchange;  // outcome of one page's request(s), defined in the .cc
  Exchange FetchWithRetries(const sources::Source& src, const net::HttpRequest& req,
                            FetchReport& report);
  int64_t BackoffMs(int attempt);
  void Log(const sources::Source& src, const std::string& url, int64_t started, int status,
           const store::UpsertStats* stats, const std::string& error, FetchReport& report);

  net::HttpClient& http_;
  store::Store& store_;
  Clock& clock_;
  net::RateLimiter& limiter_;
  FetchOptions options_;
  std::mt19937_64 rng_;
};

// The part of a Source name after its first ':' ("arxiv:cs.LG" -> "cs.LG"), used as
// ParseContext::channel; "" when there is none.
std::string ChannelOfSourceName(const std::string& name);

// Up to `max_bytes` of `body` for error messages: control characters and runs of
// whitespace become single spaces, never cut inside a UTF-8 sequence, "..." when cut.
std::string BodySnippet(std::string_view body, size_t max_bytes = 200);

}  // namespace ah::ingest
