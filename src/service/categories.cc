#include "service/categories.h"

#include <algorithm>
#include <vector>

#include "core/suggest.h"
#include "core/text.h"
#include "sources/categories.h"

namespace ah::service {
namespace {

// The spelling of `typed` among the categories of `papers`; empty when none has it.
std::string SpellingIn(const std::vector<store::PaperView>& papers, std::string_view typed) {
  for (const auto& v : papers)
    for (const auto& c : v.paper.categories)
      if (text::IEquals(c, typed)) return c;
  return "";
}

}  // namespace

Result<std::string> ResolveCategory(store::Store& store, std::string_view typed) {
  const std::string want(text::Trim(typed));
  if (want.empty()) return MakeError(Code::kInvalidArgument, "a category cannot be empty");
  if (const auto* known = sources::FindKnownCategory(want)) return known->name;

  store::ListingFilter f;
  f.category = want;
  auto date = store.LatestListingDate(f);
  if (!date) return Fail(date.error());
  if (!date->empty()) {
    f.date = *date;
    f.limit = 50;
    auto papers = store.ListByListing(f);
    if (!papers) return Fail(papers.error());
    std::string spelt = SpellingIn(*papers, want);
    return spelt.empty() ? want : spelt;
  }

  // Unknown: suggest what was probably meant, first from the taxonomies, then
  // from the categories of the library's latest day (journal subjects, MeSH...).
  std::vector<std::string> near = sources::NearestKnownCategories(want);
  auto latest = store.ListByListing(store::ListingFilter{});
  if (!latest) return Fail(latest.error());
  std::vector<std::string> in_library;
  for (const auto& v : *latest)
    for (const auto& c : v.paper.categories)
      if (std::find(in_library.begin(), in_library.end(), c) == in_library.end())
        in_library.push_back(c);
  for (auto& c : NearestWords(want, in_library)) {
    if (near.size() >= 3) break;
    if (std::find(near.begin(), near.end(), c) == near.end()) near.push_back(std::move(c));
  }
  std::string message = "category '" + want +
                        "' is not an arXiv, bioRxiv or medRxiv category, and no paper in the "
                        "library has it";
  if (!near.empty())
    message += "; did you mean " + QuotedAlternatives(near) + "?";
  else
    message += " (arXiv spells them like cs.LG or q-bio.GN, bioRxiv like bioinformatics)";
  return MakeError(Code::kInvalidArgument, message);
}

}  // namespace ah::service
