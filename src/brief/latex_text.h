// LaTeX text markup out of abstracts (pure, thread-safe): the part of
// brief/prose.h ReadableText that knows LaTeX. See prose.h for what goes and
// what stays.
#pragma once

#include <string>
#include <string_view>

namespace ah::brief {

// `text` without LaTeX text markup, authors' macros, reference markers and
// stray comment signs; math kept ($...$, $$...$$; \(...\), \[...\] and math
// environments turned into them); runs of spaces collapsed, single newlines
// kept (section labels are found on them). Linear in the input: no recursion
// on nesting, searches for closing delimiters bounded and remembered.
std::string PlainLatexText(std::string_view text);

}  // namespace ah::brief
