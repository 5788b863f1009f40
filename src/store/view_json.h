// The JSON representation of a stored paper, shared by `show --json`,
// `search --json`, `today --json` and (later) the JSON API. Field names are a
// stable contract for scripts: id, title, abstract (plain text), authors
// (array of names), categories, primary_category, versions, listings (each
// with source, date, announce_type), doi, journal_ref, published_version.
#pragma once

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace ah::store {

nlohmann::json PaperViewToJson(const PaperView& view);

// Display badge of a listing, e.g. "arXiv (CS.LG)", "bioRxiv (Bioinfo)", "Nature".
std::string SourceBadge(const Listing& listing);

}  // namespace ah::store
