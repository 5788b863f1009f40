// Test inputs of the brief/ tests: a BriefInput stored as JSON under tests/data/
// (tests/data/brief/*.json, see make_inputs.py there; tests/data/brief_llm/papers.json).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

#include "brief/briefing.h"
#include "testing.h"

namespace ah::brief::testing {

inline BriefInput ReadBriefInput(const std::string& rel) {
  auto j = nlohmann::json::parse(ah::testing::ReadData(rel));
  BriefInput in;
  in.radar = j.value("radar", "");
  in.lang = j.value("lang", "en");
  in.date_from = j.value("date_from", "");
  in.date_to = j.value("date_to", "");
  for (const auto& p : j.at("papers")) {
    BriefPaper b;
    b.id = p.value("id", "");
    b.title = p.value("title", "");
    b.abstract = p.value("abstract", "");
    b.authors = p.value("authors", std::vector<std::string>{});
    b.date = p.value("date", "");
    b.field = p.value("field", "");
    b.badge = p.value("badge", "");
    b.url = p.value("url", "");
    b.score = p.value("score", 0.0);
    b.reasons = p.value("reasons", std::vector<std::string>{});
    in.papers.push_back(std::move(b));
  }
  return in;
}

}  // namespace ah::brief::testing
