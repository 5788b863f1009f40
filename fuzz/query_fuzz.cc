// Fuzzes the search query parser and checks the AST invariants that query.h promises.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "search/query.h"

namespace {

using ah::search::Node;

void Check(bool ok) {
  if (!ok) std::abort();
}

bool Positive(const Node& n) {
  if (n.kind == Node::Kind::kNot) return false;
  if (n.kind == Node::Kind::kAnd) {
    for (const Node& c : n.children)
      if (Positive(c)) return true;
    return false;
  }
  return true;
}

void Verify(const Node& n, int depth) {
  Check(depth <= 200);
  switch (n.kind) {
    case Node::Kind::kTerm:
    case Node::Kind::kPhrase:
      Check(!n.text.empty());
      Check(n.children.empty());
      Check(!n.prefix || n.kind == Node::Kind::kTerm);
      return;
    case Node::Kind::kNot:
      Check(n.children.size() == 1);
      Check(Positive(n.children[0]));
      break;
    case Node::Kind::kAnd:
    case Node::Kind::kOr:
      Check(n.children.size() >= 2);
      for (const Node& c : n.children) {
        Check(c.kind != n.kind);  // flattened
        if (n.kind == Node::Kind::kOr) Check(Positive(c));
      }
      break;
  }
  for (const Node& c : n.children) Verify(c, depth + 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view q(reinterpret_cast<const char*>(data), size);
  auto r = ah::search::ParseQuery(q);
  if (!r) {
    Check(r.error().code == ah::Code::kInvalidArgument);
    Check(!r.error().message.empty());
    return 0;
  }
  Check(r->raw == q);
  Check(r->from_date.empty() || r->from_date.size() == 10);
  Check(r->to_date.empty() || r->to_date.size() == 10);
  Check(r->from_date.empty() || r->to_date.empty() || r->from_date <= r->to_date);
  if (r->has_root) {
    Verify(r->root, 0);
    // Only a date range may accompany a purely negative root.
    Check(Positive(r->root) || !r->from_date.empty() || !r->to_date.empty());
  } else {
    Check(!r->from_date.empty() || !r->to_date.empty());
  }
  return 0;
}
