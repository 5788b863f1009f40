// Page templates: Mustache (kainjow-mustache), built into the binary
// (src/web/templates/*.mustache). {{name}} escapes for HTML text and
// attributes alike (& < > " '); {{{name}}} is only ever used for HTML the
// server rendered itself. Every template is a partial of every other
// ({{>card}}); partials are the templates only, never the view's data. View
// models are JSON values: objects, arrays, strings, numbers (as text),
// booleans and null (false).
// Thread-safe: each thread parses a template once and keeps it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ah::web {

// Renders template `name` ("home" for home.mustache). An unknown template or
// a template error is kInternal.
[[nodiscard]] Result<std::string> RenderTemplate(std::string_view name, const nlohmann::json& view);

// Checks that every built-in template parses (at start-up).
[[nodiscard]] Status CheckTemplates();

}  // namespace ah::web
