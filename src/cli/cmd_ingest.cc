#include <chrono>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/progress.h"
#include "cli/render.h"
#include "ingest/ingest_files.h"
#include "sources/parse.h"

namespace ah::cli {

int RunIngest(App& app, const IngestArgs& args) {
  ingest::IngestOptions opts;
  if (args.format != "auto") {
    opts.format = sources::FormatFromName(args.format);
    if (opts.format == sources::Format::kUnknown)
      return ReportError(Error(Code::kInvalidArgument, "unknown --format '" + args.format + "'"));
  }
  opts.source = args.source;
  auto lib = app.library(/*bulk_load_if_new=*/true);
  if (!lib) return ReportError(lib.error());

  ProgressBar bar("ingest", app.options().progress && StderrIsTty());
  opts.on_progress = [&](size_t done, size_t total, int64_t bytes) { bar.Update(done, total, HumanBytes(bytes)); };
  auto t0 = std::chrono::steady_clock::now();
  auto report = ingest::IngestPaths(args.paths, **lib, opts);
  bar.Finish();
  if (!report) return ReportError(report.error());
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto& t = report->totals;

  if (args.json) {
    nlohmann::json j{{"files", report->files},
                     {"files_rejected", report->files_rejected},
                     {"bytes", report->bytes},
                     {"added", t.added},
                     {"updated", t.updated},
                     {"unchanged", t.unchanged},
                     {"rejected", t.rejected},
                     {"seconds", secs}};
    nlohmann::json errs = nlohmann::json::array();
    for (const auto& e : t.errors) errs.push_back(e.message);
    j["errors"] = errs;
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : report->per_file)
      files.push_back({{"path", f.path},
                       {"format", std::string(sources::FormatName(f.format))},
                       {"added", f.stats.added},
                       {"updated", f.stats.updated},
                       {"unchanged", f.stats.unchanged},
                       {"rejected", f.stats.rejected},
                       {"error", f.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(f.error)}});
    j["per_file"] = files;
    std::puts(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else {
    if (!app.options().quiet) {
      for (const auto& f : report->per_file) {
        if (!f.error.empty()) continue;
        std::printf("%s (%s): %lld added, %lld updated, %lld unchanged, %lld rejected\n", f.path.c_str(),
                    std::string(sources::FormatName(f.format)).c_str(), static_cast<long long>(f.stats.added),
                    static_cast<long long>(f.stats.updated), static_cast<long long>(f.stats.unchanged),
                    static_cast<long long>(f.stats.rejected));
      }
    }
    std::printf("Ingested %lld file(s), %s in %.2f s: %lld added, %lld updated, %lld unchanged, %lld rejected",
                static_cast<long long>(report->files - report->files_rejected), HumanBytes(report->bytes).c_str(),
                secs, static_cast<long long>(t.added), static_cast<long long>(t.updated),
                static_cast<long long>(t.unchanged), static_cast<long long>(t.rejected));
    if (report->files_rejected) std::printf("; %lld file(s) rejected", static_cast<long long>(report->files_rejected));
    std::printf(".\n");
  }
  constexpr size_t kMaxShown = 20;
  for (size_t i = 0; i < t.errors.size() && i < kMaxShown; ++i)
    std::fprintf(stderr, "rejected: %s\n", t.errors[i].message.c_str());
  if (t.errors.size() > kMaxShown)
    std::fprintf(stderr, "... and %zu more rejections\n", t.errors.size() - kMaxShown);
  return report->AnyRejected() ? kExitRejected : kExitOk;
}

}  // namespace ah::cli
