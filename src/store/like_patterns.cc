#include "store/like_patterns.h"

namespace ah::store {
namespace {

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

std::string LikeEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '%' || c == '_') out += '\\';
    out += c;
  }
  return out;
}

std::string CategoryLikePattern(std::string_view cat, bool prefix) {
  std::string lower = AsciiLower(cat);
  for (char& c : lower) {
    if (c == '|') c = ' ';
  }
  return "%|" + LikeEscape(lower) + (prefix ? "%" : "|%");
}

std::string SourceLikePattern(std::string_view source, bool prefix) {
  return LikeEscape(AsciiLower(source)) + (prefix ? "%" : "");
}

}  // namespace ah::store
