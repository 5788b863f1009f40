// Author name matching for followed authors (pure).
//
// Two names match when their surnames (folded, letters only) are equal and
// their first initials are equal: "Li, P." ~ "Ping Li" ~ "P. Li" ~ "Li, Ping".
// A name without a given name ("Aristotle") matches on the surname alone.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ah::radar {

// "Ping Li" -> "li p", "Li, P." -> "li p", "José García-López" -> "garcialopez j",
// "Aristotle" -> "aristotle". Empty for a name without letters.
std::string AuthorKey(std::string_view name);

// True when the two display names denote the same author by AuthorKey, or
// when one of them has no given name and the surnames are equal.
bool AuthorsMatch(std::string_view a, std::string_view b);

// Index of the first name in `authors` that matches `followed`, or -1.
int FindAuthor(const std::vector<std::string>& authors, std::string_view followed);

}  // namespace ah::radar
