#include "store/store.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "core/paper_limits.h"
#include "store/open.h"
#include "store/pg/pg_store.h"
#include "store/sqlite/sqlite_store.h"

namespace ah::store {

UpsertStats& UpsertStats::operator+=(const UpsertStats& o) {
  added += o.added;
  updated += o.updated;
  unchanged += o.unchanged;
  rejected += o.rejected;
  errors.insert(errors.end(), o.errors.begin(), o.errors.end());
  warnings.insert(warnings.end(), o.warnings.begin(), o.warnings.end());
  return *this;
}

namespace {

// A page brought within the limits: `papers` is the input itself when nothing
// needed changing (the common case costs one scan and no copy), else a copy.
struct LimitedPage {
  const std::vector<Paper>* input = nullptr;
  bool copied = false;
  std::vector<Paper> copy;
  std::vector<Error> warnings;
  const std::vector<Paper>& papers() const { return copied ? copy : *input; }
};

LimitedPage Limit(const std::vector<Paper>& in) {
  LimitedPage out;
  out.input = &in;
  if (std::all_of(in.begin(), in.end(), [](const Paper& p) { return PaperWithinLimits(p); })) {
    return out;
  }
  out.copy = in;
  out.copied = true;
  out.warnings = ApplyPageLimits(out.copy);
  return out;
}

void AddWarnings(Result<UpsertStats>& r, std::vector<Error>& warnings) {
  if (!r) return;
  for (auto& w : warnings) r->warnings.push_back(std::move(w));
}

}  // namespace

Result<UpsertStats> Store::UpsertPage(const std::vector<Paper>& papers,
                                      const std::optional<CursorUpdate>& cursor) {
  LimitedPage page = Limit(papers);
  Result<UpsertStats> r = DoUpsertPage(page.papers(), cursor);
  AddWarnings(r, page.warnings);
  return r;
}

std::vector<Result<UpsertStats>> Store::UpsertPages(const std::vector<const std::vector<Paper>*>& pages) {
  std::vector<LimitedPage> limited;
  limited.reserve(pages.size());
  std::vector<const std::vector<Paper>*> clean;
  clean.reserve(pages.size());
  for (const auto* page : pages) limited.push_back(Limit(*page));
  for (const auto& page : limited) clean.push_back(&page.papers());
  std::vector<Result<UpsertStats>> out = DoUpsertPages(clean);
  for (size_t i = 0; i < out.size() && i < limited.size(); ++i)
    AddWarnings(out[i], limited[i].warnings);
  return out;
}

std::vector<Result<UpsertStats>> Store::DoUpsertPages(
    const std::vector<const std::vector<Paper>*>& pages) {
  std::vector<Result<UpsertStats>> out;
  out.reserve(pages.size());
  for (const auto* page : pages) out.push_back(DoUpsertPage(*page, std::nullopt));
  return out;
}

Result<std::vector<CursorUpdate>> Store::ListCursors() {
  return MakeError(Code::kInternal, "this library cannot list its harvest positions");
}

Result<std::vector<std::pair<std::string, HttpValidators>>> Store::ListValidators() {
  return MakeError(Code::kInternal, "this library cannot list its HTTP validators");
}

Result<std::vector<FetchLogEntry>> Store::ListFetchLog() {
  return MakeError(Code::kInternal, "this library cannot list its fetch log");
}

Status Store::ImportPapers(const std::vector<Paper>&) {
  return MakeError(Code::kInternal, "this library cannot import papers");
}

Result<std::vector<RadarDefinition>> RadarStore::ListAllRadars() {
  return MakeError(Code::kInternal, "this library cannot list every owner's radars");
}

Status RadarStore::ImportRadar(const RadarDefinition&) {
  return MakeError(Code::kInternal, "this library cannot import radars");
}

Status RadarStore::ImportBriefing(const StoredBriefing&) {
  return MakeError(Code::kInternal, "this library cannot import briefings");
}

Status RadarStore::ForEachCacheEntry(const std::function<Status(const CacheEntry&)>&) {
  return MakeError(Code::kInternal, "this library cannot list its answer cache");
}

void LimitCacheMemory(int64_t bytes) { sqlite::LimitCacheMemory(bytes); }

bool IsServerLocation(std::string_view location) { return pg::IsPostgresUrl(location); }

Result<std::unique_ptr<Store>> OpenStore(const std::string& location, const StoreOptions& options) {
  if (pg::IsPostgresUrl(location)) {
    // A server library exists once the server is reached: its schema is
    // created (migrated) on first use, whatever create_if_missing says.
    auto s = pg::PgStore::Open(location);
    if (!s) return Fail(s.error());
    return std::unique_ptr<Store>(std::move(*s));
  }
  if (location.empty()) return MakeError(Code::kInvalidArgument, "library path is empty");
  sqlite::OpenOptions o;
  o.bulk_if_new = options.bulk_load;
  o.search_cache = options.search_cache;
  if (!options.create_if_missing && location != ":memory:") {
    std::error_code ec;
    const auto status = std::filesystem::status(location, ec);
    if (status.type() == std::filesystem::file_type::not_found)
      return MakeError(Code::kNotFound, "no library at " + location);
    if (status.type() == std::filesystem::file_type::directory)
      return MakeError(Code::kInvalidArgument, location + " is a folder, not a library file");
    // Opened without creating: a file removed since this check is an error too.
    o.create = false;
  }
  auto s = sqlite::SqliteStore::Open(location, o);
  if (!s) return Fail(s.error());
  return std::unique_ptr<Store>(std::move(*s));
}

}  // namespace ah::store
