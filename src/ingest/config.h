// User configuration: config.toml (default ~/.config/academichub/config.toml).
//
//   contact = "you@university.edu"        # sent in User-Agent / mailto (polite pools)
//   db = "/path/to/library.db"            # default: $XDG_DATA_HOME/academichub/library.db
//   [arxiv]
//   categories = ["cs.LG", "cs.AI", "cs.CL", "stat.ML"]
//   [biorxiv]
//   servers = ["biorxiv", "medrxiv"]
//   categories = ["bioinformatics"]       # empty = all subjects
//   [journals]
//   follow = ["nature", "science", "cell"]  # catalogue slugs (see `academichub sources`)
//   [[journals.custom]]                      # extend the catalogue
//   slug = "my-journal"  name = "My Journal"  feed_url = "https://..."  issn = "1234-5678"
//   [sources]
//   extra = ["crossref:0028-0836", "pubmed:single cell[Title]", "openalex:concepts.id:C41008148"]
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace ah::ingest {

struct CustomJournal {
  std::string slug, name, feed_url, issn, eissn, publisher, field;
};

struct Config {
  std::string contact;
  std::string db_path;
  std::vector<std::string> arxiv_categories = {"cs.LG", "cs.AI", "cs.CL", "cs.CV", "stat.ML"};
  std::vector<std::string> biorxiv_servers = {"biorxiv", "medrxiv"};
  std::vector<std::string> biorxiv_categories;
  std::vector<std::string> journals = {"nature", "science", "cell", "pnas", "nejm", "lancet", "jama", "prl"};
  std::vector<CustomJournal> custom_journals;
  std::vector<std::string> extra_sources;
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
