// CSL-JSON reader for seed imports. Pure; thread-safe.
#pragma once

#include <string_view>

#include "core/result.h"
#include "imports/references.h"

namespace ah::imports {

// Parses CSL-JSON: an array of item objects (Zotero's "CSL JSON" export, Better CSL
// JSON) or one item object (doi.org content negotiation). `body` is UTF-8.
// Items are converted while the JSON is read, and fields the radar does not use
// (abstracts, references...) are dropped unread, so memory stays near the output size.
//
// Each item yields a Reference (line 0; messages name the entry index and id):
//   label    "id" (string or number), else "citation-key", else the first title words
//   title    "title" (HTML markup such as <i>…</i> removed)
//   authors  "author": {given, dropping-particle, non-dropping-particle, family, suffix}
//            joined, or {literal}; plain strings accepted as "Last, First"
//   year     "issued": {"date-parts": [[2017, 6, 12]]} (numbers or strings), {"raw"},
//            {"literal"}, or a bare string/number
//   ids      "DOI", "PMID" (string or number); "number" ("arXiv:2401.01234", or a bare id
//            when publisher/source/archive/container-title say arXiv); "archive" arXiv
//            with "archive_location"; then URLs and text in "URL", "note",
//            "archive_location", "container-title", "number" scanned (ScanIds).
//            Keys are matched case-insensitively ("doi" = "DOI").
// A field of the wrong type (title 42, author "Smith", DOI ["..."]) is ignored with a
// warning naming the entry; an array element that is not an object is skipped with one.
// Errors (kParse, naming origin, line, column and byte as core ParseJson does): invalid or
// truncated JSON, arrays/objects nested deeper than 128, a top-level value that is neither
// an array nor an object with CSL fields.
[[nodiscard]] Result<ImportResult> ParseCslJson(std::string_view body, std::string_view origin);

}  // namespace ah::imports
