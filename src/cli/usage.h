// Usage errors worded for people, where CLI11's own message misleads.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace ah::cli {

// After a failed parse of `args` (argv without the program name) by `root`:
// when a word names no command ("academichub nosuchcommand", "academichub
// radar lsit") the message saying so, with the nearest commands and the list
// of commands; when the words stop before a required command ("academichub
// radar") the message listing the commands to choose from. Empty otherwise
// (CLI11's message stands). Walks the words as CLI11 does: global options and
// their values are skipped, "--" ends the commands.
std::string CommandHint(const CLI::App& root, const std::vector<std::string>& args);

}  // namespace ah::cli
