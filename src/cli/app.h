// Shared state of one CLI invocation: global options, config, the library.
// The CLI is wiring only: each command parses options, calls one engine
// function, renders.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "ingest/config.h"
#include "store/store.h"

namespace ah::cli {

struct GlobalOptions {
  std::string db_path;      // --db
  std::string config_path;  // --config
  bool create = false;      // --create: any command may create the library
  bool quiet = false;
  bool progress = true;
};

class App {
 public:
  explicit App(GlobalOptions opts) : opts_(std::move(opts)) {}
  const GlobalOptions& options() const { return opts_; }
  // Loads the config once (defaults when the default file is absent).
  Result<const ingest::Config*> config();
  // Opens the library once. Only commands that fill it (kFill: fetch; kFirstImport:
  // ingest, which loads a new library in bulk, see StoreOptions) or --create make
  // a library that does not exist, with its folder; for any other command a
  // missing library is kInvalidArgument naming the path, where it came from (--db,
  // the config's `db`, the default) and how to create it.
  enum class Use { kRead, kFill, kFirstImport };
  Result<store::Store*> library(Use use = Use::kRead);
  std::string db_path();

 private:
  Error MissingLibrary(const std::string& path);

  GlobalOptions opts_;
  std::unique_ptr<ingest::Config> config_;
  std::unique_ptr<store::Store> store_;
};

// The user the CLI acts as: its radars are those of `serve --single-user`.
inline constexpr const char* kLocalUser = "local";

// Reads a file a user named (at most 64 MiB). Errors name the file and say
// whether it is missing, unreadable or too large.
[[nodiscard]] Result<std::string> ReadSmallFile(const std::string& path);

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRejected = 1;   // some input was rejected / not found / unparsable
inline constexpr int kExitUsage = 2;      // bad arguments
inline constexpr int kExitFailure = 3;    // could not run (I/O, store, network)

// Prints "academichub: <message>" to stderr and returns the exit code for `e`.
int ReportError(const Error& e);

bool StderrIsTty();
bool StdoutIsTty();

}  // namespace ah::cli
