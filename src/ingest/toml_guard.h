// A guard run before toml++ (Debian's 3.3.0) reads a config file, refusing with
// "PATH:LINE:COLUMN: ..." the texts that toml++ itself mishandles:
//   - nesting: toml++ limits arrays and inline tables to 256 levels, but not
//     dotted keys: `a.a.a... = 1` or `[a.a.a...]` with a million parts builds a
//     million nested tables, whose destruction recurses and overflows the stack
//     (a 2 MB file was enough);
//   - a non-ASCII character outside strings and comments (`é = 1`): toml++'s
//     whitespace test reaches __builtin_unreachable() for most of them
//     (undefined behaviour; found by fuzz/toml_fuzz). TOML 1.0 allows such
//     characters only in strings and comments, so nothing valid is refused;
//   - a table header whose name does not start with a key character (`[=`,
//     "[`", `[[[a]]]`): toml++ asserts instead of reporting an error
//     (upstream marzer/tomlplusplus#301).
// A linear scan that never recurses; it skips strings (all four kinds) and
// comments and does not check the rest of the grammar, which toml++ reports.
#pragma once

#include <string_view>

#include "core/result.h"

namespace ah::ingest {

struct TomlGuardLimits {
  int max_key_parts = 32;  // parts of one dotted key or table header (`a.b.c` has 3)
  int max_brackets = 32;   // arrays and inline tables inside each other
};

// Ok, or Error{kInvalidArgument, "PATH:LINE:COLUMN: ..."} for the first problem above.
[[nodiscard]] Status CheckToml(std::string_view text, std::string_view path,
                               TomlGuardLimits limits = {});

}  // namespace ah::ingest
