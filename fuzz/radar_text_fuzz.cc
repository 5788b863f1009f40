// Fuzzes the radar's text entry points: the evaluation task parser (JSON Lines),
// the tokenizer in both styles, stemming, author keys and the Unicode folding
// they use (core/text.h, utf8proc). Checks that words are never empty, that the
// task parser either fails with kParse or yields tasks, and that folded text and
// keys are valid UTF-8 whatever bytes come in.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "radar/authors.h"
#include "radar/eval.h"
#include "radar/tokenizer.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto tasks = ah::radar::ParseTasks(in, "fuzz");
  if (!tasks) Check(tasks.error().code == ah::Code::kParse);

  for (auto style : {ah::radar::TokenStyle::kSklearn, ah::radar::TokenStyle::kAcademic}) {
    ah::radar::TokenizerOptions o;
    o.style = style;
    o.keep_latex_commands = (size & 1) != 0;
    std::string scratch;
    std::vector<std::string_view> words;
    ah::radar::ExtractWords(in, o, &scratch, &words);
    for (auto w : words) Check(w.size() >= 2);
    for (const auto& t : ah::radar::Terms(in.substr(0, 4096), o)) Check(!t.empty());
  }
  for (const std::string& folded :
       {ah::text::FoldForSearch(in), ah::text::TitleKey(in), ah::text::SurnameKey(in)})
    Check(ah::text::SanitizeUtf8(folded) == folded);
  std::string key = ah::radar::AuthorKey(in);
  if (!key.empty()) Check(key[0] != ' ');
  (void)ah::radar::AuthorsMatch(in, key);
  return 0;
}
