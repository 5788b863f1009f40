// SqliteStore::UpsertPage(s): deduplication, merge and preprint <-> journal
// linking, one transaction per page or group of pages. This is the ingest hot
// path: statements are cached, a new paper costs one paper_ids probe per id and
// no JSON parse, and a stored paper is parsed only when an incoming record
// matches it.
#include <algorithm>
#include <array>
#include <cstdint>
#include <ctime>
#include <utility>

#include "core/merge.h"
#include "core/paper_json.h"
#include "store/sqlite/sqlite_store.h"

namespace ah::store::sqlite {

// Columns derived from a paper (see schema.cc).
struct DerivedColumns {
  std::string categories;  // '|'-joined
  std::string first_date;  // earliest known date, empty if none
  std::string link_key;    // LinkKey, empty when the paper takes no part in linking
  int64_t match_hash = 0;
  int match_kind = 0;  // 0 none, kPreprintKind, kJournalKind
};

namespace {

constexpr int kPreprintKind = 1;
constexpr int kJournalKind = 2;

int64_t Fnv1a64(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return static_cast<int64_t>(h);
}

void Earliest(std::string& acc, const std::string& d) {
  if (!d.empty() && (acc.empty() || d < acc)) acc = d;
}

DerivedColumns Derive(const Paper& p) {
  DerivedColumns d;
  for (size_t i = 0; i < p.categories.size(); ++i) {
    if (i) d.categories += '|';
    for (char c : p.categories[i]) d.categories += c == '|' ? ' ' : c;
  }
  Earliest(d.first_date, p.submitted);
  Earliest(d.first_date, p.published);
  for (const auto& v : p.versions) Earliest(d.first_date, v.date);
  for (const auto& l : p.listings) Earliest(d.first_date, l.date);
  const LinkRole role = LinkRoleOf(p);
  if (role != LinkRole::kNone) {
    d.link_key = LinkKey(p);
    if (!d.link_key.empty()) {
      d.match_hash = Fnv1a64(d.link_key);
      d.match_kind = role == LinkRole::kPreprint ? kPreprintKind : kJournalKind;
    }
  }
  return d;
}

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

std::string Describe(size_t index, const Paper& p) {
  std::string s = "record " + std::to_string(index);
  std::string what = CanonicalKey(p);
  if (what.empty()) what = p.title.substr(0, 60);
  if (!what.empty()) s += " (" + what + ")";
  return s;
}

struct IdSlot {
  const char* scheme;
  std::string PaperIds::*field;
};
constexpr std::array<IdSlot, 5> kIdSlots = {{
    {"arxiv", &PaperIds::arxiv},
    {"doi", &PaperIds::doi},
    {"pmid", &PaperIds::pmid},
    {"pmcid", &PaperIds::pmcid},
    {"openalex", &PaperIds::openalex},
}};

}  // namespace

Status SqliteStore::BeginWrite(std::string_view what) {
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

Status SqliteStore::CommitWrite(std::string_view what) {
  auto commit = db_->Cached("COMMIT");
  if (!commit) return Fail(commit.error());
  Status st = (*commit)->Run();
  (*commit)->Reset();
  if (!st) return Fail(st.error().Wrap(std::string(what) + ": commit failed"));
  return Ok();
}

Status SqliteStore::UpsertPapers(const std::vector<Paper>& papers, int64_t now, UpsertStats& stats) {
  for (size_t i = 0; i < papers.size(); ++i) {
    if (auto st = UpsertOne(papers[i], i, now, stats); !st) {
      return Fail(st.error().Wrap("upsert page: " + Describe(i, papers[i])));
    }
  }
  return Ok();
}

Result<UpsertStats> SqliteStore::DoUpsertPage(const std::vector<Paper>& papers,
                                              const std::optional<CursorUpdate>& cursor) {
  if (auto st = BeginWrite("upsert page"); !st) return Fail(st.error());
  UpsertStats stats;
  Status st = UpsertPapers(papers, static_cast<int64_t>(std::time(nullptr)), stats);
  if (st && cursor) st = SaveCursor(*cursor);
  if (st) st = CommitWrite("upsert page");
  if (!st) {
    (void)db_->Exec("ROLLBACK");
    return Fail(st.error());
  }
  return stats;
}

std::vector<Result<UpsertStats>> SqliteStore::DoUpsertPages(
    const std::vector<const std::vector<Paper>*>& pages) {
  if (pages.size() < 2) return Store::DoUpsertPages(pages);
  std::vector<Result<UpsertStats>> out;
  out.reserve(pages.size());
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  Status st = BeginWrite("upsert pages");
  if (!st) {
    // No write transaction (the library stayed busy past the busy timeout):
    // one transaction per page would wait, and fail, once per page.
    out.assign(pages.size(), Fail(st.error()));
    return out;
  }
  for (size_t k = 0; k < pages.size() && st; ++k) {
    UpsertStats stats;
    st = UpsertPapers(*pages[k], now, stats);
    if (st) out.push_back(std::move(stats));
  }
  if (st) st = CommitWrite("upsert pages");
  if (st) return out;
  // A page failed (or the commit did): undo the group, then store its pages one
  // transaction each, so that only the failing page is lost and says why.
  (void)db_->Exec("ROLLBACK");
  return Store::DoUpsertPages(pages);
}

Status SqliteStore::UpsertOne(const Paper& raw, size_t index, int64_t now, UpsertStats& stats) {
  // Valid UTF-8 within the limits: Store::UpsertPage saw to it (core/paper_limits.h).
  const Paper* in = &raw;
  if (in->ids.Empty()) {
    ++stats.rejected;
    stats.errors.emplace_back(Code::kInvalidArgument, Describe(index, *in) + ": no identifier");
    return Ok();
  }

  // Which stored papers do the incoming ids point to?
  std::array<int64_t, kIdSlots.size()> hit{};
  for (size_t s = 0; s < kIdSlots.size(); ++s) {
    const std::string& v = in->ids.*kIdSlots[s].field;
    if (v.empty()) continue;
    auto id = LookupId(kIdSlots[s].scheme, v);
    if (!id) return Fail(id.error());
    hit[s] = *id;
  }

  // The target is the first of them that carries no conflicting id.
  int64_t target = 0;
  Paper stored;
  for (size_t s = 0; s < hit.size() && target == 0; ++s) {
    if (hit[s] == 0) continue;
    bool seen = false;
    for (size_t k = 0; k < s; ++k) seen |= hit[k] == hit[s];
    if (seen) continue;
    auto p = LoadPaper(hit[s]);
    if (!p) return Fail(p.error());
    if (!*p) continue;
    if (!IdsConflict((*p)->ids, in->ids)) {
      target = hit[s];
      stored = std::move(**p);
    }
  }

  // Ids registered to other papers stay theirs: drop them from the record.
  Paper stripped;
  const Paper* src = in;
  for (size_t s = 0; s < hit.size(); ++s) {
    if (hit[s] == 0 || hit[s] == target) continue;
    if (src != &stripped) {
      stripped = *in;
      src = &stripped;
    }
    (stripped.ids.*kIdSlots[s].field).clear();
  }

  if (target == 0) {
    if (src->ids.Empty()) {
      ++stats.rejected;
      stats.errors.emplace_back(
          Code::kInvalidArgument,
          Describe(index, *in) +
              ": every identifier belongs to another paper with conflicting ids");
      return Ok();
    }
    Paper merged;
    merged.key = CanonicalKey(*src);
    MergePaper(merged, *src);
    if (auto st = InsertPaper(merged, now, stats); !st) return st;
    ++stats.added;
    return Ok();
  }

  Paper merged = stored;
  if (!MergePaper(merged, *src)) {
    ++stats.unchanged;
    return Ok();
  }
  if (auto st = UpdatePaper(target, stored, merged, now, stats); !st) return st;
  ++stats.updated;
  return Ok();
}

Result<int64_t> SqliteStore::LookupId(std::string_view scheme, std::string_view value) {
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

Result<std::optional<Paper>> SqliteStore::LoadPaper(int64_t id) {
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

Status SqliteStore::InsertPaper(Paper& paper, int64_t now, UpsertStats& stats) {
  DerivedColumns d = Derive(paper);
  if (d.match_kind == kPreprintKind) {
    // The journal version may have arrived first.
    auto doi = FindJournalDoi(paper, d);
    if (!doi) return Fail(doi.error());
    if (!doi->empty()) {
      paper.published_doi = *doi;
      d = Derive(paper);
    }
  }
  auto id = WriteRow(0, paper, d, now);
  if (!id) return Fail(id.error());
  if (auto st = RegisterIds(*id, paper.ids, nullptr); !st) return st;
  if (auto st = InsertListings(*id, paper, nullptr); !st) return st;
  if (auto st = FtsWrite(*id, paper, false); !st) return st;
  if (d.match_kind == kJournalKind) return LinkPreprintTo(*id, paper, d, now, stats);
  return Ok();
}

Status SqliteStore::UpdatePaper(int64_t id, const Paper& old_paper, Paper& merged, int64_t now,
                                UpsertStats& stats) {
  DerivedColumns d = Derive(merged);
  const DerivedColumns old_d = Derive(old_paper);
  const bool match_changed = d.match_hash != old_d.match_hash || d.match_kind != old_d.match_kind;
  if (match_changed && d.match_kind == kPreprintKind) {
    auto doi = FindJournalDoi(merged, d);
    if (!doi) return Fail(doi.error());
    if (!doi->empty()) {
      merged.published_doi = *doi;
      d = Derive(merged);
    }
  }
  auto wrote = WriteRow(id, merged, d, now);
  if (!wrote) return Fail(wrote.error());
  if (auto st = RegisterIds(id, merged.ids, &old_paper.ids); !st) return st;
  if (auto st = InsertListings(id, merged, &old_paper); !st) return st;
  if (FtsChanged(old_paper, merged)) {
    if (auto st = FtsWrite(id, old_paper, true); !st) return st;
    if (auto st = FtsWrite(id, merged, false); !st) return st;
  }
  if (match_changed && d.match_kind == kJournalKind) {
    return LinkPreprintTo(id, merged, d, now, stats);
  }
  return Ok();
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
  if (d.match_kind != 0) {
    s.BindInt(6, d.match_hash);
    s.BindInt(7, d.match_kind);
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
  for (const auto& slot : kIdSlots) {
    const std::string& v = ids.*slot.field;
    if (v.empty() || (old_ids != nullptr && !(old_ids->*slot.field).empty())) continue;
    ScopedReset reset(s);
    s.BindText(1, slot.scheme);
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

Result<bool> SqliteStore::DoiClaimed(std::string_view doi) {
  auto st = db_->Cached("SELECT 1 FROM papers WHERE published_doi = ? LIMIT 1");
  if (!st) return Fail(st.error());
  Stmt& s = **st;
  ScopedReset reset(s);
  s.BindText(1, doi);
  return s.Step();
}

Result<std::vector<std::pair<int64_t, Paper>>> SqliteStore::MatchCandidates(const DerivedColumns& d,
                                                                            int kind) {
  auto st =
      db_->Cached("SELECT id, doc FROM papers WHERE match_hash = ? AND match_kind = ? ORDER BY id");
  if (!st) return Fail(st.error());
  std::vector<std::pair<int64_t, std::string>> rows;
  {
    Stmt& s = **st;
    ScopedReset reset(s);
    s.BindInt(1, d.match_hash);
    s.BindInt(2, kind);
    for (;;) {
      auto row = s.Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      rows.emplace_back(s.ColumnInt(0), s.ColumnString(1));
    }
  }
  std::vector<std::pair<int64_t, Paper>> out;
  for (auto& [id, doc] : rows) {
    auto p = PaperFromJsonString(doc);
    if (!p) continue;  // an unreadable row cannot be linked; it is reported when merged into
    if (LinkKey(*p) != d.link_key) continue;  // hash collision
    out.emplace_back(id, std::move(*p));
  }
  return out;
}

Result<std::string> SqliteStore::FindJournalDoi(const Paper& preprint, const DerivedColumns& d) {
  auto cands = MatchCandidates(d, kJournalKind);
  if (!cands) return Fail(cands.error());
  for (const auto& [id, journal] : *cands) {
    if (journal.ids.doi.empty() || journal.ids.doi == preprint.ids.doi) continue;
    auto claimed = DoiClaimed(journal.ids.doi);
    if (!claimed) return Fail(claimed.error());
    if (!*claimed) return journal.ids.doi;
  }
  return std::string();
}

Status SqliteStore::LinkPreprintTo(int64_t journal_id, const Paper& journal,
                                   const DerivedColumns& d, int64_t now, UpsertStats& stats) {
  auto claimed = DoiClaimed(journal.ids.doi);
  if (!claimed) return Fail(claimed.error());
  if (*claimed) return Ok();
  auto cands = MatchCandidates(d, kPreprintKind);
  if (!cands) return Fail(cands.error());
  for (auto& [id, preprint] : *cands) {
    if (id == journal_id || !preprint.published_doi.empty()) continue;
    Paper linked = preprint;
    linked.published_doi = journal.ids.doi;
    if (auto st = UpdatePaper(id, preprint, linked, now, stats); !st) return st;
    ++stats.updated;
    return Ok();
  }
  return Ok();
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
