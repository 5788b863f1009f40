// Interface language: English and Chinese (Simplified). The language of a
// request is `?lang=` (remembered in a cookie), else the `lang` cookie, else
// the best of Accept-Language, else English. Strings are tables of
// (key, en, zh); each page file keeps its own table beside the common one.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "web/http.h"

namespace ah::web {

enum class Lang { kEn, kZh };

struct Phrase {
  const char* key;
  const char* en;
  const char* zh;
};

// "en" / "zh" to Lang (anything else: nullopt-like kEn with ok = false).
bool ParseLang(std::string_view s, Lang* out);
std::string LangCode(Lang lang);  // "en" / "zh"
// The language of the request, and whether it was chosen now by ?lang=.
Lang PickLang(const Request& req, bool* chosen_now);

// The common phrases (layout, navigation, cards, errors) as {key: text}.
nlohmann::json CommonStrings(Lang lang);
// Adds a page's phrases to `into`.
template <size_t N>
void AddStrings(const Phrase (&table)[N], Lang lang, nlohmann::json* into) {
  for (const Phrase& p : table) (*into)[p.key] = lang == Lang::kZh ? p.zh : p.en;
}
// One common phrase by key (the key itself when unknown).
std::string Tr(std::string_view key, Lang lang);

}  // namespace ah::web
