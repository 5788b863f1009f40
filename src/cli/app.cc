#include "cli/app.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "core/redact.h"
#include "store/open.h"

namespace ah::cli {

Result<const ingest::Config*> App::config() {
  if (!config_) {
    bool explicit_path = !opts_.config_path.empty();
    std::string path = explicit_path ? opts_.config_path : ingest::DefaultConfigPath();
    auto cfg = ingest::LoadConfig(path, explicit_path);
    if (!cfg) return Fail(cfg.error());
    config_ = std::make_unique<ingest::Config>(std::move(*cfg));
  }
  return config_.get();
}

std::string App::db_path() {
  if (!opts_.db_path.empty()) return opts_.db_path;
  if (auto cfg = config(); cfg && !(*cfg)->db_path.empty()) return (*cfg)->db_path;
  return ingest::DefaultDbPath();
}

Result<store::Store*> App::library(bool bulk_load_if_new) {
  if (!store_) {
    std::string path = db_path();
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(parent, ec);
      if (ec) return MakeError(Code::kIo, parent.string() + ": cannot create folder: " + ec.message());
    }
    store::StoreOptions so;
    std::error_code exists_ec;
    so.bulk_load = bulk_load_if_new && !std::filesystem::exists(path, exists_ec);
    auto s = store::OpenStore(path, so);
    if (!s) return Fail(s.error());
    store_ = std::move(*s);
  }
  return store_.get();
}

int ReportError(const Error& e) {
  // The last line of defence: no key or URL credential reaches the terminal.
  std::fprintf(stderr, "academichub: %s\n", RedactSecrets(e.message).c_str());
  switch (e.code) {
    case Code::kInvalidArgument: return kExitUsage;
    case Code::kNotFound: return kExitRejected;
    default: return kExitFailure;
  }
}

bool StderrIsTty() { return isatty(STDERR_FILENO) == 1; }
bool StdoutIsTty() { return isatty(STDOUT_FILENO) == 1; }

}  // namespace ah::cli
