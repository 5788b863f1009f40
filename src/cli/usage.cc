#include "cli/usage.h"

#include "core/suggest.h"

namespace ah::cli {
namespace {

std::vector<std::string> CommandNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands(std::function<bool(const CLI::App*)>()))
    names.push_back(sub->get_name());
  return names;
}

const CLI::App* FindCommand(const CLI::App& app, const std::string& name) {
  for (const CLI::App* sub : app.get_subcommands(std::function<bool(const CLI::App*)>()))
    if (sub->get_name() == name) return sub;
  return nullptr;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

std::string CommandHint(const CLI::App& root, const std::vector<std::string>& args) {
  const CLI::App* app = &root;
  std::string path = "academichub";
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") break;
    if (a.size() > 1 && a[0] == '-') {
      // An option: skip its value unless given as --name=value or a flag.
      if (a.find('=') != std::string::npos) continue;
      const CLI::Option* opt = app->get_option_no_throw(a);
      if (opt != nullptr && opt->get_items_expected_max() > 0) ++i;
      continue;
    }
    const std::vector<std::string> names = CommandNames(*app);
    if (names.empty()) return "";  // a command's own arguments
    if (const CLI::App* sub = FindCommand(*app, a)) {
      app = sub;
      path += " " + a;
      continue;
    }
    std::string msg = app == &root ? "unknown command '" + a + "'"
                                   : "'" + a + "' is not a command of '" + path + "'";
    const std::vector<std::string> near = NearestWords(a, names);
    msg += near.empty() ? "." : "; did you mean " + QuotedAlternatives(near) + "?";
    msg += " Commands: " + JoinNames(names) + " (" + path + " --help)";
    return msg;
  }
  if (app->get_require_subcommand_min() > 0 && app != &root) {
    return "'" + path + "' needs a command: " + JoinNames(CommandNames(*app)) + " (" + path +
           " --help)";
  }
  if (app == &root && app->get_require_subcommand_min() > 0) {
    return "say what to do: " + JoinNames(CommandNames(*app)) + " (academichub --help)";
  }
  return "";
}

}  // namespace ah::cli
