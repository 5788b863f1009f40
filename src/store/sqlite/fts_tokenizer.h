// The full-text index's tokenizer, `ah_text`: SQLite's unicode61 (case and
// diacritics folded) plus English stems and CJK bigrams. Registered on every
// connection of a library (RegisterTextTokenizer) before the schema is read.
//
// Document text (and auxiliary functions):
//   - every unicode61 token as it is ("transformers"), and, when its Snowball
//     English stem (libstemmer, the radar's stemmer) differs, the stem with the
//     marker kStemMarker at the same position ("\x01transform", FTS5 colocated);
//   - a run of Han / kana characters (which unicode61 keeps as one token, a
//     whole sentence without spaces) as its overlapping bigrams: "图像分割" ->
//     图像 像分 分割; a run of one character as itself. Latin parts of a mixed
//     token ("BERT模型") are words of their own.
// Query strings (FTS5 "..." strings):
//   - as typed: the same exact tokens (a phrase matches the words as written);
//   - starting with kStemMarker: each word matches any word of its stem: the
//     marked stem, or the unmarked word when the stem is its own stem (the
//     document stored no marked copy of such a word). CJK runs: bigrams in both.
// So `"\x01transformer"` matches transformer, transformers, transformed...;
// `"transformer"` only transformer. Thread-compatible: one instance per FTS5
// table per connection (SQLite creates them), each with its own stemmer.
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

struct sb_stemmer;

namespace ah::store::sqlite {

inline constexpr char kStemMarker = '\x01';
inline constexpr const char* kTextTokenizerName = "ah_text";

// Snowball English stems with a memo (words repeat: most of a library's
// tokens are a few thousand words). Not thread-safe.
class Stemmer {
 public:
  Stemmer();
  ~Stemmer();
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;
  // The stem of a lower-case word ("transformers" -> "transform"); the word
  // itself when it has no letters, or the stem would be shorter than two bytes.
  std::string_view Stem(std::string_view word);

 private:
  struct Slot {
    std::string word, stem;
  };
  static constexpr size_t kSlots = 1 << 15;
  sb_stemmer* stemmer_ = nullptr;
  // A direct-mapped memo (by hash of the word): O(1), bounded, no allocation
  // once warm.
  std::vector<Slot> memo_;
};

struct IndexToken {
  std::string text;
  bool colocated = false;  // at the position of the previous token
};

// True when the code point is Han, Hiragana or Katakana (written without spaces).
bool IsCjk(uint32_t cp);

// The tokens stored (document = true) or searched (document = false,
// stem_mode as the marker asks) for one unicode61 token. Pure but for the
// stemmer's memo; appends to `out`.
void ExpandToken(std::string_view token, bool document, bool stem_mode, Stemmer& stemmer,
                 std::vector<IndexToken>* out);

// Registers `ah_text` on the connection. Errors: kInternal (FTS5 missing).
[[nodiscard]] Status RegisterTextTokenizer(sqlite3* db);

}  // namespace ah::store::sqlite
