#include "args.hpp"

#include <string>

namespace tw::cli {

bool Args::has(std::string_view name) const {
  for (const auto& [k, v] : options)
    if (k == name) return true;
  return false;
}

std::string_view Args::value(std::string_view name) const {
  for (const auto& [k, v] : options)
    if (k == name) return v;
  return {};
}

Result<Args> parse_args(std::span<const std::string_view> args, std::span<const OptionSpec> specs) {
  Args out;
  bool options_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string_view a = args[i];
    if (options_done || a.size() < 2 || a.substr(0, 2) != "--") {
      if (!options_done && a.size() > 1 && a[0] == '-' && a != "-")
        return Error{Errc::invalid_argument, "unknown option '" + std::string(a) + "'"};
      out.positional.push_back(a);
      continue;
    }
    if (a == "--") {
      options_done = true;
      continue;
    }
    std::string_view name = a.substr(2);
    std::string_view value;
    bool inline_value = false;
    if (const size_t eq = name.find('='); eq != std::string_view::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    const OptionSpec* spec = nullptr;
    for (const OptionSpec& s : specs)
      if (s.name == name) spec = &s;
    if (!spec) return Error{Errc::invalid_argument, "unknown option '--" + std::string(name) + "'"};
    if (out.has(name)) return Error{Errc::invalid_argument, "option '--" + std::string(name) + "' given twice"};
    if (spec->takes_value && !inline_value) {
      if (i + 1 >= args.size() || args[i + 1].substr(0, 2) == "--")
        return Error{Errc::invalid_argument, "option '--" + std::string(name) + "' needs a value"};
      value = args[++i];
    } else if (!spec->takes_value && inline_value) {
      return Error{Errc::invalid_argument, "option '--" + std::string(name) + "' takes no value"};
    }
    if (spec->takes_value && value.empty())
      return Error{Errc::invalid_argument, "option '--" + std::string(name) + "' needs a non-empty value"};
    out.options.emplace_back(name, value);
  }
  return out;
}

}  // namespace tw::cli
