// User configuration: config.toml (default ~/.config/academichub/config.toml).
//
//   contact = "you@university.edu"        # sent in User-Agent / mailto (polite pools)
//   db = "/path/to/library.db"            # default: $XDG_DATA_HOME/academichub/library.db
//   [arxiv]
//   categories = ["cs.LG", "cs.AI", "cs.CL", "stat.ML"]
//   holidays = ["2026-11-26", "2026-12-24"]  # evenings (US Eastern) without an arXiv announcement;
//                                          # replaces the bundled list (daemon/schedule.h)
//   [biorxiv]
//   servers = ["biorxiv", "medrxiv"]
//   categories = ["bioinformatics"]       # empty = all subjects
//   [journals]
//   follow = ["nature", "science", "cell"]  # catalogue slugs (see `academichub sources`)
//   [[journals.custom]]                      # extend the catalogue
//   slug = "my-journal"  name = "My Journal"  feed_url = "https://..."  issn = "1234-5678"
//   [sources]
//   extra = ["crossref:0028-0836", "pubmed:single cell[Title]", "openalex:concepts.id:C41008148"]
//   [llm]                                  # any OpenAI-compatible provider; none = extractive briefings
//   base_url = "https://api.deepseek.com/v1"   # OpenAI, DeepSeek, DashScope, Moonshot, vLLM, Ollama, llama.cpp
//   model = "deepseek-chat"
//   api_key_env = "DEEPSEEK_API_KEY"       # or api_key = "..." (environment: AH_LLM_API_KEY)
//   embedding_model = ""                   # set to use /v1/embeddings for the radar's semantic term
//   context_tokens = 64000   max_answer_tokens = 4000   temperature = 0.2
//   timeout_seconds = 120   max_retries = 4   concurrency = 4
//   deadline_seconds = 300                 # all LLM work of one briefing / TL;DR batch; 0 = none
//   input_price_per_mtok = 0.27   output_price_per_mtok = 1.10   budget_usd = 1.0   # 0 = no limit
//   [web]
//   base_url = "https://hub.example.org"   single_user = false   # true: as serve --single-user
//   [brief]
//   lang = "en"                            # or "zh": briefings and TL;DRs
//   papers = 30                            # top papers of the radar that a briefing reads
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace ah::ingest {

struct CustomJournal {
  std::string slug, name, feed_url, issn, eissn, publisher, field;
};

// The [llm] section (mapped onto llm::LlmConfig by the service layer).
struct LlmSettings {
  std::string base_url, api_key, api_key_env, model, embedding_model;
  int64_t timeout_seconds = 120;
  int64_t deadline_seconds = 300;  // a briefing's LLM work as a whole; 0 = no limit
  int max_retries = 4;
  int concurrency = 4;
  int64_t context_tokens = 32000;
  int64_t max_answer_tokens = 4000;
  double temperature = 0.2;
  double input_price_per_mtok = 0, output_price_per_mtok = 0, budget_usd = 0;
};

// The [smtp] section: where email digests are sent from.
struct SmtpSettings {
  std::string url;       // smtp://host:587 (STARTTLS when offered; required with user),
                         // smtps://host:465 (TLS)
  std::string user, password;
  std::string password_env;  // or the password from this environment variable
  std::string from;      // "AcademicHub <hub@example.org>" or an address
  int64_t timeout_seconds = 60;
};

struct Config {
  std::string contact;
  // [web] base_url: the web app's public address ("https://hub.example.org"),
  // for links in digests, feeds and webhooks; empty = http://127.0.0.1:8080.
  std::string web_base_url;
  // [web] single_user: as `serve --single-user` (no accounts: a laptop), for
  // serve and a standalone daemon alike.
  bool single_user = false;
  SmtpSettings smtp;
  std::string db_path;
  std::vector<std::string> arxiv_categories = {"cs.LG", "cs.AI", "cs.CL", "cs.CV", "stat.ML"};
  // Where arXiv's RSS feeds are ([arxiv] rss_url, a mirror ending in '/');
  // empty: https://rss.arxiv.org/rss/.
  std::string arxiv_rss_url;
  // [arxiv] holidays: US Eastern dates ("YYYY-MM-DD") of Sunday-Thursday
  // evenings without an announcement; unset: the daemon's bundled list.
  std::optional<std::vector<std::string>> arxiv_holidays;
  std::vector<std::string> biorxiv_servers = {"biorxiv", "medrxiv"};
  std::vector<std::string> biorxiv_categories;
  std::vector<std::string> journals = {"nature", "science", "cell", "pnas", "nejm", "lancet", "jama", "prl"};
  std::vector<CustomJournal> custom_journals;
  std::vector<std::string> extra_sources;
  LlmSettings llm;
  std::string brief_lang = "en";
  int brief_papers = 30;
  std::string path;  // file it was loaded from, empty for defaults
};

// $XDG_CONFIG_HOME/academichub/config.toml or ~/.config/academichub/config.toml.
std::string DefaultConfigPath();
// $XDG_DATA_HOME/academichub/library.db or ~/.local/share/academichub/library.db.
std::string DefaultDbPath();

// Loads `path`; a missing file at the default path yields defaults, a missing
// explicit path is an error. Errors name the file, line and column.
[[nodiscard]] Result<Config> LoadConfig(const std::string& path, bool explicit_path);

}  // namespace ah::ingest
