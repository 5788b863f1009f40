// A guard run before toml++ reads a config file. toml++ limits arrays and inline
// tables to 256 levels, but not dotted keys: `a.a.a...= 1` or `[a.a.a...]` with a
// million parts builds a million nested tables, whose destruction recurses and
// overflows the stack (a 2 MB file was enough). This linear scan, which never
// recurses, refuses such a text first, naming the line and column.
#pragma once

#include <string_view>

#include "core/result.h"

namespace ah::ingest {

struct TomlDepthLimits {
  int max_key_parts = 32;  // parts of one dotted key or table header (`a.b.c` has 3)
  int max_brackets = 32;   // arrays and inline tables inside each other
};

// Ok, or Error{kInvalidArgument, "PATH:LINE:COLUMN: ..."} for the first key with
// too many parts or the first bracket nested too deep. Strings (all four kinds)
// and comments are skipped; the scan does not check the rest of the grammar.
[[nodiscard]] Status CheckTomlDepth(std::string_view text, std::string_view path,
                                    TomlDepthLimits limits = {});

}  // namespace ah::ingest
