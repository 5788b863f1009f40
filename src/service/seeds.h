// Seed papers from a reference manager's export (BibTeX, RIS, Zotero CSL-JSON):
// each entry is found in the library by arXiv id, DOI (a paper's own, or the journal DOI an
// arXiv record gives: store::Store::Get) or PMID, else by its title and authors: the same
// title (imports::TitleMatchKey: case, accents, ligatures, TeX, dashes and transliterations
// folded) and a shared author surname in any order (imports::AuthorsOverlap; without authors
// on either side, a title of four words or more).
// Thread-safety: stateless; the store is the caller's (one thread at a time).
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

// At most this many "not in the library" warnings are listed, then one line counts the rest
// ("... and 2102 more entries not in the library"); the same for entries that repeat a paper.
inline constexpr size_t kMaxNotFoundWarnings = 100;
inline constexpr size_t kMaxRepeatWarnings = 20;

struct SeedImport {
  size_t entries = 0;              // usable entries in the file
  size_t found = 0;                // entries found in the library (several may name one paper)
  std::vector<std::string> keys;   // the papers found: library keys, in file order, distinct
  std::vector<SeedEntry> lookups;  // one per usable entry, in file order
  // Entries skipped by the parser, not found, or repeating a paper found for an earlier
  // entry ("entry 3 'b' (line 9): the same paper as entry 1 'a' (1502.02551)"), each naming
  // the entry; long lists end with a count of the rest (kMaxNotFoundWarnings).
  std::vector<std::string> warnings;
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
