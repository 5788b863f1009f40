// academichub: the command-line interface. Wiring only.
#include <CLI/CLI.hpp>

#include "cli/app.h"
#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace ah::cli;
  CLI::App cli{"AcademicHub: the newest literature from preprint servers and journals, in one library."};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", "academichub 0.1.0");
  GlobalOptions g;
  cli.add_option("--db", g.db_path, "Library file (default: $XDG_DATA_HOME/academichub/library.db)");
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
  c_fetch->add_option("--retries", fetch.retries, "Retries per request (backoff honours Retry-After)")
      ->capture_default_str();
  c_fetch->add_flag("--json", fetch.json, "Print the report as JSON");

  TodayArgs today;
  auto* c_today = cli.add_subcommand("today", "Show the latest announced day's papers");
  c_today->add_option("--source", today.source, "Only this source (arxiv, biorxiv, medrxiv, nature, ...)");
  c_today->add_option("--category", today.category, "Only this category (cs.LG, bioinformatics, ...)");
  c_today->add_option("--date", today.date, "Another day (YYYY-MM-DD)");
  c_today->add_option("--limit", today.limit, "At most N papers");
  c_today->add_flag("--full", today.full, "Full abstracts");
  c_today->add_flag("--json", today.json, "JSON array");

  SearchArgs search;
  auto* c_search = cli.add_subcommand("search", "Search the library (ti: au: abs: cat: src: id: date:A..B, \"phrases\", AND/OR/NOT)");
  c_search->add_option("query", search.words, "Query")->required();
  c_search->add_option("--limit", search.limit, "Results per page")->capture_default_str();
  c_search->add_option("--offset", search.offset, "Skip N results");
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
      "radar", "nDCG@10, P@10 and AP of the radar and baselines on tasks (JSON Lines: seeds, candidates, relevant)");
  c_eval_radar->add_option("--tasks", eval_radar.tasks_path, "Tasks file")->required();
  c_eval_radar->add_flag("--json", eval_radar.json, "Print the report as one JSON object (last line)");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? kExitOk : kExitUsage;
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
  return kExitUsage;
}
