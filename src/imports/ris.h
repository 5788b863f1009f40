// RIS and MEDLINE (.nbib) reader for seed imports. Pure; thread-safe.
#pragma once

#include <string_view>

#include "core/result.h"
#include "imports/references.h"

namespace ah::imports {

// Parses RIS ("TY  - JOUR" ... "ER  - ") as Zotero, EndNote, Mendeley, Google Scholar,
// Scopus, ScienceDirect and Web of Science write it, or MEDLINE as PubMed's "Send to:
// Citation manager" writes it (a file whose first tag is "PMID- "). `body` is UTF-8.
//
// Syntax: a tag line is 2-4 capitals/digits, spaces, '-' at column 4 (or 3/5), then a
// space and the value ("TY  - ", "TY - ", "PMID- ", "FAU - "); untagged lines continue the
// previous value (MEDLINE's six-space indents, wrapped abstracts); LF, CRLF or CR line
// ends; U+2028/2029 inside lines become spaces; lines outside records (ScienceDirect's
// "Provider:" header) are ignored. RIS records run from TY to ER; a TY before ER, or the
// end of the file, closes the open record with a warning (kept). MEDLINE records start at
// PMID and end at a blank line.
//
// Each record yields a Reference:
//   label    RIS `ID`, else the first words of the title; MEDLINE "PMID n"
//   title    TI, T1, CT, BT, ST (MEDLINE TI, BTI); entities and HTML markup removed
//   authors  AU and A1 (MEDLINE FAU, else AU; and CN collective names): "Last, First" ->
//            "First Last"
//   year     PY, Y1, DA (MEDLINE DP, DEP)
//   ids      DO (and M3 when it holds a DOI, as EndNote writes); MEDLINE PMID and
//            "… [doi]" in LID/AID; AN as a PMID when it is digits and DB/DP, if present,
//            names PubMed/MEDLINE/NLM (EndNote); C2 digits as a PMID (Scopus); then URLs in
//            UR, L1, L2, L3, L4, LK (REFMAN's "PM:n" too) and free text in AN, N1, M1, M2,
//            JO, JF, JA, T2, SO scanned (ScanIds).
// Warnings: record without id and title (skipped), missing ER (kept), record without TY
// (kept), malformed DO/PMID (ignored).
// Errors: kParse when the input holds no tag line at all.
[[nodiscard]] Result<ImportResult> ParseRis(std::string_view body, std::string_view origin);

}  // namespace ah::imports
