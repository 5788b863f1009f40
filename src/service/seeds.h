// Seed papers from a reference manager's export (BibTeX, RIS, Zotero CSL-JSON):
// each entry is found in the library by arXiv id, DOI or PMID, else by its
// exact title (normalised) and first author's surname.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace ah::service {

// How one usable entry of the export was looked up.
struct SeedEntry {
  size_t index = 0;   // 0-based entry index in the file
  int line = 0;       // 1-based line (0 for JSON)
  std::string label;  // the entry's name in messages (BibTeX key, RIS ID, ...)
  std::string title;  // the entry's title as parsed
  std::string key;    // library key of the paper found; empty when not found
  std::string via;    // what found it: "arxiv", "doi", "pmid", "title"; empty when not found
};

struct SeedImport {
  size_t entries = 0;              // usable entries in the file
  std::vector<std::string> keys;   // library keys found, in file order, distinct
  std::vector<SeedEntry> lookups;  // one per usable entry, in file order
  std::vector<std::string> warnings;  // entries skipped or not found, each naming the entry
};

// Reads and parses `path` (format "auto", "bibtex", "ris", "csl-json") and
// looks its entries up. Errors: kNotFound (no file), kParse (not of the
// format: message names the file and position), kInvalidArgument (format).
[[nodiscard]] Result<SeedImport> ImportSeeds(store::Store& store, const std::string& path,
                                             const std::string& format);
// The same for an export's text (an upload); `origin` names it in messages.
// Errors: kParse, kInvalidArgument, kTooLarge (over 64 MiB).
[[nodiscard]] Result<SeedImport> MatchSeeds(store::Store& store, std::string_view origin,
                                            std::string_view body, const std::string& format);

}  // namespace ah::service
