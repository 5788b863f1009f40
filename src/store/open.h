// Opens a library by location: a file path (SQLite, the embedded default) or a
// "postgresql://user@host:port/database" URL (the server backend, store/pg/:
// OpenStore opens the library, pg/pg_store.h, with its radars, users and
// deliveries; OpenJobStore the jobs).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/job_store.h"
#include "store/search_cache.h"
#include "store/store.h"

namespace ah::store {

struct StoreOptions {
  // A first import: when the library does not exist yet, this call creates it
  // (exclusively: of two concurrent first imports, one only) and the backend
  // may trade crash-safety against an OS crash for speed (SQLite:
  // synchronous=OFF, a rollback journal). A crash can only damage the new
  // library, which the import then recreates. An existing library opens normally.
  bool bulk_load = false;
  // Where searches keep their rankings (store/search_cache.h): the
  // connections of one library share one (StorePool does); null: the store's own.
  std::shared_ptr<SearchCache> search_cache = nullptr;
  // False: a library that does not exist is an error (kNotFound "no library at
  // PATH"; a folder is kInvalidArgument), never an empty new file, so a
  // mistyped location cannot pass for an empty library. Commands that fill a
  // library (ingest, fetch) create it; readers should not.
  bool create_if_missing = true;
};

// True when `location` names a database server (postgresql://, postgres://)
// rather than a file: no folder is created for it, and it is never "missing".
[[nodiscard]] bool IsServerLocation(std::string_view location);

[[nodiscard]] Result<std::unique_ptr<Store>> OpenStore(const std::string& location,
                                                       const StoreOptions& options = {});

// The library's jobs (store/job_store.h) on a connection of their own.
// Errors as OpenStore (kNotFound "no library at PATH" when missing and not
// `create_if_missing`). A postgresql:// URL opens PostgreSQL's (pg/pg_jobs.h;
// kUnreachable when the server cannot be reached), migrating its schema.
[[nodiscard]] Result<std::unique_ptr<JobStore>> OpenJobStore(const std::string& location,
                                                             bool create_if_missing);

// For a long-lived process: the embedded backend's page caches, all
// connections together, stay under about `bytes` (SQLite's soft heap limit:
// past it, connections recycle their cached pages instead of allocating more).
// Call before opening stores. Other backends keep no such cache in-process.
void LimitCacheMemory(int64_t bytes);

}  // namespace ah::store
