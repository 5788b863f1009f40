// The query language: a hand-written tokenizer and a recursive-descent parser.
//
// Grammar (tokens are described in Tokenize below):
//   query   := or_expr END
//   or_expr := and_expr ( "OR" and_expr )*
//   and_expr:= unary ( ["AND"] unary )*          adjacency is an implicit AND
//   unary   := ("NOT" | "-") unary | primary
//   primary := WORD | PHRASE | "(" or_expr ")" | FIELD fvalue | DATE
//   fvalue  := WORD | PHRASE | "(" or_expr ")"   the field is given to every leaf
//
// Recursion is bounded by kMaxDepth (parentheses and negations both count), the input by
// kMaxChars and the terms by kMaxTerms, so no input can exhaust the stack, take more than
// linear time, or compile into an expression too complex for the full-text engine.
#include "search/query.h"

#include <cstdint>
#include <optional>
#include <utility>

#include "core/date.h"
#include "core/ids.h"
#include "core/text.h"

namespace ah::search {
namespace {

constexpr size_t kMaxChars = 4096;
// Backends compile a query into one full-text expression (SQLite FTS5's parser
// has a stack of 100 entries), so its size and nesting are bounded here, with a
// message, rather than failing there.
constexpr int kMaxDepth = 32;
constexpr int kMaxTerms = 64;

// ---------------------------------------------------------------------------------------------
// Characters

// Byte length of the UTF-8 sequence at s[i], or 0 when it is not valid UTF-8 (overlong forms,
// surrogates and code points above U+10FFFF are invalid). Sets *cp to the code point.
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* cp) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b = byte(i);
  if (b < 0x80) {
    *cp = b;
    return 1;
  }
  size_t len;
  uint32_t min;
  if ((b & 0xE0) == 0xC0) {
    len = 2, min = 0x80, *cp = b & 0x1F;
  } else if ((b & 0xF0) == 0xE0) {
    len = 3, min = 0x800, *cp = b & 0x0F;
  } else if ((b & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, *cp = b & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (byte(i + k) & 0x3F);
  }
  if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) return 0;
  return len;
}

// Separators: ASCII whitespace and control characters, and the Unicode spaces that arrive by
// copy and paste (no-break, thin, ideographic, zero-width, BOM).
bool IsSpace(uint32_t cp) {
  if (cp <= 0x20 || cp == 0x7F) return true;
  switch (cp) {
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200B;
  }
}

// '"' and the typographic double quotes U+201C/U+201D, which open and close phrases alike.
bool IsQuote(uint32_t cp) { return cp == '"' || cp == 0x201C || cp == 0x201D; }

bool IsBoundary(uint32_t cp) { return IsSpace(cp) || IsQuote(cp) || cp == '(' || cp == ')'; }

// ---------------------------------------------------------------------------------------------
// Tokens

enum class Tok { kWord, kPhrase, kLParen, kRParen, kAnd, kOr, kNot, kMinus, kField, kDate, kEnd };

struct Token {
  Tok kind = Tok::kEnd;
  size_t pos = 0;             // byte offset in the query
  std::string text;           // kWord: the word without trailing '*'; kPhrase: its content;
                              // kField: the field name as typed; kDate: the value after "date:"
  Field field = Field::kAny;  // kField
  bool prefix = false;        // kWord ended in '*'
  bool literal = false;       // kWord that is a field's value: never an id shorthand
};

std::optional<Field> FieldFromName(std::string_view name) {
  struct Entry {
    std::string_view name;
    Field field;
  };
  static constexpr Entry kFields[] = {
      {"ti", Field::kTitle},     {"title", Field::kTitle},
      {"au", Field::kAuthor},    {"author", Field::kAuthor},
      {"abs", Field::kAbstract}, {"abstract", Field::kAbstract},
      {"cat", Field::kCategory}, {"category", Field::kCategory},
      {"src", Field::kSource},   {"source", Field::kSource},
      {"id", Field::kId},
  };
  for (const Entry& e : kFields)
    if (text::IEquals(name, e.name)) return e.field;
  return std::nullopt;
}

class Parser {
 public:
  explicit Parser(std::string_view q) : q_(q) {}

  Result<Query> Run();

 private:
  // What a sub-expression produced: a node, unless it was only a date filter.
  struct Part {
    std::optional<Node> node;
    bool has_date = false;
    size_t pos = 0;       // where the sub-expression starts
    size_t date_pos = 0;  // where its date filter is, when has_date
  };

  Status Tokenize();
  Status LexWord(size_t start, size_t end);

  Result<Part> ParseOr(int depth);
  Result<Part> ParseAnd(int depth);
  Result<Part> ParseUnary(int depth);
  Result<Part> ParsePrimary(int depth);
  Result<Part> ParseGroup(int depth);
  Status ParseDate(const Token& t);

  const Token& Peek() const { return toks_[next_]; }
  const Token& Take() { return toks_[next_++]; }
  bool StartsOperand() const;
  Error OperandError() const;

  size_t Column(size_t pos) const;
  std::string Quote(const Token& t) const;
  tl::unexpected<Error> Fail(size_t pos, std::string what) const;

  std::string_view q_;
  std::vector<Token> toks_;
  size_t next_ = 0;
  std::string from_date_, to_date_;
  int field_depth_ = 0;  // > 0 while parsing a field's value: no bare-id detection there
  int terms_ = 0;        // words and phrases so far (kMaxTerms)
  bool date_seen_ = false;
  size_t date_seen_pos_ = 0;
};

// 1-based column in code points: what an editor shows under the cursor.
size_t Parser::Column(size_t pos) const {
  size_t col = 1;
  for (size_t i = 0; i < pos && i < q_.size(); ++i)
    if ((static_cast<unsigned char>(q_[i]) & 0xC0) != 0x80) ++col;
  return col;
}

tl::unexpected<Error> Parser::Fail(size_t pos, std::string what) const {
  return MakeError(Code::kInvalidArgument, what + " at column " + std::to_string(Column(pos)));
}

std::string Parser::Quote(const Token& t) const {
  switch (t.kind) {
    case Tok::kAnd:
      return "'AND'";
    case Tok::kOr:
      return "'OR'";
    case Tok::kNot:
      return "'NOT'";
    case Tok::kMinus:
      return "'-'";
    case Tok::kLParen:
      return "'('";
    case Tok::kRParen:
      return "')'";
    case Tok::kField:
      return "'" + t.text + ":'";
    default:
      return "'" + t.text + "'";
  }
}

Status Parser::Tokenize() {
  size_t i = 0;
  while (i < q_.size()) {
    uint32_t cp = 0;
    size_t len = DecodeUtf8(q_, i, &cp);
    if (len == 0) return Fail(i, "invalid UTF-8");
    if (IsSpace(cp)) {
      i += len;
      continue;
    }
    if (cp == '(' || cp == ')') {
      toks_.push_back({cp == '(' ? Tok::kLParen : Tok::kRParen, i, {}, Field::kAny, false, false});
      ++i;
      continue;
    }
    if (IsQuote(cp)) {
      size_t open = i, body = i + len, k = body;
      bool closed = false;
      while (k < q_.size()) {
        uint32_t c = 0;
        size_t l = DecodeUtf8(q_, k, &c);
        if (l == 0) return Fail(k, "invalid UTF-8");
        if (IsQuote(c)) {
          closed = true;
          break;
        }
        k += l;
      }
      if (!closed) return Fail(open, "unterminated quote opened");
      std::string_view content = q_.substr(body, k - body);
      bool blank = true;
      for (size_t p = 0; p < content.size();) {
        uint32_t c = 0;
        size_t l = DecodeUtf8(content, p, &c);
        if (!IsSpace(c)) blank = false;
        p += l;
      }
      if (blank) return Fail(open, "empty phrase");
      uint32_t close_cp = 0;
      i = k + DecodeUtf8(q_, k, &close_cp);
      toks_.push_back(
          {Tok::kPhrase, open, std::string(text::Trim(content)), Field::kAny, false, false});
      continue;
    }
    if (cp == '-') {
      uint32_t c = ' ';
      if (i + 1 < q_.size() && DecodeUtf8(q_, i + 1, &c) == 0) return Fail(i + 1, "invalid UTF-8");
      if (i + 1 >= q_.size() || IsSpace(c) || c == ')')
        return Fail(i, "dangling '-' (write -term to exclude a term)");
      toks_.push_back({Tok::kMinus, i, {}, Field::kAny, false, false});
      ++i;
      continue;
    }
    // A word runs to the next separator, quote or parenthesis.
    size_t end = i;
    while (end < q_.size()) {
      uint32_t c = 0;
      size_t l = DecodeUtf8(q_, end, &c);
      if (l == 0) return Fail(end, "invalid UTF-8");
      if (IsBoundary(c)) break;
      end += l;
    }
    if (Status s = LexWord(i, end); !s) return s;
    i = end;
  }
  toks_.push_back({Tok::kEnd, q_.size(), {}, Field::kAny, false, false});
  return Ok();
}

// Classifies q_[start, end): operator, field prefix, date filter or plain word.
Status Parser::LexWord(size_t start, size_t end) {
  std::string_view w = q_.substr(start, end - start);
  auto push_word = [&](size_t pos, std::string_view word, bool lit) -> Status {
    size_t stars = 0;
    while (stars < word.size() && word[word.size() - 1 - stars] == '*') ++stars;
    if (stars == word.size()) return Fail(pos, "'*' must follow a term (as in graph*)");
    toks_.push_back({Tok::kWord, pos, std::string(word.substr(0, word.size() - stars)), Field::kAny,
                     stars > 0, lit});
    return Ok();
  };
  if (w == "AND" || w == "OR" || w == "NOT") {
    Tok k = w == "AND" ? Tok::kAnd : (w == "OR" ? Tok::kOr : Tok::kNot);
    toks_.push_back({k, start, std::string(w), Field::kAny, false, false});
    return Ok();
  }
  size_t colon = w.find(':');
  if (colon != std::string_view::npos && colon > 0) {
    std::string_view name = w.substr(0, colon), value = w.substr(colon + 1);
    if (text::IEquals(name, "date")) {
      if (value.empty()) return Fail(start, "'date:' needs a value such as 2026-06-01..2026-06-30");
      toks_.push_back({Tok::kDate, start, std::string(value), Field::kAny, false, false});
      return Ok();
    }
    if (std::optional<Field> f = FieldFromName(name)) {
      toks_.push_back({Tok::kField, start, std::string(name), *f, false, false});
      // The value is the rest of the word, taken literally ("ti:AND", "ti:-x", "ti:au:x"), or
      // a group or phrase that starts right after the colon.
      if (!value.empty()) return push_word(start + colon + 1, value, true);
      uint32_t c = ' ';
      if (end < q_.size() && DecodeUtf8(q_, end, &c) > 0 && (c == '(' || IsQuote(c))) return Ok();
      return Fail(start, "missing value after '" + std::string(name) + ":'");
    }
  }
  return push_word(start, w, false);
}

bool Parser::StartsOperand() const {
  switch (Peek().kind) {
    case Tok::kWord:
    case Tok::kPhrase:
    case Tok::kLParen:
    case Tok::kNot:
    case Tok::kMinus:
    case Tok::kField:
    case Tok::kDate:
      return true;
    default:
      return false;
  }
}

// The error for a token found where an operand was expected.
Error Parser::OperandError() const {
  const Token& t = Peek();
  const Token* prev = next_ > 0 ? &toks_[next_ - 1] : nullptr;
  bool after_op = prev && (prev->kind == Tok::kAnd || prev->kind == Tok::kOr ||
                           prev->kind == Tok::kNot || prev->kind == Tok::kMinus);
  auto err = [&](size_t pos, const std::string& what) { return Fail(pos, what).value(); };
  if (after_op) {
    if (t.kind == Tok::kEnd)
      return err(prev->pos, "dangling " + Quote(*prev) + ": nothing follows it");
    return err(prev->pos, "dangling " + Quote(*prev) + ": " + Quote(t) + " at column " +
                              std::to_string(Column(t.pos)) + " follows it");
  }
  if (t.kind == Tok::kRParen) {
    if (prev && prev->kind == Tok::kLParen) return err(prev->pos, "empty parentheses");
    return err(t.pos, "unbalanced ')'");
  }
  if (t.kind == Tok::kEnd) return err(t.pos, "empty query");
  return err(t.pos, Quote(t) + " has no term before it");
}

bool IsPositive(const Node& n) {
  switch (n.kind) {
    case Node::Kind::kNot:
      return false;
    case Node::Kind::kAnd:
      for (const Node& c : n.children)
        if (IsPositive(c)) return true;
      return false;
    default:  // terms, phrases; OR children are checked positive when the OR is built
      return true;
  }
}

// Joins parts into an AND or OR node, splicing children of the same kind (flattening).
Node Combine(Node::Kind kind, std::vector<Node> parts) {
  if (parts.size() == 1) return std::move(parts[0]);
  Node n;
  n.kind = kind;
  for (Node& p : parts) {
    if (p.kind == kind) {
      for (Node& c : p.children) n.children.push_back(std::move(c));
    } else {
      n.children.push_back(std::move(p));
    }
  }
  return n;
}

// An id value in the form PaperIds stores it, or nullopt when `w` is not a recognisable id.
// `bare` restricts recognition to forms that cannot be ordinary words.
std::optional<std::string> CanonicalId(std::string_view w, bool bare) {
  ids::IdRef ref = ids::ParseIdRef(w);
  if (ref.scheme.empty()) return std::nullopt;
  if (!bare) return ref.value;
  auto starts_i = [&](std::string_view p) {
    return w.size() > p.size() && text::IEquals(w.substr(0, p.size()), p);
  };
  if (ref.scheme == "arxiv") {
    size_t slash = ref.value.find('/');
    if (slash == std::string::npos) return ref.value;
    // Old-style ids only under a real archive name, so "and/1234567" stays a word.
    static constexpr std::string_view kArchives[] = {
        "acc-phys", "adap-org", "alg-geom", "ao-sci",   "astro-ph", "atom-ph",  "bayes-an",
        "chao-dyn", "chem-ph",  "cmp-lg",   "comp-gas", "cond-mat", "cs",       "dg-ga",
        "funct-an", "gr-qc",    "hep-ex",   "hep-lat",  "hep-ph",   "hep-th",   "math",
        "math-ph",  "mtrl-th",  "nlin",     "nucl-ex",  "nucl-th",  "patt-sol", "physics",
        "plasm-ph", "q-alg",    "q-bio",    "quant-ph", "solv-int", "supr-con"};
    std::string_view archive = std::string_view(ref.value).substr(0, slash);
    for (std::string_view a : kArchives)
      if (archive == a) return ref.value;
    return std::nullopt;
  }
  if (ref.scheme == "doi" && ref.value.find('/') >= 7) return ref.value;  // 4+ digit registrant
  if (ref.scheme == "pmid" && starts_i("pmid:")) return ref.value;
  if (ref.scheme == "pmcid" && (starts_i("pmcid:") || starts_i("pmc"))) return ref.value;
  if (ref.scheme == "openalex" && (starts_i("openalex:") || starts_i("https://openalex.org/")))
    return ref.value;
  return std::nullopt;
}

// Gives `field` to every leaf that has none; id leaves get their canonical form.
void ApplyField(Node& n, Field field) {
  if (n.kind == Node::Kind::kTerm || n.kind == Node::Kind::kPhrase) {
    if (n.field != Field::kAny) return;
    n.field = field;
    if (field == Field::kId && !n.prefix) {
      if (std::optional<std::string> id = CanonicalId(n.text, false)) n.text = *id;
    }
    return;
  }
  for (Node& c : n.children) ApplyField(c, field);
}

Result<Parser::Part> Parser::ParseOr(int depth) {
  std::vector<Part> parts;
  auto first = ParseAnd(depth);
  if (!first) return first;
  parts.push_back(std::move(*first));
  while (Peek().kind == Tok::kOr) {
    Take();
    if (!StartsOperand()) return tl::unexpected(OperandError());
    auto p = ParseAnd(depth);
    if (!p) return p;
    parts.push_back(std::move(*p));
  }
  if (parts.size() == 1) return std::move(parts[0]);
  std::vector<Node> nodes;
  for (Part& p : parts) {
    if (p.has_date)
      return Fail(p.date_pos, "a date: filter cannot be an OR alternative; put it outside the OR");
    if (!IsPositive(*p.node))
      return Fail(p.pos,
                  "an OR alternative must match something by itself, not only exclude "
                  "(write 'a -b' rather than 'a OR -b')");
    nodes.push_back(std::move(*p.node));
  }
  Part out;
  out.pos = parts[0].pos;
  out.node = Combine(Node::Kind::kOr, std::move(nodes));
  return out;
}

Result<Parser::Part> Parser::ParseAnd(int depth) {
  Part out;
  out.pos = Peek().pos;
  std::vector<Node> nodes;
  while (true) {
    if (!StartsOperand()) return tl::unexpected(OperandError());
    auto p = ParseUnary(depth);
    if (!p) return p;
    if (p->has_date && !out.has_date) out.has_date = true, out.date_pos = p->date_pos;
    if (p->node) nodes.push_back(std::move(*p->node));
    if (Peek().kind == Tok::kAnd) {
      Take();
      continue;
    }
    if (!StartsOperand()) break;
  }
  if (!nodes.empty()) out.node = Combine(Node::Kind::kAnd, std::move(nodes));
  return out;
}

Result<Parser::Part> Parser::ParseUnary(int depth) {
  if (Peek().kind != Tok::kNot && Peek().kind != Tok::kMinus) return ParsePrimary(depth);
  const Token& op = Take();
  if (depth + 1 > kMaxDepth)
    return Fail(op.pos, "query nests deeper than " + std::to_string(kMaxDepth) + " levels");
  if (!StartsOperand()) return tl::unexpected(OperandError());
  auto p = ParseUnary(depth + 1);
  if (!p) return p;
  if (p->has_date) return Fail(p->date_pos, "a date: filter cannot be negated");
  Part out;
  out.pos = op.pos;
  if (p->node->kind == Node::Kind::kNot) {  // NOT NOT x == x
    out.node = std::move(p->node->children[0]);
    return out;
  }
  if (!IsPositive(*p->node))
    return Fail(op.pos, Quote(op) + " applies to something that itself only excludes");
  Node n;
  n.kind = Node::Kind::kNot;
  n.children.push_back(std::move(*p->node));
  out.node = std::move(n);
  return out;
}

Result<Parser::Part> Parser::ParseGroup(int depth) {
  const Token& open = Take();
  if (depth + 1 > kMaxDepth)
    return Fail(open.pos, "query nests deeper than " + std::to_string(kMaxDepth) + " levels");
  if (Peek().kind == Tok::kRParen) return Fail(open.pos, "empty parentheses");
  if (Peek().kind == Tok::kEnd) return Fail(open.pos, "unbalanced '(': no matching ')'");
  auto inner = ParseOr(depth + 1);
  if (!inner) return inner;
  if (Peek().kind != Tok::kRParen) return Fail(open.pos, "unbalanced '(': no matching ')'");
  Take();
  inner->pos = open.pos;
  return inner;
}

Result<Parser::Part> Parser::ParsePrimary(int depth) {
  const Token& t = Peek();
  Part out;
  out.pos = t.pos;
  if ((t.kind == Tok::kWord || t.kind == Tok::kPhrase) && ++terms_ > kMaxTerms) {
    return Fail(t.pos, "too many search terms (more than " + std::to_string(kMaxTerms) + ")");
  }
  switch (t.kind) {
    case Tok::kWord: {
      Take();
      Node n;
      n.text = t.text;
      n.prefix = t.prefix;
      if (!t.prefix && !t.literal && field_depth_ == 0) {
        if (std::optional<std::string> id = CanonicalId(t.text, true)) {
          n.field = Field::kId;
          n.text = *id;
        }
      }
      out.node = std::move(n);
      return out;
    }
    case Tok::kPhrase: {
      Take();
      Node n;
      n.kind = Node::Kind::kPhrase;
      n.text = t.text;
      out.node = std::move(n);
      return out;
    }
    case Tok::kLParen:
      return ParseGroup(depth);
    case Tok::kField: {
      const Token& f = Take();
      ++field_depth_;
      Result<Part> value = [&]() -> Result<Part> {
        if (Peek().kind == Tok::kLParen) return ParseGroup(depth);
        return ParsePrimary(depth);  // the tokenizer made it a literal WORD or a PHRASE
      }();
      --field_depth_;
      if (!value) return value;
      if (value->has_date)
        return Fail(value->date_pos, "a date: filter cannot be inside '" + f.text + ":(...)'");
      ApplyField(*value->node, f.field);
      value->pos = f.pos;
      return value;
    }
    case Tok::kDate: {
      Take();
      if (Status s = ParseDate(t); !s) return tl::unexpected(s.error());
      out.has_date = true;
      out.date_pos = t.pos;
      return out;
    }
    default:
      return tl::unexpected(OperandError());
  }
}

// Parses one bound: YYYY, YYYY-MM or YYYY-MM-DD (month and day may have one digit). A year or
// month bound covers its whole period: its first day as a lower bound, its last as an upper.
std::optional<std::string> ParseBound(std::string_view s, bool upper) {
  auto number = [](std::string_view d, size_t min_len, size_t max_len) -> std::optional<int> {
    if (d.size() < min_len || d.size() > max_len) return std::nullopt;
    int v = 0;
    for (char c : d) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    return v;
  };
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t k = 0; k <= s.size(); ++k) {
    if (k == s.size() || s[k] == '-') {
      parts.push_back(s.substr(start, k - start));
      start = k + 1;
    }
  }
  if (parts.size() > 3) return std::nullopt;
  std::optional<int> y = number(parts[0], 4, 4);
  std::optional<int> m = parts.size() > 1 ? number(parts[1], 1, 2) : (upper ? 12 : 1);
  std::optional<int> d = parts.size() > 2 ? number(parts[2], 1, 2) : std::optional<int>(1);
  if (!y || !m || !d) return std::nullopt;
  date::Ymd ymd{*y, *m, *d};
  if (upper && parts.size() < 3) {  // last day of the month
    ymd.day = 31;
    while (ymd.day > 28 && !date::IsValid(ymd)) --ymd.day;
  }
  if (!date::IsValid(ymd)) return std::nullopt;
  return date::Format(ymd);
}

Status Parser::ParseDate(const Token& t) {
  if (date_seen_)
    return Fail(t.pos, "a second date: filter (the first is at column " +
                           std::to_string(Column(date_seen_pos_)) + "); give one range");
  date_seen_ = true;
  date_seen_pos_ = t.pos;
  std::string_view v = t.text;
  auto bad = [&](std::string_view what) {
    return Fail(t.pos, "invalid date " + std::string(what) + " in 'date:" + std::string(v) +
                           "' (use YYYY-MM-DD, YYYY-MM or YYYY, ranges as A..B, A.. or ..B)");
  };
  size_t dots = v.find("..");
  if (dots == std::string_view::npos) {
    std::optional<std::string> from = ParseBound(v, false), to = ParseBound(v, true);
    if (!from || !to) return bad("'" + std::string(v) + "'");
    from_date_ = *from;
    to_date_ = *to;
    return Ok();
  }
  std::string_view a = v.substr(0, dots), b = v.substr(dots + 2);
  if (a.empty() && b.empty()) return Fail(t.pos, "'date:..' has no bounds");
  if (!a.empty()) {
    std::optional<std::string> from = ParseBound(a, false);
    if (!from) return bad("'" + std::string(a) + "'");
    from_date_ = *from;
  }
  if (!b.empty()) {
    std::optional<std::string> to = ParseBound(b, true);
    if (!to) return bad("'" + std::string(b) + "'");
    to_date_ = *to;
  }
  if (!from_date_.empty() && !to_date_.empty() && from_date_ > to_date_)
    return Fail(t.pos, "date range 'date:" + std::string(v) + "' ends before it starts");
  return Ok();
}

Result<Query> Parser::Run() {
  if (Status s = Tokenize(); !s) return tl::unexpected(s.error());
  if (Peek().kind == Tok::kEnd) return MakeError(Code::kInvalidArgument, "empty query");
  auto part = ParseOr(0);
  if (!part) return tl::unexpected(part.error());
  if (Peek().kind != Tok::kEnd) return Fail(Peek().pos, "unbalanced ')'");  // ParseOr stops at ')'
  Query out;
  out.raw = std::string(q_);
  out.from_date = from_date_;
  out.to_date = to_date_;
  if (part->node) {
    if (!part->has_date && !IsPositive(*part->node))
      return Fail(part->pos, "the query only excludes; add a search term or a date: range");
    out.has_root = true;
    out.root = std::move(*part->node);
  }
  return out;
}

}  // namespace

Result<Query> ParseQuery(std::string_view q) {
  // Code points, not bytes; a query past 4 bytes per allowed code point is too long either way.
  size_t chars = 0;
  if (q.size() <= 4 * kMaxChars)
    for (char c : q) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  if (q.size() > 4 * kMaxChars || chars > kMaxChars)
    return MakeError(Code::kInvalidArgument, "query is too long (" + std::to_string(q.size()) +
                                                 " bytes); the limit is " +
                                                 std::to_string(kMaxChars) + " characters");
  return Parser(q).Run();
}

}  // namespace ah::search
