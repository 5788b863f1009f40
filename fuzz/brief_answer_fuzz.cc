// Fuzzes the defensive parsing of a model's briefing and TL;DR answers
// (brief/answer.h, brief/tldr.h). The first byte picks the number of papers,
// the language and whether the call was a map stage (a subset of numbers);
// the rest is the answer. Checks the promise of the parser: it fails only with
// kParse, and what it returns cites only allowed papers (in lists and in prose,
// as our scanner and the renderer read it), every theme has a paper, every
// bridge joins two fields, and the result passes CheckBriefing.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "brief/answer.h"
#include "brief/briefing.h"
#include "brief/render.h"
#include "brief/tldr.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t control = data[0];
  std::string_view answer(reinterpret_cast<const char*>(data + 1), size - 1);

  const int n = 1 + (control & 0x0F);  // 1..16 papers
  ah::brief::AnswerRules rules;
  rules.lang = (control & 0x10) ? "zh" : "en";
  static const char* kFields[] = {"cs", "stat", "q-bio", "CS", "physics", ""};
  for (int i = 0; i < n; ++i) rules.fields.push_back(kFields[(i * 7 + control) % 6]);
  rules.partial = (control & 0x20) != 0;
  std::set<int> allowed;
  if (rules.partial) {
    for (int i = 1; i <= n; i += 2) rules.allowed.push_back(i);
    allowed.insert(rules.allowed.begin(), rules.allowed.end());
  } else {
    for (int i = 1; i <= n; ++i) allowed.insert(i);
  }
  auto ok = [&](int64_t x) { return allowed.count(static_cast<int>(x)) > 0 && x >= 1 && x <= n; };
  auto check_prose = [&](const std::string& s) {
    for (int64_t x : ah::brief::InlineCitations(s)) Check(ok(x));
    for (const auto& span : ah::brief::FindCitations(s)) {
      for (int x : span.numbers) Check(ok(x));
    }
  };

  auto a = ah::brief::ParseBriefAnswer(answer, rules, "fuzz");
  if (!a) {
    Check(a.error().code == ah::Code::kParse);
  } else {
    ah::brief::Briefing b;
    b.papers.resize(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
      b.papers[static_cast<size_t>(i)].field = rules.fields[static_cast<size_t>(i)];
    check_prose(a->overview);
    for (const auto& t : a->themes) {
      Check(!t.papers.empty());
      for (int x : t.papers) Check(ok(x));
      check_prose(t.title);
      check_prose(t.summary);
      for (const auto& f : t.findings) check_prose(f);
    }
    for (const auto& br : a->bridges) {
      std::set<std::string> fields;
      for (int x : br.papers) {
        Check(ok(x));
        std::string f = rules.fields[static_cast<size_t>(x - 1)];
        for (auto& c : f) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        if (!f.empty()) fields.insert(f);
      }
      Check(fields.size() >= 2);
      check_prose(br.why);
    }
    for (const auto& t : a->trends) check_prose(t);
    for (const auto& m : a->must_reads) {
      Check(ok(m.paper));
      check_prose(m.why);
    }
    Check(a->unknown_citations >= 0);
    b.overview = a->overview;
    b.themes = a->themes;
    b.bridges = a->bridges;
    b.trends = a->trends;
    b.must_reads = a->must_reads;
    Check(static_cast<bool>(ah::brief::CheckBriefing(b)));
  }

  // Inline cleaning on raw text, language measures, TL;DR parsing and checks.
  int unknown = 0;
  std::string cleaned = ah::brief::CleanCitations(answer.substr(0, 4096), ok, &unknown);
  check_prose(cleaned);
  auto stats = ah::brief::MeasureLanguage(answer);
  Check(stats.cjk >= 0 && stats.latin_words >= 0);
  auto tldr = ah::brief::ParseTldrAnswer(answer, static_cast<size_t>(n), "fuzz");
  if (!tldr) {
    Check(tldr.error().code == ah::Code::kParse);
  } else {
    Check(tldr->size() == static_cast<size_t>(n));
    for (const auto& t : *tldr) {
      std::string why;
      (void)ah::brief::ValidTldr(t, rules.lang, &why);
      (void)ah::brief::FirstSentence(t, rules.lang);
    }
  }
  return 0;
}
