#include "radar/corpus.h"

#include <algorithm>

namespace ah::radar {

Document DocumentFromPaper(const Paper& paper) {
  Document d;
  d.id = paper.key.empty() ? paper.ids.arxiv : paper.key;
  d.title = paper.title;
  d.abstract = paper.abstract;
  bool any_orcid = false;
  for (const auto& a : paper.authors) {
    d.authors.push_back(a.name);
    any_orcid = any_orcid || !a.orcid.empty();
  }
  if (any_orcid)
    for (const auto& a : paper.authors) d.orcids.push_back(a.orcid);
  d.date = !paper.submitted.empty()  ? paper.submitted
           : !paper.listings.empty() ? paper.listings.front().date
                                     : paper.published;
  d.categories = paper.categories;
  for (const auto& l : paper.listings)
    if (std::find(d.sources.begin(), d.sources.end(), l.source) == d.sources.end())
      d.sources.push_back(l.source);
  return d;
}

Corpus::Corpus(std::vector<Document> docs) {
  docs_.reserve(docs.size());
  index_.reserve(docs.size());
  for (auto& d : docs) {
    index_.emplace(d.id, static_cast<uint32_t>(docs_.size()));
    docs_.push_back(std::make_shared<const Document>(std::move(d)));
  }
}

Corpus Corpus::Extend(const Corpus& base, std::vector<Document> changed,
                      std::vector<uint32_t>* changed_index) {
  Corpus c;
  c.docs_ = base.docs_;
  c.index_ = base.index_;
  std::vector<uint32_t> touched;
  for (auto& d : changed) {
    auto doc = std::make_shared<const Document>(std::move(d));
    auto [it, fresh] = c.index_.emplace(doc->id, static_cast<uint32_t>(c.docs_.size()));
    if (fresh) {
      c.docs_.push_back(std::move(doc));
    } else {
      c.docs_[it->second] = std::move(doc);
    }
    touched.push_back(it->second);
  }
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  if (changed_index != nullptr) *changed_index = std::move(touched);
  return c;
}

std::optional<uint32_t> Corpus::Find(std::string_view id) const {
  auto it = index_.find(std::string(id));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

}  // namespace ah::radar
