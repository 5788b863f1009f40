// Page templates: Mustache (kainjow-mustache), built into the binary
// (src/web/templates/*.mustache). {{name}} escapes for HTML text and
// attributes alike (& < > " '); {{{name}}} is only ever used for HTML the
// server rendered itself. Every template is a partial of every other
// ({{>card}}), resolved when a template is compiled: never taken from the
// view (a member named like a template neither replaces a partial nor makes
// a section of that name true) and never parsed again per use. View models
// are JSON values: objects, arrays, strings, numbers (as text), booleans and
// null (false).
// Thread-safe: each thread parses a template once and keeps it.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ah::web {

// Renders template `name` ("home" for home.mustache). An unknown template or
// a template error is kInternal.
[[nodiscard]] Result<std::string> RenderTemplate(std::string_view name, const nlohmann::json& view);

// `text` with each partial tag ({{>name}}, {{> name }}) replaced by the text
// of the template `lookup` finds for `name`, itself expanded, down to `depth`
// levels; a tag of an unknown template, or deeper, is kept as written.
using TemplateLookup = std::function<const std::string*(std::string_view name)>;
std::string ExpandPartials(std::string_view text, const TemplateLookup& lookup, int depth = 16);

// Checks that every built-in template parses (at start-up).
[[nodiscard]] Status CheckTemplates();

}  // namespace ah::web
