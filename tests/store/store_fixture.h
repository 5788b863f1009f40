// Fixture of the Store conformance suite: one fresh library per test, on every
// backend of AllBackends(), in a TempDir.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store_backends.h"
#include "store_test_util.h"
#include "testing.h"

namespace ah::store::testing {

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen() {
    store_.reset();
    auto s = GetParam().open(dir_.path());
    ASSERT_TRUE(s) << s.error().ToString();
    store_ = std::move(*s);
  }

  Store& store() { return *store_; }

  // True when the backend has every feature in `features` (store_backends.h);
  // else the test is reported SKIPPED naming the backend and what it lacks:
  //   if (!RequireFeatures(kTextAnalysis, "diacritic folding")) return;
  bool RequireFeatures(unsigned features, const char* what) {
    if ((GetParam().features & features) == features) return true;
    SkipFor(what);
    return false;
  }

  UpsertStats Upsert(const std::vector<Paper>& page,
                     const std::optional<CursorUpdate>& cursor = std::nullopt) {
    auto r = store_->UpsertPage(page, cursor);
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : UpsertStats{};
  }

  PaperView MustGet(const std::string& ref) {
    auto r = store_->Get(ref);
    EXPECT_TRUE(r) << r.error().ToString();
    if (!r || !*r) {
      ADD_FAILURE() << "no paper for " << ref;
      return {};
    }
    return **r;
  }

  bool Has(const std::string& ref) {
    auto r = store_->Get(ref);
    EXPECT_TRUE(r) << r.error().ToString();
    return r && r->has_value();
  }

  LibraryStats MustStats() {
    auto r = store_->Stats();
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : LibraryStats{};
  }

  std::vector<std::string> SearchKeys(const search::Query& q, int64_t limit = 0,
                                      int64_t offset = 0) {
    auto r = store_->Search(q, limit, offset);
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? Keys(*r) : std::vector<std::string>{};
  }

  void SkipFor(const char* what) {
    GTEST_SKIP() << "backend " << GetParam().name << " does not do " << what
                 << " (store_backends.h Feature)";
  }

  ah::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param.name;
}

}  // namespace ah::store::testing
