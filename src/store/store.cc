#include "store/store.h"

#include "store/open.h"
#include "store/sqlite/sqlite_store.h"

namespace ah::store {

UpsertStats& UpsertStats::operator+=(const UpsertStats& o) {
  added += o.added;
  updated += o.updated;
  unchanged += o.unchanged;
  rejected += o.rejected;
  errors.insert(errors.end(), o.errors.begin(), o.errors.end());
  return *this;
}

std::vector<Result<UpsertStats>> Store::UpsertPages(const std::vector<const std::vector<Paper>*>& pages) {
  std::vector<Result<UpsertStats>> out;
  out.reserve(pages.size());
  for (const auto* page : pages) out.push_back(UpsertPage(*page, std::nullopt));
  return out;
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& location, const StoreOptions& options) {
  if (location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0) {
    return MakeError(Code::kInvalidArgument, "cannot open library " + location +
                                                 ": the PostgreSQL backend is not built yet");
  }
  if (location.empty()) return MakeError(Code::kInvalidArgument, "library path is empty");
  sqlite::OpenOptions o;
  o.bulk = options.bulk_load;
  auto s = sqlite::SqliteStore::Open(location, o);
  if (!s) return Fail(s.error());
  return std::unique_ptr<Store>(std::move(*s));
}

}  // namespace ah::store
