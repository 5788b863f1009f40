#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <ctime>
#include <utility>

#include "core/paper_json.h"
#include "store/sqlite/fts_tokenizer.h"
#include "store/sqlite/schema.h"

namespace ah::store::sqlite {
namespace {

std::string LikeEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '%' || c == '_') out += '\\';
    out += c == '|' ? ' ' : c;
  }
  return out;
}

// The pattern matching one category in the '|'-joined categories column.
std::string CategoryPattern(std::string_view category) {
  return "%|" + LikeEscape(category) + "|%";
}

}  // namespace

void LimitCacheMemory(int64_t bytes) { sqlite3_soft_heap_limit64(bytes); }

std::string ConnectionPragmas(const OpenOptions& options) {
  // busy_timeout first, so that the other pragmas wait for a concurrent writer.
  std::string pragmas = "PRAGMA busy_timeout = 5000;";
  pragmas += " PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;";
  // Reads come through a memory map of the file (up to 1 GiB of it): pages are
  // shared with the OS page cache instead of copied into each connection's
  // own cache, so a server's pooled connections hold little private memory
  // and a connection that never read a page before reads it at memory speed.
  // The private page cache then holds what the map cannot serve (pages being
  // written, pages still in the WAL): 8 MiB, except for a bulk load, whose
  // index builds rewrite large parts of the file (64 MiB).
  pragmas += " PRAGMA mmap_size = 1073741824;";
  pragmas += options.bulk ? " PRAGMA cache_size = -65536;" : " PRAGMA cache_size = -8192;";
  pragmas += options.bulk ? " PRAGMA synchronous = OFF;" : " PRAGMA synchronous = NORMAL;";
  // Checkpoint every ~40 MB of WAL instead of 4 MB: a checkpoint costs two
  // fsyncs, which dominated the wall time of a 100k-paper harvest.
  pragmas += " PRAGMA wal_autocheckpoint = 10000;";
  return pragmas;
}

std::string_view JournalMode(const OpenOptions& options) {
  // A bulk load into a new library keeps a rollback journal instead of WAL:
  // pages appended to the file need no journal copy, while WAL writes every
  // page twice (log, then checkpoint). ~9% less wall time on the 100k-record
  // harvest. The store returns the library to WAL when it closes.
  return options.bulk ? "truncate" : "wal";
}

namespace {

// Before the migrations, so that creating the schema is one cheap commit.
Status SetJournalMode(Db& db, const OpenOptions& options) {
  if (options.read_only) return Ok();
  const std::string_view want = JournalMode(options);
  {
    // Finalised before the switch: SQLite refuses it while a statement is active.
    auto st = db.Prepare("PRAGMA journal_mode");
    if (!st) return Fail(st.error());
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (*row && st->ColumnText(0) == want) return Ok();
  }
  auto set = db.Exec("PRAGMA journal_mode = " + std::string(want));
  if (!set && set.error().code == Code::kUnavailable) return Ok();  // busy: see JournalMode
  return set;
}

// True when this call created `path` (and so no other process is using it).
bool CreateExclusively(const std::string& path) {
  if (path.empty() || path == ":memory:") return false;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return false;  // EEXIST, or an error that Db::Open reports
  ::close(fd);
  return true;
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path,
                                                       OpenOptions options) {
  if (options.read_only) {
    options.bulk = false;
  } else if (!options.bulk && options.bulk_if_new && options.create) {
    options.bulk = CreateExclusively(path);
  }
  auto db = Db::Open(path, options.read_only, /*create=*/!options.read_only && options.create);
  if (!db) return Fail(db.error());
  Status st = (*db)->Exec(ConnectionPragmas(options));
  if (st) st = SetJournalMode(**db, options);
  if (!st) {
    if (st.error().code == Code::kCorrupt) {
      return MakeError(Code::kCorrupt, path +
                                           " is not an AcademicHub library (not an SQLite "
                                           "database, or damaged): " +
                                           st.error().message);
    }
    return Fail(st.error().Wrap("cannot open library " + path));
  }
  if (auto mst = Migrate(**db, options.read_only); !mst) return Fail(mst.error());
  return std::unique_ptr<SqliteStore>(
      new SqliteStore(std::move(*db), options.read_only, options.bulk,
                      std::move(options.search_cache)));
}

SqliteStore::~SqliteStore() {
  // Lets SQLite refresh its planner statistics where they are stale (cheap).
  if (!read_only_) (void)db_->Exec("PRAGMA optimize");
  if (bulk_) (void)db_->Exec("PRAGMA journal_mode = WAL");
}

Status SqliteStore::ScanPapers(Stmt& st, const std::function<Status(const Paper&)>& fn) {
  for (;;) {
    auto row = st.Step();
    if (!row) return Fail(row.error());
    if (!*row) return Ok();
    auto p = PaperFromJsonString(st.ColumnText(1));
    if (!p) {
      return MakeError(Code::kCorrupt, db_->path() + ": papers row " +
                                           std::to_string(st.ColumnInt(0)) +
                                           " holds an unreadable document: " + p.error().message);
    }
    if (auto s = fn(*p); !s) return s;
  }
}

Status SqliteStore::ForEachPaper(const std::function<Status(const Paper&)>& fn) {
  // A fresh statement: `fn` may call back into the store.
  auto st = db_->Prepare("SELECT id, doc FROM papers ORDER BY id");
  if (!st) return Fail(st.error());
  return ScanPapers(*st, fn);
}

Result<std::optional<std::string>> SqliteStore::OptionalText(std::string_view sql,
                                                             std::string_view key) {
  auto st = db_->Cached(sql);
  if (!st) return Fail(st.error());
  ScopedReset reset(**st);
  (*st)->BindText(1, key);
  auto row = (*st)->Step();
  if (!row) return Fail(row.error());
  std::optional<std::string> out;
  if (*row) out = (*st)->ColumnString(0);
  return out;
}

Result<int64_t> SqliteStore::LastChange() {
  return db_->QueryInt("SELECT coalesce(max(seq), 0) FROM papers");
}

Status SqliteStore::ForEachPaperSince(int64_t seq, const std::function<Status(const Paper&)>& fn) {
  auto st = db_->Prepare("SELECT id, doc FROM papers WHERE seq > ? ORDER BY seq, id");
  if (!st) return Fail(st.error());
  st->BindInt(1, seq);
  return ScanPapers(*st, fn);
}

Result<PaperView> SqliteStore::MakeView(int64_t id, std::string_view doc) {
  auto p = PaperFromJsonString(doc);
  if (!p) {
    return MakeError(Code::kCorrupt, db_->path() + ": papers row " + std::to_string(id) +
                                         " holds an unreadable document: " + p.error().message);
  }
  return ViewOn(*this, id, std::move(*p));
}

// Steps a statement whose first column is a paper id and builds the views in
// row order (see ViewsOf).
Result<std::vector<PaperView>> SqliteStore::CollectViews(Stmt& st) {
  std::vector<int64_t> ids;
  {
    ScopedReset reset(st);
    for (;;) {
      auto row = st.Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      ids.push_back(st.ColumnInt(0));
    }
  }
  return ViewsOf(ids);
}

// Documents are fetched per id after the ids are known, so that a query
// sorting many rows never carries the documents through its sorter, and so
// that MakeView's own statements never interleave with the caller's.
Result<std::vector<PaperView>> SqliteStore::ViewsOf(const std::vector<int64_t>& ids) {
  auto doc_st = db_->Cached("SELECT doc FROM papers WHERE id = ?");
  if (!doc_st) return Fail(doc_st.error());
  std::vector<PaperView> out;
  out.reserve(ids.size());
  for (int64_t id : ids) {
    std::string doc;
    {
      Stmt& s = **doc_st;
      ScopedReset reset(s);
      s.BindInt(1, id);
      auto row = s.Step();
      if (!row) return Fail(row.error());
      if (!*row) continue;  // cannot happen inside one read, but never index a missing row
      doc = s.ColumnString(0);
    }
    auto v = MakeView(id, doc);
    if (!v) return Fail(v.error());
    out.push_back(std::move(*v));
  }
  return out;
}

// Listings made by API lookups and OAI-PMH harvests record where a record came
// from, not an announcement: they never make a day's feed.
constexpr const char* kAnnouncementOnly = " AND l.announce_type NOT IN ('api', 'oai')";

Result<std::string> SqliteStore::ListingDateBound(const ListingFilter& f, std::string_view bound,
                                                  std::string_view than) {
  std::string sql = "SELECT " + std::string(bound) + "(l.date) FROM listings l";
  if (!f.category.empty()) sql += " JOIN papers p ON p.id = l.paper_id";
  sql += " WHERE l.date <> ''" + std::string(kAnnouncementOnly);
  if (!than.empty()) sql += " AND l.date " + std::string(than) + " ?";
  if (!f.source.empty()) sql += " AND l.source = ? COLLATE NOCASE";
  if (!f.category.empty()) sql += " AND ('|' || p.categories || '|') LIKE ? ESCAPE '\\'";
  auto st = db_->Cached(sql);
  if (!st) return Fail(st.error());
  Stmt& s = **st;
  ScopedReset reset(s);
  const std::string pattern = CategoryPattern(f.category);
  int i = 1;
  if (!than.empty()) s.BindText(i++, f.date);
  if (!f.source.empty()) s.BindText(i++, f.source);
  if (!f.category.empty()) s.BindText(i++, pattern);
  auto row = s.Step();
  if (!row) return Fail(row.error());
  return *row && !s.ColumnIsNull(0) ? s.ColumnString(0) : std::string();
}

Result<std::string> SqliteStore::LatestListingDate(const ListingFilter& f) {
  return ListingDateBound(f, "MAX", "");
}

Result<std::pair<std::string, std::string>> SqliteStore::AdjacentListingDates(
    const ListingFilter& f) {
  auto before = ListingDateBound(f, "MAX", "<");
  if (!before) return Fail(before.error());
  auto after = ListingDateBound(f, "MIN", ">");
  if (!after) return Fail(after.error());
  return std::make_pair(std::move(*before), std::move(*after));
}

Result<std::vector<PaperView>> SqliteStore::ListByListing(const ListingFilter& f) {
  std::string date = f.date;
  if (date.empty()) {
    auto latest = LatestListingDate(f);
    if (!latest) return Fail(latest.error());
    if (latest->empty()) return std::vector<PaperView>();
    date = std::move(*latest);
  }
  std::string sql =
      "SELECT p.id FROM listings l JOIN papers p ON p.id = l.paper_id WHERE l.date = ?" +
      std::string(kAnnouncementOnly);
  if (!f.source.empty()) sql += " AND l.source = ? COLLATE NOCASE";
  if (!f.category.empty()) sql += " AND ('|' || p.categories || '|') LIKE ? ESCAPE '\\'";
  sql += " GROUP BY p.id ORDER BY MIN(l.id) LIMIT ?";
  auto st = db_->Cached(sql);
  if (!st) return Fail(st.error());
  Stmt& s = **st;
  const std::string pattern = CategoryPattern(f.category);
  int i = 1;
  s.BindText(i++, date);
  if (!f.source.empty()) s.BindText(i++, f.source);
  if (!f.category.empty()) s.BindText(i++, pattern);
  s.BindInt(i++, f.limit > 0 ? f.limit : -1);
  return CollectViews(s);
}

Result<LibraryStats> SqliteStore::Stats() {
  LibraryStats out;
  auto count = [&](const char* sql, int64_t& dst) -> Status {
    auto v = db_->QueryInt(sql);
    if (!v) return Fail(v.error().Wrap("library stats"));
    dst = *v;
    return Ok();
  };
  if (auto st = count("SELECT COUNT(*) FROM papers", out.papers); !st) return Fail(st.error());
  if (auto st = count("SELECT COUNT(*) FROM listings", out.listings); !st) return Fail(st.error());
  // A paper's DOI is always registered in paper_ids (and only there for it).
  if (auto st = count("SELECT COUNT(*) FROM paper_ids WHERE scheme = 'doi'", out.with_doi); !st) {
    return Fail(st.error());
  }
  if (auto st = count("SELECT COUNT(*) FROM papers WHERE published_doi IS NOT NULL",
                      out.with_published_version);
      !st) {
    return Fail(st.error());
  }
  auto latest = LatestListingDate(ListingFilter{});
  if (!latest) return Fail(latest.error());
  out.latest_listing_date = std::move(*latest);

  auto by_source = db_->Prepare(
      "SELECT source, COUNT(DISTINCT paper_id) FROM listings GROUP BY source "
      "ORDER BY 2 DESC, source");
  if (!by_source) return Fail(by_source.error());
  for (;;) {
    auto row = by_source->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.papers_by_source.emplace_back(by_source->ColumnString(0), by_source->ColumnInt(1));
  }
  auto log = db_->Prepare(
      "SELECT source, url, started_unix, finished_unix, http_status, added, updated, unchanged, "
      "rejected, error FROM fetch_log ORDER BY id DESC LIMIT 20");
  if (!log) return Fail(log.error());
  for (;;) {
    auto row = log->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    FetchLogEntry e;
    e.source = log->ColumnString(0);
    e.url = log->ColumnString(1);
    e.started_unix = log->ColumnInt(2);
    e.finished_unix = log->ColumnInt(3);
    e.http_status = static_cast<int>(log->ColumnInt(4));
    e.added = log->ColumnInt(5);
    e.updated = log->ColumnInt(6);
    e.unchanged = log->ColumnInt(7);
    e.rejected = log->ColumnInt(8);
    e.error = log->ColumnString(9);
    out.recent_fetches.push_back(std::move(e));
  }
  return out;
}

Status SqliteStore::LogFetch(const FetchLogEntry& e) {
  auto st = db_->Cached(
      "INSERT INTO fetch_log(source, url, started_unix, finished_unix, http_status, added, "
      "updated, unchanged, rejected, error) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!st) return Fail(st.error());
  Stmt& s = **st;
  ScopedReset reset(s);
  s.BindText(1, e.source);
  s.BindText(2, e.url);
  s.BindInt(3, e.started_unix);
  s.BindInt(4, e.finished_unix);
  s.BindInt(5, e.http_status);
  s.BindInt(6, e.added);
  s.BindInt(7, e.updated);
  s.BindInt(8, e.unchanged);
  s.BindInt(9, e.rejected);
  s.BindText(10, e.error);
  if (auto r = s.Run(); !r) return Fail(r.error().Wrap("log fetch of " + e.url));
  return Ok();
}

Result<std::optional<std::string>> SqliteStore::GetCursor(std::string_view source) {
  auto st = db_->Cached("SELECT cursor FROM cursors WHERE source = ?");
  if (!st) return Fail(st.error());
  Stmt& s = **st;
  ScopedReset reset(s);
  s.BindText(1, source);
  auto row = s.Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(s.ColumnString(0));
}

Status SqliteStore::SetCursor(const CursorUpdate& c) {
  if (auto st = SaveCursor(c); !st) return Fail(st.error().Wrap("save cursor of " + c.source));
  return Ok();
}

Result<HttpValidators> SqliteStore::GetValidators(std::string_view url) {
  auto st = db_->Cached("SELECT etag, last_modified FROM http_validators WHERE url = ?");
  if (!st) return Fail(st.error());
  Stmt& s = **st;
  ScopedReset reset(s);
  s.BindText(1, url);
  auto row = s.Step();
  if (!row) return Fail(row.error());
  HttpValidators v;
  if (*row) {
    v.etag = s.ColumnString(0);
    v.last_modified = s.ColumnString(1);
  }
  return v;
}

Status SqliteStore::SetValidators(std::string_view url, const HttpValidators& v) {
  auto st = db_->Cached(
      "INSERT INTO http_validators(url, etag, last_modified) VALUES(?, ?, ?) "
      "ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = "
      "excluded.last_modified");
  if (!st) return Fail(st.error());
  Stmt& s = **st;
  ScopedReset reset(s);
  s.BindText(1, url);
  s.BindText(2, v.etag);
  s.BindText(3, v.last_modified);
  return s.Run();
}

Result<std::vector<CursorUpdate>> SqliteStore::ListCursors() {
  auto st = db_->Prepare("SELECT source, cursor FROM cursors ORDER BY source");
  if (!st) return Fail(st.error());
  std::vector<CursorUpdate> out;
  while (true) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back({st->ColumnString(0), st->ColumnString(1)});
  }
  return out;
}

Result<std::vector<std::pair<std::string, HttpValidators>>> SqliteStore::ListValidators() {
  auto st = db_->Prepare("SELECT url, etag, last_modified FROM http_validators ORDER BY url");
  if (!st) return Fail(st.error());
  std::vector<std::pair<std::string, HttpValidators>> out;
  while (true) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back({st->ColumnString(0), {st->ColumnString(1), st->ColumnString(2)}});
  }
  return out;
}

Result<std::vector<FetchLogEntry>> SqliteStore::ListFetchLog() {
  auto st = db_->Prepare(
      "SELECT source, url, started_unix, finished_unix, http_status, added, updated, unchanged, "
      "rejected, error FROM fetch_log ORDER BY id");
  if (!st) return Fail(st.error());
  std::vector<FetchLogEntry> out;
  while (true) {
    auto row = st->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    FetchLogEntry e;
    e.source = st->ColumnString(0);
    e.url = st->ColumnString(1);
    e.started_unix = st->ColumnInt(2);
    e.finished_unix = st->ColumnInt(3);
    e.http_status = static_cast<int>(st->ColumnInt(4));
    e.added = st->ColumnInt(5);
    e.updated = st->ColumnInt(6);
    e.unchanged = st->ColumnInt(7);
    e.rejected = st->ColumnInt(8);
    e.error = st->ColumnString(9);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace ah::store::sqlite
