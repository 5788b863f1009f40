// Categories a person types (a radar's category filters, the day's --category),
// checked before they silently match nothing. Shared by the CLI and the web.
// Thread-safety: stateless; the store is the caller's (one thread at a time).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "store/store.h"

namespace ah::service {

// The spelling to keep for the category `typed`: a category of the arXiv,
// bioRxiv or medRxiv taxonomy (sources/categories.h) as that server spells it
// ("cs.lg" -> "cs.LG"; no store access), else a category some paper listed in
// the library carries (journal subjects, MeSH headings, OpenAlex topics: any
// source), as that paper spells it.
// Errors: kInvalidArgument naming the category, saying what it was checked
// against and suggesting the nearest categories of the taxonomies and of the
// library's latest listed day ("did you mean 'cs.LG'?"); the store's.
[[nodiscard]] Result<std::string> ResolveCategory(store::Store& store, std::string_view typed);

}  // namespace ah::service
