#include "sources/categories.h"

#include <algorithm>

#include "core/suggest.h"
#include "core/text.h"

namespace ah::sources {
namespace {

// arXiv's category taxonomy (https://arxiv.org/category_taxonomy), aliases
// included (math.IT = cs.IT, math.MP = math-ph, stat.TH = math.ST, eess.SY =
// cs.SY, q-fin.EC = econ.GN, math.NA = cs.NA), then the archive names of
// old-style ids ("hep-th/9901001"), which older listings use as categories.
constexpr std::string_view kArxiv[] = {
    "astro-ph.CO", "astro-ph.EP", "astro-ph.GA", "astro-ph.HE", "astro-ph.IM", "astro-ph.SR",
    "cond-mat.dis-nn", "cond-mat.mes-hall", "cond-mat.mtrl-sci", "cond-mat.other",
    "cond-mat.quant-gas", "cond-mat.soft", "cond-mat.stat-mech", "cond-mat.str-el",
    "cond-mat.supr-con", "cs.AI", "cs.AR", "cs.CC", "cs.CE", "cs.CG", "cs.CL", "cs.CR", "cs.CV",
    "cs.CY", "cs.DB", "cs.DC", "cs.DL", "cs.DM", "cs.DS", "cs.ET", "cs.FL", "cs.GL", "cs.GR",
    "cs.GT", "cs.HC", "cs.IR", "cs.IT", "cs.LG", "cs.LO", "cs.MA", "cs.MM", "cs.MS", "cs.NA",
    "cs.NE", "cs.NI", "cs.OH", "cs.OS", "cs.PF", "cs.PL", "cs.RO", "cs.SC", "cs.SD", "cs.SE",
    "cs.SI", "cs.SY", "econ.EM", "econ.GN", "econ.TH", "eess.AS", "eess.IV", "eess.SP", "eess.SY",
    "gr-qc", "hep-ex", "hep-lat", "hep-ph", "hep-th", "math-ph", "math.AC", "math.AG", "math.AP",
    "math.AT", "math.CA", "math.CO", "math.CT", "math.CV", "math.DG", "math.DS", "math.FA",
    "math.GM", "math.GN", "math.GR", "math.GT", "math.HO", "math.IT", "math.KT", "math.LO",
    "math.MG", "math.MP", "math.NA", "math.NT", "math.OA", "math.OC", "math.PR", "math.QA",
    "math.RA", "math.RT", "math.SG", "math.SP", "math.ST", "nlin.AO", "nlin.CD", "nlin.CG",
    "nlin.PS", "nlin.SI", "nucl-ex", "nucl-th", "physics.acc-ph", "physics.ao-ph", "physics.app-ph",
    "physics.atm-clus", "physics.atom-ph", "physics.bio-ph", "physics.chem-ph", "physics.class-ph",
    "physics.comp-ph", "physics.data-an", "physics.ed-ph", "physics.flu-dyn", "physics.gen-ph",
    "physics.geo-ph", "physics.hist-ph", "physics.ins-det", "physics.med-ph", "physics.optics",
    "physics.plasm-ph", "physics.pop-ph", "physics.soc-ph", "physics.space-ph", "q-bio.BM",
    "q-bio.CB", "q-bio.GN", "q-bio.MN", "q-bio.NC", "q-bio.OT", "q-bio.PE", "q-bio.QM", "q-bio.SC",
    "q-bio.TO", "q-fin.CP", "q-fin.EC", "q-fin.GN", "q-fin.MF", "q-fin.PM", "q-fin.PR", "q-fin.RM",
    "q-fin.ST", "q-fin.TR", "quant-ph", "stat.AP", "stat.CO", "stat.ME", "stat.ML", "stat.OT",
    "stat.TH",
    // Archives of old-style ids.
    "acc-phys", "adap-org", "alg-geom", "ao-sci", "astro-ph", "atom-ph", "bayes-an", "chao-dyn",
    "chem-ph", "cmp-lg", "comp-gas", "cond-mat", "dg-ga", "funct-an", "mtrl-th", "patt-sol",
    "plasm-ph", "q-alg", "solv-int", "supr-con"};

// bioRxiv's subject collections, as its details API spells them.
constexpr std::string_view kBiorxiv[] = {"animal behavior and cognition",
                                         "biochemistry",
                                         "bioengineering",
                                         "bioinformatics",
                                         "biophysics",
                                         "cancer biology",
                                         "cell biology",
                                         "clinical trials",
                                         "developmental biology",
                                         "ecology",
                                         "epidemiology",
                                         "evolutionary biology",
                                         "genetics",
                                         "genomics",
                                         "immunology",
                                         "microbiology",
                                         "molecular biology",
                                         "neuroscience",
                                         "paleontology",
                                         "pathology",
                                         "pharmacology and toxicology",
                                         "physiology",
                                         "plant biology",
                                         "scientific communication and education",
                                         "synthetic biology",
                                         "systems biology",
                                         "zoology"};

// medRxiv's subject collections, as its details API spells them.
constexpr std::string_view kMedrxiv[] = {
    "addiction medicine",
    "allergy and immunology",
    "anesthesia",
    "cardiovascular medicine",
    "dentistry and oral medicine",
    "dermatology",
    "emergency medicine",
    "endocrinology (including diabetes mellitus and metabolic disease)",
    "epidemiology",
    "forensic medicine",
    "gastroenterology",
    "genetic and genomic medicine",
    "geriatric medicine",
    "health economics",
    "health informatics",
    "health policy",
    "health systems and quality improvement",
    "hematology",
    "hiv/aids",
    "infectious diseases (except hiv/aids)",
    "intensive care and critical care medicine",
    "medical education",
    "medical ethics",
    "nephrology",
    "neurology",
    "nursing",
    "nutrition",
    "obstetrics and gynecology",
    "occupational and environmental health",
    "oncology",
    "ophthalmology",
    "orthopedics",
    "otolaryngology",
    "pain medicine",
    "palliative medicine",
    "pathology",
    "pediatrics",
    "pharmacology and therapeutics",
    "primary care research",
    "psychiatry and clinical psychology",
    "public and global health",
    "radiology and imaging",
    "rehabilitation medicine and physical therapy",
    "respiratory medicine",
    "rheumatology",
    "sexual and reproductive health",
    "sports medicine",
    "surgery",
    "toxicology",
    "transplantation",
    "urology"};

std::vector<KnownCategory> BuildTaxonomy() {
  std::vector<KnownCategory> out;
  std::vector<std::string_view> arxiv(std::begin(kArxiv), std::end(kArxiv));
  std::sort(arxiv.begin(), arxiv.end());
  for (std::string_view c : arxiv) out.push_back({std::string(c), "arXiv"});
  for (std::string_view c : kBiorxiv) out.push_back({std::string(c), "bioRxiv"});
  for (std::string_view c : kMedrxiv) out.push_back({std::string(c), "medRxiv"});
  return out;
}

// "cs.ML" -> "ML"; empty for names without an archive prefix.
std::string_view SubjectCode(std::string_view category) {
  const size_t dot = category.find('.');
  return dot == std::string_view::npos ? std::string_view() : category.substr(dot + 1);
}

}  // namespace

const std::vector<KnownCategory>& KnownCategories() {
  static const std::vector<KnownCategory> kAll = BuildTaxonomy();
  return kAll;
}

const KnownCategory* FindKnownCategory(std::string_view typed) {
  typed = text::Trim(typed);
  for (const auto& c : KnownCategories())
    if (text::IEquals(c.name, typed)) return &c;
  return nullptr;
}

std::vector<std::string> NearestKnownCategories(std::string_view typed, size_t max) {
  typed = text::Trim(typed);
  std::vector<std::string> names;
  names.reserve(KnownCategories().size());
  for (const auto& c : KnownCategories()) names.push_back(c.name);
  // The same subject in another archive first ("cs.ML" is stat.ML, "math.LG" is
  // cs.LG): a wrong archive is the likeliest slip; then the nearest spellings.
  std::vector<std::string> out;
  const std::string_view code = SubjectCode(typed);
  if (code.size() >= 2) {
    for (const auto& n : names)
      if (out.size() < max && text::IEquals(SubjectCode(n), code) && !text::IEquals(n, typed))
        out.push_back(n);
  }
  for (auto& n : NearestWords(typed, names, max)) {
    if (out.size() >= max) break;
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(std::move(n));
  }
  return out;
}

}  // namespace ah::sources
