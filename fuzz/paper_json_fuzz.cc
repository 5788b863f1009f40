// Fuzzes the stored-document reader (PaperFromJsonString) and checks that a
// paper it accepts round-trips through both writers and merges idempotently.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/json.h"
#include "core/merge.h"
#include "core/paper_json.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

// Two documents separated by a NUL byte: merging the second into the first
// twice must change nothing the second time.
void CheckMergeIdempotent(std::string_view a, std::string_view b) {
  auto stored = ah::PaperFromJsonString(a);
  auto in = ah::PaperFromJsonString(b);
  if (!stored || !in) return;
  ah::MergePaper(*stored, *in);
  ah::Paper after = *stored;
  Check(!ah::MergePaper(*stored, *in));
  Check(ah::PaperToJsonString(after) == ah::PaperToJsonString(*stored));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const size_t nul = text.find('\0'); nul != std::string_view::npos) {
    CheckMergeIdempotent(text.substr(0, nul), text.substr(nul + 1));
    return 0;
  }
  auto p = ah::PaperFromJsonString(text);
  if (!p) return 0;
  ah::SanitizePaperUtf8(*p);
  const std::string once = ah::PaperToJsonString(*p);
  auto reread = ah::ReadJson(once);
  Check(reread.has_value() && *reread == ah::PaperToJson(*p));
  auto back = ah::PaperFromJsonString(once);
  Check(back.has_value());
  Check(ah::PaperToJsonString(*back) == once);

  ah::Paper merged;
  ah::MergePaper(merged, *p);
  Check(!ah::MergePaper(merged, *p));
  ah::Paper again = merged;
  Check(!ah::MergePaper(again, *back));
  (void)ah::CanonicalKey(*p);
  (void)ah::LinkKey(*p);
  return 0;
}
