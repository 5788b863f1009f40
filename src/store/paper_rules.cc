// The rules layer (paper_rules.h): deduplication, merge and preprint <->
// journal linking over a PaperBackend. This is the ingest hot path: a new paper
// costs one FindPaperById per id and no load, and a stored paper is loaded
// (parsed) only when an incoming record names it.
#include "store/paper_rules.h"

#include <array>
#include <ctime>
#include <string>
#include <utility>

#include "core/ids.h"
#include "core/merge.h"

namespace ah::store {
namespace {

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

std::string Describe(size_t index, const Paper& p) {
  std::string s = "record " + std::to_string(index);
  std::string what = CanonicalKey(p);
  if (what.empty()) what = p.title.substr(0, 60);
  if (!what.empty()) s += " (" + what + ")";
  return s;
}

// One page's (or group's) work on the backend, inside its transaction.
class Upserter {
 public:
  Upserter(PaperBackend& b, int64_t now) : b_(b), now_(now) {}

  Status Page(const std::vector<Paper>& papers, UpsertStats& stats) {
    if (auto st = b_.PrefetchIds(papers); !st) return Fail(st.error().Wrap("upsert page"));
    for (size_t i = 0; i < papers.size(); ++i) {
      if (auto st = One(papers[i], i, stats); !st) {
        return Fail(st.error().Wrap("upsert page: " + Describe(i, papers[i])));
      }
    }
    return Ok();
  }

 private:
  Status One(const Paper& in, size_t index, UpsertStats& stats);
  Status Insert(Paper& paper, UpsertStats& stats);
  Status Update(PaperRow row, const Paper& old_paper, Paper& merged, UpsertStats& stats);
  Result<bool> DoiClaimed(const std::string& doi);
  Result<std::string> FindJournalDoi(const Paper& preprint, const DerivedColumns& d);
  Status LinkPreprintTo(PaperRow journal_row, const Paper& journal, const DerivedColumns& d,
                        UpsertStats& stats);

  PaperBackend& b_;
  const int64_t now_;
};

Status Upserter::One(const Paper& in, size_t index, UpsertStats& stats) {
  // Valid UTF-8 within the limits: Store::UpsertPage saw to it (core/paper_limits.h).
  if (in.ids.Empty()) {
    ++stats.rejected;
    stats.errors.emplace_back(Code::kInvalidArgument, Describe(index, in) + ": no identifier");
    return Ok();
  }

  // Which stored papers do the incoming ids point to?
  std::array<PaperRow, kIdSchemes.size()> hit{};
  for (size_t s = 0; s < kIdSchemes.size(); ++s) {
    const std::string& v = in.ids.*kIdSchemes[s].field;
    if (v.empty()) continue;
    auto row = b_.FindPaperById(kIdSchemes[s].name, v);
    if (!row) return Fail(row.error());
    hit[s] = *row;
  }

  // The target is the first of them that carries no conflicting id.
  PaperRow target = 0;
  Paper stored;
  for (size_t s = 0; s < hit.size() && target == 0; ++s) {
    if (hit[s] == 0) continue;
    bool seen = false;
    for (size_t k = 0; k < s; ++k) seen |= hit[k] == hit[s];
    if (seen) continue;
    auto p = b_.LoadPaper(hit[s]);
    if (!p) return Fail(p.error());
    if (!*p) continue;
    if (!IdsConflict((*p)->ids, in.ids)) {
      target = hit[s];
      stored = std::move(**p);
    }
  }

  // Ids registered to other papers stay theirs: drop them from the record.
  Paper stripped;
  const Paper* src = &in;
  for (size_t s = 0; s < hit.size(); ++s) {
    if (hit[s] == 0 || hit[s] == target) continue;
    if (src != &stripped) {
      stripped = in;
      src = &stripped;
    }
    (stripped.ids.*kIdSchemes[s].field).clear();
  }

  if (target == 0) {
    if (src->ids.Empty()) {
      ++stats.rejected;
      stats.errors.emplace_back(
          Code::kInvalidArgument,
          Describe(index, in) + ": every identifier belongs to another paper with conflicting ids");
      return Ok();
    }
    Paper merged;
    merged.key = CanonicalKey(*src);
    MergePaper(merged, *src);
    if (auto st = Insert(merged, stats); !st) return st;
    ++stats.added;
    return Ok();
  }

  Paper merged = stored;
  if (!MergePaper(merged, *src)) {
    ++stats.unchanged;
    return Ok();
  }
  if (auto st = Update(target, stored, merged, stats); !st) return st;
  ++stats.updated;
  return Ok();
}

Status Upserter::Insert(Paper& paper, UpsertStats& stats) {
  PaperWrite w;
  w.paper = &paper;
  w.now = now_;
  w.derived = DeriveColumns(paper);
  if (w.derived.match_kind == MatchKind::kPreprint) {
    // The journal version may have arrived first.
    auto doi = FindJournalDoi(paper, w.derived);
    if (!doi) return Fail(doi.error());
    if (!doi->empty()) {
      paper.published_doi = *doi;
      w.derived = DeriveColumns(paper);
    }
  }
  auto row = b_.WritePaper(w);
  if (!row) return Fail(row.error());
  if (w.derived.match_kind == MatchKind::kJournal) {
    return LinkPreprintTo(*row, paper, w.derived, stats);
  }
  return Ok();
}

Status Upserter::Update(PaperRow row, const Paper& old_paper, Paper& merged, UpsertStats& stats) {
  PaperWrite w;
  w.row = row;
  w.paper = &merged;
  w.before = &old_paper;
  w.now = now_;
  w.derived = DeriveColumns(merged);
  const DerivedColumns old_d = DeriveColumns(old_paper);
  const bool match_changed =
      w.derived.match_hash != old_d.match_hash || w.derived.match_kind != old_d.match_kind;
  if (match_changed && w.derived.match_kind == MatchKind::kPreprint) {
    auto doi = FindJournalDoi(merged, w.derived);
    if (!doi) return Fail(doi.error());
    if (!doi->empty()) {
      merged.published_doi = *doi;
      w.derived = DeriveColumns(merged);
    }
  }
  auto wrote = b_.WritePaper(w);
  if (!wrote) return Fail(wrote.error());
  if (match_changed && w.derived.match_kind == MatchKind::kJournal) {
    return LinkPreprintTo(row, merged, w.derived, stats);
  }
  return Ok();
}

Result<bool> Upserter::DoiClaimed(const std::string& doi) {
  auto rows = b_.PapersPublishedAs(doi, 1);
  if (!rows) return Fail(rows.error());
  return !rows->empty();
}

Result<std::string> Upserter::FindJournalDoi(const Paper& preprint, const DerivedColumns& d) {
  auto cands = b_.LinkCandidates(d.match_hash, MatchKind::kJournal);
  if (!cands) return Fail(cands.error());
  for (const StoredPaper& c : *cands) {
    const Paper& journal = c.paper;
    if (journal.ids.doi.empty() || journal.ids.doi == preprint.ids.doi) continue;
    if (LinkKey(journal) != d.link_key) continue;  // hash collision
    auto claimed = DoiClaimed(journal.ids.doi);
    if (!claimed) return Fail(claimed.error());
    if (!*claimed) return journal.ids.doi;
  }
  return std::string();
}

Status Upserter::LinkPreprintTo(PaperRow journal_row, const Paper& journal, const DerivedColumns& d,
                                UpsertStats& stats) {
  auto claimed = DoiClaimed(journal.ids.doi);
  if (!claimed) return Fail(claimed.error());
  if (*claimed) return Ok();
  auto cands = b_.LinkCandidates(d.match_hash, MatchKind::kPreprint);
  if (!cands) return Fail(cands.error());
  for (StoredPaper& c : *cands) {
    if (c.row == journal_row || !c.paper.published_doi.empty()) continue;
    if (LinkKey(c.paper) != d.link_key) continue;  // hash collision
    Paper linked = c.paper;
    linked.published_doi = journal.ids.doi;
    if (auto st = Update(c.row, c.paper, linked, stats); !st) return st;
    ++stats.updated;
    return Ok();
  }
  return Ok();
}

// Resolves a user reference or library key to (scheme, value) of kIdSchemes.
ids::IdRef ResolveRef(std::string_view ref) {
  ids::IdRef r = ids::ParseIdRef(ref);
  if (!r.scheme.empty()) return r;
  // Library keys are "<arxiv id>" or "<scheme>:<value>" (core/merge.h CanonicalKey).
  const size_t colon = ref.find(':');
  if (colon != std::string_view::npos) {
    const std::string_view scheme = ref.substr(0, colon);
    for (const IdScheme& s : kIdSchemes) {
      if (scheme == s.name) return {std::string(s.name), std::string(ref.substr(colon + 1))};
    }
  }
  return {"arxiv", std::string(ref)};
}

Result<std::optional<PaperView>> ViewOfRow(PaperBackend& b, PaperRow row) {
  auto p = b.LoadPaper(row);
  if (!p) return Fail(p.error());
  if (!*p) return std::optional<PaperView>();
  auto v = ViewOn(b, row, std::move(**p));
  if (!v) return Fail(v.error());
  return std::optional<PaperView>(std::move(*v));
}

}  // namespace

DerivedColumns DeriveColumns(const Paper& p) {
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
      d.match_kind = role == LinkRole::kPreprint ? MatchKind::kPreprint : MatchKind::kJournal;
    }
  }
  return d;
}

Result<UpsertStats> UpsertPageOn(PaperBackend& b, const std::vector<Paper>& papers,
                                 const std::optional<CursorUpdate>& cursor, int64_t now) {
  if (auto st = b.BeginPapers("upsert page"); !st) return Fail(st.error());
  UpsertStats stats;
  Status st = Upserter(b, now).Page(papers, stats);
  if (st && cursor) st = b.SaveCursorInWrite(*cursor);
  if (st) st = b.CommitPapers("upsert page");
  if (!st) {
    b.RollbackPapers();
    return Fail(st.error());
  }
  return stats;
}

std::vector<Result<UpsertStats>> UpsertPagesOn(PaperBackend& b,
                                               const std::vector<const std::vector<Paper>*>& pages,
                                               int64_t now) {
  std::vector<Result<UpsertStats>> out;
  out.reserve(pages.size());
  auto one_by_one = [&] {
    out.clear();
    for (const auto* page : pages) out.push_back(UpsertPageOn(b, *page, std::nullopt, now));
    return std::move(out);
  };
  if (pages.size() < 2) return one_by_one();
  Status st = b.BeginPapers("upsert pages");
  if (!st) {
    // No write transaction (the library stayed busy past the busy timeout):
    // one transaction per page would wait, and fail, once per page.
    out.assign(pages.size(), Fail(st.error()));
    return out;
  }
  Upserter up(b, now);
  for (size_t k = 0; k < pages.size() && st; ++k) {
    UpsertStats stats;
    st = up.Page(*pages[k], stats);
    if (st) out.push_back(std::move(stats));
  }
  if (st) st = b.CommitPapers("upsert pages");
  if (st) return out;
  // A page failed (or the commit did): undo the group, then store its pages one
  // transaction each, so that only the failing page is lost and says why.
  b.RollbackPapers();
  return one_by_one();
}

Result<PaperView> ViewOn(PaperBackend& b, PaperRow row, Paper paper) {
  PaperView view;
  view.paper = std::move(paper);
  if (!view.paper.published_doi.empty()) {
    auto journal = b.FindPaperById("doi", view.paper.published_doi);
    if (!journal) return Fail(journal.error());
    if (*journal != 0 && *journal != row) {
      auto key = b.PaperKey(*journal);
      if (!key) return Fail(key.error());
      view.published_version_key = std::move(*key);
    }
  }
  if (!view.paper.ids.doi.empty()) {
    auto rows = b.PapersPublishedAs(view.paper.ids.doi, 2);
    if (!rows) return Fail(rows.error());
    for (PaperRow r : *rows) {
      if (r == row) continue;
      auto key = b.PaperKey(r);
      if (!key) return Fail(key.error());
      view.preprint_key = std::move(*key);
      break;
    }
  }
  return view;
}

Result<std::optional<PaperView>> GetOn(PaperBackend& b, std::string_view ref) {
  std::string_view r = ref;
  while (!r.empty() && (r.front() == ' ' || r.front() == '\t')) r.remove_prefix(1);
  while (!r.empty() && (r.back() == ' ' || r.back() == '\t')) r.remove_suffix(1);
  if (r.empty()) return std::optional<PaperView>();
  const ids::IdRef id_ref = ResolveRef(r);
  auto row = b.FindPaperById(id_ref.scheme, id_ref.value);
  if (!row) return Fail(row.error());
  if (*row != 0) return ViewOfRow(b, *row);
  if (id_ref.scheme != "doi") return std::optional<PaperView>();
  // Not a paper's own DOI: the journal DOI an arXiv record gives for its published version
  // names that record, when exactly one record gives it (a proceedings volume's DOI, given by
  // each of its papers, names none of them).
  auto claimants = b.PapersPublishedAs(id_ref.value, 2);
  if (!claimants) return Fail(claimants.error());
  if (claimants->size() != 1) return std::optional<PaperView>();
  return ViewOfRow(b, claimants->front());
}

Status ImportPapersOn(PaperBackend& b, const std::vector<Paper>& papers, int64_t now) {
  if (auto st = b.BeginPapers("import papers"); !st) return st;
  auto one = [&](const Paper& p, size_t index) -> Status {
    if (p.key.empty() || p.ids.Empty())
      return MakeError(Code::kInvalidArgument, Describe(index, p) + ": no library key or id");
    for (const IdScheme& scheme : kIdSchemes) {
      const std::string& v = p.ids.*scheme.field;
      if (v.empty()) continue;
      auto row = b.FindPaperById(scheme.name, v);
      if (!row) return Fail(row.error());
      if (*row != 0)
        return MakeError(Code::kAlreadyExists, "paper " + p.key + ": " + std::string(scheme.name) +
                                                   " " + v + " is already in the library");
    }
    PaperWrite w;
    w.paper = &p;
    w.now = now;
    w.derived = DeriveColumns(p);
    auto row = b.WritePaper(w);
    if (!row) return Fail(row.error());
    return Ok();
  };
  Status st = Ok();
  for (size_t i = 0; i < papers.size() && st; ++i) st = one(papers[i], i);
  if (st) st = b.CommitPapers("import papers");
  if (!st) {
    b.RollbackPapers();
    return Fail(st.error().Wrap("import papers"));
  }
  return Ok();
}

Status BackedStore::ImportPapers(const std::vector<Paper>& papers) {
  return ImportPapersOn(*this, papers, static_cast<int64_t>(std::time(nullptr)));
}

Result<std::optional<PaperView>> BackedStore::Get(std::string_view ref) {
  return GetOn(*this, ref);
}

Result<UpsertStats> BackedStore::DoUpsertPage(const std::vector<Paper>& papers,
                                              const std::optional<CursorUpdate>& cursor) {
  return UpsertPageOn(*this, papers, cursor, static_cast<int64_t>(std::time(nullptr)));
}

std::vector<Result<UpsertStats>> BackedStore::DoUpsertPages(
    const std::vector<const std::vector<Paper>*>& pages) {
  return UpsertPagesOn(*this, pages, static_cast<int64_t>(std::time(nullptr)));
}

}  // namespace ah::store
