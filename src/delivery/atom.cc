#include "delivery/atom.h"

#include <pugixml.hpp>
#include <sstream>

#include "core/text.h"

namespace ah::delivery {
namespace {

// Decodes one UTF-8 sequence of a valid string at s[i]; returns its length.
size_t Decode(const std::string& s, size_t i, char32_t* cp) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  const size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  char32_t v = c & (0x3F >> (n - 1));
  for (size_t k = 1; k < n && i + k < s.size(); ++k)
    v = (v << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  *cp = v;
  return n;
}

std::string Rfc3339(const std::string& d) {
  if (d.size() == 10) return d + "T00:00:00Z";
  return d;
}

void Text(pugi::xml_node parent, const char* name, const std::string& value) {
  parent.append_child(name).append_child(pugi::node_pcdata).set_value(XmlSafe(value).c_str());
}

void Link(pugi::xml_node parent, const char* rel, const std::string& href,
          const char* type = nullptr) {
  if (href.empty()) return;
  auto l = parent.append_child("link");
  l.append_attribute("rel") = rel;
  l.append_attribute("href") = XmlSafe(href).c_str();
  if (type) l.append_attribute("type") = type;
}

std::string Save(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

}  // namespace

std::string XmlSafe(const std::string& in) {
  const std::string s = text::SanitizeUtf8(in);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const size_t n = Decode(s, i, &cp);
    const bool ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                    (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
    if (ok) out.append(s, i, n);
    i += n;
  }
  return out;
}

std::string RenderAtom(const AtomFeed& feed) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
  auto root = doc.append_child("feed");
  root.append_attribute("xmlns") = "http://www.w3.org/2005/Atom";
  root.append_attribute("xmlns:prism") = "http://prismstandard.org/namespaces/basic/2.0/";
  Text(root, "id", feed.id);
  Text(root, "title", feed.title);
  if (!feed.subtitle.empty()) Text(root, "subtitle", feed.subtitle);
  Text(root, "updated", Rfc3339(feed.updated));
  Link(root, "self", feed.self_link, "application/atom+xml");
  Link(root, "alternate", feed.html_link, "text/html");
  // Entries without authors inherit the feed's (RFC 4287 4.1.1).
  Text(root.append_child("author"), "name", "AcademicHub");
  auto gen = root.append_child("generator");
  gen.append_attribute("uri") = "https://github.com/academichub";
  gen.append_child(pugi::node_pcdata).set_value("AcademicHub");
  for (const auto& e : feed.entries) {
    auto x = root.append_child("entry");
    Text(x, "id", e.id);
    Text(x, "title", e.title);
    Text(x, "updated", Rfc3339(e.updated.empty() ? feed.updated : e.updated));
    if (!e.published.empty()) Text(x, "published", Rfc3339(e.published));
    for (const auto& a : e.authors) Text(x.append_child("author"), "name", a);
    for (const auto& c : e.categories) {
      if (c.empty()) continue;
      x.append_child("category").append_attribute("term") = XmlSafe(c).c_str();
    }
    Link(x, "alternate", e.link, "text/html");
    Link(x, "related", e.web_link, "text/html");
    Link(x, "enclosure", e.pdf_link, "application/pdf");
    std::string summary = e.summary;
    if (!e.note.empty()) summary += (summary.empty() ? "" : "\n\n") + e.note;
    auto s = x.append_child("summary");
    s.append_attribute("type") = "text";
    s.append_child(pugi::node_pcdata).set_value(XmlSafe(summary).c_str());
    if (!e.doi.empty()) Text(x, "prism:doi", e.doi);
  }
  return Save(doc);
}

std::string RenderOpml(const std::string& title, const std::string& date_created,
                       const std::vector<OpmlOutline>& feeds) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
  auto root = doc.append_child("opml");
  root.append_attribute("version") = "2.0";
  auto head = root.append_child("head");
  Text(head, "title", title);
  if (!date_created.empty()) Text(head, "dateCreated", date_created);
  auto body = root.append_child("body");
  for (const auto& f : feeds) {
    auto o = body.append_child("outline");
    o.append_attribute("type") = "rss";
    o.append_attribute("text") = XmlSafe(f.title).c_str();
    o.append_attribute("title") = XmlSafe(f.title).c_str();
    o.append_attribute("xmlUrl") = XmlSafe(f.xml_url).c_str();
    if (!f.html_url.empty()) o.append_attribute("htmlUrl") = XmlSafe(f.html_url).c_str();
  }
  return Save(doc);
}

}  // namespace ah::delivery
