// BibTeX / biblatex reader for seed imports. Pure; thread-safe.
#pragma once

#include <string_view>

#include "core/result.h"
#include "imports/references.h"

namespace ah::imports {

// Parses BibTeX as Zotero, Better BibTeX, JabRef, Mendeley, Google Scholar, arXiv, DBLP
// and BibDesk write it (see references.h). `body` is UTF-8 (ParseReferences converts).
//
// Syntax: @string macros (also referencing earlier macros) and the month macros,
// '#' concatenation, {} and () entry delimiters, nested braces, "quoted" values
// (with {"} and \" inside), bare numbers, @comment/@preamble skipped, %-comment lines and
// any other text between entries ignored, field and type names case-insensitive, first
// occurrence of a field wins, missing trailing comma fine.
//
// Each entry yields a Reference:
//   label    the citation key (may be empty, or a URL as in arXiv's DataCite export)
//   title    `title`, TeX decoded (tex.h)
//   authors  `author` split on top-level "and" ("and others" dropped); "Last, First",
//            "von Last, Jr, First", "First Last" and "{Corporate Name}" -> display names
//   year     `year`, else `date` (biblatex)
//   ids, in order of trust: `doi`; `eprint` with `archivePrefix`/`eprinttype` arXiv,
//            pubmed/pmid or doi (alone: an arXiv id); `arxivId`/`arxiv` (Mendeley);
//            `pmid`/`pubmed`; URLs in `url`, `howpublished`, `bdsk-url-1/2`, `ee`,
//            `link`, `eprint` of other types; DBLP's CoRR `volume = {abs/ID}`; then
//            `note`, `annote`, `annotation`, `addendum`, `journal`, `journaltitle`,
//            `number`, `extra`, `eid` scanned as free text (ScanIds).
//
// Warnings (entry, key and line named): entry without id and title (skipped); a biblatex
// @set or @xdata without a title (it groups other entries; skipped); an @string macro that a
// read field uses and no @string defines before it (once per macro: its first use, with
// entry and lines, and a count of the others; 100 macros at most, then the uses of the others
// are counted; read as empty, as BibTeX does); an
// unterminated value (entry skipped); a missing closing brace with complete fields (kept);
// a field without '=', a missing ',' between fields, junk inside an entry (field skipped);
// an explicit doi/eprint/arxivId/pmid that is not valid (ignored).
//
// Robustness: a line that starts a new entry ("@article{") inside an unterminated value or
// entry ends the broken entry, so one missing brace loses one entry, not the rest of the
// file. Linear time, no recursion; field values are capped at 1 MiB and @string expansion
// at 64 MiB in total.
//
// Errors: kParse when no entry, @string, @comment or @preamble is found at all.
[[nodiscard]] Result<ImportResult> ParseBibtex(std::string_view body, std::string_view origin);

}  // namespace ah::imports
