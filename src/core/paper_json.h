// JSON form of a Paper: full-fidelity round trip of every field. This is also
// the storage blob of the SQLite backend (papers.doc), so the format is a
// stable contract: keys are only ever added, never renamed.
//
// Format (empty fields are omitted):
//   {"key", "arxiv", "doi", "pmid", "pmcid", "openalex", "title",
//    "authors": [{"name", "aff": [..], "orcid"}],
//    "abs"      plain-text abstract,
//    "abs_raw"  only when it differs from "abs" (then present even if empty),
//    "cats": [..], "primary", "versions": [[number, "date"], ..],
//    "listings": [{"src", "date", "type", "ch"}],
//    "submitted", "updated", "published", "journal", "journal_ref", "volume",
//    "issue", "pages", "publisher", "comments", "license", "url", "pdf_url",
//    "type", "published_doi", "issns": [..]}
//
// Strings must be valid UTF-8 to be serialised; invalid sequences are replaced
// by U+FFFD (see SanitizePaperUtf8), so a paper with invalid UTF-8 does not
// round-trip byte for byte. All functions are pure and thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/paper.h"
#include "core/result.h"

namespace ah {

// Never throws: invalid UTF-8 is replaced by U+FFFD.
nlohmann::json PaperToJson(const Paper& p);

// Inverse of PaperToJson. Unknown keys are ignored (forward compatibility);
// a non-object or a known key of the wrong type -> Error{kParse} naming the key.
[[nodiscard]] Result<Paper> PaperFromJson(const nlohmann::json& j);

// Fast compact serialisation: parses to a value equal to PaperToJson(p)
// (key order may differ from nlohmann's dump()). Used on the store's hot path.
std::string PaperToJsonString(const Paper& p);

// Parses text produced by PaperToJsonString / PaperToJson(p).dump().
// Malformed text -> Error{kParse} with the byte position.
[[nodiscard]] Result<Paper> PaperFromJsonString(std::string_view text);

// True when every string of the paper is valid UTF-8 (cheap: one pass, no allocation).
bool PaperIsValidUtf8(const Paper& p);
// Replaces invalid UTF-8 sequences in every string of the paper by U+FFFD.
void SanitizePaperUtf8(Paper& p);

}  // namespace ah
