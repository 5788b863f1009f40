// The library opened once by a long-lived process (the web server, the
// daemon), and a session per request or job.
//
// A Library is safe for concurrent access from multiple threads without any
// external synchronization. It owns:
//  - the connections (store::StorePool: one writer, a pool of readers), so
//    that concurrent readers never wait for a writer's long ingest;
//  - the clock (injected in tests);
//  - the radar index, an immutable snapshot (LibraryIndex) shared by every
//    request and replaced, never modified: RefreshIndex extends it with the
//    papers written since (a few ms per day of papers) and refits it from
//    scratch only when the library has grown by a good part since the fit,
//    building the new one beside the old, so no request waits for a rebuild;
//  - the rank cache (models per radar, candidates per range), so that a radar
//    page, a feedback click and a briefing cost milliseconds;
//  - the configuration and the LLM runtime (its answers cached in the library).
//
// A Session is one request's or job's view: a Store of its own (reads on a
// leased reader, writes on the writer) and the library's shared parts. A
// Session is not thread-safe: one thread at a time.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.h"
#include "core/result.h"
#include "ingest/config.h"
#include "service/brief_service.h"
#include "service/radar_service.h"
#include "store/pool.h"
#include "store/store.h"

namespace ah::service {

struct LibraryOptions {
  std::string location;    // as store::OpenStore: a file path (SQLite)
  size_t readers = 4;      // pooled reader connections (a request waits when all are busy)
  Clock* clock = nullptr;  // not owned; nullptr: the system clock
  ingest::Config config;   // sources, [llm], [brief]
  // The environment for [llm] (api_key_env, AH_LLM_*, OPENAI_*); empty: std::getenv.
  std::function<const char*(const char*)> getenv;
  // RefreshIndex refits from scratch once the library holds this many times
  // the papers the current fit saw (else it extends the snapshot).
  double refit_growth = 1.25;
};

class Library;

class Session {
 public:
  store::Store& store() { return *store_; }
  store::RadarStore& radars() { return *store_->radar_store(); }
  store::UserStore& users() { return *store_->user_store(); }
  Library& library() { return *library_; }

 private:
  friend class Library;
  Session(Library* library, std::unique_ptr<store::Store> store)
      : library_(library), store_(std::move(store)) {}
  Library* library_;
  std::unique_ptr<store::Store> store_;
};

class Library {
 public:
  // Opens the library (creating and migrating it when needed). The radar index
  // is built on first use (WaitIndex) or by RefreshIndex / StartMaintenance.
  // Errors: the store's (kInvalidArgument for a backend that keeps no radars
  // or users).
  [[nodiscard]] static Result<std::unique_ptr<Library>> Open(LibraryOptions options);
  ~Library();  // stops maintenance; REQUIRES: no session outlives the library
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;

  // A session for one request or job; blocks while every reader is in use.
  std::unique_ptr<Session> OpenSession();

  Clock& clock() { return *clock_; }
  const ingest::Config& config() const { return options_.config; }
  // The configured LLM provider, or nullptr (offline: extractive briefings).
  LlmRuntime* llm() { return llm_.get(); }
  RankCache& ranks() { return ranks_; }

  // The current index snapshot; nullptr until the first one is built.
  std::shared_ptr<const LibraryIndex> index() const;
  // The current snapshot, building the first one now when there is none.
  // Errors: the build's (e.g. an empty library).
  [[nodiscard]] Result<std::shared_ptr<const LibraryIndex>> WaitIndex();
  // Brings the snapshot up to date with the library: extends it with the
  // papers written since, or refits (see LibraryOptions::refit_growth).
  // Concurrent calls run one after the other; readers keep the old snapshot
  // until the new one is published.
  [[nodiscard]] Status RefreshIndex();
  // Calls RefreshIndex every `period` on a thread of its own (errors are
  // kept in last_refresh_error()) until the library is destroyed.
  void StartMaintenance(std::chrono::milliseconds period);
  std::string last_refresh_error() const;

 private:
  explicit Library(LibraryOptions options);
  void Publish(std::shared_ptr<const LibraryIndex> next);

  LibraryOptions options_;
  std::unique_ptr<Clock> own_clock_;
  Clock* clock_ = nullptr;
  std::shared_ptr<store::StorePool> pool_;
  std::unique_ptr<LlmRuntime> llm_;
  RankCache ranks_;

  mutable std::mutex index_mu_;  // guards index_ and last_error_
  std::shared_ptr<const LibraryIndex> index_;
  std::string last_error_;
  std::mutex refresh_mu_;  // one refresh at a time

  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::thread maintenance_;
};

}  // namespace ah::service
