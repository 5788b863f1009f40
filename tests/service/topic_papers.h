// Papers on two topics (graph learning, ocean climate) for the service tests:
// each picks words of its topic by its number, so that papers share terms
// without being identical.
#pragma once

#include <string>
#include <vector>

#include "core/paper.h"

namespace ah::service {

inline const std::vector<std::string> kGraphWords = {"graph",    "neural",  "network", "molecule",
                                                     "message",  "passing", "node",    "edge",
                                                     "chemical", "property"};
inline const std::vector<std::string> kOceanWords = {
    "ocean",   "climate", "sea",    "ice",         "salinity",
    "current", "warming", "arctic", "temperature", "circulation"};

// A paper on one topic: words of the topic picked by `n`, so that papers share
// terms without being identical.
inline Paper TopicPaper(const std::string& id, const std::vector<std::string>& words, int n,
                        const std::string& date, const std::string& channel,
                        const std::string& announce = "new", const std::string& source = "arxiv") {
  Paper p;
  p.ids.arxiv = id;
  std::string title, abstract;
  for (int i = 0; i < 4; ++i) title += (i ? " " : "") + words[(n + i * 3) % words.size()];
  for (int i = 0; i < 12; ++i) abstract += words[(n * 7 + i * 5) % words.size()] + " ";
  p.title = title + " study " + std::to_string(n);
  p.abstract = abstract + "we study this";
  p.abstract_raw = p.abstract;
  p.authors = {{"Author " + std::to_string(n), {}, ""}};
  p.categories = {channel};
  p.primary_category = channel;
  p.versions = {{1, date}};
  p.listings = {{source, date, announce, channel}};
  p.submitted = date;
  return p;
}

// "0007": ids that sort as numbers.
inline std::string Pad(int i) {
  std::string s = std::to_string(i);
  return std::string(4 - s.size(), '0') + s;
}

}  // namespace ah::service
