// Locating and loading the benchmark datasets (../shared/datasets by default,
// or $AH_DATASETS). Benchmarks are not tests: a missing dataset aborts loudly.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "ingest/file_reader.h"

namespace ah::bench {

inline std::filesystem::path DatasetsDir() {
  if (const char* d = std::getenv("AH_DATASETS"); d && *d) return d;
  return std::filesystem::path(AH_SOURCE_DIR) / ".." / "shared" / "datasets";
}

// Every regular file of a dataset folder, sorted.
inline std::vector<std::string> DatasetFiles(const std::string& folder) {
  auto files = ingest::ExpandPaths({(DatasetsDir() / folder).string()}).files;
  if (files.empty()) {
    std::fprintf(stderr, "dataset %s not found under %s (set AH_DATASETS)\n", folder.c_str(),
                 DatasetsDir().c_str());
    std::exit(2);
  }
  std::vector<std::string> out;
  for (auto& f : files)
    if (f.size() > 3 && (f.ends_with(".xml") || f.ends_with(".gz") || f.ends_with(".json"))) out.push_back(f);
  return out;
}

inline std::vector<std::string> LoadAll(const std::vector<std::string>& files) {
  std::vector<std::string> out;
  for (const auto& f : files) {
    auto data = ingest::ReadInputFile(f);
    if (!data) {
      std::fprintf(stderr, "%s\n", data.error().message.c_str());
      std::exit(2);
    }
    out.push_back(std::move(*data));
  }
  return out;
}

}  // namespace ah::bench
