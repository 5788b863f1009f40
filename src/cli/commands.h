// CLI subcommands. Each parses nothing itself (main.cc owns the CLI11 setup),
// calls one engine function and renders; returns the process exit code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/app.h"
#include "service/brief_service.h"
#include "service/radar_service.h"
#include "service/radars.h"

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

// The library's radar store, and one radar of the local user (kLocalUser) by
// name (kNotFound naming it when absent).
Result<store::RadarStore*> Radars(App& app);
Result<store::RadarDefinition> LoadRadar(App& app, const std::string& name);

// The configured LLM provider (nullptr when none, or when `extractive`), and
// the library prepared for ranking, with the provider's embeddings when
// [llm] embedding_model is set (cached in the library).
Result<std::unique_ptr<service::LlmRuntime>> Provider(App& app, bool extractive);
Result<std::unique_ptr<service::LibraryIndex>> LoadIndex(App& app, service::LlmRuntime* llm);

// Radar fields settable by `radar create` and `radar edit`; unset = unchanged.
using service::RadarFields;
struct RadarCreateArgs {
  std::string name;
  RadarFields fields;
  bool json = false;
};
struct RadarEditArgs {
  std::string name, rename;
  RadarFields fields;
};
struct RadarSeedImportArgs {
  std::string name, path, format = "auto";
  bool json = false;
};
struct RadarFeedbackArgs {
  std::string name, paper, action;
};
struct RadarRunArgs {
  std::string name, date;
  int days = 1;
  int64_t limit = 20;
  bool all = false, no_record = false, json = false, full = false;
};
int RunRadarCreate(App& app, const RadarCreateArgs& args);
int RunRadarList(App& app, bool json);
int RunRadarShow(App& app, const std::string& name, bool json);
int RunRadarEdit(App& app, const RadarEditArgs& args);
int RunRadarDelete(App& app, const std::string& name);
int RunRadarSeedAdd(App& app, const std::string& name, const std::vector<std::string>& refs);
int RunRadarSeedImport(App& app, const RadarSeedImportArgs& args);
int RunRadarFeedback(App& app, const RadarFeedbackArgs& args);
int RunRadarRun(App& app, const RadarRunArgs& args);

struct BriefArgs {
  std::string name, date, lang, out;
  int days = 1;
  int papers = 0;  // 0 = config's brief.papers
  bool extractive = false, no_fallback = false, json = false;
};
int RunBrief(App& app, const BriefArgs& args);

// `export radar NAME [--date D] [--limit N]`, `export briefing ID`,
// `export saved [--radar NAME]`, `export paper ID...`; each [--format bib|ris|json] [--out FILE].
struct ExportArgs {
  std::string what;    // radar | briefing | saved | paper
  std::string target;  // the radar's name or the briefing's id
  std::vector<std::string> ids;  // paper
  std::string date, radar, format, out;
  int64_t limit = 0;  // radar: 0 = the whole ranked day
  bool quiet = false;
};
int RunExport(App& app, const ExportArgs& args);

struct DigestArgs {
  std::vector<std::string> radars;
  std::string to, date, lang, out;
  int days = 1;
  int64_t papers = 10;
  bool dry_run = false, nothing_new = false, quiet = false;
};
int RunDigest(App& app, const DigestArgs& args);

// `webhook add|list|remove|test` (the local user's radars).
struct WebhookArgs {
  std::string radar;  // add: required; list: optional filter
  std::string kind, url, secret;
  std::string id;  // remove, test
  bool json = false;
};
int RunWebhookAdd(App& app, const WebhookArgs& args);
int RunWebhookList(App& app, const WebhookArgs& args);
int RunWebhookRemove(App& app, const WebhookArgs& args);
int RunWebhookTest(App& app, const WebhookArgs& args);

struct TldrArgs {
  std::vector<std::string> ids;
  std::string lang;
  bool extractive = false, json = false;
};
int RunTldr(App& app, const TldrArgs& args);

struct ServeArgs {
  int port = 8080;
  std::string host = "127.0.0.1";
  bool single_user = false, secure_cookies = false, trust_proxy = false;
  int threads = 64;        // worker threads kept
  int max_threads = 1024;  // the most, while every one is busy
  std::string registration = "open";
  bool with_daemon = false;  // run the scheduler daemon in this process too
};
int RunServe(App& app, const ServeArgs& args);

struct DaemonArgs {
  bool once = false;  // run what is due now, then exit (cron, tests)
  std::string now;    // for tests: start the clock at this time (ISO 8601 or Unix seconds)
  // As serve --single-user (or [web] single_user in config.toml).
  bool single_user = false;
  // HOST:PORT: serve the daemon's own GET /metrics and /healthz there (serve's
  // rules: /metrics for administrators' API tokens); empty: none.
  std::string metrics_listen;
};
int RunDaemon(App& app, const DaemonArgs& args);

struct JobsArgs {
  bool failed = false, json = false;
  int64_t limit = 200;
  bool prune = false;            // delete finished jobs (done and failed) older than ...
  int64_t older_than_days = 30;  // ... this many days
};
int RunJobs(App& app, const JobsArgs& args);

struct UserArgs {
  std::string name, label = "api";
  bool admin = false, json = false;
};
int RunUserAdd(App& app, const UserArgs& args);
int RunUserToken(App& app, const UserArgs& args);
int RunUserPasswd(App& app, const UserArgs& args);
int RunUserList(App& app, bool json);

int RunStats(App& app, bool json);
int RunSources(App& app, bool json);

// `migrate --from LOCATION --to LOCATION`: a whole library into an empty one
// (service/migrate.h); prints per kind the counts and checksums of both.
struct MigrateArgs {
  std::string from, to;
  bool json = false;
  bool quiet = false;
};
int RunMigrate(App& app, const MigrateArgs& args);

}  // namespace ah::cli
