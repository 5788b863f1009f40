// Author names (pure): a coarse key for features, and person matching for
// followed authors and "author of a seed paper" reasons.
//
// AuthorKey is coarse on purpose (surname + first initial): the learned model
// uses it as a feature ("@li p"), where two people sharing it only blur a
// weight. It is not an identity: "Yu Wang", "Yun Wang" and "Yifan Wang" share
// "wang y".
//
// SamePerson decides whether two names denote the same person:
//   - both carry an ORCID iD: equal iDs, whatever the names say;
//   - else the surnames agree (folded by text::FoldedLetters: case, accents,
//     width, "ß" = "ss", hyphens, apostrophes, spaces and particles "van der",
//     so "García-López" = "Garcia Lopez", "NGUYỄN" = "Nguyễn") and the given
//     names agree unit by unit: a full given name equals only the same full
//     name ("Yu" = "YU" but not "Yun"; "Jean-Pierre" = "Jean Pierre"), an
//     initial only the same initial ("Y." = "Y" but not "Yu"); trailing extra
//     initials on one side are allowed ("John A. Smith" = "John Smith", "J. P.
//     Serre" = "J. Serre"); a name without a given name matches only a name
//     without one.
//   - Names written fully and without initials also match across a different
//     surname split: "José García López" = "García López, José".
// Forms read: "Given Surname", "Surname, Given", "Surname, Given, Jr.",
// "Wang YX" / "Wang, YX" (run-together capital initials), a parenthesised
// affiliation, an ORCID iD anywhere in the text ("Yu Wang (0000-0002-1825-0097)",
// "https://orcid.org/0000-..."), or an iD alone.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ah::radar {

// "Ping Li" -> "li p", "Li, P." -> "li p", "José García-López" -> "garcialopez j",
// "Aristotle" -> "aristotle". Empty for a name without letters.
std::string AuthorKey(std::string_view name);

// A name parsed for SamePerson.
struct PersonName {
  std::string surname;  // folded letters of the whole surname: "vanderberg", "garcialopez"
  std::string tail;     // its last part, the lookup key: "berg", "lopez"
  // Given-name units in order: a full name (folded letters, consecutive full
  // names joined: "jeanpierre") or an initial (one letter), flagged in `initial`.
  std::vector<std::string> given;
  std::vector<bool> initial;
  std::string orcid;  // "0000-0002-1825-0097" when known
  // True when there is nothing to match by (no letters and no ORCID iD).
  bool empty() const { return tail.empty() && orcid.empty(); }
};

// Parses a display name; `orcid` (bare or as a URL) is the source's iD of the
// author, used when the text carries none.
PersonName ParsePersonName(std::string_view display, std::string_view orcid = {});

// The bare iD ("0000-0002-1825-0097", X upper-case) found in `text`, or "".
std::string FindOrcid(std::string_view text);

// See the file comment.
bool SamePerson(const PersonName& a, const PersonName& b);

// SamePerson of two display names.
bool AuthorsMatch(std::string_view a, std::string_view b);

// Index of the first name in `authors` that is the person `followed`, or -1.
int FindAuthor(const std::vector<std::string>& authors, std::string_view followed);

}  // namespace ah::radar
