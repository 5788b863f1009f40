// Helpers shared by the PubMed parsers and source. Internal to sources/pubmed.
#pragma once

#include <cstdint>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "core/result.h"
#include "sources/source.h"

namespace ah::sources::pubmed::internal {

// ctx.origin, or a stand-in when unknown.
std::string Where(const ParseContext& ctx);

// A short, valid-UTF-8 excerpt of a body for error messages.
std::string Snippet(std::string_view body);

// Loads `body` as XML into `doc`. Rejects empty input, HTML pages and JSON with kParse;
// malformed XML -> kParse with the byte offset. Messages start with `where`.
Status LoadXml(std::string_view body, const std::string& where, pugi::xml_document& doc);

// Text of an element's direct text children, entity-decoded, valid UTF-8, whitespace
// collapsed. For elements without inline markup (LastName, Year, Id, ...).
std::string Text(pugi::xml_node n);

// An element's content serialised back to XML (children only).
std::string InnerXml(pugi::xml_node n);
// The element itself serialised to XML.
std::string OuterXml(pugi::xml_node n);

// Plain text of an element that may hold inline markup (<i>, <sup>, MathML...).
std::string Plain(pugi::xml_node n);

// An E-utilities error message -> kUnavailable for rate limiting, else kInvalidArgument.
Error ServerError(const std::string& where, std::string_view what, std::string_view message);

// Parses a non-negative decimal count; -1 when not a number.
int64_t ParseCount(std::string_view s);

// Records parsed by ParsePubmed (articles and book articles, kept or rejected): the
// amount retstart advances by. Implemented in pubmed_efetch.cc.
Result<ParsedPage> ParseEfetch(std::string_view body, const ParseContext& ctx, int64_t* records);

}  // namespace ah::sources::pubmed::internal
