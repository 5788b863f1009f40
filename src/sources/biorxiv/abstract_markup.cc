// Cleaning of the highwire markup left in api.biorxiv.org abstracts.
//
// The details API flattens the JATS abstract into text but leaves marker tokens
// where elements were: O_ST_ABS/C_ST_ABS around section titles, O_LI/C_LI around
// list items, O_SCPLOW/O_SCPCAP around small caps, O_FIG..C_FIG around figure
// links, and Greek letters as "{rho}". Section titles of structured abstracts
// lose their separator entirely ("BackgroundThe ..."). We rebuild paragraph
// structure with blank lines and let StripMarkup do entities and whitespace.
#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>

#include "core/text.h"
#include "sources/biorxiv/biorxiv.h"

namespace ah::sources::biorxiv {
namespace {

enum class Action { kNothing, kBreak, kItem, kDrop };

struct Token {
  std::string_view text;
  Action action;
  std::string_view close;  // for kDrop: the token that ends the dropped block
};

// Order matters: a token that is a prefix of another comes after it.
constexpr Token kTokens[] = {
    {"O_LINKSMALLFIG", Action::kDrop, "C_LINKSMALLFIG"},
    {"C_LINKSMALLFIG", Action::kNothing, {}},
    {"O_FIG", Action::kDrop, "C_FIG"},
    {"C_FIG", Action::kNothing, {}},
    {"M_FIG", Action::kNothing, {}},
    {"O_TBL", Action::kDrop, "C_TBL"},
    {"C_TBL", Action::kNothing, {}},
    {"O_ST_ABS", Action::kBreak, {}},
    {"C_ST_ABS", Action::kBreak, {}},
    {"O_TEXTBOX", Action::kBreak, {}},
    {"C_TEXTBOX", Action::kBreak, {}},
    {"O_SCPLOW", Action::kNothing, {}},
    {"C_SCPLOW", Action::kNothing, {}},
    {"O_SCPCAP", Action::kNothing, {}},
    {"C_SCPCAP", Action::kNothing, {}},
    {"O_LI", Action::kItem, {}},
    {"C_LI", Action::kBreak, {}},
};

// Run-in section headings of structured abstracts. Longer forms first so that
// "Methods and Findings" wins over "Methods".
constexpr std::string_view kHeadings[] = {
    "Implications of all the available evidence",
    "Availability and implementation",
    "Main outcomes and measures",
    "Evidence before this study",
    "Added value of this study",
    "Conclusions and relevance",
    "Supplementary information",
    "Background and objectives",
    "Design, setting, and participants",
    "Background and purpose",
    "Main outcome measures",
    "Materials and methods",
    "Methods and findings",
    "Patients and methods",
    "Background and aims",
    "Methods and results",
    "Trial registration",
    "Author summary",
    "Interpretation",
    "Interventions",
    "Introduction",
    "Measurements",
    "Significance",
    "Participants",
    "Study design",
    "Conclusions",
    "Limitations",
    "Implications",
    "Background",
    "Conclusion",
    "Discussion",
    "Highlights",
    "Importance",
    "Motivation",
    "Objectives",
    "Key points",
    "Exposures",
    "Objective",
    "Rationale",
    "Exposure",
    "Findings",
    "Question",
    "Abstract",
    "Purpose",
    "Methods",
    "Results",
    "Meaning",
    "Context",
    "Funding",
    "Summary",
    "Setting",
    "Method",
    "Design",
    "Aims",
    "Aim",
};

struct Symbol {
  std::string_view name;
  std::string_view utf8;
};

constexpr Symbol kSymbols[] = {
    {"alpha", "\u03b1"},   {"beta", "\u03b2"},  {"gamma", "\u03b3"},   {"delta", "\u03b4"},
    {"epsilon", "\u03b5"}, {"zeta", "\u03b6"},  {"eta", "\u03b7"},     {"theta", "\u03b8"},
    {"iota", "\u03b9"},    {"kappa", "\u03ba"}, {"lambda", "\u03bb"},  {"mu", "\u03bc"},
    {"nu", "\u03bd"},      {"xi", "\u03be"},    {"omicron", "\u03bf"}, {"pi", "\u03c0"},
    {"rho", "\u03c1"},     {"sigma", "\u03c3"}, {"tau", "\u03c4"},     {"upsilon", "\u03c5"},
    {"phi", "\u03c6"},     {"chi", "\u03c7"},   {"psi", "\u03c8"},     {"omega", "\u03c9"},
    {"Alpha", "\u0391"},   {"Beta", "\u0392"},  {"Gamma", "\u0393"},   {"Delta", "\u0394"},
    {"Epsilon", "\u0395"}, {"Zeta", "\u0396"},  {"Eta", "\u0397"},     {"Theta", "\u0398"},
    {"Iota", "\u0399"},    {"Kappa", "\u039a"}, {"Lambda", "\u039b"},  {"Mu", "\u039c"},
    {"Nu", "\u039d"},      {"Xi", "\u039e"},    {"Omicron", "\u039f"}, {"Pi", "\u03a0"},
    {"Rho", "\u03a1"},     {"Sigma", "\u03a3"}, {"Tau", "\u03a4"},     {"Upsilon", "\u03a5"},
    {"Phi", "\u03a6"},     {"Chi", "\u03a7"},   {"Psi", "\u03a8"},     {"Omega", "\u03a9"},
    {"micro", "\u00b5"},   {"+/-", "\u00b1"},   {"degrees", "\u00b0"}, {"approx", "\u2248"},
    {"times", "\u00d7"},   {"le", "\u2264"},    {"ge", "\u2265"},      {"infin", "\u221e"},
};

bool IsUpperOrDigit(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

const Token* TokenAt(std::string_view s, size_t i) {
  if (i + 1 >= s.size() || s[i + 1] != '_') return nullptr;
  char c = s[i];
  if (c != 'O' && c != 'C' && c != 'M') return nullptr;
  for (const Token& t : kTokens)
    if (s.compare(i, t.text.size(), t.text) == 0) return &t;
  return nullptr;
}

// Length of a known heading at s[i], or 0.
size_t HeadingAt(std::string_view s, size_t i) {
  for (std::string_view h : kHeadings) {
    if (s.size() - i < h.size()) continue;
    if (text::IEquals(s.substr(i, h.size()), h)) return h.size();
  }
  return 0;
}

class Cleaner {
 public:
  explicit Cleaner(std::string_view in) : in_(in) { out_.reserve(in.size() + 64); }

  std::string Run() {
    size_t i = 0;
    while (i < in_.size()) {
      char c = in_[i];
      if (c == '\n' || c == '\r') {
        Break();
        ++i;
        continue;
      }
      if (const Token* t = TokenAt(in_, i)) {
        i = Apply(*t, i);
        continue;
      }
      if (c == '{') {
        size_t used = Symbol(i);
        if (used > 0) {
          i += used;
          continue;
        }
      }
      if (block_start_ && c != ' ' && c != '\t') {
        size_t used = Heading(i);
        if (used > 0) {
          i += used;
          continue;
        }
      }
      Emit(std::string_view(&in_[i], 1));
      ++i;
    }
    return text::StripMarkup(out_);
  }

 private:
  void Break() {
    out_.append("\n\n");
    block_start_ = true;
    bullet_ = false;
  }

  void Emit(std::string_view s) {
    if (block_start_ && (s == " " || s == "\t")) return;
    if (bullet_) out_.append("- ");
    bullet_ = false;
    block_start_ = false;
    out_.append(s);
  }

  size_t Apply(const Token& t, size_t i) {
    size_t next = i + t.text.size();
    switch (t.action) {
      case Action::kNothing:
        return next;
      case Action::kBreak:
        Break();
        return next;
      case Action::kItem:
        Break();
        bullet_ = true;
        return next;
      case Action::kDrop: {
        // Once a close token is missing from some point on, it is missing from every
        // later point too: remember that so many unclosed openers stay linear.
        size_t close = std::string_view::npos;
        size_t slot = static_cast<size_t>(&t - kTokens);
        if (!no_close_[slot]) {
          close = in_.find(t.close, next);
          if (close == std::string_view::npos) no_close_[slot] = true;
        }
        if (close != std::string_view::npos) return close + t.close.size();
        // Unclosed block: drop to the end of the line only, keep later text.
        size_t eol = in_.find('\n', next);
        return eol == std::string_view::npos ? in_.size() : eol;
      }
    }
    return next;
  }

  size_t Symbol(size_t i) {
    size_t close = in_.substr(0, std::min(in_.size(), i + 13)).find('}', i + 1);
    if (close == std::string_view::npos) return 0;
    std::string_view name = in_.substr(i + 1, close - i - 1);
    for (const auto& sym : kSymbols) {
      if (sym.name == name) {
        Emit(sym.utf8);
        return close - i + 1;
      }
    }
    return 0;
  }

  // A known heading glued to its text becomes "Heading: text"; one followed by
  // markup or the end of the paragraph becomes its own paragraph.
  size_t Heading(size_t i) {
    size_t len = HeadingAt(in_, i);
    if (len == 0) return 0;
    size_t after = i + len;
    std::string_view heading = in_.substr(i, len);
    if (after >= in_.size() || in_[after] == '\n' || in_[after] == '\r' ||
        (TokenAt(in_, after) != nullptr && in_[after] == 'O')) {
      Emit(heading);
      Break();
      return len;
    }
    // "BackgroundThe" / "Results2 of": mixed-case heading, capital or digit next.
    // "BACKGROUNDThe": capitals heading, then a capitalised word. "AIM2" is a gene.
    char last = heading.back();
    bool glued = false;
    if (last >= 'a' && last <= 'z') {
      glued = IsUpperOrDigit(in_[after]);
    } else {
      glued = in_[after] >= 'A' && in_[after] <= 'Z' && after + 1 < in_.size() &&
              in_[after + 1] >= 'a' && in_[after + 1] <= 'z';
    }
    if (glued && TokenAt(in_, after) == nullptr) {
      Emit(heading);
      Emit(": ");
      return len;
    }
    return 0;
  }

  std::string_view in_;
  std::string out_;
  bool block_start_ = true;
  bool bullet_ = false;
  bool no_close_[std::size(kTokens)] = {};
};

}  // namespace

std::string CleanAbstractMarkup(std::string_view raw) { return Cleaner(raw).Run(); }

}  // namespace ah::sources::biorxiv
