// Pieces shared by the BibTeX, RIS and CSL-JSON parsers: warnings, line numbers,
// identifier extraction, names, years. Internal to ah_imports (tests use them too).
// Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "imports/references.h"

namespace ah::imports {

// Caps that keep memory bounded on hostile input.
inline constexpr size_t kMaxWarnings = 200;
inline constexpr size_t kMaxLabelBytes = 120;
inline constexpr size_t kMaxTitleBytes = 4096;
inline constexpr size_t kMaxNameBytes = 256;
inline constexpr size_t kMaxAuthors = 5000;
inline constexpr size_t kMaxRefs = 200000;  // usable entries kept from one file

// Collects warnings, each prefixed with the origin; keeps the first kMaxWarnings and
// counts the rest. Not thread-safe.
class Warnings {
 public:
  explicit Warnings(std::string_view origin) : origin_(origin) {}
  void Add(std::string_view what);
  // "<origin>: entry <index+1> '<label>' (line <line>): <what>"; label and line omitted
  // when empty / 0.
  void AddEntry(size_t index, std::string_view label, int line, std::string_view what);
  // The collected messages plus, when some were dropped, "... and N more warnings".
  std::vector<std::string> Take();
  const std::string& origin() const { return origin_; }
  // True the first time it is called (for one-off warnings).
  bool First(bool& flag) {
    bool first = !flag;
    flag = true;
    return first;
  }
  bool ref_cap_warned = false;

 private:
  std::string origin_;
  std::vector<std::string> list_;
  size_t dropped_ = 0;
};

// "entry 3 'smith2020' (line 41)" (index is 0-based, printed 1-based).
std::string DescribeEntry(size_t index, std::string_view label, int line);

// Maps byte offsets to 1-based line numbers (LF, CRLF and lone CR all end a line).
// Counts forward from the previous query, so a parser asking in file order pays O(n) in
// total and no memory per line; an earlier offset restarts the count from the top.
class LineIndex {
 public:
  explicit LineIndex(std::string_view body) : body_(body) {}
  int LineOf(size_t offset) const;

 private:
  std::string_view body_;
  mutable size_t pos_ = 0;  // offset counted up to
  mutable int line_ = 1;    // line of pos_
};

// Identifier setters: each normalises `value` and, when valid, stores it unless the field
// is already set ("first found wins", so callers go from the most to the least explicit
// place). Return whether `value` was a valid identifier (set or not).
bool TakeArxiv(Reference& ref, std::string_view value);
// Also sets ref.arxiv from an arXiv DOI (10.48550/arXiv.X). Percent-encoded DOIs
// ("10.1002%2Fabc") are decoded. A value with whitespace inside is not a DOI (see
// TakeDoiField for fields that may hold one that way).
bool TakeDoi(Reference& ref, std::string_view value);
// Reads an explicit DOI field (BibTeX `doi`, RIS `DO`, CSL-JSON `DOI`) as exports really write
// it, then takes it as TakeDoi does. Recovered as they are: resolver, publisher and proxy URLs
// ("http://dx.doi.org.ezproxy.elon.edu/10.2979/x", "doi.acm.org/10.1145/x",
// "https://doi-org.proxy.lib.x.edu/10.1000/x"), a "DOI"/"doi:" label ("DOI 10.1007/x"), an HTML
// link around it (its text, else its href). Repaired, with a note: a space inside the DOI
// ("10.1371/journal. pone.0287612", "10.3390 /aero9"), a '.' for the '/' after the prefix
// ("10.1519.JSC.0b01"). Text after the DOI ("10.5075/x, urn:nbn:...") is left out with a note.
// `*note` (may be null) receives one sentence for a warning, or is cleared when nothing needed
// saying. Returns whether a DOI was read; then nothing was truncated without a note.
bool TakeDoiField(Reference& ref, std::string_view value, std::string* note);
// Digits (optionally "PMID:"/"PM:" or a PubMed URL); at most 8 digits, as real PMIDs are
// (Mendeley exports 10-digit catalogue numbers in `pmid`).
bool TakePmid(Reference& ref, std::string_view value);

// Scans free text or URLs for identifiers, filling the empty id fields of `ref`:
//   arxiv.org/abs|pdf/ID, "arXiv:ID", "arXiv: ID", "arXiv preprint arXiv:ID",
//   "arXiv ID"; doi.org/… (percent-decoded), "doi:…", "DOI …", a bare 10.NNNN/… token,
//   bioRxiv/medRxiv content URLs (version and .full suffixes dropped), a "doi=" URL
//   query parameter; pubmed.ncbi.nlm.nih.gov/N, ncbi.nlm.nih.gov/pubmed/N,
//   europepmc.org/(article|abstract)/MED/N, "PMID: N", "PM:N".
// Linear in text size.
void ScanIds(Reference& ref, std::string_view text);

// The first four-digit year in a date-ish string ("2017", "2017/06/12/", "2020 Feb 20",
// "June 2019", "20170612"); empty when none.
std::string ExtractYear(std::string_view s);

// "Last, First" -> "First Last"; "Last, Jr., First" -> "First Last Jr."; a name without
// a comma is kept as written. Whitespace collapsed.
std::string DisplayName(std::string_view name);
// Joins name parts with single spaces, skipping empty ones.
std::string JoinName(std::string_view given, std::string_view family, std::string_view suffix);

// Cuts `s` to at most `max` bytes on a UTF-8 character boundary, appending "…" when cut.
std::string Truncate(std::string_view s, size_t max);

// A label made of the first words of a title ("Attention Is All You Need" ->
// "Attention Is All You Need"; long titles cut to ~40 bytes with "…").
std::string LabelFromTitle(std::string_view title);

// Typography that is not text: ligatures (U+FB00-FB06: "ﬀ" -> "ff") spelled out, no-break and
// other Unicode spaces (U+00A0, U+2000-200A, U+202F, U+205F, U+3000) made spaces, soft hyphens
// and zero-width characters (U+00AD, U+200B-200D, U+2060, U+FEFF) dropped. Valid UTF-8 in,
// valid UTF-8 out.
std::string FoldTypography(std::string_view s);

// Final checks shared by every format: sanitises text fields (valid UTF-8, FoldTypography,
// caps), then
// keeps the entry when it has an id or a title, else warns "no identifier and no title".
// Beyond kMaxRefs kept entries, the rest are dropped with one warning.
void FinishEntry(Reference ref, ImportResult& out, Warnings& warnings);

// Percent-decodes %XX sequences (invalid ones kept verbatim).
std::string PercentDecode(std::string_view s);

}  // namespace ah::imports
