// Schema of the SQLite library and its migrations. The schema version lives in
// `PRAGMA user_version`; migration i (1-based) upgrades version i-1 to i in one
// transaction. See schema.cc for the tables.
#pragma once

#include "core/result.h"
#include "store/sqlite/db.h"

namespace ah::store::sqlite {

// The version this build writes and reads.
inline constexpr int kSchemaVersion = 11;

// Applies the missing migrations. A library written by a newer build ->
// Error{kCorrupt} naming both versions; a file that is not an SQLite database
// -> Error{kCorrupt} naming the path. With `read_only`, only checks that the
// schema is current (kInvalidArgument when it needs a migration). First registers the
// full-text tokenizer (fts_tokenizer.h) on the connection, which every connection needs.
[[nodiscard]] Status Migrate(Db& db, bool read_only);

}  // namespace ah::store::sqlite
