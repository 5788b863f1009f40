#include "imports/references.h"

#include <cstdint>
#include <cstring>

#include "core/text.h"
#include "core/utf16.h"
#include "imports/bibtex.h"
#include "imports/csl_json.h"
#include "imports/ris.h"

namespace ah::imports {
namespace {

constexpr size_t kSniffBytes = 64 * 1024;

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view StripUtf8Bom(std::string_view s) {
  if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}

// "@article{" / "@Misc (" at the start of a (left-trimmed) line.
bool LooksLikeBibtexLine(std::string_view line) {
  if (line.empty() || line[0] != '@') return false;
  size_t k = 1;
  while (k < line.size() && (line[k] == ' ' || line[k] == '\t')) ++k;
  size_t t0 = k;
  while (k < line.size() && IsAlpha(line[k])) ++k;
  if (k == t0) return false;
  while (k < line.size() && (line[k] == ' ' || line[k] == '\t')) ++k;
  return k < line.size() && (line[k] == '{' || line[k] == '(');
}

bool LooksLikeRisLine(std::string_view line) {
  return text::StartsWith(line, "TY  -") || text::StartsWith(line, "TY -") ||
         text::StartsWith(line, "PMID-");
}

// The first invalid UTF-8 byte, or npos.
size_t FirstInvalidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return i;
    uint32_t cp = c & (0x7F >> len);
    for (int k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return i;
    i += len;
  }
  return std::string_view::npos;
}

// Windows-1252, as old EndNote/RefMan RIS and Latin-1 BibTeX files are written.
std::string FromWindows1252(std::string_view s) {
  static const uint16_t kHigh[32] = {0x20AC, 0x81,   0x201A, 0x192,  0x201E, 0x2026, 0x2020, 0x2021,
                                     0x2C6,  0x2030, 0x160,  0x2039, 0x152,  0x8D,   0x17D,  0x8F,
                                     0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                     0x2DC,  0x2122, 0x161,  0x203A, 0x153,  0x9D,   0x17E,  0x178};
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x80)
      out.push_back(ch);
    else if (c < 0xA0)
      text::AppendUtf8(out, kHigh[c - 0x80]);
    else
      text::AppendUtf8(out, c);
  }
  return out;
}

std::string_view Extension(std::string_view filename) {
  size_t slash = filename.find_last_of("/\\");
  std::string_view base = slash == std::string_view::npos ? filename : filename.substr(slash + 1);
  size_t dot = base.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : base.substr(dot + 1);
}

}  // namespace

std::string_view RefFormatName(RefFormat format) {
  switch (format) {
    case RefFormat::kAuto:
      return "auto";
    case RefFormat::kBibtex:
      return "bibtex";
    case RefFormat::kRis:
      return "ris";
    case RefFormat::kCslJson:
      return "csl-json";
  }
  return "auto";
}

std::optional<RefFormat> ParseRefFormat(std::string_view name) {
  std::string n = Lower(text::Trim(name));
  if (n == "auto") return RefFormat::kAuto;
  if (n == "bibtex" || n == "bib" || n == "biblatex") return RefFormat::kBibtex;
  if (n == "ris" || n == "nbib" || n == "medline") return RefFormat::kRis;
  if (n == "csl-json" || n == "csljson" || n == "csl" || n == "json") return RefFormat::kCslJson;
  return std::nullopt;
}

RefFormat DetectRefFormat(std::string_view body, std::string_view filename) {
  std::string_view s = StripUtf8Bom(body);
  s = s.substr(0, kSniffBytes);
  std::string_view head = text::Trim(s);
  if (!head.empty() && (head[0] == '[' || head[0] == '{')) return RefFormat::kCslJson;
  size_t i = 0;
  while (i < s.size()) {
    size_t end = s.find_first_of("\r\n", i);
    if (end == std::string_view::npos) end = s.size();
    std::string_view line = s.substr(i, end - i);
    size_t lead = 0;
    while (lead < line.size() && (line[lead] == ' ' || line[lead] == '\t')) ++lead;
    if (LooksLikeRisLine(line)) return RefFormat::kRis;
    if (LooksLikeBibtexLine(line.substr(lead))) return RefFormat::kBibtex;
    i = end + 1;
  }
  std::string ext = Lower(Extension(filename));
  if (ext == "bib" || ext == "bibtex") return RefFormat::kBibtex;
  if (ext == "ris" || ext == "nbib" || ext == "medline") return RefFormat::kRis;
  if (ext == "json" || ext == "csljson") return RefFormat::kCslJson;
  return RefFormat::kAuto;
}

Result<ImportResult> ParseReferences(std::string_view body, std::string_view origin,
                                     RefFormat format) {
  const std::string o(origin);
  if (body.size() > kMaxImportBytes)
    return MakeError(Code::kTooLarge, o + ": " + std::to_string(body.size()) +
                                          " bytes is larger than the 64 MiB import limit");

  // Encoding: UTF-16 with a BOM is converted, a UTF-8 BOM skipped, anything that is not
  // UTF-8 read as Windows-1252.
  std::vector<std::string> notes;
  std::string converted;
  std::string_view view = body;
  if (view.size() >= 2 && (view.substr(0, 2) == "\xFF\xFE" || view.substr(0, 2) == "\xFE\xFF")) {
    converted = Utf16ToUtf8(view.substr(2), view[0] == '\xFF');
    view = converted;
    notes.push_back(o + ": file is UTF-16; converted to UTF-8");
  }
  // CSL-JSON keeps its BOM (nlohmann skips it) so that byte offsets count from the file start.
  std::string_view with_bom = view;
  bool with_bom_ok = true;
  view = StripUtf8Bom(view);
  const size_t bom = with_bom.size() - view.size();  // byte offsets below count the BOM
  if (const void* nul = std::memchr(view.data(), '\0', view.size()))
    return MakeError(Code::kParse,
                     o + ": binary data, not a reference export (NUL byte at byte " +
                         std::to_string(bom + (static_cast<const char*>(nul) - view.data())) + ")");
  if (size_t bad = FirstInvalidUtf8(view); bad != std::string_view::npos) {
    converted = FromWindows1252(view);
    view = converted;
    with_bom_ok = false;
    notes.push_back(o + ": file is not UTF-8 (byte " + std::to_string(bom + bad) +
                    "); read as Windows-1252");
  }
  std::string_view trimmed = text::Trim(view);
  if (trimmed.empty()) return MakeError(Code::kParse, o + ": empty file (line 1)");

  if (format == RefFormat::kAuto) format = DetectRefFormat(view, origin);
  if (format == RefFormat::kAuto) {
    // Web of Science's plain-text "Other File Formats" export ("FN Clarivate Analytics Web of
    // Science", "VR 1.0", "PT J"): a format of its own, which the user can re-export as RIS.
    if (text::StartsWith(trimmed, "FN ") &&
        trimmed.substr(0, trimmed.find_first_of("\r\n")).find("Web of Science") !=
            std::string_view::npos)
      return MakeError(Code::kParse,
                       o + ": Web of Science plain text (.ciw) is not supported: export the "
                           "records as BibTeX or RIS (Export > Other File Formats) (line 1)");
    std::string what =
        trimmed[0] == '<' ? "got markup (an HTML/XML page)" : "no '@type{', 'TY  - ' or JSON found";
    return MakeError(Code::kParse,
                     o + ": not a BibTeX, RIS or CSL-JSON file: " + what + " (line 1)");
  }
  if (format != RefFormat::kCslJson && trimmed[0] == '<')
    return MakeError(Code::kParse, o + ": expected " + std::string(RefFormatName(format)) +
                                       ", got markup (an HTML/XML page) at line 1");

  Result<ImportResult> parsed = format == RefFormat::kBibtex ? ParseBibtex(view, origin)
                                : format == RefFormat::kRis
                                    ? ParseRis(view, origin)
                                    : ParseCslJson(with_bom_ok ? with_bom : view, origin);
  if (!parsed) return parsed;
  if (!notes.empty()) parsed->warnings.insert(parsed->warnings.begin(), notes.begin(), notes.end());
  return parsed;
}

}  // namespace ah::imports
