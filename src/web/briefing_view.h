// A stored briefing as pages show it: prose split into text and citation
// links ([n] to the cited paper's card on the page, or its paper page).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "brief/briefing.h"
#include "core/result.h"
#include "web/i18n.h"

namespace ah::web {

// Text with its citations: [{"text": "..."} | {"cite": "3", "href": "/papers/...", "title":
// "..."}].
nlohmann::json ProseView(const std::string& text, const brief::Briefing& b);
// The whole briefing: overview, themes (title, summary, findings, papers),
// bridges, trends, must-reads, the numbered papers, provenance and notes.
nlohmann::json BriefingView(const brief::Briefing& b, Lang lang);
// From a stored briefing's JSON; errors: kCorrupt when it does not read back.
[[nodiscard]] Result<nlohmann::json> BriefingSummaryView(const std::string& stored_json, Lang lang);

}  // namespace ah::web
