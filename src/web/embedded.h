// Files built into the binary (cmake/embed_assets.cmake): the page templates
// and the static assets (our CSS and JavaScript, KaTeX from Debian's
// libjs-katex), so that `academichub serve` needs nothing beside itself and
// no page ever loads anything from another site.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace ah::web {

struct EmbeddedFile {
  const char* name;  // e.g. "home.mustache", "katex/katex.min.js"
  const char* data;  // followed by a NUL byte
  size_t size;
  std::string_view view() const { return {data, size}; }
};

const std::vector<EmbeddedFile>& EmbeddedTemplates();
const std::vector<EmbeddedFile>& EmbeddedStatic();

}  // namespace ah::web
