#include "fakes/memory_store.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/ids.h"

namespace ah::testing {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string KeyOf(const PaperIds& ids) {
  if (!ids.arxiv.empty()) return ids.arxiv;
  if (!ids.doi.empty()) return "doi:" + ids.doi;
  if (!ids.pmid.empty()) return "pmid:" + ids.pmid;
  if (!ids.pmcid.empty()) return "pmcid:" + ids.pmcid;
  return "openalex:" + ids.openalex;
}

bool SetIfNew(std::string& dst, const std::string& src) {
  if (src.empty() || dst == src) return false;
  dst = src;
  return true;
}

template <typename T>
bool UnionInto(std::vector<T>& dst, const std::vector<T>& src) {
  bool changed = false;
  for (const T& v : src) {
    if (std::find(dst.begin(), dst.end(), v) == dst.end()) {
      dst.push_back(v);
      changed = true;
    }
  }
  return changed;
}

// Fills and overwrites `dst` with what `src` knows; true when anything changed.
bool MergeInto(Paper& dst, const Paper& src) {
  bool changed = false;
  auto fill = [&](std::string& d, const std::string& s) {
    if (d.empty() && !s.empty()) {
      d = s;
      changed = true;
    }
  };
  fill(dst.ids.arxiv, src.ids.arxiv);
  fill(dst.ids.doi, src.ids.doi);
  fill(dst.ids.pmid, src.ids.pmid);
  fill(dst.ids.pmcid, src.ids.pmcid);
  fill(dst.ids.openalex, src.ids.openalex);
  for (auto [d, s] : {std::pair{&dst.title, &src.title},
                      {&dst.abstract_raw, &src.abstract_raw},
                      {&dst.abstract, &src.abstract},
                      {&dst.primary_category, &src.primary_category},
                      {&dst.submitted, &src.submitted},
                      {&dst.updated, &src.updated},
                      {&dst.published, &src.published},
                      {&dst.journal, &src.journal},
                      {&dst.journal_ref, &src.journal_ref},
                      {&dst.volume, &src.volume},
                      {&dst.issue, &src.issue},
                      {&dst.pages, &src.pages},
                      {&dst.publisher, &src.publisher},
                      {&dst.comments, &src.comments},
                      {&dst.license, &src.license},
                      {&dst.url, &src.url},
                      {&dst.pdf_url, &src.pdf_url},
                      {&dst.type, &src.type},
                      {&dst.published_doi, &src.published_doi}}) {
    changed = SetIfNew(*d, *s) || changed;
  }
  if (!src.authors.empty()) {
    bool same = src.authors.size() == dst.authors.size();
    for (size_t i = 0; same && i < src.authors.size(); ++i) {
      same = src.authors[i].name == dst.authors[i].name &&
             src.authors[i].affiliations == dst.authors[i].affiliations &&
             src.authors[i].orcid == dst.authors[i].orcid;
    }
    if (!same) {
      dst.authors = src.authors;
      changed = true;
    }
  }
  changed = UnionInto(dst.categories, src.categories) || changed;
  changed = UnionInto(dst.listings, src.listings) || changed;
  changed = UnionInto(dst.issns, src.issns) || changed;
  for (const Version& v : src.versions) {
    auto it = std::find_if(dst.versions.begin(), dst.versions.end(),
                           [&](const Version& x) { return x.number == v.number; });
    if (it == dst.versions.end()) {
      dst.versions.push_back(v);
      changed = true;
    } else {
      changed = SetIfNew(it->date, v.date) || changed;
    }
  }
  std::sort(dst.versions.begin(), dst.versions.end(),
            [](const Version& a, const Version& b) { return a.number < b.number; });
  return changed;
}

bool SharesId(const PaperIds& a, const PaperIds& b) {
  auto eq = [](const std::string& x, const std::string& y) { return !x.empty() && x == y; };
  return eq(a.arxiv, b.arxiv) || eq(a.doi, b.doi) || eq(a.pmid, b.pmid) || eq(a.pmcid, b.pmcid) ||
         eq(a.openalex, b.openalex);
}

bool MatchesListing(const Paper& p, const store::ListingFilter& f, const std::string& date) {
  if (!f.category.empty() && p.primary_category != f.category &&
      std::find(p.categories.begin(), p.categories.end(), f.category) == p.categories.end()) {
    return false;
  }
  for (const Listing& l : p.listings) {
    if ((f.source.empty() || l.source == f.source) && (date.empty() || l.date == date)) return true;
  }
  return false;
}

void CollectTerms(const search::Node& n, std::vector<std::string>& out) {
  if (n.kind == search::Node::Kind::kTerm || n.kind == search::Node::Kind::kPhrase) {
    out.push_back(Lower(n.text));
  } else if (n.kind != search::Node::Kind::kNot) {
    for (const search::Node& c : n.children) CollectTerms(c, out);
  }
}

}  // namespace

void MemoryStore::FailUpsertOnCall(int n) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_on_call_ = n > 0 ? upsert_calls_ + n : 0;
}

Result<store::UpsertStats> MemoryStore::DoUpsertPage(
    const std::vector<Paper>& papers, const std::optional<store::CursorUpdate>& cursor) {
  std::lock_guard<std::mutex> lock(mu_);
  ++upsert_calls_;
  // Merge into a copy and commit it at the end: all or nothing, like a transaction.
  std::vector<Paper> work = papers_;
  std::vector<int64_t> work_seq = seq_;
  const int64_t seq = last_seq_ + 1;
  store::UpsertStats stats;
  for (const Paper& in : papers) {
    if (in.ids.Empty()) {
      ++stats.rejected;
      stats.errors.emplace_back(Code::kInvalidArgument,
                                "MemoryStore: paper without any id: '" + in.title + "'");
      continue;
    }
    auto at = std::find_if(work.begin(), work.end(),
                           [&](const Paper& p) { return SharesId(p.ids, in.ids); });
    if (at != work.end()) {
      if (MergeInto(*at, in)) {
        work_seq[static_cast<size_t>(at - work.begin())] = seq;
        ++stats.updated;
      } else {
        ++stats.unchanged;
      }
    } else {
      Paper p = in;
      p.key = KeyOf(p.ids);
      work.push_back(std::move(p));
      work_seq.push_back(seq);
      ++stats.added;
    }
  }
  if (fail_on_call_ != 0 && upsert_calls_ == fail_on_call_) {
    return MakeError(Code::kIo, "MemoryStore: injected failure on UpsertPage call " +
                                    std::to_string(upsert_calls_));
  }
  papers_ = std::move(work);
  seq_ = std::move(work_seq);
  last_seq_ = seq;
  if (cursor) cursors_[cursor->source] = cursor->cursor;
  return stats;
}

Result<std::optional<store::PaperView>> MemoryStore::Get(std::string_view ref) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string r(ref);
  std::string lower = Lower(ref);
  for (const Paper& p : papers_) {
    if (p.key == r || p.ids.arxiv == r || p.ids.doi == lower || p.ids.pmid == r ||
        p.ids.pmcid == r || p.ids.openalex == r) {
      return std::optional<store::PaperView>(store::PaperView{p, "", ""});
    }
  }
  // As the real backends (store.h): the one paper giving the DOI as its published_doi.
  const ids::IdRef id = ids::ParseIdRef(ref);
  const Paper* claimant = nullptr;
  for (const Paper& p : papers_) {
    if (id.scheme != "doi" || p.published_doi != id.value) continue;
    if (claimant != nullptr) return std::optional<store::PaperView>();
    claimant = &p;
  }
  if (claimant != nullptr)
    return std::optional<store::PaperView>(store::PaperView{*claimant, "", ""});
  return std::optional<store::PaperView>();
}

Result<std::string> MemoryStore::LatestListingDate(const store::ListingFilter& f) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string latest;
  for (const Paper& p : papers_) {
    if (!MatchesListing(p, f, "")) continue;
    for (const Listing& l : p.listings) {
      if ((f.source.empty() || l.source == f.source) && l.date > latest) latest = l.date;
    }
  }
  return latest;
}

Result<std::pair<std::string, std::string>> MemoryStore::AdjacentListingDates(
    const store::ListingFilter& f) {
  std::lock_guard<std::mutex> lock(mu_);
  std::pair<std::string, std::string> out;
  for (const Paper& p : papers_) {
    if (!MatchesListing(p, f, "")) continue;
    for (const Listing& l : p.listings) {
      if (!f.source.empty() && l.source != f.source) continue;
      if (!l.date.empty() && l.date < f.date && l.date > out.first) out.first = l.date;
      if (l.date > f.date && (out.second.empty() || l.date < out.second)) out.second = l.date;
    }
  }
  return out;
}

Result<std::vector<store::PaperView>> MemoryStore::ListByListing(const store::ListingFilter& f) {
  std::string date = f.date;
  if (date.empty()) {
    auto latest = LatestListingDate(f);
    if (!latest) return Fail(latest.error());
    date = *latest;
    if (date.empty()) return std::vector<store::PaperView>();
  }
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<store::PaperView> out;
  for (const Paper& p : papers_) {
    if (f.limit > 0 && static_cast<int64_t>(out.size()) >= f.limit) break;
    if (MatchesListing(p, f, date)) out.push_back(store::PaperView{p, "", ""});
  }
  return out;
}

std::vector<const Paper*> MemoryStore::Matching(const search::Query& q) const {
  std::vector<std::string> terms;
  if (q.has_root) CollectTerms(q.root, terms);
  std::vector<const Paper*> out;
  for (const Paper& p : papers_) {
    std::string hay = Lower(p.title + " " + p.abstract);
    bool all = std::all_of(terms.begin(), terms.end(),
                           [&](const std::string& t) { return hay.find(t) != std::string::npos; });
    if (all) out.push_back(&p);
  }
  return out;
}

Result<std::vector<store::PaperView>> MemoryStore::Search(const search::Query& q, int64_t limit,
                                                          int64_t offset) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<store::PaperView> out;
  int64_t skipped = 0;
  for (const Paper* p : Matching(q)) {
    if (skipped++ < offset) continue;
    if (limit > 0 && static_cast<int64_t>(out.size()) >= limit) break;
    out.push_back(store::PaperView{*p, "", ""});
  }
  return out;
}

Result<store::SearchSummary> MemoryStore::SearchFacets(const search::Query& q, size_t max_docs) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::vector<const Paper*> all = Matching(q);
  store::SearchSummary out;
  out.total = static_cast<int64_t>(all.size());
  std::map<std::string, int64_t> sources, categories, years;
  for (size_t i = 0; i < all.size() && i < max_docs; ++i) {
    const Paper& p = *all[i];
    ++out.faceted;
    std::set<std::string> srcs;
    std::string first = p.submitted;
    auto earliest = [&](const std::string& d) {
      if (!d.empty() && (first.empty() || d < first)) first = d;
    };
    earliest(p.published);
    for (const auto& v : p.versions) earliest(v.date);
    for (const auto& l : p.listings) {
      srcs.insert(l.source);
      earliest(l.date);
    }
    for (const auto& s : srcs) ++sources[s];
    if (!p.primary_category.empty()) ++categories[p.primary_category];
    if (first.size() >= 4) ++years[first.substr(0, 4)];
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
  std::lock_guard<std::mutex> lock(mu_);
  store::LibraryStats s;
  std::map<std::string, int64_t> by_source;
  for (const Paper& p : papers_) {
    ++s.papers;
    s.listings += static_cast<int64_t>(p.listings.size());
    if (!p.ids.doi.empty()) ++s.with_doi;
    if (!p.published_doi.empty()) ++s.with_published_version;
    std::set<std::string> sources;
    for (const Listing& l : p.listings) {
      sources.insert(l.source);
      if (l.date > s.latest_listing_date) s.latest_listing_date = l.date;
    }
    for (const std::string& src : sources) ++by_source[src];
  }
  s.papers_by_source.assign(by_source.begin(), by_source.end());
  for (auto it = log_.rbegin(); it != log_.rend() && s.recent_fetches.size() < 20; ++it) {
    s.recent_fetches.push_back(*it);
  }
  return s;
}

Status MemoryStore::LogFetch(const store::FetchLogEntry& e) {
  std::lock_guard<std::mutex> lock(mu_);
  log_.push_back(e);
  return Ok();
}

Result<std::optional<std::string>> MemoryStore::GetCursor(std::string_view source) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = cursors_.find(source);
  if (it == cursors_.end()) return std::optional<std::string>();
  return std::optional<std::string>(it->second);
}

Status MemoryStore::SetCursor(const store::CursorUpdate& c) {
  std::lock_guard<std::mutex> lock(mu_);
  cursors_[c.source] = c.cursor;
  return Ok();
}

Result<store::HttpValidators> MemoryStore::GetValidators(std::string_view url) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = validators_.find(url);
  return it == validators_.end() ? store::HttpValidators{} : it->second;
}

Status MemoryStore::SetValidators(std::string_view url, const store::HttpValidators& v) {
  std::lock_guard<std::mutex> lock(mu_);
  validators_[std::string(url)] = v;
  return Ok();
}

std::vector<Paper> MemoryStore::papers() const {
  std::lock_guard<std::mutex> lock(mu_);
  return papers_;
}

std::vector<store::FetchLogEntry> MemoryStore::fetch_log() const {
  std::lock_guard<std::mutex> lock(mu_);
  return log_;
}

std::map<std::string, std::string> MemoryStore::cursors() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {cursors_.begin(), cursors_.end()};
}

int MemoryStore::upsert_calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return upsert_calls_;
}

Status MemoryStore::ForEachPaper(const std::function<Status(const Paper&)>& fn) {
  std::vector<Paper> copy = papers();  // `fn` may call back into the store
  for (const Paper& p : copy)
    if (auto s = fn(p); !s) return s;
  return Ok();
}

}  // namespace ah::testing

namespace ah::testing {

Result<int64_t> MemoryStore::LastChange() {
  std::lock_guard<std::mutex> lock(mu_);
  return last_seq_;
}

Status MemoryStore::ForEachPaperSince(int64_t seq, const std::function<Status(const Paper&)>& fn) {
  std::vector<std::pair<int64_t, Paper>> changed;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t i = 0; i < papers_.size(); ++i)
      if (seq_[i] > seq) changed.emplace_back(seq_[i], papers_[i]);
  }
  std::stable_sort(changed.begin(), changed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [s, p] : changed)
    if (auto st = fn(p); !st) return st;
  return Ok();
}

}  // namespace ah::testing
