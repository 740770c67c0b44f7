// The nesting pre-scan: depth is counted the way the docs say, and text in
// strings and comments does not count.
#include <string>

#include "core/policy/policy_loader.hpp"
#include "core/policy/policy_prescan.hpp"
#include "tw_catch.hpp"

namespace {

std::string nested_array(int depth) {
  return "x = " + std::string(static_cast<std::size_t>(depth), '[') + "1" +
         std::string(static_cast<std::size_t>(depth), ']') + "\n";
}

bool too_deep(const std::string& text) {
  const auto e = tw::prescan_policy_text(text, "p.toml");
  return e && e->code == tw::Errc::too_deep;
}

}  // namespace

TEST_CASE("arrays up to the depth limit pass, one more is refused", "[policy][limits]") {
  CHECK_FALSE(too_deep(nested_array(16)));
  CHECK(too_deep(nested_array(17)));
  const auto e = tw::prescan_policy_text("schema = 1\n" + nested_array(17), "p.toml");
  REQUIRE(e);
  CHECK(tw::to_string(*e) == "p.toml:2:21: nested deeper than 16 levels");
}

TEST_CASE("headers, dotted keys and inline tables add depth", "[policy][limits]") {
  // [a.b.c] opens 3 levels; a dotted key 2 more; 12 brackets = 17.
  CHECK(too_deep("[a.b.c]\nd.e.f = " + std::string(12, '[') + std::string(12, ']') + "\n"));
  CHECK_FALSE(too_deep("[a.b.c]\nd.e.f = " + std::string(11, '[') + std::string(11, ']') + "\n"));
  // [[arr]] counts the array and its element.
  CHECK(too_deep("[[a.b.c.d.e.f.g.h]]\nx = [[[[[[[[1]]]]]]]]\n"));
  CHECK_FALSE(too_deep("[[a.b.c.d.e.f.g]]\nx = [[[[[[[[1]]]]]]]]\n"));
  // Dotted keys inside inline tables.
  CHECK(too_deep("x = {a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q = 1}\n"));
  CHECK_FALSE(too_deep("x = {a.b.c.d.e.f.g.h.i.j.k.l.m.n.o = 1}\n"));
  CHECK(too_deep("a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r = 1\n"));
  CHECK(too_deep("[a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q]\n"));
}

TEST_CASE("brackets in strings, quoted keys and comments do not count", "[policy][limits]") {
  const std::string deep(40, '[');
  CHECK_FALSE(too_deep("x = \"" + deep + "\"\n"));
  CHECK_FALSE(too_deep("x = '" + deep + "'\n"));
  CHECK_FALSE(too_deep("x = \"\"\"\n" + deep + "\n\"\"\"\n"));
  CHECK_FALSE(too_deep("x = '''" + deep + "'''\n"));
  CHECK_FALSE(too_deep("x = \"\\\"" + deep + "\"\n"));
  CHECK_FALSE(too_deep("# " + deep + "\nx = 1\n"));
  CHECK_FALSE(too_deep("x = [1, # " + deep + "\n 2]\n"));
  CHECK_FALSE(too_deep("\"a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r\" = 1\n"));
}

TEST_CASE("the bundled deep file is refused with too_deep before parsing", "[policy][limits]") {
  const tw::PolicyLoadResult r = tw::load_policy_file(
      std::string(TW_SOURCE_DIR) + "/tests/data/policies/bad/deeply_nested.toml");
  REQUIRE(r.errors().size() == 1);
  CHECK(r.errors()[0].code == tw::Errc::too_deep);
  CHECK(r.error().code == tw::Errc::too_deep);
}
