#include "radar/query_match.h"

#include <algorithm>
#include <cctype>

#include "core/text.h"
#include "radar/hash.h"

namespace ah::radar {
namespace {

using Kind = search::Node::Kind;
using search::Field;

void SortUnique(std::vector<uint64_t>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}
void SortUnique(std::vector<std::string>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

// Folded words of a name or a field value: runs of letters and digits
// (non-ASCII bytes count as letters).
std::vector<std::string> NameWords(std::string_view s) {
  std::string folded = text::FoldForSearch(s);
  std::vector<std::string> out;
  std::string cur;
  for (unsigned char c : folded) {
    if (std::isalnum(c) || c >= 0x80) {
      cur.push_back(static_cast<char>(c));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

MatchDoc::Field FieldOf(std::string_view text, const TokenizerOptions& options, TermMapper* mapper) {
  MatchDoc::Field f;
  std::string scratch;
  std::vector<std::string_view> words;
  ExtractWords(text, options, &scratch, &words);
  for (std::string_view w : words) {
    f.words.emplace_back(w);
    std::string t = mapper->Map(w);
    if (!t.empty()) f.seq.push_back(HashBytes(t));
  }
  f.terms = f.seq;
  SortUnique(&f.terms);
  SortUnique(&f.words);
  return f;
}

bool HasTerm(const MatchDoc::Field& f, uint64_t t) {
  return std::binary_search(f.terms.begin(), f.terms.end(), t);
}

bool HasWord(const MatchDoc::Field& f, const std::string& w) {
  return std::binary_search(f.words.begin(), f.words.end(), w);
}

bool HasPrefix(const std::vector<std::string>& words, const std::string& p) {
  auto it = std::lower_bound(words.begin(), words.end(), p);
  return it != words.end() && it->compare(0, p.size(), p) == 0;
}

bool HasSequence(const MatchDoc::Field& f, const std::vector<uint64_t>& seq) {
  if (seq.empty() || seq.size() > f.seq.size()) return false;
  for (uint64_t t : seq)
    if (!HasTerm(f, t)) return false;
  return std::search(f.seq.begin(), f.seq.end(), seq.begin(), seq.end()) != f.seq.end();
}

// One author's words hold every word of the name (a one-letter word as an initial).
bool AuthorHas(const std::vector<std::string>& author, const std::vector<std::string>& name) {
  for (const auto& w : name) {
    if (w.size() == 1 ? !HasPrefix(author, w)
                      : !std::binary_search(author.begin(), author.end(), w))
      return false;
  }
  return true;
}

}  // namespace

MatchDoc MatchDoc::Of(const Document& doc, const TokenizerOptions& options, TermMapper* mapper) {
  MatchDoc m;
  m.title = FieldOf(doc.title, options, mapper);
  m.abstract = FieldOf(doc.abstract, options, mapper);
  m.authors.reserve(doc.authors.size());
  for (const auto& a : doc.authors) {
    std::vector<std::string> w = NameWords(a);
    SortUnique(&w);
    m.authors.push_back(std::move(w));
  }
  return m;
}

bool MatchDoc::HasPhrase(const std::vector<uint64_t>& seq) const {
  if (seq.empty()) return false;
  if (seq.size() == 1) return HasTerm(title, seq[0]) || HasTerm(abstract, seq[0]);
  return HasSequence(title, seq) || HasSequence(abstract, seq);
}

QueryMatcher::Node QueryMatcher::CompileNode(const search::Node& n, const TokenizerOptions& options,
                                             TermMapper* mapper) {
  Node c;
  c.kind = n.kind;
  c.field = n.field;
  c.text = n.text;
  c.prefix = n.prefix;
  c.folded = text::FoldForSearch(n.text);
  for (const auto& child : n.children) c.children.push_back(CompileNode(child, options, mapper));
  if (n.kind != Kind::kTerm && n.kind != Kind::kPhrase) return c;
  if (n.field == Field::kAuthor) {
    c.words = NameWords(n.text);
    return c;
  }
  if (n.field == Field::kCategory || n.field == Field::kSource || n.field == Field::kId) return c;
  std::string scratch;
  std::vector<std::string_view> words;
  ExtractWords(n.text, options, &scratch, &words);
  std::vector<std::string> folded_words(words.begin(), words.end());
  for (std::string_view w : words) {
    std::string t = mapper->Map(w);
    if (!t.empty()) c.terms.push_back(HashBytes(t));
  }
  // A term of one word keeps it for prefix and stop-word lookups.
  if (folded_words.size() == 1) c.folded = folded_words[0];
  return c;
}

QueryMatcher QueryMatcher::Compile(const search::Query& query, const TokenizerOptions& options,
                                   bool any_part) {
  QueryMatcher m;
  m.from_ = query.from_date;
  m.to_ = query.to_date;
  if (!query.has_root) return m;
  TermMapper mapper(options);
  m.root_ = CompileNode(query.root, options, &mapper);
  m.has_root_ = true;
  if (any_part && m.root_.kind == Kind::kAnd) m.root_.kind = Kind::kOr;
  return m;
}

Result<QueryMatcher> QueryMatcher::Parse(std::string_view text, const TokenizerOptions& options,
                                         bool any_part) {
  auto q = search::ParseQuery(text);
  if (!q) return Fail(q.error());
  return Compile(*q, options, any_part);
}

bool QueryMatcher::Leaf(const Node& n, const Document& doc, const MatchDoc& w) const {
  switch (n.field) {
    case Field::kAuthor:
      if (n.words.empty()) return false;
      for (const auto& a : w.authors)
        if (AuthorHas(a, n.words)) return true;
      return false;
    case Field::kCategory: {
      std::string want = n.folded;
      for (const auto& c : doc.categories) {
        std::string have = text::FoldForSearch(c);
        if (n.prefix ? have.compare(0, want.size(), want) == 0 : have == want) return true;
      }
      return false;
    }
    case Field::kSource:
      for (const auto& s : doc.sources) {
        std::string have = text::FoldForSearch(s);
        if (n.prefix ? have.compare(0, n.folded.size(), n.folded) == 0 : have == n.folded)
          return true;
      }
      return false;
    case Field::kId:
      return n.prefix ? doc.id.compare(0, n.text.size(), n.text) == 0 : doc.id == n.text;
    default:
      break;
  }
  std::vector<const MatchDoc::Field*> fields;
  if (n.field != Field::kAbstract) fields.push_back(&w.title);
  if (n.field != Field::kTitle) fields.push_back(&w.abstract);
  for (const MatchDoc::Field* f : fields) {
    if (n.prefix) {
      if (!n.folded.empty() && HasPrefix(f->words, n.folded)) return true;
    } else if (n.terms.empty()) {
      // Only stop words: the word itself.
      if (!n.folded.empty() && HasWord(*f, n.folded)) return true;
    } else if (n.kind == Kind::kPhrase || n.terms.size() > 1) {
      if (HasSequence(*f, n.terms)) return true;
    } else if (HasTerm(*f, n.terms[0])) {
      return true;
    }
  }
  // A plain word may name an author ("LeCun").
  if (n.field == Field::kAny && n.kind == Kind::kTerm && !n.prefix) {
    std::vector<std::string> name = NameWords(n.text);
    if (!name.empty())
      for (const auto& a : w.authors)
        if (AuthorHas(a, name)) return true;
  }
  return false;
}

bool QueryMatcher::Eval(const Node& n, const Document& doc, const MatchDoc& w) const {
  switch (n.kind) {
    case Kind::kAnd:
      for (const auto& c : n.children)
        if (!Eval(c, doc, w)) return false;
      return true;
    case Kind::kOr:
      for (const auto& c : n.children)
        if (Eval(c, doc, w)) return true;
      return false;
    case Kind::kNot:
      return n.children.empty() || !Eval(n.children[0], doc, w);
    default:
      return Leaf(n, doc, w);
  }
}

bool QueryMatcher::Matches(const Document& doc, const MatchDoc& words) const {
  if (!from_.empty() || !to_.empty()) {
    if (doc.date.empty()) return false;
    const std::string day = doc.date.substr(0, 10);
    if (!from_.empty() && day < from_) return false;
    if (!to_.empty() && day > to_) return false;
  }
  if (!has_root_) return !empty();
  return Eval(root_, doc, words);
}

void QueryMatcher::Collect(const Node& n, bool negated, const Document& doc, const MatchDoc& w,
                           std::vector<std::string>* out) const {
  if (n.kind == Kind::kNot) {
    for (const auto& c : n.children) Collect(c, !negated, doc, w, out);
    return;
  }
  if (n.kind == Kind::kAnd || n.kind == Kind::kOr) {
    for (const auto& c : n.children) Collect(c, negated, doc, w, out);
    return;
  }
  if (negated || !Leaf(n, doc, w)) return;
  std::string shown;
  switch (n.field) {
    case Field::kTitle: shown = "ti:"; break;
    case Field::kAbstract: shown = "abs:"; break;
    case Field::kAuthor: shown = "au:"; break;
    case Field::kCategory: shown = "cat:"; break;
    case Field::kSource: shown = "src:"; break;
    case Field::kId: shown = "id:"; break;
    default: break;
  }
  const bool quote = n.kind == Kind::kPhrase || n.text.find(' ') != std::string::npos;
  shown += quote ? "\"" + n.text + "\"" : n.text;
  if (n.prefix) shown += "*";
  if (std::find(out->begin(), out->end(), shown) == out->end()) out->push_back(std::move(shown));
}

std::vector<std::string> QueryMatcher::MatchedLeaves(const Document& doc,
                                                     const MatchDoc& words) const {
  std::vector<std::string> out;
  if (has_root_) Collect(root_, false, doc, words, &out);
  return out;
}

}  // namespace ah::radar
