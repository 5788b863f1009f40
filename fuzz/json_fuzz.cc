// Fuzzes core ReadJson, the one JSON reader of AcademicHub. Checks its promises:
// it never crashes whatever the nesting; a value it returns is at most
// max_depth deep and round-trips through dump(); an error points inside the
// text (never past its end) with a consistent line and column and a short,
// valid UTF-8 reason; and it accepts exactly what nlohmann's non-recursive
// accept() does when the text is not nested deeper than the limit. The first
// byte picks the limit and whether a dropping callback is used.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json.h"
#include "core/text.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

// Depth of a value, without recursion (the check must not overflow either).
int Depth(const nlohmann::json& root) {
  int max = 0;
  std::vector<std::pair<const nlohmann::json*, int>> stack{{&root, 0}};
  while (!stack.empty()) {
    auto [j, d] = stack.back();
    stack.pop_back();
    if (!j->is_structured()) continue;
    max = std::max(max, d + 1);
    for (const auto& c : *j) stack.push_back({&c, d + 1});
  }
  return max;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t control = data[0];
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  ah::JsonLimits limits;
  if (control & 1) limits.max_depth = 1 + (control >> 2);  // 1..64; else the default 128
  const bool drop = (control & 2) != 0;
  ah::JsonCallback callback = [](int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
    return !(depth == 1 && event == nlohmann::json::parse_event_t::value);
  };

  auto j = ah::ReadJson(text, limits, drop ? callback : nullptr);
  if (j) {
    Check(Depth(*j) <= limits.max_depth);
    const std::string once = j->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    auto back = ah::ReadJson(once, limits);
    Check(back.has_value());
    Check(back->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) == once);
  } else {
    const ah::JsonError& e = j.error();
    Check(text.empty() ? e.byte == 0 : e.byte < text.size());
    const ah::TextPosition p = ah::PositionOf(text, e.byte);
    Check(p.line == e.line && p.column == e.column);
    Check(!e.reason.empty() && e.reason.size() <= 210);
    Check(ah::text::SanitizeUtf8(e.reason) == e.reason);
    const std::string m = e.Message("fuzz");
    Check(m.rfind("fuzz: line ", 0) == 0);
    if (e.kind == ah::JsonError::Kind::kTooDeep) {
      Check(ah::JsonTooDeepAt(text, limits.max_depth) == e.byte);
    }
  }
  if (!drop && ah::JsonTooDeepAt(text, limits.max_depth) == std::string_view::npos) {
    // Differential: nlohmann's accept() builds nothing and does not recurse.
    Check(nlohmann::json::accept(text.begin(), text.end()) == j.has_value());
  }
  return 0;
}
