// Seed imports of real reference-manager exports against a library: for each
// export, how many entries parse, how many are found and how (arXiv id, DOI,
// PMID, title), and how many distinct papers they name. With --dump, one TSV
// line per entry found (file, entry, via, key, the entry's title, the paper's
// title, word overlap of the two titles) for checking false matches by eye, and
// one per entry not found (via "-", its arXiv|DOI|PMID, title, first author), and
// the warnings ("W", the message).
//   seed_import_tool DB [--dump OUT.tsv] EXPORT...
// Prints one TSV line per export: file, format, usable entries, found,
// distinct papers, found by arxiv/doi/pmid/title, warnings.
// Opens DB read-write (a library of an older schema is migrated): use a copy.
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/text.h"
#include "imports/references.h"
#include "service/seeds.h"
#include "store/open.h"

namespace {

int Die(const std::string& msg) {
  std::fprintf(stderr, "seed_import_tool: %s\n", msg.c_str());
  return 2;
}

std::set<std::string> Words(const std::string& title) {
  std::set<std::string> out;
  std::istringstream in(ah::text::TitleKey(title));
  std::string w;
  while (in >> w) out.insert(w);
  return out;
}

// |A ∩ B| / |A ∪ B| of the titles' words.
double Overlap(const std::string& a, const std::string& b) {
  std::set<std::string> wa = Words(a), wb = Words(b);
  if (wa.empty() && wb.empty()) return 1.0;
  size_t both = 0;
  for (const auto& w : wa) both += wb.count(w);
  return static_cast<double>(both) / static_cast<double>(wa.size() + wb.size() - both);
}

std::string Tsv(std::string s) {
  for (char& c : s)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return s;
}

std::string Base(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Die("usage: seed_import_tool DB [--dump OUT.tsv] EXPORT...");
  const std::string db_path = argv[1];
  std::ofstream dump;
  int first = 2;
  if (std::string(argv[2]) == "--dump") {
    if (argc < 5) return Die("--dump needs a file and at least one export");
    dump.open(argv[3]);
    if (!dump) return Die(std::string("cannot write ") + argv[3]);
    first = 4;
  }
  auto store = ah::store::OpenStore(db_path);
  if (!store) return Die(store.error().message);
  std::printf("file\tformat\tentries\tfound\tpapers\tarxiv\tdoi\tpmid\ttitle\twarnings\n");
  for (int i = first; i < argc; ++i) {
    const std::string path = argv[i];
    std::ifstream in(path, std::ios::binary);
    if (!in) return Die("cannot open " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string body = ss.str();
    const auto format = ah::imports::DetectRefFormat(body, path);
    auto imported = ah::service::MatchSeeds(**store, Base(path), body, "auto");
    if (!imported) {
      std::printf("%s\t%s\terror: %s\n", Base(path).c_str(),
                  std::string(ah::imports::RefFormatName(format)).c_str(),
                  Tsv(imported.error().message).c_str());
      continue;
    }
    // The same parse as MatchSeeds: refs[k] is the entry of lookups[k].
    auto parsed = ah::imports::ParseReferences(body, Base(path), format);
    std::map<std::string, size_t> by;
    size_t found = 0;
    for (size_t k = 0; k < imported->lookups.size(); ++k) {
      const auto& e = imported->lookups[k];
      if (dump && e.key.empty() && parsed && k < parsed->refs.size()) {
        const auto& r = parsed->refs[k];
        dump << Base(path) << '\t' << e.index + 1 << '\t' << Tsv(e.label) << "\t-\t" << Tsv(r.arxiv)
             << '|' << Tsv(r.doi) << '|' << Tsv(r.pmid) << "\t\t" << Tsv(e.title) << '\t'
             << Tsv(r.authors.empty() ? "" : r.authors.front()) << '\n';
      }
      if (e.key.empty()) continue;
      ++found;
      ++by[e.via];
      if (!dump) continue;
      auto paper = (*store)->Get(e.key);
      const std::string ptitle = paper && *paper ? (*paper)->paper.title : "";
      char overlap[16];
      std::snprintf(overlap, sizeof overlap, "%.2f", Overlap(e.title, ptitle));
      dump << Base(path) << '\t' << e.index + 1 << '\t' << Tsv(e.label) << '\t' << e.via << '\t'
           << e.key << '\t' << overlap << '\t' << Tsv(e.title) << '\t' << Tsv(ptitle) << '\n';
    }
    if (dump)
      for (const auto& w : imported->warnings) dump << "W\t" << Tsv(w) << '\n';
    std::printf("%s\t%s\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu\t%zu\n", Base(path).c_str(),
                std::string(ah::imports::RefFormatName(format)).c_str(), imported->entries, found,
                imported->keys.size(), by["arxiv"], by["doi"], by["pmid"], by["title"],
                imported->warnings.size());
  }
  return 0;
}
