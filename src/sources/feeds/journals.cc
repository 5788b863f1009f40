// The built-in journal catalogue. ISSNs are the ones the ISSN portal / the
// publishers list (print, electronic); every one passes the ISSN check digit
// (tests/sources/feeds/journals_test.cc). Feed URLs are the publishers' public
// current-issue or recent-articles feeds.
#include "sources/feeds/journals.h"

#include "core/ids.h"
#include "core/text.h"

namespace ah::sources::feeds {
namespace {

std::vector<Journal> MakeCatalogue() {
  constexpr const char* kNpg = "Springer Nature";
  constexpr const char* kAaas = "American Association for the Advancement of Science";
  constexpr const char* kCellPress = "Cell Press";
  constexpr const char* kPlos = "Public Library of Science";
  constexpr const char* kAps = "American Physical Society";
  return {
      // Multidisciplinary
      {"nature", "Nature", kNpg, "0028-0836", "1476-4687", "https://www.nature.com/nature.rss",
       "multidisciplinary"},
      {"science", "Science", kAaas, "0036-8075", "1095-9203",
       "https://www.science.org/action/showFeed?type=etoc&feed=rss&jc=science",
       "multidisciplinary"},
      {"pnas", "Proceedings of the National Academy of Sciences", "National Academy of Sciences",
       "0027-8424", "1091-6490", "https://www.pnas.org/action/showFeed?type=etoc&feed=rss&jc=pnas",
       "multidisciplinary"},
      {"science-advances", "Science Advances", kAaas, "", "2375-2548",
       "https://www.science.org/action/showFeed?type=etoc&feed=rss&jc=sciadv", "multidisciplinary"},
      {"nature-communications", "Nature Communications", kNpg, "", "2041-1723",
       "https://www.nature.com/ncomms.rss", "multidisciplinary"},
      {"scientific-reports", "Scientific Reports", kNpg, "", "2045-2322",
       "https://www.nature.com/srep.rss", "multidisciplinary"},
      {"plos-one", "PLOS ONE", kPlos, "", "1932-6203",
       "https://journals.plos.org/plosone/feed/atom", "multidisciplinary"},
      // Biology
      {"cell", "Cell", kCellPress, "0092-8674", "1097-4172",
       "https://www.cell.com/cell/current.rss", "biology"},
      {"cell-systems", "Cell Systems", kCellPress, "2405-4712", "2405-4720",
       "https://www.cell.com/cell-systems/current.rss", "biology"},
      {"cell-reports", "Cell Reports", kCellPress, "", "2211-1247",
       "https://www.cell.com/cell-reports/current.rss", "biology"},
      {"molecular-cell", "Molecular Cell", kCellPress, "1097-2765", "1097-4164",
       "https://www.cell.com/molecular-cell/current.rss", "biology"},
      {"elife", "eLife", "eLife Sciences Publications", "", "2050-084X",
       "https://elifesciences.org/rss/recent.xml", "biology"},
      {"plos-biology", "PLOS Biology", kPlos, "1544-9173", "1545-7885",
       "https://journals.plos.org/plosbiology/feed/atom", "biology"},
      {"plos-computational-biology", "PLOS Computational Biology", kPlos, "1553-734X", "1553-7358",
       "https://journals.plos.org/ploscompbiol/feed/atom", "biology"},
      {"nature-methods", "Nature Methods", kNpg, "1548-7091", "1548-7105",
       "https://www.nature.com/nmeth.rss", "biology"},
      {"nature-biotechnology", "Nature Biotechnology", kNpg, "1087-0156", "1546-1696",
       "https://www.nature.com/nbt.rss", "biology"},
      {"nature-genetics", "Nature Genetics", kNpg, "1061-4036", "1546-1718",
       "https://www.nature.com/ng.rss", "biology"},
      {"nature-cell-biology", "Nature Cell Biology", kNpg, "1465-7392", "1476-4679",
       "https://www.nature.com/ncb.rss", "biology"},
      {"nature-immunology", "Nature Immunology", kNpg, "1529-2908", "1529-2916",
       "https://www.nature.com/ni.rss", "biology"},
      // Medicine
      {"nejm", "New England Journal of Medicine", "Massachusetts Medical Society", "0028-4793",
       "1533-4406", "https://www.nejm.org/action/showFeed?jc=nejm&type=etoc&feed=rss", "medicine"},
      {"lancet", "The Lancet", "Elsevier", "0140-6736", "1474-547X",
       "https://www.thelancet.com/rssfeed/lancet_current.xml", "medicine"},
      {"jama", "JAMA", "American Medical Association", "0098-7484", "1538-3598",
       "https://jamanetwork.com/rss/site_3/67.xml", "medicine"},
      {"bmj", "BMJ", "BMJ Publishing Group", "0959-8138", "1756-1833",
       "https://www.bmj.com/rss/current.xml", "medicine"},
      {"nature-medicine", "Nature Medicine", kNpg, "1078-8956", "1546-170X",
       "https://www.nature.com/nm.rss", "medicine"},
      {"science-translational-medicine", "Science Translational Medicine", kAaas, "1946-6234",
       "1946-6242", "https://www.science.org/action/showFeed?type=etoc&feed=rss&jc=stm",
       "medicine"},
      // Neuroscience
      {"neuron", "Neuron", kCellPress, "0896-6273", "1097-4199",
       "https://www.cell.com/neuron/current.rss", "neuroscience"},
      {"nature-neuroscience", "Nature Neuroscience", kNpg, "1097-6256", "1546-1726",
       "https://www.nature.com/neuro.rss", "neuroscience"},
      {"nature-human-behaviour", "Nature Human Behaviour", kNpg, "", "2397-3374",
       "https://www.nature.com/nathumbehav.rss", "neuroscience"},
      // Physics, chemistry, materials
      {"prl", "Physical Review Letters", kAps, "0031-9007", "1079-7114",
       "http://feeds.aps.org/rss/recent/prl.xml", "physics"},
      {"prx", "Physical Review X", kAps, "", "2160-3308", "http://feeds.aps.org/rss/recent/prx.xml",
       "physics"},
      {"nature-physics", "Nature Physics", kNpg, "1745-2473", "1745-2481",
       "https://www.nature.com/nphys.rss", "physics"},
      {"nature-chemistry", "Nature Chemistry", kNpg, "1755-4330", "1755-4349",
       "https://www.nature.com/nchem.rss", "chemistry"},
      {"nature-materials", "Nature Materials", kNpg, "1476-1122", "1476-4660",
       "https://www.nature.com/nmat.rss", "physics"},
      {"nature-nanotechnology", "Nature Nanotechnology", kNpg, "1748-3387", "1748-3395",
       "https://www.nature.com/nnano.rss", "physics"},
      // Computer science and software
      {"nature-machine-intelligence", "Nature Machine Intelligence", kNpg, "", "2522-5839",
       "https://www.nature.com/natmachintell.rss", "computer science"},
      {"jmlr", "Journal of Machine Learning Research", "JMLR", "1532-4435", "1533-7928",
       "https://jmlr.org/jmlr.xml", "computer science"},
      {"tpami", "IEEE Transactions on Pattern Analysis and Machine Intelligence", "IEEE",
       "0162-8828", "1939-3539", "https://ieeexplore.ieee.org/rss/TOC34.XML", "computer science"},
      {"joss", "Journal of Open Source Software", "Open Journals", "", "2475-9066",
       "https://joss.theoj.org/papers/published.atom", "software"},
  };
}

// "https://www.Nature.com/nature.rss/" -> "nature.com/nature.rss".
std::string UrlKey(std::string_view url) {
  std::string_view u = text::Trim(url);
  for (std::string_view scheme : {"https://", "http://"}) {
    if (u.size() >= scheme.size() && text::IEquals(u.substr(0, scheme.size()), scheme)) {
      u.remove_prefix(scheme.size());
      break;
    }
  }
  if (u.size() >= 4 && text::IEquals(u.substr(0, 4), "www.")) u.remove_prefix(4);
  while (!u.empty() && u.back() == '/') u.remove_suffix(1);
  size_t slash = u.find_first_of("/?#");
  std::string host(u.substr(0, slash));
  for (char& c : host)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return slash == std::string_view::npos ? host : host + std::string(u.substr(slash));
}

bool LooksLikeUrl(std::string_view s) {
  return s.find("://") != std::string_view::npos || s.find('/') != std::string_view::npos;
}

// Name key: folded, letters and digits only, leading "the" dropped.
std::string NameKey(std::string_view name) {
  std::string folded = text::FoldForSearch(text::Trim(name));
  if (folded.rfind("the ", 0) == 0) folded.erase(0, 4);
  std::string out;
  for (char c : folded)
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
  return out;
}

template <typename Pred>
const Journal* FindIf(const std::vector<Journal>& extra, Pred pred) {
  for (const Journal& j : extra)
    if (pred(j)) return &j;
  for (const Journal& j : BuiltinJournals())
    if (pred(j)) return &j;
  return nullptr;
}

}  // namespace

const std::vector<Journal>& BuiltinJournals() {
  static const std::vector<Journal> kCatalogue = MakeCatalogue();
  return kCatalogue;
}

const Journal* FindJournal(std::string_view key, const std::vector<Journal>& extra) {
  std::string_view k = text::Trim(key);
  if (k.empty()) return nullptr;
  if (const Journal* j = FindIf(extra, [&](const Journal& j) { return text::IEquals(j.slug, k); }))
    return j;
  if (LooksLikeUrl(k)) {
    std::string want = UrlKey(k);
    return FindIf(
        extra, [&](const Journal& j) { return !j.feed_url.empty() && UrlKey(j.feed_url) == want; });
  }
  std::string issn = ids::NormalizeIssn(k);
  if (issn.empty()) return nullptr;
  return FindIf(extra, [&](const Journal& j) {
    return ids::NormalizeIssn(j.issn) == issn || ids::NormalizeIssn(j.eissn) == issn;
  });
}

const Journal* FindJournalByName(std::string_view name, const std::vector<Journal>& extra) {
  std::string want = NameKey(name);
  if (want.empty()) return nullptr;
  return FindIf(extra, [&](const Journal& j) { return NameKey(j.name) == want; });
}

std::string Slugify(std::string_view in) {
  constexpr size_t kMaxSlug = 64;
  std::string folded = text::FoldForSearch(in);
  std::string out;
  bool dash = false;
  for (char c : folded) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (out.size() >= kMaxSlug) break;
      if (dash && !out.empty()) out.push_back('-');
      dash = false;
      out.push_back(c);
    } else {
      dash = true;
    }
  }
  return out;
}

}  // namespace ah::sources::feeds
