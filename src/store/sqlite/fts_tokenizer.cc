#include "store/sqlite/fts_tokenizer.h"

#include <libstemmer.h>

#include <cstdint>
#include <memory>

namespace ah::store::sqlite {
namespace {

// Decodes one UTF-8 code point at s[i] (valid UTF-8: unicode61's output); returns its length.
size_t DecodeAt(std::string_view s, size_t i, uint32_t& cp) {
  const auto c = static_cast<unsigned char>(s[i]);
  auto b = [&](size_t k) {
    return i + k < s.size() ? static_cast<uint32_t>(static_cast<unsigned char>(s[i + k]) & 0x3F)
                            : 0u;
  };
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  if (c < 0xE0) {
    cp = ((c & 0x1Fu) << 6) | b(1);
    return std::min<size_t>(2, s.size() - i);
  }
  if (c < 0xF0) {
    cp = ((c & 0x0Fu) << 12) | (b(1) << 6) | b(2);
    return std::min<size_t>(3, s.size() - i);
  }
  cp = ((c & 0x07u) << 18) | (b(1) << 12) | (b(2) << 6) | b(3);
  return std::min<size_t>(4, s.size() - i);
}

bool HasNonAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

void EmitWord(std::string_view word, bool document, bool stem_mode, Stemmer& stemmer,
              std::vector<IndexToken>* out) {
  if (document) {
    out->push_back({std::string(word), false});
    std::string_view stem = stemmer.Stem(word);
    if (stem != word) {
      std::string marked(1, kStemMarker);
      marked += stem;
      out->push_back({std::move(marked), true});
    }
    return;
  }
  if (!stem_mode) {
    out->push_back({std::string(word), false});
    return;
  }
  std::string stem(stemmer.Stem(word));
  std::string marked(1, kStemMarker);
  marked += stem;
  out->push_back({std::move(marked), false});
  // Words that are their own stem were stored only as themselves.
  if (stemmer.Stem(stem) == stem) out->push_back({std::move(stem), true});
}

// FTS5 glue: the wrapped unicode61 tokenizer and this one's stemmer.
struct TextTokenizer {
  fts5_tokenizer base{};
  Fts5Tokenizer* base_instance = nullptr;
  Stemmer stemmer;
  std::vector<IndexToken> scratch;
  std::string marked;  // the marked stem of the document fast path
};

struct TokenizeCtx {
  TextTokenizer* self;
  void* ctx;
  int (*x_token)(void*, int, const char*, int, int, int);
  bool document;
  bool stem_mode;
  int offset;  // bytes removed before the text given to unicode61 (the marker)
};

int OnBaseToken(void* p, int /*tflags*/, const char* token, int n, int start, int end) {
  auto* c = static_cast<TokenizeCtx*>(p);
  const std::string_view word(token, static_cast<size_t>(n));
  if (c->document && !HasNonAscii(word)) {
    // The common case (an English word of a document) without copies: the
    // word, then its marked stem when it differs (ExpandToken's result).
    int rc = c->x_token(c->ctx, 0, token, n, start + c->offset, end + c->offset);
    if (rc != SQLITE_OK) return rc;
    const std::string_view stem = c->self->stemmer.Stem(word);
    if (stem == word) return SQLITE_OK;
    std::string& m = c->self->marked;
    m.assign(1, kStemMarker);
    m.append(stem);
    return c->x_token(c->ctx, FTS5_TOKEN_COLOCATED, m.data(), static_cast<int>(m.size()),
                      start + c->offset, end + c->offset);
  }
  auto& toks = c->self->scratch;
  toks.clear();
  ExpandToken(std::string_view(token, static_cast<size_t>(n)), c->document, c->stem_mode,
              c->self->stemmer, &toks);
  for (const auto& t : toks) {
    const int rc = c->x_token(c->ctx, t.colocated ? FTS5_TOKEN_COLOCATED : 0, t.text.data(),
                              static_cast<int>(t.text.size()), start + c->offset, end + c->offset);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

int TextCreate(void* user_data, const char** args, int nargs, Fts5Tokenizer** out) {
  auto* api = static_cast<fts5_api*>(user_data);
  auto self = std::make_unique<TextTokenizer>();
  void* base_data = nullptr;
  int rc = api->xFindTokenizer(api, "unicode61", &base_data, &self->base);
  if (rc != SQLITE_OK) return rc;
  rc = self->base.xCreate(base_data, args, nargs, &self->base_instance);
  if (rc != SQLITE_OK) return rc;
  *out = reinterpret_cast<Fts5Tokenizer*>(self.release());
  return SQLITE_OK;
}

void TextDelete(Fts5Tokenizer* t) {
  auto* self = reinterpret_cast<TextTokenizer*>(t);
  if (self->base_instance != nullptr) self->base.xDelete(self->base_instance);
  delete self;
}

int TextTokenize(Fts5Tokenizer* t, void* ctx, int flags, const char* text, int n,
                 int (*x_token)(void*, int, const char*, int, int, int)) {
  auto* self = reinterpret_cast<TextTokenizer*>(t);
  TokenizeCtx c{self, ctx, x_token, (flags & FTS5_TOKENIZE_QUERY) == 0, false, 0};
  if (!c.document && n > 0 && text[0] == kStemMarker) {
    c.stem_mode = true;
    c.offset = 1;
    ++text;
    --n;
  }
  return self->base.xTokenize(self->base_instance, &c, flags, text, n, OnBaseToken);
}

}  // namespace

Stemmer::Stemmer() : stemmer_(sb_stemmer_new("english", "UTF_8")) {}

Stemmer::~Stemmer() {
  if (stemmer_ != nullptr) sb_stemmer_delete(stemmer_);
}

std::string_view Stemmer::Stem(std::string_view word) {
  if (stemmer_ == nullptr || word.size() < 3) return word;
  bool letter = false;
  for (char c : word) {
    if ((c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80) letter = true;
  }
  if (!letter) return word;
  if (memo_.empty()) memo_.resize(kSlots);
  uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (char c : word) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  Slot& slot = memo_[h & (kSlots - 1)];
  if (slot.word == word) return slot.stem;
  const sb_symbol* s = sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(word.data()),
                                       static_cast<int>(word.size()));
  std::string stem = s == nullptr ? std::string(word)
                                  : std::string(reinterpret_cast<const char*>(s),
                                                static_cast<size_t>(sb_stemmer_length(stemmer_)));
  if (stem.size() < 2) stem = std::string(word);
  slot.word.assign(word);
  slot.stem = std::move(stem);
  return slot.stem;
}

bool IsCjk(uint32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) ||    // Hiragana, Katakana
         (cp >= 0x3400 && cp <= 0x4DBF) ||    // CJK Extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||    // CJK Unified Ideographs
         (cp >= 0xF900 && cp <= 0xFAFF) ||    // Compatibility Ideographs
         (cp >= 0x20000 && cp <= 0x3134F);  // Extensions B-G
}

void ExpandToken(std::string_view token, bool document, bool stem_mode, Stemmer& stemmer,
                 std::vector<IndexToken>* out) {
  if (token.empty()) return;
  if (!HasNonAscii(token)) {
    EmitWord(token, document, stem_mode, stemmer, out);
    return;
  }
  // Split into runs of CJK characters and of the rest.
  size_t i = 0;
  while (i < token.size()) {
    uint32_t cp;
    size_t len = DecodeAt(token, i, cp);
    const bool cjk = IsCjk(cp);
    std::vector<std::string_view> chars;
    const size_t run_start = i;
    while (i < token.size()) {
      len = DecodeAt(token, i, cp);
      if (IsCjk(cp) != cjk) break;
      if (cjk) chars.push_back(token.substr(i, len));
      i += len;
    }
    if (!cjk) {
      EmitWord(token.substr(run_start, i - run_start), document, stem_mode, stemmer, out);
    } else if (chars.size() == 1) {
      out->push_back({std::string(chars[0]), false});
    } else {
      for (size_t k = 0; k + 1 < chars.size(); ++k) {
        std::string bigram(chars[k]);
        bigram += chars[k + 1];
        out->push_back({std::move(bigram), false});
      }
    }
  }
}

Status RegisterTextTokenizer(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    (void)sqlite3_step(st);
  }
  sqlite3_finalize(st);
  if (api == nullptr || api->iVersion < 2) {
    return MakeError(Code::kInternal, "this SQLite has no FTS5 full-text search");
  }
  fts5_tokenizer t{TextCreate, TextDelete, TextTokenize};
  if (api->xCreateTokenizer(api, kTextTokenizerName, api, &t, nullptr) != SQLITE_OK) {
    return MakeError(Code::kInternal, "cannot register the full-text tokenizer");
  }
  return Ok();
}

}  // namespace ah::store::sqlite
