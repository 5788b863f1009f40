// The Source interface: a source builds requests from a cursor and parses
// responses; one shared fetch loop (net/fetch_loop.h) does all I/O.
// Parsers are pure functions declared in each source family's header.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/paper.h"
#include "core/result.h"
#include "net/http.h"

namespace ah::sources {

// Input formats the library understands. `ingest --format` takes these names.
enum class Format {
  kUnknown,
  kArxivRss,       // rss.arxiv.org RSS 2.0 (2024+)
  kArxivApi,       // export.arxiv.org/api/query Atom (current and legacy)
  kArxivOai,       // OAI-PMH ListRecords/GetRecord, metadataPrefix arXiv or arXivRaw
  kBiorxivApi,     // api.biorxiv.org details JSON (bioRxiv and medRxiv)
  kFeed,           // generic RSS 0.9x / RSS 1.0 (RDF) / RSS 2.0 / Atom journal TOC
  kCrossref,       // api.crossref.org works JSON (list or single)
  kPubmed,         // E-utilities efetch PubmedArticleSet XML
  kPubmedEsearch,  // E-utilities esearch (XML or JSON): ids only
  kOpenAlex,       // api.openalex.org works JSON (list or single)
};
std::string_view FormatName(Format f);
Format FormatFromName(std::string_view name);  // kUnknown if not a name above

// What the caller knows about where the bytes came from; used for error
// messages and for defaults the document itself does not carry.
struct ParseContext {
  // Source name recorded in listings. Empty = the parser's own name: "arxiv",
  // "biorxiv"/"medrxiv" (from the record's server field), "crossref", "pubmed",
  // "openalex"; generic feeds: a slug of the feed (journal catalogue slug when the
  // feed URL is in the catalogue, else derived from the channel title).
  std::string source;
  std::string origin;           // URL or file path, for error messages
  std::string channel;          // feed/category the request was for, if any
  std::string default_date;     // YYYY-MM-DD used for a listing when the document has no date
  // The cursor BuildRequest was given for this response ("" = first page, or not fetched).
  // Multi-stage sources (PubMed esearch -> efetch) derive the next cursor from it.
  std::string cursor;
};

// Result of parsing one response/page.
struct ParsedPage {
  std::vector<Paper> papers;         // each carries >= 1 Listing when the input is an announcement
  std::vector<Error> rejected;       // records skipped (each message names origin + position/record)
  std::optional<std::string> next_cursor;  // resumption token / cursor; nullopt at end of list
  int64_t total = -1;                // server-reported total result count, -1 when unknown
  int64_t page_count = -1;           // server-reported count for this page (bioRxiv), -1 unknown
  std::string feed_date;             // announcement date the feed claims (YYYY-MM-DD), if any
  std::vector<std::string> ids;      // id-only results (esearch)
};

// Parameters of one fetch run.
struct FetchParams {
  std::string since;    // YYYY-MM-DD inclusive lower bound, empty = source default
  std::string until;    // YYYY-MM-DD inclusive upper bound, empty = today
  std::string contact;  // contact e-mail for polite pools (mailto / tool+email)
  int page_size = 0;    // 0 = source default
};

// A configured feed endpoint. Implementations are immutable after construction
// and thread-safe.
class Source {
 public:
  virtual ~Source() = default;
  // Unique name, e.g. "arxiv:cs.LG", "biorxiv", "crossref:0028-0836", "nature". Used as
  // the cursor key and in the fetch log.
  virtual std::string name() const = 0;
  // The name written into Listing::source ("arxiv", "biorxiv", "medrxiv", "crossref", journal slug).
  virtual std::string listing_source() const = 0;
  virtual Format format() const = 0;
  // True when the source pages with a cursor/resumption token that must be
  // saved after every committed page so an interrupted harvest resumes.
  virtual bool resumable() const { return false; }
  // Builds the request for the page after `cursor` (empty = first page).
  [[nodiscard]] virtual Result<net::HttpRequest> BuildRequest(const std::string& cursor,
                                                              const FetchParams& params) const = 0;
  // Parses one response body. Must not perform I/O.
  [[nodiscard]] virtual Result<ParsedPage> Parse(std::string_view body,
                                                 const ParseContext& ctx) const = 0;
};

}  // namespace ah::sources
