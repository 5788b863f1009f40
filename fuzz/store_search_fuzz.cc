// Fuzzes search end to end on an in-memory SQLite library: user text goes
// through ParseQuery (first byte even) or straight into hand-made AST leaves of
// every field (first byte odd), then CompileQuery and FTS5. No query may make
// the store fail: a failure here means user text leaked into FTS5/SQL syntax.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "search/query.h"
#include "store/sqlite/sqlite_store.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

ah::store::Store& Library() {
  static std::unique_ptr<ah::store::sqlite::SqliteStore> store = [] {
    auto s = ah::store::sqlite::SqliteStore::Open(":memory:");
    Check(s.has_value());
    std::vector<ah::Paper> page;
    const char* titles[] = {"Graph neural networks", "Transformers are all you need",
                            "Protein folding with diffusion", "Müller's theorem on α-stability"};
    for (int i = 0; i < 4; ++i) {
      ah::Paper p;
      p.ids.arxiv = "2401.0000" + std::to_string(i + 1);
      p.title = titles[i];
      p.abstract = std::string("An abstract about ") + titles[i];
      p.authors = {{"Ping Li", {}, ""}, {"Zoë Dupont", {}, ""}};
      p.categories = {"cs.LG", "cancer biology"};
      p.listings = {{"arxiv", "2024-01-0" + std::to_string(i + 1), "new", "cs.LG"}};
      p.submitted = "2024-01-0" + std::to_string(i + 1);
      page.push_back(p);
    }
    Check((*s)->UpsertPage(page, std::nullopt).has_value());
    return std::move(*s);
  }();
  return *store;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  ah::store::Store& lib = Library();
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    auto q = ah::search::ParseQuery(text);
    if (!q) return 0;
    auto r = lib.Search(*q, 10, 0);
    Check(r.has_value());
    return 0;
  }
  // Split the text into up to 4 leaves with fields/kinds chosen by the first byte.
  using ah::search::Field;
  using ah::search::Node;
  const Field fields[] = {Field::kAny,      Field::kTitle,  Field::kAuthor, Field::kAbstract,
                          Field::kCategory, Field::kSource, Field::kId};
  std::vector<Node> leaves;
  size_t start = 0;
  unsigned seed = data[0];
  for (size_t i = 0; i <= text.size() && leaves.size() < 4; ++i) {
    if (i == text.size() || text[i] == '\x01') {
      Node n;
      n.kind = (seed & 2) ? Node::Kind::kPhrase : Node::Kind::kTerm;
      n.field = fields[(seed >> 2) % 7];
      n.prefix = (seed & 32) != 0;
      n.text = std::string(text.substr(start, i - start));
      leaves.push_back(std::move(n));
      seed = seed * 31 + 7;
      start = i + 1;
    }
  }
  ah::search::Query q;
  q.has_root = true;
  if (leaves.size() == 1) {
    q.root = leaves[0];
  } else {
    q.root.kind = (data[0] & 64) ? Node::Kind::kOr : Node::Kind::kAnd;
    for (size_t i = 0; i < leaves.size(); ++i) {
      if (i % 2 == 1 && (data[0] & 128)) {
        Node n;
        n.kind = Node::Kind::kNot;
        n.children.push_back(leaves[i]);
        q.root.children.push_back(std::move(n));
      } else {
        q.root.children.push_back(leaves[i]);
      }
    }
  }
  auto r = lib.Search(q, 10, 0);
  Check(r.has_value());
  return 0;
}
