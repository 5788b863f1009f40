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
// [{"text": "..."} | {"cite": "3", "href": "...", "title": "...", "id": "<paper id>"}].
nlohmann::json ProseView(const std::string& text, const brief::Briefing& b,
                         const CardsOnPage* cards = nullptr);
// The briefing: overview, themes (title, summary, findings, papers), bridges;
// with `full` (the briefing pages) also trends, must-reads, the numbered
// papers with badges and TL;DRs (cards "card-<id>"), provenance (model,
// prompt version, tokens, cost) and notes. Labels in `lang` (as "l").
nlohmann::json BriefingView(const brief::Briefing& b, Lang lang, const CardsOnPage* cards = nullptr,
                            bool full = false);
// From a stored briefing's JSON; errors: kCorrupt when it does not read back.
[[nodiscard]] Result<nlohmann::json> BriefingSummaryView(const std::string& stored_json, Lang lang,
                                                         const CardsOnPage* cards = nullptr,
                                                         bool full = false);
// A stored briefing's JSON read back. Errors: kCorrupt.
[[nodiscard]] Result<brief::Briefing> ReadStoredBriefing(const std::string& stored_json);
// Every paper of a briefing: its numbered papers are cards on its own page.
CardsOnPage PapersOf(const brief::Briefing& b);

}  // namespace ah::web
