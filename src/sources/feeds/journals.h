// The built-in journal catalogue: well-known journals with their ISSNs and
// public table-of-contents feeds, so that users can follow "nature" or
// "0028-0836" without looking up a feed URL.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ah::sources::feeds {

struct Journal {
  std::string slug;  // stable short name, also the Listing::source: "nature", "pnas"
  std::string name;  // display name: "Nature", "Proceedings of the National Academy of Sciences"
  std::string publisher;  // "Springer Nature", "AAAS", ...
  std::string issn;       // print ISSN "0028-0836"; empty for online-only journals
  std::string eissn;      // electronic ISSN "1476-4687"; empty when unknown
  std::string feed_url;   // public TOC feed (RSS 1.0 / RSS 2.0 / Atom)
  std::string field;      // coarse subject: "multidisciplinary", "medicine", "biology",
                          // "neuroscience", "physics", "chemistry", "computer science", "software"
};

// The catalogue, in a fixed order. Built once; the reference stays valid for the
// life of the program. Thread-safe.
const std::vector<Journal>& BuiltinJournals();

// Looks a journal up by slug (case-insensitive), by ISSN (print or electronic, any
// of "0028-0836" / "00280836" / "0028-083x" spellings) or by feed URL (scheme,
// "www." and a trailing slash ignored; host case-insensitive). `extra` (e.g. journals
// from the user's configuration) is searched before the built-in list. Returns
// nullptr when nothing matches. The pointer refers into `extra` or the catalogue.
const Journal* FindJournal(std::string_view slug_or_issn_or_feed_url,
                           const std::vector<Journal>& extra = {});

// Looks a journal up by its display name, ignoring case, a leading "The " and
// punctuation ("The Lancet" == "Lancet"; "PNAS" matches no name). nullptr when none.
const Journal* FindJournalByName(std::string_view name, const std::vector<Journal>& extra = {});

// A source slug from free text: accents folded, lower-case ASCII letters and digits,
// other runs turned into single '-', trimmed ("Journal of Open Source Software" ->
// "journal-of-open-source-software"), at most about 64 characters. Empty when nothing
// is left.
std::string Slugify(std::string_view text);

}  // namespace ah::sources::feeds
