#include "core/paper_limits.h"

#include <cstdio>
#include <map>
#include <utility>

#include "core/merge.h"
#include "core/paper_json.h"
#include "core/text.h"

namespace ah {
namespace {

enum class Over { kTruncate, kDrop };

struct Rule {
  const char* name;  // as the notes name the field ("title", "author name", ...)
  size_t cap;
  Over over;
  bool multiline;  // tab and newline are content
};

constexpr Rule kTitleRule{"title", limits::kTitle, Over::kTruncate, false};
constexpr Rule kAbstractRule{"abstract", limits::kAbstract, Over::kTruncate, true};
constexpr Rule kAbstractRawRule{"abstract_raw", limits::kAbstractRaw, Over::kTruncate, true};
constexpr Rule kCommentsRule{"comments", limits::kComments, Over::kTruncate, true};
constexpr Rule kAuthorNameRule{"author name", limits::kAuthorName, Over::kTruncate, false};
constexpr Rule kAffiliationRule{"affiliation", limits::kAffiliation, Over::kTruncate, false};
constexpr Rule kOrcidRule{"ORCID", limits::kId, Over::kDrop, false};

// Calls f(string, rule) for every string field of a Paper, except the author
// list (names, ORCIDs, affiliations), whose counts are bounded separately.
template <typename P, typename F>
void ForEachString(P& p, F&& f) {
  f(p.key, Rule{"key", limits::kId, Over::kDrop, false});
  f(p.ids.arxiv, Rule{"arXiv id", limits::kId, Over::kDrop, false});
  f(p.ids.doi, Rule{"doi", limits::kId, Over::kDrop, false});
  f(p.ids.pmid, Rule{"pmid", limits::kId, Over::kDrop, false});
  f(p.ids.pmcid, Rule{"pmcid", limits::kId, Over::kDrop, false});
  f(p.ids.openalex, Rule{"OpenAlex id", limits::kId, Over::kDrop, false});
  f(p.title, kTitleRule);
  f(p.abstract_raw, kAbstractRawRule);
  f(p.abstract, kAbstractRule);
  for (auto& c : p.categories) f(c, Rule{"category", limits::kShort, Over::kTruncate, false});
  f(p.primary_category, Rule{"primary category", limits::kShort, Over::kTruncate, false});
  for (auto& v : p.versions) f(v.date, Rule{"version date", limits::kDate, Over::kDrop, false});
  for (auto& l : p.listings) {
    f(l.source, Rule{"listing source", limits::kShort, Over::kTruncate, false});
    f(l.date, Rule{"listing date", limits::kDate, Over::kDrop, false});
    f(l.announce_type, Rule{"listing type", limits::kShort, Over::kTruncate, false});
    f(l.channel, Rule{"listing channel", limits::kShort, Over::kTruncate, false});
  }
  f(p.submitted, Rule{"submitted date", limits::kDate, Over::kDrop, false});
  f(p.updated, Rule{"updated date", limits::kDate, Over::kDrop, false});
  f(p.published, Rule{"published date", limits::kDate, Over::kDrop, false});
  f(p.journal, Rule{"journal", limits::kJournal, Over::kTruncate, false});
  f(p.journal_ref, Rule{"journal_ref", limits::kJournal, Over::kTruncate, false});
  f(p.volume, Rule{"volume", limits::kShort, Over::kTruncate, false});
  f(p.issue, Rule{"issue", limits::kShort, Over::kTruncate, false});
  f(p.pages, Rule{"pages", limits::kShort, Over::kTruncate, false});
  f(p.publisher, Rule{"publisher", limits::kJournal, Over::kTruncate, false});
  f(p.comments, kCommentsRule);
  f(p.license, Rule{"license", limits::kUrl, Over::kDrop, false});
  f(p.url, Rule{"url", limits::kUrl, Over::kDrop, false});
  f(p.pdf_url, Rule{"pdf_url", limits::kUrl, Over::kDrop, false});
  f(p.type, Rule{"type", limits::kShort, Over::kTruncate, false});
  f(p.published_doi, Rule{"published_doi", limits::kId, Over::kDrop, false});
  for (auto& s : p.issns) f(s, Rule{"ISSN", limits::kId, Over::kDrop, false});
}

// "512 bytes", "2 KiB", "100 KiB", "400.0 MiB".
std::string Size(size_t n) {
  char buf[48];
  if (n < 1024) {
    std::snprintf(buf, sizeof buf, "%zu bytes", n);
  } else if (n < (size_t{1} << 20)) {
    if (n % 1024 == 0) {
      std::snprintf(buf, sizeof buf, "%zu KiB", n >> 10);
    } else {
      std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(n) / 1024.0);
    }
  } else {
    std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(n) / 1048576.0);
  }
  return buf;
}

// One note per rule that bit, however many values it bit.
class Notes {
 public:
  void Capped(const Rule& r, size_t size) {
    Entry& e = by_name_[r.name];
    if (e.count == 0) order_.push_back(r);
    ++e.count;
    if (size > e.largest) e.largest = size;
  }
  void Add(std::string note) { extra_.push_back(std::move(note)); }
  std::vector<std::string> Take() {
    std::vector<std::string> out;
    for (const Rule& r : order_) {
      const Entry& e = by_name_[r.name];
      const char* what = r.over == Over::kTruncate ? "truncated to " : "dropped (limit ";
      std::string tail = r.over == Over::kTruncate ? Size(r.cap) : Size(r.cap) + ")";
      if (e.count == 1) {
        out.push_back(std::string(r.name) + " of " + Size(e.largest) + " " + what + tail);
      } else {
        out.push_back(std::to_string(e.count) + " values of " + r.name + " (up to " +
                      Size(e.largest) + ") " + what + tail);
      }
    }
    for (auto& s : extra_) out.push_back(std::move(s));
    return out;
  }

 private:
  struct Entry {
    size_t count = 0;
    size_t largest = 0;
  };
  std::map<std::string, Entry> by_name_;
  std::vector<Rule> order_;
  std::vector<std::string> extra_;
};

void Fix(std::string& s, const Rule& r, Notes& notes) {
  if (text::HasControls(s, r.multiline)) s = text::StripControls(s, r.multiline);
  if (s.size() <= r.cap) return;
  notes.Capped(r, s.size());
  if (r.over == Over::kDrop) {
    s.clear();
  } else {
    TruncateUtf8(s, r.cap);
  }
}

template <typename T>
void KeepFirst(std::vector<T>& v, size_t max, const char* what, Notes& notes) {
  if (v.size() <= max) return;
  notes.Add(std::to_string(v.size()) + " " + what + ", kept the first " + std::to_string(max));
  v.resize(max);
}

}  // namespace

void TruncateUtf8(std::string& s, size_t max) {
  if (s.size() <= max) return;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
}

namespace {

// `scan`: also look for control characters in the text.
bool Within(const Paper& p, bool scan) {
  if (p.authors.size() > limits::kAuthors || p.categories.size() > limits::kCategories ||
      p.versions.size() > limits::kVersions || p.listings.size() > limits::kListings ||
      p.issns.size() > limits::kIssns) {
    return false;
  }
  auto ok_string = [scan](const std::string& s, const Rule& r) {
    return s.size() <= r.cap && (!scan || !text::HasControls(s, r.multiline));
  };
  bool ok = true;
  ForEachString(p, [&](const std::string& s, const Rule& r) { ok = ok && ok_string(s, r); });
  if (!ok) return false;
  size_t affiliations = 0;
  for (const auto& a : p.authors) {
    if (!ok_string(a.name, kAuthorNameRule) || !ok_string(a.orcid, kOrcidRule) ||
        a.affiliations.size() > limits::kAffiliationsPerAuthor) {
      return false;
    }
    for (const auto& f : a.affiliations) {
      if (!ok_string(f, kAffiliationRule)) return false;
      affiliations += f.size();
    }
  }
  return affiliations <= limits::kAffiliationsTotal;
}

}  // namespace

bool PaperWithinCaps(const Paper& p) { return Within(p, /*scan=*/false); }

bool PaperWithinLimits(const Paper& p) { return Within(p, /*scan=*/true) && PaperIsValidUtf8(p); }

std::vector<std::string> ApplyPaperLimits(Paper& p) {
  Notes notes;
  SanitizePaperUtf8(p);
  KeepFirst(p.authors, limits::kAuthors, "authors", notes);
  KeepFirst(p.categories, limits::kCategories, "categories", notes);
  KeepFirst(p.versions, limits::kVersions, "versions", notes);
  KeepFirst(p.listings, limits::kListings, "listings", notes);
  KeepFirst(p.issns, limits::kIssns, "ISSNs", notes);
  ForEachString(p, [&](std::string& s, const Rule& r) { Fix(s, r, notes); });
  size_t affiliations = 0;
  size_t dropped_from = 0;  // 1-based author whose affiliations were dropped first
  for (size_t i = 0; i < p.authors.size(); ++i) {
    Author& a = p.authors[i];
    Fix(a.name, kAuthorNameRule, notes);
    Fix(a.orcid, kOrcidRule, notes);
    if (a.affiliations.size() > limits::kAffiliationsPerAuthor) {
      notes.Add("author " + std::to_string(i + 1) + " has " +
                std::to_string(a.affiliations.size()) + " affiliations, kept the first " +
                std::to_string(limits::kAffiliationsPerAuthor));
      a.affiliations.resize(limits::kAffiliationsPerAuthor);
    }
    for (auto& f : a.affiliations) Fix(f, kAffiliationRule, notes);
    if (dropped_from != 0) {
      a.affiliations.clear();
      continue;
    }
    for (size_t k = 0; k < a.affiliations.size(); ++k) {
      if (affiliations + a.affiliations[k].size() > limits::kAffiliationsTotal) {
        if (dropped_from == 0) dropped_from = i + 1;
        a.affiliations.resize(k);
        break;
      }
      affiliations += a.affiliations[k].size();
    }
  }
  if (dropped_from != 0) {
    notes.Add("affiliations beyond " + Size(limits::kAffiliationsTotal) +
              " in all dropped (from author " + std::to_string(dropped_from) + " on)");
  }
  return notes.Take();
}

std::vector<Error> ApplyPageLimits(std::vector<Paper>& papers, bool caps_only) {
  std::vector<Error> out;
  for (size_t i = 0; i < papers.size(); ++i) {
    Paper& p = papers[i];
    if (caps_only ? PaperWithinCaps(p) : PaperWithinLimits(p)) continue;
    std::vector<std::string> notes = ApplyPaperLimits(p);
    if (notes.empty()) continue;
    std::string what = CanonicalKey(p);
    if (what.empty()) {
      what = p.title;
      TruncateUtf8(what, 60);
    }
    std::string msg =
        "record " + std::to_string(i) + (what.empty() ? "" : " (" + what + ")") + ": ";
    for (size_t k = 0; k < notes.size(); ++k) msg += (k ? "; " : "") + notes[k];
    out.emplace_back(Code::kTooLarge, std::move(msg));
  }
  return out;
}

}  // namespace ah
