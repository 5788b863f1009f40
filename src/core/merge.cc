#include "core/merge.h"

#include <algorithm>
#include <tuple>

#include "core/text.h"

namespace ah {
namespace {

bool FillEmpty(std::string& dst, const std::string& src) {
  if (!dst.empty() || src.empty()) return false;
  dst = src;
  return true;
}

bool Overwrite(std::string& dst, const std::string& src) {
  if (src.empty() || dst == src) return false;
  dst = src;
  return true;
}

bool Earliest(std::string& dst, const std::string& src) {
  if (src.empty() || (!dst.empty() && dst <= src)) return false;
  dst = src;
  return true;
}

bool Latest(std::string& dst, const std::string& src) {
  if (src.empty() || (!dst.empty() && dst >= src)) return false;
  dst = src;
  return true;
}

bool UnionStrings(std::vector<std::string>& dst, const std::vector<std::string>& src) {
  bool changed = false;
  for (const auto& s : src) {
    if (s.empty() || std::find(dst.begin(), dst.end(), s) != dst.end()) continue;
    dst.push_back(s);
    changed = true;
  }
  return changed;
}

bool AuthorsEqual(const std::vector<Author>& a, const std::vector<Author>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || a[i].orcid != b[i].orcid ||
        a[i].affiliations != b[i].affiliations) {
      return false;
    }
  }
  return true;
}

// Fills empty ORCID / affiliations of `dst` authors from the `src` author with
// the same surname key (the one at the same position first, else the first one).
bool CompleteAuthors(std::vector<Author>& dst, const std::vector<Author>& src) {
  bool src_has_info = false;
  for (const auto& a : src) src_has_info |= !a.orcid.empty() || !a.affiliations.empty();
  if (!src_has_info) return false;
  std::vector<std::string> src_keys;
  src_keys.reserve(src.size());
  for (const auto& a : src) src_keys.push_back(text::SurnameKey(a.name));
  bool changed = false;
  for (size_t i = 0; i < dst.size(); ++i) {
    Author& d = dst[i];
    if (!d.orcid.empty() && !d.affiliations.empty()) continue;
    const std::string key = text::SurnameKey(d.name);
    if (key.empty()) continue;
    const Author* m = nullptr;
    if (i < src.size() && src_keys[i] == key) {
      m = &src[i];
    } else {
      for (size_t j = 0; j < src.size() && m == nullptr; ++j) {
        if (src_keys[j] == key) m = &src[j];
      }
    }
    if (m == nullptr) continue;
    changed |= FillEmpty(d.orcid, m->orcid);
    if (d.affiliations.empty() && !m->affiliations.empty()) {
      d.affiliations = m->affiliations;
      changed = true;
    }
  }
  return changed;
}

bool MergeVersions(std::vector<Version>& dst, const std::vector<Version>& src) {
  bool changed = false;
  for (const auto& v : src) {
    auto it = std::find_if(dst.begin(), dst.end(),
                           [&](const Version& d) { return d.number == v.number; });
    if (it == dst.end()) {
      dst.push_back(v);
      changed = true;
    } else {
      changed |= FillEmpty(it->date, v.date);
    }
  }
  if (changed) {
    std::stable_sort(dst.begin(), dst.end(),
                     [](const Version& a, const Version& b) { return a.number < b.number; });
  }
  return changed;
}

bool MergeListings(std::vector<Listing>& dst, const std::vector<Listing>& src) {
  bool changed = false;
  for (const auto& l : src) {
    if (std::find(dst.begin(), dst.end(), l) != dst.end()) continue;
    dst.push_back(l);
    changed = true;
  }
  if (changed) {
    std::stable_sort(dst.begin(), dst.end(), [](const Listing& a, const Listing& b) {
      return std::tie(a.date, a.source, a.announce_type, a.channel) <
             std::tie(b.date, b.source, b.announce_type, b.channel);
    });
  }
  return changed;
}

bool IsPreprintDoi(const std::string& doi) {
  for (const char* prefix : {"10.1101/", "10.48550/", "10.21203/", "10.20944/", "10.2139/ssrn",
                             "10.31219/", "10.31234/", "10.26434/", "10.22541/"}) {
    if (text::StartsWith(doi, prefix)) return true;
  }
  return false;
}

bool IsPreprint(const Paper& p) {
  if (!p.ids.arxiv.empty()) return true;
  if (text::IEquals(p.type, "preprint") || text::IEquals(p.type, "posted-content") ||
      text::IEquals(p.type, "posted_content")) {
    return true;
  }
  return IsPreprintDoi(p.ids.doi);
}

}  // namespace

int MaxVersion(const Paper& p) {
  int m = 0;
  for (const auto& v : p.versions) m = std::max(m, v.number);
  return m;
}

bool MergePaper(Paper& stored, const Paper& in) {
  bool changed = false;
  const bool newer = MaxVersion(in) > MaxVersion(stored);

  changed |= FillEmpty(stored.key, in.key);
  changed |= FillEmpty(stored.ids.arxiv, in.ids.arxiv);
  changed |= FillEmpty(stored.ids.doi, in.ids.doi);
  changed |= FillEmpty(stored.ids.pmid, in.ids.pmid);
  changed |= FillEmpty(stored.ids.pmcid, in.ids.pmcid);
  changed |= FillEmpty(stored.ids.openalex, in.ids.openalex);

  if (newer) {
    changed |= Overwrite(stored.title, in.title);
    if (!in.abstract.empty()) {
      if (stored.abstract != in.abstract || stored.abstract_raw != in.abstract_raw) {
        stored.abstract = in.abstract;
        stored.abstract_raw = in.abstract_raw;
        changed = true;
      }
    } else {
      changed |= FillEmpty(stored.abstract_raw, in.abstract_raw);
    }
    changed |= Overwrite(stored.comments, in.comments);
    changed |= Overwrite(stored.journal_ref, in.journal_ref);
    changed |= Overwrite(stored.published_doi, in.published_doi);
    // Links name a version (…/pdf/2401.01234v1): follow the newest.
    changed |= Overwrite(stored.url, in.url);
    changed |= Overwrite(stored.pdf_url, in.pdf_url);
    if (!in.authors.empty() && !AuthorsEqual(stored.authors, in.authors)) {
      std::vector<Author> authors = in.authors;
      CompleteAuthors(authors, stored.authors);
      if (!AuthorsEqual(stored.authors, authors)) {
        stored.authors = std::move(authors);
        changed = true;
      }
    }
  } else {
    changed |= FillEmpty(stored.title, in.title);
    if (stored.abstract.empty() && !in.abstract.empty()) {
      stored.abstract = in.abstract;
      stored.abstract_raw = in.abstract_raw;
      changed = true;
    } else {
      changed |= FillEmpty(stored.abstract_raw, in.abstract_raw);
    }
    changed |= FillEmpty(stored.comments, in.comments);
    changed |= FillEmpty(stored.journal_ref, in.journal_ref);
    changed |= FillEmpty(stored.published_doi, in.published_doi);
    if (stored.authors.empty() && !in.authors.empty()) {
      stored.authors = in.authors;
      changed = true;
    } else {
      changed |= CompleteAuthors(stored.authors, in.authors);
    }
  }

  changed |= MergeVersions(stored.versions, in.versions);
  changed |= MergeListings(stored.listings, in.listings);
  changed |= UnionStrings(stored.categories, in.categories);
  changed |= FillEmpty(stored.primary_category, in.primary_category);

  changed |= Earliest(stored.submitted, in.submitted);
  changed |= Latest(stored.updated, in.updated);
  changed |= FillEmpty(stored.published, in.published);

  changed |= FillEmpty(stored.journal, in.journal);
  changed |= FillEmpty(stored.volume, in.volume);
  changed |= FillEmpty(stored.issue, in.issue);
  changed |= FillEmpty(stored.pages, in.pages);
  changed |= FillEmpty(stored.publisher, in.publisher);
  changed |= FillEmpty(stored.license, in.license);
  changed |= FillEmpty(stored.url, in.url);
  changed |= FillEmpty(stored.pdf_url, in.pdf_url);
  changed |= FillEmpty(stored.type, in.type);
  changed |= UnionStrings(stored.issns, in.issns);
  return changed;
}

std::string CanonicalKey(const Paper& p) {
  if (!p.ids.arxiv.empty()) return p.ids.arxiv;
  if (!p.ids.doi.empty()) return "doi:" + p.ids.doi;
  if (!p.ids.pmid.empty()) return "pmid:" + p.ids.pmid;
  if (!p.ids.pmcid.empty()) return "pmcid:" + p.ids.pmcid;
  if (!p.ids.openalex.empty()) return "openalex:" + p.ids.openalex;
  return "";
}

bool IdsConflict(const PaperIds& a, const PaperIds& b) {
  auto differ = [](const std::string& x, const std::string& y) {
    return !x.empty() && !y.empty() && x != y;
  };
  return differ(a.arxiv, b.arxiv) || differ(a.doi, b.doi) || differ(a.pmid, b.pmid) ||
         differ(a.pmcid, b.pmcid) || differ(a.openalex, b.openalex);
}

LinkRole LinkRoleOf(const Paper& p) {
  if (IsPreprint(p)) return p.published_doi.empty() ? LinkRole::kPreprint : LinkRole::kNone;
  return p.ids.doi.empty() ? LinkRole::kNone : LinkRole::kJournal;
}

std::string LinkKey(const Paper& p) {
  if (p.authors.empty()) return "";
  std::string title = text::TitleKey(p.title);
  if (title.size() < 16) return "";
  std::string surname = text::SurnameKey(p.authors.front().name);
  if (surname.empty()) return "";
  title += '\x1f';
  title += surname;
  return title;
}

}  // namespace ah
