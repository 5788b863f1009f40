// A radar's definition as the JSON document every backend stores (the radars
// table's `doc` column): one format, so that a library moves between backends
// byte for byte. Pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "store/radar_store.h"

namespace ah::store {

// The definition's fields other than id, owner, name, public, times and
// feedback, as compact JSON (include_updates only when true).
std::string RadarDefinitionDoc(const RadarDefinition& r);

// Fills r's document fields from `doc` (missing fields read as empty; a radar
// stored before include_updates existed reads as false). kCorrupt naming
// `where` and the radar's name when `doc` is not a JSON object.
[[nodiscard]] Status ReadRadarDefinitionDoc(std::string_view doc, std::string_view where,
                                            RadarDefinition& r);

}  // namespace ah::store
