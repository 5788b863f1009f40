// Templates and their partials: a partial ({{>card}}) is the template of that
// name, resolved when the template is compiled — never a member of the view
// that happens to share its name, and a section named like a template
// ({{#error}}) is the view's member only.
#include "web/templates.h"

#include <gtest/gtest.h>

#include <map>

namespace ah::web {
namespace {

using nlohmann::json;

bool Has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

TEST(ExpandPartialsTest, ReplacesPartialTagsWithTheirTextRecursively) {
  const std::map<std::string, std::string, std::less<>> t = {
      {"outer", "<ul>{{#items}}{{> item }}{{/items}}</ul>"},
      {"item", "<li>{{name}}{{>badge}}</li>"},
      {"badge", "<b>{{badge}}</b>"},
      {"self", "a{{>self}}"}};
  auto lookup = [&](std::string_view n) -> const std::string* {
    auto it = t.find(n);
    return it == t.end() ? nullptr : &it->second;
  };
  EXPECT_EQ(ExpandPartials(t.at("outer"), lookup),
            "<ul>{{#items}}<li>{{name}}<b>{{badge}}</b></li>{{/items}}</ul>");
  EXPECT_EQ(ExpandPartials("x{{>nowhere}}y", lookup), "x{{>nowhere}}y");
  EXPECT_EQ(ExpandPartials("x{{>unclosed", lookup), "x{{>unclosed");
  // A template that includes itself stops at the depth limit.
  const std::string deep = ExpandPartials(t.at("self"), lookup, 3);
  EXPECT_EQ(deep, "aaaa{{>self}}");
}

TEST(RenderTemplateTest, AViewMemberNamedLikeATemplateDoesNotReplaceThePartial) {
  json card = {{"id", "2606.00001"}, {"href", "/papers/2606.00001"}, {"title", "A title"}};
  json view = {{"cards", json::array({card})},
               {"t", json::object()},
               // Feed text that looks like a template: never rendered as one.
               {"card", "{{#t}}INJECTED{{/t}}"}};
  auto html = RenderTemplate("radar_cards", view);
  ASSERT_TRUE(html) << html.error().ToString();
  EXPECT_NE(html->find("<article class=\"card\" id=\"card-2606.00001\""), std::string::npos)
      << *html;
  EXPECT_EQ(html->find("INJECTED"), std::string::npos) << *html;
}

TEST(RenderTemplateTest, ASectionNamedLikeATemplateIsFalseWhenTheViewLacksIt) {
  // login.mustache: {{#error}}<p class="alert">...; "error" is also a template.
  auto html = RenderTemplate("login", json{{"t", json::object()}});
  ASSERT_TRUE(html) << html.error().ToString();
  EXPECT_EQ(html->find("class=\"alert\""), std::string::npos) << *html;
  auto with = RenderTemplate("login", json{{"t", json::object()}, {"error", "Wrong password."}});
  ASSERT_TRUE(with);
  EXPECT_NE(with->find("Wrong password."), std::string::npos);
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
