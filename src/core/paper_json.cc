#include "core/paper_json.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <utility>

#include "core/json.h"

namespace ah {
namespace {

using nlohmann::json;

// Length of the valid UTF-8 sequence starting at s (n bytes available), or 0
// when the bytes there are not a valid sequence (overlong, surrogate, > U+10FFFF,
// truncated). Same rules as nlohmann::json's serializer.
size_t ValidSeqLen(const unsigned char* s, size_t n) {
  const unsigned char c = s[0];
  if (c < 0x80) return 1;
  auto cont = [&](size_t i, unsigned char lo, unsigned char hi) {
    return i < n && s[i] >= lo && s[i] <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return cont(1, 0x80, 0xBF) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
    return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
  }
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2, 0x80, 0xBF) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) {
    return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  }
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  return 0;
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // Fast path over ASCII, 8 bytes at a time.
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const size_t len = ValidSeqLen(p + i, n - i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

// Replaces each byte that does not start a valid sequence by U+FFFD.
void SanitizeInPlace(std::string& s) {
  if (IsValidUtf8(s)) return;
  std::string out;
  out.reserve(s.size() + 8);
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const size_t len = ValidSeqLen(p + i, n - i);
    if (len == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(s, i, len);
      i += len;
    }
  }
  s = std::move(out);
}

std::string Sanitized(const std::string& s) {
  std::string r = s;
  SanitizeInPlace(r);
  return r;
}

// ---- fast writer ----

// True when one of the 8 bytes of `w` needs escaping or UTF-8 checking:
// < 0x20, '"', '\\' or >= 0x80 (SWAR; exact as to whether any byte matches).
inline bool WordNeedsWork(uint64_t w) {
  constexpr uint64_t k01 = 0x0101010101010101ULL;
  constexpr uint64_t k80 = 0x8080808080808080ULL;
  const uint64_t below_20 = (w - k01 * 0x20) & ~w & k80;
  const uint64_t q = w ^ (k01 * '"');
  const uint64_t quote = (q - k01) & ~q & k80;
  const uint64_t b = w ^ (k01 * '\\');
  const uint64_t backslash = (b - k01) & ~b & k80;
  return ((w & k80) | below_20 | quote | backslash) != 0;
}

void AppendEscaped(std::string& out, std::string_view s) {
  out += '"';
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t start = 0;
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (!WordNeedsWork(w)) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = p[i];
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const size_t len = ValidSeqLen(p + i, n - i);
      if (len != 0) {
        i += len;
        continue;
      }
    }
    out.append(s.data() + start, i - start);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += kReplacement;  // invalid UTF-8 byte
        }
    }
    ++i;
    start = i;
  }
  out.append(s.data() + start, n - start);
  out += '"';
}

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  void Str(const char* key, const std::string& v) {
    if (v.empty()) return;
    Key(key);
    AppendEscaped(out_, v);
  }
  void StrAlways(const char* key, const std::string& v) {
    Key(key);
    AppendEscaped(out_, v);
  }
  void StrList(const char* key, const std::vector<std::string>& v) {
    if (v.empty()) return;
    Key(key);
    out_ += '[';
    for (size_t i = 0; i < v.size(); ++i) {
      if (i) out_ += ',';
      AppendEscaped(out_, v[i]);
    }
    out_ += ']';
  }
  void Key(const char* key) {
    out_ += first_ ? "\"" : ",\"";
    first_ = false;
    out_ += key;
    out_ += "\":";
  }

 private:
  std::string& out_;
  bool first_ = true;
};

// ---- reader helpers ----

Status Expect(bool ok, const char* key, const char* what) {
  if (ok) return Ok();
  return MakeError(Code::kParse, std::string("paper json: key '") + key + "' is not " + what);
}

Status GetStr(const json& j, const char* key, std::string& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Ok();
  if (!it->is_string()) return Expect(false, key, "a string");
  out = it->get_ref<const std::string&>();
  return Ok();
}

Status GetStrList(const json& j, const char* key, std::vector<std::string>& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Ok();
  if (!it->is_array()) return Expect(false, key, "an array");
  for (const auto& e : *it) {
    if (!e.is_string()) return Expect(false, key, "an array of strings");
    out.push_back(e.get_ref<const std::string&>());
  }
  return Ok();
}

}  // namespace

bool PaperIsValidUtf8(const Paper& p) {
  auto ok = [](const std::string& s) { return IsValidUtf8(s); };
  if (!ok(p.key) || !ok(p.ids.arxiv) || !ok(p.ids.doi) || !ok(p.ids.pmid) || !ok(p.ids.pmcid) ||
      !ok(p.ids.openalex) || !ok(p.title) || !ok(p.abstract_raw) || !ok(p.abstract) ||
      !ok(p.primary_category) || !ok(p.submitted) || !ok(p.updated) || !ok(p.published) ||
      !ok(p.journal) || !ok(p.journal_ref) || !ok(p.volume) || !ok(p.issue) || !ok(p.pages) ||
      !ok(p.publisher) || !ok(p.comments) || !ok(p.license) || !ok(p.url) || !ok(p.pdf_url) ||
      !ok(p.type) || !ok(p.published_doi)) {
    return false;
  }
  for (const auto& a : p.authors) {
    if (!ok(a.name) || !ok(a.orcid)) return false;
    for (const auto& f : a.affiliations) {
      if (!ok(f)) return false;
    }
  }
  for (const auto& c : p.categories) {
    if (!ok(c)) return false;
  }
  for (const auto& v : p.versions) {
    if (!ok(v.date)) return false;
  }
  for (const auto& l : p.listings) {
    if (!ok(l.source) || !ok(l.date) || !ok(l.announce_type) || !ok(l.channel)) return false;
  }
  for (const auto& s : p.issns) {
    if (!ok(s)) return false;
  }
  return true;
}

void SanitizePaperUtf8(Paper& p) {
  for (std::string* s :
       {&p.key,          &p.ids.arxiv, &p.ids.doi,      &p.ids.pmid,  &p.ids.pmcid,
        &p.ids.openalex, &p.title,     &p.abstract_raw, &p.abstract,  &p.primary_category,
        &p.submitted,    &p.updated,   &p.published,    &p.journal,   &p.journal_ref,
        &p.volume,       &p.issue,     &p.pages,        &p.publisher, &p.comments,
        &p.license,      &p.url,       &p.pdf_url,      &p.type,      &p.published_doi}) {
    SanitizeInPlace(*s);
  }
  for (auto& a : p.authors) {
    SanitizeInPlace(a.name);
    SanitizeInPlace(a.orcid);
    for (auto& f : a.affiliations) SanitizeInPlace(f);
  }
  for (auto& c : p.categories) SanitizeInPlace(c);
  for (auto& v : p.versions) SanitizeInPlace(v.date);
  for (auto& l : p.listings) {
    SanitizeInPlace(l.source);
    SanitizeInPlace(l.date);
    SanitizeInPlace(l.announce_type);
    SanitizeInPlace(l.channel);
  }
  for (auto& s : p.issns) SanitizeInPlace(s);
}

json PaperToJson(const Paper& p) {
  json j = json::object();
  auto str = [&](const char* key, const std::string& v) {
    if (!v.empty()) j[key] = Sanitized(v);
  };
  auto list = [&](const char* key, const std::vector<std::string>& v) {
    if (v.empty()) return;
    json a = json::array();
    for (const auto& s : v) a.push_back(Sanitized(s));
    j[key] = std::move(a);
  };
  str("key", p.key);
  str("arxiv", p.ids.arxiv);
  str("doi", p.ids.doi);
  str("pmid", p.ids.pmid);
  str("pmcid", p.ids.pmcid);
  str("openalex", p.ids.openalex);
  str("title", p.title);
  if (!p.authors.empty()) {
    json a = json::array();
    for (const auto& au : p.authors) {
      json o = json::object();
      if (!au.name.empty()) o["name"] = Sanitized(au.name);
      if (!au.affiliations.empty()) {
        json aff = json::array();
        for (const auto& f : au.affiliations) aff.push_back(Sanitized(f));
        o["aff"] = std::move(aff);
      }
      if (!au.orcid.empty()) o["orcid"] = Sanitized(au.orcid);
      a.push_back(std::move(o));
    }
    j["authors"] = std::move(a);
  }
  str("abs", p.abstract);
  if (p.abstract_raw != p.abstract) j["abs_raw"] = Sanitized(p.abstract_raw);
  list("cats", p.categories);
  str("primary", p.primary_category);
  if (!p.versions.empty()) {
    json a = json::array();
    for (const auto& v : p.versions) a.push_back(json::array({v.number, Sanitized(v.date)}));
    j["versions"] = std::move(a);
  }
  if (!p.listings.empty()) {
    json a = json::array();
    for (const auto& l : p.listings) {
      json o = json::object();
      if (!l.source.empty()) o["src"] = Sanitized(l.source);
      if (!l.date.empty()) o["date"] = Sanitized(l.date);
      if (!l.announce_type.empty()) o["type"] = Sanitized(l.announce_type);
      if (!l.channel.empty()) o["ch"] = Sanitized(l.channel);
      a.push_back(std::move(o));
    }
    j["listings"] = std::move(a);
  }
  str("submitted", p.submitted);
  str("updated", p.updated);
  str("published", p.published);
  str("journal", p.journal);
  str("journal_ref", p.journal_ref);
  str("volume", p.volume);
  str("issue", p.issue);
  str("pages", p.pages);
  str("publisher", p.publisher);
  str("comments", p.comments);
  str("license", p.license);
  str("url", p.url);
  str("pdf_url", p.pdf_url);
  str("type", p.type);
  str("published_doi", p.published_doi);
  list("issns", p.issns);
  return j;
}

std::string PaperToJsonString(const Paper& p) {
  std::string out;
  out.reserve(256 + p.title.size() + p.abstract.size() * (p.abstract_raw == p.abstract ? 1 : 2) +
              p.authors.size() * 32 + p.comments.size() + p.journal_ref.size());
  out += '{';
  Writer w(out);
  w.Str("key", p.key);
  w.Str("arxiv", p.ids.arxiv);
  w.Str("doi", p.ids.doi);
  w.Str("pmid", p.ids.pmid);
  w.Str("pmcid", p.ids.pmcid);
  w.Str("openalex", p.ids.openalex);
  w.Str("title", p.title);
  if (!p.authors.empty()) {
    w.Key("authors");
    out += '[';
    for (size_t i = 0; i < p.authors.size(); ++i) {
      if (i) out += ',';
      out += '{';
      Writer a(out);
      a.Str("name", p.authors[i].name);
      a.StrList("aff", p.authors[i].affiliations);
      a.Str("orcid", p.authors[i].orcid);
      out += '}';
    }
    out += ']';
  }
  w.Str("abs", p.abstract);
  if (p.abstract_raw != p.abstract) w.StrAlways("abs_raw", p.abstract_raw);
  w.StrList("cats", p.categories);
  w.Str("primary", p.primary_category);
  if (!p.versions.empty()) {
    w.Key("versions");
    out += '[';
    for (size_t i = 0; i < p.versions.size(); ++i) {
      if (i) out += ',';
      out += '[';
      out += std::to_string(p.versions[i].number);
      out += ',';
      AppendEscaped(out, p.versions[i].date);
      out += ']';
    }
    out += ']';
  }
  if (!p.listings.empty()) {
    w.Key("listings");
    out += '[';
    for (size_t i = 0; i < p.listings.size(); ++i) {
      if (i) out += ',';
      out += '{';
      Writer l(out);
      l.Str("src", p.listings[i].source);
      l.Str("date", p.listings[i].date);
      l.Str("type", p.listings[i].announce_type);
      l.Str("ch", p.listings[i].channel);
      out += '}';
    }
    out += ']';
  }
  w.Str("submitted", p.submitted);
  w.Str("updated", p.updated);
  w.Str("published", p.published);
  w.Str("journal", p.journal);
  w.Str("journal_ref", p.journal_ref);
  w.Str("volume", p.volume);
  w.Str("issue", p.issue);
  w.Str("pages", p.pages);
  w.Str("publisher", p.publisher);
  w.Str("comments", p.comments);
  w.Str("license", p.license);
  w.Str("url", p.url);
  w.Str("pdf_url", p.pdf_url);
  w.Str("type", p.type);
  w.Str("published_doi", p.published_doi);
  w.StrList("issns", p.issns);
  out += '}';
  return out;
}

Result<Paper> PaperFromJson(const json& j) {
  if (!j.is_object()) return MakeError(Code::kParse, "paper json: not an object");
  Paper p;
  Status st;
  for (auto [key, field] : std::initializer_list<std::pair<const char*, std::string*>>{
           {"key", &p.key},
           {"arxiv", &p.ids.arxiv},
           {"doi", &p.ids.doi},
           {"pmid", &p.ids.pmid},
           {"pmcid", &p.ids.pmcid},
           {"openalex", &p.ids.openalex},
           {"title", &p.title},
           {"abs", &p.abstract},
           {"primary", &p.primary_category},
           {"submitted", &p.submitted},
           {"updated", &p.updated},
           {"published", &p.published},
           {"journal", &p.journal},
           {"journal_ref", &p.journal_ref},
           {"volume", &p.volume},
           {"issue", &p.issue},
           {"pages", &p.pages},
           {"publisher", &p.publisher},
           {"comments", &p.comments},
           {"license", &p.license},
           {"url", &p.url},
           {"pdf_url", &p.pdf_url},
           {"type", &p.type},
           {"published_doi", &p.published_doi},
       }) {
    if (st = GetStr(j, key, *field); !st) return Fail(st.error());
  }
  if (j.contains("abs_raw")) {
    if (st = GetStr(j, "abs_raw", p.abstract_raw); !st) return Fail(st.error());
  } else {
    p.abstract_raw = p.abstract;
  }
  if (st = GetStrList(j, "cats", p.categories); !st) return Fail(st.error());
  if (st = GetStrList(j, "issns", p.issns); !st) return Fail(st.error());

  if (auto it = j.find("authors"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return Fail(Expect(false, "authors", "an array").error());
    for (const auto& a : *it) {
      if (!a.is_object()) return Fail(Expect(false, "authors", "an array of objects").error());
      Author au;
      if (st = GetStr(a, "name", au.name); !st) return Fail(st.error().Wrap("authors"));
      if (st = GetStrList(a, "aff", au.affiliations); !st) return Fail(st.error().Wrap("authors"));
      if (st = GetStr(a, "orcid", au.orcid); !st) return Fail(st.error().Wrap("authors"));
      p.authors.push_back(std::move(au));
    }
  }
  if (auto it = j.find("versions"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return Fail(Expect(false, "versions", "an array").error());
    for (const auto& v : *it) {
      if (!v.is_array() || v.size() != 2 || !v[0].is_number_integer() || !v[1].is_string()) {
        return Fail(Expect(false, "versions", "an array of [number, date]").error());
      }
      const auto n = v[0].get<int64_t>();
      if (n < INT32_MIN || n > INT32_MAX) {
        return Fail(Expect(false, "versions", "an array of [int32, date]").error());
      }
      p.versions.push_back(Version{static_cast<int>(n), v[1].get<std::string>()});
    }
  }
  if (auto it = j.find("listings"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return Fail(Expect(false, "listings", "an array").error());
    for (const auto& l : *it) {
      if (!l.is_object()) return Fail(Expect(false, "listings", "an array of objects").error());
      Listing li;
      if (st = GetStr(l, "src", li.source); !st) return Fail(st.error().Wrap("listings"));
      if (st = GetStr(l, "date", li.date); !st) return Fail(st.error().Wrap("listings"));
      if (st = GetStr(l, "type", li.announce_type); !st) return Fail(st.error().Wrap("listings"));
      if (st = GetStr(l, "ch", li.channel); !st) return Fail(st.error().Wrap("listings"));
      p.listings.push_back(std::move(li));
    }
  }
  return p;
}

Result<Paper> PaperFromJsonString(std::string_view text) {
  auto j = ParseJson(text, "paper json");
  if (!j) return Fail(j.error());
  return PaperFromJson(*j);
}

}  // namespace ah
