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

// Lower-cases ASCII letters and folds common Latin-1/Latin Extended-A accented
// letters to ASCII ("Müller" -> "muller"); other bytes unchanged.
std::string FoldForSearch(std::string_view in);

// A key for matching titles across sources: folded, punctuation and markup
// removed, whitespace collapsed. "On the $\alpha$-Stability of ..." and
// "On the α-stability of…" map to similar keys.
std::string TitleKey(std::string_view title);

// Last name of an author display name, folded: "Li, Ping" -> "li",
// "Ping Li" -> "li", "J. R. R. Tolkien (Oxford)" -> "tolkien".
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
