// Partials are the built-in templates, never the view's data: a view key that
// happens to be named like a template neither hides the template nor is
// compiled as one, and a missing key is false rather than a template.
#include "web/templates.h"

#include <gtest/gtest.h>

namespace ah::web {
namespace {

bool Has(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(Templates, AMissingKeyNamedLikeATemplateIsFalseNotTheTemplate) {
  // login.mustache shows {{#error}}...{{/error}} only with an error, and
  // "error" is also a template's name.
  nlohmann::json v = {{"t", nlohmann::json::object()}, {"csrf", "x"}};
  auto html = RenderTemplate("login", v);
  ASSERT_TRUE(html) << html.error().ToString();
  EXPECT_FALSE(Has(*html, "class=\"alert\"")) << *html;
  v["error"] = "Wrong user name or password.";
  html = RenderTemplate("login", v);
  ASSERT_TRUE(html);
  EXPECT_TRUE(Has(*html, "<p class=\"alert\" role=\"alert\">Wrong user name or password.</p>"));
}

TEST(Templates, DataNamedLikeATemplateIsNeverCompiledAsOne) {
  // A card's data holding a key "card" (feed text, say) must not replace the
  // card partial, let alone be rendered as a template.
  nlohmann::json card = {{"id", "2606.00001"},
                         {"title", "A title"},
                         {"href", "/papers/2606.00001"},
                         {"card", "{{title}}INJECTED{{{csrf}}}"}};
  nlohmann::json v = {{"t", nlohmann::json::object()},
                      {"cards", nlohmann::json::array({card})},
                      {"csrf", "<secret>"}};
  auto html = RenderTemplate("home", v);
  ASSERT_TRUE(html) << html.error().ToString();
  EXPECT_FALSE(Has(*html, "INJECTED"));
  EXPECT_FALSE(Has(*html, "<secret>"));
  EXPECT_TRUE(Has(*html, "<article class=\"card\" id=\"card-2606.00001\""));
  EXPECT_TRUE(Has(*html, "A title"));
}

}  // namespace
}  // namespace ah::web
