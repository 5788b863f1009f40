// `academichub migrate --from sqlite:PATH --to postgresql://...`: moves a whole
// library (service/migrate.h) and prints, kind by kind, the counts and
// checksums of the source and the target; exits non-zero when any differs.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "service/migrate.h"
#include "store/open.h"

namespace ah::cli {
namespace {

// A location as printed: a PostgreSQL URL without its password.
std::string Shown(const std::string& location) {
  if (!store::IsServerLocation(location)) return location;
  const size_t scheme = location.find("://");
  const size_t at = location.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return location;
  const size_t colon = location.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return location;
  return location.substr(0, colon) + ":***" + location.substr(at);
}

}  // namespace

int RunMigrate(App& app, const MigrateArgs& args) {
  (void)app;
  auto from_loc = service::MigrationLocation(args.from);
  if (!from_loc) return ReportError(from_loc.error().Wrap("--from"));
  auto to_loc = service::MigrationLocation(args.to);
  if (!to_loc) return ReportError(to_loc.error().Wrap("--to"));
  auto from = service::OpenMigrationLibrary(*from_loc, /*create=*/false);
  if (!from) return ReportError(from.error().Wrap("the source " + Shown(*from_loc)));
  auto to = service::OpenMigrationLibrary(*to_loc, /*create=*/true);
  if (!to) return ReportError(to.error().Wrap("the target " + Shown(*to_loc)));
  from->location = Shown(*from_loc);
  to->location = Shown(*to_loc);
  if (*from_loc == *to_loc) to->location = from->location;

  service::MigrateOptions options;
  if (!args.quiet) {
    options.progress = [](std::string_view line) {
      std::fprintf(stderr, "migrate: %.*s\n", static_cast<int>(line.size()), line.data());
    };
  }
  auto report = service::Migrate(*from, *to, options);
  if (!report) return ReportError(report.error());

  if (args.json) {
    nlohmann::json kinds = nlohmann::json::array();
    for (const auto& c : report->checks) {
      kinds.push_back({{"kind", c.kind},
                       {"source_count", c.source_count},
                       {"target_count", c.target_count},
                       {"source_checksum", c.source_checksum},
                       {"target_checksum", c.target_checksum},
                       {"matches", c.matches()}});
    }
    std::printf("%s\n", nlohmann::json{{"ok", report->ok()}, {"kinds", kinds}}.dump(2).c_str());
  } else {
    std::printf("%-14s %10s %10s  %-16s %s\n", "kind", "source", "target", "checksum", "");
    for (const auto& c : report->checks) {
      std::printf("%-14s %10lld %10lld  %-16s %s\n", c.kind.c_str(),
                  static_cast<long long>(c.source_count), static_cast<long long>(c.target_count),
                  c.source_checksum.substr(0, 16).c_str(), c.matches() ? "ok" : "DIFFERS");
    }
  }
  if (!report->ok()) {
    std::string differ;
    for (const auto& c : report->checks) {
      if (c.matches()) continue;
      if (!differ.empty()) differ += ", ";
      differ += c.kind + " (source " + std::to_string(c.source_count) + ", target " +
                std::to_string(c.target_count) +
                (c.source_count == c.target_count ? ", content differs)" : ")");
    }
    std::fprintf(stderr,
                 "academichub: the target %s differs from the source %s: %s. Do not use the "
                 "target; delete it (or drop and recreate the database) and migrate again.\n",
                 to->location.c_str(), from->location.c_str(), differ.c_str());
    return kExitFailure;
  }
  if (!args.quiet && !args.json) {
    std::fprintf(stderr,
                 "migrate: %s -> %s: every kind matches (signed-in sessions are not moved: "
                 "users sign in again)\n",
                 from->location.c_str(), to->location.c_str());
  }
  return kExitOk;
}

}  // namespace ah::cli
