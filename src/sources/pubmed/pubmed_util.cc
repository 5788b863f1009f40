#include <string>

#include "core/text.h"
#include "sources/pubmed/pubmed_internal.h"

namespace ah::sources::pubmed::internal {
namespace {

struct StringWriter final : pugi::xml_writer {
  std::string out;
  void write(const void* data, size_t size) override {
    out.append(static_cast<const char*>(data), size);
  }
};

bool StartsWithI(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && text::IEquals(s.substr(0, prefix.size()), prefix);
}

}  // namespace

std::string Where(const ParseContext& ctx) {
  return ctx.origin.empty() ? std::string("pubmed input") : ctx.origin;
}

std::string Snippet(std::string_view body) {
  std::string_view t = text::Trim(body);
  if (t.size() > 120) t = t.substr(0, 120);
  return text::CollapseWhitespace(text::SanitizeUtf8(t));
}

Status LoadXml(std::string_view body, const std::string& where, pugi::xml_document& doc) {
  std::string_view t = text::Trim(body);
  if (t.size() >= 3 && t.substr(0, 3) == "\xEF\xBB\xBF") t = text::Trim(t.substr(3));
  size_t offset = static_cast<size_t>(t.data() - body.data());
  if (t.empty()) return MakeError(Code::kParse, where + ": empty body at byte 0");
  if (t.front() == '{' || t.front() == '[')
    return MakeError(Code::kParse, where + ": JSON at byte " + std::to_string(offset) +
                                       " where E-utilities XML was expected: \"" + Snippet(t) +
                                       "\"");
  if (StartsWithI(t, "<!doctype html") || StartsWithI(t, "<html"))
    return MakeError(Code::kParse, where + ": an HTML page at byte " + std::to_string(offset) +
                                       " where E-utilities XML was expected: \"" + Snippet(t) +
                                       "\"");
  if (t.front() != '<')
    return MakeError(Code::kParse, where + ": not XML at byte " + std::to_string(offset) + ": \"" +
                                       Snippet(t) + "\"");
  pugi::xml_parse_result r =
      doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!r) {
    return MakeError(Code::kParse, where + ": malformed XML at byte " + std::to_string(r.offset) +
                                       ": " + r.description());
  }
  if (!doc.document_element())
    return MakeError(Code::kParse, where + ": XML without a root element");
  return Ok();
}

std::string Text(pugi::xml_node n) {
  std::string out;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  }
  return text::CollapseWhitespace(text::SanitizeUtf8(out));
}

std::string InnerXml(pugi::xml_node n) {
  StringWriter w;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    c.print(w, "", pugi::format_raw, pugi::encoding_utf8);
  return std::move(w.out);
}

std::string OuterXml(pugi::xml_node n) {
  StringWriter w;
  if (n) n.print(w, "", pugi::format_raw, pugi::encoding_utf8);
  return std::move(w.out);
}

std::string Plain(pugi::xml_node n) {
  if (!n) return "";
  bool has_elements = false;
  for (pugi::xml_node c = n.first_child(); c && !has_elements; c = c.next_sibling())
    has_elements = c.type() == pugi::node_element;
  if (!has_elements) return Text(n);  // text only: nothing to strip
  return text::SanitizeUtf8(text::StripMarkup(InnerXml(n)));
}

Error ServerError(const std::string& where, std::string_view what, std::string_view message) {
  std::string m(text::Trim(message));
  std::string folded = text::FoldForSearch(m);
  Code code =
      folded.find("rate limit") != std::string::npos ? Code::kUnavailable : Code::kInvalidArgument;
  return Error(code, where + ": " + std::string(what) + ": " + text::SanitizeUtf8(m));
}

int64_t ParseCount(std::string_view s) {
  s = text::Trim(s);
  if (s.empty() || s.size() > 15) return -1;
  int64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace ah::sources::pubmed::internal
