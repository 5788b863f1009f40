// A stored briefing as pages show it: prose split into text and citation
// links ([n] to the cited paper's card on the page, or its paper page).
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "brief/briefing.h"
#include "core/result.h"
#include "web/i18n.h"

namespace ah::web {

// Papers shown as cards on the same page: citations of them link to the card
// ("#card-<id>"), the others to the paper's page.
using CardsOnPage = std::set<std::string>;

// Text with its citations:
// [{"text": "..."} | {"cite": "3", "href": "...", "title": "..."}].
nlohmann::json ProseView(const std::string& text, const brief::Briefing& b,
                         const CardsOnPage* cards = nullptr);
// The whole briefing: overview, themes (title, summary, findings, papers),
// bridges, trends, must-reads, the numbered papers, provenance and notes.
nlohmann::json BriefingView(const brief::Briefing& b, Lang lang, const CardsOnPage* cards = nullptr);
// From a stored briefing's JSON; errors: kCorrupt when it does not read back.
[[nodiscard]] Result<nlohmann::json> BriefingSummaryView(const std::string& stored_json, Lang lang,
                                                         const CardsOnPage* cards = nullptr);

}  // namespace ah::web
