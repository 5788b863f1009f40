#include "brief/briefing.h"

#include <cctype>
#include <set>
#include <string>
#include <string_view>

#include "brief/render.h"
#include "core/text.h"

namespace ah::brief {
namespace {

std::string FieldKey(std::string_view field) {
  std::string out(text::Trim(field));
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Status CheckText(std::string_view text, const std::string& where, size_t n) {
  for (const auto& c : FindCitations(text))
    for (int x : c.numbers)
      if (x < 1 || static_cast<size_t>(x) > n)
        return MakeError(Code::kCorrupt, "briefing: " + where + " cites [" + std::to_string(x) +
                                             "] but there are " + std::to_string(n) + " papers");
  return Ok();
}

Status CheckNumber(int x, const std::string& where, size_t n) {
  if (x < 1 || static_cast<size_t>(x) > n)
    return MakeError(Code::kCorrupt, "briefing: " + where + " is paper " + std::to_string(x) +
                                         " but there are " + std::to_string(n) + " papers");
  return Ok();
}

}  // namespace

Status CheckBriefing(const Briefing& b) {
  const size_t n = b.papers.size();
  auto at = [](std::string_view name, size_t i) {
    return std::string(name) + "[" + std::to_string(i) + "]";
  };
  if (auto s = CheckText(b.overview, "overview", n); !s) return s;
  for (size_t t = 0; t < b.themes.size(); ++t) {
    const Theme& theme = b.themes[t];
    std::string where = at("themes", t);
    if (theme.papers.empty())
      return MakeError(Code::kCorrupt,
                       "briefing: " + where + " (\"" + theme.title + "\") has no papers");
    for (size_t k = 0; k < theme.papers.size(); ++k)
      if (auto s = CheckNumber(theme.papers[k], where + "." + at("papers", k), n); !s) return s;
    if (auto s = CheckText(theme.title, where + ".title", n); !s) return s;
    if (auto s = CheckText(theme.summary, where + ".summary", n); !s) return s;
    for (size_t k = 0; k < theme.findings.size(); ++k)
      if (auto s = CheckText(theme.findings[k], where + "." + at("findings", k), n); !s) return s;
  }
  for (size_t i = 0; i < b.bridges.size(); ++i) {
    const Bridge& bridge = b.bridges[i];
    std::string where = at("bridges", i);
    std::set<std::string> fields;
    for (size_t k = 0; k < bridge.papers.size(); ++k) {
      int x = bridge.papers[k];
      if (auto s = CheckNumber(x, where + "." + at("papers", k), n); !s) return s;
      std::string f = FieldKey(b.papers[static_cast<size_t>(x - 1)].field);
      if (!f.empty()) fields.insert(f);
    }
    if (fields.size() < 2)
      return MakeError(Code::kCorrupt, "briefing: " + where + " joins papers of " +
                                           std::to_string(fields.size()) +
                                           " field(s), at least two are required");
    if (auto s = CheckText(bridge.why, where + ".why", n); !s) return s;
  }
  for (size_t i = 0; i < b.trends.size(); ++i)
    if (auto s = CheckText(b.trends[i], at("trends", i), n); !s) return s;
  for (size_t i = 0; i < b.must_reads.size(); ++i) {
    if (auto s = CheckNumber(b.must_reads[i].paper, at("must_reads", i), n); !s) return s;
    if (auto s = CheckText(b.must_reads[i].why, at("must_reads", i) + ".why", n); !s) return s;
  }
  return Ok();
}

}  // namespace ah::brief
