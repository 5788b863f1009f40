// Seed-paper imports: reference-manager exports (BibTeX, RIS/MEDLINE, CSL-JSON)
// turned into the identifiers and titles the research radar looks papers up by.
//
// Pure functions: no I/O, no clock, no global state; thread-safe.
//
// Accepted inputs, as real tools write them:
//   BibTeX    Zotero, Better BibTeX, JabRef (BibTeX and biblatex modes), Mendeley, Google
//             Scholar, arXiv ("Export BibTeX citation", old DataCite and new forms), DBLP,
//             BibDesk. @string macros (and the month macros jan..dec), @comment, @preamble,
//             '#' concatenation, {}- and ()-delimited entries, nested braces, quoted values,
//             %-comment lines between entries, junk between entries.
//   RIS       Zotero, EndNote, Mendeley, Google Scholar, Scopus, ScienceDirect (with its
//             "Provider:" header), Web of Science. One- or two-space tags ("TY - "), CRLF,
//             CR or LF line ends, multi-line values, missing ER (warned, kept).
//   MEDLINE   PubMed's "Send to: Citation manager" .nbib (PMID-, FAU -, LID - … [doi]),
//             read by the RIS parser (RefFormat::kRis).
//   CSL-JSON  Zotero "CSL JSON" export (an array of items), Better CSL JSON, and a single
//             item object (what doi.org content negotiation returns).
// Whatever the format: a UTF-8 BOM is skipped, UTF-16 (with BOM) is converted, and a file
// that is not valid UTF-8 is read as Windows-1252 (with a warning).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ah::imports {

enum class RefFormat { kAuto, kBibtex, kRis, kCslJson };

// "auto", "bibtex", "ris", "csl-json".
std::string_view RefFormatName(RefFormat format);

// Case-insensitive: "auto"; "bibtex", "bib", "biblatex"; "ris", "nbib", "medline";
// "csl-json", "csljson", "csl", "json". nullopt for anything else.
std::optional<RefFormat> ParseRefFormat(std::string_view name);

// Sniffs the content first: the first line that looks like a BibTeX entry ("@type{" or
// "@type(") means BibTeX, a RIS tag line ("TY  - ") or a MEDLINE record start ("PMID- ")
// means RIS, a body starting with '[' or '{' means CSL-JSON. Only the first 64 KiB are
// looked at. Falls back to the file name's extension (.bib .bibtex -> BibTeX;
// .ris .nbib .medline -> RIS; .json .csljson -> CSL-JSON), else kAuto (unknown).
RefFormat DetectRefFormat(std::string_view body, std::string_view filename);

// One usable entry of an export.
struct Reference {
  size_t index = 0;   // 0-based entry index in the file (among real entries: BibTeX
                      // @string/@comment/@preamble are not entries)
  int line = 0;       // 1-based line where the entry starts (0 for JSON: use index)
  std::string label;  // human name of the entry for messages: BibTeX key, RIS ID (else
                      // the first words of the title), MEDLINE "PMID n", CSL "id"
  std::string arxiv;  // normalised via ah::ids (no version, no "arXiv:")
  std::string doi;    // normalised (lower-case, no resolver); kept for arXiv DOIs too
  std::string pmid;   // digits
  std::string title;  // plain UTF-8 text (TeX accents, braces, HTML markup decoded)
  std::vector<std::string> authors;  // display names "Given Family" ("Łukasz Kaiser")
  std::string year;                  // four digits or empty
  bool HasId() const { return !arxiv.empty() || !doi.empty() || !pmid.empty(); }
};

struct ImportResult {
  RefFormat format = RefFormat::kAuto;  // the format actually parsed
  std::vector<Reference> refs;          // usable entries (with an id, or at least a title)
  // Skipped or odd entries and ignored fields, one line each:
  //   "<origin>: entry 3 'smith2020' (line 41): no identifier and no title"
  // Entries are counted from 1 in messages; JSON entries carry no line. At most a few
  // hundred are listed, then one "... and N more warnings" line.
  std::vector<std::string> warnings;
};

// Hard limit on the input size.
inline constexpr size_t kMaxImportBytes = size_t{64} << 20;  // 64 MiB

// Parses an export. `origin` names the input in messages (a file name or "upload") and,
// with format kAuto, lends its extension to DetectRefFormat.
//
// Identifiers are looked for wherever exports put them (see bibtex.h, ris.h, csl_json.h):
// explicit id fields first, then URLs (arxiv.org/abs, doi.org, pubmed, Europe PMC,
// bioRxiv/medRxiv content URLs), then notes and journal strings ("arXiv preprint
// arXiv:1706.03762", "arXiv: 2401.01234", "PMID: 123"). DOIs 10.48550/arXiv.X also give
// the arXiv id X. An entry with neither an id nor a title is skipped with a warning; a
// truncated or malformed entry is skipped with a warning naming it; the others are kept.
//
// Errors (message names `origin` and a line or byte):
//   kParse     the input as a whole is not of the format: empty, binary, no entry found,
//              invalid JSON, JSON that is not a CSL item or list, undetectable format
//   kTooLarge  over kMaxImportBytes
[[nodiscard]] Result<ImportResult> ParseReferences(std::string_view body, std::string_view origin,
                                                   RefFormat format = RefFormat::kAuto);

}  // namespace ah::imports
