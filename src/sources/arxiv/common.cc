#include <algorithm>
#include <charconv>
#include <cstring>
#include <string>

#include "core/ids.h"
#include "core/text.h"
#include "sources/arxiv/internal.h"

namespace ah::sources::arxiv::internal {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Iterative (no recursion: hostile documents may nest deeply) append of all
// character data under `n`.
void AppendAllText(pugi::xml_node n, std::string& out) {
  pugi::xml_node cur = n.first_child();
  while (cur) {
    if (cur.type() == pugi::node_pcdata || cur.type() == pugi::node_cdata) out.append(cur.value());
    if (cur.first_child()) {
      cur = cur.first_child();
      continue;
    }
    while (cur && cur != n && !cur.next_sibling()) cur = cur.parent();
    if (!cur || cur == n) break;
    cur = cur.next_sibling();
  }
}

}  // namespace

std::string_view Origin(const ParseContext& ctx) {
  return ctx.origin.empty() ? std::string_view("<input>") : std::string_view(ctx.origin);
}

Status LoadXml(std::string_view body, const ParseContext& ctx, std::string_view what,
               pugi::xml_document& doc) {
  if (text::Trim(body).empty()) {
    return MakeError(Code::kParse, std::string(Origin(ctx)) + ": empty body where an " +
                                       std::string(what) + " was expected (byte 0)");
  }
  pugi::xml_parse_result r =
      doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_auto);
  if (!r) {
    return MakeError(Code::kParse, std::string(Origin(ctx)) + ": not a well-formed " +
                                       std::string(what) + ": " + r.description() + " at byte " +
                                       std::to_string(r.offset));
  }
  if (!doc.document_element()) {
    return MakeError(Code::kParse, std::string(Origin(ctx)) + ": no root element in " +
                                       std::string(what) + " (byte 0)");
  }
  return Ok();
}

Error WrongDocument(const ParseContext& ctx, std::string_view expected, pugi::xml_node found) {
  ptrdiff_t off = found.offset_debug();
  return Error(Code::kParse, std::string(Origin(ctx)) + ": expected " + std::string(expected) +
                                 ", found <" + found.name() + "> at byte " +
                                 std::to_string(off < 0 ? 0 : off));
}

pugi::xml_node ChildByLocalName(pugi::xml_node parent, std::string_view local) {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && LocalName(c.name()) == local) return c;
  }
  return {};
}

std::string_view TextArena::Text(pugi::xml_node n) {
  pugi::xml_node c = n.first_child();
  if (!c) return {};
  if (!c.next_sibling() && (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata)) {
    return c.value();
  }
  std::string& s = owned_.emplace_back();
  AppendAllText(n, s);
  return s;
}

bool Contains(std::string_view s, char c) {
  return !s.empty() && std::memchr(s.data(), c, s.size()) != nullptr;
}

std::string PlainText(std::string_view raw) {
  if (Contains(raw, '<') || Contains(raw, '&')) return text::StripMarkup(raw);
  // Same result as StripMarkup for text without tags or entities: whitespace
  // runs collapse to one space, runs holding two or more newlines to '\n'.
  // Abstracts are most of every page's bytes, so the common case (words
  // separated by one space or one newline) is a copy after a branch-free scan
  // the compiler can vectorise.
  std::string_view t = text::Trim(raw);
  const size_t n = t.size();
  const unsigned char* u = reinterpret_cast<const unsigned char*>(t.data());
  unsigned irregular = 0;
  for (size_t i = 0; i < n; ++i) irregular |= (u[i] < 0x20) & (u[i] != '\n');
  for (size_t i = 0; i + 1 < n; ++i) {
    irregular |= ((u[i] == ' ') | (u[i] == '\n')) & ((u[i + 1] == ' ') | (u[i + 1] == '\n'));
  }
  std::string out(t);
  if (!irregular) {
    for (char& c : out) c = c == '\n' ? ' ' : c;
    return out;
  }
  char* const begin = out.data();
  char* o = begin;
  const char* p = t.data();
  const char* const end = p + n;
  while (p < end) {
    char c = *p;
    if (static_cast<unsigned char>(c) > ' ' || !IsSpace(c)) {
      *o++ = c;
      ++p;
      continue;
    }
    int newlines = 0;
    while (p < end && IsSpace(*p)) {
      newlines += *p == '\n';
      ++p;
    }
    if (p < end && o != begin) *o++ = newlines >= 2 ? '\n' : ' ';
  }
  out.resize(static_cast<size_t>(o - begin));
  return out;
}

std::string FirstDoi(std::string_view field) {
  std::string_view t = text::Trim(field);
  while (!t.empty()) {
    size_t end = t.find_first_of(" \t\n\r,;");
    std::string doi = ids::NormalizeDoi(t.substr(0, end));
    if (!doi.empty()) return doi;
    if (end == std::string_view::npos) break;
    t = text::Trim(t.substr(end + 1));
  }
  return {};
}

void PrimaryFirst(std::string_view primary, std::vector<std::string>& categories) {
  std::vector<std::string> out;
  out.reserve(categories.size() + 1);
  if (!primary.empty()) out.emplace_back(primary);
  for (auto& c : categories) {
    if (c.empty() || std::find(out.begin(), out.end(), c) != out.end()) continue;
    out.push_back(std::move(c));
  }
  categories = std::move(out);
}

std::string AbsUrl(std::string_view id) { return "https://arxiv.org/abs/" + std::string(id); }

std::string PdfUrl(std::string_view id, int version) {
  std::string url = "https://arxiv.org/pdf/" + std::string(id);
  if (version > 0) url += "v" + std::to_string(version);
  return url;
}

std::optional<int64_t> ParseCount(std::string_view s) {
  s = text::Trim(s);
  if (s.empty()) return std::nullopt;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

std::string RecordWhere(const ParseContext& ctx, size_t index, std::string_view id) {
  std::string s = std::string(Origin(ctx)) + ": record " + std::to_string(index);
  if (!id.empty()) s += " (" + std::string(id.substr(0, 80)) + ")";
  return s;
}

}  // namespace ah::sources::arxiv::internal
