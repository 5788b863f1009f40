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

// The columns of papers one write sets, built here only, for every write path
// (the UPDATE of a stored paper, the COPY of new ones): each input is a value
// with its SQL type, stored as the column of its name when `column`; each
// computed column is an SQL expression over the inputs (named s.<input>).
// Adding a column is a change here only.
struct PaperInput {
  const char* name;
  const char* type;
  Value value;
  bool column;
};
struct PaperColumnSet {
  std::vector<PaperInput> inputs;
  std::vector<std::pair<const char*, const char*>> computed;  // column, expression
};

// `tsv`: the paper's search columns (PaperSearchColumns, a tsvector literal),
// written when given (always for a new paper; for a replaced one when its text
// changed).
PaperColumnSet PaperColumns(const PaperWrite& w, int64_t seq, const std::string* tsv) {
  const Paper& p = *w.paper;
  const DerivedColumns& d = w.derived;
  const bool linked = d.match_kind != MatchKind::kNone;
  PaperColumnSet c;
  c.inputs = {
      {"key", "text", p.key, true},
      {"doi", "text", OrNull(p.ids.doi), true},
      {"published_doi", "text", OrNull(p.published_doi), true},
      {"categories", "text", d.categories, true},
      {"primary_category", "text", p.primary_category, true},
      {"first_date", "text", OrNull(d.first_date), true},
      {"match_hash", "bigint", linked ? Value(d.match_hash) : Value(nullptr), true},
      {"match_kind", "integer", linked ? Value(static_cast<int>(d.match_kind)) : Value(nullptr),
       true},
      {"updated_unix", "bigint", w.now, true},
      {"seq", "bigint", seq, true},
      {"doc", "text", PaperToJsonString(p), true},
  };
  if (tsv != nullptr) c.inputs.push_back({"tsv", "tsvector", *tsv, true});
  return c;
}

// The staging table new papers are copied into (a temporary table of the
// session; its rows go at commit), shaped by PaperColumns.
constexpr const char* kStage = "ah_stage_papers";

std::string StageTableSql(const PaperColumnSet& c) {
  std::string sql = "CREATE TEMP TABLE IF NOT EXISTS " + std::string(kStage) + "(id bigint";
  for (const auto& in : c.inputs) sql += ", " + std::string(in.name) + " " + in.type;
  return sql + ") ON COMMIT DELETE ROWS";
}

std::string CopyStageSql(const PaperColumnSet& c) {
  std::string sql = "COPY " + std::string(kStage) + "(id";
  for (const auto& in : c.inputs) sql += ", " + std::string(in.name);
  return sql + ") FROM STDIN";
}

std::string InsertFromStageSql(const PaperColumnSet& c) {
  std::string cols = "id", exprs = "s.id";
  for (const auto& in : c.inputs) {
    if (!in.column) continue;
    cols += ", " + std::string(in.name);
    exprs += ", s." + std::string(in.name);
  }
  for (const auto& [col, expr] : c.computed) {
    cols += ", " + std::string(col);
    exprs += ", " + std::string(expr);
  }
  return "INSERT INTO papers(" + cols + ") OVERRIDING SYSTEM VALUE SELECT " + exprs + " FROM " +
         kStage + " s ORDER BY s.id";
}

// UPDATE of the paper at $1 from the inputs as parameters $2...
std::string UpdateSql(const PaperColumnSet& c) {
  std::string set, values, names;
  int k = 2;
  for (const auto& in : c.inputs) {
    if (!values.empty()) {
      values += ", ";
      names += ", ";
    }
    values += "$" + std::to_string(k++) + "::" + in.type;
    names += in.name;
    if (!in.column) continue;
    if (!set.empty()) set += ", ";
    set += std::string(in.name) + " = s." + in.name;
  }
  for (const auto& [col, expr] : c.computed) set += ", " + std::string(col) + " = " + expr;
  return "UPDATE papers SET " + set + " FROM (VALUES (" + values + ")) AS s(" + names +
         ") WHERE papers.id = $1::bigint";
}

// The fetch log's columns, in the order FetchLogFromRow reads them.
constexpr const char* kFetchLogColumns =
    "source, url, started_unix, finished_unix, http_status, added, updated, unchanged, rejected, "
    "error";

FetchLogEntry FetchLogFromRow(const Rows& rows, int i) {
  FetchLogEntry e;
  e.source = rows.Text(i, 0);
  e.url = rows.Text(i, 1);
  e.started_unix = rows.Int(i, 2);
  e.finished_unix = rows.Int(i, 3);
  e.http_status = static_cast<int>(rows.Int(i, 4));
  e.added = rows.Int(i, 5);
  e.updated = rows.Int(i, 6);
  e.unchanged = rows.Int(i, 7);
  e.rejected = rows.Int(i, 8);
  e.error = rows.Text(i, 9);
  return e;
}

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
  auto seq = conn_->Query(
      "SELECT coalesce(max(seq), 0) + 1, NOT EXISTS (SELECT 1 FROM papers) FROM papers");
  if (!seq) {
    conn_->Rollback();
    return fail(seq.error());
  }
  write_seq_ = seq->Int(0, 0);
  ClearPending();
  library_empty_ = seq->Bool(0, 1);
  return Ok();
}

Status PgStore::CommitPapers(std::string_view what) {
  Status st = FlushPending();
  ClearPending();
  if (!st) return Fail(st.error().Wrap(std::string(what)));
  if (st = FlushTermDeltas(); !st) return Fail(st.error().Wrap(std::string(what)));
  if (st = conn_->Commit(); !st) return Fail(st.error().Wrap(std::string(what)));
  return Ok();
}

void PgStore::RollbackPapers() {
  term_deltas_.clear();
  ClearPending();
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


void PgStore::ClearPending() {
  pending_.clear();
  pending_ids_.clear();
  known_ids_.clear();
  pending_id_rows_.clear();
  pending_listings_.clear();
  reserved_.clear();
  next_reserved_ = 0;
  reserve_batch_ = 16;
  library_empty_ = false;
}

Result<PaperRow> PgStore::ReserveRow() {
  if (next_reserved_ == reserved_.size()) {
    // Rows are taken in order and the advisory lock is held, so every later
    // write (of any process) gets higher rows; unused ones are left as a gap.
    auto r = conn_->Query(
        "SELECT nextval(pg_get_serial_sequence('papers', 'id')) "
        "FROM generate_series(1, $1::bigint) ORDER BY 1",
        {reserve_batch_});
    if (!r) return Fail(r.error());
    reserved_.clear();
    next_reserved_ = 0;
    for (int i = 0; i < r->size(); ++i) reserved_.push_back(r->Int(i, 0));
    reserve_batch_ = std::min<int64_t>(reserve_batch_ * 2, 4096);
    if (reserved_.empty()) return MakeError(Code::kInternal, "no paper row was reserved");
  }
  return reserved_[next_reserved_++];
}

Status PgStore::FlushPending() {
  if (pending_.empty() && pending_id_rows_.empty() && pending_listings_.empty()) return Ok();
  if (auto r = conn_->Query("SAVEPOINT ah_flush"); !r) return Fail(r.error());
  Status st = CopyPending();
  if (st || st.error().code == Code::kUnreachable) return st;
  // Refused: find the paper, one statement at a time (the failure path only).
  if (auto r = conn_->Query("ROLLBACK TO SAVEPOINT ah_flush"); !r) return st;
  if (Status one = FlushOneByOne(); !one) return one;
  return st;  // every row went in alone: report what the bulk statement said
}

Status PgStore::CopyPending() {
  if (!pending_.empty()) {
    const auto& first = pending_.begin()->second;
    const PaperWrite shape{0, &first.paper, nullptr, first.derived, first.now};
    const PaperColumnSet c = PaperColumns(shape, write_seq_, &first.tsv);
    if (auto r = conn_->Query(StageTableSql(c)); !r) return Fail(r.error());
    CopyRows rows;
    for (const auto& [row, pp] : pending_) {
      const PaperWrite w{0, &pp.paper, nullptr, pp.derived, pp.now};
      rows.Add(row);
      for (const PaperInput& in : PaperColumns(w, write_seq_, &pp.tsv).inputs) rows.Add(in.value);
      rows.EndRow();
    }
    if (auto st = conn_->CopyIn(CopyStageSql(c), rows.data()); !st) return st;
    if (auto r = conn_->Query(InsertFromStageSql(c)); !r) return Fail(r.error());
  }
  if (!pending_id_rows_.empty()) {
    CopyRows rows;
    for (const PendingId& id : pending_id_rows_) {
      for (const Value& v : {Value(id.scheme), Value(id.value), Value(id.row)}) rows.Add(v);
      rows.EndRow();
    }
    if (auto st = conn_->CopyIn("COPY paper_ids(scheme, value, paper_id) FROM STDIN", rows.data());
        !st)
      return st;
  }
  if (!pending_listings_.empty()) {
    CopyRows rows;
    for (const auto& [row, l] : pending_listings_) {
      for (const Value& v :
           {Value(row), Value(l.source), Value(l.date), Value(l.announce_type), Value(l.channel)})
        rows.Add(v);
      rows.EndRow();
    }
    if (auto st = conn_->CopyIn(
            "COPY listings(paper_id, source, date, announce_type, channel) FROM STDIN",
            rows.data());
        !st)
      return st;
  }
  return Ok();
}

Status PgStore::FlushOneByOne() {
  for (const auto& [row, pp] : pending_) {
    const PaperWrite w{0, &pp.paper, nullptr, pp.derived, pp.now};
    const PaperColumnSet c = PaperColumns(w, write_seq_, &pp.tsv);
    std::string cols = "id", exprs = "$1::bigint", values, names;
    std::vector<Value> params{row};
    for (const PaperInput& in : c.inputs) {
      params.push_back(in.value);
      if (!values.empty()) {
        values += ", ";
        names += ", ";
      }
      values += "$" + std::to_string(params.size()) + "::" + in.type;
      names += in.name;
      if (!in.column) continue;
      cols += ", " + std::string(in.name);
      exprs += ", s." + std::string(in.name);
    }
    for (const auto& [col, expr] : c.computed) {
      cols += ", " + std::string(col);
      exprs += ", " + std::string(expr);
    }
    auto r = conn_->QueryList("INSERT INTO papers(" + cols + ") OVERRIDING SYSTEM VALUE SELECT " +
                                  exprs + " FROM (VALUES (" + values + ")) AS s(" + names + ")",
                              params);
    if (!r) return Fail(r.error().Wrap(NameOf(row)));
  }
  for (const PendingId& id : pending_id_rows_) {
    auto r =
        conn_->Query("INSERT INTO paper_ids(scheme, value, paper_id) VALUES($1, $2, $3::bigint)",
                     {id.scheme, id.value, id.row});
    if (!r) return Fail(r.error().Wrap(NameOf(id.row)));
  }
  for (const auto& [row, l] : pending_listings_) {
    auto r = conn_->Query(
        "INSERT INTO listings(paper_id, source, date, announce_type, channel) "
        "VALUES($1::bigint, $2, $3, $4, $5)",
        {row, l.source, l.date, l.announce_type, l.channel});
    if (!r) return Fail(r.error().Wrap(NameOf(row)));
  }
  return Ok();
}

std::string PgStore::NameOf(PaperRow row) {
  if (auto it = pending_.find(row); it != pending_.end()) return "paper " + it->second.paper.key;
  auto r = conn_->Query("SELECT key FROM papers WHERE id = $1::bigint", {row});
  return r && !r->empty() ? "paper " + r->Text(0, 0) : "paper row " + std::to_string(row);
}

Status PgStore::SaveCursorInWrite(const CursorUpdate& c) { return SaveCursor(c); }

Result<PaperRow> PgStore::FindPaperById(std::string_view scheme, std::string_view value) {
  if (auto it = pending_ids_.find(std::make_pair(std::string(scheme), std::string(value)));
      it != pending_ids_.end())
    return it->second;
  if (auto it = known_ids_.find(std::make_pair(std::string(scheme), std::string(value)));
      it != known_ids_.end())
    return it->second;
  if (library_empty_) return PaperRow{0};
  auto r = conn_->Query("SELECT paper_id FROM paper_ids WHERE scheme = $1 AND value = $2",
                        {scheme, value});
  if (!r) return Fail(r.error());
  return r->empty() ? 0 : r->Int(0, 0);
}

Status PgStore::PrefetchIds(const std::vector<Paper>& page) {
  if (library_empty_ || !conn_->in_transaction()) return Ok();
  std::vector<std::string> schemes, values;
  for (const Paper& p : page) {
    for (const IdScheme& slot : kIdSchemes) {
      const std::string& v = p.ids.*slot.field;
      if (v.empty()) continue;
      auto key = std::make_pair(std::string(slot.name), v);
      if (pending_ids_.count(key) || known_ids_.count(key)) continue;
      known_ids_.emplace(std::move(key), 0);  // until found below
      schemes.emplace_back(slot.name);
      values.push_back(v);
    }
  }
  if (values.empty()) return Ok();
  auto r = conn_->Query(
      "SELECT i.scheme, i.value, i.paper_id FROM unnest($1::text[], $2::text[]) AS u(scheme, value) "
      "JOIN paper_ids i ON i.scheme = u.scheme AND i.value = u.value",
      {TextArray(schemes), TextArray(values)});
  if (!r) {
    known_ids_.clear();
    return Fail(r.error());
  }
  for (int i = 0; i < r->size(); ++i)
    known_ids_[std::make_pair(r->Text(i, 0), r->Text(i, 1))] = r->Int(i, 2);
  return Ok();
}

Result<std::optional<Paper>> PgStore::LoadPaper(PaperRow row) {
  if (auto it = pending_.find(row); it != pending_.end())
    return std::optional<Paper>(it->second.paper);
  if (library_empty_) return std::optional<Paper>();
  auto r = conn_->Query("SELECT doc FROM papers WHERE id = $1::bigint", {row});
  if (!r) return Fail(r.error());
  if (r->empty()) return std::optional<Paper>();
  auto p = ParseDoc(row, r->Text(0, 0));
  if (!p) return Fail(p.error());
  return std::optional<Paper>(std::move(*p));
}

Result<std::string> PgStore::PaperKey(PaperRow row) {
  if (auto it = pending_.find(row); it != pending_.end()) return it->second.paper.key;
  if (library_empty_) return std::string();
  auto r = conn_->Query("SELECT key FROM papers WHERE id = $1::bigint", {row});
  if (!r) return Fail(r.error());
  return r->empty() ? std::string() : r->Text(0, 0);
}

Result<std::vector<PaperRow>> PgStore::PapersPublishedAs(std::string_view doi, size_t limit) {
  std::vector<PaperRow> out;
  if (!library_empty_) {
    auto r =
        conn_->Query("SELECT id FROM papers WHERE published_doi = $1 ORDER BY id LIMIT $2::bigint",
                     {doi, static_cast<int64_t>(limit)});
    if (!r) return Fail(r.error());
    for (int i = 0; i < r->size(); ++i) out.push_back(r->Int(i, 0));
  }
  // Pending papers have rows above every stored one: they come after.
  for (const auto& [row, pp] : pending_) {
    if (out.size() >= limit) break;
    if (pp.paper.published_doi == doi) out.push_back(row);
  }
  return out;
}

Result<std::vector<StoredPaper>> PgStore::LinkCandidates(int64_t match_hash, MatchKind kind) {
  std::vector<StoredPaper> out;
  if (!library_empty_) {
    auto r = conn_->Query(
        "SELECT id, doc FROM papers WHERE match_hash = $1::bigint AND match_kind = $2::integer "
        "ORDER BY id",
        {match_hash, static_cast<int>(kind)});
    if (!r) return Fail(r.error());
    for (int i = 0; i < r->size(); ++i) {
      auto p = PaperFromJsonString(r->Text(i, 1));
      if (!p) continue;  // an unreadable row cannot be linked; it is reported when merged into
      out.push_back(StoredPaper{r->Int(i, 0), std::move(*p)});
    }
  }
  for (const auto& [row, pp] : pending_) {  // rows above every stored one
    if (pp.derived.match_kind == kind && pp.derived.match_hash == match_hash &&
        kind != MatchKind::kNone)
      out.push_back(StoredPaper{row, pp.paper});
  }
  return out;
}

Result<PaperRow> PgStore::WritePaper(const PaperWrite& w) {
  const Paper& p = *w.paper;
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
    auto reserved = ReserveRow();
    if (!reserved) return Fail(reserved.error());
    row = *reserved;
    pending_[row] = PendingPaper{p, w.derived, w.now, std::move(tsv)};
  } else if (auto it = pending_.find(row); it != pending_.end()) {
    // Inserted by this transaction: still pending (its text is always sent).
    if (!text) tsv = std::move(it->second.tsv);
    it->second = PendingPaper{p, w.derived, w.now, std::move(tsv)};
  } else {
    const PaperColumnSet c = PaperColumns(w, write_seq_, text ? &tsv : nullptr);
    std::vector<Value> params{row};
    for (const PaperInput& in : c.inputs) params.push_back(in.value);
    auto r = conn_->QueryList(UpdateSql(c), params);
    if (!r) return Fail(r.error());
  }
  for (const IdScheme& slot : kIdSchemes) {
    const std::string& v = p.ids.*slot.field;
    if (v.empty() || (w.before != nullptr && !(w.before->ids.*slot.field).empty())) continue;
    pending_ids_.emplace(std::make_pair(std::string(slot.name), v), row);
    pending_id_rows_.push_back(PendingId{slot.name, v, row});
  }
  for (const Listing& l : p.listings) {
    if (w.before != nullptr && std::find(w.before->listings.begin(), w.before->listings.end(), l) !=
                                   w.before->listings.end()) {
      continue;
    }
    pending_listings_.emplace_back(row, l);
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
  auto log = conn_->Query(std::string("SELECT ") + kFetchLogColumns +
                         " FROM fetch_log ORDER BY id DESC LIMIT 20");
  if (!log) return Fail(log.error().Wrap("library stats"));
  for (int i = 0; i < log->size(); ++i) out.recent_fetches.push_back(FetchLogFromRow(*log, i));
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
  auto r = conn_->Query(std::string("SELECT ") + kFetchLogColumns + " FROM fetch_log ORDER BY id");
  if (!r) return Fail(r.error());
  std::vector<FetchLogEntry> out;
  for (int i = 0; i < r->size(); ++i) out.push_back(FetchLogFromRow(*r, i));
  return out;
}

}  // namespace ah::store::pg
