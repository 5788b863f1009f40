// CLI subcommands. Each parses nothing itself (main.cc owns the CLI11 setup),
// calls one engine function and renders; returns the process exit code.
#pragma once

#include <string>
#include <vector>

#include "cli/app.h"

namespace ah::cli {

struct IngestArgs {
  std::vector<std::string> paths;
  std::string format = "auto";
  std::string source;
  bool json = false;
};
int RunIngest(App& app, const IngestArgs& args);

struct FetchArgs {
  std::vector<std::string> sources;  // names/specs; empty = all configured
  std::string since, until;
  bool json = false;
  int retries = 5;  // per page, with backoff
};
int RunFetch(App& app, const FetchArgs& args);

struct TodayArgs {
  std::string source, category, date;
  bool json = false, full = false;
  int64_t limit = 0;
};
int RunToday(App& app, const TodayArgs& args);

struct SearchArgs {
  std::vector<std::string> words;
  bool json = false, full = false;
  int64_t limit = 20, offset = 0;
};
int RunSearch(App& app, const SearchArgs& args);

struct ShowArgs {
  std::string id;
  bool json = false;
};
int RunShow(App& app, const ShowArgs& args);

struct EvalRadarArgs {
  std::string tasks_path;
  bool json = false;
};
int RunEvalRadar(App& app, const EvalRadarArgs& args);

int RunStats(App& app, bool json);
int RunSources(App& app, bool json);

}  // namespace ah::cli
