// args.hpp: the small command-line parser every `timewall` command uses.
//
// What it does: splits argv into positional arguments and `--name value` /
// `--name=value` options against a list of the options a command accepts,
// and says exactly what is wrong otherwise (unknown option, missing value,
// option given twice).
// What it does not do: print or exit; commands turn errors into usage text
// and exit code 2.
//
//   const tw::cli::OptionSpec specs[] = {{"out", true}, {"verbose", false}};
//   auto a = tw::cli::parse_args(args, specs);
//   if (!a) { usage_error(a.error().message); }
//   std::string_view out = a->value("out");   // "" when absent
#pragma once

#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace tw::cli {

struct OptionSpec {
  std::string_view name;  // without the leading "--"
  bool takes_value = true;
};

struct Args {
  std::vector<std::string_view> positional;
  std::vector<std::pair<std::string_view, std::string_view>> options;

  bool has(std::string_view name) const;
  std::string_view value(std::string_view name) const;  // "" when absent
};

// `args` excludes the program and command names. A lone "--" ends options.
Result<Args> parse_args(std::span<const std::string_view> args, std::span<const OptionSpec> specs);

}  // namespace tw::cli
