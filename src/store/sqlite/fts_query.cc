#include "store/sqlite/fts_query.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "core/ids.h"
#include "store/like_patterns.h"
#include "store/sqlite/fts_tokenizer.h"

namespace ah::store::sqlite {
namespace {

using search::Field;
using search::Node;

// Decodes one UTF-8 code point at s[i]; returns its length (1 for an invalid byte,
// with cp = 0xFFFFFFFF).
size_t Decode(std::string_view s, size_t i, uint32_t& cp) {
  const auto c = static_cast<unsigned char>(s[i]);
  auto cont = [&](size_t k) {
    return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
  };
  auto bits = [&](size_t k) {
    return static_cast<uint32_t>(static_cast<unsigned char>(s[i + k]) & 0x3F);
  };
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF && cont(1)) {
    cp = ((c & 0x1Fu) << 6) | bits(1);
    return 2;
  }
  if (c >= 0xE0 && c <= 0xEF && cont(1) && cont(2)) {
    cp = ((c & 0x0Fu) << 12) | (bits(1) << 6) | bits(2);
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    cp = ((c & 0x07u) << 18) | (bits(1) << 12) | (bits(2) << 6) | bits(3);
    return 4;
  }
  cp = 0xFFFFFFFF;
  return 1;
}

// Approximates unicode61's token characters (letters, numbers, private use).
bool IsTokenChar(uint32_t cp) {
  if (cp < 0x80) {
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  }
  if (cp == 0xFFFFFFFF) return false;
  if (cp <= 0xBF) {
    return cp == 0xAA || cp == 0xB2 || cp == 0xB3 || cp == 0xB5 || cp == 0xB9 || cp == 0xBA ||
           (cp >= 0xBC && cp <= 0xBE);
  }
  if (cp == 0xD7 || cp == 0xF7) return false;
  struct Range {
    uint32_t lo, hi;
  };
  static constexpr Range kSeparators[] = {
      {0x2000, 0x206F}, {0x20A0, 0x20CF},   {0x2190, 0x23FF}, {0x2500, 0x27BF}, {0x27C0, 0x27FF},
      {0x2900, 0x2BFF}, {0x2E00, 0x2E7F},   {0x3000, 0x3004}, {0x3008, 0x301F}, {0xFE10, 0xFE1F},
      {0xFE30, 0xFE6F}, {0xFF01, 0xFF0F},   {0xFF1A, 0xFF20}, {0xFF3B, 0xFF40}, {0xFF5B, 0xFF65},
      {0xFFF0, 0xFFFF}, {0x1F000, 0x1FAFF},
  };
  for (const auto& r : kSeparators) {
    if (cp >= r.lo && cp <= r.hi) return false;
  }
  return true;
}

std::vector<std::string> Tokens(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < text.size();) {
    uint32_t cp;
    const size_t len = Decode(text, i, cp);
    if (IsTokenChar(cp)) {
      cur.append(text.substr(i, len));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
    i += len;
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string TrimAscii(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n' || s[e - 1] == '\r'))
    --e;
  return std::string(s.substr(b, e - b));
}

constexpr std::string_view kFtsIn =
    "p.id IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)";
constexpr std::string_view kFtsNotIn =
    "p.id NOT IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)";

struct Part {
  enum class Kind {
    kEmpty,   // nothing searchable: ignored by AND/OR, root -> matches nothing
    kFts,     // `fts` is an FTS5 expression
    kNotFts,  // NOT of the FTS5 expression `fts`
    kSql,     // `sql` with `params`
  };
  Kind kind = Kind::kEmpty;
  std::string fts;
  std::string sql;
  std::vector<std::string> params;
};

Part Fts(std::string e) {
  Part p;
  p.kind = Part::Kind::kFts;
  p.fts = std::move(e);
  return p;
}

Part Sql(std::string sql, std::vector<std::string> params) {
  Part p;
  p.kind = Part::Kind::kSql;
  p.sql = std::move(sql);
  p.params = std::move(params);
  return p;
}

// Any part as an SQL condition.
Part AsSql(Part p) {
  switch (p.kind) {
    case Part::Kind::kFts:
      return Sql(std::string(kFtsIn), {std::move(p.fts)});
    case Part::Kind::kNotFts:
      return Sql(std::string(kFtsNotIn), {std::move(p.fts)});
    default:
      return p;
  }
}

// One CJK character alone (the index keeps CJK text as bigrams: it matches
// the bigrams that start with it).
bool IsOneCjkChar(std::string_view text) {
  uint32_t cp;
  return !text.empty() && Decode(text, 0, cp) == text.size() && IsCjk(cp);
}

Part CompileLeaf(const Node& n, bool stem) {
  std::string text = n.text;
  // SQLite text stops at NUL in places (FTS5 query parser, LIKE), and the
  // tokenizer reads a leading control character as its stem marker: make
  // control characters separators.
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  text = TrimAscii(text);
  switch (n.field) {
    case Field::kCategory: {
      if (text.empty()) return {};
      std::string pat = CategoryLikePattern(text, n.prefix);
      return Sql("('|' || p.categories || '|') LIKE ? ESCAPE '\\'", {std::move(pat)});
    }
    case Field::kSource: {
      if (text.empty()) return {};
      std::string pat = SourceLikePattern(text, n.prefix);
      // Unary '+' keeps the planner from driving the query by this (usually
      // unselective) set: it scans by the ORDER BY index and probes the set.
      return Sql("+p.id IN (SELECT paper_id FROM listings WHERE source LIKE ? ESCAPE '\\')",
                 {std::move(pat)});
    }
    case Field::kId: {
      if (text.empty()) return {};
      ids::IdRef ref = ids::ParseIdRef(text);
      if (ref.scheme.empty()) return Sql("0", {});
      if (ref.scheme == "doi") {  // the paper with the DOI, and preprints giving it as journal DOI
        return Sql(
            "p.id IN (SELECT paper_id FROM paper_ids WHERE scheme = ? AND value = ? "
            "UNION ALL SELECT id FROM papers WHERE published_doi = ?)",
            {ref.scheme, ref.value, ref.value});
      }
      return Sql("p.id IN (SELECT paper_id FROM paper_ids WHERE scheme = ? AND value = ?)",
                 {ref.scheme, ref.value});
    }
    default:
      break;
  }
  if (!HasSearchableText(text)) return {};
  std::string expr;
  if (n.field == Field::kAuthor) {
    std::vector<std::string> toks = Tokens(text);
    if (toks.size() >= 2) {
      expr = "authors : NEAR(";
      for (size_t i = 0; i < toks.size(); ++i) {
        if (i) expr += ' ';
        expr += FtsString(toks[i]);
        if (toks[i].size() == 1 || (n.prefix && i + 1 == toks.size())) expr += " *";
      }
      expr += ", " + std::to_string(toks.size() - 1) + ")";
      return Fts(std::move(expr));
    }
  }
  // Words (not phrases, prefixes or names) match by their stems.
  const bool stemmed = stem && n.kind == Node::Kind::kTerm && !n.prefix &&
                       n.field != Field::kAuthor;
  expr = FtsString(stemmed ? std::string(1, kStemMarker) + text : text);
  if (n.prefix || IsOneCjkChar(text)) expr += " *";
  switch (n.field) {
    case Field::kTitle:
      return Fts("title : (" + expr + ")");
    case Field::kAuthor:
      return Fts("authors : (" + expr + ")");
    case Field::kAbstract:
      return Fts("abstract : (" + expr + ")");
    default:
      return Fts(std::move(expr));
  }
}

// Children of an AND, sorted by what they can become.
struct AndParts {
  std::vector<std::string> pos_fts;  // FTS expressions that must match
  std::vector<std::string> neg_fts;  // FTS expressions that must not match
  std::vector<Part> sql;             // SQL conditions
  size_t prefilters = 0;             // of pos_fts, the ones that only narrow SQL filters
};

// A full-text expression matching every paper a cat: leaf matches (and a few
// more): the category's tokens as a phrase in the categories column. Beside
// the exact SQL condition in an AND, it lets FTS5 find the candidates instead
// of a scan of every paper. Empty when the text has nothing to search.
std::string CategoryPrefilter(const Node& n) {
  if ((n.kind != Node::Kind::kTerm && n.kind != Node::Kind::kPhrase) || n.field != Field::kCategory)
    return "";
  std::string text = n.text;
  std::replace(text.begin(), text.end(), '\0', ' ');
  text = TrimAscii(text);
  if (!HasSearchableText(text)) return "";
  return "categories : (" + FtsString(text) + (n.prefix ? " *)" : ")");
}

Result<Part> Compile(const Node& n, int depth, bool stem);

Result<AndParts> CompileAnd(const Node& n, int depth, bool stem) {
  AndParts parts;
  for (const auto& c : n.children) {
    if (std::string pre = CategoryPrefilter(c); !pre.empty()) {
      parts.pos_fts.push_back(std::move(pre));
      ++parts.prefilters;
    }
    auto p = Compile(c, depth + 1, stem);
    if (!p) return Fail(p.error());
    switch (p->kind) {
      case Part::Kind::kEmpty:
        break;
      case Part::Kind::kFts:
        parts.pos_fts.push_back(std::move(p->fts));
        break;
      case Part::Kind::kNotFts:
        parts.neg_fts.push_back(std::move(p->fts));
        break;
      case Part::Kind::kSql:
        parts.sql.push_back(std::move(*p));
        break;
    }
  }
  return parts;
}

// The FTS5 expression "((p1) AND (p2)) NOT ((n1) OR (n2))"; requires pos non-empty.
// The negations are one OR, not a chain of NOTs: FTS5's parser has a small stack,
// and the expression's depth must not grow with the number of excluded terms.
std::string CombineFts(const std::vector<std::string>& pos, const std::vector<std::string>& neg) {
  std::string e;
  if (pos.size() == 1) {
    e = "(" + pos[0] + ")";
  } else {
    e = "(";
    for (size_t i = 0; i < pos.size(); ++i) {
      if (i) e += " AND ";
      e += "(" + pos[i] + ")";
    }
    e += ")";
  }
  if (neg.size() == 1) {
    e = "(" + e + " NOT (" + neg[0] + "))";
  } else if (!neg.empty()) {
    e += " NOT (";
    for (size_t i = 0; i < neg.size(); ++i) {
      if (i) e += " OR ";
      e += "(" + neg[i] + ")";
    }
    e = "(" + e + "))";
  }
  return e;
}

// NOT (n1 OR n2 ...) as one NOT-FTS part; requires neg non-empty.
Part NotAny(const std::vector<std::string>& neg) {
  Part p;
  p.kind = Part::Kind::kNotFts;
  if (neg.size() == 1) {
    p.fts = neg[0];
  } else {
    p.fts = "(";
    for (size_t i = 0; i < neg.size(); ++i) {
      if (i) p.fts += " OR ";
      p.fts += "(" + neg[i] + ")";
    }
    p.fts += ")";
  }
  return p;
}

// Joins SQL parts with `op` into one parenthesised condition.
Part JoinSql(std::vector<Part> parts, std::string_view op) {
  if (parts.size() == 1) return std::move(parts[0]);
  Part out;
  out.kind = Part::Kind::kSql;
  out.sql = "(";
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out.sql += op;
    out.sql += "(" + parts[i].sql + ")";
    for (auto& prm : parts[i].params) out.params.push_back(std::move(prm));
  }
  out.sql += ")";
  return out;
}

Result<Part> Compile(const Node& n, int depth, bool stem) {
  if (depth > 200) return MakeError(Code::kInvalidArgument, "search query nested too deeply");
  switch (n.kind) {
    case Node::Kind::kTerm:
    case Node::Kind::kPhrase:
      return CompileLeaf(n, stem);
    case Node::Kind::kNot: {
      if (n.children.size() != 1) {
        return MakeError(Code::kInvalidArgument, "search query: NOT needs exactly one operand");
      }
      auto c = Compile(n.children[0], depth + 1, stem);
      if (!c) return c;
      switch (c->kind) {
        case Part::Kind::kEmpty:
          return c;
        case Part::Kind::kFts:
          c->kind = Part::Kind::kNotFts;
          return c;
        case Part::Kind::kNotFts:
          c->kind = Part::Kind::kFts;
          return c;
        case Part::Kind::kSql:
          c->sql = "NOT (" + c->sql + ")";
          return c;
      }
      return c;
    }
    case Node::Kind::kAnd: {
      auto parts = CompileAnd(n, depth, stem);
      if (!parts) return Fail(parts.error());
      if (parts->pos_fts.empty() && parts->neg_fts.empty() && parts->sql.empty()) return Part{};
      if (!parts->pos_fts.empty() && parts->sql.empty()) {
        return Fts(CombineFts(parts->pos_fts, parts->neg_fts));
      }
      if (parts->pos_fts.empty() && parts->sql.empty()) return NotAny(parts->neg_fts);
      std::vector<Part> sql;
      if (!parts->pos_fts.empty()) {
        sql.push_back(AsSql(Fts(CombineFts(parts->pos_fts, parts->neg_fts))));
      } else if (!parts->neg_fts.empty()) {
        sql.push_back(AsSql(NotAny(parts->neg_fts)));
      }
      for (auto& s : parts->sql) sql.push_back(std::move(s));
      return JoinSql(std::move(sql), " AND ");
    }
    case Node::Kind::kOr: {
      std::vector<Part> kids;
      bool all_fts = true;
      for (const auto& c : n.children) {
        auto p = Compile(c, depth + 1, stem);
        if (!p) return p;
        if (p->kind == Part::Kind::kEmpty) continue;
        all_fts &= p->kind == Part::Kind::kFts;
        kids.push_back(std::move(*p));
      }
      if (kids.empty()) return Part{};
      if (kids.size() == 1) return std::move(kids[0]);
      if (all_fts) {
        std::string e = "(";
        for (size_t i = 0; i < kids.size(); ++i) {
          if (i) e += " OR ";
          e += "(" + kids[i].fts + ")";
        }
        return Fts(e + ")");
      }
      for (auto& k : kids) k = AsSql(std::move(k));
      return JoinSql(std::move(kids), " OR ");
    }
  }
  return MakeError(Code::kInvalidArgument, "search query: unknown node kind");
}

void AddWhere(CompiledQuery& out, Part p) {
  p = AsSql(std::move(p));
  if (!out.where.empty()) out.where += " AND ";
  out.where += "(" + p.sql + ")";
  for (auto& prm : p.params) out.params.push_back(std::move(prm));
}

}  // namespace

std::string FtsString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

bool HasSearchableText(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    uint32_t cp;
    i += Decode(text, i, cp);
    if (IsTokenChar(cp)) return true;
  }
  return false;
}

std::vector<std::string> NameTokens(std::string_view text) { return Tokens(text); }

namespace {

Result<CompiledQuery> CompileWith(const search::Query& q, bool stem) {
  CompiledQuery out;
  if (q.has_root) {
    // A lone cat: filter is an AND of one, so that its prefilter drives it.
    search::Node one;
    const bool lone_category = !CategoryPrefilter(q.root).empty();
    if (lone_category) {
      one.kind = Node::Kind::kAnd;
      one.children = {q.root};
    }
    const Node& root = lone_category ? one : q.root;
    if (root.kind == Node::Kind::kAnd) {
      // Top-level AND: its full-text operands form the ranked MATCH, the rest
      // become SQL conditions.
      auto parts = CompileAnd(root, 0, stem);
      if (!parts) return Fail(parts.error());
      if (parts->pos_fts.empty() && parts->neg_fts.empty() && parts->sql.empty()) {
        out.matches_nothing = true;
      } else if (!parts->pos_fts.empty()) {
        out.match = CombineFts(parts->pos_fts, parts->neg_fts);
        out.ranked = parts->pos_fts.size() > parts->prefilters;
      } else if (!parts->neg_fts.empty()) {
        AddWhere(out, NotAny(parts->neg_fts));
      }
      for (auto& s : parts->sql) AddWhere(out, std::move(s));
    } else {
      auto compiled = Compile(root, 0, stem);
      if (!compiled) return Fail(compiled.error());
      switch (compiled->kind) {
        case Part::Kind::kEmpty:
          out.matches_nothing = true;
          break;
        case Part::Kind::kFts:
          out.match = std::move(compiled->fts);
          out.ranked = true;
          break;
        default:
          AddWhere(out, std::move(*compiled));
      }
    }
  }
  if (!q.from_date.empty()) AddWhere(out, Sql("p.first_date >= ?", {q.from_date}));
  if (!q.to_date.empty()) AddWhere(out, Sql("p.first_date <= ?", {q.to_date}));
  return out;
}

}  // namespace

Result<CompiledQuery> CompileQuery(const search::Query& q) {
  auto out = CompileWith(q, true);
  if (!out || !out->ranked || out->match.empty()) return out;
  auto exact = CompileWith(q, false);
  if (!exact) return Fail(exact.error());
  if (exact->match != out->match) out->exact_match = std::move(exact->match);
  return out;
}

}  // namespace ah::store::sqlite
