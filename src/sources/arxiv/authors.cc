// Author strings and TeX accents as arXiv writes them.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "sources/arxiv/internal.h"

namespace ah::sources::arxiv::internal {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

struct Composed {
  char accent;
  char base;
  uint16_t cp;
};

// Precomposed Latin letters for the TeX accents arXiv metadata uses.
constexpr Composed kComposed[] = {
    {'\'', 'a', 0xE1},  {'\'', 'A', 0xC1},  {'\'', 'e', 0xE9},  {'\'', 'E', 0xC9},
    {'\'', 'i', 0xED},  {'\'', 'I', 0xCD},  {'\'', 'o', 0xF3},  {'\'', 'O', 0xD3},
    {'\'', 'u', 0xFA},  {'\'', 'U', 0xDA},  {'\'', 'y', 0xFD},  {'\'', 'Y', 0xDD},
    {'\'', 'c', 0x107}, {'\'', 'C', 0x106}, {'\'', 'n', 0x144}, {'\'', 'N', 0x143},
    {'\'', 's', 0x15B}, {'\'', 'S', 0x15A}, {'\'', 'z', 0x17A}, {'\'', 'Z', 0x179},
    {'\'', 'l', 0x13A}, {'\'', 'L', 0x139}, {'\'', 'r', 0x155}, {'\'', 'R', 0x154},
    {'\'', 'g', 0x1F5}, {'`', 'a', 0xE0},   {'`', 'A', 0xC0},   {'`', 'e', 0xE8},
    {'`', 'E', 0xC8},   {'`', 'i', 0xEC},   {'`', 'I', 0xCC},   {'`', 'o', 0xF2},
    {'`', 'O', 0xD2},   {'`', 'u', 0xF9},   {'`', 'U', 0xD9},   {'"', 'a', 0xE4},
    {'"', 'A', 0xC4},   {'"', 'e', 0xEB},   {'"', 'E', 0xCB},   {'"', 'i', 0xEF},
    {'"', 'I', 0xCF},   {'"', 'o', 0xF6},   {'"', 'O', 0xD6},   {'"', 'u', 0xFC},
    {'"', 'U', 0xDC},   {'"', 'y', 0xFF},   {'"', 'Y', 0x178},  {'^', 'a', 0xE2},
    {'^', 'A', 0xC2},   {'^', 'e', 0xEA},   {'^', 'E', 0xCA},   {'^', 'i', 0xEE},
    {'^', 'I', 0xCE},   {'^', 'o', 0xF4},   {'^', 'O', 0xD4},   {'^', 'u', 0xFB},
    {'^', 'U', 0xDB},   {'^', 'c', 0x109},  {'^', 'g', 0x11D},  {'^', 'h', 0x125},
    {'^', 'j', 0x135},  {'^', 's', 0x15D},  {'^', 'w', 0x175},  {'^', 'y', 0x177},
    {'~', 'a', 0xE3},   {'~', 'A', 0xC3},   {'~', 'n', 0xF1},   {'~', 'N', 0xD1},
    {'~', 'o', 0xF5},   {'~', 'O', 0xD5},   {'~', 'i', 0x129},  {'~', 'u', 0x169},
    {'=', 'a', 0x101},  {'=', 'A', 0x100},  {'=', 'e', 0x113},  {'=', 'E', 0x112},
    {'=', 'i', 0x12B},  {'=', 'o', 0x14D},  {'=', 'O', 0x14C},  {'=', 'u', 0x16B},
    {'=', 'U', 0x16A},  {'.', 'z', 0x17C},  {'.', 'Z', 0x17B},  {'.', 'e', 0x117},
    {'.', 'E', 0x116},  {'.', 'c', 0x10B},  {'.', 'g', 0x121},  {'.', 'I', 0x130},
    {'c', 'c', 0xE7},   {'c', 'C', 0xC7},   {'c', 's', 0x15F},  {'c', 'S', 0x15E},
    {'c', 't', 0x163},  {'c', 'T', 0x162},  {'c', 'g', 0x123},  {'c', 'k', 0x137},
    {'c', 'l', 0x13C},  {'c', 'n', 0x146},  {'c', 'r', 0x157},  {'v', 'c', 0x10D},
    {'v', 'C', 0x10C},  {'v', 's', 0x161},  {'v', 'S', 0x160},  {'v', 'z', 0x17E},
    {'v', 'Z', 0x17D},  {'v', 'r', 0x159},  {'v', 'R', 0x158},  {'v', 'e', 0x11B},
    {'v', 'E', 0x11A},  {'v', 'n', 0x148},  {'v', 'N', 0x147},  {'v', 'd', 0x10F},
    {'v', 'D', 0x10E},  {'v', 't', 0x165},  {'v', 'T', 0x164},  {'v', 'l', 0x13E},
    {'v', 'L', 0x13D},  {'H', 'o', 0x151},  {'H', 'O', 0x150},  {'H', 'u', 0x171},
    {'H', 'U', 0x170},  {'u', 'a', 0x103},  {'u', 'A', 0x102},  {'u', 'g', 0x11F},
    {'u', 'G', 0x11E},  {'u', 'u', 0x16D},  {'u', 'e', 0x115},  {'u', 'i', 0x12D},
    {'u', 'o', 0x14F},  {'k', 'a', 0x105},  {'k', 'A', 0x104},  {'k', 'e', 0x119},
    {'k', 'E', 0x118},  {'k', 'i', 0x12F},  {'k', 'u', 0x173},  {'r', 'a', 0xE5},
    {'r', 'A', 0xC5},   {'r', 'u', 0x16F},  {'r', 'U', 0x16E},
};

// Combining mark used when no precomposed letter is known; 0 = drop the accent.
uint32_t CombiningMark(char accent) {
  switch (accent) {
    case '\'':
      return 0x301;
    case '`':
      return 0x300;
    case '"':
      return 0x308;
    case '^':
      return 0x302;
    case '~':
      return 0x303;
    case '=':
      return 0x304;
    case '.':
      return 0x307;
    case 'c':
      return 0x327;
    case 'v':
      return 0x30C;
    case 'H':
      return 0x30B;
    case 'u':
      return 0x306;
    case 'k':
      return 0x328;
    case 'r':
      return 0x30A;
    case 'd':
      return 0x323;
    case 'b':
      return 0x331;
    default:
      return 0;
  }
}

bool IsSymbolAccent(char c) {
  return c == '\'' || c == '`' || c == '"' || c == '^' || c == '~' || c == '=' || c == '.';
}
bool IsLetterAccent(std::string_view cmd) {
  return cmd.size() == 1 && std::string_view("cvHukrdbt").find(cmd[0]) != std::string_view::npos;
}

// Letters written as TeX control words.
uint32_t NamedLetter(std::string_view cmd) {
  struct Named {
    std::string_view name;
    uint32_t cp;
  };
  static constexpr Named kNamed[] = {{"ss", 0xDF},  {"o", 0xF8},  {"O", 0xD8},  {"aa", 0xE5},
                                     {"AA", 0xC5},  {"ae", 0xE6}, {"AE", 0xC6}, {"oe", 0x153},
                                     {"OE", 0x152}, {"l", 0x142}, {"L", 0x141}, {"i", 0x131},
                                     {"j", 0x237}};
  for (const auto& n : kNamed)
    if (n.name == cmd) return n.cp;
  return 0;
}

void AppendAccented(std::string& out, char accent, std::string_view base) {
  if (base.empty()) return;
  if (base.size() == 1) {
    for (const auto& c : kComposed) {
      if (c.accent == accent && c.base == base[0]) {
        text::AppendUtf8(out, c.cp);
        return;
      }
    }
  }
  out.append(base);
  if (uint32_t mark = CombiningMark(accent)) text::AppendUtf8(out, mark);
}

// Reads the argument of an accent at in[i]: "{x}", "{\i}", "x", "\i"; sets
// *base and returns the index after it, or npos when there is none.
size_t ReadAccentArg(std::string_view in, size_t i, std::string* base) {
  while (i < in.size() && IsSpace(in[i])) ++i;
  if (i >= in.size()) return std::string_view::npos;
  bool braced = in[i] == '{';
  if (braced) ++i;
  if (i >= in.size()) return std::string_view::npos;
  if (in[i] == '\\' && i + 1 < in.size() && (in[i + 1] == 'i' || in[i + 1] == 'j') &&
      (i + 2 >= in.size() || !IsAsciiLetter(in[i + 2]))) {
    *base = in[i + 1];
    i += 2;
  } else if (in[i] == '}' || in[i] == '\\' || in[i] == '{') {
    return std::string_view::npos;
  } else {
    // One UTF-8 character.
    size_t len = 1;
    unsigned char u = static_cast<unsigned char>(in[i]);
    if (u >= 0xF0)
      len = 4;
    else if (u >= 0xE0)
      len = 3;
    else if (u >= 0xC0)
      len = 2;
    if (i + len > in.size()) len = in.size() - i;
    *base = std::string(in.substr(i, len));
    i += len;
  }
  if (braced) {
    while (i < in.size() && IsSpace(in[i])) ++i;
    if (i < in.size() && in[i] == '}') ++i;
  }
  return i;
}

}  // namespace

std::string DecodeTexAccents(std::string_view in) {
  if (!Contains(in, '\\') && !Contains(in, '{') && !Contains(in, '}')) return std::string(in);
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    char c = in[i];
    if (c == '{' || c == '}') {
      ++i;
      continue;
    }
    if (c != '\\' || i + 1 >= in.size()) {
      out.push_back(c);
      ++i;
      continue;
    }
    char next = in[i + 1];
    if (IsSymbolAccent(next)) {
      std::string base;
      size_t after = ReadAccentArg(in, i + 2, &base);
      if (after != std::string_view::npos) {
        AppendAccented(out, next, base);
        i = after;
        continue;
      }
      out.append(in.substr(i, 2));
      i += 2;
      continue;
    }
    if (IsAsciiLetter(next)) {
      size_t j = i + 1;
      while (j < in.size() && IsAsciiLetter(in[j])) ++j;
      std::string_view cmd = in.substr(i + 1, j - i - 1);
      if (IsLetterAccent(cmd)) {
        std::string base;
        size_t after = ReadAccentArg(in, j, &base);
        if (after != std::string_view::npos) {
          AppendAccented(out, cmd[0], base);
          i = after;
          continue;
        }
      } else if (uint32_t cp = NamedLetter(cmd)) {
        text::AppendUtf8(out, cp);
        // TeX swallows the space that ends a control word.
        while (j < in.size() && IsSpace(in[j])) ++j;
        i = j;
        continue;
      }
      out.append(in.substr(i, j - i));
      i = j;
      continue;
    }
    if (next == '&' || next == '%' || next == '$' || next == '#' || next == '_' || next == ' ') {
      out.push_back(next);
      i += 2;
      continue;
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

bool HasNameChars(std::string_view s) {
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (IsAsciiLetter(c) || IsDigit(c) || u >= 0x80) return true;
  }
  return false;
}

std::string CleanText(std::string_view in) {
  std::string_view t = text::Trim(in);
  bool irregular = false;
  for (size_t i = 0; i < t.size() && !irregular; ++i) {
    char c = t[i];
    irregular = (c != ' ' && IsSpace(c)) || (c == ' ' && i + 1 < t.size() && t[i + 1] == ' ');
  }
  if (!irregular) return DecodeTexAccents(t);
  return DecodeTexAccents(text::CollapseWhitespace(t));
}

namespace {

// One comma/"and"-separated part of an author string.
struct Piece {
  std::string name;                      // text outside parentheses
  std::vector<std::string_view> groups;  // top-level parenthesised groups, without the parens
};

// A longer "(1,2,3,...)" list is not a footnote reference.
constexpr size_t kMaxRefs = 32;

// "1", "1,2", "1 and 3", "5, 6": a list of footnote numbers.
bool ParseRefList(std::string_view g, std::vector<int>* refs) {
  refs->clear();
  size_t i = 0;
  while (i < g.size()) {
    if (IsDigit(g[i])) {
      int n = 0;
      while (i < g.size() && IsDigit(g[i])) {
        if (n < 100000) n = n * 10 + (g[i] - '0');
        ++i;
      }
      if (refs->size() >= kMaxRefs) return false;
      refs->push_back(n);
    } else if (IsSpace(g[i]) || g[i] == ',' || g[i] == ';' || g[i] == '-' || g[i] == '&') {
      ++i;
    } else if (g.substr(i, 3) == "and") {
      i += 3;
    } else {
      return false;
    }
  }
  return !refs->empty();
}

// "(1) MIT, (2) CERN": a footnote block; fills number -> affiliation.
bool ParseFootnotes(std::string_view g, std::map<int, std::string>* notes) {
  std::string_view t = text::Trim(g);
  if (t.size() < 3 || t[0] != '(' || !IsDigit(t[1])) return false;
  size_t i = 0;
  while (i < t.size()) {
    // At "(n)".
    size_t close = t.find(')', i);
    if (t[i] != '(' || close == std::string_view::npos) break;
    std::vector<int> nums;
    if (!ParseRefList(t.substr(i + 1, close - i - 1), &nums)) break;
    size_t start = close + 1;
    // Text runs to the next "(digit" marker at this level.
    size_t end = start;
    int depth = 0;
    while (end < t.size()) {
      char c = t[end];
      if (c == '(') {
        if (depth == 0 && end + 1 < t.size() && IsDigit(t[end + 1])) break;
        ++depth;
      } else if (c == ')' && depth > 0) {
        --depth;
      }
      ++end;
    }
    std::string_view body = text::Trim(t.substr(start, end - start));
    while (!body.empty() && (body.back() == ',' || body.back() == ';')) body.remove_suffix(1);
    std::string aff = CleanText(body);
    for (int n : nums) (*notes)[n] = aff;
    i = end;
  }
  return !notes->empty();
}

bool IsNameSuffix(std::string_view s) {
  static constexpr std::string_view kSuffixes[] = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"};
  for (auto x : kSuffixes)
    if (s == x) return true;
  return false;
}

void AddPiece(std::string_view outside_text, std::vector<std::string_view>& groups,
              std::vector<Piece>& pieces) {
  std::string_view nv = text::Trim(outside_text);
  if (text::StartsWith(nv, "and") && (nv.size() == 3 || IsSpace(nv[3]))) nv.remove_prefix(3);
  Piece p;
  p.name = CleanText(nv);
  p.groups = std::move(groups);
  groups.clear();
  if (p.name.empty() && p.groups.empty()) return;
  pieces.push_back(std::move(p));
}

}  // namespace

std::vector<Author> SplitAuthors(std::string_view in) {
  std::vector<Piece> pieces;
  {
    // The current piece's text outside parentheses is in[seg, i) plus, after a
    // parenthesised group, what `outside` collected; most pieces are one run.
    std::string outside;
    std::vector<std::string_view> groups;
    int depth = 0;
    size_t group_start = 0;
    size_t seg = 0;
    auto piece_text = [&](size_t end) -> std::string_view {
      if (outside.empty()) return in.substr(seg, end - seg);
      outside.append(in.substr(seg, end - seg));
      return outside;
    };
    for (size_t i = 0; i < in.size(); ++i) {
      char c = in[i];
      if (c == '(') {
        if (depth == 0) {
          outside.append(in.substr(seg, i - seg));
          outside.push_back(' ');
          group_start = i + 1;
        }
        ++depth;
      } else if (c == ')') {
        if (depth == 0) {  // stray ')': drop it
          outside.append(in.substr(seg, i - seg));
          outside.push_back(' ');
          seg = i + 1;
        } else if (--depth == 0) {
          groups.push_back(in.substr(group_start, i - group_start));
          seg = i + 1;
        }
      } else if (depth > 0) {
        continue;
      } else if (c == ',' || c == ';') {
        AddPiece(piece_text(i), groups, pieces);
        outside.clear();
        seg = i + 1;
      } else if (c == 'a' && i > 0 && IsSpace(in[i - 1]) && i + 3 < in.size() && in[i + 1] == 'n' &&
                 in[i + 2] == 'd' && IsSpace(in[i + 3])) {
        // " and " between names.
        AddPiece(piece_text(i), groups, pieces);
        outside.clear();
        seg = i + 3;
        i += 2;
      }
    }
    if (depth > 0) {
      groups.push_back(in.substr(group_start));  // unclosed '('
      seg = in.size();
    }
    AddPiece(piece_text(in.size()), groups, pieces);
  }

  // Footnote blocks anywhere (normally after the last author).
  std::map<int, std::string> notes;
  for (auto& p : pieces) {
    for (auto& g : p.groups) {
      if (ParseFootnotes(g, &notes)) g = {};
    }
  }

  // Shared and footnoted affiliations are copied to several authors; a byte
  // budget proportional to the input keeps hostile strings from blowing up
  // quadratically ("(1) <huge>" cited by thousands of authors).
  size_t budget = 4 * in.size() + 4096;
  auto spend = [&budget](const std::string& s) {
    if (s.size() > budget) return false;
    budget -= s.size();
    return true;
  };

  std::vector<Author> authors;
  authors.reserve(pieces.size());
  std::vector<size_t> pending;  // authors without any affiliation group, awaiting a shared one
  std::vector<int> refs;
  for (auto& p : pieces) {
    if (IsNameSuffix(p.name) && !authors.empty() && p.groups.empty()) {
      authors.back().name += ", " + p.name;
      continue;
    }
    Author a;
    a.name = std::move(p.name);
    bool any_group = false;
    bool literal = false;
    for (std::string_view g : p.groups) {
      std::string_view t = text::Trim(g);
      if (t.empty()) continue;
      any_group = true;
      if (ParseRefList(t, &refs)) {
        for (int r : refs) {
          auto it = notes.find(r);
          if (it != notes.end() && spend(it->second)) a.affiliations.push_back(it->second);
        }
        continue;
      }
      // "1 Dip. Astro., Bologna; 2 INAF ...": a footnote block in a form not
      // resolved; not an affiliation of this author alone.
      if (IsDigit(t[0]) && t.find(' ') != std::string_view::npos && t.size() > 20) continue;
      a.affiliations.push_back(CleanText(t));
      literal = true;
    }
    if (!HasNameChars(a.name)) continue;
    if (literal) {
      for (size_t k : pending) {
        for (const std::string& aff : a.affiliations) {
          if (spend(aff)) authors[k].affiliations.push_back(aff);
        }
      }
      pending.clear();
    } else if (any_group) {
      pending.clear();
    } else {
      pending.push_back(authors.size());
    }
    authors.push_back(std::move(a));
  }
  return authors;
}

}  // namespace ah::sources::arxiv::internal
