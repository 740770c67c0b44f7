// The CLI's option parser: every way a command line can be wrong.
#include "tw_catch.hpp"

#include <string_view>
#include <vector>

#include "args.hpp"

namespace {

constexpr tw::cli::OptionSpec kSpecs[] = {{"policy", true}, {"out", true}, {"quiet", false}};

tw::Result<tw::cli::Args> parse(std::vector<std::string_view> v) { return tw::cli::parse_args(v, kSpecs); }

std::string error_of(std::vector<std::string_view> v) {
  auto r = parse(std::move(v));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == tw::Errc::invalid_argument);
  return r.error().message;
}

}  // namespace

TEST_CASE("options with separate and inline values, flags and positionals", "[cli][args]") {
  auto r = parse({"a.toml", "--policy", "p.toml", "--out=o.jsonl", "--quiet", "--", "--not-an-option"});
  REQUIRE(r.ok());
  CHECK(r->value("policy") == "p.toml");
  CHECK(r->value("out") == "o.jsonl");
  CHECK(r->has("quiet"));
  CHECK(r->value("quiet").empty());
  CHECK_FALSE(r->has("missing"));
  REQUIRE(r->positional.size() == 2);
  CHECK(r->positional[0] == "a.toml");
  CHECK(r->positional[1] == "--not-an-option");
  CHECK(parse({"-"}).ok());  // "-" is an ordinary argument (stdin by convention)
}

TEST_CASE("bad command lines are named precisely", "[cli][args]") {
  CHECK(error_of({"--nope"}) == "unknown option '--nope'");
  CHECK(error_of({"-x"}) == "unknown option '-x'");
  CHECK(error_of({"--policy"}) == "option '--policy' needs a value");
  CHECK(error_of({"--policy", "--out", "x"}) == "option '--policy' needs a value");
  CHECK(error_of({"--policy="}) == "option '--policy' needs a non-empty value");
  CHECK(error_of({"--policy", "a", "--policy", "b"}) == "option '--policy' given twice");
  CHECK(error_of({"--quiet=yes"}) == "option '--quiet' takes no value");
}
