#include "fakes/memory_store.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>
#include <utility>

#include "core/ids.h"

namespace ah::testing {

using store::PaperRow;

namespace {

struct Row {
  Paper paper;
  store::DerivedColumns derived;
  int64_t seq = 0;
};

// Everything a write transaction may change, so that it can be restored.
struct Data {
  std::vector<Row> rows;  // PaperRow r is rows[r - 1]
  std::map<std::pair<std::string, std::string>, PaperRow> ids;
  std::vector<std::pair<PaperRow, Listing>> listings;  // in the order they were added
  int64_t last_seq = 0;
  std::map<std::string, std::string, std::less<>> cursors;
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The next code point of `s` at `i` (advancing i); invalid bytes are themselves.
uint32_t NextCodePoint(std::string_view s, size_t& i) {
  const auto c = static_cast<unsigned char>(s[i++]);
  const int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  uint32_t cp = extra == 3 ? c & 0x07u : extra == 2 ? c & 0x0Fu : extra == 1 ? c & 0x1Fu : c;
  for (int k = 0; k < extra && i < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3Fu);
  }
  return cp;
}

// Letters and digits, roughly as unicode61 sees them: ASCII alphanumerics and
// every other code point except punctuation, symbols, arrows and emoji.
bool IsWordCodePoint(uint32_t cp) {
  if (cp < 0x80) return std::isalnum(static_cast<int>(cp)) != 0;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;    // punctuation, arrows, math, symbols
  if (cp >= 0x3000 && cp <= 0x303F) return false;    // CJK punctuation
  if (cp >= 0x1F000 && cp <= 0x1FFFF) return false;  // emoji
  return cp != 0xA0 && !(cp >= 0x80 && cp <= 0xBF);
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  std::string w;
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    const uint32_t cp = NextCodePoint(text, i);
    if (IsWordCodePoint(cp)) {
      for (size_t k = start; k < i; ++k) {
        w += static_cast<char>(std::tolower(static_cast<unsigned char>(text[k])));
      }
    } else if (!w.empty()) {
      out.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

// `want` occurs in `have` as consecutive words; the last may be a prefix.
bool HasWords(const std::vector<std::string>& have, const std::vector<std::string>& want,
              bool prefix) {
  if (want.empty()) return false;
  for (size_t i = 0; i + want.size() <= have.size(); ++i) {
    bool all = true;
    for (size_t k = 0; all && k < want.size(); ++k) {
      const bool last = k + 1 == want.size();
      all = last && prefix ? have[i + k].rfind(want[k], 0) == 0 : have[i + k] == want[k];
    }
    if (all) return true;
  }
  return false;
}

std::string AuthorText(const Paper& p) {
  std::string s;
  for (const Author& a : p.authors) s += a.name + "; ";
  return s;
}

// Whether `p` matches `n`; nullopt for a term without any word (symbols
// only), which an AND ignores and which matches nothing alone.
std::optional<bool> Matches(const Paper& p, const search::Node& n) {
  using K = search::Node::Kind;
  using F = search::Field;
  switch (n.kind) {
    case K::kAnd:
    case K::kOr: {
      std::optional<bool> out;
      for (const search::Node& c : n.children) {
        const std::optional<bool> m = Matches(p, c);
        if (!m) continue;
        out = n.kind == K::kAnd ? out.value_or(true) && *m : out.value_or(false) || *m;
      }
      return out;
    }
    case K::kNot: {
      if (n.children.empty()) return std::nullopt;
      const std::optional<bool> m = Matches(p, n.children[0]);
      if (!m) return std::nullopt;
      return !*m;
    }
    case K::kTerm:
    case K::kPhrase:
      break;
  }
  const std::string value = Lower(n.text);
  const bool prefix = n.kind == K::kTerm && n.prefix;
  auto whole = [&](const std::string& v) {
    const std::string lv = Lower(v);
    return prefix ? lv.rfind(value, 0) == 0 : lv == value;
  };
  switch (n.field) {
    case F::kCategory:
      return std::any_of(p.categories.begin(), p.categories.end(), whole);
    case F::kSource:
      return std::any_of(p.listings.begin(), p.listings.end(),
                         [&](const Listing& l) { return whole(l.source); });
    case F::kId: {
      const ids::IdRef ref = ids::ParseIdRef(n.text);
      if (ref.scheme.empty()) {
        return whole(p.ids.arxiv) || whole(p.ids.doi) || whole(p.ids.pmid) || whole(p.ids.pmcid) ||
               whole(p.ids.openalex) || whole(p.published_doi);
      }
      for (const store::IdScheme& s : store::kIdSchemes) {
        if (s.name == ref.scheme && p.ids.*s.field == ref.value) return true;
      }
      return ref.scheme == "doi" && p.published_doi == ref.value;
    }
    default:
      break;
  }
  const std::vector<std::string> want = Words(n.text);
  if (want.empty()) return std::nullopt;
  auto in = [&](const std::string& text) { return HasWords(Words(text), want, prefix); };
  switch (n.field) {
    case F::kTitle:
      return in(p.title);
    case F::kAbstract:
      return in(p.abstract);
    case F::kAuthor:
      return in(AuthorText(p));
    default:
      break;
  }
  if (in(p.title) || in(p.abstract) || in(AuthorText(p))) return true;
  return std::any_of(p.categories.begin(), p.categories.end(), in);
}

// SQLite's ('|' || categories || '|') LIKE '%|cat|%': one category, ASCII case folded.
bool HasCategory(const store::DerivedColumns& d, const std::string& category) {
  if (category.empty()) return true;
  std::string want = Lower(category);
  std::replace(want.begin(), want.end(), '|', ' ');
  const std::string all = "|" + Lower(d.categories) + "|";
  return all.find("|" + want + "|") != std::string::npos;
}

bool IsAnnouncement(const Listing& l) {
  return !l.date.empty() && l.announce_type != "api" && l.announce_type != "oai";
}

}  // namespace

struct MemoryStore::Library {
  std::recursive_mutex mu;
  Data data;
  std::optional<Data> saved;  // the state before the write transaction in progress
  std::vector<store::FetchLogEntry> log;
  std::map<std::string, store::HttpValidators, std::less<>> validators;
  std::set<std::string> failing_keys;
  int upsert_calls = 0;
  int fail_on_call = 0;  // absolute write transaction number that fails; 0 = none
};

std::shared_ptr<MemoryStore::Library> MemoryStore::NewLibrary() {
  return std::make_shared<Library>();
}

void MemoryStore::FailWritesOf(Library& lib, const std::string& key) {
  std::lock_guard<std::recursive_mutex> lock(lib.mu);
  lib.failing_keys.insert(key);
}

MemoryStore::MemoryStore() : MemoryStore(NewLibrary()) {}
MemoryStore::MemoryStore(std::shared_ptr<Library> lib) : lib_(std::move(lib)) {}
MemoryStore::~MemoryStore() {
  if (txn_.owns_lock()) RollbackPapers();
}

// --- PaperBackend ---

Status MemoryStore::BeginPapers(std::string_view /*what*/) {
  txn_ = std::unique_lock<std::recursive_mutex>(lib_->mu);
  ++lib_->upsert_calls;
  lib_->saved = lib_->data;
  write_seq_ = lib_->data.last_seq + 1;
  return Ok();
}

Status MemoryStore::CommitPapers(std::string_view what) {
  if (lib_->fail_on_call != 0 && lib_->upsert_calls == lib_->fail_on_call) {
    return MakeError(Code::kIo, std::string(what) + ": MemoryStore: injected failure on call " +
                                    std::to_string(lib_->upsert_calls));
  }
  lib_->saved.reset();
  txn_.unlock();
  txn_.release();
  return Ok();
}

void MemoryStore::RollbackPapers() {
  if (!txn_.owns_lock()) return;
  if (lib_->saved) lib_->data = std::move(*lib_->saved);
  lib_->saved.reset();
  txn_.unlock();
  txn_.release();
}

Status MemoryStore::SaveCursorInWrite(const store::CursorUpdate& c) {
  lib_->data.cursors[c.source] = c.cursor;
  return Ok();
}

Result<PaperRow> MemoryStore::FindPaperById(std::string_view scheme, std::string_view value) {
  std::lock_guard<std::recursive_mutex> lock(lib_->mu);
  auto it = lib_->data.ids.find({std::string(scheme), std::string(value)});
  return it == lib_->data.ids.end() ? 0 : it->second;
}

Result<std::optional<Paper>> MemoryStore::LoadPaper(PaperRow row) {
  std::lock_guard<std::recursive_mutex> lock(lib_->mu);
  if (row < 1 || row > static_cast<PaperRow>(lib_->data.rows.size())) return std::optional<Paper>();
  return std::optional<Paper>(lib_->data.rows[static_cast<size_t>(row - 1)].paper);
}

Result<std::string> MemoryStore::PaperKey(PaperRow row) {
  std::lock_guard<std::recursive_mutex> lock(lib_->mu);
  if (row < 1 || row > static_cast<PaperRow>(lib_->data.rows.size())) return std::string();
  return lib_->data.rows[static_cast<size_t>(row - 1)].paper.key;
}

Result<std::vector<PaperRow>> MemoryStore::PapersPublishedAs(std::string_view doi, size_t limit) {
  std::lock_guard<std::recursive_mutex> lock(lib_->mu);
  std::vector<PaperRow> out;
  const auto& rows = lib_->data.rows;
  for (size_t i = 0; i < rows.size() && out.size() < limit; ++i) {
    if (!rows[i].paper.published_doi.empty() && rows[i].paper.published_doi == doi)
      out.push_back(static_cast<PaperRow>(i + 1));
  }
  return out;
}

Result<std::vector<store::StoredPaper>> MemoryStore::LinkCandidates(int64_t match_hash,
                                                                    store::MatchKind kind) {
  std::lock_guard<std::recursive_mutex> lock(lib_->mu);
  std::vector<store::StoredPaper> out;
  const auto& rows = lib_->data.rows;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].derived.match_kind == kind && rows[i].derived.match_hash == match_hash)
      out.push_back({static_cast<PaperRow>(i + 1), rows[i].paper});
  }
  return out;
}

Result<PaperRow> MemoryStore::WritePaper(const store::PaperWrite& w) {
  Data& d = lib_->data;
  const Paper& p = *w.paper;
  if (lib_->failing_keys.count(p.key) != 0) {
    return MakeError(Code::kIo, "MemoryStore: injected write failure of " + p.key);
  }
  PaperRow row = w.row;
  if (row == 0) {
    d.rows.push_back(Row{p, w.derived, write_seq_});
    row = static_cast<PaperRow>(d.rows.size());
  } else {
    if (row < 1 || row > static_cast<PaperRow>(d.rows.size())) {
      return MakeError(Code::kInternal, "MemoryStore: no paper row " + std::to_string(row));
    }
    d.rows[static_cast<size_t>(row - 1)] = Row{p, w.derived, write_seq_};
  }
  for (const store::IdScheme& s : store::kIdSchemes) {
    const std::string& v = p.ids.*s.field;
    if (v.empty() || (w.before != nullptr && !(w.before->ids.*s.field).empty())) continue;
    auto [it, fresh] = d.ids.emplace(std::make_pair(std::string(s.name), v), row);
    if (!fresh && it->second != row) {
      return MakeError(Code::kInternal, "MemoryStore: id " + std::string(s.name) + ":" + v +
                                            " is registered to another paper");
    }
  }
  for (const Listing& l : p.listings) {
    if (w.before != nullptr && std::find(w.before->listings.begin(), w.before->listings.end(), l) !=
                                   w.before->listings.end()) {
      continue;
    }
    d.listings.emplace_back(row, l);
  }
  d.last_seq = write_seq_;
  return row;
}

// --- reads ---

Result<std::vector<store::PaperView>> MemoryStore::ViewsOf(const std::vector<PaperRow>& rows) {
  std::vector<store::PaperView> out;
  out.reserve(rows.size());
  for (PaperRow r : rows) {
    auto v = store::ViewOn(*this, r, lib_->data.rows[static_cast<size_t>(r - 1)].paper);
    if (!v) return Fail(v.error());
    out.push_back(std::move(*v));
  }
  return out;
}

// than: 0 any date, -1 before f.date, +1 after f.date.
Result<std::string> MemoryStore::DateBound(const store::ListingFilter& f, bool max,
                                           int than) const {
  std::string out;
  for (const auto& [row, l] : lib_->data.listings) {
    if (!IsAnnouncement(l)) continue;
    if (than < 0 && !(l.date < f.date)) continue;
    if (than > 0 && !(l.date > f.date)) continue;
    if (!f.source.empty() && Lower(l.source) != Lower(f.source)) continue;
    if (!HasCategory(lib_->data.rows[static_cast<size_t>(row - 1)].derived, f.category)) continue;
    if (out.empty() || (max ? l.date > out : l.date < out)) out = l.date;
  }
  return out;
}

Result<std::string> MemoryStore::LatestListingDate(const store::ListingFilter& f) {
  std::lock_guard<std::recursive_mutex> lock(lib_->mu);
  return DateBound(f, true, 0);
}

Result<std::pair<std::string, std::string>> MemoryStore::AdjacentListingDates(
    const store::ListingFilter& f) {
  std::lock_guard<std::recursive_mutex> lock(lib_->mu);
  auto before = DateBound(f, true, -1);
  auto after = DateBound(f, false, +1);
  return std::make_pair(*before, *after);
}

Result<std::vector<store::PaperView>> MemoryStore::ListByListing(const store::ListingFilter& f) {
  std::lock_guard<std::recursive_mutex> lock(lib_->mu);
  std::string date = f.date;
  if (date.empty()) date = *DateBound(f, true, 0);
  if (date.empty()) return std::vector<store::PaperView>();
  std::vector<PaperRow> rows;
  std::set<PaperRow> seen;
  for (const auto& [row, l] : lib_->data.listings) {
    if (f.limit > 0 && static_cast<int64_t>(rows.size()) >= f.limit) break;
    if (!IsAnnouncement(l) || l.date != date) continue;
    if (!f.source.empty() && Lower(l.source) != Lower(f.source)) continue;
    if (!HasCategory(lib_->data.rows[static_cast<size_t>(row - 1)].derived, f.category)) continue;
    if (seen.insert(row).second) rows.push_back(row);
  }
  return ViewsOf(rows);
}

std::vector<PaperRow> MemoryStore::Matching(const search::Query& q) const {
  std::vector<PaperRow> out;
  const auto& rows = lib_->data.rows;
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string& first = rows[i].derived.first_date;
    if (!q.from_date.empty() && (first.empty() || first < q.from_date)) continue;
    if (!q.to_date.empty() && (first.empty() || first > q.to_date)) continue;
    if (q.has_root && !Matches(rows[i].paper, q.root).value_or(false)) continue;
    out.push_back(static_cast<PaperRow>(i + 1));
  }
  if (!q.has_root) {
    // As SQLite's filter-only order: newest first_date first, then newest row.
    std::stable_sort(out.begin(), out.end(), [&](PaperRow a, PaperRow b) {
      const auto& da = rows[static_cast<size_t>(a - 1)].derived.first_date;
      const auto& db = rows[static_cast<size_t>(b - 1)].derived.first_date;
      return da != db ? da > db : a > b;
    });
  }
  return out;
}

Result<std::vector<store::PaperView>> MemoryStore::Search(const search::Query& q, int64_t limit,
                                                          int64_t offset) {
  std::lock_guard<std::recursive_mutex> lock(lib_->mu);
  std::vector<PaperRow> all = Matching(q);
  std::vector<PaperRow> page;
  for (size_t i = static_cast<size_t>(std::max<int64_t>(offset, 0)); i < all.size(); ++i) {
    if (limit > 0 && static_cast<int64_t>(page.size()) >= limit) break;
    page.push_back(all[i]);
  }
  return ViewsOf(page);
}

Result<store::SearchSummary> MemoryStore::SearchFacets(const search::Query& q, size_t max_docs) {
  std::lock_guard<std::recursive_mutex> lock(lib_->mu);
  const std::vector<PaperRow> all = Matching(q);
  store::SearchSummary out;
  out.total = static_cast<int64_t>(all.size());
  std::map<std::string, int64_t> sources, categories, years;
  for (size_t i = 0; i < all.size() && i < max_docs; ++i) {
    const Row& r = lib_->data.rows[static_cast<size_t>(all[i] - 1)];
    ++out.faceted;
    std::set<std::string> srcs;
    for (const auto& l : r.paper.listings) srcs.insert(l.source);
    for (const auto& s : srcs) ++sources[s];
    if (!r.paper.primary_category.empty()) ++categories[r.paper.primary_category];
    if (r.derived.first_date.size() >= 4) ++years[r.derived.first_date.substr(0, 4)];
  }
  auto sorted = [](const std::map<std::string, int64_t>& m, bool newest_first) {
    std::vector<store::FacetCount> v;
    for (const auto& [value, n] : m) v.push_back({value, n});
    std::sort(v.begin(), v.end(), [&](const auto& a, const auto& b) {
      if (newest_first) return a.value > b.value;
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    return v;
  };
  out.sources = sorted(sources, false);
  out.categories = sorted(categories, false);
  out.years = sorted(years, true);
  return out;
}

Result<store::LibraryStats> MemoryStore::Stats() {
  std::lock_guard<std::recursive_mutex> lock(lib_->mu);
  const Data& d = lib_->data;
  store::LibraryStats s;
  s.papers = static_cast<int64_t>(d.rows.size());
  s.listings = static_cast<int64_t>(d.listings.size());
  for (const auto& [id, row] : d.ids) s.with_doi += id.first == "doi" ? 1 : 0;
  for (const Row& r : d.rows) s.with_published_version += r.paper.published_doi.empty() ? 0 : 1;
  s.latest_listing_date = *DateBound({}, true, 0);
  std::map<std::string, std::set<PaperRow>> by_source;
  for (const auto& [row, l] : d.listings) by_source[l.source].insert(row);
  for (const auto& [src, rows] : by_source)
    s.papers_by_source.emplace_back(src, static_cast<int64_t>(rows.size()));
  std::stable_sort(s.papers_by_source.begin(), s.papers_by_source.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  const auto& log = lib_->log;
  for (auto it = log.rbegin(); it != log.rend() && s.recent_fetches.size() < 20; ++it) {
    s.recent_fetches.push_back(*it);
  }
  return s;
}

Status MemoryStore::LogFetch(const store::FetchLogEntry& e) {
  std::lock_guard<std::recursive_mutex> lock(lib_->mu);
  lib_->log.push_back(e);
  return Ok();
}

Result<std::optional<std::string>> MemoryStore::GetCursor(std::string_view source) {
  std::lock_guard<std::recursive_mutex> lock(lib_->mu);
  auto it = lib_->data.cursors.find(source);
  if (it == lib_->data.cursors.end()) return std::optional<std::string>();
  return std::optional<std::string>(it->second);
}

Status MemoryStore::SetCursor(const store::CursorUpdate& c) {
  std::lock_guard<std::recursive_mutex> lock(lib_->mu);
  lib_->data.cursors[c.source] = c.cursor;
  return Ok();
}

Result<store::HttpValidators> MemoryStore::GetValidators(std::string_view url) {
  std::lock_guard<std::recursive_mutex> lock(lib_->mu);
  auto it = lib_->validators.find(url);
  return it == lib_->validators.end() ? store::HttpValidators{} : it->second;
}

Status MemoryStore::SetValidators(std::string_view url, const store::HttpValidators& v) {
  std::lock_guard<std::recursive_mutex> lock(lib_->mu);
  lib_->validators[std::string(url)] = v;
  return Ok();
}

void MemoryStore::FailUpsertOnCall(int n) {
  std::lock_guard<std::recursive_mutex> lock(lib_->mu);
  lib_->fail_on_call = n > 0 ? lib_->upsert_calls + n : 0;
}

std::vector<Paper> MemoryStore::papers() const {
  std::lock_guard<std::recursive_mutex> lock(lib_->mu);
  std::vector<Paper> out;
  out.reserve(lib_->data.rows.size());
  for (const Row& r : lib_->data.rows) out.push_back(r.paper);
  return out;
}

std::vector<store::FetchLogEntry> MemoryStore::fetch_log() const {
  std::lock_guard<std::recursive_mutex> lock(lib_->mu);
  return lib_->log;
}

std::map<std::string, std::string> MemoryStore::cursors() const {
  std::lock_guard<std::recursive_mutex> lock(lib_->mu);
  return {lib_->data.cursors.begin(), lib_->data.cursors.end()};
}

int MemoryStore::upsert_calls() const {
  std::lock_guard<std::recursive_mutex> lock(lib_->mu);
  return lib_->upsert_calls;
}

Status MemoryStore::ForEachPaper(const std::function<Status(const Paper&)>& fn) {
  std::vector<Paper> copy = papers();  // `fn` may call back into the store
  for (const Paper& p : copy)
    if (auto s = fn(p); !s) return s;
  return Ok();
}

Result<int64_t> MemoryStore::LastChange() {
  std::lock_guard<std::recursive_mutex> lock(lib_->mu);
  return lib_->data.last_seq;
}

Status MemoryStore::ForEachPaperSince(int64_t seq, const std::function<Status(const Paper&)>& fn) {
  std::vector<std::pair<int64_t, Paper>> changed;
  {
    std::lock_guard<std::recursive_mutex> lock(lib_->mu);
    for (const Row& r : lib_->data.rows)
      if (r.seq > seq) changed.emplace_back(r.seq, r.paper);
  }
  std::stable_sort(changed.begin(), changed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [s, p] : changed)
    if (auto st = fn(p); !st) return st;
  return Ok();
}

}  // namespace ah::testing
