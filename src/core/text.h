// Pure text helpers shared by every parser and the search layer.
// All functions take and return UTF-8; none allocate global state.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ah::text {

// Decodes HTML/XML character references: &amp; &lt; &#233; &#x2014; and the
// common named entities (&eacute; &ndash; &nbsp; ...). Unknown or malformed
// references are kept verbatim.
std::string DecodeEntities(std::string_view in);

// Removes markup tags (<p>, <jats:italic>, <sub>, ...) keeping their text,
// decodes entities and collapses whitespace. Block-level tags (p, br, sec,
// title, div, li) become paragraph breaks ("\n\n" collapsed to one newline).
// Text that merely contains '<' in math ("$a<b$", "x < y") is preserved: only
// sequences that look like tags (<name ...>, </name>, <name/>) are removed.
std::string StripMarkup(std::string_view in);

// Collapses runs of ASCII whitespace (incl. newlines) into single spaces and trims.
std::string CollapseWhitespace(std::string_view in);

// Trims ASCII whitespace at both ends.
std::string_view Trim(std::string_view in);

// The one folding by which names, titles and words are matched (built on
// utf8proc): compatibility normalisation (NFKC: full-width "Ｔｒａｎｓ" ->
// "trans", ligature "ﬁ" -> "fi", "x²" -> "x2"), full Unicode case folding
// ("STRASSE", "Straße" and "STRAẞE" -> "strasse"; Greek, Cyrillic, final sigma),
// default-ignorable characters removed (soft hyphen, zero-width joiner), and
// accents stripped ("NGUYỄN", "Nguyễn" -> "nguyen"; "Müller" -> "muller").
// Deliberate choices:
//  - only the marks of the combining-diacritics blocks are accents; the vowel
//    signs and points of other scripts (Devanagari, Thai, Hebrew...) are kept;
//  - Latin letters without a decomposition take their usual ASCII spelling:
//    ł l, ø o, đ d, ð d, ħ h, ŧ t, ı i, æ ae, œ oe, þ th;
//  - ü is u, not ue: "Mueller" stays "mueller". The German transliteration is
//    applied on top only where a person typed the name (imports/match.h).
// Never fails: invalid UTF-8 sequences become U+FFFD first (should utf8proc
// report an error on valid input, e.g. out of memory, the result is the input
// with ASCII lower-cased). Pure ASCII costs one lower-casing pass.
// Idempotent: FoldForSearch(FoldForSearch(s)) == FoldForSearch(s). Thread-safe.
std::string FoldForSearch(std::string_view in);

// The letters of FoldForSearch(in) (Unicode categories L and M), nothing else:
// "García‐López" -> "garcialopez", "O'Brien" -> "obrien". For name keys.
std::string FoldedLetters(std::string_view in);

// A key for matching titles across sources: markup removed, folded
// (FoldForSearch), words of letters, marks and digits joined by one space; every
// other character (ASCII or Unicode punctuation, symbols, spaces) separates
// words. "On the $\alpha$-Stability of ..." and "On the α-stability of…" map to
// similar keys; "ÜBER — STRASSEN" and "uber strassen" to the same one.
std::string TitleKey(std::string_view title);

// Last name of an author display name, as FoldedLetters: "Li, Ping" -> "li",
// "Ping Li" -> "li", "J. R. R. Tolkien (Oxford)" -> "tolkien", "NGUYỄN" -> "nguyen".
std::string SurnameKey(std::string_view name);

// Splits on a delimiter, trimming each part and dropping empty parts.
std::vector<std::string> SplitTrim(std::string_view in, char delim);

bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
bool IEquals(std::string_view a, std::string_view b);  // ASCII case-insensitive

// Percent-encodes every byte except RFC 3986 unreserved characters and those in `keep`
// (for URL query values: PercentEncode("a b&c") == "a%20b%26c").
std::string PercentEncode(std::string_view in, std::string_view keep = "");

// Appends the UTF-8 encoding of a code point (invalid -> U+FFFD).
void AppendUtf8(std::string& out, uint32_t cp);

// Replaces invalid UTF-8 sequences by U+FFFD so output is always valid UTF-8.
std::string SanitizeUtf8(std::string_view in);

// Control characters: C0 (U+0000-U+001F), DEL (U+007F) and C1 (U+0080-U+009F,
// UTF-8 C2 80..C2 9F), which a terminal may interpret as escape sequences (ESC,
// CSI, OSC: colours, window titles, hyperlinks, screen clears).
//
// True when `in` holds a control character other than those StripControls keeps.
bool HasControls(std::string_view in, bool multiline);
// Removes control characters. `multiline`: tab and newline are kept and CR LF or a
// lone CR become a newline (abstracts, comments); otherwise tab, CR and LF become
// a space (titles, names, ids). Every other control is removed; other bytes,
// invalid UTF-8 included, are copied unchanged. The result holds no control
// (HasControls is false).
std::string StripControls(std::string_view in, bool multiline);
// For terminal output: every control character except newline and tab is shown
// as a visible escape ("\x1b" for ESC, "\u009b" for CSI), so text from a
// library cannot move the cursor, retitle the window or clear the screen.
std::string EscapeControls(std::string_view in);

}  // namespace ah::text
