// The PostgreSQL backend's schema: its own ordered list of migrations
// (schema.cc), recorded in the `schema_version` table (one row per applied
// migration). Each migration runs in its own transaction, so a failure leaves
// the database at the previous version; concurrent starters (several workers
// and web front ends opening one database at once) take a session advisory
// lock first, so exactly one applies each migration and the others then see it
// applied.
#pragma once

#include "core/result.h"
#include "store/pg/conn.h"

namespace ah::store::pg {

// The number of the newest migration this build knows.
int LatestSchemaVersion();

// Applies the migrations newer than the database's version, in order.
// kCorrupt when the database is newer than this build (it was migrated by a
// later AcademicHub); errors name the server and the migration, never its SQL.
[[nodiscard]] Status Migrate(Conn& conn);

// The database's version (0: none applied yet).
[[nodiscard]] Result<int> SchemaVersion(Conn& conn);

}  // namespace ah::store::pg
