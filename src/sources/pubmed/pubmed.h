// NCBI E-utilities for PubMed: efetch (PubmedArticleSet XML) and esearch (XML or JSON)
// parsers, and a two-stage source (esearch with history -> paged efetch).
//
// Field mapping (ParsePubmed), per PubmedArticle:
//   MedlineCitation/PMID -> ids.pmid; PubmedData/ArticleIdList doi / pmc -> ids.doi /
//   ids.pmcid (DOI falls back to Article/ELocationID[@EIdType=doi]);
//   ArticleTitle (inline <i>, <sup>... removed; VernacularTitle when empty) -> title;
//   Abstract/AbstractText -> abstract: one paragraph per AbstractText, "LABEL: text" when
//   it has a Label, paragraphs joined by '\n'; abstract_raw = the AbstractText elements as
//   XML; CopyrightInformation is not part of the abstract;
//   AuthorList/Author (ValidYN="N" skipped): "ForeName LastName" (Initials when no
//   ForeName) or CollectiveName; AffiliationInfo/Affiliation -> affiliations (legacy
//   Article/Affiliation goes to the first author); Identifier[@Source=ORCID] -> orcid;
//   Journal/Title -> journal; Journal/ISSN and MedlineJournalInfo/ISSNLinking -> issns;
//   JournalIssue Volume/Issue; StartPage-EndPage, else MedlinePgn -> pages;
//   PublicationTypeList -> type: the first type that is not "Journal Article", "English
//   Abstract" or "Research Support, ..." (else "Journal Article");
//   MeshHeadingList DescriptorName then KeywordList/Keyword -> categories (deduplicated).
// Dates:
//   published = ArticleDate (the electronic publication date) else JournalIssue/PubDate
//     (Year/Month/Day, Month "Jun" or "06", Season "Jan-Mar" -> its first month, other
//     seasons -> January; MedlineDate "2010 Jan-Feb" -> 2010-01-01);
//   submitted = History PubMedPubDate[@PubStatus=received].
// Listing: source = ctx.source or "pubmed", date = the Entrez date (PubMedPubDate
//   entrez, else pubmed; the date the record appeared in PubMed, which is what an
//   EDAT-windowed harvest selects on), else published, else ctx.default_date;
//   announce_type "published"; channel = journal (else ctx.channel).
// url = https://pubmed.ncbi.nlm.nih.gov/<pmid>/.
// PubmedBookArticle: parsed minimally (PMID, title or book title, abstract, authors,
// book PubDate, publisher, DOI; type "Book"). DeleteCitation is ignored.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "sources/source.h"

namespace ah::sources::pubmed {

// Parses an efetch db=pubmed retmode=xml response (root PubmedArticleSet). A record
// without PMID or title is skipped and reported in rejected. An E-utilities error
// document (eFetchResult/ERROR) -> kInvalidArgument with the server message (kUnavailable
// for rate limiting); anything else that is not a PubmedArticleSet (HTML page, esearch
// result, malformed or truncated XML) -> kParse naming ctx.origin and the byte offset.
// Pure; thread-safe.
[[nodiscard]] Result<ParsedPage> ParsePubmed(std::string_view body, const ParseContext& ctx);

// Parses an esearch response, XML (eSearchResult) or JSON ({"esearchresult": ...}):
// IdList -> ids (normalised PMIDs), Count -> total. With usehistory (WebEnv and
// QueryKey present) and Count > 0, next_cursor is the first efetch cursor
// (EfetchCursor{webenv, query_key, 0, count} encoded). ERROR elements/fields ->
// kInvalidArgument (kUnavailable for rate limiting). Pure; thread-safe.
[[nodiscard]] Result<ParsedPage> ParsePubmedEsearch(std::string_view body, const ParseContext& ctx);

// State of the efetch stage, carried in the cursor
// "efetch|<webenv>|<query_key>|<retstart>|<count>" (count -1 = unknown).
struct EfetchCursor {
  std::string webenv;
  std::string query_key;
  int64_t retstart = 0;
  int64_t count = -1;
};
std::string EncodeEfetchCursor(const EfetchCursor& c);
// nullopt unless `cursor` is a well-formed efetch cursor.
std::optional<EfetchCursor> DecodeEfetchCursor(std::string_view cursor);

// PubMed records whose Entrez date (EDAT) falls in the fetch window and that match a
// search term, in two stages within the Source interface:
//   cursor ""          -> esearch.fcgi?db=pubmed&term=<term>&usehistory=y&datetype=edat
//                         &mindate=<since>&maxdate=<until>&retmax=0&tool=academichub
//                         &email=<contact>
//                         (no since: reldate=7, the last week; since without until:
//                         maxdate 2100/12/31);
//   cursor "efetch|..." -> efetch.fcgi?db=pubmed&query_key=..&WebEnv=..&retstart=..
//                         &retmax=<page, default 200>&retmode=xml&tool=..&email=..
// Parse detects esearch vs efetch from the body. After an efetch page the next cursor
// advances retstart by the records received and ends at count; the cursor is taken from
// ParseContext::cursor, else recovered from the request URL in ParseContext::origin
// (count then unknown: the harvest ends at the first short or empty page).
// Immutable; thread-safe.
class PubmedSource final : public Source {
 public:
  // REQUIRES: term is non-empty (an Entrez query, e.g. "cancer[MeSH] AND nature[ta]").
  explicit PubmedSource(std::string term);

  std::string name() const override { return "pubmed:" + term_; }
  std::string listing_source() const override { return "pubmed"; }
  Format format() const override { return Format::kPubmed; }
  bool resumable() const override { return true; }
  [[nodiscard]] Result<net::HttpRequest> BuildRequest(const std::string& cursor,
                                                      const FetchParams& params) const override;
  [[nodiscard]] Result<ParsedPage> Parse(std::string_view body,
                                         const ParseContext& ctx) const override;

  const std::string& term() const { return term_; }

 private:
  std::string term_;
};

// Builds a source from "pubmed:<term>"; nullptr when the spec is not of that form or the
// term is empty.
std::unique_ptr<Source> MakePubmedSource(std::string_view spec);

}  // namespace ah::sources::pubmed
