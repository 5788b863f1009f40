// LIKE patterns for the query language's filters that every backend compiles
// to SQL (cat:, src:), so that SQLite and PostgreSQL match alike. Patterns
// escape their wildcards with '\' (SQLite: `ESCAPE '\'`; PostgreSQL's default).
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace ah::store {

// `s` with '\', '%' and '_' escaped by '\'.
[[nodiscard]] std::string LikeEscape(std::string_view s);

// A category among '|'-joined categories (DerivedColumns::categories) wrapped
// as '|' + categories + '|': `cat` ASCII-lower-cased, any '|' in it a space;
// `prefix`: any category starting with it, else exactly it.
[[nodiscard]] std::string CategoryLikePattern(std::string_view cat, bool prefix);

// A listing source: `source` ASCII-lower-cased; `prefix`: any source starting with it.
[[nodiscard]] std::string SourceLikePattern(std::string_view source, bool prefix);

}  // namespace ah::store
