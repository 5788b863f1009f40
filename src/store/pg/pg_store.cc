// PgStore: the paper rows (PaperBackend) and the Store's reads on PostgreSQL.
#include "store/pg/pg_store.h"

#include <algorithm>
#include <ctime>
#include <limits>
#include <map>

#include "core/paper_json.h"
#include "store/pg/pg_text.h"
#include "store/pg/schema.h"

namespace ah::store::pg {
namespace {

// The transaction-level advisory lock of paper writes ("AHpw").
constexpr int64_t kPaperWriteLock = 0x41487077;
// Papers read per query by ForEachPaper / ForEachPaperSince.
constexpr int64_t kScanBatch = 500;

// Listings made by API lookups and OAI-PMH harvests record where a record came
// from, not an announcement: they never make a day's feed.
constexpr const char* kAnnouncementOnly = " AND l.announce_type NOT IN ('api', 'oai')";

std::string LikeEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '%' || c == '_') out += '\\';
    out += c == '|' ? ' ' : c;
  }
  return out;
}

// The pattern matching one category in the '|'-joined categories column
// (ILIKE: case-insensitive, as SQLite's LIKE is for ASCII).
std::string CategoryPattern(std::string_view category) {
  return "%|" + LikeEscape(category) + "|%";
}

bool SameAuthorNames(const Paper& a, const Paper& b) {
  if (a.authors.size() != b.authors.size()) return false;
  for (size_t i = 0; i < a.authors.size(); ++i) {
    if (a.authors[i].name != b.authors[i].name) return false;
  }
  return true;
}

bool TextChanged(const Paper& a, const Paper& b) {
  return a.title != b.title || a.abstract != b.abstract || a.categories != b.categories ||
         !SameAuthorNames(a, b);
}

Value OrNull(const std::string& s) { return s.empty() ? Value(nullptr) : Value(s); }

}  // namespace

Result<std::unique_ptr<PgStore>> PgStore::Open(const std::string& url) {
  auto conn = Conn::Open(url);
  if (!conn) return Fail(conn.error());
  if (auto st = Migrate(**conn); !st) return Fail(st.error());
  auto analyzer = sqlite::TextAnalyzer::Create();
  if (!analyzer) return Fail(analyzer.error());
  return std::unique_ptr<PgStore>(new PgStore(std::move(*conn), std::move(*analyzer)));
}

PgStore::~PgStore() {
  if (conn_->in_transaction()) conn_->Rollback();
}

Result<Paper> PgStore::ParseDoc(PaperRow row, std::string_view doc) const {
  auto p = PaperFromJsonString(doc);
  if (!p) {
    return MakeError(Code::kCorrupt, "the library at PostgreSQL " + conn_->name() +
                                         ": papers row " + std::to_string(row) +
                                         " holds an unreadable document: " + p.error().message);
  }
  return std::move(*p);
}

// --- PaperBackend ---

Status PgStore::BeginPapers(std::string_view what) {
  auto fail = [&](const Error& e) {
    return Fail(e.Wrap(std::string(what) + ": cannot start a write transaction at PostgreSQL " +
                       conn_->name()));
  };
  term_deltas_.clear();
  if (auto st = conn_->Begin(); !st) return fail(st.error());
  // Serialises paper writers (see pg_store.h), then numbers this one above
  // every committed write.
  auto lock = conn_->Query("SELECT pg_advisory_xact_lock($1::bigint)", {kPaperWriteLock});
  if (!lock) {
    conn_->Rollback();
    return fail(lock.error());
  }
  auto seq = conn_->Query("SELECT coalesce(max(seq), 0) + 1 FROM papers");
  if (!seq) {
    conn_->Rollback();
    return fail(seq.error());
  }
  write_seq_ = seq->Int(0, 0);
  return Ok();
}

Status PgStore::CommitPapers(std::string_view what) {
  if (auto st = FlushTermDeltas(); !st) return Fail(st.error().Wrap(std::string(what)));
  if (auto st = conn_->Commit(); !st) return Fail(st.error().Wrap(std::string(what)));
  return Ok();
}

void PgStore::RollbackPapers() {
  term_deltas_.clear();
  if (conn_->in_transaction()) conn_->Rollback();
}

Status PgStore::FlushTermDeltas() {
  // One statement per write transaction (a per-row trigger tripled the time
  // of an ingest: docs/benchmarks.md), in term order.
  std::vector<std::string> terms, deltas;
  for (const auto& [term, delta] : term_deltas_) {
    if (delta == 0) continue;
    terms.push_back(term);
    deltas.push_back(std::to_string(delta));
  }
  term_deltas_.clear();
  if (terms.empty()) return Ok();
  auto r = conn_->Exec(
      "INSERT INTO search_terms(term, docs) SELECT * FROM unnest($1::text[], $2::bigint[]) "
      "ON CONFLICT (term) DO UPDATE SET docs = search_terms.docs + excluded.docs",
      {TextArray(terms), TextArray(deltas)});
  if (!r) return Fail(r.error());
  return Ok();
}

Status PgStore::SaveCursorInWrite(const CursorUpdate& c) { return SaveCursor(c); }

Result<PaperRow> PgStore::FindPaperById(std::string_view scheme, std::string_view value) {
  auto r = conn_->Query("SELECT paper_id FROM paper_ids WHERE scheme = $1 AND value = $2",
                        {scheme, value});
  if (!r) return Fail(r.error());
  return r->empty() ? 0 : r->Int(0, 0);
}

Result<std::optional<Paper>> PgStore::LoadPaper(PaperRow row) {
  auto r = conn_->Query("SELECT doc FROM papers WHERE id = $1::bigint", {row});
  if (!r) return Fail(r.error());
  if (r->empty()) return std::optional<Paper>();
  auto p = ParseDoc(row, r->Text(0, 0));
  if (!p) return Fail(p.error());
  return std::optional<Paper>(std::move(*p));
}

Result<std::string> PgStore::PaperKey(PaperRow row) {
  auto r = conn_->Query("SELECT key FROM papers WHERE id = $1::bigint", {row});
  if (!r) return Fail(r.error());
  return r->empty() ? std::string() : r->Text(0, 0);
}

Result<std::vector<PaperRow>> PgStore::PapersPublishedAs(std::string_view doi, size_t limit) {
  auto r =
      conn_->Query("SELECT id FROM papers WHERE published_doi = $1 ORDER BY id LIMIT $2::bigint",
                   {doi, static_cast<int64_t>(limit)});
  if (!r) return Fail(r.error());
  std::vector<PaperRow> out;
  for (int i = 0; i < r->size(); ++i) out.push_back(r->Int(i, 0));
  return out;
}

Result<std::vector<StoredPaper>> PgStore::LinkCandidates(int64_t match_hash, MatchKind kind) {
  auto r = conn_->Query(
      "SELECT id, doc FROM papers WHERE match_hash = $1::bigint AND match_kind = $2::integer "
      "ORDER BY id",
      {match_hash, static_cast<int>(kind)});
  if (!r) return Fail(r.error());
  std::vector<StoredPaper> out;
  for (int i = 0; i < r->size(); ++i) {
    auto p = PaperFromJsonString(r->Text(i, 1));
    if (!p) continue;  // an unreadable row cannot be linked; it is reported when merged into
    out.push_back(StoredPaper{r->Int(i, 0), std::move(*p)});
  }
  return out;
}

Result<PaperRow> PgStore::WritePaper(const PaperWrite& w) {
  const Paper& p = *w.paper;
  const DerivedColumns& d = w.derived;
  const std::string doc = PaperToJsonString(p);
  const bool linked = d.match_kind != MatchKind::kNone;
  const Value hash = linked ? Value(d.match_hash) : Value(nullptr);
  const Value kind = linked ? Value(static_cast<int>(d.match_kind)) : Value(nullptr);
  const bool text = w.before == nullptr || TextChanged(*w.before, p);
  std::string tsv;
  if (text) {
    auto v = PaperSearchColumns(p, *analyzer_);
    if (!v) return Fail(v.error());
    tsv = std::move(v->tsv);
    for (const std::string& t : v->terms) ++term_deltas_[t];
    if (w.before != nullptr) {
      auto old = PaperSearchColumns(*w.before, *analyzer_);
      if (!old) return Fail(old.error());
      for (const std::string& t : old->terms) --term_deltas_[t];
    }
  }
  PaperRow row = w.row;
  if (row == 0) {
    auto r = conn_->Query(
        "INSERT INTO papers(key, doi, published_doi, categories, primary_category, first_date, "
        "match_hash, match_kind, updated_unix, seq, doc, tsv) VALUES($1, $2, $3, $4, $5, $6, "
        "$7::bigint, $8::integer, $9::bigint, $10::bigint, $11, $12::tsvector) RETURNING id",
        {p.key, OrNull(p.ids.doi), OrNull(p.published_doi), d.categories, p.primary_category,
         OrNull(d.first_date), hash, kind, w.now, write_seq_, doc, tsv});
    if (!r) return Fail(r.error());
    row = r->Int(0, 0);
  } else {
    const std::string set =
        "UPDATE papers SET doi = $2, published_doi = $3, categories = $4, primary_category = $5, "
        "first_date = $6, match_hash = $7::bigint, match_kind = $8::integer, updated_unix = "
        "$9::bigint, seq = $10::bigint, doc = $11";
    auto r = text ? conn_->Query(set + ", tsv = $12::tsvector WHERE id = $1::bigint",
                                 {row, OrNull(p.ids.doi), OrNull(p.published_doi), d.categories,
                                  p.primary_category, OrNull(d.first_date), hash, kind, w.now,
                                  write_seq_, doc, tsv})
                  : conn_->Query(set + " WHERE id = $1::bigint",
                                 {row, OrNull(p.ids.doi), OrNull(p.published_doi), d.categories,
                                  p.primary_category, OrNull(d.first_date), hash, kind, w.now,
                                  write_seq_, doc});
    if (!r) return Fail(r.error());
  }
  for (const IdScheme& slot : kIdSchemes) {
    const std::string& v = p.ids.*slot.field;
    if (v.empty() || (w.before != nullptr && !(w.before->ids.*slot.field).empty())) continue;
    auto r =
        conn_->Query("INSERT INTO paper_ids(scheme, value, paper_id) VALUES($1, $2, $3::bigint)",
                     {slot.name, v, row});
    if (!r) return Fail(r.error());
  }
  for (const Listing& l : p.listings) {
    if (w.before != nullptr && std::find(w.before->listings.begin(), w.before->listings.end(), l) !=
                                   w.before->listings.end()) {
      continue;
    }
    auto r = conn_->Query(
        "INSERT INTO listings(paper_id, source, date, announce_type, channel) "
        "VALUES($1::bigint, $2, $3, $4, $5)",
        {row, l.source, l.date, l.announce_type, l.channel});
    if (!r) return Fail(r.error());
  }
  return row;
}

Status PgStore::SaveCursor(const CursorUpdate& c) {
  auto r = conn_->Query(
      "INSERT INTO cursors(source, cursor, updated_unix) VALUES($1, $2, $3::bigint) "
      "ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor, "
      "updated_unix = excluded.updated_unix",
      {c.source, c.cursor, static_cast<int64_t>(std::time(nullptr))});
  if (!r) return Fail(r.error());
  return Ok();
}

// --- reads ---

Result<std::vector<PaperView>> PgStore::ViewsOf(const std::vector<PaperRow>& rows) {
  std::vector<PaperView> out;
  if (rows.empty()) return out;
  std::string list = "{";
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i) list += ',';
    list += std::to_string(rows[i]);
  }
  list += '}';
  auto r = conn_->Query("SELECT id, doc FROM papers WHERE id = ANY($1::bigint[])", {list});
  if (!r) return Fail(r.error());
  std::map<PaperRow, int> at;
  for (int i = 0; i < r->size(); ++i) at[r->Int(i, 0)] = i;
  out.reserve(rows.size());
  for (PaperRow row : rows) {
    auto it = at.find(row);
    if (it == at.end()) continue;
    auto p = ParseDoc(row, r->Text(it->second, 1));
    if (!p) return Fail(p.error());
    auto v = ViewOn(*this, row, std::move(*p));
    if (!v) return Fail(v.error());
    out.push_back(std::move(*v));
  }
  return out;
}

Status PgStore::ScanPapers(bool seq_order, int64_t after_seq,
                           const std::function<Status(const Paper&)>& fn) {
  // (seq, id) > (after_seq, max): every row of a later write.
  int64_t last_seq = after_seq, last_id = seq_order ? std::numeric_limits<int64_t>::max() : 0;
  for (;;) {
    auto r = seq_order
                 ? conn_->Query(
                       "SELECT id, doc, seq FROM papers WHERE (seq, id) > ($1::bigint, $2::bigint) "
                       "ORDER BY seq, id LIMIT $3::bigint",
                       {last_seq, last_id, kScanBatch})
                 : conn_->Query(
                       "SELECT id, doc, seq FROM papers WHERE id > $1::bigint ORDER BY id "
                       "LIMIT $2::bigint",
                       {last_id, kScanBatch});
    if (!r) return Fail(r.error());
    for (int i = 0; i < r->size(); ++i) {
      last_id = r->Int(i, 0);
      last_seq = r->Int(i, 2);
      auto p = ParseDoc(last_id, r->Text(i, 1));
      if (!p) return Fail(p.error());
      if (auto st = fn(*p); !st) return st;
    }
    if (r->size() < kScanBatch) return Ok();
  }
}

Status PgStore::ForEachPaper(const std::function<Status(const Paper&)>& fn) {
  return ScanPapers(false, 0, fn);
}

Result<int64_t> PgStore::LastChange() {
  auto r = conn_->Query("SELECT coalesce(max(seq), 0) FROM papers");
  if (!r) return Fail(r.error());
  return r->Int(0, 0);
}

Status PgStore::ForEachPaperSince(int64_t seq, const std::function<Status(const Paper&)>& fn) {
  return ScanPapers(true, seq, fn);
}

Result<std::string> PgStore::ListingDateBound(const ListingFilter& f, std::string_view bound,
                                              std::string_view than) {
  std::vector<Value> params;
  auto param = [&](Value v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  std::string sql = "SELECT " + std::string(bound) + "(l.date) FROM listings l";
  if (!f.category.empty()) sql += " JOIN papers p ON p.id = l.paper_id";
  sql += " WHERE l.date <> ''" + std::string(kAnnouncementOnly);
  if (!than.empty()) sql += " AND l.date " + std::string(than) + " " + param(f.date);
  if (!f.source.empty()) sql += " AND lower(l.source) = lower(" + param(f.source) + ")";
  if (!f.category.empty())
    sql += " AND ('|' || p.categories || '|') ILIKE " + param(CategoryPattern(f.category));
  auto r = conn_->QueryList(sql, params);
  if (!r) return Fail(r.error());
  return r->empty() || r->IsNull(0, 0) ? std::string() : r->Text(0, 0);
}

Result<std::string> PgStore::LatestListingDate(const ListingFilter& f) {
  return ListingDateBound(f, "max", "");
}

Result<std::pair<std::string, std::string>> PgStore::AdjacentListingDates(const ListingFilter& f) {
  auto before = ListingDateBound(f, "max", "<");
  if (!before) return Fail(before.error());
  auto after = ListingDateBound(f, "min", ">");
  if (!after) return Fail(after.error());
  return std::make_pair(std::move(*before), std::move(*after));
}

Result<std::vector<PaperView>> PgStore::ListByListing(const ListingFilter& f) {
  std::string date = f.date;
  if (date.empty()) {
    auto latest = LatestListingDate(f);
    if (!latest) return Fail(latest.error());
    if (latest->empty()) return std::vector<PaperView>();
    date = std::move(*latest);
  }
  std::vector<Value> params;
  auto param = [&](Value v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  std::string sql =
      "SELECT p.id FROM listings l JOIN papers p ON p.id = l.paper_id WHERE l.date = " +
      param(date) + kAnnouncementOnly;
  if (!f.source.empty()) sql += " AND lower(l.source) = lower(" + param(f.source) + ")";
  if (!f.category.empty())
    sql += " AND ('|' || p.categories || '|') ILIKE " + param(CategoryPattern(f.category));
  sql += " GROUP BY p.id ORDER BY min(l.id)";
  if (f.limit > 0) sql += " LIMIT " + param(f.limit) + "::bigint";
  auto r = conn_->QueryList(sql, params);
  if (!r) return Fail(r.error());
  std::vector<PaperRow> rows;
  for (int i = 0; i < r->size(); ++i) rows.push_back(r->Int(i, 0));
  return ViewsOf(rows);
}

Result<LibraryStats> PgStore::Stats() {
  LibraryStats out;
  auto counts = conn_->Query(
      "SELECT (SELECT count(*) FROM papers), (SELECT count(*) FROM listings), "
      "(SELECT count(*) FROM paper_ids WHERE scheme = 'doi'), "
      "(SELECT count(*) FROM papers WHERE published_doi IS NOT NULL)");
  if (!counts) return Fail(counts.error().Wrap("library stats"));
  out.papers = counts->Int(0, 0);
  out.listings = counts->Int(0, 1);
  out.with_doi = counts->Int(0, 2);
  out.with_published_version = counts->Int(0, 3);
  auto latest = LatestListingDate(ListingFilter{});
  if (!latest) return Fail(latest.error());
  out.latest_listing_date = std::move(*latest);
  auto by_source = conn_->Query(
      "SELECT source, count(DISTINCT paper_id) FROM listings GROUP BY source "
      "ORDER BY 2 DESC, source");
  if (!by_source) return Fail(by_source.error().Wrap("library stats"));
  for (int i = 0; i < by_source->size(); ++i)
    out.papers_by_source.emplace_back(by_source->Text(i, 0), by_source->Int(i, 1));
  auto log = conn_->Query(
      "SELECT source, url, started_unix, finished_unix, http_status, added, updated, unchanged, "
      "rejected, error FROM fetch_log ORDER BY id DESC LIMIT 20");
  if (!log) return Fail(log.error().Wrap("library stats"));
  for (int i = 0; i < log->size(); ++i) {
    FetchLogEntry e;
    e.source = log->Text(i, 0);
    e.url = log->Text(i, 1);
    e.started_unix = log->Int(i, 2);
    e.finished_unix = log->Int(i, 3);
    e.http_status = static_cast<int>(log->Int(i, 4));
    e.added = log->Int(i, 5);
    e.updated = log->Int(i, 6);
    e.unchanged = log->Int(i, 7);
    e.rejected = log->Int(i, 8);
    e.error = log->Text(i, 9);
    out.recent_fetches.push_back(std::move(e));
  }
  return out;
}

Status PgStore::LogFetch(const FetchLogEntry& e) {
  auto r = conn_->Query(
      "INSERT INTO fetch_log(source, url, started_unix, finished_unix, http_status, added, "
      "updated, unchanged, rejected, error) VALUES($1, $2, $3::bigint, $4::bigint, $5::integer, "
      "$6::bigint, $7::bigint, $8::bigint, $9::bigint, $10)",
      {e.source, e.url, e.started_unix, e.finished_unix, e.http_status, e.added, e.updated,
       e.unchanged, e.rejected, e.error});
  if (!r) return Fail(r.error().Wrap("log fetch of " + e.url));
  return Ok();
}

Result<std::optional<std::string>> PgStore::GetCursor(std::string_view source) {
  auto r = conn_->Query("SELECT cursor FROM cursors WHERE source = $1", {source});
  if (!r) return Fail(r.error());
  if (r->empty()) return std::optional<std::string>();
  return std::optional<std::string>(r->Text(0, 0));
}

Status PgStore::SetCursor(const CursorUpdate& c) {
  if (auto st = SaveCursor(c); !st) return Fail(st.error().Wrap("save cursor of " + c.source));
  return Ok();
}

Result<HttpValidators> PgStore::GetValidators(std::string_view url) {
  auto r = conn_->Query("SELECT etag, last_modified FROM http_validators WHERE url = $1", {url});
  if (!r) return Fail(r.error());
  HttpValidators v;
  if (!r->empty()) {
    v.etag = r->Text(0, 0);
    v.last_modified = r->Text(0, 1);
  }
  return v;
}

Status PgStore::SetValidators(std::string_view url, const HttpValidators& v) {
  auto r = conn_->Query(
      "INSERT INTO http_validators(url, etag, last_modified) VALUES($1, $2, $3) "
      "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
      "last_modified = excluded.last_modified",
      {url, v.etag, v.last_modified});
  if (!r) return Fail(r.error());
  return Ok();
}

Result<std::vector<CursorUpdate>> PgStore::ListCursors() {
  auto r = conn_->Query("SELECT source, cursor FROM cursors ORDER BY source");
  if (!r) return Fail(r.error());
  std::vector<CursorUpdate> out;
  for (int i = 0; i < r->size(); ++i) out.push_back({r->Text(i, 0), r->Text(i, 1)});
  return out;
}

Result<std::vector<std::pair<std::string, HttpValidators>>> PgStore::ListValidators() {
  auto r = conn_->Query("SELECT url, etag, last_modified FROM http_validators ORDER BY url");
  if (!r) return Fail(r.error());
  std::vector<std::pair<std::string, HttpValidators>> out;
  for (int i = 0; i < r->size(); ++i)
    out.push_back({r->Text(i, 0), {r->Text(i, 1), r->Text(i, 2)}});
  return out;
}

Result<std::vector<FetchLogEntry>> PgStore::ListFetchLog() {
  auto r = conn_->Query(
      "SELECT source, url, started_unix, finished_unix, http_status, added, updated, unchanged, "
      "rejected, error FROM fetch_log ORDER BY id");
  if (!r) return Fail(r.error());
  std::vector<FetchLogEntry> out;
  for (int i = 0; i < r->size(); ++i) {
    FetchLogEntry e;
    e.source = r->Text(i, 0);
    e.url = r->Text(i, 1);
    e.started_unix = r->Int(i, 2);
    e.finished_unix = r->Int(i, 3);
    e.http_status = static_cast<int>(r->Int(i, 4));
    e.added = r->Int(i, 5);
    e.updated = r->Int(i, 6);
    e.unchanged = r->Int(i, 7);
    e.rejected = r->Int(i, 8);
    e.error = r->Text(i, 9);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace ah::store::pg
