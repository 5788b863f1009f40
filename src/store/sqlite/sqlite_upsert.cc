// SqliteStore as a PaperBackend (store/paper_backend.h): the SQL that finds,
// loads and writes papers for the rules layer (store/paper_rules.h), which
// decides deduplication, merging and linking. This is the ingest hot path:
// statements are cached, and a paper is parsed only when the rules load it.
#include <algorithm>
#include <cstdint>
#include <ctime>
#include <utility>

#include "core/paper_json.h"
#include "store/sqlite/sqlite_store.h"

namespace ah::store::sqlite {
namespace {

struct FtsValues {
  std::string authors;     // names joined by "; "
  std::string categories;  // space-joined
};

FtsValues FtsOf(const Paper& p) {
  FtsValues v;
  for (size_t i = 0; i < p.authors.size(); ++i) {
    if (i) v.authors += "; ";
    v.authors += p.authors[i].name;
  }
  for (size_t i = 0; i < p.categories.size(); ++i) {
    if (i) v.categories += ' ';
    v.categories += p.categories[i];
  }
  return v;
}

bool SameAuthorNames(const Paper& a, const Paper& b) {
  if (a.authors.size() != b.authors.size()) return false;
  for (size_t i = 0; i < a.authors.size(); ++i) {
    if (a.authors[i].name != b.authors[i].name) return false;
  }
  return true;
}

bool FtsChanged(const Paper& a, const Paper& b) {
  return a.title != b.title || a.abstract != b.abstract || a.categories != b.categories ||
         !SameAuthorNames(a, b);
}

}  // namespace

Status SqliteStore::BeginPapers(std::string_view what) {
  auto begin = db_->Cached("BEGIN IMMEDIATE");
  if (!begin) return Fail(begin.error());
  Status st = (*begin)->Run();
  (*begin)->Reset();
  if (!st) {
    return Fail(st.error().Wrap(std::string(what) + ": cannot start a write transaction in " +
                                db_->path()));
  }
  // Under the write lock, so that every transaction gets a number above all
  // committed ones (papers_seq makes max() one index probe).
  auto seq = db_->QueryInt("SELECT coalesce(max(seq), 0) + 1 FROM papers");
  if (!seq) {
    (void)db_->Exec("ROLLBACK");
    return Fail(seq.error().Wrap(std::string(what)));
  }
  write_seq_ = *seq;
  return Ok();
}

Status SqliteStore::CommitPapers(std::string_view what) {
  auto commit = db_->Cached("COMMIT");
  if (!commit) return Fail(commit.error());
  Status st = (*commit)->Run();
  (*commit)->Reset();
  if (!st) return Fail(st.error().Wrap(std::string(what) + ": commit failed"));
  return Ok();
}

void SqliteStore::RollbackPapers() { (void)db_->Exec("ROLLBACK"); }

Status SqliteStore::SaveCursorInWrite(const CursorUpdate& c) { return SaveCursor(c); }

Result<PaperRow> SqliteStore::FindPaperById(std::string_view scheme, std::string_view value) {
  auto st = db_->Cached("SELECT paper_id FROM paper_ids WHERE scheme = ? AND value = ?");
  if (!st) return Fail(st.error());
  Stmt& s = **st;
  ScopedReset reset(s);
  s.BindText(1, scheme);
  s.BindText(2, value);
  auto row = s.Step();
  if (!row) return Fail(row.error());
  return *row ? s.ColumnInt(0) : 0;
}

Result<std::optional<Paper>> SqliteStore::LoadPaper(PaperRow id) {
  auto st = db_->Cached("SELECT doc FROM papers WHERE id = ?");
  if (!st) return Fail(st.error());
  Stmt& s = **st;
  ScopedReset reset(s);
  s.BindInt(1, id);
  auto row = s.Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<Paper>();
  auto p = PaperFromJsonString(s.ColumnText(0));
  if (!p) {
    return MakeError(Code::kCorrupt, db_->path() + ": papers row " + std::to_string(id) +
                                         " holds an unreadable document: " + p.error().message);
  }
  return std::optional<Paper>(std::move(*p));
}

Result<std::string> SqliteStore::PaperKey(PaperRow id) {
  auto st = db_->Cached("SELECT key FROM papers WHERE id = ?");
  if (!st) return Fail(st.error());
  Stmt& s = **st;
  ScopedReset reset(s);
  s.BindInt(1, id);
  auto row = s.Step();
  if (!row) return Fail(row.error());
  return *row ? s.ColumnString(0) : std::string();
}

Result<std::vector<PaperRow>> SqliteStore::PapersPublishedAs(std::string_view doi, size_t limit) {
  auto st = db_->Cached("SELECT id FROM papers WHERE published_doi = ? ORDER BY id LIMIT ?");
  if (!st) return Fail(st.error());
  Stmt& s = **st;
  ScopedReset reset(s);
  s.BindText(1, doi);
  s.BindInt(2, static_cast<int64_t>(limit));
  std::vector<PaperRow> out;
  for (;;) {
    auto row = s.Step();
    if (!row) return Fail(row.error());
    if (!*row) return out;
    out.push_back(s.ColumnInt(0));
  }
}

Result<std::vector<StoredPaper>> SqliteStore::LinkCandidates(int64_t match_hash, MatchKind kind) {
  auto st =
      db_->Cached("SELECT id, doc FROM papers WHERE match_hash = ? AND match_kind = ? ORDER BY id");
  if (!st) return Fail(st.error());
  std::vector<std::pair<int64_t, std::string>> rows;
  {
    Stmt& s = **st;
    ScopedReset reset(s);
    s.BindInt(1, match_hash);
    s.BindInt(2, static_cast<int64_t>(kind));
    for (;;) {
      auto row = s.Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      rows.emplace_back(s.ColumnInt(0), s.ColumnString(1));
    }
  }
  std::vector<StoredPaper> out;
  for (auto& [id, doc] : rows) {
    auto p = PaperFromJsonString(doc);
    if (!p) continue;  // an unreadable row cannot be linked; it is reported when merged into
    out.push_back(StoredPaper{id, std::move(*p)});
  }
  return out;
}

Result<PaperRow> SqliteStore::WritePaper(const PaperWrite& w) {
  const Paper& paper = *w.paper;
  auto id = WriteRow(w.row, paper, w.derived, w.now);
  if (!id) return Fail(id.error());
  if (auto st = RegisterIds(*id, paper.ids, w.before ? &w.before->ids : nullptr); !st) {
    return Fail(st.error());
  }
  if (auto st = InsertListings(*id, paper, w.before); !st) return Fail(st.error());
  if (w.before == nullptr) {
    if (auto st = FtsWrite(*id, paper, false); !st) return Fail(st.error());
  } else if (FtsChanged(*w.before, paper)) {
    if (auto st = FtsWrite(*id, *w.before, true); !st) return Fail(st.error());
    if (auto st = FtsWrite(*id, paper, false); !st) return Fail(st.error());
  }
  return *id;
}

Result<int64_t> SqliteStore::WriteRow(int64_t id, const Paper& p, const DerivedColumns& d,
                                      int64_t now) {
  const std::string doc = PaperToJsonString(p);
  auto st = id == 0 ? db_->Cached(
                          "INSERT INTO papers(doi, published_doi, categories, primary_category, "
                          "first_date, match_hash, match_kind, updated_unix, seq, doc, key) "
                          "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    : db_->Cached(
                          "UPDATE papers SET doi = ?, published_doi = ?, categories = ?, "
                          "primary_category = ?, first_date = ?, match_hash = ?, match_kind = ?, "
                          "updated_unix = ?, seq = ?, doc = ? WHERE id = ?");
  if (!st) return Fail(st.error());
  Stmt& s = **st;
  ScopedReset reset(s);
  s.BindTextOrNull(1, p.ids.doi);
  s.BindTextOrNull(2, p.published_doi);
  s.BindText(3, d.categories);
  s.BindText(4, p.primary_category);
  s.BindTextOrNull(5, d.first_date);
  if (d.match_kind != MatchKind::kNone) {
    s.BindInt(6, d.match_hash);
    s.BindInt(7, static_cast<int64_t>(d.match_kind));
  } else {
    s.BindNull(6);
    s.BindNull(7);
  }
  s.BindInt(8, now);
  s.BindInt(9, write_seq_);
  s.BindText(10, doc);
  if (id == 0) {
    s.BindText(11, p.key);
  } else {
    s.BindInt(11, id);
  }
  if (auto r = s.Run(); !r) return Fail(r.error());
  return id == 0 ? db_->LastInsertRowid() : id;
}

Status SqliteStore::RegisterIds(int64_t id, const PaperIds& ids, const PaperIds* old_ids) {
  auto st = db_->Cached("INSERT INTO paper_ids(scheme, value, paper_id) VALUES(?, ?, ?)");
  if (!st) return Fail(st.error());
  Stmt& s = **st;
  for (const IdScheme& slot : kIdSchemes) {
    const std::string& v = ids.*slot.field;
    if (v.empty() || (old_ids != nullptr && !(old_ids->*slot.field).empty())) continue;
    ScopedReset reset(s);
    s.BindText(1, slot.name);
    s.BindText(2, v);
    s.BindInt(3, id);
    if (auto r = s.Run(); !r) return r;
  }
  return Ok();
}

Status SqliteStore::InsertListings(int64_t id, const Paper& p, const Paper* old_paper) {
  if (p.listings.empty()) return Ok();
  auto st = db_->Cached(
      "INSERT INTO listings(paper_id, source, date, announce_type, channel) VALUES(?, ?, ?, ?, ?)");
  if (!st) return Fail(st.error());
  Stmt& s = **st;
  for (const auto& l : p.listings) {
    if (old_paper != nullptr && std::find(old_paper->listings.begin(), old_paper->listings.end(),
                                          l) != old_paper->listings.end()) {
      continue;
    }
    ScopedReset reset(s);
    s.BindInt(1, id);
    s.BindText(2, l.source);
    s.BindText(3, l.date);
    s.BindText(4, l.announce_type);
    s.BindText(5, l.channel);
    if (auto r = s.Run(); !r) return r;
  }
  return Ok();
}

Status SqliteStore::FtsWrite(int64_t id, const Paper& p, bool remove) {
  auto st = remove ? db_->Cached(
                         "INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors, "
                         "categories) VALUES('delete', ?, ?, ?, ?, ?)")
                   : db_->Cached(
                         "INSERT INTO papers_fts(rowid, title, abstract, authors, categories) "
                         "VALUES(?, ?, ?, ?, ?)");
  if (!st) return Fail(st.error());
  const FtsValues v = FtsOf(p);
  Stmt& s = **st;
  ScopedReset reset(s);
  s.BindInt(1, id);
  s.BindText(2, p.title);
  s.BindText(3, p.abstract);
  s.BindText(4, v.authors);
  s.BindText(5, v.categories);
  return s.Run();
}

Status SqliteStore::SaveCursor(const CursorUpdate& c) {
  auto st = db_->Cached(
      "INSERT INTO cursors(source, cursor, updated_unix) VALUES(?, ?, ?) "
      "ON CONFLICT(source) DO UPDATE SET cursor = excluded.cursor, "
      "updated_unix = excluded.updated_unix");
  if (!st) return Fail(st.error());
  Stmt& s = **st;
  ScopedReset reset(s);
  s.BindText(1, c.source);
  s.BindText(2, c.cursor);
  s.BindInt(3, static_cast<int64_t>(std::time(nullptr)));
  return s.Run();
}

}  // namespace ah::store::sqlite
