#include "web/templates.h"

#include <kainjow/mustache.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>
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

// Compiled templates, shared by the server's threads: a render borrows one
// (kainjow's renderer writes its error state into the object, so two renders
// never share one) and gives it back. Spares are kept, so the pool holds as
// many compilations of a template as were ever rendered at once — not one per
// thread that ever rendered it (each thread kept its own before: with the
// worker pool's dozens of threads, memory grew for as long as threads met
// templates they had not rendered yet).
class TemplatePool {
 public:
  struct Deleter {
    TemplatePool* pool;
    std::string name;
    void operator()(mustache* m) const { pool->Return(name, m); }
  };
  using Lease = std::unique_ptr<mustache, Deleter>;

  Lease Borrow(std::string_view name) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = spare_.find(name);
      if (it != spare_.end() && !it->second.empty()) {
        mustache* m = it->second.back().release();
        it->second.pop_back();
        return Lease(m, Deleter{this, std::string(name)});
      }
    }
    const std::string* text = TemplateText(name);
    if (text == nullptr) return Lease(nullptr, Deleter{this, std::string(name)});
    return Lease(new mustache(ExpandPartials(*text, TemplateText)),
                 Deleter{this, std::string(name)});
  }

 private:
  void Return(const std::string& name, mustache* m) {
    if (m == nullptr) return;
    std::unique_ptr<mustache> owned(m);
    if (!owned->is_valid()) return;  // its error stays with it
    std::lock_guard<std::mutex> lock(mu_);
    spare_[name].push_back(std::move(owned));
  }

  std::mutex mu_;
  std::map<std::string, std::vector<std::unique_ptr<mustache>>, std::less<>> spare_;
};

TemplatePool& Pool() {
  static TemplatePool* pool = new TemplatePool();  // never destroyed: threads may render at exit
  return *pool;
}

}  // namespace

Result<std::string> RenderTemplate(std::string_view name, const nlohmann::json& view) {
  TemplatePool::Lease m = Pool().Borrow(name);
  if (m == nullptr) return MakeError(Code::kInternal, "no template " + std::string(name));
  if (!m->is_valid())
    return MakeError(Code::kInternal, "template " + std::string(name) + ": " + m->error_message());
  data d = ToData(view);
  std::string out = m->render(d);
  if (!m->is_valid())
    return MakeError(Code::kInternal, "template " + std::string(name) + ": " + m->error_message());
  return out;
}

std::string ExpandPartials(std::string_view text, const TemplateLookup& lookup, int depth) {
  std::string out;
  size_t at = 0;
  while (true) {
    const size_t open = text.find("{{>", at);
    const size_t close = open == std::string_view::npos ? open : text.find("}}", open + 3);
    if (close == std::string_view::npos) break;
    std::string_view name = text.substr(open + 3, close - open - 3);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    const std::string* partial = depth > 0 ? lookup(name) : nullptr;
    out.append(text.substr(at, open - at));
    if (partial != nullptr) {
      out += ExpandPartials(*partial, lookup, depth - 1);
    } else {
      out.append(text.substr(open, close + 2 - open));
    }
    at = close + 2;
  }
  out.append(text.substr(at));
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
