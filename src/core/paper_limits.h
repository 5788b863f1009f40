// What one stored record may hold: the bounds on every field of a Paper and
// the clean-up that brings a record within them. Pure functions, thread-safe.
//
// Where it applies: Store::UpsertPage / UpsertPages (store/store.h) run every
// incoming record through ApplyPaperLimits before a backend sees it, so every
// writer (file ingest, the fetch loop, the future web server and daemon) stores
// only bounded, valid UTF-8, control-free text, whatever the backend. File
// ingest also applies it right after parsing, so that oversized strings are
// released before parsed files queue up for the store (the store's pass then
// finds nothing to do).
//
// What it does, in order:
//  1. invalid UTF-8 becomes U+FFFD (as SanitizePaperUtf8);
//  2. control characters (C0, DEL, C1: text::StripControls) are removed from
//     every field; abstract, abstract_raw and comments keep tab and newline
//     (CR LF becomes LF), every other field turns tab/CR/LF into a space.
//     Silent: feeds carry stray controls, and none of them is content;
//  3. the caps below. No record is rejected here: text is truncated at a UTF-8
//     boundary, and a value that cannot be cut (an identifier, a URL, a date) is
//     dropped. A record whose every identifier was dropped has none left, and
//     the store rejects it ("no identifier"). Each cap that bit is one note.
//
//   field                                    cap          over the cap
//   title                                    2 KiB        truncated
//   abstract (plain text)                    100 KiB      truncated
//   abstract_raw (as received, with markup)  200 KiB      truncated
//   comments                                 10 KiB       truncated
//   journal, journal_ref, publisher          2 KiB        truncated
//   volume, issue, pages, type,              256 bytes    truncated
//     primary_category, each category,
//     listing source / announce_type / channel
//   ids (arxiv, doi, pmid, pmcid, openalex), 512 bytes    dropped
//     published_doi, ORCID, each ISSN
//   url, pdf_url, license                    4 KiB        dropped
//   dates (submitted, updated, published,    64 bytes     dropped
//     version and listing dates)
//   authors                                  5,000        the first 5,000 kept
//   author name                              512 bytes    truncated
//   affiliations per author                  32           the first 32 kept
//   each affiliation                         1 KiB        truncated
//   affiliations of the record in all        512 KiB      the later ones dropped
//   categories                               128          the first 128 kept
//   versions, listings                       1,000 each   the first 1,000 kept
//   ISSNs                                    16           the first 16 kept
//
// So a stored record holds at most ~5 MiB of text (authors' names dominate),
// and a 400 MB abstract costs the library, the radar and briefings 100 KiB.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/paper.h"
#include "core/result.h"

namespace ah {

namespace limits {
inline constexpr size_t kTitle = 2 << 10;
inline constexpr size_t kAbstract = 100 << 10;
inline constexpr size_t kAbstractRaw = 200 << 10;
inline constexpr size_t kComments = 10 << 10;
inline constexpr size_t kJournal = 2 << 10;  // journal, journal_ref, publisher
inline constexpr size_t kShort = 256;        // volume, issue, pages, type, categories, listings
inline constexpr size_t kId = 512;           // ids, published_doi, ORCID, ISSN
inline constexpr size_t kUrl = 4 << 10;      // url, pdf_url, license
inline constexpr size_t kDate = 64;
inline constexpr size_t kAuthors = 5000;
inline constexpr size_t kAuthorName = 512;
inline constexpr size_t kAffiliationsPerAuthor = 32;
inline constexpr size_t kAffiliation = 1 << 10;
inline constexpr size_t kAffiliationsTotal = 512 << 10;
inline constexpr size_t kCategories = 128;
inline constexpr size_t kVersions = 1000;
inline constexpr size_t kListings = 1000;
inline constexpr size_t kIssns = 16;
}  // namespace limits

// True when ApplyPaperLimits would leave `p` unchanged: valid UTF-8, no control
// character where none is kept, every field within its cap. One pass over the
// strings, no allocation (the store calls it on every record).
bool PaperWithinLimits(const Paper& p);

// The size caps alone (no scan of the text): false when some field or list is
// over its cap. Cheap enough to run wherever a record is made.
bool PaperWithinCaps(const Paper& p);

// Brings `p` within the limits (see above) and returns one note per cap that
// bit, e.g. "abstract of 400.0 MiB truncated to 100 KiB" or "doi of 700 bytes
// dropped (limit 512 bytes)"; empty when only UTF-8 or control characters were
// fixed, or nothing was. Idempotent.
std::vector<std::string> ApplyPaperLimits(Paper& p);

// ApplyPaperLimits on every paper of a page that needs it (`caps_only`: only
// on papers over a size cap, leaving control characters and UTF-8 to the
// store): one kTooLarge warning per record a cap changed, naming it as the store
// names records (0-based index, then its library key or title): "record 3
// (2401.01234): abstract of 400.0 MiB truncated to 100 KiB; 12000 authors, kept
// the first 5000".
std::vector<Error> ApplyPageLimits(std::vector<Paper>& papers, bool caps_only = false);

// Cuts `s` to at most `max` bytes at a UTF-8 character boundary.
void TruncateUtf8(std::string& s, size_t max);

}  // namespace ah
