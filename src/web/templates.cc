#include "web/templates.h"

#include <kainjow/mustache.hpp>
#include <memory>
#include <unordered_map>

#include "web/embedded.h"

namespace ah::web {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

const std::string* TemplateText(std::string_view name) {
  static const std::unordered_map<std::string, std::string> texts = [] {
    std::unordered_map<std::string, std::string> m;
    for (const auto& f : EmbeddedTemplates()) {
      std::string n = f.name;
      const std::string ext = ".mustache";
      if (n.size() > ext.size() && n.compare(n.size() - ext.size(), ext.size(), ext) == 0)
        n.resize(n.size() - ext.size());
      m.emplace(std::move(n), std::string(f.view()));
    }
    return m;
  }();
  auto it = texts.find(std::string(name));
  return it == texts.end() ? nullptr : &it->second;
}

data ToData(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      data d{data::type::object};
      for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), ToData(it.value()));
      return d;
    }
    case nlohmann::json::value_t::array: {
      data d{data::type::list};
      for (const auto& v : j) d.push_back(ToData(v));
      return d;
    }
    case nlohmann::json::value_t::string:
      return data(j.get_ref<const std::string&>());
    case nlohmann::json::value_t::boolean:
      return data(j.get<bool>());
    case nlohmann::json::value_t::number_integer:
      return data(std::to_string(j.get<int64_t>()));
    case nlohmann::json::value_t::number_unsigned:
      return data(std::to_string(j.get<uint64_t>()));
    case nlohmann::json::value_t::number_float: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.3g", j.get<double>());
      return data(std::string(buf));
    }
    default:
      return data(false);
  }
}

mustache* Compiled(std::string_view name) {
  thread_local std::unordered_map<std::string, std::unique_ptr<mustache>> cache;
  auto it = cache.find(std::string(name));
  if (it != cache.end()) return it->second.get();
  const std::string* text = TemplateText(name);
  if (text == nullptr) return nullptr;
  auto m = std::make_unique<mustache>(*text);
  mustache* raw = m.get();
  cache.emplace(std::string(name), std::move(m));
  return raw;
}

// The built-in templates as partials, by name.
const data& Partials() {
  thread_local const data partials = [] {
    data p{data::type::object};
    for (const auto& f : EmbeddedTemplates()) {
      std::string n = f.name;
      if (n.size() > 9) n.resize(n.size() - 9);  // ".mustache"
      if (const std::string* text = TemplateText(n))
        p.set(n, kainjow::mustache::partial([text]() { return *text; }));
    }
    return p;
  }();
  return partials;
}

// Looks partials up among the templates only. kainjow's own context finds
// them in the view's data first: a key named like a template (a missing
// "error" is the "error" template, truthy) would hide it, and a string there
// would be compiled and rendered as a template.
class TemplateContext final : public kainjow::mustache::context<std::string> {
 public:
  explicit TemplateContext(const data* view) : context(view) {}
  const data* get_partial(const std::string& name) const override { return Partials().get(name); }
};

}  // namespace

Result<std::string> RenderTemplate(std::string_view name, const nlohmann::json& view) {
  mustache* m = Compiled(name);
  if (m == nullptr) return MakeError(Code::kInternal, "no template " + std::string(name));
  if (!m->is_valid())
    return MakeError(Code::kInternal, "template " + std::string(name) + ": " + m->error_message());
  const data d = ToData(view);
  TemplateContext ctx(&d);
  std::string out = m->render(ctx);
  if (!m->is_valid())
    return MakeError(Code::kInternal, "template " + std::string(name) + ": " + m->error_message());
  return out;
}

Status CheckTemplates() {
  for (const auto& f : EmbeddedTemplates()) {
    mustache m{std::string(f.view())};
    if (!m.is_valid())
      return MakeError(Code::kInternal,
                       std::string("template ") + f.name + ": " + m.error_message());
  }
  return Ok();
}

}  // namespace ah::web
