// Citation exports of stored papers: BibTeX, RIS and CSL-JSON, as reference
// managers (Zotero, JabRef, Mendeley, EndNote) and LaTeX read them. The
// counterpart of the seed-import parsers (bibtex.h, ris.h, csl_json.h): an
// export read back by them yields the paper's ids and title.
//
// Pure functions of their arguments; thread-safe.
//
// What each format carries (fields the paper has; nothing invented):
//   BibTeX   @article for journal papers (journal, volume, number, pages), @misc
//            for preprints; arXiv papers as arXiv's own export writes them
//            (eprint, archivePrefix, primaryClass); title, author, year, month,
//            doi, pmid, url, abstract, publisher. TeX specials in text
//            (\ { } & % $ # _ ~ ^) are escaped; math between $...$ is kept as
//            typed when its braces balance; words with inner capitals ("BERT",
//            "ImageNet") are braced so styles keep their case. UTF-8 is kept.
//   RIS      TY (JOUR, or UNPB for preprints), ID, TI, AU "Family, Given",
//            PY, DA, T2, VL, IS, SP/EP, PB, DO, AN (PMID, with DB PubMed),
//            UR, L1 (PDF), AB, KW (categories), N1 "arXiv:ID [category]";
//            one line per value (line breaks become spaces), CRLF line ends.
//   CSL-JSON an array of items: id, type (article-journal, or article for
//            preprints, as Zotero writes them), title, author {family, given,
//            non-dropping-particle, suffix} or {literal}, issued date-parts,
//            container-title, volume, issue, page, publisher, DOI, PMID,
//            PMCID, URL, abstract, keyword, and for arXiv papers number
//            "arXiv:ID" with publisher "arXiv".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/paper.h"

namespace ah::imports {

enum class ExportFormat { kBibtex, kRis, kCslJson };

// "bib" / "bibtex", "ris", "json" / "csl-json" / "csljson" (case-insensitive);
// nullopt for anything else.
std::optional<ExportFormat> ParseExportFormat(std::string_view name);
// The Content-Type of an export: application/x-bibtex, application/x-research-info-systems,
// application/vnd.citationstyles.csl+json (each with charset=utf-8).
std::string_view ExportContentType(ExportFormat format);
// The file name extension: "bib", "ris", "json".
std::string_view ExportExtension(ExportFormat format);

// A citation key that depends only on the paper: the first author's surname,
// the year and the first significant word of the title, folded to ASCII
// lower case ("vaswani2017attention"); "anon" without authors. Only
// [a-z0-9] characters; never empty.
std::string CiteKey(const Paper& paper);

// The year, month and day the paper is cited by: the journal publication date
// of a journal paper, else the first version's (submission), else the
// earliest listing. "YYYY", "YYYY-MM" or "YYYY-MM-DD"; empty when unknown.
std::string CitedDate(const Paper& paper);

// One entry per paper, in order. Papers whose keys collide get "a", "b", ...
// appended from the second one on.
std::string ToBibtex(const std::vector<Paper>& papers);
std::string ToRis(const std::vector<Paper>& papers);
std::string ToCslJson(const std::vector<Paper>& papers);
std::string Export(const std::vector<Paper>& papers, ExportFormat format);

}  // namespace ah::imports
