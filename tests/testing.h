// Test helpers shared by every test binary.
#pragma once

#include <filesystem>
#include <string>

namespace ah::testing {

// Absolute path of a file under tests/data/.
std::filesystem::path DataPath(const std::string& rel);
// Contents of a file under tests/data/; aborts the test binary when missing.
std::string ReadData(const std::string& rel);
// Reads any file.
std::string ReadFile(const std::filesystem::path& p);

// A fresh empty directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace ah::testing
