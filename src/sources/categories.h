// The subject taxonomies of the preprint servers: arXiv's categories (with the
// archives of its old-style ids, which older papers carry as categories) and the
// subject collections of bioRxiv and medRxiv, spelt as their feeds and APIs
// spell them ("cs.LG", "q-bio.GN", "bioinformatics", "infectious diseases
// (except hiv/aids)"). Journals, PubMed (MeSH) and OpenAlex have open-ended
// subject vocabularies: a category of theirs is known only from the papers
// that carry it. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ah::sources {

struct KnownCategory {
  std::string name;    // as the server spells it
  std::string server;  // "arXiv", "bioRxiv" or "medRxiv"
};

// Every category of the three taxonomies, arXiv first, each server's in
// alphabetical order. A name both bioRxiv and medRxiv use appears once per server.
const std::vector<KnownCategory>& KnownCategories();

// The known category `typed` names, compared without ASCII case; nullptr when
// it is in none of the taxonomies.
const KnownCategory* FindKnownCategory(std::string_view typed);

// Known categories that `typed` probably meant, at most `max`: the same arXiv
// subject code in another archive first ("cs.ML" -> "stat.ML"), then those
// within a small edit distance (NearestWords), nearest first. Empty when
// nothing is near.
std::vector<std::string> NearestKnownCategories(std::string_view typed, size_t max = 3);

}  // namespace ah::sources
