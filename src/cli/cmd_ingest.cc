#include <chrono>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/progress.h"
#include "cli/render.h"
#include "core/text.h"
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
  auto lib = app.library(App::Use::kFirstImport);
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
    nlohmann::json warns = nlohmann::json::array();
    for (const auto& e : report->warnings) warns.push_back(e.message);
    for (const auto& e : t.warnings) warns.push_back(e.message);
    j["warnings"] = warns;
    j["stopped"] =
        report->stopped ? nlohmann::json(report->stopped->message) : nlohmann::json(nullptr);
    j["files_not_attempted"] = report->files_not_attempted;
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
    std::printf(
        "Ingested %lld file(s), %s in %.2f s: %lld added, %lld updated, %lld unchanged, %lld "
        "rejected",
        static_cast<long long>(report->files - report->files_rejected -
                               report->files_not_attempted),
        HumanBytes(report->bytes).c_str(), secs, static_cast<long long>(t.added),
        static_cast<long long>(t.updated), static_cast<long long>(t.unchanged),
        static_cast<long long>(t.rejected));
    if (report->files_rejected) std::printf("; %lld file(s) rejected", static_cast<long long>(report->files_rejected));
    std::printf(".\n");
  }
  std::vector<Error> warnings = report->warnings;
  warnings.insert(warnings.end(), t.warnings.begin(), t.warnings.end());
  PrintSummarised(stderr, "warning", "warnings", warnings);
  PrintSummarised(stderr, "rejected", "rejections", t.errors);
  if (report->stopped) {
    // What was stored stays; ingesting the same paths again stores the rest
    // (the files already stored come back unchanged).
    std::string rest;
    if (report->files_not_attempted > 0)
      rest = "; " + std::to_string(report->files_not_attempted) + " more file(s) not attempted";
    std::fprintf(stderr,
                 "academichub: ingest stopped: %s%s: run the same ingest again to complete it\n",
                 text::EscapeControls(report->stopped->message).c_str(), rest.c_str());
    return kExitFailure;
  }
  return report->AnyRejected() ? kExitRejected : kExitOk;
}

}  // namespace ah::cli
