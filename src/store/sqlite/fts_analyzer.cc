#include "store/sqlite/fts_analyzer.h"

#include <algorithm>
#include <map>

#include "store/sqlite/fts_tokenizer.h"

namespace ah::store::sqlite {
namespace {

struct Collect {
  std::vector<AnalyzedToken>* out;
  int position = -1;
};

int OnToken(void* p, int tflags, const char* token, int n, int /*start*/, int /*end*/) {
  auto* c = static_cast<Collect*>(p);
  if ((tflags & FTS5_TOKEN_COLOCATED) == 0 || c->position < 0) ++c->position;
  c->out->push_back({std::string(token, static_cast<size_t>(n)), c->position});
  return SQLITE_OK;
}

}  // namespace

Result<std::unique_ptr<TextAnalyzer>> TextAnalyzer::Create() {
  std::unique_ptr<TextAnalyzer> a(new TextAnalyzer());
  auto fail = [](std::string what) {
    return MakeError(Code::kInternal, "cannot prepare the full-text analysis: " + what);
  };
  if (sqlite3_open_v2(":memory:", &a->db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK)
    return fail("no in-memory SQLite");
  if (auto st = RegisterTextTokenizer(a->db_); !st) return Fail(st.error());
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(a->db_, "SELECT fts5(?1)", -1, &st, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    (void)sqlite3_step(st);
  }
  sqlite3_finalize(st);
  if (api == nullptr) return fail("this SQLite has no FTS5");
  void* user_data = nullptr;
  if (api->xFindTokenizer(api, kTextTokenizerName, &user_data, &a->api_) != SQLITE_OK)
    return fail("no tokenizer");
  const char* args[] = {"remove_diacritics", "2"};  // as papers_fts
  if (a->api_.xCreate(user_data, args, 2, &a->tokenizer_) != SQLITE_OK) return fail("no tokenizer");
  return a;
}

TextAnalyzer::~TextAnalyzer() {
  if (tokenizer_ != nullptr) api_.xDelete(tokenizer_);
  if (db_ != nullptr) sqlite3_close(db_);
}

Status TextAnalyzer::Run(std::string_view text, int flags, std::vector<AnalyzedToken>* out) {
  Collect c{out};
  const int rc =
      api_.xTokenize(tokenizer_, &c, flags, text.data(), static_cast<int>(text.size()), OnToken);
  if (rc != SQLITE_OK) return MakeError(Code::kInternal, "the full-text analysis failed");
  return Ok();
}

Status TextAnalyzer::Document(std::string_view text, std::vector<AnalyzedToken>* out) {
  return Run(text, FTS5_TOKENIZE_DOCUMENT, out);
}

Status TextAnalyzer::Query(std::string_view text, std::vector<AnalyzedToken>* out) {
  return Run(text, FTS5_TOKENIZE_QUERY, out);
}

Result<std::string> SuggestFromVocabulary(const search::Query& q, const Vocabulary& vocab) {
  std::map<std::string, std::string> fixes;
  Stemmer stemmer;
  for (const std::string& w : search::CheckableWords(q)) {
    // Papers with the word, or with a word of its stem.
    auto docs = vocab.docs(w);
    if (!docs) return Fail(docs.error());
    int64_t known = *docs;
    if (known <= search::kRareDocs) {
      const std::string stem(stemmer.Stem(w));
      auto by_stem = vocab.docs(std::string(1, kStemMarker) + stem);
      if (!by_stem) return Fail(by_stem.error());
      known = std::max(known, *by_stem);
      if (stem != w && known <= search::kRareDocs) {
        auto as_word = vocab.docs(stem);
        if (!as_word) return Fail(as_word.error());
        known = std::max(known, *as_word);
      }
    }
    if (known > search::kRareDocs) continue;
    // Candidates: the indexed words that share the first two letters.
    std::string lo = w.substr(0, 2), hi = lo;
    ++hi.back();
    auto words =
        vocab.range(lo, hi, static_cast<int64_t>(w.size()) - 2, static_cast<int64_t>(w.size()) + 2);
    if (!words) return Fail(words.error());
    if (auto fix = search::BestCorrection(w, *words, known)) fixes[w] = *fix;
  }
  if (fixes.empty()) return std::string();
  return search::ReplaceWords(q.raw, fixes);
}

}  // namespace ah::store::sqlite
