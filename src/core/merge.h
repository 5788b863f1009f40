// Deduplication rules: how an incoming record of a work is merged into the
// stored card, the library key of a paper, and the preprint <-> journal
// matching key. Pure functions, thread-safe.
#pragma once

#include <string>

#include "core/paper.h"

namespace ah {

// Merges `incoming` into `stored`; returns true iff `stored` changed.
// Rules:
//  - ids: each empty id of `stored` is filled from `incoming`; a known id is
//    never overwritten (a conflicting incoming id is dropped, stored kept).
//  - versions: union by number (ascending); a known version's missing date is filled.
//  - listings: union of distinct listings, sorted by (date, source, announce_type, channel).
//  - when `incoming` is a newer version (its highest version number is above the
//    stored one), its non-empty title, abstract (+ raw), authors, comments,
//    journal_ref and published_doi replace the stored ones (affiliations/ORCIDs
//    the new author list lacks are carried over from the stored author with the
//    same surname); otherwise those fields are only filled when empty.
//    Authors are also completed (empty affiliations / ORCID) from the incoming
//    author with the same surname (same position preferred).
//  - categories: union (stored order first); primary_category kept unless empty.
//  - submitted = earliest, updated = latest non-empty date.
//  - every other field (journal, volume, issue, pages, publisher, license, url,
//    pdf_url, type, published, key) is filled only when empty; issns union.
// Idempotent: MergePaper(s, x); MergePaper(s, x) -> second call returns false.
// Merging into an empty Paper yields a normalised copy (deduplicated and
// sorted versions and listings, deduplicated categories).
bool MergePaper(Paper& stored, const Paper& incoming);

// Highest version number of the paper, 0 when it lists none.
int MaxVersion(const Paper& p);

// The library key for a paper: its arXiv id if any, else "doi:<doi>", else
// "pmid:<pmid>", "pmcid:<pmcid>", "openalex:<id>". Empty when the paper has no
// identifier (the store rejects such papers: "no identifier").
std::string CanonicalKey(const Paper& p);

// True when both papers carry a non-empty id of the same scheme with
// different values: they are different works and must not be merged.
bool IdsConflict(const PaperIds& a, const PaperIds& b);

// Role of a paper in preprint <-> journal-version linking.
enum class LinkRole {
  kNone,
  kPreprint,  // a preprint (arXiv id, preprint server DOI, type preprint/posted-content)
              // that does not know its published version yet
  kJournal,   // a non-preprint record with a DOI: a candidate published version
};
LinkRole LinkRoleOf(const Paper& p);

// Matching key for linking: TitleKey(title) + '\x1f' + SurnameKey(first author).
// Empty when the title key is too short to be distinctive (< 16 bytes) or the
// paper has no named first author.
std::string LinkKey(const Paper& p);

}  // namespace ah
