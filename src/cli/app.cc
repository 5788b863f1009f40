#include "cli/app.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/text.h"
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

Result<store::Store*> App::library(Use use) {
  if (!store_) {
    std::string path = db_path();
    const bool create = use != Use::kRead || opts_.create;
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    // A server's URL (postgresql://host/db) names no folder to create.
    if (create && !parent.empty() && !store::IsServerLocation(path)) {
      std::error_code ec;
      std::filesystem::create_directories(parent, ec);
      if (ec) return MakeError(Code::kIo, parent.string() + ": cannot create folder: " + ec.message());
    }
    store::StoreOptions so;
    so.bulk_load = use == Use::kFirstImport;  // only if this process creates the file
    so.create_if_missing = create;
    auto s = store::OpenStore(path, so);
    if (!s && s.error().code == Code::kNotFound) return Fail(MissingLibrary(path));
    if (!s) return Fail(s.error());
    store_ = std::move(*s);
  }
  return store_.get();
}

Error App::MissingLibrary(const std::string& path) {
  if (!opts_.db_path.empty()) {
    return Error(Code::kInvalidArgument, "no library at " + path +
                                             " (--db): check the path; `fetch` or `ingest PATH...` "
                                             "creates a library there, and --create an empty one");
  }
  std::string from;
  if (auto cfg = config(); cfg && !(*cfg)->db_path.empty())
    from = " (db in " + ((*cfg)->path.empty() ? std::string("the config") : (*cfg)->path) + ")";
  return Error(Code::kInvalidArgument, "no library yet at " + path + from +
                                           ": `academichub fetch` or `academichub ingest "
                                           "PATH...` creates it, and --create an empty one");
}

Result<std::string> ReadSmallFile(const std::string& path) {
  constexpr size_t kMax = 64u << 20;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    const int err = errno;
    if (err == ENOENT) return MakeError(Code::kNotFound, path + ": no such file");
    return MakeError(Code::kIo, path + ": cannot open: " + std::strerror(err));
  }
  std::string out;
  char buf[65536];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    if (out.size() + n > kMax) {
      std::fclose(f);
      return MakeError(Code::kTooLarge, path + ": larger than 64 MiB");
    }
    out.append(buf, n);
  }
  const bool failed = std::ferror(f) != 0;
  const int err = errno;
  std::fclose(f);
  if (failed) return MakeError(Code::kIo, path + ": cannot read: " + std::strerror(err));
  return out;
}

int ReportError(const Error& e) {
  // The last line of defence: no key or URL credential reaches the terminal,
  // and messages quoting input (a title, a parse error's context) escape controls.
  std::fprintf(stderr, "academichub: %s\n", text::EscapeControls(RedactSecrets(e.message)).c_str());
  switch (e.code) {
    case Code::kInvalidArgument:
    case Code::kAlreadyExists: return kExitUsage;
    // Input not found, or not readable as its format: rejected, as by `ingest`.
    case Code::kNotFound:
    case Code::kParse:
      return kExitRejected;
    default: return kExitFailure;
  }
}

bool StderrIsTty() { return isatty(STDERR_FILENO) == 1; }
bool StdoutIsTty() { return isatty(STDOUT_FILENO) == 1; }

}  // namespace ah::cli
