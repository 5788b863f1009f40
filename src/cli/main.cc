// academichub: the command-line interface. Wiring only.
#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "cli/app.h"
#include "cli/commands.h"
#include "cli/usage.h"

namespace {

// A whole number within [min, max] ("--limit: must be at least 1, not 0";
// "--papers: must be between 1 and 500, not 0").
CLI::Validator WholeNumber(int64_t min, int64_t max) {
  const bool bounded = max != INT64_MAX;
  return CLI::Validator(
      [min, max, bounded](std::string& v) -> std::string {
        int64_t n = 0;
        const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec == std::errc::result_out_of_range) return "'" + v + "' is too large";
        if (ec != std::errc() || end != v.data() + v.size())
          return "'" + v + "' is not a whole number";
        if (n >= min && n <= max) return {};
        if (!bounded) return "must be at least " + std::to_string(min) + ", not " + v;
        return "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", not " +
               v;
      },
      bounded ? "INT in [" + std::to_string(min) + " - " + std::to_string(max) + "]"
              : "INT>=" + std::to_string(min));
}
CLI::Validator AtLeast(int64_t min) { return WholeNumber(min, INT64_MAX); }

// After a usage error of `search`: a query word that starts with '-' was read as
// an option ("search graph -survey"); say how to write it.
void HintAtDashQuery(int argc, char** argv) {
  int at = 1;
  while (at < argc && std::string_view(argv[at]) != "search") ++at;
  std::string words;
  bool dash = false;
  for (int i = at + 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--") return;  // already written that way
    if (a == "--limit" || a == "--offset") {
      ++i;  // and its value
      continue;
    }
    if (a == "--full" || a == "--json" || a == "-h" || a == "--help" ||
        a.rfind("--limit=", 0) == 0 || a.rfind("--offset=", 0) == 0) {
      continue;
    }
    dash = dash || (a.size() > 1 && a[0] == '-');
    words += " ";
    words += a;
  }
  if (at < argc && dash) {
    std::fprintf(stderr,
                 "academichub: a query word starting with '-' is read as an option; put the "
                 "query after '--': academichub search --%s\n",
                 words.c_str());
  }
}

// Options of `radar create` / `radar edit`; a field is set only when given.
struct FieldBinding {
  std::string description, query, exclude;
  std::vector<std::string> categories, exclude_categories, sources, exclude_sources, authors, seeds;
  bool is_public = false, is_private = false, include_updates = false, no_updates = false;
  CLI::Option *o_description = nullptr, *o_query = nullptr, *o_exclude = nullptr,
              *o_categories = nullptr, *o_exclude_categories = nullptr, *o_sources = nullptr,
              *o_exclude_sources = nullptr, *o_authors = nullptr, *o_seeds = nullptr;

  void Add(CLI::App* c, bool edit) {
    o_description = c->add_option("--description", description, "What the radar is about, in your words");
    o_query = c->add_option("--query", query, "Keywords (search query language: phrases, AND/OR/NOT)");
    o_exclude = c->add_option("--exclude", exclude, "Negative keywords");
    o_categories = c->add_option("--category", categories, "Only these categories (repeatable)");
    o_exclude_categories = c->add_option("--exclude-category", exclude_categories, "Never these categories (repeatable)");
    o_sources = c->add_option("--source", sources, "Only these sources (repeatable)");
    o_exclude_sources = c->add_option("--exclude-source", exclude_sources, "Never these sources (repeatable)");
    o_authors = c->add_option("--author", authors, "Followed author, any name form (repeatable)");
    o_seeds = c->add_option("--seed", seeds,
                            edit ? "Replace the seed papers (repeatable)" : "Seed paper: arXiv id, doi:..., pmid:... (repeatable)");
    auto* pub = c->add_flag("--public", is_public, "A topic of the web app's public Curated Daily page");
    if (edit) c->add_flag("--private", is_private, "No longer a public topic")->excludes(pub);
    auto* upd = c->add_flag("--include-updates", include_updates,
                            "Also updated papers (new versions) this radar has never shown");
    if (edit) c->add_flag("--no-updates", no_updates, "No longer updated papers")->excludes(upd);
  }
  ah::service::RadarFields Fields() const {
    ah::service::RadarFields f;
    if (o_description->count()) f.description = description;
    if (o_query->count()) f.query = query;
    if (o_exclude->count()) f.exclude = exclude;
    if (o_categories->count()) f.categories = categories;
    if (o_exclude_categories->count()) f.exclude_categories = exclude_categories;
    if (o_sources->count()) f.sources = sources;
    if (o_exclude_sources->count()) f.exclude_sources = exclude_sources;
    if (o_authors->count()) f.authors = authors;
    if (o_seeds->count()) f.seeds = seeds;
    if (is_public) f.is_public = true;
    if (is_private) f.is_public = false;
    if (include_updates) f.include_updates = true;
    if (no_updates) f.include_updates = false;
    return f;
  }
};

}  // namespace

int main(int argc, char** argv) {
  using namespace ah::cli;
  CLI::App cli{"AcademicHub: the newest literature from preprint servers and journals, in one library."};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", "academichub 0.1.0");
  GlobalOptions g;
  cli.add_option("--db", g.db_path, "Library file (default: $XDG_DATA_HOME/academichub/library.db)");
  cli.add_flag("--create", g.create,
               "Create the library when it does not exist (ingest and fetch always do)");
  cli.add_option("--config", g.config_path, "Config file (default: ~/.config/academichub/config.toml)");
  cli.add_flag("-q,--quiet", g.quiet, "Print only results and errors");
  bool no_progress = false;
  cli.add_flag("--no-progress", no_progress, "Never draw progress bars");

  IngestArgs ingest;
  auto* c_ingest = cli.add_subcommand("ingest", "Ingest files or folders of feeds / API responses (.gz too)");
  c_ingest->add_option("paths", ingest.paths, "Files or folders")->required();
  c_ingest->add_option("--format", ingest.format,
                       "auto|arxiv-rss|arxiv-api|arxiv-oai|biorxiv|feed|crossref|pubmed|pubmed-esearch|openalex")
      ->capture_default_str();
  c_ingest->add_option("--source", ingest.source, "Listing source name to record (default: from the input)");
  c_ingest->add_flag("--json", ingest.json, "Print the report as JSON");

  FetchArgs fetch;
  auto* c_fetch = cli.add_subcommand("fetch", "Fetch the newest papers from the configured sources");
  c_fetch->add_option("--source", fetch.sources, "Source name or spec (repeatable; default: all configured)");
  c_fetch->add_option("--since", fetch.since, "Earliest date (YYYY-MM-DD)");
  c_fetch->add_option("--until", fetch.until, "Latest date (YYYY-MM-DD)");
  c_fetch
      ->add_option("--retries", fetch.retries, "Retries per request (backoff honours Retry-After)")
      ->capture_default_str()
      ->check(WholeNumber(0, 20));
  c_fetch->add_flag("--json", fetch.json, "Print the report as JSON");

  TodayArgs today;
  auto* c_today = cli.add_subcommand("today", "Show the latest announced day's papers");
  c_today->add_option("--source", today.source, "Only this source (arxiv, biorxiv, medrxiv, nature, ...)");
  c_today->add_option("--category", today.category, "Only this category (cs.LG, bioinformatics, ...)");
  c_today->add_option("--date", today.date, "Another day (YYYY-MM-DD)");
  c_today->add_option("--limit", today.limit, "At most N papers (default: all)")->check(AtLeast(1));
  c_today->add_flag("--full", today.full, "Full abstracts");
  c_today->add_flag("--json", today.json, "JSON array");

  SearchArgs search;
  auto* c_search = cli.add_subcommand("search", "Search the library (ti: au: abs: cat: src: id: date:A..B, \"phrases\", AND/OR/NOT)");
  c_search->add_option("query", search.words, "Query (one starting with '-' goes after '--': search -- -survey graph)")->required();
  c_search->add_option("--limit", search.limit, "Results per page")
      ->capture_default_str()
      ->check(AtLeast(1));
  c_search->add_option("--offset", search.offset, "Skip N results")->check(AtLeast(0));
  c_search->add_flag("--full", search.full, "Full abstracts");
  c_search->add_flag("--json", search.json, "JSON array");

  ShowArgs show;
  auto* c_show = cli.add_subcommand("show", "Show one paper (arXiv id, doi:..., pmid:...)");
  c_show->add_option("id", show.id, "Paper id")->required();
  c_show->add_flag("--json", show.json, "JSON object");

  bool stats_json = false;
  auto* c_stats = cli.add_subcommand("stats", "Library statistics and recent fetches");
  c_stats->add_flag("--json", stats_json, "JSON object");

  bool sources_json = false;
  auto* c_sources = cli.add_subcommand("sources", "Configured sources and the journal catalogue");
  c_sources->add_flag("--json", sources_json, "JSON");

  EvalRadarArgs eval_radar;
  auto* c_eval = cli.add_subcommand("eval", "Evaluate rankers on relevance tasks");
  c_eval->require_subcommand(1);
  auto* c_eval_radar = c_eval->add_subcommand(
      "radar", "nDCG@10, P@10 and AP of the radar and baselines on tasks (JSON Lines: candidates, relevant and the radar's fields: description, query, exclude, authors, seeds, feedback)");
  c_eval_radar->add_option("--tasks", eval_radar.tasks_path, "Tasks file")->required();
  c_eval_radar->add_flag("--json", eval_radar.json, "Print the report as one JSON object (last line)");

  auto* c_radar = cli.add_subcommand("radar", "Research radars: your topics, ranked daily with reasons");
  c_radar->require_subcommand(1);
  RadarCreateArgs radar_create;
  FieldBinding create_fields;
  auto* c_radar_create = c_radar->add_subcommand("create", "Create a radar");
  c_radar_create->add_option("name", radar_create.name, "Radar name")->required();
  create_fields.Add(c_radar_create, false);
  c_radar_create->add_flag("--json", radar_create.json, "Print the radar as JSON");
  bool radar_list_json = false;
  auto* c_radar_list = c_radar->add_subcommand("list", "List your radars");
  c_radar_list->add_flag("--json", radar_list_json, "JSON array");
  std::string radar_name;
  bool radar_show_json = false;
  auto* c_radar_show = c_radar->add_subcommand("show", "Show a radar's definition, seeds and feedback");
  c_radar_show->add_option("name", radar_name, "Radar name")->required();
  c_radar_show->add_flag("--json", radar_show_json, "JSON object");
  RadarEditArgs radar_edit;
  FieldBinding edit_fields;
  auto* c_radar_edit = c_radar->add_subcommand("edit", "Change a radar (given options replace the old values)");
  c_radar_edit->add_option("name", radar_edit.name, "Radar name")->required();
  c_radar_edit->add_option("--rename", radar_edit.rename, "New name");
  edit_fields.Add(c_radar_edit, true);
  auto* c_radar_delete = c_radar->add_subcommand("delete", "Delete a radar with its feedback and briefings");
  c_radar_delete->add_option("name", radar_name, "Radar name")->required();
  auto* c_radar_seed = c_radar->add_subcommand("seed", "Seed papers of a radar");
  c_radar_seed->require_subcommand(1);
  std::vector<std::string> seed_refs;
  auto* c_seed_add = c_radar_seed->add_subcommand("add", "Add seed papers by id");
  c_seed_add->add_option("name", radar_name, "Radar name")->required();
  c_seed_add->add_option("ids", seed_refs, "arXiv id, doi:..., pmid:...")->required();
  RadarSeedImportArgs seed_import;
  auto* c_seed_import = c_radar_seed->add_subcommand("import", "Import seed papers from a BibTeX, RIS or CSL-JSON (Zotero) file");
  c_seed_import->add_option("name", seed_import.name, "Radar name")->required();
  c_seed_import->add_option("file", seed_import.path, "Export file")->required();
  c_seed_import->add_option("--format", seed_import.format, "auto|bibtex|ris|csl-json")->capture_default_str();
  c_seed_import->add_flag("--json", seed_import.json, "Print the report as JSON");
  RadarFeedbackArgs feedback;
  auto* c_radar_feedback = c_radar->add_subcommand("feedback", "Tell a radar what you think of a paper");
  c_radar_feedback->add_option("name", feedback.name, "Radar name")->required();
  c_radar_feedback->add_option("paper", feedback.paper, "Paper id")->required();
  c_radar_feedback->add_option("action", feedback.action, "like|dislike|save|hide")->required();
  RadarRunArgs radar_run;
  auto* c_radar_run = c_radar->add_subcommand("run", "Rank the day's new papers for a radar, with reasons");
  c_radar_run->add_option("name", radar_run.name, "Radar name")->required();
  auto* o_run_date = c_radar_run->add_option("--date", radar_run.date, "Day (YYYY-MM-DD; default: the latest announced by the radar's sources)");
  c_radar_run->add_option("--days", radar_run.days, "Days ending at --date")
      ->capture_default_str()
      ->check(WholeNumber(1, 366));
  c_radar_run->add_option("--limit", radar_run.limit, "At most N papers (0 = all)")->capture_default_str()->check(AtLeast(0));
  c_radar_run->add_flag("--all", radar_run.all, "Every candidate: also papers below the relevance floor and papers shown on an earlier day");
  c_radar_run->add_flag("--no-record", radar_run.no_record, "Do not remember these papers as shown");
  c_radar_run->add_flag("--full", radar_run.full, "Full abstracts");
  c_radar_run->add_flag("--json", radar_run.json, "JSON array, best first");
  (void)o_run_date;

  BriefArgs brief;
  auto* c_brief = cli.add_subcommand("brief", "A radar's briefing: themes, findings, cross-field bridges, must-reads (LLM or extractive)");
  c_brief->add_option("radar", brief.name, "Radar name")->required();
  c_brief->add_option("--date", brief.date, "Last day (YYYY-MM-DD; default: latest announced)");
  c_brief->add_option("--days", brief.days, "Days ending at --date (7 = a week)")
      ->capture_default_str()
      ->check(WholeNumber(1, 366));
  c_brief->add_option("--lang", brief.lang, "en|zh (default: config brief.lang)");
  c_brief->add_option("--papers", brief.papers, "Top papers read (default: config brief.papers)")
      ->check(WholeNumber(1, 500));
  c_brief->add_flag("--extractive", brief.extractive, "No language model: the extractive briefing");
  c_brief->add_flag("--no-fallback", brief.no_fallback, "Fail instead of falling back to the extractive briefing");
  c_brief->add_option("--out", brief.out, "Write to FILE.md, FILE.html or FILE.json (the format is the extension's)");
  c_brief->add_flag("--json", brief.json, "Print the briefing as one JSON object (on stdout, also with --out)");

  ExportArgs exp;
  auto* c_export = cli.add_subcommand("export", "Citation files (BibTeX, RIS, CSL-JSON) of a radar's day, a briefing, saved papers");
  c_export->require_subcommand(1);
  auto add_export_options = [&exp](CLI::App* c) {
    c->add_option("--format", exp.format, "bib|ris|json (default: the --out file's extension, else bib)");
    c->add_option("--out", exp.out, "Write to FILE (default: standard output)");
  };
  auto* c_export_radar = c_export->add_subcommand("radar", "The papers a radar shows for a day, best first");
  c_export_radar->add_option("name", exp.target, "Radar name")->required();
  c_export_radar->add_option("--date", exp.date, "Day (YYYY-MM-DD; default: latest announced)");
  c_export_radar->add_option("--limit", exp.limit, "At most N papers (0 = all)")->capture_default_str()->check(AtLeast(0));
  add_export_options(c_export_radar);
  auto* c_export_briefing = c_export->add_subcommand("briefing", "The papers of a stored briefing, in its numbering");
  c_export_briefing->add_option("id", exp.target, "Briefing id")->required();
  add_export_options(c_export_briefing);
  auto* c_export_saved = c_export->add_subcommand("saved", "The papers you saved, oldest first");
  c_export_saved->add_option("--radar", exp.radar, "Only this radar's");
  add_export_options(c_export_saved);
  auto* c_export_paper = c_export->add_subcommand("paper", "Papers by id (arXiv id, doi:..., pmid:...)");
  c_export_paper->add_option("ids", exp.ids, "Paper ids")->required();
  add_export_options(c_export_paper);

  DigestArgs digest;
  auto* c_digest = cli.add_subcommand("digest", "Send one email digest of radars now (through [smtp]); never twice");
  c_digest->add_option("radars", digest.radars, "Radar names")->required();
  c_digest->add_option("--to", digest.to, "Recipient address")->required();
  c_digest->add_option("--date", digest.date, "Day (YYYY-MM-DD; default: latest announced)");
  c_digest->add_option("--days", digest.days, "Days ending at --date (7 = a week)")->capture_default_str()->check(WholeNumber(1, 366));
  c_digest->add_option("--papers", digest.papers, "Top papers per radar")->capture_default_str()->check(WholeNumber(1, 100));
  c_digest->add_option("--lang", digest.lang, "en|zh (default: config brief.lang)");
  c_digest->add_flag("--nothing-new", digest.nothing_new, "Send a \"nothing new\" message on an empty day (default: send nothing)");
  c_digest->add_flag("--dry-run", digest.dry_run, "Do not send: print the message (or write it to --out)");
  c_digest->add_option("--out", digest.out, "With --dry-run: write the message to FILE.eml");

  WebhookArgs hook;
  auto* c_webhook = cli.add_subcommand("webhook", "Webhooks of your radars: Slack, Feishu, DingTalk or signed JSON posts of each day's top papers");
  c_webhook->require_subcommand(1);
  auto* c_webhook_add = c_webhook->add_subcommand("add", "Add a webhook to a radar (prints its id)");
  c_webhook_add->add_option("radar", hook.radar, "Radar name")->required();
  c_webhook_add->add_option("--kind", hook.kind, "slack|feishu|dingtalk|json")->required();
  c_webhook_add->add_option("--url", hook.url, "The receiver's http(s) address")->required();
  c_webhook_add->add_option("--secret", hook.secret, "Signing secret (feishu, dingtalk, json)");
  c_webhook_add->add_flag("--json", hook.json, "Print the webhook as JSON");
  auto* c_webhook_list = c_webhook->add_subcommand("list", "List webhooks (URLs masked, secrets never shown)");
  c_webhook_list->add_option("radar", hook.radar, "Only this radar's");
  c_webhook_list->add_flag("--json", hook.json, "JSON array");
  auto* c_webhook_remove = c_webhook->add_subcommand("remove", "Remove a webhook");
  c_webhook_remove->add_option("id", hook.id, "Webhook id (see webhook list)")->required();
  auto* c_webhook_test = c_webhook->add_subcommand("test", "Post the radar's latest day to a webhook now (not counted as the day's delivery)");
  c_webhook_test->add_option("id", hook.id, "Webhook id (see webhook list)")->required();
  c_webhook_test->add_flag("--json", hook.json, "Print the result as JSON");

  TldrArgs tldr;
  auto* c_tldr = cli.add_subcommand("tldr", "One-sentence TL;DRs of papers, in your language");
  c_tldr->add_option("ids", tldr.ids, "Paper ids")->required();
  c_tldr->add_option("--lang", tldr.lang, "en|zh (default: config brief.lang)");
  c_tldr->add_flag("--extractive", tldr.extractive, "No language model");
  c_tldr->add_flag("--json", tldr.json, "JSON array");

  ServeArgs serve;
  auto* c_serve = cli.add_subcommand("serve", "Serve the web app and the JSON API until SIGTERM");
  c_serve->add_option("--port", serve.port, "Port (0: any free port)")->capture_default_str();
  c_serve->add_option("--host", serve.host, "Address to listen on")->capture_default_str();
  c_serve->add_flag("--single-user", serve.single_user, "No accounts: every visitor is the local user (a laptop)");
  c_serve->add_option("--threads", serve.threads, "Worker threads kept (each serves one connection at a time)")->capture_default_str();
  c_serve->add_option("--max-threads", serve.max_threads, "The most worker threads, started while every one is busy")->capture_default_str();
  c_serve->add_flag("--secure-cookies", serve.secure_cookies, "Mark cookies Secure (served behind TLS)");
  c_serve->add_flag("--trust-proxy", serve.trust_proxy, "Client address from X-Forwarded-For of a local proxy");
  c_serve->add_option("--registration", serve.registration, "open|closed (until an admin chooses)")->capture_default_str();

  c_serve->add_flag("--with-daemon", serve.with_daemon, "Also run the scheduler daemon in this process");

  DaemonArgs daemon_args;
  auto* c_daemon = cli.add_subcommand("daemon", "Run the schedule: fetches, radar runs, briefings, deliveries (until SIGTERM)");
  c_daemon->add_flag("--once", daemon_args.once, "Run what is due now, then exit (for cron and tests)");
  c_daemon->add_flag("--single-user", daemon_args.single_user, "As serve --single-user: the local account, webhooks may post to private addresses");
  c_daemon->add_option("--metrics-listen", daemon_args.metrics_listen, "HOST:PORT: serve this daemon's /metrics (administrators' API tokens) and /healthz there");
  c_daemon->add_option("--now", daemon_args.now, "For tests: start the clock at this time (2026-06-02T01:30:00Z)");
  JobsArgs jobs_args;
  auto* c_jobs = cli.add_subcommand("jobs", "The daemon's jobs, newest due first");
  c_jobs->add_flag("--failed", jobs_args.failed, "Only jobs that failed for good");
  c_jobs->add_flag("--json", jobs_args.json, "JSON array");
  c_jobs->add_option("--limit", jobs_args.limit, "At most this many")->capture_default_str();
  c_jobs->add_flag("--prune", jobs_args.prune,
                   "Delete finished jobs (done and failed) older than --older-than days");
  c_jobs->add_option("--older-than", jobs_args.older_than_days, "With --prune: days")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{36500}));

  MigrateArgs migrate;
  auto* c_migrate = cli.add_subcommand(
      "migrate", "Move a whole library (papers, radars, users, jobs, ...) into an empty one, then compare them");
  c_migrate->add_option("--from", migrate.from, "Source: sqlite:PATH or postgresql://user@host/db")->required();
  c_migrate->add_option("--to", migrate.to, "Empty target: sqlite:PATH or postgresql://user@host/db")->required();
  c_migrate->add_flag("--json", migrate.json, "Print the comparison as JSON");

  auto* c_user = cli.add_subcommand("user", "Accounts of the web app");
  c_user->require_subcommand(1);
  UserArgs user;
  auto* c_user_add = c_user->add_subcommand("add", "Add a user (password on standard input)");
  c_user_add->add_option("name", user.name, "User name")->required();
  c_user_add->add_flag("--admin", user.admin, "An administrator");
  auto* c_user_token = c_user->add_subcommand("token", "Print a new API token of a user");
  c_user_token->add_option("name", user.name, "User name")->required();
  c_user_token->add_option("--label", user.label, "What the token is for")->capture_default_str();
  auto* c_user_passwd = c_user->add_subcommand("passwd", "Set a user's password (on standard input)");
  c_user_passwd->add_option("name", user.name, "User name")->required();
  auto* c_user_list = c_user->add_subcommand("list", "List the users");
  c_user_list->add_flag("--json", user.json, "JSON array");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() != 0) {
      // "A subcommand is required" for a mistyped command misleads: name it.
      const std::vector<std::string> args(argv + 1, argv + argc);
      const std::string hint = CommandHint(cli, args);
      if (!hint.empty()) {
        std::fprintf(stderr, "academichub: %s\n", hint.c_str());
        return kExitUsage;
      }
    }
    const int rc = cli.exit(e);
    if (rc != 0) HintAtDashQuery(argc, argv);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  g.progress = !no_progress && !g.quiet;
  App app(g);
  if (*c_ingest) return RunIngest(app, ingest);
  if (*c_fetch) return RunFetch(app, fetch);
  if (*c_today) return RunToday(app, today);
  if (*c_search) return RunSearch(app, search);
  if (*c_show) return RunShow(app, show);
  if (*c_stats) return RunStats(app, stats_json);
  if (*c_sources) return RunSources(app, sources_json);
  if (*c_eval_radar) return RunEvalRadar(app, eval_radar);
  if (*c_radar_create) {
    radar_create.fields = create_fields.Fields();
    return RunRadarCreate(app, radar_create);
  }
  if (*c_radar_list) return RunRadarList(app, radar_list_json);
  if (*c_radar_show) return RunRadarShow(app, radar_name, radar_show_json);
  if (*c_radar_edit) {
    radar_edit.fields = edit_fields.Fields();
    return RunRadarEdit(app, radar_edit);
  }
  if (*c_radar_delete) return RunRadarDelete(app, radar_name);
  if (*c_seed_add) return RunRadarSeedAdd(app, radar_name, seed_refs);
  if (*c_seed_import) return RunRadarSeedImport(app, seed_import);
  if (*c_radar_feedback) return RunRadarFeedback(app, feedback);
  if (*c_radar_run) return RunRadarRun(app, radar_run);
  if (*c_brief) return RunBrief(app, brief);
  if (*c_tldr) return RunTldr(app, tldr);
  if (*c_digest) {
    digest.quiet = g.quiet;
    return RunDigest(app, digest);
  }
  if (*c_export) {
    exp.what = *c_export_radar ? "radar" : *c_export_briefing ? "briefing" : *c_export_saved ? "saved" : "paper";
    exp.quiet = g.quiet;
    return RunExport(app, exp);
  }
  if (*c_webhook_add) return RunWebhookAdd(app, hook);
  if (*c_webhook_list) return RunWebhookList(app, hook);
  if (*c_webhook_remove) return RunWebhookRemove(app, hook);
  if (*c_webhook_test) return RunWebhookTest(app, hook);
  if (*c_serve) return RunServe(app, serve);
  if (*c_daemon) return RunDaemon(app, daemon_args);
  if (*c_jobs) return RunJobs(app, jobs_args);
  if (*c_migrate) {
    migrate.quiet = g.quiet;
    return RunMigrate(app, migrate);
  }
  if (*c_user_add) return RunUserAdd(app, user);
  if (*c_user_token) return RunUserToken(app, user);
  if (*c_user_passwd) return RunUserPasswd(app, user);
  if (*c_user_list) return RunUserList(app, user.json);
  return kExitUsage;
}
