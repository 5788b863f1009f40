#include "store/pg/pg_text.h"

#include <map>
#include <utility>

namespace ah::store::pg {
namespace {

// PostgreSQL's limits (tsearch/ts_type.h): positions 1..16383, at most 256
// positions per lexeme, lexemes under 2 KiB, a vector under 1 MiB of lexemes.
constexpr int kMaxPosition = 16383;
constexpr size_t kMaxPositionsPerLexeme = 256;
constexpr size_t kMaxVectorBytes = 900 * 1024;

struct Field {
  std::string text;
  char weight;
};

}  // namespace

std::string QuoteLexeme(std::string_view lexeme) {
  std::string out = "'";
  for (char c : lexeme) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  return out + "'";
}

Result<SearchColumns> PaperSearchColumns(const Paper& p, sqlite::TextAnalyzer& analyzer) {
  // The column values SQLite indexes (SqliteStore::FtsWrite).
  Field fields[] = {{p.title, kTitleWeight},
                    {"", kAuthorsWeight},
                    {p.abstract, kAbstractWeight},
                    {"", kCategoriesWeight}};
  for (size_t i = 0; i < p.authors.size(); ++i) {
    if (i) fields[1].text += "; ";
    fields[1].text += p.authors[i].name;
  }
  for (size_t i = 0; i < p.categories.size(); ++i) {
    if (i) fields[3].text += ' ';
    fields[3].text += p.categories[i];
  }
  // lexeme -> "1A,5A,..." (positions in order: each field's follow the last).
  std::map<std::string, std::pair<std::string, size_t>> lexemes;
  size_t bytes = 0;
  int base = 1;  // the first position of the next field
  std::vector<sqlite::AnalyzedToken> tokens;
  for (const Field& f : fields) {
    tokens.clear();
    if (auto st = analyzer.Document(f.text, &tokens); !st) return Fail(st.error());
    int last = base - 1;
    for (const auto& t : tokens) {
      if (t.text.empty() || t.text.size() > kMaxLexemeBytes) continue;
      const int pos = std::min(base + t.position, kMaxPosition);
      last = std::max(last, pos);
      auto it = lexemes.find(t.text);
      if (it == lexemes.end()) {
        if (bytes + t.text.size() > kMaxVectorBytes) continue;
        bytes += t.text.size();
        it = lexemes.emplace(t.text, std::make_pair(std::string(), size_t{0})).first;
      }
      auto& [positions, count] = it->second;
      if (count == kMaxPositionsPerLexeme) continue;
      ++count;
      if (!positions.empty()) positions += ',';
      positions += std::to_string(pos);
      positions += f.weight;
    }
    base = std::min(last + 2, kMaxPosition);  // one unused position between fields
  }
  SearchColumns out;
  out.terms.reserve(lexemes.size());
  for (const auto& [lexeme, at] : lexemes) {
    if (!out.tsv.empty()) out.tsv += ' ';
    out.tsv += QuoteLexeme(lexeme);
    out.tsv += ':';
    out.tsv += at.first;
    out.terms.push_back(lexeme);
  }
  return out;
}

}  // namespace ah::store::pg
