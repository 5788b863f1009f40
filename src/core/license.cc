#include "core/license.h"

#include <cctype>
#include <vector>

#include "core/text.h"

namespace ah {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "by_nc_nd", "by-nc-nd" -> the Creative Commons elements, if all are.
bool CcElements(std::string_view s, std::vector<std::string>* parts) {
  std::string cur;
  auto flush = [&]() -> bool {
    if (cur.empty()) return true;
    if (cur != "by" && cur != "nc" && cur != "nd" && cur != "sa") return false;
    parts->push_back(cur);
    cur.clear();
    return true;
  };
  for (char c : s) {
    if (c == '_' || c == '-' || c == ' ') {
      if (!flush()) return false;
    } else {
      cur += c;
    }
  }
  return flush() && !parts->empty() && (*parts)[0] == "by";
}

LicenseName Cc(const std::vector<std::string>& parts, std::string version) {
  std::string code;
  for (const auto& p : parts) code += (code.empty() ? "" : "-") + p;
  LicenseName n;
  n.text = "CC ";
  for (char c : code) n.text += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (version.empty()) version = "4.0";
  n.text += " " + version;
  n.url = "https://creativecommons.org/licenses/" + code + "/" + version + "/";
  return n;
}

bool IsVersion(std::string_view v) {
  if (v.empty() || v.size() > 5) return false;
  for (char c : v)
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.') return false;
  return true;
}

}  // namespace

LicenseName NameLicense(std::string_view raw) {
  const std::string given(text::Trim(raw));
  const std::string s = Lower(given);
  LicenseName n;
  if (s.empty()) return n;
  // Codes (bioRxiv, medRxiv, OpenAlex, Crossref short forms).
  std::string code = s;
  if (code.rfind("cc_", 0) == 0 || code.rfind("cc-", 0) == 0 || code.rfind("cc ", 0) == 0)
    code = code.substr(3);
  if (s == "cc0" || s == "cc_zero" || s == "cc-zero" || s == "cc0_1.0" || s == "public-domain" ||
      s == "public_domain") {
    n.text = s.rfind("public", 0) == 0 ? "Public domain" : "CC0 1.0";
    n.url = "https://creativecommons.org/publicdomain/zero/1.0/";
    return n;
  }
  if (s == "cc_no" || s == "cc-no" || s == "none") {
    n.text = "No reuse licence (all rights reserved)";
    return n;
  }
  if (s == "other-oa" || s == "other_oa") {
    n.text = "Other open-access licence";
    return n;
  }
  std::vector<std::string> parts;
  if (code != s && CcElements(code, &parts)) return Cc(parts, "");
  if (s == "by" || s == "by-nc" || s == "by-nc-nd" || s == "by-sa" || s == "by-nd" ||
      s == "by-nc-sa") {
    if (CcElements(s, &parts)) return Cc(parts, "");
  }
  // URLs.
  std::string rest = s;
  for (std::string_view scheme : {"https://", "http://"})
    if (rest.rfind(scheme, 0) == 0) rest = rest.substr(scheme.size());
  if (rest.rfind("www.", 0) == 0) rest = rest.substr(4);
  if (rest.rfind("creativecommons.org/licenses/", 0) == 0) {
    std::string_view tail = std::string_view(rest).substr(29);
    const size_t slash = tail.find('/');
    std::string_view elems = tail.substr(0, slash);
    std::string version;
    if (slash != std::string_view::npos) {
      std::string_view v = tail.substr(slash + 1);
      v = v.substr(0, v.find('/'));
      if (IsVersion(v)) version = std::string(v);
    }
    if (CcElements(elems, &parts)) return Cc(parts, version);
  }
  if (rest.rfind("creativecommons.org/publicdomain/zero/", 0) == 0) {
    n.text = "CC0 1.0";
    n.url = "https://creativecommons.org/publicdomain/zero/1.0/";
    return n;
  }
  if (rest.rfind("arxiv.org/licenses/nonexclusive-distrib/", 0) == 0) {
    n.text = "arXiv non-exclusive licence to distribute";
    n.url = "https://arxiv.org/licenses/nonexclusive-distrib/1.0/license.html";
    return n;
  }
  n.text = given;
  if (s.rfind("https://", 0) == 0 || s.rfind("http://", 0) == 0) n.url = given;
  return n;
}

}  // namespace ah
