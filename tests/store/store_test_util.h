// Hand-built papers and query ASTs for the store tests.
#pragma once

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "core/paper.h"
#include "search/query.h"
#include "store/store.h"

namespace ah::store::testing {

inline Paper ArxivPaper(const std::string& id, const std::string& title, int version = 1,
                        const std::string& date = "2024-01-03",
                        const std::string& channel = "cs.LG", const std::string& announce = "new") {
  Paper p;
  p.ids.arxiv = id;
  p.title = title;
  p.abstract = "Abstract of " + title + ".";
  p.abstract_raw = p.abstract;
  p.authors = {{"Ping Li", {}, ""}, {"John Smith", {}, ""}};
  p.categories = {channel};
  p.primary_category = channel;
  for (int v = 1; v <= version; ++v) p.versions.push_back({v, v == version ? date : ""});
  p.listings = {{"arxiv", date, announce, channel}};
  p.submitted = date;
  p.updated = date;
  p.type = "preprint";
  return p;
}

inline Paper JournalPaper(const std::string& doi, const std::string& title,
                          const std::string& first_author = "Li, Ping",
                          const std::string& source = "crossref",
                          const std::string& date = "2024-06-01") {
  Paper p;
  p.ids.doi = doi;
  p.title = title;
  p.authors = {{first_author, {"MIT"}, ""}, {"Smith, John", {}, ""}};
  p.abstract = "Journal abstract of " + title + ".";
  p.abstract_raw = p.abstract;
  p.journal = "Journal of Tests";
  p.volume = "3";
  p.published = date;
  p.type = "journal-article";
  p.listings = {{source, date, "published", ""}};
  return p;
}

// AST builders.
inline search::Node Term(const std::string& text, search::Field f = search::Field::kAny,
                         bool prefix = false) {
  search::Node n;
  n.kind = search::Node::Kind::kTerm;
  n.field = f;
  n.text = text;
  n.prefix = prefix;
  return n;
}
inline search::Node Phrase(const std::string& text, search::Field f = search::Field::kAny) {
  search::Node n = Term(text, f);
  n.kind = search::Node::Kind::kPhrase;
  return n;
}
inline search::Node Group(search::Node::Kind kind, std::vector<search::Node> kids) {
  search::Node n;
  n.kind = kind;
  n.children = std::move(kids);
  return n;
}
inline search::Node And(std::vector<search::Node> kids) {
  return Group(search::Node::Kind::kAnd, std::move(kids));
}
inline search::Node Or(std::vector<search::Node> kids) {
  return Group(search::Node::Kind::kOr, std::move(kids));
}
inline search::Node Not(search::Node kid) {
  return Group(search::Node::Kind::kNot, {std::move(kid)});
}
inline search::Query Q(search::Node root, std::string from = "", std::string to = "") {
  search::Query q;
  q.has_root = true;
  q.root = std::move(root);
  q.from_date = std::move(from);
  q.to_date = std::move(to);
  q.raw = "(hand-built)";
  return q;
}
inline search::Query DatesOnly(std::string from, std::string to) {
  search::Query q;
  q.from_date = std::move(from);
  q.to_date = std::move(to);
  return q;
}

inline std::vector<std::string> Keys(const std::vector<PaperView>& views) {
  std::vector<std::string> out;
  for (const auto& v : views) out.push_back(v.paper.key);
  return out;
}
inline std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace ah::store::testing
