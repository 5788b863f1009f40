// TeX in BibTeX field values -> plain UTF-8. Pure; thread-safe; linear time, no recursion
// (any brace depth).
#pragma once

#include <string>
#include <string_view>

namespace ah::imports {

// Decodes a title/author-style value:
//   - accents in every spelling: \"o {\"o} \"{o} \'{e} \c{c} \v s \H{o} \k{a} \r{a} \u{g}
//     \={a} \.{z} \~n \^{\i} -> precomposed letters (else base + combining mark);
//   - letters and symbols: \ss \o \O \l \L \ae \oe \aa \i \& \% \$ \# \_ \{ \}
//     \textendash \textemdash \textquoteright \textless \textgreater ... and Greek
//     (\alpha -> α);
//   - ligatures: --- -> —, -- -> –, `` -> “, '' -> ”; ~ -> space;
//   - grouping braces dropped; font and formatting commands (\emph, \textit, {\em ..},
//     \textsc, \mbox, \url, \NoCaseChange ...) keep their text; \href{url}{text} keeps text;
//     unknown commands are dropped, their braced arguments kept;
//   - \hyphen -> "-" (DBLP), \sharp \flat \natural;
//   - math ($...$ and $$...$$): $\alpha$ and other formulas made only of known symbols,
//     digits, letters and punctuation become text ("$\Pi\Sigma$" -> "ΠΣ", "$16\times 16$" ->
//     "16×16", "C$^\sharp$" -> "C♯", "$<$" -> "<"); other formulas are kept as typed
//     ("$O(n \log n)$", "$n$-th", "$x^2$"), as titles elsewhere in AcademicHub are.
// Whitespace is not collapsed (callers do).
std::string DecodeTex(std::string_view in);

// Decodes a URL/DOI/eprint-style value: braces dropped, \_ \% \& \# \$ \~{} \{ \} and
// {\textunderscore} {\textless} {\textgreater} {\textasciitilde} $\sim$ ... decoded,
// '~' and '%' kept literally (Mendeley writes DOIs as "10.1016/j.foo{\_}bar").
std::string DecodeTexVerbatim(std::string_view in);

}  // namespace ah::imports
