// The domain model: one scholarly work as AcademicHub stores it.
//
// A Paper is one card in the library however many versions, cross-lists and
// sources it has. Parsers produce Papers that carry only what their input
// said; the store merges them into the stored record (see core/merge.h).
// Plain value type; not thread-safe to mutate from several threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ah {

// Every identifier a work is known by. Empty string = unknown.
// All values are normalised (see core/ids.h): arXiv ids without version or
// "arXiv:" prefix ("2401.01234", "hep-th/9901001"); DOIs lower-case without
// resolver prefix ("10.1038/s41586-024-00001-x"); PMID/PMCID digits / "PMC123";
// OpenAlex "W123".
struct PaperIds {
  std::string arxiv;
  std::string doi;       // the work's own DOI (for bioRxiv/medRxiv: the 10.1101 preprint DOI)
  std::string pmid;
  std::string pmcid;
  std::string openalex;

  bool Empty() const {
    return arxiv.empty() && doi.empty() && pmid.empty() && pmcid.empty() && openalex.empty();
  }
};

struct Author {
  std::string name;                       // display form, e.g. "Ping Li"
  std::vector<std::string> affiliations;  // as given by the source
  std::string orcid;                      // bare 0000-0000-0000-0000 when known
};

struct Version {
  int number = 0;     // 1-based (arXiv vN, bioRxiv version)
  std::string date;   // YYYY-MM-DD when known
};

// One announcement of the paper by one feed: "arXiv cs.LG RSS announced it on
// 2026-06-01 as a cross-list".
struct Listing {
  std::string source;         // source name, e.g. "arxiv", "biorxiv", "crossref", "nature"
  std::string date;           // YYYY-MM-DD announcement / publication date of the listing
  std::string announce_type;  // new | cross | replace | replace-cross | published | ...
  std::string channel;        // feed or category it came through, e.g. "cs.LG", "cancer biology"

  bool operator==(const Listing&) const = default;
};

struct Paper {
  // Stable library key assigned by the store when first stored:
  // the arXiv id for arXiv papers, else "doi:<doi>", else "pmid:<pmid>", ...
  std::string key;

  PaperIds ids;
  std::string title;                 // plain text (entities decoded, markup removed)
  std::vector<Author> authors;
  std::string abstract_raw;          // as received (may hold HTML/JATS/LaTeX)
  std::string abstract;              // plain text, LaTeX kept as typed
  std::vector<std::string> categories;  // source vocabulary (arXiv classes, bioRxiv subjects)
  std::string primary_category;
  std::vector<Version> versions;     // known versions, ascending
  std::vector<Listing> listings;     // every announcement seen, oldest first

  std::string submitted;   // YYYY-MM-DD first version / posted
  std::string updated;     // YYYY-MM-DD latest version / update
  std::string published;   // YYYY-MM-DD journal publication (print or online)

  std::string journal;       // container title (journal / server name)
  std::string journal_ref;   // free-text citation, e.g. arXiv journal-ref "Phys. Rev. D 99, 1 (2019)"
  std::string volume, issue, pages;
  std::string publisher;
  std::string comments;      // arXiv comments
  std::string license;       // URL or SPDX-ish token
  std::string url;           // landing page
  std::string pdf_url;
  std::string type;          // preprint | journal-article | ... (source vocabulary kept)

  // DOI of the published (journal) version of a preprint; empty when unknown.
  std::string published_doi;
  // ISSNs of the journal (for catalogue matching), normalised "1234-5678".
  std::vector<std::string> issns;
};

}  // namespace ah
