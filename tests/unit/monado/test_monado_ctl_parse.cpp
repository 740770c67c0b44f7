// platform/monado: monado-ctl's client list as Monado 25.0.0 prints it
// (tests/data/monado_ctl, captured in the e2e root), and output it must not
// misread: every odd line is a parse error naming the line, never a crash
// and never a client read wrongly. The runner: real programs, bounded.
#include "tw_catch.hpp"

#include <fstream>
#include <sstream>
#include <string>

#include "monado/command_runner.hpp"
#include "monado/monado_ctl.hpp"
#include "monado/monado_ctl_parse.hpp"

namespace {

std::string sample(const char* name) {
  std::ifstream in(std::string(TW_SOURCE_DIR) + "/tests/data/monado_ctl/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("monado-ctl list: two hello_xr and monado-ctl itself, as captured") {
  const std::string text = sample("two_hello_xr.txt");
  REQUIRE_FALSE(text.empty());
  auto r = tw::parse_monado_ctl_clients(text);
  REQUIRE(r);
  const auto& c = r.value();
  REQUIRE(c.size() == 3);
  CHECK(c[0].id == 1);
  CHECK(c[0].name == "HelloXR");
  CHECK(c[0].pid == 42);
  CHECK(c[0].active);
  CHECK_FALSE(c[0].displayed);
  CHECK_FALSE(c[0].focused);
  CHECK(c[0].io);
  CHECK_FALSE(c[0].overlay);
  CHECK_FALSE(c[0].primary());
  CHECK(c[1].id == 3);
  CHECK(c[1].pid == 58);
  CHECK(c[1].primary());
  CHECK(c[1].focused);
  CHECK(c[2].name == "monado-ctl");
  CHECK_FALSE(c[2].active);
  CHECK_FALSE(c[2].primary());
}

TEST_CASE("monado-ctl list: input toggled off and an empty runtime, as captured") {
  auto off = tw::parse_monado_ctl_clients(sample("input_off.txt"));
  REQUIRE(off);
  REQUIRE(off->size() == 3);
  CHECK_FALSE(off->at(0).io);
  CHECK(off->at(1).io);
  auto none = tw::parse_monado_ctl_clients(sample("no_app.txt"));
  REQUIRE(none);
  REQUIRE(none->size() == 1);
  CHECK(none->at(0).name == "monado-ctl");
}

TEST_CASE("monado-ctl list: names with spaces or field-like text, fields in another order, unknown keys, CRLF") {
  const std::string text =
      "Clients:\r\n"
      "\tid: 7\tact: 1\tdisp: 1\tfoc: 1\tio: 1\tovly: 1\tz: 2\tpid: 900\tMy App: 2\r\n"
      "\tpid: 5\tz: 0\tnew: 4\tovly: 0\tio: 0\tfoc: 0\tdisp: 0\tact: 1\tid: 8\tTab\tName\n"
      "\tid: 9\tact: 1\tdisp: 0\tfoc: 0\tio: 1\tovly: 0\tz: 0\tpid: 6\n"
      "\n"
      "Devices:\n\tid: 0\tname: 1\t\"Qwerty HMD\"\n";
  auto r = tw::parse_monado_ctl_clients(text);
  REQUIRE(r);
  REQUIRE(r->size() == 3);
  CHECK(r->at(0).name == "My App: 2");
  CHECK(r->at(0).overlay);
  CHECK(r->at(0).z_order == 2);
  CHECK_FALSE(r->at(0).primary());  // an overlay is never the primary app
  CHECK(r->at(1).id == 8);
  CHECK(r->at(1).pid == 5);
  CHECK(r->at(1).name == "Tab\tName");
  CHECK(r->at(2).name.empty());
}

TEST_CASE("monado-ctl list: odd output is an error naming the line") {
  struct Case {
    const char* text;
    const char* says;
  };
  const Case cases[] = {
      {"", "no 'Clients:'"},
      {"Failed to connect to monado-service.\n", "no 'Clients:'"},
      {"Clients:\n\tid: 1\tact: 1\tdisp: 1\n", "line 2"},
      {"Clients:\n\tid: x\tact: 1\tdisp: 1\tfoc: 1\tio: 1\tovly: 0\tz: 0\tpid: 4\tA\n", "lacks"},
      {"Clients:\n\tid: 99999999999\tact: 1\tdisp: 1\tfoc: 1\tio: 1\tovly: 0\tz: 0\tpid: 4\tA\n", "lacks"},
      {"Clients:\n\tid: -1\tact: 1\tdisp: 1\tfoc: 1\tio: 1\tovly: 0\tz: 0\tpid: 4\tA\n", "negative"},
      {"Clients:\n\tid: 1\tact: 1\tdisp: 1\tfoc: 1\tio: 1\tovly: 0\tz: 0\tpid:4\tA\n", "lacks"},
      {"Clients:\n\t\n", "line 2"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    auto r = tw::parse_monado_ctl_clients(c.text);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == tw::Errc::parse);
    CHECK(r.error().message.find(c.says) != std::string::npos);
  }
  // A section that ends at once is an empty list, not an error.
  auto empty = tw::parse_monado_ctl_clients("Clients:\n\nDevices:\n");
  REQUIRE(empty);
  CHECK(empty->empty());
}

TEST_CASE("monado-ctl list: every prefix and every byte flip of the sample parses or errs, never crashes") {
  const std::string text = sample("two_hello_xr.txt");
  size_t ok = 0, errors = 0;
  for (size_t n = 0; n <= text.size(); ++n) (tw::parse_monado_ctl_clients(text.substr(0, n)) ? ok : errors)++;
  for (size_t i = 0; i < text.size(); ++i)
    for (const char ch : {'\0', '\t', '\n', ':', '-', '9', 'x', '\xff'}) {
      std::string t = text;
      t[i] = ch;
      auto r = tw::parse_monado_ctl_clients(t);
      (r ? ok : errors)++;
      if (r)
        for (const tw::RuntimeClient& c : r.value()) CHECK(c.id >= 0);
    }
  CHECK(ok > 0);
  CHECK(errors > 0);
}

TEST_CASE("run_command: output and status of a real program, a missing one, a slow one") {
  auto echo = tw::run_command({"sh", "-c", "printf 'out\\n'; printf 'err\\n' >&2; exit 3"});
  REQUIRE(echo);
  CHECK(echo->exit_code == 3);
  CHECK(echo->output.find("out\n") != std::string::npos);
  CHECK(echo->output.find("err\n") != std::string::npos);
  auto missing = tw::run_command({"/nonexistent/monado-ctl"});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == tw::Errc::not_found);
  auto slow = tw::run_command({"sleep", "5"}, {.timeout_ms = 100});
  REQUIRE_FALSE(slow);
  CHECK(slow.error().message.find("did not finish within 100 ms") != std::string::npos);
  auto big = tw::run_command({"head", "-c", "100000", "/dev/zero"}, {.max_bytes = 1000});
  REQUIRE(big);
  CHECK(big->output.size() == 1000);
  CHECK_FALSE(tw::run_command({}));
}

TEST_CASE("MonadoCtl without a runtime: a clear error, nothing thrown") {
  tw::MonadoCtl missing({.program = "/nonexistent/monado-ctl"});
  auto list = missing.clients();
  REQUIRE_FALSE(list);
  CHECK(list.error().code == tw::Errc::not_found);
  CHECK_FALSE(missing.set_input(1, false));
  CHECK_FALSE(missing.make_primary(1));
  // A program that exits non-zero: its status and output are in the error.
  tw::MonadoCtl failing({.program = "false"});
  auto st = failing.make_primary(4);
  REQUIRE_FALSE(st);
  CHECK(st.error().message.find("false -p 4 exited with status 1") != std::string::npos);
}
