// Helpers shared by the imports tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "imports/references.h"
#include "testing.h"

namespace ah::imports {

// Parses tests/data/imports/<file>; fails the test (and returns an empty result) on error.
inline ImportResult MustParseFile(const std::string& file, RefFormat format = RefFormat::kAuto) {
  auto r = ParseReferences(ah::testing::ReadData("imports/" + file), file, format);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().ToString());
  return r ? *r : ImportResult{};
}

inline ImportResult MustParse(const std::string& body, RefFormat format,
                              const std::string& origin = "test.bib") {
  auto r = ParseReferences(body, origin, format);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().ToString());
  return r ? *r : ImportResult{};
}

inline const Reference* ByLabel(const ImportResult& r, const std::string& label) {
  for (const Reference& ref : r.refs)
    if (ref.label == label) return &ref;
  return nullptr;
}

// True when some warning contains every one of `parts`.
inline bool HasWarning(const ImportResult& r, const std::vector<std::string>& parts) {
  for (const std::string& w : r.warnings) {
    bool all = true;
    for (const std::string& p : parts) all = all && w.find(p) != std::string::npos;
    if (all) return true;
  }
  return false;
}

inline std::string AllWarnings(const ImportResult& r) {
  std::string out;
  for (const std::string& w : r.warnings) out += w + "\n";
  return out;
}

}  // namespace ah::imports
