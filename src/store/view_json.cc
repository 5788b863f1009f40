#include "store/view_json.h"

#include <cctype>

namespace ah::store {
namespace {

nlohmann::json OrNull(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// bioRxiv / medRxiv subject collections, abbreviated as on the sites' badges.
std::string AbbreviateSubject(const std::string& subject) {
  static const std::pair<const char*, const char*> kAbbrev[] = {
      {"bioinformatics", "Bioinfo"},        {"cancer biology", "Cancer Bio"},
      {"cell biology", "Cell Bio"},          {"developmental biology", "Dev Bio"},
      {"evolutionary biology", "Evo Bio"},   {"molecular biology", "Mol Bio"},
      {"neuroscience", "Neuro"},             {"systems biology", "Sys Bio"},
      {"synthetic biology", "Syn Bio"},      {"biochemistry", "Biochem"},
      {"biophysics", "Biophys"},             {"genomics", "Genomics"},
      {"genetics", "Genetics"},              {"microbiology", "Microbio"},
      {"immunology", "Immuno"},              {"plant biology", "Plant Bio"},
      {"epidemiology", "Epi"},               {"infectious diseases", "Infect Dis"},
      {"public and global health", "Public Health"}, {"health informatics", "Health Info"},
  };
  std::string lower;
  for (char c : subject) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (const auto& [full, abbr] : kAbbrev)
    if (lower == full) return abbr;
  std::string out = subject;  // "nephrology" -> "Nephrology"
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

}  // namespace

std::string SourceBadge(const Listing& l) {
  static const std::pair<const char*, const char*> kNames[] = {
      {"arxiv", "arXiv"},       {"biorxiv", "bioRxiv"}, {"medrxiv", "medRxiv"},
      {"crossref", "Crossref"}, {"pubmed", "PubMed"},   {"openalex", "OpenAlex"},
  };
  std::string name = l.source;
  bool known = false;
  for (const auto& [key, display] : kNames)
    if (l.source == key) {
      name = display;
      known = true;
    }
  if (l.channel.empty()) return name;
  if (l.source == "arxiv") return name + " (" + Upper(l.channel) + ")";
  if (l.source == "biorxiv" || l.source == "medrxiv") return name + " (" + AbbreviateSubject(l.channel) + ")";
  if (!known) return l.channel;  // journal feeds: the journal's name
  return name + " (" + l.channel + ")";
}

nlohmann::json PaperViewToJson(const PaperView& v) {
  const Paper& p = v.paper;
  nlohmann::json j;
  j["id"] = p.key;
  j["title"] = p.title;
  j["abstract"] = p.abstract;
  nlohmann::json names = nlohmann::json::array();
  nlohmann::json detail = nlohmann::json::array();
  for (const auto& a : p.authors) {
    names.push_back(a.name);
    nlohmann::json d{{"name", a.name}};
    if (!a.affiliations.empty()) d["affiliations"] = a.affiliations;
    if (!a.orcid.empty()) d["orcid"] = a.orcid;
    detail.push_back(std::move(d));
  }
  j["authors"] = std::move(names);
  j["author_details"] = std::move(detail);
  j["categories"] = p.categories;
  j["primary_category"] = OrNull(p.primary_category);
  nlohmann::json versions = nlohmann::json::array();
  for (const auto& ver : p.versions) versions.push_back({{"version", ver.number}, {"date", OrNull(ver.date)}});
  j["versions"] = std::move(versions);
  nlohmann::json listings = nlohmann::json::array();
  for (const auto& l : p.listings)
    listings.push_back({{"source", l.source},
                        {"date", OrNull(l.date)},
                        {"announce_type", OrNull(l.announce_type)},
                        {"channel", OrNull(l.channel)},
                        {"badge", SourceBadge(l)}});
  j["listings"] = std::move(listings);
  // `doi`: the work's own DOI; for an arXiv paper, the DOI arXiv reports for it.
  j["doi"] = OrNull(!p.ids.doi.empty() ? p.ids.doi : p.published_doi);
  j["arxiv_id"] = OrNull(p.ids.arxiv);
  j["pmid"] = OrNull(p.ids.pmid);
  j["pmcid"] = OrNull(p.ids.pmcid);
  j["openalex_id"] = OrNull(p.ids.openalex);
  j["journal"] = OrNull(p.journal);
  j["journal_ref"] = OrNull(p.journal_ref);
  if (!p.published_doi.empty() || !v.published_version_key.empty()) {
    j["published_version"] = {{"doi", OrNull(p.published_doi)}, {"id", OrNull(v.published_version_key)}};
  } else {
    j["published_version"] = nullptr;
  }
  j["preprint"] = OrNull(v.preprint_key);
  j["submitted"] = OrNull(p.submitted);
  j["updated"] = OrNull(p.updated);
  j["published"] = OrNull(p.published);
  j["url"] = OrNull(p.url);
  j["pdf_url"] = OrNull(p.pdf_url);
  j["license"] = OrNull(p.license);
  j["comments"] = OrNull(p.comments);
  j["type"] = OrNull(p.type);
  return j;
}

}  // namespace ah::store
